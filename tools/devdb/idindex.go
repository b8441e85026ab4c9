package main

import (
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB v1's SQLite backend keeps each collection in a table of JSON
// documents and gives it a unique index on `_ferretdb_sjson->"_id"`. But it
// finds, updates and deletes a document by `_id` with the expression
// `_ferretdb_sjson->'$._id'`, and SQLite uses an index on an expression only
// for that same expression: every lookup by `_id` scans the whole table, so
// its cost grows with the collection (a find by `_id` in 10,000 documents took
// 32 ms, a delete 63 ms). idIndexes adds, to every collection's table, an
// index on the expression the lookups use; then they are index searches.
//
// The index is devdb's, not FerretDB's: FerretDB's metadata does not list it
// (listIndexes does not show it) and dropping the collection drops it with the
// table. It is created under the write gate, so no FerretDB write runs
// meanwhile; a FerretDB read waits at most for SQLite's busy timeout.
type idIndexes struct {
	dir    string
	logger *slog.Logger

	mu sync.Mutex
	// known holds the collections of each database whose table has the index.
	known map[string]map[string]bool
}

// lookupIndexSuffix names devdb's index: the table's name, then this.
const lookupIndexSuffix = "__id_lookup"

func newIDIndexes(dir string, logger *slog.Logger) *idIndexes {
	return &idIndexes{dir: dir, logger: logger, known: map[string]map[string]bool{}}
}

// ensureAll indexes every collection of every database already in the data
// directory: the ones made before this version of devdb, or before a restart.
func (x *idIndexes) ensureAll() error {
	files, err := filepath.Glob(filepath.Join(x.dir, "*.sqlite"))
	if err != nil {
		return err
	}
	for _, file := range files {
		if err := x.ensureDatabase(strings.TrimSuffix(filepath.Base(file), ".sqlite")); err != nil {
			return err
		}
	}
	return nil
}

// ensure indexes the collection after a write to it, unless it is indexed
// already. Called with the write gate held.
func (x *idIndexes) ensure(database, collection string) {
	if database == "" || collection == "" {
		return
	}
	x.mu.Lock()
	done := x.known[database][collection]
	x.mu.Unlock()
	if done {
		return
	}
	if err := x.ensureDatabase(database); err != nil {
		// Only speed is at stake: the lookups still work, by scanning.
		x.logger.Warn("could not index _id lookups", "database", database, "error", err)
	}
}

// forget is told of a dropped collection or database, whose tables may come
// back without the index. Called with the write gate held.
func (x *idIndexes) forget(database string) {
	x.mu.Lock()
	delete(x.known, database)
	x.mu.Unlock()
}

// ensureDatabase adds the index to every collection table of one database
// that lacks it, and records them all as indexed.
func (x *idIndexes) ensureDatabase(database string) error {
	// A database name never holds a path separator (FerretDB refuses one), but it comes off the wire.
	if strings.ContainsAny(database, `/\`) || database == "." || database == ".." {
		return fmt.Errorf("database name %q is not a file name", database)
	}
	path := filepath.Join(x.dir, database+".sqlite")
	if _, err := os.Stat(path); err != nil {
		return nil // nothing written there after all
	}
	// mode=rw: never create a file that FerretDB has not.
	dsn := (&url.URL{Scheme: "file", Path: path, RawQuery: "mode=rw&_pragma=busy_timeout(10000)"}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	defer db.Close()

	tables, err := collectionTables(db)
	if err != nil {
		return err
	}
	for collection, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+lookupIndexSuffix, table)
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("collection %s: %w", collection, err)
		}
	}

	x.mu.Lock()
	defer x.mu.Unlock()
	indexed := map[string]bool{}
	for collection := range tables {
		indexed[collection] = true
	}
	x.known[database] = indexed
	return nil
}

// collectionTables reads FerretDB's own catalogue: each collection's table, by collection name.
func collectionTables(db *sql.DB) (map[string]string, error) {
	rows, err := db.Query(`SELECT name, table_name FROM _ferretdb_collections`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tables := map[string]string{}
	for rows.Next() {
		var name, table string
		if err := rows.Scan(&name, &table); err != nil {
			return nil, err
		}
		tables[name] = table
	}
	return tables, rows.Err()
}
