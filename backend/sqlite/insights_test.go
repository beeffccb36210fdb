package sqlite_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// importTimed writes invitations sent at the given times, each started an
// hour apart from the next: the n-th (from 1) took n hours to start, and
// submitted with the score 10 × n, passing from 50.
func importTimed(t *testing.T, db *sqlite.DB, prefix, assessment, posting string, sent ...time.Time) {
	t.Helper()
	var invs []backend.Invitation
	for i, at := range sent {
		n := i + 1
		opp := fmt.Sprintf("%s-%d", prefix, n)
		score := float64(10 * n)
		passed := score >= 50
		invs = append(invs, backend.Invitation{OpportunityID: opp, AssessmentID: assessment, AssessmentTitle: assessment,
			MatchedTag: assessment, TagPlace: backend.TagOnPosting, StageID: "s", Status: backend.StatusSubmitted,
			CreatedAt: at, InvitedAt: at, StartedAt: at.Add(time.Duration(n) * time.Hour), SubmittedAt: at.Add(time.Duration(n+1) * time.Hour),
			Score: &score, Passed: &passed,
			Candidate: backend.Candidate{OpportunityID: opp, Name: opp, PostingID: posting, PostingTitle: posting}})
	}
	if err := db.ImportInvitations(context.Background(), invs); err != nil {
		t.Fatal(err)
	}
}

// The median and the 90th percentile by their ranks, for an odd and an
// even count and for one value; bars from each low, the last open-ended.
func TestInsightsSpreadRanks(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		n           int
		median, p90 float64
	}{
		// 1 value: itself. 10 values 1..10 hours: (5 + 6) / 2, the 9th.
		// 11 values: the 6th, and the 10th (ceil 9.9).
		{1, 1, 1}, {10, 5.5, 9}, {11, 6, 10},
	} {
		db, _ := openDB(t)
		var sent []time.Time
		for range tt.n {
			sent = append(sent, day.Add(time.Hour))
		}
		importTimed(t, db, "x", "a", "p", sent...)
		start, submit, err := db.InsightsTiming(ctx, sqlite.InsightsFilter{From: day, To: day.AddDate(0, 0, 1)}, []float64{0, 2, 8})
		if err != nil {
			t.Fatal(err)
		}
		if start.Count != tt.n || *start.Median != tt.median || *start.P90 != tt.p90 {
			t.Errorf("%d values: count %d, median %v, p90 %v; want %v, %v", tt.n, start.Count, *start.Median, *start.P90, tt.median, tt.p90)
		}
		// Every submission took an hour: the bar from 0 to 2.
		if submit.Count != tt.n || *submit.Median != 1 || submit.Bars[0] != tt.n {
			t.Errorf("%d values: to submit %+v", tt.n, submit)
		}
		// Bars: [0, 2) holds 1; [2, 8) holds 2..7; [8, ∞) the rest.
		want := []int{1, min(max(tt.n-1, 0), 6), max(tt.n-7, 0)}
		if fmt.Sprint(start.Bars) != fmt.Sprint(want) {
			t.Errorf("%d values: bars %v, want %v", tt.n, start.Bars, want)
		}
		if mean := float64(tt.n+1) / 2; *start.Mean != mean {
			t.Errorf("%d values: mean %v, want %v", tt.n, *start.Mean, mean)
		}
	}
}

// The two periods of the funnel are counted apart, whether they touch or
// not, and a period's end is exclusive; the filters narrow both.
func TestInsightsFunnelPeriods(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	d := func(day int) time.Time { return time.Date(2025, 3, day, 0, 0, 0, 0, time.UTC) }
	// Three on 3 March, two on 5 March, one at the first moment of 7 March.
	importTimed(t, db, "a", "a1", "p1", d(3), d(3).Add(time.Hour), d(3).Add(23*time.Hour))
	importTimed(t, db, "b", "a2", "p1", d(5), d(5).Add(time.Hour))
	importTimed(t, db, "c", "a1", "p2", d(7))
	for _, tt := range []struct {
		name        string
		cur, prev   sqlite.InsightsFilter
		now, before int
	}{
		{"touching", sqlite.InsightsFilter{From: d(5), To: d(7)}, sqlite.InsightsFilter{From: d(3), To: d(5)}, 2, 3},
		{"a gap between", sqlite.InsightsFilter{From: d(6), To: d(8)}, sqlite.InsightsFilter{From: d(3), To: d(4)}, 1, 3},
		{"an assessment", sqlite.InsightsFilter{From: d(5), To: d(8), AssessmentID: "a1"}, sqlite.InsightsFilter{From: d(2), To: d(5), AssessmentID: "a1"}, 1, 3},
		{"a posting", sqlite.InsightsFilter{From: d(5), To: d(8), PostingID: "p1"}, sqlite.InsightsFilter{From: d(2), To: d(5), PostingID: "p1"}, 2, 3},
		{"nothing", sqlite.InsightsFilter{From: d(10), To: d(11)}, sqlite.InsightsFilter{From: d(9), To: d(10)}, 0, 0},
	} {
		cur, prev, err := db.InsightsFunnel(ctx, tt.cur, tt.prev)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Invited != tt.now || prev.Invited != tt.before || cur.Submitted != tt.now || prev.Started != tt.before {
			t.Errorf("%s: %+v and %+v, want %d and %d", tt.name, cur, prev, tt.now, tt.before)
		}
	}
}

