package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// harness runs the real serve wiring (both listeners, the engine, the
// SQLite file) against the Lever and Qualified simulators.
type harness struct {
	t     testing.TB
	lever *levertest.Server
	qual  *qualifiedtest.Server
	app   *App
	cfg   Config
	ids   map[string]string // Qualified assessment ids by title
}

const (
	stageScreen     = "phone-screen"
	stageAssessment = "assessment-stage"
	stageOnsite     = "onsite"
	recruiterID     = "user-recruiter"
)

type harnessOptions struct {
	pollInterval time.Duration
	rate         float64
	burst        int
	// oauth turns on Lever's login in the simulator and the app, and gives
	// the app no API key.
	oauth    bool
	tokenTTL time.Duration
}

func newHarness(t testing.TB, o harnessOptions) *harness {
	t.Helper()
	if o.pollInterval == 0 {
		o.pollInterval = time.Hour
	}
	// Tests never touch a developer's real keychain.
	if tt, ok := t.(interface{ Setenv(string, string) }); ok {
		tt.Setenv("ASSESSBRIDGE_SECRETS", "file")
	}
	h := &harness{t: t, ids: map[string]string{}}
	lo := levertest.Options{RatePerSecond: o.rate, Burst: o.burst}
	if o.oauth {
		lo.OAuth = &levertest.OAuthOptions{AccessTokenTTL: o.tokenTTL}
	}
	h.lever = levertest.New(lo)
	t.Cleanup(h.lever.Close)
	for _, s := range [][2]string{{"lead-new", "New lead"}, {"applicant-new", "New applicant"}, {stageScreen, "Phone screen"},
		{stageAssessment, "Coding assessment"}, {stageOnsite, "On-site"}} {
		h.lever.AddStage(s[0], s[1])
	}
	h.lever.AddUser(recruiterID, "Riley Recruiter", "riley@example.com")
	h.lever.AddPosting(levertest.Posting{ID: "post-backend", Text: "Backend Engineer", Tags: []string{"Remote", "backend challenge "}})
	h.lever.AddPosting(levertest.Posting{ID: "post-design", Text: "Product Designer", Tags: []string{"Design"}})
	h.qual = qualifiedtest.New(qualifiedtest.Options{})
	t.Cleanup(h.qual.Close)
	for _, a := range []qualifiedtest.Assessment{
		{Title: "Backend Challenge", PassingScore: 70, Challenges: []string{"Rate limiter", "LRU cache"}},
		{Title: "SQL Basics", PassingScore: 60},
		{Title: "Frontend Challenge", PassingScore: 65},
		{Title: "Old Draft", State: "draft"},
	} {
		h.ids[a.Title] = h.qual.AddAssessment(a)
	}
	port := freePort(t)
	h.cfg = Config{
		DataDir:         t.TempDir(),
		Listen:          "127.0.0.1:0",
		WebhookListen:   "127.0.0.1:" + port,
		PublicURL:       "http://127.0.0.1:" + port,
		LeverAPIURL:     h.lever.URL,
		LeverAPIKey:     "lever-test-key",
		QualifiedAPIURL: h.qual.URL,
		QualifiedWebURL: h.qual.WebURL,
		QualifiedAPIKey: "qualified-test-key",
		TriggerStages:   []string{stageAssessment},
		PollInterval:    o.pollInterval,
	}
	if o.oauth {
		h.cfg.LeverAPIKey = ""
		h.cfg.Listen = "127.0.0.1:" + freePort(t)
		h.cfg.LeverOAuth = &LeverOAuth{ClientID: levertest.DefaultOAuthClientID, ClientSecret: levertest.DefaultOAuthClientSecret,
			RedirectURL: "http://" + h.cfg.Listen + OAuthCallbackPath, AuthURL: h.lever.AuthURL, TokenURL: h.lever.TokenURL, Audience: h.lever.Audience}
	}
	h.start()
	return h
}

func freePort(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func testLogger() *slog.Logger {
	if os.Getenv("ASSESSBRIDGE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// start starts (or restarts) the app on the same data folder.
func (h *harness) start() {
	h.t.Helper()
	startWithLogger(h, testLogger())
}

// stop shuts the app down, as SIGTERM does.
func (h *harness) stop() {
	if h.app == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.app.Shutdown(ctx); err != nil {
		h.t.Errorf("shutdown: %v", err)
	}
	h.app = nil
}

// candidate seeds an opportunity in the screen stage.
func (h *harness) candidate(id, name string, tags []string, postings ...string) {
	h.lever.AddOpportunity(levertest.Opportunity{ID: id, Name: name, Emails: []string{strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"},
		Tags: tags, StageID: stageScreen, PostingIDs: postings})
}

func (h *harness) email(id string) string {
	o, _ := h.lever.Opportunity(id)
	if len(o.Emails) == 0 {
		return ""
	}
	return o.Emails[0]
}

// move moves a candidate and checks the app took the webhook.
func (h *harness) move(id, stage string) {
	h.t.Helper()
	ds, err := h.lever.MoveToStage(id, stage)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, d := range ds {
		if d.Err != nil || d.StatusCode != 200 {
			h.t.Fatalf("delivery for %s answered %d (%v)", id, d.StatusCode, d.Err)
		}
	}
}

// eventually waits for cond, failing with what describe says when it never holds.
func (h *harness) eventually(timeout time.Duration, cond func() bool, describe func() string) {
	h.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	h.t.Fatalf("timed out after %s: %s", timeout, describe())
}

func (h *harness) tags(id string) []string {
	o, _ := h.lever.Opportunity(id)
	t := slices.Clone(o.Tags)
	slices.Sort(t)
	return t
}

func (h *harness) hasTags(id string, want ...string) bool {
	got := h.tags(id)
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

func (h *harness) invitations(id string) []backend.Invitation {
	invs, err := h.app.DB().InvitationsForOpportunity(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return invs
}

func (h *harness) invitation(id, title string) (backend.Invitation, bool) {
	for _, inv := range h.invitations(id) {
		if inv.AssessmentTitle == title {
			return inv, true
		}
	}
	return backend.Invitation{}, false
}

// waitIdle waits until no job is queued or running.
func (h *harness) waitIdle() {
	h.t.Helper()
	h.eventually(30*time.Second, func() bool {
		var n int
		// One statement, one snapshot: a webhook's work is in the inbox or
		// queued, never neither.
		err := h.app.DB().Writer().QueryRow(`SELECT (SELECT count(*) FROM inbox) + (SELECT count(*) FROM river_job WHERE state IN ('available','running','retryable','scheduled','pending') AND kind NOT IN ('poll_results','catch_up'))`).Scan(&n)
		return err == nil && n == 0
	}, func() string { return "jobs still queued" })
}

func (h *harness) activity(outcome backend.Outcome) []string {
	list, err := h.app.DB().ListActivity(context.Background(), sqlite.ActivityFilter{Outcomes: []backend.Outcome{outcome}, Limit: 1000})
	if err != nil {
		h.t.Fatal(err)
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Message
	}
	return out
}

func (h *harness) describe(id string) func() string {
	return func() string {
		return fmt.Sprintf("tags %v, invitations %+v, failed activity %v", h.tags(id), h.invitations(id), h.activity(backend.OutcomeFailed))
	}
}
