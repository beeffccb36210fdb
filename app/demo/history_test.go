package demo

import (
	"reflect"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// The made-up past is a believable one: every status, several postings and
// assessments, timestamps in the order things happen, all before the live
// flow, and the same every time.
func TestHistoryIsBelievable(t *testing.T) {
	now := time.Now()
	catalog := []Assessment{
		{ID: "1", Title: "Backend Challenge", Cut: 70, Challenges: []string{"Rate limiter", "LRU cache"}, Languages: []string{"go"}},
		{ID: "2", Title: "Frontend Challenge", Cut: 65, Languages: []string{"typescript"}},
		{ID: "3", Title: "SQL Basics", Cut: 60, Languages: []string{"sql"}},
		{ID: "4", Title: "Data Structures", Cut: 75, Languages: []string{"python"}},
	}
	invs := History(5000, now, catalog, "http://qualified.test")
	if len(invs) != 5000 {
		t.Fatalf("%d invitations, want 5000", len(invs))
	}
	statuses, postings, assessments, people := map[backend.Status]int{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, inv := range invs {
		statuses[inv.Status]++
		postings[inv.Candidate.PostingID] = true
		assessments[inv.AssessmentID] = true
		people[inv.OpportunityID] = true
		steps := []time.Time{inv.CreatedAt, inv.InvitedAt, inv.StartedAt, inv.SubmittedAt, inv.UpdatedAt}
		prev := time.Time{}
		for _, at := range steps {
			if at.IsZero() {
				continue
			}
			if at.Before(prev) || at.After(now.Add(-time.Hour)) {
				t.Fatalf("%s %s: timestamps out of order or too late: %v", inv.OpportunityID, inv.Status, steps)
			}
			prev = at
		}
		switch inv.Status {
		case backend.StatusSubmitted:
			if inv.Score == nil || inv.Passed == nil || inv.ReportURL == "" || inv.TimeSpent <= 0 {
				t.Fatalf("submitted without a result: %+v", inv)
			}
		case backend.StatusFailed:
			if inv.Error == "" {
				t.Fatalf("failed without a reason: %+v", inv)
			}
		}
		if inv.ResultID != "" {
			t.Fatalf("%s has a result id the simulated account does not know", inv.OpportunityID)
		}
	}
	for _, s := range backend.Statuses {
		if statuses[s] == 0 {
			t.Errorf("no %s invitation in %v", s, statuses)
		}
	}
	if len(postings) < 6 || len(assessments) != len(catalog) || len(people) < 3000 {
		t.Errorf("%d postings, %d assessments, %d candidates", len(postings), len(assessments), len(people))
	}
	if again := History(5000, now, catalog, "http://qualified.test"); !reflect.DeepEqual(again, invs) {
		t.Error("the same --history made a different past")
	}
}

// An assessment whose languages are not known still gets a past: its
// challenge scores say no language.
func TestHistoryWithoutLanguages(t *testing.T) {
	catalog := []Assessment{{ID: "1", Title: "Backend Challenge", Cut: 70, Challenges: []string{"Rate limiter"}}}
	invs := History(300, time.Now(), catalog, "http://qualified.test")
	submitted := 0
	for _, inv := range invs {
		if inv.Status != backend.StatusSubmitted {
			continue
		}
		submitted++
		if len(inv.Challenges) != 1 || inv.Challenges[0].Language != "" {
			t.Fatalf("challenges %+v, want one without a language", inv.Challenges)
		}
	}
	if submitted == 0 {
		t.Fatal("no submitted invitation in 300: nothing checked")
	}
}

// The past shows what the Insights screen is for: hires some weeks after a
// submission, mostly of candidates who passed and scored higher than those
// archived without a hire; candidates archived; a spread of times to start
// and submit; a challenge often left blank; a trend over the months. The
// same n makes the same past.
func TestPastHasHiresArchivesAndTrends(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	catalog := []Assessment{
		{ID: "1", Title: "Backend Challenge", Cut: 70, Challenges: []string{"Rate limiter", "LRU cache", "Log parser"}},
		{ID: "2", Title: "Frontend Challenge", Cut: 65, Challenges: []string{"Accessible dropdown", "Infinite list"}},
		{ID: "3", Title: "SQL Basics", Cut: 60, Challenges: []string{"Joins", "Window functions"}},
		{ID: "4", Title: "Data Structures", Cut: 75, Challenges: []string{"Heaps", "Graphs"}},
	}
	invs, lives := Past(20000, now, catalog, "http://qualified.test")
	byOpp := map[string][]backend.Invitation{}
	for _, inv := range invs {
		byOpp[inv.OpportunityID] = append(byOpp[inv.OpportunityID], inv)
	}
	best := func(opp string) *backend.Invitation {
		var b *backend.Invitation
		for i, inv := range byOpp[opp] {
			if inv.Score != nil && (b == nil || *inv.Score > *b.Score) {
				b = &byOpp[opp][i]
			}
		}
		return b
	}
	var hiredScores, archivedScores []float64
	hiredFailed := 0
	for _, l := range lives {
		b := best(l.OpportunityID)
		if len(byOpp[l.OpportunityID]) == 0 || l.ArchivedAt.IsZero() || l.ArchivedAt.After(now.Add(-time.Hour)) {
			t.Fatalf("life %+v: no candidate, or archived at the wrong time", l)
		}
		if l.HiredAt.IsZero() {
			if b != nil {
				archivedScores = append(archivedScores, *b.Score)
			}
			continue
		}
		if b == nil {
			t.Fatalf("%s hired without a result", l.OpportunityID)
		}
		if gap := l.HiredAt.Sub(b.SubmittedAt); gap < 14*24*time.Hour || gap > 50*24*time.Hour {
			t.Errorf("%s hired %s after submitting", l.OpportunityID, gap)
		}
		if !*b.Passed {
			hiredFailed++
		}
		hiredScores = append(hiredScores, *b.Score)
	}
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	if len(hiredScores) < 100 || hiredFailed == 0 || hiredFailed > len(hiredScores)/5 || len(archivedScores) < 2000 {
		t.Errorf("%d hired (%d without a pass), %d archived with a result", len(hiredScores), hiredFailed, len(archivedScores))
	}
	if h, a := mean(hiredScores), mean(archivedScores); h < a+10 {
		t.Errorf("hired scored %.1f on average, archived %.1f: calibration would show nothing", h, a)
	}
	// Timings spread: some start within the hour, some after a week.
	var fast, slow, blankLast, lastSeen int
	var early, late [2]int // started of those invited, first and last month
	for _, inv := range invs {
		if !inv.StartedAt.IsZero() {
			d := inv.StartedAt.Sub(inv.InvitedAt)
			if d < time.Hour {
				fast++
			}
			if d > 7*24*time.Hour {
				slow++
			}
		}
		if n := len(inv.Challenges); n == 3 {
			lastSeen++
			if inv.Challenges[n-1].Score == 0 {
				blankLast++
			}
		}
		if inv.InvitedAt.IsZero() {
			continue
		}
		age := now.Sub(inv.InvitedAt)
		for i, in := range []bool{age > 150*24*time.Hour, age < 30*24*time.Hour} {
			if !in {
				continue
			}
			c := &early
			if i == 1 {
				c = &late
			}
			c[0]++
			if inv.Status != backend.StatusInvited {
				c[1]++
			}
		}
	}
	if fast < 200 || slow < 100 {
		t.Errorf("%d started within the hour, %d after a week", fast, slow)
	}
	if blankLast*100 < lastSeen*15 {
		t.Errorf("the last challenge left blank %d times of %d", blankLast, lastSeen)
	}
	if late[0] < 2*early[0] || float64(late[1])/float64(late[0]) <= float64(early[1])/float64(early[0]) {
		t.Errorf("no trend: first month %v, last month %v (invited, went further)", early, late)
	}
	again, livesAgain := Past(20000, now, catalog, "http://qualified.test")
	if !reflect.DeepEqual(again, invs) || !reflect.DeepEqual(livesAgain, lives) {
		t.Error("the same --history made a different past")
	}
}
