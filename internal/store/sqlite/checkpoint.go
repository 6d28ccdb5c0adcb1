package sqlite

import (
	"context"
	"database/sql"
	"time"
)

// checkpointer copies the write-ahead log into the database file on a
// connection of its own. Left to SQLite, the writer does it inside the
// commit that crosses wal_autocheckpoint, and during an import of a million
// listings that was a fifth of the single writer's time, spent while every
// other write waited. A PASSIVE checkpoint never blocks the writer or the
// readers; the writer keeps a higher wal_autocheckpoint (walCeiling) as the
// bound on the log.
type checkpointer struct {
	db    *sql.DB
	every time.Duration // at most one checkpoint per interval
	kick  chan struct{}
	stop  chan struct{}
	done  chan struct{}
}

// walCeiling is the writer's own wal_autocheckpoint, in pages (128 MB).
// PASSIVE checkpoints copy the log while the writer keeps appending to it, so
// under a steady stream of writes (an import) they never copy it whole at a
// moment when the writer could start it again: the log grows until the
// writer checkpoints it itself, between two of its transactions, which then
// costs only what the checkpointer had not copied yet. An import of a million
// listings took 16.5–19 s with a log of at most 190 MB at this ceiling; 19.3 s
// (125 MB) at 64 MB, 23 s (96 MB) at 32 MB, and 17 s (304 MB) at 256 MB.
// (journal_size_limit, to cut the file back after, made it 21 s.)
const walCeiling = 32768

func newCheckpointer(db *sql.DB, every time.Duration) *checkpointer {
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, every: every, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

// written tells the checkpointer that a write transaction committed.
func (c *checkpointer) written() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.kick:
		case <-c.stop:
			return
		}
		// A failed checkpoint leaves the log to the next one (or to the
		// writer's ceiling); nothing is lost by it, so it is not reported.
		_, _ = c.db.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
		select {
		case <-time.After(c.every):
		case <-c.stop:
			return
		}
	}
}

// Close stops the checkpointer and closes its connection.
func (c *checkpointer) Close() error {
	close(c.stop)
	<-c.done
	return c.db.Close()
}
