package main

import (
	"database/sql"
	"encoding/binary"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func stringElement(key, value string) bsonElement {
	e := binary.LittleEndian.AppendUint32(bsonKey(0x02, key), uint32(len(value)+1))
	return append(append(e, value...), 0)
}

func documentElement(key string, elements ...bsonElement) bsonElement {
	return append(bsonKey(0x03, key), bsonDocument(elements...)...)
}

// opMsgWithBody is an OP_MSG whose body section is the given document, after a document sequence.
func opMsgWithBody(doc []byte) message {
	payload := binary.LittleEndian.AppendUint32(nil, 0) // flagBits
	payload = append(payload, 1)                        // a kind-1 section: size, identifier, one empty document
	ident := "documents\x00"
	empty := bsonDocument()
	payload = binary.LittleEndian.AppendUint32(payload, uint32(4+len(ident)+len(empty)))
	payload = append(append(payload, ident...), empty...)
	payload = append(payload, 0)
	payload = append(payload, doc...)
	raw := binary.LittleEndian.AppendUint32(nil, uint32(headerLen+len(payload)))
	raw = binary.LittleEndian.AppendUint32(raw, 7)
	raw = binary.LittleEndian.AppendUint32(raw, 0)
	raw = binary.LittleEndian.AppendUint32(raw, opMsg)
	return message{raw: append(raw, payload...)}
}

func TestTarget(t *testing.T) {
	cases := []struct {
		name                 string
		doc                  []byte
		database, collection string
	}{
		{
			"insert, $db after nested documents",
			bsonDocument(
				stringElement("insert", "orders"),
				documentElement("writeConcern", bsonInt64("w", 1), stringElement("j", "x")),
				bsonDouble("maxTimeMS", 5),
				stringElement("$db", "chillybin"),
			),
			"chillybin", "orders",
		},
		{
			"dropDatabase names no collection",
			bsonDocument(bsonInt64("dropDatabase", 1), stringElement("$db", "jafflr")),
			"jafflr", "",
		},
		{"no $db", bsonDocument(stringElement("drop", "toasties")), "", "toasties"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			database, collection := opMsgWithBody(c.doc).target()
			if database != c.database || collection != c.collection {
				t.Fatalf("got (%q, %q), want (%q, %q)", database, collection, c.database, c.collection)
			}
		})
	}
}

func TestTargetOfAMalformedBody(t *testing.T) {
	doc := bsonDocument(stringElement("insert", "orders"), stringElement("$db", "chillybin"))
	// A string claiming more bytes than the document has.
	binary.LittleEndian.PutUint32(doc[4+len("insert")+2:], 1000)
	if database, _ := opMsgWithBody(doc).target(); database != "" {
		t.Fatalf("read %q from a malformed document", database)
	}
}

// ferretDBFile makes a SQLite file laid out as FerretDB v1 lays one out: its
// catalogue, and a collection's table with FerretDB's own _id index.
func ferretDBFile(t *testing.T, dir, database string, tables map[string]string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, database+".sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	statements := []string{`CREATE TABLE _ferretdb_collections (name TEXT NOT NULL UNIQUE, table_name TEXT NOT NULL UNIQUE, settings TEXT NOT NULL)`}
	for collection, table := range tables {
		statements = append(statements,
			`INSERT INTO _ferretdb_collections VALUES ('`+collection+`', '`+table+`', '{}')`,
			`CREATE TABLE "`+table+`" (_ferretdb_sjson TEXT NOT NULL)`,
			`CREATE UNIQUE INDEX "`+table+`__id_" ON "`+table+`" (_ferretdb_sjson->"_id")`,
		)
	}
	for _, s := range statements {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

// lookupPlan is SQLite's plan for FerretDB's find by _id.
func lookupPlan(t *testing.T, dir, database, table string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, database+".sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "`+table+`" WHERE _ferretdb_sjson->'$._id' = ?`, `"x"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

func TestIDIndexesMakeLookupsByIDSearches(t *testing.T) {
	dir := t.TempDir()
	ferretDBFile(t, dir, "shop", map[string]string{"orders": "orders_1a2b", "lists": "lists_3c4d"})
	if plan := lookupPlan(t, dir, "shop", "orders_1a2b"); !strings.HasPrefix(plan, "SCAN") {
		t.Fatalf("FerretDB's own index should not serve the lookup (else this fix is moot): %s", plan)
	}

	x := newIDIndexes(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	x.ensure("shop", "orders")

	for _, table := range []string{"orders_1a2b", "lists_3c4d"} {
		if plan := lookupPlan(t, dir, "shop", table); !strings.Contains(plan, "USING INDEX "+table+lookupIndexSuffix) {
			t.Errorf("%s: %s", table, plan)
		}
	}
	if !x.known["shop"]["orders"] || !x.known["shop"]["lists"] {
		t.Errorf("both collections should be recorded as indexed: %v", x.known)
	}
	x.forget("shop")
	if x.known["shop"] != nil {
		t.Errorf("a dropped database's collections should be forgotten: %v", x.known)
	}
}

func TestIDIndexesNeverMakeADatabase(t *testing.T) {
	dir := t.TempDir()
	x := newIDIndexes(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, name := range []string{"nothing-here", "../escape", ""} {
		x.ensure(name, "c")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Fatalf("files appeared: %v", entries)
	}
}

func TestEnsureAllIndexesWhatIsAlreadyThere(t *testing.T) {
	dir := t.TempDir()
	ferretDBFile(t, dir, "a", map[string]string{"x": "x_1"})
	ferretDBFile(t, dir, "b", map[string]string{"y": "y_2"})
	if err := newIDIndexes(dir, slog.New(slog.NewTextHandler(io.Discard, nil))).ensureAll(); err != nil {
		t.Fatal(err)
	}
	for database, table := range map[string]string{"a": "x_1", "b": "y_2"} {
		if plan := lookupPlan(t, dir, database, table); !strings.Contains(plan, "USING INDEX") {
			t.Errorf("%s: %s", database, plan)
		}
	}
}
