package sqlite

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	msqlite "modernc.org/sqlite"
)

// stmtCacheSize is how many prepared statements each connection keeps.
const stmtCacheSize = 128

// openCached opens a pool whose connections keep their prepared statements.
//
// The driver prepares every statement anew on each call: SQLite parses and
// plans the SQL text every time. The profile of a burst of webhooks showed
// that parsing, mostly of River's job insert, took most of the single
// writer's time. A connection of this pool keeps the statements it has
// prepared, by SQL text, and runs them again with new arguments.
func openCached(dsn string) (*sql.DB, error) {
	// The driver registered as "sqlite", with whatever is registered on it.
	probe, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	probe.Close()
	return sql.OpenDB(&cachedConnector{dsn: dsn, drv: drv}), nil
}

type cachedConnector struct {
	dsn string
	drv driver.Driver
}

func (c *cachedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachedConn{Conn: conn, lru: list.New(), byQuery: map[string]*list.Element{}}, nil
}

func (c *cachedConnector) Driver() driver.Driver { return c.drv }

// base is what the driver's connection offers beyond driver.Conn.
type base interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.SessionResetter
	driver.Validator
	driver.Pinger
}

// cachedConn is one connection with its statements. database/sql never uses
// a connection from two goroutines at once, so it needs no lock; a statement
// whose rows are still open is busy, and a second use of the same SQL
// meanwhile prepares a statement of its own, as the driver would.
type cachedConn struct {
	driver.Conn
	lru     *list.List // of *cachedStmt, most recently used first
	byQuery map[string]*list.Element
}

type cachedStmt struct {
	query string
	stmt  driver.Stmt
	busy  bool
	gone  bool // evicted while busy: closed when released
}

func (c *cachedConn) b() base { return c.Conn.(base) }

// get returns the cached statement for query, preparing it if needed; nil
// when the cached one is in use. A statement SQLite cannot prepare is an
// error of the call itself: preparing it again would fail the same way.
func (c *cachedConn) get(ctx context.Context, query string) (*cachedStmt, error) {
	if el, ok := c.byQuery[query]; ok {
		cs := el.Value.(*cachedStmt)
		if cs.busy {
			return nil, nil
		}
		c.lru.MoveToFront(el)
		return cs, nil
	}
	st, err := c.b().PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	cs := &cachedStmt{query: query, stmt: st}
	c.byQuery[query] = c.lru.PushFront(cs)
	for c.lru.Len() > stmtCacheSize {
		el := c.lru.Back()
		old := el.Value.(*cachedStmt)
		c.lru.Remove(el)
		delete(c.byQuery, old.query)
		if old.busy {
			old.gone = true
		} else {
			old.stmt.Close()
		}
	}
	return cs, nil
}

func (c *cachedConn) release(cs *cachedStmt) {
	cs.busy = false
	if cs.gone {
		cs.stmt.Close()
	}
}

// forget drops a statement after a failure, so that a statement in an
// unknown state is never used again.
func (c *cachedConn) forget(cs *cachedStmt) {
	if el, ok := c.byQuery[cs.query]; ok && el.Value == cs {
		c.lru.Remove(el)
		delete(c.byQuery, cs.query)
	}
	cs.busy = false
	cs.stmt.Close()
}

// after hands a statement back once a run of it ended with err: kept when
// it succeeded or SQLite refused it, dropped otherwise.
func (c *cachedConn) after(cs *cachedStmt, err error) {
	if err != nil && !isSQLiteError(err) {
		c.forget(cs)
	} else {
		c.release(cs)
	}
}

func (c *cachedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.get(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.b().ExecContext(ctx, query, args)
	}
	cs.busy = true
	res, err := cs.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	c.after(cs, err)
	return res, err
}

func (c *cachedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.get(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.b().QueryContext(ctx, query, args)
	}
	cs.busy = true
	rows, err := cs.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		c.after(cs, err)
		return nil, err
	}
	return &cachedRows{rowsWithTypes: rows.(rowsWithTypes), release: func() { c.release(cs) }}, nil
}

// isSQLiteError tells an error SQLite reported (a constraint, a busy
// database: the statement is reset and can run again) from one of the
// caller's context, after which the statement is not trusted again.
func isSQLiteError(err error) bool {
	var se *msqlite.Error
	return errors.As(err, &se)
}

func (c *cachedConn) Close() error {
	for el := c.lru.Front(); el != nil; el = el.Next() {
		el.Value.(*cachedStmt).stmt.Close()
	}
	c.lru.Init()
	clear(c.byQuery)
	return c.Conn.Close()
}

func (c *cachedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.b().BeginTx(ctx, opts)
}

func (c *cachedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.b().PrepareContext(ctx, query)
}

func (c *cachedConn) ResetSession(ctx context.Context) error { return c.b().ResetSession(ctx) }
func (c *cachedConn) IsValid() bool                          { return c.b().IsValid() }
func (c *cachedConn) Ping(ctx context.Context) error         { return c.b().Ping(ctx) }

// rowsWithTypes is what the driver's rows offer.
type rowsWithTypes interface {
	driver.Rows
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

// cachedRows hands its statement back when closed.
type cachedRows struct {
	rowsWithTypes
	release func()
}

func (r *cachedRows) Close() error {
	err := r.rowsWithTypes.Close()
	if r.release != nil {
		r.release()
		r.release = nil
	}
	return err
}
