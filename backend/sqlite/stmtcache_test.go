package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func openTestCached(t *testing.T) *sql.DB {
	t.Helper()
	db, err := openCached(dsn(filepath.Join(t.TempDir(), "cache.db"), false))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	return db
}

func cachedConnOf(t *testing.T, db *sql.DB) (n int) {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Raw(func(c any) error {
		n = c.(*cachedConn).lru.Len()
		return nil
	})
	return n
}

// A statement runs again with new arguments, also after SQLite refused a
// run of it, and the cache keeps one statement per SQL text.
func TestCachedStatementsRunAgainAfterAnError(t *testing.T) {
	db := openTestCached(t)
	const ins = `INSERT INTO t (v) VALUES (?)`
	for i := range 50 {
		if _, err := db.Exec(ins, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(ins, "v7"); err == nil {
		t.Fatal("a duplicate was inserted")
	}
	if _, err := db.Exec(ins, "v50"); err != nil {
		t.Fatalf("the statement did not run again after a constraint error: %v", err)
	}
	var n int
	for i := range 51 {
		var v string
		if err := db.QueryRow(`SELECT v FROM t WHERE id = ?`, i+1).Scan(&v); err != nil || v != fmt.Sprint("v", i) {
			t.Fatalf("row %d: %q %v", i+1, v, err)
		}
	}
	if err := db.QueryRow(`SELECT count(*) FROM t`).Scan(&n); err != nil || n != 51 {
		t.Fatalf("count %d %v", n, err)
	}
	// CREATE, INSERT, the failed one is kept too, SELECT v, SELECT count.
	if got := cachedConnOf(t, db); got != 4 {
		t.Fatalf("%d statements cached, want 4", got)
	}
}

// The same SQL run while its rows are still being read gets a statement of
// its own; both read the right rows.
func TestCachedStatementInUseIsNotShared(t *testing.T) {
	db := openTestCached(t)
	for i := range 5 {
		if _, err := db.Exec(`INSERT INTO t (v) VALUES (?)`, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const q = `SELECT id, v FROM t WHERE id >= ? ORDER BY id`
	outer, err := tx.Query(q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for outer.Next() {
		var id int
		var v string
		if err := outer.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		inner, err := tx.Query(q, id)
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for inner.Next() {
			count++
		}
		if err := inner.Close(); err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, fmt.Sprintf("%s:%d", v, count))
	}
	if err := outer.Close(); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(pairs); got != "[v0:5 v1:4 v2:3 v3:2 v4:1]" {
		t.Fatalf("got %s", got)
	}
}

// A query stopped by its context leaves a connection whose statements
// still work.
func TestCachedStatementAfterACancelledQuery(t *testing.T) {
	db := openTestCached(t)
	const slow = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < ?) SELECT count(*) FROM c`
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var n int
	if err := db.QueryRowContext(ctx, slow, 1e9).Scan(&n); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled query: %v", err)
	}
	if err := db.QueryRow(slow, 1000).Scan(&n); err != nil || n != 1000 {
		t.Fatalf("after cancelling: %d %v", n, err)
	}
	// Stopped while running.
	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := db.QueryRowContext(ctx, slow, 1e9).Scan(&n); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("interrupted query: %v", err)
	}
	if err := db.QueryRow(slow, 2000).Scan(&n); err != nil || n != 2000 {
		t.Fatalf("after interrupting: %d %v", n, err)
	}
}

// Past its size, the cache lets the least recently used statements go.
func TestStatementCacheIsBounded(t *testing.T) {
	db := openTestCached(t)
	for i := range stmtCacheSize + 40 {
		var n int
		if err := db.QueryRow(fmt.Sprintf(`SELECT %d`, i)).Scan(&n); err != nil || n != i {
			t.Fatalf("%d: %d %v", i, n, err)
		}
	}
	if got := cachedConnOf(t, db); got != stmtCacheSize {
		t.Fatalf("%d statements cached, want %d", got, stmtCacheSize)
	}
}
