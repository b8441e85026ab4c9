package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// The parts of the MongoDB wire protocol the write gate needs: framing, the
// moreToCome flag, and the command name of an OP_MSG.
// See https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/.

const (
	opMsg          = 2013
	headerLen      = 16
	maxMessageSize = 48 * 1024 * 1024
	flagMoreToCome = 1 << 1
)

type message struct {
	raw []byte // the whole message, header included
}

func readMessage(r io.Reader) (message, error) {
	var header [headerLen]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return message{}, err
	}
	size := int(binary.LittleEndian.Uint32(header[0:4]))
	if size < headerLen || size > maxMessageSize {
		return message{}, fmt.Errorf("wire message of %d bytes is out of bounds", size)
	}
	raw := make([]byte, size)
	copy(raw, header[:])
	if _, err := io.ReadFull(r, raw[headerLen:]); err != nil {
		return message{}, err
	}
	return message{raw: raw}, nil
}

func (m message) requestID() int32 {
	return int32(binary.LittleEndian.Uint32(m.raw[4:8]))
}

func (m message) opCode() int32 {
	return int32(binary.LittleEndian.Uint32(m.raw[12:16]))
}

// moreToCome is set on a request that expects no reply, and on a reply that
// another reply follows.
func (m message) moreToCome() bool {
	return m.opCode() == opMsg && len(m.raw) >= headerLen+4 &&
		binary.LittleEndian.Uint32(m.raw[headerLen:headerLen+4])&flagMoreToCome != 0
}

// command is the first key of an OP_MSG's body section, which names the command.
func (m message) command() (string, error) {
	body, err := m.body()
	if err != nil || body == nil {
		return "", err
	}
	// int32 document length, then the first element: type byte and a C string key.
	element := body[4:]
	if len(element) < 2 || element[0] == 0 {
		return "", errors.New("empty OP_MSG command document")
	}
	end := bytes.IndexByte(element[1:], 0)
	if end < 0 {
		return "", errors.New("unterminated command name")
	}
	return string(element[1 : 1+end]), nil
}

// target is what a command acts on: its database ($db) and, for a command
// whose first value is a string (insert, update, delete, findAndModify,
// drop), the collection. Empty where the message does not say.
func (m message) target() (database, collection string) {
	body, err := m.body()
	if err != nil || body == nil {
		return "", ""
	}
	first := true
	_ = bsonElements(body, func(kind byte, key string, value []byte) {
		if first && kind == 0x02 {
			collection = bsonString(value)
		}
		first = false
		if key == "$db" && kind == 0x02 {
			database = bsonString(value)
		}
	})
	return database, collection
}

// body is the document of an OP_MSG's body (kind 0) section; nil for another opcode.
func (m message) body() ([]byte, error) {
	if m.opCode() != opMsg {
		return nil, nil
	}
	sections := m.raw[headerLen+4:]
	for len(sections) > 0 {
		kind := sections[0]
		sections = sections[1:]
		if kind == 0 {
			if len(sections) < 5 {
				return nil, errors.New("short OP_MSG body")
			}
			size := int(binary.LittleEndian.Uint32(sections[0:4]))
			if size < 5 || size > len(sections) {
				return nil, errors.New("OP_MSG body out of bounds")
			}
			return sections[:size], nil
		}
		// kind 1: a document sequence, int32 size (including itself), skip it.
		if len(sections) < 4 {
			return nil, errors.New("short document sequence")
		}
		size := int(binary.LittleEndian.Uint32(sections[0:4]))
		if size < 4 || size > len(sections) {
			return nil, errors.New("document sequence out of bounds")
		}
		sections = sections[size:]
	}
	return nil, errors.New("OP_MSG without a body section")
}

// bsonFixedSizes are the value sizes of the BSON types whose size is fixed.
var bsonFixedSizes = map[byte]int{
	0x01: 8, 0x06: 0, 0x07: 12, 0x08: 1, 0x09: 8, 0x0A: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0xFF: 0, 0x7F: 0,
}

