// Package sqlite is the embedded storage backend: one file, WAL mode, one
// writer connection and a pool of readers. It needs no server, so a fresh
// checkout runs with nothing else installed.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the SQLite backend of every domain storage interface.
type Store struct {
	w, r    *sql.DB // w has exactly one connection: SQLite allows one writer at a time
	ckpt    *checkpointer
	queries map[string]string
	hot     map[string]*sql.Stmt // read queries compiled once, for the request paths
}

// hotQueries are prepared on the read pool at Open: compiling SQL costs
// more than running these, and they run on every check.
var hotQueries = []string{"listing-by-hash", "listings-by-prefix", "alert-by-slug"}

// Open opens (creating if needed) the database file at path and migrates it.
func Open(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create directory for %s: %w", path, err)
		}
	}
	// synchronous=NORMAL in WAL mode loses nothing when the process dies: a
	// committed transaction is in the WAL file before COMMIT returns.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_txlock=immediate"
	// The writer gets a large page cache: an import writes to random places of
	// the hash index, and with SQLite's default 2 MB nearly every insert read a
	// page back from the file.
	w, err := sql.Open("sqlite", dsn+fmt.Sprintf("&_pragma=cache_size(-65536)&_pragma=wal_autocheckpoint(%d)", walCeiling))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(ON)&_pragma=cache_size(-16384)&_pragma=mmap_size(1073741824)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)*2))
	r.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)*2))
	r.SetConnMaxIdleTime(5 * time.Minute)
	c, err := sql.Open("sqlite", dsn)
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{w: w, r: r, ckpt: newCheckpointer(c, 250*time.Millisecond)}
	if s.queries, err = loadQueries(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	s.hot = map[string]*sql.Stmt{}
	for _, name := range hotQueries {
		st, err := s.r.PrepareContext(ctx, s.q(name))
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("prepare %s: %w", name, err)
		}
		s.hot[name] = st
	}
	return s, nil
}

// Close closes the connection pools, the writer last: closing the last
// connection checkpoints the whole log and removes it.
func (s *Store) Close() error {
	for _, st := range s.hot {
		st.Close()
	}
	return errors.Join(s.ckpt.Close(), s.r.Close(), s.w.Close())
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// migrate applies the embedded migrations not yet recorded, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		var version int
		if _, err := fmt.Sscanf(filepath.Base(name), "%04d_", &version); err != nil {
			return fmt.Errorf("migration %s: name must start with a 4-digit number", name)
		}
		if err := s.applyMigration(ctx, name, version); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, name string, version int) error {
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", version).Scan(&n); err != nil || n > 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", version, time.Now().Unix())
		return err
	})
}

// tx runs fn in a write transaction, committing if it returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	s.ckpt.written()
	return nil
}

// q returns a named query from queries.sql.
func (s *Store) q(name string) string {
	q, ok := s.queries[name]
	if !ok {
		// Every name used in this package is checked by TestQueriesExist.
		panic("sqlite: no query named " + name)
	}
	return q
}

func isUnique(err error) bool {
	var e *sqlite3.Error
	return errors.As(err, &e) && (e.Code() == sqlite3lib.SQLITE_CONSTRAINT_UNIQUE)
}

func nullTime(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}

func fromNull(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := time.Unix(0, n.Int64).UTC()
	return &t
}
