package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

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
	check := func(when string, groups map[string]sqlite.Spread, want map[string][]float64) {
		t.Helper()
		for g, want := range want {
			s := groups[g]
			if s.Count != len(want) || *s.Median != (want[0]+want[len(want)-1])/2 || s.Bars[0] != len(want) || s.Passed != 0 {
				t.Errorf("%s: %s: %+v, want %v", when, g, s, want)
			}
		}
	}
	check("imported", groups, map[string][]float64{sqlite.GroupHired: {40}, sqlite.GroupNotHired: {10}, sqlite.GroupOpen: {20, 30}})
	// Lever says more: x-1 hired after all, x-3 archived.
	if _, err := db.SetHired(ctx, "x-1", hired); err != nil {
		t.Fatal(err)
	}
	if err := db.SetArchiveState(ctx, "x-3", "archived", hired); err != nil {
		t.Fatal(err)
	}
	groups, err = db.InsightsCalibration(ctx, sqlite.InsightsFilter{From: day, To: day.AddDate(0, 0, 1)}, []float64{0, 50})
	if err != nil {
		t.Fatal(err)
	}
	check("later", groups, map[string][]float64{sqlite.GroupHired: {10, 40}, sqlite.GroupNotHired: {30}, sqlite.GroupOpen: {20}})
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
	// Read from the rows (an hour either side) and from the counts kept
	// per day (the whole day): both must say the same.
	f := sqlite.InsightsFilter{From: day.Add(-time.Hour), To: day.Add(time.Hour)}
	whole := sqlite.InsightsFilter{From: day.Truncate(24 * time.Hour), To: day.Truncate(24*time.Hour).AddDate(0, 0, 1)}
	read := func() []sqlite.ChallengeResults {
		t.Helper()
		c, err := db.InsightsChallenges(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		kept, err := db.InsightsChallenges(ctx, whole)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%+v", printable(c)) != fmt.Sprintf("%+v", printable(kept)) {
			t.Errorf("from the rows %+v, from the days %+v", printable(c), printable(kept))
		}
		return c
	}
	funnel := func() string {
		t.Helper()
		a, _, err := db.InsightsFunnel(ctx, f, f)
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := db.InsightsFunnel(ctx, whole, whole)
		if err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("funnel from the rows %+v, from the days %+v", a, b)
		}
		return fmt.Sprintf("%d %d %d %d", a.Invited, a.Started, a.Submitted, a.Passed)
	}
	if got := funnel(); got != "1 0 0 0" {
		t.Errorf("invited: funnel %s", got)
	}
	started := backend.Result{Status: backend.StatusStarted, StartedAt: day.Add(time.Hour),
		Challenges: []backend.ChallengeScore{{Title: "One", Score: 50}, {Title: "Two", Score: 0}}}
	if _, err := db.ApplyResult(ctx, id, started); err != nil {
		t.Fatal(err)
	}
	if c := read(); len(c) != 0 {
		t.Fatalf("started: %+v", c)
	}
	if got := funnel(); got != "1 1 0 0" {
		t.Errorf("started: funnel %s", got)
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
	passed := true
	submitted.Passed = &passed
	submitted.Challenges = []backend.ChallengeScore{{Title: "One", Score: 80}, {Title: "Two", Score: 10}}
	if _, err := db.ApplyResult(ctx, id, submitted); err != nil {
		t.Fatal(err)
	}
	// The score had arrived: nothing changes.
	if got := funnel(); got != "1 1 1 0" {
		t.Errorf("submitted: funnel %s", got)
	}
	if _, err := db.ForgetCandidate(ctx, "o1"); err != nil {
		t.Fatal(err)
	}
	if c := read(); len(c) != 0 {
		t.Fatalf("forgotten: %+v", c)
	}
	if got := funnel(); got != "0 0 0 0" {
		t.Errorf("forgotten: funnel %s", got)
	}
}

// printable is challenge results with their averages as values.
func printable(cs []sqlite.ChallengeResults) []string {
	var out []string
	for _, c := range cs {
		avg := "none"
		if c.Average != nil {
			avg = fmt.Sprintf("%.4f", *c.Average)
		}
		out = append(out, fmt.Sprintf("%s %d %s %d %d", c.Title, c.Submitted, avg, c.Blank, c.StoppedHere))
	}
	return out
}