// bsonElements calls fn with each top-level element of a BSON document: its
// type, key and value bytes. See https://bsonspec.org/spec.html.
func bsonElements(doc []byte, fn func(kind byte, key string, value []byte)) error {
	if len(doc) < 5 {
		return errors.New("short BSON document")
	}
	rest := doc[4 : len(doc)-1]
	for len(rest) > 0 {
		kind := rest[0]
		end := bytes.IndexByte(rest[1:], 0)
		if end < 0 {
			return errors.New("unterminated BSON key")
		}
		key := string(rest[1 : 1+end])
		rest = rest[2+end:]
		size, err := bsonValueSize(kind, rest)
		if err != nil {
			return err
		}
		fn(kind, key, rest[:size])
		rest = rest[size:]
	}
	return nil
}

func bsonValueSize(kind byte, value []byte) (int, error) {
	if size, ok := bsonFixedSizes[kind]; ok {
		if size > len(value) {
			return 0, errors.New("BSON value out of bounds")
		}
		return size, nil
	}
	var size int
	switch kind {
	case 0x02, 0x0D, 0x0E: // string, JavaScript code, symbol: int32 length, then the bytes
		if len(value) < 4 {
			return 0, errors.New("short BSON string")
		}
		size = 4 + int(binary.LittleEndian.Uint32(value))
	case 0x03, 0x04, 0x0F: // document, array, code with scope: int32 total size
		if len(value) < 4 {
			return 0, errors.New("short BSON document")
		}
		size = int(binary.LittleEndian.Uint32(value))
	case 0x05: // binary: int32 length, subtype, the bytes
		if len(value) < 5 {
			return 0, errors.New("short BSON binary")
		}
		size = 5 + int(binary.LittleEndian.Uint32(value))
	case 0x0B: // regular expression: two C strings
		first := bytes.IndexByte(value, 0)
		if first < 0 {
			return 0, errors.New("unterminated BSON regex")
		}
		second := bytes.IndexByte(value[first+1:], 0)
		if second < 0 {
			return 0, errors.New("unterminated BSON regex options")
		}
		size = first + second + 2
	case 0x0C: // DBPointer: a string, then 12 bytes
		if len(value) < 4 {
			return 0, errors.New("short BSON DBPointer")
		}
		size = 4 + int(binary.LittleEndian.Uint32(value)) + 12
	default:
		return 0, fmt.Errorf("unknown BSON type 0x%02x", kind)
	}
	if size < 0 || size > len(value) {
		return 0, errors.New("BSON value out of bounds")
	}
	return size, nil
}

// bsonString is a BSON string value's text, without its length and trailing NUL.
func bsonString(value []byte) string {
	if len(value) < 5 {
		return ""
	}
	return string(value[4 : len(value)-1])
}

// opMsgReply is an OP_MSG answering the request with id responseTo, with body doc.
func opMsgReply(responseTo int32, doc []byte) []byte {
	size := headerLen + 4 + 1 + len(doc)
	msg := make([]byte, 0, size)
	msg = binary.LittleEndian.AppendUint32(msg, uint32(size))
	msg = binary.LittleEndian.AppendUint32(msg, 0) // requestID: nothing answers a reply
	msg = binary.LittleEndian.AppendUint32(msg, uint32(responseTo))
	msg = binary.LittleEndian.AppendUint32(msg, opMsg)
	msg = binary.LittleEndian.AppendUint32(msg, 0) // flagBits
	msg = append(msg, 0)                           // a kind-0 section: the body document
	return append(msg, doc...)
}

// A BSON element, ready to go into a document: type byte, C-string key, value.
type bsonElement []byte

func bsonDouble(key string, v float64) bsonElement {
	return binary.LittleEndian.AppendUint64(bsonKey(0x01, key), math.Float64bits(v))
}

func bsonInt64(key string, v int64) bsonElement {
	return binary.LittleEndian.AppendUint64(bsonKey(0x12, key), uint64(v))
}

func bsonKey(kind byte, key string) []byte {
	return append(append([]byte{kind}, key...), 0)
}

func bsonDocument(elements ...bsonElement) []byte {
	size := 4 + 1
	for _, e := range elements {
		size += len(e)
	}
	doc := binary.LittleEndian.AppendUint32(make([]byte, 0, size), uint32(size))
	for _, e := range elements {
		doc = append(doc, e...)
	}
	return append(doc, 0)
}
