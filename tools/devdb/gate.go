package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// FerretDB v1 runs an update as "query, then write by _id" without a
// transaction (FerretDB issue #3040), so two conditional updates that race can
// both match and a $inc can be lost. MongoDB guarantees that a single-document
// write is atomic, and chillybin relies on it for picks. The gate restores that
// guarantee: it sits in front of FerretDB on the wire and lets one write
// command run at a time. Reads pass freely. SQLite allows one writer at a time
// anyway, so the cost is small.
var writeCommands = map[string]bool{
	"insert":        true,
	"update":        true,
	"delete":        true,
	"findAndModify": true,
	"findandmodify": true,
}

// dropCommands take the gate too, so that a collection dropped and made
// again is never recorded as indexed in between (see idIndexes).
var dropCommands = map[string]bool{
	"drop":         true,
	"dropDatabase": true,
}

// statsCommand is answered by the gate itself, never by FerretDB: what the
// write gate has done since devdb started, so a benchmark can tell how busy
// the one-writer-at-a-time gate was (the database's write limit) and how long
// writes queued for it.
const statsCommand = "devdbWriteGate"

type gate struct {
	backend string
	writes  sync.Mutex
	logger  *slog.Logger
	stats   gateStats
	// indexes, if set, is told of each write and drop, with the gate held.
	indexes *idIndexes
}

// gateStats are running totals since devdb started.
type gateStats struct {
	writes      atomic.Int64
	heldNanos   atomic.Int64 // how long writes held the gate
	queuedNanos atomic.Int64 // how long writes waited for it
}

func (s *gateStats) record(asked, got, done time.Time) {
	s.writes.Add(1)
	s.queuedNanos.Add(int64(got.Sub(asked)))
	s.heldNanos.Add(int64(done.Sub(got)))
}

// reply is the answer to statsCommand, as a MongoDB command reply.
func (s *gateStats) reply(req message) []byte {
	return opMsgReply(req.requestID(), bsonDocument(
		bsonDouble("ok", 1),
		bsonInt64("writes", s.writes.Load()),
		bsonInt64("heldNanos", s.heldNanos.Load()),
		bsonInt64("queuedNanos", s.queuedNanos.Load()),
	))
}

func (g *gate) serve(ctx context.Context, l net.Listener) {
	var wg sync.WaitGroup
	defer wg.Wait()

	go func() {
		<-ctx.Done()
		l.Close()
	}()

	var mu sync.Mutex
	conns := map[net.Conn]struct{}{}
	go func() {
		<-ctx.Done()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
	}()

	for {
		client, err := l.Accept()
		if err != nil {
			return
		}
		mu.Lock()
		conns[client] = struct{}{}
		mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				mu.Lock()
				delete(conns, client)
				mu.Unlock()
				client.Close()
			}()
			if err := g.relay(client); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				g.logger.Debug("connection ended", "error", err)
			}
		}()
	}
}

// relay carries one client connection. MongoDB drivers send a request and
// wait for its reply (or replies, for exhaust) before the next, so the
// conversation can be followed message by message.
func (g *gate) relay(client net.Conn) error {
	backend, err := net.Dial("tcp", g.backend)
	if err != nil {
		return err
	}
	defer backend.Close()

	for {
		req, err := readMessage(client)
		if err != nil {
			return err
		}
		cmd, err := req.command()
		if err != nil {
			return err
		}
		if cmd == statsCommand {
			if _, err := client.Write(g.stats.reply(req)); err != nil {
				return err
			}
			continue
		}
		if err := g.exchange(req, cmd, client, backend); err != nil {
			return err
		}
	}
}

func (g *gate) exchange(req message, cmd string, client, backend net.Conn) error {
	if writeCommands[cmd] || dropCommands[cmd] {
		asked := time.Now()
		g.writes.Lock()
		got := time.Now()
		defer func() {
			if writeCommands[cmd] {
				g.stats.record(asked, got, time.Now())
			}
			g.afterWrite(req, cmd)
			g.writes.Unlock()
		}()
	}
	if _, err := backend.Write(req.raw); err != nil {
		return err
	}
	if req.moreToCome() {
		return nil
	}
	for {
		reply, err := readMessage(backend)
		if err != nil {
			return err
		}
		if _, err := client.Write(reply.raw); err != nil {
			return err
		}
		if !reply.moreToCome() {
			return nil
		}
	}
}

// afterWrite keeps devdb's _id lookup indexes: a write may have made a
// collection, and a drop may have removed one. An unacknowledged write may not
// have happened yet; the next acknowledged one sees to it.
func (g *gate) afterWrite(req message, cmd string) {
	if g.indexes == nil || req.moreToCome() {
		return
	}
	database, collection := req.target()
	if dropCommands[cmd] {
		g.indexes.forget(database)
		return
	}
	g.indexes.ensure(database, collection)
}
