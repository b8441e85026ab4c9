package main

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
	"time"
)

// opMsgBytes builds an OP_MSG with the given flags and a body document whose first key is cmd.
func opMsgBytes(flags uint32, cmd string, sequence bool) []byte {
	var doc bytes.Buffer
	doc.WriteByte(0x10) // int32 element
	doc.WriteString(cmd)
	doc.WriteByte(0)
	binary.Write(&doc, binary.LittleEndian, int32(1))
	doc.WriteByte(0)
	body := append(binary.LittleEndian.AppendUint32(nil, uint32(doc.Len()+4)), doc.Bytes()...)

	var payload bytes.Buffer
	binary.Write(&payload, binary.LittleEndian, flags)
	if sequence {
		// A kind-1 section before the body: size, identifier, no documents.
		payload.WriteByte(1)
		ident := "documents\x00"
		binary.Write(&payload, binary.LittleEndian, uint32(4+len(ident)))
		payload.WriteString(ident)
	}
	payload.WriteByte(0)
	payload.Write(body)

	var msg bytes.Buffer
	binary.Write(&msg, binary.LittleEndian, int32(headerLen+payload.Len()))
	binary.Write(&msg, binary.LittleEndian, int32(7))
	binary.Write(&msg, binary.LittleEndian, int32(0))
	binary.Write(&msg, binary.LittleEndian, int32(opMsg))
	msg.Write(payload.Bytes())
	return msg.Bytes()
}

func TestCommandName(t *testing.T) {
	cases := []struct {
		name       string
		raw        []byte
		command    string
		moreToCome bool
		write      bool
	}{
		{"findAndModify", opMsgBytes(0, "findAndModify", false), "findAndModify", false, true},
		{"update after a document sequence", opMsgBytes(0, "update", true), "update", false, true},
		{"find", opMsgBytes(0, "find", false), "find", false, false},
		{"insert with moreToCome", opMsgBytes(flagMoreToCome, "insert", false), "insert", true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := readMessage(bytes.NewReader(c.raw))
			if err != nil {
				t.Fatal(err)
			}
			cmd, err := m.command()
			if err != nil {
				t.Fatal(err)
			}
			if cmd != c.command || m.moreToCome() != c.moreToCome || writeCommands[cmd] != c.write {
				t.Fatalf("got %q moreToCome=%v write=%v", cmd, m.moreToCome(), writeCommands[cmd])
			}
		})
	}
}

func TestReadMessageRejectsAbsurdSizes(t *testing.T) {
	raw := binary.LittleEndian.AppendUint32(nil, uint32(maxMessageSize+1))
	raw = append(raw, make([]byte, 12)...)
	if _, err := readMessage(bytes.NewReader(raw)); err == nil {
		t.Fatal("expected an error for an oversized message")
	}
}

func TestStatsReply(t *testing.T) {
	var stats gateStats
	start := time.Unix(0, 0)
	stats.record(start, start.Add(3*time.Millisecond), start.Add(5*time.Millisecond))
	stats.record(start, start, start.Add(time.Millisecond))

	req, err := readMessage(bytes.NewReader(opMsgBytes(0, statsCommand, false)))
	if err != nil {
		t.Fatal(err)
	}
	reply, err := readMessage(bytes.NewReader(stats.reply(req)))
	if err != nil {
		t.Fatalf("the reply is not a wire message: %v", err)
	}
	if got := int32(binary.LittleEndian.Uint32(reply.raw[8:12])); got != req.requestID() {
		t.Errorf("responseTo = %d, want the request's id %d", got, req.requestID())
	}
	if reply.opCode() != opMsg || reply.moreToCome() {
		t.Errorf("want a final OP_MSG, got opCode %d moreToCome %v", reply.opCode(), reply.moreToCome())
	}

	// The body: flagBits, kind 0, then the document, whose declared size is what is left.
	doc := reply.raw[headerLen+5:]
	if size := int(binary.LittleEndian.Uint32(doc[0:4])); size != len(doc) || doc[len(doc)-1] != 0 {
		t.Fatalf("document declares %d bytes, has %d", size, len(doc))
	}
	fields := map[string]uint64{}
	for rest := doc[4 : len(doc)-1]; len(rest) > 0; {
		end := bytes.IndexByte(rest[1:], 0) + 1
		fields[string(rest[1:end])] = binary.LittleEndian.Uint64(rest[end+1 : end+9])
		rest = rest[end+9:]
	}
	want := map[string]uint64{
		"ok":          math.Float64bits(1),
		"writes":      2,
		"heldNanos":   uint64(3 * time.Millisecond),
		"queuedNanos": uint64(3 * time.Millisecond),
	}
	for key, value := range want {
		if fields[key] != value {
			t.Errorf("%s = %d, want %d", key, fields[key], value)
		}
	}
}
