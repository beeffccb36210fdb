package app

import (
	"context"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// skewedClock is the simulators' clock: real time plus an offset a test
// moves, as when Lever's world goes on while a laptop sleeps.
type skewedClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *skewedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *skewedClock) set(d time.Duration) {
	c.mu.Lock()
	c.offset = d
	c.mu.Unlock()
}

// newClockedHarness is newHarness with the simulators on clock.
func newClockedHarness(t *testing.T, clock *skewedClock) *harness {
	t.Helper()
	h := newHarness(t, harnessOptions{})
	h.stop()
	lev := levertest.New(levertest.Options{Now: clock.Now})
	t.Cleanup(lev.Close)
	for _, s := range [][2]string{{"lead-new", "New lead"}, {"applicant-new", "New applicant"}, {stageScreen, "Phone screen"},
		{stageAssessment, "Coding assessment"}, {stageOnsite, "On-site"}} {
		lev.AddStage(s[0], s[1])
	}
	lev.AddUser(recruiterID, "Riley Recruiter", "riley@example.com")
	lev.AddPosting(levertest.Posting{ID: "post-backend", Text: "Backend Engineer", Tags: []string{"Remote", "backend challenge "}})
	qual := qualifiedtest.New(qualifiedtest.Options{Now: clock.Now})
	t.Cleanup(qual.Close)
	h.ids = map[string]string{}
	for _, a := range []qualifiedtest.Assessment{{Title: "Backend Challenge", PassingScore: 70, Challenges: []string{"Rate limiter", "LRU cache"}}, {Title: "SQL Basics", PassingScore: 60}} {
		h.ids[a.Title] = qual.AddAssessment(a)
	}
	h.lever, h.qual = lev, qual
	h.cfg.DataDir = t.TempDir()
	h.cfg.LeverAPIURL, h.cfg.QualifiedAPIURL, h.cfg.QualifiedWebURL = lev.URL, qual.URL, qual.WebURL
	h.start()
	return h
}

// moveWhileDown moves candidates while the app is stopped: every delivery
// fails. It returns the failed deliveries, for Lever to retry later.
func (h *harness) moveWhileDown(ids ...string) []string {
	h.t.Helper()
	var failed []string
	for _, id := range ids {
		ds, err := h.lever.MoveToStage(id, stageAssessment)
		if err != nil || len(ds) != 1 || ds[0].Err == nil {
			h.t.Fatalf("delivery to a stopped app did not fail: %+v %v", ds, err)
		}
		failed = append(failed, ds[0].ID)
	}
	return failed
}

func (h *harness) invitedOnce(title string, ids ...string) {
	h.t.Helper()
	for _, id := range ids {
		h.eventually(wait, func() bool { return h.hasTags(id, title+" - Invited") }, h.describe(id))
	}
	h.waitIdle()
	for _, id := range ids {
		if n := h.qual.EmailsSent(h.email(id), h.ids[title]); n != 1 {
			h.t.Fatalf("%s: %d invitation e-mails", id, n)
		}
		if slices.Contains(h.tags(id), title) {
			h.t.Fatalf("%s still has the tag %q: %v", id, title, h.tags(id))
		}
	}
}

func (h *harness) submittedOnce(id, title string) {
	h.t.Helper()
	h.eventually(wait, func() bool {
		return slices.Equal(h.tags(id), []string{title + " - Submitted"}) && len(h.lever.Notes(id)) == 1
	}, h.describe(id))
}

func TestDowntimeStageChangesAndResultsAreCaughtUpOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-r1", "Rita Result", []string{"Backend Challenge"})
	h.candidate("opp-r2", "Rob Result", []string{"Backend Challenge"})
	h.move("opp-r1", stageAssessment)
	h.move("opp-r2", stageAssessment)
	h.invitedOnce("Backend Challenge", "opp-r1", "opp-r2")
	h.candidate("opp-d1", "Dora Down", []string{"Backend Challenge"})
	h.candidate("opp-d2", "Dan Down", nil, "post-backend")
	h.stop()

	// While the app is down: two stage changes, a submission, a start.
	failed := h.moveWhileDown("opp-d1", "opp-d2")
	r1, _ := h.qual.ResultFor(h.email("opp-r1"), h.ids["Backend Challenge"])
	r2, _ := h.qual.ResultFor(h.email("opp-r2"), h.ids["Backend Challenge"])
	h.qual.Start(r1.ID)
	sub, _ := h.qual.Submit(r1.ID, 88)
	started, _ := h.qual.Start(r2.ID)
	for _, d := range append(sub, started...) {
		if d.Err == nil && d.StatusCode == 200 {
			t.Fatalf("a result delivery reached a stopped app: %+v", d)
		}
	}

	h.start()
	h.invitedOnce("Backend Challenge", "opp-d1", "opp-d2")
	h.submittedOnce("opp-r1", "Backend Challenge")
	h.eventually(wait, func() bool { return slices.Equal(h.tags("opp-r2"), []string{"Backend Challenge - Started"}) }, h.describe("opp-r2"))
	// Lever and Qualified retry their deliveries late; the app restarts once more.
	for _, id := range failed {
		if d, err := h.lever.Rerun(id); err != nil || d.StatusCode != 200 {
			t.Fatalf("late rerun: %+v %v", d, err)
		}
	}
	for _, d := range append(sub, started...) {
		h.postQualified(d.Body)
	}
	h.stop()
	h.start()
	h.waitIdle()
	h.invitedOnce("Backend Challenge", "opp-d1", "opp-d2")
	h.submittedOnce("opp-r1", "Backend Challenge")
	if n := len(h.qual.Invitations()); n != 4 {
		t.Fatalf("%d invitations in Qualified", n)
	}
}

