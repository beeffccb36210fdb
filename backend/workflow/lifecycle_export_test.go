package workflow

import (
	"net/http"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// NewTestEngine starts an engine on db against the simulators at the
// given addresses, as assessbridge does when it starts again on its file,
// and stops it when the test ends.
func NewTestEngine(t testing.TB, db *sqlite.DB, leverURL, qualifiedURL, qualifiedWebURL string) *Engine {
	t.Helper()
	lc := lever.New(leverURL, "lever-test-key", lever.WithHTTPClient(&http.Client{Timeout: time.Second}), lever.WithLimiter(lever.NewLimiter(1000, 1000)))
	qc := qualified.New(qualifiedURL, qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(&http.Client{Timeout: time.Second}), qualified.WithWebBaseURL(qualifiedWebURL))
	e, err := New(Config{DB: db, Lever: lc, Provider: qc, Logger: QuietLogger(), PollInterval: time.Hour,
		FetchPollInterval: 20 * time.Millisecond, RetryDelay: func(int) time.Duration { return 100 * time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	StartTestEngine(t, e)
	return e
}
