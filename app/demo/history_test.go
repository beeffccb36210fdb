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
