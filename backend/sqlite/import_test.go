package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// Imported invitations show on the dashboard as any others do: listed,
// filtered, searched and counted, with their results and history.
func TestImportInvitationsShowOnTheDashboard(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	// One candidate already came through the live flow.
	ensure(t, db, candidate("opp-live", "Linus Live", "linus@example.com", "p-1", "Backend Engineer"), intent("opp-live", "a-go", "Go Backend"), c.Now())

	day := c.Now().Add(-30 * 24 * time.Hour)
	ada := candidate("opp-ada", "Ada Lovelace", "ada@example.com", "p-1", "Backend Engineer")
	grace := candidate("opp-grace", "Grace Hopper", "grace@example.com", "p-2", "Data Analyst")
	submitted := backend.Invitation{OpportunityID: "opp-ada", AssessmentID: "a-go", AssessmentTitle: "Go Backend",
		MatchedTag: "Go Backend", TagPlace: backend.TagOnPosting, StageID: "st-tech", Status: backend.StatusSubmitted,
		AppliedTag: "Go Backend - Submitted", ResultID: "r-1", Score: ptr(84.0), Passed: ptr(true), TimeSpent: 47 * time.Minute,
		Challenges: []backend.ChallengeScore{{Title: "LRU cache", Score: 90, Language: "go"}}, ReportURL: "https://example.com/r-1",
		NoteID: "note-1", CreatedAt: day, InvitedAt: day.Add(time.Minute), StartedAt: day.Add(time.Hour), SubmittedAt: day.Add(2 * time.Hour),
		Candidate: ada}
	started := backend.Invitation{OpportunityID: "opp-ada", AssessmentID: "a-sql", AssessmentTitle: "SQL Basics",
		MatchedTag: "sql basics", TagPlace: backend.TagOnCandidate, StageID: "st-tech", Status: backend.StatusStarted,
		CreatedAt: day, InvitedAt: day.Add(time.Minute), StartedAt: day.Add(3 * time.Hour), Candidate: ada}
	failed := backend.Invitation{OpportunityID: "opp-grace", AssessmentID: "a-sql", AssessmentTitle: "SQL Basics",
		MatchedTag: "SQL Basics", TagPlace: backend.TagOnPosting, StageID: "st-tech", Status: backend.StatusFailed,
		Error: "The candidate has no e-mail address in Lever. Add one, then retry.", CreatedAt: day.Add(time.Hour),
		UpdatedAt: day.Add(time.Hour + time.Second), Candidate: grace}
	if err := db.ImportInvitations(ctx, []backend.Invitation{submitted, started, failed}); err != nil {
		t.Fatal(err)
	}

	list := func(f sqlite.InvitationFilter) sqlite.InvitationPage {
		t.Helper()
		page, err := db.ListInvitations(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return page
	}
	if page := list(sqlite.InvitationFilter{}); page.Total != 4 {
		t.Fatalf("dashboard shows %d invitations, want 4", page.Total)
	}
	page := list(sqlite.InvitationFilter{Statuses: []backend.Status{backend.StatusSubmitted}, AssessmentID: "a-go"})
	if page.Total != 1 {
		t.Fatalf("submitted Go Backend: %d, want 1", page.Total)
	}
	got := page.Invitations[0]
	if got.Candidate.Name != "Ada Lovelace" || *got.Score != 84 || !*got.Passed || got.TimeSpent != 47*time.Minute ||
		len(got.Challenges) != 1 || got.ReportURL != "https://example.com/r-1" || !got.NoteAttempted ||
		!got.SubmittedAt.Equal(day.Add(2*time.Hour)) || !got.UpdatedAt.Equal(day.Add(2*time.Hour)) {
		t.Errorf("imported result: %+v", got)
	}
	if !slices.Equal(history(t, db, got.ID), []backend.Status{backend.StatusPending, backend.StatusInvited, backend.StatusStarted, backend.StatusSubmitted}) {
		t.Errorf("history %v", history(t, db, got.ID))
	}
	// The search index follows: by name, by e-mail, by title.
	for q, want := range map[string]int{"ovelac": 2, "grace@": 1, "sql ba": 2, "Linus": 1} {
		if n := list(sqlite.InvitationFilter{Search: q}).Total; n != want {
			t.Errorf("search %q finds %d, want %d", q, n, want)
		}
	}
	if page := list(sqlite.InvitationFilter{PostingID: "p-2"}); page.Total != 1 || page.Invitations[0].Error == "" {
		t.Errorf("posting p-2: %+v", page)
	}
	funnel, err := db.Funnel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range funnel {
		if f.AssessmentID == "a-sql" && (f.Invited != 1 || f.Started != 1 || f.Submitted != 0) {
			t.Errorf("SQL Basics funnel %+v", f)
		}
	}

	// Importing the same invitation again writes nothing at all.
	other := started
	other.OpportunityID, other.Candidate = "opp-other", candidate("opp-other", "Other", "o@example.com", "p-1", "Backend Engineer")
	err = db.ImportInvitations(ctx, []backend.Invitation{other, failed})
	if backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("second import: %v, want a conflict", err)
	}
	err = db.ImportInvitations(ctx, []backend.Invitation{other, other})
	if backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("the same invitation twice in one import: %v, want a conflict", err)
	}
	if n := list(sqlite.InvitationFilter{}).Total; n != 4 {
		t.Errorf("after a refused import the dashboard shows %d, want 4", n)
	}
}

