// Command devdb runs FerretDB 1.24 (MongoDB wire protocol) on SQLite, embedded as a library.
//
// Why a program of our own: a plain `go install` of FerretDB's CLI panics at start-up because
// its version check only passes when FerretDB itself is the main module. Importing the
// embeddable `ferretdb` package sidesteps that and gives the project a MongoDB-compatible
// development and test database on machines that cannot download mongod.
//
// Usage: devdb -listen 127.0.0.1:27018 -dir .data/db [-watch-stdin] [-memory-limit-mib 512]
// It prints "ready <mongodb-uri>" on stdout once it accepts connections and stops on SIGINT/SIGTERM,
// and with -watch-stdin also when its stdin reaches end of file.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on (loopback only)")
	dir := flag.String("dir", ".data/db", "folder for the SQLite files")
	pgURL := flag.String("postgresql", "", "use the PostgreSQL handler with this URL instead of SQLite")
	logLevel := flag.String("log-level", "error", "FerretDB log level: debug, info, warn or error")
	watchStdin := flag.Bool("watch-stdin", false, "stop when stdin reaches end of file (the parent holds the other end)")
	memLimit := flag.Int64("memory-limit-mib", 512, "Go soft memory limit in MiB (0: none); GOMEMLIMIT, when set, wins")
	flag.Parse()

	// FerretDB's SQLite handler materialises whole collections for most queries: a 250,000-note
	// export peaked at ~1 GB and 1,000,000 notes at 3.9 GB without a limit. A soft limit makes
	// the collector work harder near it instead of letting the heap grow to twice the live set.
	if *memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(*memLimit << 20)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level: %v", err)
	}
	// FerretDB logs every connection at INFO and every unsupported command at WARN; the
	// driver probes a few (endSessions) on purpose, so the default keeps only real errors.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	absDir, err := filepath.Abs(*dir)
	if err != nil {
		fail("bad -dir: %v", err)
	}
	if err := os.MkdirAll(absDir, 0o755); err != nil {
		fail("cannot create %s: %v", absDir, err)
	}

	cfg := &ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + absDir + "/",
	}
	if *pgURL != "" {
		cfg.Handler, cfg.PostgreSQLURL, cfg.SQLiteURL = "postgresql", *pgURL, ""
	}
	f, err := ferretdb.New(cfg)
	if err != nil {
		fail("cannot configure FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if *watchStdin {
		// The parent never writes or closes this pipe; the kernel closes it when the parent dies
		// (even on SIGKILL), so the database cannot outlive the app and keep the data folder.
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// Run has no "ready" callback; poll the port so callers can wait on one line of output.
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", *listen, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			break
		}
		select {
		case err := <-done:
			fail("FerretDB stopped before it was ready: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			fail("FerretDB did not listen on %s within 30s", *listen)
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Printf("ready %s\n", f.MongoDBURI())

	if err := <-done; err != nil && ctx.Err() == nil {
		fail("FerretDB stopped: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "devdb: "+format+"\n", args...)
	os.Exit(1)
}
