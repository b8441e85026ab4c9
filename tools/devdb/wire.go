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
	if m.opCode() != opMsg {
		return "", nil
	}
	body := m.raw[headerLen+4:]
	for len(body) > 0 {
		kind := body[0]
		body = body[1:]
		if kind == 0 {
			// int32 document length, then the first element: type byte and a C string key.
			if len(body) < 5 {
				return "", errors.New("short OP_MSG body")
			}
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
		// kind 1: a document sequence, int32 size (including itself), skip it.
		if len(body) < 4 {
			return "", errors.New("short document sequence")
		}
		size := int(binary.LittleEndian.Uint32(body[0:4]))
		if size < 4 || size > len(body) {
			return "", errors.New("document sequence out of bounds")
		}
		body = body[size:]
	}
	return "", errors.New("OP_MSG without a body section")
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
