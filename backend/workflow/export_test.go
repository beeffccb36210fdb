package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// What this package's tests share, inside it and out (package workflow_test).

// OpenTestDB opens a new database file in the test's temporary folder,
// closed when the test ends.
func OpenTestDB(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "assessbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// QuietLogger drops every line.
func QuietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// BreakWrites makes the database refuse, with an error of its own, every
// write that the trigger's condition picks, as a lock held too long or a
// full disk would; HealWrites lifts it. Test-only SQL: a fault no method of
// the store may offer.
func BreakWrites(t testing.TB, db *sqlite.DB, name, on, when string) {
	t.Helper()
	q := fmt.Sprintf(`CREATE TRIGGER %s BEFORE %s FOR EACH ROW WHEN %s BEGIN SELECT RAISE(ABORT, 'injected fault: the write was refused'); END`, name, on, when)
	if _, err := db.Writer().Exec(q); err != nil {
		t.Fatal(err)
	}
}

// HealWrites lifts the faults BreakWrites made.
func HealWrites(t testing.TB, db *sqlite.DB, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := db.Writer().Exec(`DROP TRIGGER ` + n); err != nil {
			t.Fatal(err)
		}
	}
}

// StartTestEngine starts e, and stops it when the test ends.
func StartTestEngine(t testing.TB, e *Engine) {
	t.Helper()
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		e.Stop(ctx)
	})
}

// newUnreachableEngine is an engine on db whose Lever and Qualified answer
// nothing, for work that asks neither; cfg's other fields are kept.
func newUnreachableEngine(t testing.TB, db *sqlite.DB, cfg Config) *Engine {
	t.Helper()
	cfg.DB, cfg.Logger = db, QuietLogger()
	cfg.Lever, cfg.Provider = lever.New("http://127.0.0.1:1", "key"), unreachable{}
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// unreachable is an assessment platform that never answers.
type unreachable struct{}

var errUnreachable = errors.New("the assessment platform cannot be reached")

func (unreachable) Assessments(context.Context) ([]backend.Assessment, error) {
	return nil, errUnreachable
}
func (unreachable) Invite(context.Context, backend.InviteRequest) (backend.ProviderInvitation, error) {
	return backend.ProviderInvitation{}, errUnreachable
}
func (unreachable) Result(context.Context, string) (backend.Result, error) {
	return backend.Result{}, errUnreachable
}
func (unreachable) ResultsUpdatedSince(context.Context, time.Time) ([]backend.Result, error) {
	return nil, errUnreachable
}
func (unreachable) ResultsByIDs(context.Context, []string) ([]backend.Result, error) {
	return nil, errUnreachable
}
func (unreachable) Cancel(context.Context, string) error { return errUnreachable }
func (unreachable) Resend(context.Context, backend.InviteRequest) (backend.ProviderInvitation, error) {
	return backend.ProviderInvitation{}, errUnreachable
}
func (unreachable) Retry(context.Context, backend.InviteRequest, backend.RetryAction) (backend.ProviderInvitation, error) {
	return backend.ProviderInvitation{}, errUnreachable
}