// The migration keeps what is already there: the challenges and the counts
// per day are made from the invitations written before it, and say what
// the rows say.
func TestInsightsMigrationCountsWhatIsThere(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	day := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	importTimed(t, db, "x", "a", "p", day.Add(time.Hour), day.Add(2*time.Hour), day.AddDate(0, 0, 1))
	var invs []backend.Invitation
	for i, scores := range [][]float64{{80, 0, 0}, {70, 60, 0}, {0, 0, 0}} {
		opp := fmt.Sprintf("c-%d", i)
		score := (scores[0] + scores[1] + scores[2]) / 3
		inv := backend.Invitation{OpportunityID: opp, AssessmentID: "b", AssessmentTitle: "B", MatchedTag: "B", TagPlace: backend.TagOnPosting,
			StageID: "s", Status: backend.StatusSubmitted, CreatedAt: day, InvitedAt: day.Add(time.Hour), StartedAt: day.Add(2 * time.Hour),
			SubmittedAt: day.Add(3 * time.Hour), Score: &score, Candidate: backend.Candidate{OpportunityID: opp, PostingID: "q"}}
		for k, s := range scores {
			inv.Challenges = append(inv.Challenges, backend.ChallengeScore{Title: fmt.Sprintf("Challenge %d", k+1), Score: s})
		}
		invs = append(invs, inv)
	}
	if err := db.ImportInvitations(ctx, invs); err != nil {
		t.Fatal(err)
	}
	if err := db.ImportLifecycles(ctx, []sqlite.PastLifecycle{{OpportunityID: "c-0", State: "archived", StateAt: day, HiredAt: day},
		{OpportunityID: "x-1", State: "archived", StateAt: day}, {OpportunityID: "x-2", State: "archived", StateAt: day}}); err != nil {
		t.Fatal(err)
	}
	whole := sqlite.InsightsFilter{From: day, To: day.AddDate(0, 0, 2)}
	figures := func() string {
		t.Helper()
		cur, prev, err := db.InsightsFunnel(ctx, whole, sqlite.InsightsFilter{From: day.AddDate(0, 0, -2), To: day})
		if err != nil {
			t.Fatal(err)
		}
		ch, err := db.InsightsChallenges(ctx, whole)
		if err != nil {
			t.Fatal(err)
		}
		cal, err := db.InsightsCalibration(ctx, whole, []float64{0, 50})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%+v %+v %v hired %d, not hired %d, open %d", cur, prev, printable(ch),
			cal[sqlite.GroupHired].Count, cal[sqlite.GroupNotHired].Count, cal[sqlite.GroupOpen].Count)
	}
	before := figures()
	// Six invited, started and submitted, none passed. c-0 scored 80, 0, 0
	// (stopped at the first), c-1 70, 60, 0 (stopped at the second), c-2
	// nothing (stopped nowhere): Challenge 1 averages 150 / 3 = 50 with one
	// blank, Challenge 2 60 / 3 = 20 with two, Challenge 3 0 with three.
	want := `{Invited:6 Started:6 Submitted:6 Passed:0} {Invited:0 Started:0 Submitted:0 Passed:0} ` +
		`[Challenge 1 3 50.0000 1 1 Challenge 2 3 20.0000 2 1 Challenge 3 3 0.0000 3 0] hired 1, not hired 2, open 3`
	if before != want {
		t.Fatalf("before: %s\nwant    %s", before, want)
	}
	migrations, err := goose.NewProvider(goose.DialectSQLite3, db.Writer(), os.DirFS("migrations"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.DownTo(ctx, 11); err != nil {
		t.Fatal(err)
	}
	if tableExists(t, db, "insight_days") || tableExists(t, db, "challenge_scores") {
		t.Fatal("set-up: the kept counts are still there after migrating down")
	}
	if _, err := migrations.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if after := figures(); after != before {
		t.Errorf("after the migration: %s\nbefore:              %s", after, before)
	}
}
