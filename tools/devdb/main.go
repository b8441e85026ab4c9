// Command devdb runs FerretDB, a MongoDB-compatible server, embedded with its
// SQLite backend, so that development and tests talk to a real database over
// the MongoDB wire protocol without installing MongoDB.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	port := flag.Int("port", 27017, "TCP port to listen on, on 127.0.0.1 (0 picks a free one)")
	dataDir := flag.String("data", ".devdb", "directory that holds the SQLite files")
	logLevel := flag.String("log-level", "error", "FerretDB log level: debug, info, warn or error")
	flag.Parse()

	if err := run(*port, *dataDir, *logLevel); err != nil {
		fmt.Fprintln(os.Stderr, "devdb:", err)
		os.Exit(1)
	}
}

func run(port int, dataDir, logLevel string) error {
	if port < 0 || port > 65535 {
		return fmt.Errorf("-port %d is not a TCP port", port)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("-log-level: %w", err)
	}

	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// FerretDB listens on a private port; clients reach it through the write gate.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// MongoDBURI waits until FerretDB's listener is bound.
	internal, err := url.Parse(f.MongoDBURI())
	if err != nil {
		return err
	}

	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		stop()
		<-done
		return err
	}
	indexes := newIDIndexes(abs, logger)
	if err := indexes.ensureAll(); err != nil {
		logger.Warn("could not index _id lookups of the databases already there", "error", err)
	}
	g := &gate{backend: internal.Host, logger: logger, indexes: indexes}
	served := make(chan struct{})
	go func() {
		g.serve(ctx, l)
		close(served)
	}()

	fmt.Printf("devdb listening on mongodb://%s/\n", l.Addr().String())

	err = <-done
	<-served
	return err
}
