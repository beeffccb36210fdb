package sqlite_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/clocktest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

func ptr[T any](v T) *T { return &v }

func candidate(opp, name, email, postingID, postingTitle string) backend.Candidate {
	return backend.Candidate{OpportunityID: opp, ContactID: "ct-" + opp, Name: name, Email: email,
		PostingID: postingID, PostingTitle: postingTitle, ProfileURL: "https://hire.lever.co/candidates/" + opp}
}

func intent(opp, assessmentID, title string) backend.Invitation {
	return backend.Invitation{OpportunityID: opp, AssessmentID: assessmentID, AssessmentTitle: title,
		MatchedTag: title, TagPlace: backend.TagOnCandidate, StageID: "st-tech", Status: backend.StatusPending}
}

// ensure records the candidate and the intent to invite in one transaction,
// as the stage-change workflow does.
func ensure(t *testing.T, db *sqlite.DB, c backend.Candidate, inv backend.Invitation, now time.Time) (backend.Invitation, bool) {
	t.Helper()
	var got backend.Invitation
	var due bool
	err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		if err := sqlite.UpsertCandidate(context.Background(), tx, c, now); err != nil {
			return err
		}
		var err error
		got, due, err = sqlite.EnsureInvitation(context.Background(), tx, inv, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, due
}

func mustInvitation(t *testing.T, db *sqlite.DB, id int64) backend.Invitation {
	t.Helper()
	inv, err := db.Invitation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// history lists an invitation's recorded statuses, oldest first.
func history(t *testing.T, db *sqlite.DB, id int64) []backend.Status {
	t.Helper()
	rows, err := db.Writer().Query(`SELECT status FROM invitation_history WHERE invitation_id = ? ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []backend.Status
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, backend.Status(s))
	}
	return out
}

func result(s backend.Status) backend.Result {
	states := map[backend.Status]string{backend.StatusInvited: "invited", backend.StatusStarted: "started",
		backend.StatusSubmitted: "submitted", backend.StatusClosed: "terminated"}
	return backend.Result{ID: "res-1", State: states[s], Status: s}
}

// invitationIn makes an invitation and walks it, the way the workflow does,
// to status s.
func invitationIn(t *testing.T, db *sqlite.DB, c *clocktest.Clock, opp string, s backend.Status) backend.Invitation {
	t.Helper()
	ctx := context.Background()
	inv, _ := ensure(t, db, candidate(opp, "Ada Lovelace", "ada@example.com", "p-eng", "Backend Engineer"),
		intent(opp, "a-go", "Go Backend"), c.Now())
	path := map[backend.Status][]backend.Status{
		backend.StatusInvited:   {backend.StatusInvited},
		backend.StatusStarted:   {backend.StatusInvited, backend.StatusStarted},
		backend.StatusSubmitted: {backend.StatusInvited, backend.StatusStarted, backend.StatusSubmitted},
		backend.StatusClosed:    {backend.StatusInvited, backend.StatusClosed},
		backend.StatusExpired:   {backend.StatusInvited, backend.StatusExpired},
		backend.StatusFailed:    {backend.StatusFailed},
	}[s]
	for _, step := range path {
		c.Advance(time.Minute)
		var err error
		switch step {
		case backend.StatusInvited:
			err = db.MarkInvited(ctx, inv.ID, backend.ProviderInvitation{InvitationID: "qi-" + opp, ResultID: "res-" + opp, InviteURL: "https://www.qualified.io/assess/" + opp})
		case backend.StatusFailed:
			err = db.MarkFailed(ctx, inv.ID, "The candidate has no e-mail address in Lever.")
		case backend.StatusExpired:
			_, err = db.SetStatus(ctx, inv.ID, []backend.Status{backend.StatusInvited}, backend.StatusExpired, "deadline passed")
		default:
			_, err = db.ApplyResult(ctx, inv.ID, result(step))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	got := mustInvitation(t, db, inv.ID)
	if got.Status != s {
		t.Fatalf("set-up: invitation is %s, want %s", got.Status, s)
	}
	return got
}

func TestEnsureInvitation(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	ada := candidate("opp-ada", "Ada Lovelace", "ada@example.com", "p-eng", "Backend Engineer")

	// New: due, attempt 1.
	first, due := ensure(t, db, ada, intent("opp-ada", "a-go", "Go Backend"), t0)
	if !due || first.ID == 0 || first.Attempt != 1 || first.Status != backend.StatusPending {
		t.Fatalf("new invitation = %+v, due %v", first, due)
	}
	stored := mustInvitation(t, db, first.ID)
	if stored.Status != backend.StatusPending || stored.Attempt != 1 || stored.AssessmentTitle != "Go Backend" ||
		stored.TagPlace != backend.TagOnCandidate || stored.StageID != "st-tech" || !stored.CreatedAt.Equal(t0) ||
		stored.Candidate.Name != "Ada Lovelace" || stored.Candidate.Email != "ada@example.com" || stored.Candidate.OpportunityID != "opp-ada" {
		t.Errorf("stored = %+v", stored)
	}

	// The same again: not due, nothing changes.
	again, due := ensure(t, db, ada, intent("opp-ada", "a-go", "Go Backend"), t0.Add(time.Minute))
	if due || again.ID != first.ID || again.Status != backend.StatusPending || again.Attempt != 1 {
		t.Errorf("same again = %+v, due %v; want not due", again, due)
	}

	// Once invited, the same entry is still not due and the status stays.
	c.Set(t0.Add(2 * time.Minute))
	if err := db.MarkInvited(ctx, first.ID, backend.ProviderInvitation{InvitationID: "qi-1", ResultID: "res-1"}); err != nil {
		t.Fatal(err)
	}
	retitled := intent("opp-ada", "a-go", "Go Backend (renamed)")
	again, due = ensure(t, db, ada, retitled, t0.Add(3*time.Minute))
	if due || again.ID != first.ID || again.Status != backend.StatusInvited {
		t.Errorf("after invite = %+v, due %v; want invited, not due", again, due)
	}
	if got := mustInvitation(t, db, first.ID); got.Status != backend.StatusInvited || got.AssessmentTitle != "Go Backend" {
		t.Errorf("stored after a repeated intent = %s %q; want it untouched", got.Status, got.AssessmentTitle)
	}

	// Another assessment for the same opportunity is a new invitation.
	other, due := ensure(t, db, ada, intent("opp-ada", "a-sql", "SQL Basics"), t0.Add(4*time.Minute))
	if !due || other.ID == first.ID || other.Attempt != 1 {
		t.Errorf("second assessment = %+v, due %v", other, due)
	}
	if got := history(t, db, first.ID); !slices.Equal(got, []backend.Status{backend.StatusPending, backend.StatusInvited}) {
		t.Errorf("history = %v", got)
	}
}

func TestEnsureInvitationRetriesAFailedOne(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	ada := candidate("opp-ada", "Ada Lovelace", "", "p-eng", "Backend Engineer")
	first, _ := ensure(t, db, ada, intent("opp-ada", "a-go", "Go Backend"), t0)
	c.Set(t0.Add(time.Minute))
	if err := db.MarkFailed(ctx, first.ID, "The candidate has no e-mail address in Lever."); err != nil {
		t.Fatal(err)
	}

	for attempt := 2; attempt <= 3; attempt++ {
		now := t0.Add(time.Duration(attempt) * time.Hour)
		next := intent("opp-ada", "a-go", "Go Backend")
		next.MatchedTag, next.TagPlace, next.StageID = "go backend", backend.TagOnPosting, "st-onsite"
		got, due := ensure(t, db, ada, next, now)
		if !due || got.ID != first.ID || got.Attempt != attempt {
			t.Fatalf("retry %d = %+v, due %v; want due, same id, attempt %d", attempt, got, due, attempt)
		}
		stored := mustInvitation(t, db, first.ID)
		if stored.Status != backend.StatusPending || stored.Attempt != attempt || stored.Error != "" ||
			stored.MatchedTag != "go backend" || stored.TagPlace != backend.TagOnPosting || stored.StageID != "st-onsite" ||
			!stored.UpdatedAt.Equal(now) {
			t.Errorf("stored after retry %d = %+v", attempt, stored)
		}
		// Not due twice for the same attempt.
		if _, due := ensure(t, db, ada, next, now); due {
			t.Errorf("retry %d due twice", attempt)
		}
		c.Set(now.Add(time.Minute))
		if err := db.MarkFailed(ctx, first.ID, "Still no e-mail."); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEnsureInvitationNeedsTheCandidate(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		_, _, err := sqlite.EnsureInvitation(ctx, tx, intent("opp-nobody", "a-go", "Go Backend"), t0)
		return err
	})
	if err == nil {
		t.Fatal("an invitation without a candidate was recorded")
	}
}

func TestUpsertCandidate(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	inv, _ := ensure(t, db, candidate("opp-1", "Ada", "old@example.com", "p-1", "Old title"), intent("opp-1", "a-go", "Go"), t0)
	if err := db.Tx(ctx, func(tx *sql.Tx) error {
		return sqlite.UpsertCandidate(ctx, tx, candidate("opp-1", "Ada Lovelace", "ada@example.com", "p-2", "New title"), t0.Add(time.Hour))
	}); err != nil {
		t.Fatal(err)
	}
	got := mustInvitation(t, db, inv.ID).Candidate
	want := candidate("opp-1", "Ada Lovelace", "ada@example.com", "p-2", "New title")
	if got != want {
		t.Errorf("candidate = %+v, want %+v", got, want)
	}
}

func TestMarkInvitedOnlyFromPending(t *testing.T) {
	ctx := context.Background()
	p := backend.ProviderInvitation{InvitationID: "qi-new", ResultID: "res-new", InviteURL: "https://www.qualified.io/assess/new"}
	for _, from := range backend.Statuses {
		t.Run(string(from), func(t *testing.T) {
			db, c := openDB(t)
			before := invitationIn(t, db, c, "opp-1", from)
			hist := history(t, db, before.ID)
			c.Advance(time.Hour)
			at := c.Now()
			if err := db.MarkInvited(ctx, before.ID, p); err != nil {
				t.Fatal(err)
			}
			got := mustInvitation(t, db, before.ID)
			if from != backend.StatusPending {
				if got.Status != before.Status || got.ResultID != before.ResultID || got.ProviderInvitationID != before.ProviderInvitationID ||
					!got.InvitedAt.Equal(before.InvitedAt) || !got.UpdatedAt.Equal(before.UpdatedAt) {
					t.Errorf("MarkInvited changed a %s invitation: %+v", from, got)
				}
				if h := history(t, db, before.ID); !slices.Equal(h, hist) {
					t.Errorf("history = %v, want %v", h, hist)
				}
				return
			}
			if got.Status != backend.StatusInvited || got.ProviderInvitationID != "qi-new" || got.ResultID != "res-new" ||
				got.InviteURL != p.InviteURL || !got.InvitedAt.Equal(at) || !got.UpdatedAt.Equal(at) || got.Error != "" {
				t.Errorf("after MarkInvited = %+v", got)
			}
			if h := history(t, db, before.ID); !slices.Equal(h, []backend.Status{backend.StatusPending, backend.StatusInvited}) {
				t.Errorf("history = %v", h)
			}
			byResult, err := db.InvitationByResult(ctx, "res-new")
			if err != nil || byResult.ID != before.ID {
				t.Errorf("InvitationByResult = %+v, %v", byResult, err)
			}
		})
	}
}

func TestMarkFailed(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		from       backend.Status
		wantFailed bool
	}{
		{backend.StatusPending, true},
		{backend.StatusFailed, true}, // a new reason replaces the old one
		{backend.StatusInvited, false},
		{backend.StatusStarted, false},
		{backend.StatusSubmitted, false},
		{backend.StatusClosed, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.from), func(t *testing.T) {
			db, c := openDB(t)
			before := invitationIn(t, db, c, "opp-1", tt.from)
			c.Advance(time.Hour)
			at := c.Now()
			if err := db.MarkFailed(ctx, before.ID, "Qualified did not accept the invitation: 422"); err != nil {
				t.Fatal(err)
			}
			got := mustInvitation(t, db, before.ID)
			if !tt.wantFailed {
				if got.Status != tt.from || got.Error != "" || !got.UpdatedAt.Equal(before.UpdatedAt) {
					t.Errorf("MarkFailed changed a %s invitation: %+v", tt.from, got)
				}
				return
			}
			if got.Status != backend.StatusFailed || got.Error != "Qualified did not accept the invitation: 422" || !got.UpdatedAt.Equal(at) {
				t.Errorf("after MarkFailed = %s %q at %v", got.Status, got.Error, got.UpdatedAt)
			}
			if h := history(t, db, before.ID); h[len(h)-1] != backend.StatusFailed {
				t.Errorf("history = %v", h)
			}
		})
	}
}

func TestRetryInvitation(t *testing.T) {
	ctx := context.Background()
	for _, from := range backend.Statuses {
		t.Run(string(from), func(t *testing.T) {
			db, c := openDB(t)
			before := invitationIn(t, db, c, "opp-1", from)
			c.Advance(time.Hour)
			at := c.Now()
			var attempt int
			err := db.Tx(ctx, func(tx *sql.Tx) error {
				var err error
				attempt, err = sqlite.RetryInvitation(ctx, tx, before.ID, at)
				return err
			})
			got := mustInvitation(t, db, before.ID)
			if from != backend.StatusFailed {
				if backend.ErrorCode(err) != backend.ECONFLICT {
					t.Errorf("retry of a %s invitation: err = %v, want code %s", from, err, backend.ECONFLICT)
				}
				if got.Status != from || got.Attempt != before.Attempt {
					t.Errorf("retry changed a %s invitation: %+v", from, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if attempt != 2 || got.Status != backend.StatusPending || got.Attempt != 2 || got.Error != "" || !got.UpdatedAt.Equal(at) {
				t.Errorf("after retry: attempt %d, invitation %+v", attempt, got)
			}
			if h := history(t, db, before.ID); !slices.Equal(h, []backend.Status{backend.StatusPending, backend.StatusFailed, backend.StatusPending}) {
				t.Errorf("history = %v", h)
			}
		})
	}
	t.Run("unknown id", func(t *testing.T) {
		db, _ := openDB(t)
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			_, err := sqlite.RetryInvitation(ctx, tx, 999, t0)
			return err
		})
		if backend.ErrorCode(err) != backend.ECONFLICT {
			t.Errorf("err = %v, want code %s", err, backend.ECONFLICT)
		}
	})
}

func TestApplyResultNeverMovesBack(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		from, to    backend.Status
		wantChanged bool
		// unscored: the result carries no score (a repeat of "submitting").
		unscored bool
	}{
		{backend.StatusInvited, backend.StatusInvited, false, false},
		{backend.StatusInvited, backend.StatusStarted, true, false},
		{backend.StatusInvited, backend.StatusSubmitted, true, false},
		{backend.StatusInvited, backend.StatusClosed, true, false},
		{backend.StatusStarted, backend.StatusInvited, false, false},
		{backend.StatusStarted, backend.StatusStarted, false, false},
		{backend.StatusStarted, backend.StatusSubmitted, true, false},
		{backend.StatusStarted, backend.StatusClosed, true, false},
		{backend.StatusSubmitted, backend.StatusStarted, false, false}, // a late "started" webhook
		{backend.StatusSubmitted, backend.StatusInvited, false, false},
		{backend.StatusSubmitted, backend.StatusSubmitted, false, true},
		{backend.StatusSubmitted, backend.StatusClosed, false, false},
		{backend.StatusClosed, backend.StatusStarted, false, false},
		{backend.StatusClosed, backend.StatusSubmitted, false, false},
		{backend.StatusInvited, "", false, false}, // a state the project does not know
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+" to "+string(tt.to), func(t *testing.T) {
			db, c := openDB(t)
			before := invitationIn(t, db, c, "opp-1", tt.from)
			hist := history(t, db, before.ID)
			c.Advance(time.Hour)
			r := result(tt.to)
			if !tt.unscored {
				r.Score, r.Passed = ptr(12.0), ptr(false)
			}
			changed, err := db.ApplyResult(ctx, before.ID, r)
			if err != nil {
				t.Fatal(err)
			}
			if changed != tt.wantChanged {
				t.Errorf("changed = %v, want %v", changed, tt.wantChanged)
			}
			got := mustInvitation(t, db, before.ID)
			want := tt.from
			if tt.wantChanged {
				want = tt.to
			}
			if got.Status != want {
				t.Errorf("status = %s, want %s", got.Status, want)
			}
			if !tt.wantChanged {
				if !got.UpdatedAt.Equal(before.UpdatedAt) || (got.Score == nil) != (before.Score == nil) {
					t.Errorf("an ignored result changed the invitation: %+v", got)
				}
				if h := history(t, db, before.ID); !slices.Equal(h, hist) {
					t.Errorf("history = %v, want %v", h, hist)
				}
			}
		})
	}
}

// Qualified reports "submitting" while it scores: the score that follows is
// taken, though the status stays submitted and no history line is added.
func TestApplyResultTakesTheScoreAfterSubmitting(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	inv := invitationIn(t, db, c, "opp-1", backend.StatusSubmitted)
	if inv.Score != nil {
		t.Fatalf("fixture already scored: %v", *inv.Score)
	}
	hist := history(t, db, inv.ID)
	r := result(backend.StatusSubmitted)
	r.Score, r.Passed = ptr(91.0), ptr(true)
	changed, err := db.ApplyResult(ctx, inv.ID, r)
	if err != nil || !changed {
		t.Fatalf("score after submitting: changed %v, err %v", changed, err)
	}
	got := mustInvitation(t, db, inv.ID)
	if got.Status != backend.StatusSubmitted || got.Score == nil || *got.Score != 91 || got.Passed == nil || !*got.Passed {
		t.Fatalf("invitation after the score: %+v", got)
	}
	if h := history(t, db, inv.ID); !slices.Equal(h, hist) {
		t.Errorf("history = %v, want %v", h, hist)
	}
	// Once scored, another submitted result changes nothing.
	r.Score = ptr(10.0)
	if changed, err := db.ApplyResult(ctx, inv.ID, r); err != nil || changed {
		t.Fatalf("second score: changed %v, err %v", changed, err)
	}
}

func TestApplyResultRecordsTheResult(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	inv := invitationIn(t, db, c, "opp-1", backend.StatusInvited)

	// Started, with the platform's own time.
	startedAt := t0.Add(90 * time.Minute)
	c.Set(t0.Add(2 * time.Hour))
	r := backend.Result{ID: "res-opp-1", State: "started", Status: backend.StatusStarted, StartedAt: startedAt}
	if changed, err := db.ApplyResult(ctx, inv.ID, r); err != nil || !changed {
		t.Fatalf("started: changed %v, err %v", changed, err)
	}
	got := mustInvitation(t, db, inv.ID)
	if !got.StartedAt.Equal(startedAt) || got.Score != nil || !got.SubmittedAt.IsZero() || !got.UpdatedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("after started = %+v", got)
	}
	if inflight, err := db.InFlightInvitations(ctx); err != nil || len(inflight) != 1 || inflight[0].ID != inv.ID {
		t.Errorf("InFlightInvitations = %+v, %v", inflight, err)
	}

	// Submitted without a submission time: now is used; the start time stays.
	c.Set(t0.Add(3 * time.Hour))
	r = backend.Result{ID: "res-opp-1", State: "submitted", Status: backend.StatusSubmitted,
		StartedAt: t0.Add(100 * time.Minute), Score: ptr(87.5), Passed: ptr(true), TimeSpent: 65*time.Minute + 10*time.Second,
		Challenges: []backend.ChallengeScore{{Title: "Rate limiter", Score: 100, Language: "go"}, {Title: "SQL report", Score: 75}},
		ReportURL:  "https://www.qualified.io/r/abc"}
	if changed, err := db.ApplyResult(ctx, inv.ID, r); err != nil || !changed {
		t.Fatalf("submitted: changed %v, err %v", changed, err)
	}
	got = mustInvitation(t, db, inv.ID)
	if got.Status != backend.StatusSubmitted || got.Score == nil || *got.Score != 87.5 || got.Passed == nil || !*got.Passed ||
		got.TimeSpent != r.TimeSpent || !slices.Equal(got.Challenges, r.Challenges) || got.ReportURL != r.ReportURL ||
		!got.StartedAt.Equal(startedAt) || !got.SubmittedAt.Equal(t0.Add(3*time.Hour)) {
		t.Errorf("after submitted = %+v", got)
	}
	if inflight, err := db.InFlightInvitations(ctx); err != nil || len(inflight) != 0 {
		t.Errorf("InFlightInvitations after submission = %+v, %v", inflight, err)
	}

	// A late "started" is ignored and keeps the score.
	c.Set(t0.Add(4 * time.Hour))
	if changed, err := db.ApplyResult(ctx, inv.ID, backend.Result{State: "started", Status: backend.StatusStarted}); err != nil || changed {
		t.Errorf("late started: changed %v, err %v", changed, err)
	}
	if again := mustInvitation(t, db, inv.ID); again.Status != backend.StatusSubmitted || again.Score == nil || *again.Score != 87.5 ||
		!again.UpdatedAt.Equal(got.UpdatedAt) {
		t.Errorf("after late started = %+v", again)
	}
	want := []backend.Status{backend.StatusPending, backend.StatusInvited, backend.StatusStarted, backend.StatusSubmitted}
	if h := history(t, db, inv.ID); !slices.Equal(h, want) {
		t.Errorf("history = %v, want %v", h, want)
	}
}

func TestApplyResultSubmittedWithoutStartTime(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	inv := invitationIn(t, db, c, "opp-1", backend.StatusInvited)
	submittedAt := t0.Add(5 * time.Hour)
	c.Advance(6 * time.Hour)
	now := c.Now()
	r := backend.Result{State: "submitted", Status: backend.StatusSubmitted, SubmittedAt: submittedAt}
	if _, err := db.ApplyResult(ctx, inv.ID, r); err != nil {
		t.Fatal(err)
	}
	got := mustInvitation(t, db, inv.ID)
	if !got.SubmittedAt.Equal(submittedAt) || got.StartedAt.IsZero() || got.StartedAt.After(now) {
		t.Errorf("submitted %v, started %v", got.SubmittedAt, got.StartedAt)
	}
	if got.Score != nil || got.Passed != nil || len(got.Challenges) != 0 {
		t.Errorf("unscored result = %+v", got)
	}
}

func TestApplyResultUnknownInvitation(t *testing.T) {
	db, _ := openDB(t)
	changed, err := db.ApplyResult(context.Background(), 4242, result(backend.StatusStarted))
	if err == nil || changed {
		t.Errorf("ApplyResult on a missing invitation = %v, %v; want an error", changed, err)
	}
}

func TestInvitationNotFound(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	if _, err := db.Invitation(ctx, 1); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("Invitation(1) err = %v, want %s", err, backend.ENOTFOUND)
	}
	if _, err := db.InvitationByResult(ctx, "res-x"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("InvitationByResult err = %v, want %s", err, backend.ENOTFOUND)
	}
	if invs, err := db.InvitationsForOpportunity(ctx, "opp-x"); err != nil || len(invs) != 0 {
		t.Errorf("InvitationsForOpportunity = %v, %v", invs, err)
	}
}

func TestNoteAndTagBookkeeping(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	inv := invitationIn(t, db, c, "opp-1", backend.StatusSubmitted)
	if err := db.SetAppliedTag(ctx, inv.ID, "Go Backend - Submitted"); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkNoteAttempted(ctx, inv.ID); err != nil {
		t.Fatal(err)
	}
	got := mustInvitation(t, db, inv.ID)
	if got.AppliedTag != "Go Backend - Submitted" || !got.NoteAttempted || got.NoteID != "" {
		t.Errorf("after tag and attempt = %+v", got)
	}
	if err := db.SetNoteID(ctx, inv.ID, "note-9"); err != nil {
		t.Fatal(err)
	}
	if got := mustInvitation(t, db, inv.ID); got.NoteID != "note-9" || !got.NoteAttempted {
		t.Errorf("after SetNoteID = %+v", got)
	}
}

// TestChangesLogTheirLineWithThem: the activity line that tells of an
// invitation sent or failed, a result, a tag or a results note is written
// with the change itself, so the log shows it as soon as the dashboard does.
func TestChangesLogTheirLineWithThem(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	sent := invitationIn(t, db, c, "opp-sent", backend.StatusPending)
	line := func(id int64, outcome backend.Outcome, msg string) backend.Activity {
		return backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "invite",
			OpportunityID: "opp-sent", InvitationID: id, Outcome: outcome, Message: msg}
	}
	if err := db.MarkInvited(ctx, sent.ID, backend.ProviderInvitation{InvitationID: "qi-1", ResultID: "res-1"},
		line(sent.ID, backend.OutcomeOK, "Invited Ada Lovelace <ada@example.com> to Go Backend.")); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, sent.ID+1000, "no such invitation", line(sent.ID+1000, backend.OutcomeFailed, "not invited")); err != nil {
		t.Fatal(err)
	}
	failed, _ := ensure(t, db, candidate("opp-none", "No Mail", "", "p-eng", "Backend Engineer"), intent("opp-none", "a-go", "Go Backend"), c.Now())
	if err := db.MarkFailed(ctx, failed.ID, "The candidate has no e-mail address in Lever.",
		line(failed.ID, backend.OutcomeFailed, "No Mail: not invited to Go Backend.")); err != nil {
		t.Fatal(err)
	}
	// A result logs its line when it changes the invitation, and only then.
	started := backend.Result{State: "started", Status: backend.StatusStarted, StartedAt: c.Now()}
	for range 2 {
		if _, err := db.ApplyResult(ctx, sent.ID, started, line(sent.ID, backend.OutcomeOK, "Ada Lovelace started Go Backend.")); err != nil {
			t.Fatal(err)
		}
	}
	// The tag and the results note, each recorded with its line.
	if err := db.SetAppliedTag(ctx, sent.ID, "Go Backend - Started", line(sent.ID, backend.OutcomeOK, `Ada Lovelace: tagged "Go Backend - Started".`)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetNoteID(ctx, sent.ID, "note-1", line(sent.ID, backend.OutcomeOK, "Ada Lovelace: results of Go Backend added as a note in Lever.")); err != nil {
		t.Fatal(err)
	}
	if inv := mustInvitation(t, db, sent.ID); inv.AppliedTag != "Go Backend - Started" || inv.NoteID != "note-1" {
		t.Errorf("tag %q, note %q", inv.AppliedTag, inv.NoteID)
	}
	got, err := db.ListActivity(ctx, sqlite.ActivityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, a := range got {
		msgs = append(msgs, a.Message)
	}
	want := []string{"Ada Lovelace: results of Go Backend added as a note in Lever.", `Ada Lovelace: tagged "Go Backend - Started".`, "Ada Lovelace started Go Backend.", "No Mail: not invited to Go Backend.", "not invited", "Invited Ada Lovelace <ada@example.com> to Go Backend."}
	if !slices.Equal(msgs, want) {
		t.Errorf("activity %q, want %q", msgs, want)
	}
	if inv := mustInvitation(t, db, failed.ID); inv.Status != backend.StatusFailed {
		t.Errorf("failed invitation is %s", inv.Status)
	}
}
