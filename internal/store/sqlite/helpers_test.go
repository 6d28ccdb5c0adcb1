package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// queryPlan returns SQLite's plan for a named query, its steps joined by "; ".
func queryPlan(t *testing.T, s *Store, name string, args ...any) string {
	t.Helper()
	rows, err := s.r.Query("EXPLAIN QUERY PLAN "+s.q(name), args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

// olderDatabase creates a database at path with every migration, then runs
// stmts on it (taking a table back to an earlier shape, say), and returns
// it open without the store, for rows to be written as an older Beacon did.
func olderDatabase(t *testing.T, path string, stmts ...string) *sql.DB {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range stmts {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	return db
}

// migrated closes db and opens the store on path, which migrates it.
func migrated(t *testing.T, db *sql.DB, path string) *Store {
	t.Helper()
	db.Close()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