func TestImportInvitationsRefusesWhatIsIncomplete(t *testing.T) {
	db, _ := openDB(t)
	good := backend.Invitation{OpportunityID: "opp-1", AssessmentID: "a-1", AssessmentTitle: "Go", TagPlace: backend.TagOnPosting,
		Status: backend.StatusInvited}
	for name, change := range map[string]func(*backend.Invitation){
		"no opportunity":  func(i *backend.Invitation) { i.OpportunityID = "" },
		"no assessment":   func(i *backend.Invitation) { i.AssessmentID = "" },
		"unknown status":  func(i *backend.Invitation) { i.Status = "lost" },
		"no tag place":    func(i *backend.Invitation) { i.TagPlace = "" },
		"other candidate": func(i *backend.Invitation) { i.Candidate.OpportunityID = "opp-2" },
	} {
		inv := good
		change(&inv)
		if err := db.ImportInvitations(context.Background(), []backend.Invitation{good, inv}); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	page, err := db.ListInvitations(context.Background(), sqlite.InvitationFilter{})
	if err != nil || page.Total != 0 {
		t.Errorf("refused imports wrote %d invitations (%v)", page.Total, err)
	}
}

// Many invitations go in several statements; every one of them, its history
// and its search entry are written.
func TestImportInvitationsInBatches(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	const n = 1000 // several full batches and a shorter last one
	invs := make([]backend.Invitation, n)
	wantSteps := 0
	for i := range invs {
		opp := fmt.Sprintf("opp-%04d", i/2)
		at := c.Now().Add(-time.Duration(i) * time.Minute)
		invs[i] = backend.Invitation{OpportunityID: opp, AssessmentID: fmt.Sprintf("a-%d", i%2), AssessmentTitle: "Go",
			TagPlace: backend.TagOnPosting, Status: backend.StatusInvited, CreatedAt: at, InvitedAt: at.Add(time.Second),
			Candidate: candidate(opp, fmt.Sprintf("Person %04d", i/2), opp+"@example.com", "p-1", "Job")}
		if i%3 == 0 {
			invs[i].Status, invs[i].StartedAt = backend.StatusStarted, at.Add(time.Hour)
			wantSteps++
		}
		wantSteps += 2
	}
	if err := db.ImportInvitations(ctx, invs); err != nil {
		t.Fatal(err)
	}
	page, err := db.ListInvitations(ctx, sqlite.InvitationFilter{})
	if err != nil || page.Total != n {
		t.Fatalf("%d invitations (%v), want %d", page.Total, err, n)
	}
	var steps int
	if err := db.Writer().QueryRow(`SELECT count(*) FROM invitation_history`).Scan(&steps); err != nil || steps != wantSteps {
		t.Errorf("%d history rows (%v), want %d", steps, err, wantSteps)
	}
	if page, _ := db.ListInvitations(ctx, sqlite.InvitationFilter{Search: "Person 0499"}); page.Total != 2 {
		t.Errorf("the last candidate is found %d times, want 2", page.Total)
	}
}