func TestLaptopSleepWithLeverFarAheadOfTheLastLookLosesNothing(t *testing.T) {
	clock := &skewedClock{}
	h := newClockedHarness(t, clock)
	h.candidate("opp-s0", "Sol Sleeper", []string{"Backend Challenge"})
	h.move("opp-s0", stageAssessment)
	h.invitedOnce("Backend Challenge", "opp-s0")
	h.candidate("opp-s1", "Sam Sleeper", []string{"Backend Challenge"})
	h.candidate("opp-s2", "Sue Sleeper", nil, "post-backend")
	h.stop()

	// The laptop sleeps; Lever's and Qualified's world moves ten hours on.
	clock.set(10 * time.Hour)
	failed := h.moveWhileDown("opp-s1", "opp-s2")
	res, _ := h.qual.ResultFor(h.email("opp-s0"), h.ids["Backend Challenge"])
	h.qual.Submit(res.ID, 91)

	// It wakes before its clock is set right: Lever's timestamps are far
	// ahead of its last look and of its own clock. Lever's retries look as
	// if from the future and are refused; the catch-up finds the changes.
	h.start()
	h.invitedOnce("Backend Challenge", "opp-s1", "opp-s2")
	h.submittedOnce("opp-s0", "Backend Challenge")
	for _, id := range failed {
		h.lever.Rerun(id)
	}
	// Then the clock is right again, and Lever retries once more.
	h.stop()
	clock.set(0)
	h.start()
	for _, id := range failed {
		h.lever.Rerun(id)
	}
	h.waitIdle()
	h.invitedOnce("Backend Challenge", "opp-s1", "opp-s2")
	h.submittedOnce("opp-s0", "Backend Challenge")
}

func TestClockThatRanAheadDoesNotHideLaterStageChanges(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-c1", "Cora Clock", []string{"Backend Challenge"})
	h.stop()
	// The last catch-up ran while the laptop's clock was ten hours ahead;
	// the clock has been set right since.
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(h.cfg.DataDir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, sqlite.SettingCatchUpCheckpoint, time.Now().Add(10*time.Hour).UTC().Format(time.RFC3339Nano)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// A stage change while the app is down, whose deliveries Lever gives up on.
	h.moveWhileDown("opp-c1")
	h.start()
	h.invitedOnce("Backend Challenge", "opp-c1")
}

func TestPublicURLChangedDuringDowntimeMissesNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-u0", "Uma Url", []string{"Backend Challenge"})
	h.move("opp-u0", stageAssessment)
	h.invitedOnce("Backend Challenge", "opp-u0")
	h.candidate("opp-u1", "Ulf Url", []string{"Backend Challenge"})
	h.candidate("opp-u2", "Una Url", nil, "post-backend")
	h.candidate("opp-u3", "Uli Url", []string{"SQL Basics"})
	oldURL := h.cfg.PublicURL
	h.stop()
	failed := h.moveWhileDown("opp-u1", "opp-u2")
	res, _ := h.qual.ResultFor(h.email("opp-u0"), h.ids["Backend Challenge"])
	h.qual.Start(res.ID)

	// The tunnel comes back with another address.
	port := freePort(t)
	h.cfg.WebhookListen, h.cfg.PublicURL = "127.0.0.1:"+port, "http://127.0.0.1:"+port
	h.start()
	hooks, subs := stageChangeHooks(t, h.lever.Webhooks()), h.qual.Subscriptions()
	if len(hooks) != 1 || hooks[0].URL != h.cfg.PublicURL+"/webhooks/lever" {
		t.Fatalf("Lever webhooks: %+v", hooks)
	}
	if len(subs) != 1 || !strings.HasPrefix(subs[0].URL, h.cfg.PublicURL+"/webhooks/qualified/") {
		t.Fatalf("Qualified subscriptions: %+v", subs)
	}
	// Lever's retries go to the new address.
	for _, id := range failed {
		if d, err := h.lever.Rerun(id); err != nil || d.StatusCode != http.StatusOK || !strings.HasPrefix(d.URL, h.cfg.PublicURL) {
			t.Fatalf("rerun after the move: %+v %v (old address %s)", d, err, oldURL)
		}
	}
	h.invitedOnce("Backend Challenge", "opp-u1", "opp-u2")
	h.eventually(wait, func() bool { return slices.Equal(h.tags("opp-u0"), []string{"Backend Challenge - Started"}) }, h.describe("opp-u0"))
	// New changes arrive at the new address.
	h.move("opp-u3", stageAssessment)
	h.invitedOnce("SQL Basics", "opp-u3")
	ds, err := h.qual.Submit(res.ID, 72)
	if err != nil || len(ds) != 1 || ds[0].StatusCode != http.StatusOK {
		t.Fatalf("result delivery to the new address: %+v %v", ds, err)
	}
	h.submittedOnce("opp-u0", "Backend Challenge")
	if msgs := h.activity(backend.OutcomeFailed); len(msgs) != 0 {
		t.Fatalf("failures: %q", msgs)
	}
}