// What Lever said of past candidates is written with them, and read as
// their groups: hired, archived without a hire, open.
func TestImportLifecyclesGroups(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	day := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	importTimed(t, db, "x", "a", "p", day, day, day, day)
	hired := day.AddDate(0, 0, 30)
	if err := db.ImportLifecycles(ctx, []sqlite.PastLifecycle{
		{OpportunityID: "x-4", State: "archived", StateAt: hired, HiredAt: hired},
		{OpportunityID: "x-1", State: "archived", StateAt: hired},
		{OpportunityID: "x-2", State: "unarchived", StateAt: hired},
	}); err != nil {
		t.Fatal(err)
	}
	life, err := db.Lifecycle(ctx, "x-4")
	if err != nil || !life.HiredAt.Equal(hired) || life.State != "archived" {
		t.Fatalf("x-4: %+v %v", life, err)
	}
	groups, err := db.InsightsCalibration(ctx, sqlite.InsightsFilter{From: day, To: day.AddDate(0, 0, 1)}, []float64{0, 50})
	if err != nil {
		t.Fatal(err)
	}
	// Scores: x-1 10, x-2 20, x-3 30, x-4 40.
	for g, want := range map[string][]float64{sqlite.GroupHired: {40}, sqlite.GroupNotHired: {10}, sqlite.GroupOpen: {20, 30}} {
		s := groups[g]
		if s.Count != len(want) || *s.Median != (want[0]+want[len(want)-1])/2 || s.Bars[0] != len(want) || s.Passed != 0 {
			t.Errorf("%s: %+v, want %v", g, s, want)
		}
	}
}

// The challenges a chart reads follow the result as it changes: none while
// started, all once scored, gone with a candidate Lever deleted.
func TestChallengeScoresFollowTheResult(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	day := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	inv := backend.Invitation{OpportunityID: "o1", AssessmentID: "a", AssessmentTitle: "A", MatchedTag: "A", TagPlace: backend.TagOnPosting,
		StageID: "s", Status: backend.StatusInvited, CreatedAt: day, InvitedAt: day, Candidate: backend.Candidate{OpportunityID: "o1", PostingID: "p"}}
	if err := db.ImportInvitations(ctx, []backend.Invitation{inv}); err != nil {
		t.Fatal(err)
	}
	got, err := db.InvitationsForOpportunity(ctx, "o1")
	if err != nil || len(got) != 1 {
		t.Fatalf("%v %v", got, err)
	}
	id := got[0].ID
	f := sqlite.InsightsFilter{From: day.Add(-time.Hour), To: day.Add(time.Hour)}
	read := func() []sqlite.ChallengeResults {
		t.Helper()
		c, err := db.InsightsChallenges(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	started := backend.Result{Status: backend.StatusStarted, StartedAt: day.Add(time.Hour),
		Challenges: []backend.ChallengeScore{{Title: "One", Score: 50}, {Title: "Two", Score: 0}}}
	if _, err := db.ApplyResult(ctx, id, started); err != nil {
		t.Fatal(err)
	}
	if c := read(); len(c) != 0 {
		t.Fatalf("started: %+v", c)
	}
	score := 40.0
	submitted := started
	submitted.Status, submitted.SubmittedAt, submitted.Score = backend.StatusSubmitted, day.Add(2*time.Hour), &score
	submitted.Challenges = []backend.ChallengeScore{{Title: "One", Score: 80}, {Title: "Two", Score: 0}}
	if _, err := db.ApplyResult(ctx, id, submitted); err != nil {
		t.Fatal(err)
	}
	c := read()
	if len(c) != 2 || c[0].Title != "One" || *c[0].Average != 80 || c[0].StoppedHere != 1 || c[1].Title != "Two" || c[1].Blank != 1 {
		t.Fatalf("submitted: %+v", c)
	}
	if _, err := db.ForgetCandidate(ctx, "o1"); err != nil {
		t.Fatal(err)
	}
	if c := read(); len(c) != 0 {
		t.Fatalf("forgotten: %+v", c)
	}
}
