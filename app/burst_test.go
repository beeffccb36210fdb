package app

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// burst moves n tagged candidates into the trigger stage at once, from
// several senders, and waits until every one is invited and tagged.
func burst(t testing.TB, h *harness, n int) time.Duration {
	for i := range n {
		h.candidate(fmt.Sprintf("opp-burst-%04d", i), fmt.Sprintf("Burst Candidate%04d", i), []string{"Backend Challenge"})
	}
	start := time.Now()
	var wg sync.WaitGroup
	ids := make(chan string)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ids {
				ds, err := h.lever.MoveToStage(id, stageAssessment)
				if err != nil || len(ds) != 1 || ds[0].StatusCode != 200 {
					t.Errorf("delivery for %s: %+v %v", id, ds, err)
				}
			}
		}()
	}
	for i := range n {
		ids <- fmt.Sprintf("opp-burst-%04d", i)
	}
	close(ids)
	wg.Wait()
	h.eventually(10*time.Minute, func() bool {
		var done int
		err := h.app.DB().Writer().QueryRow(`SELECT count(*) FROM invitations WHERE applied_tag = 'Backend Challenge - Invited'`).Scan(&done)
		return err == nil && done == n
	}, func() string { return "not every candidate was invited and tagged" })
	return time.Since(start)
}

// checkExactlyOnce checks, in the simulators, one e-mail and the right tags each.
func checkExactlyOnce(t testing.TB, h *harness, n int) {
	for i := range n {
		id := fmt.Sprintf("opp-burst-%04d", i)
		if got := h.qual.EmailsSent(h.email(id), h.ids["Backend Challenge"]); got != 1 {
			t.Fatalf("%s: %d invitation e-mails", id, got)
		}
		if tags := h.tags(id); len(tags) != 1 || tags[0] != "Backend Challenge - Invited" {
			t.Fatalf("%s: tags %v", id, tags)
		}
	}
}

func TestBurstOfStageChangesInvitesEveryCandidateOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	const n = 40
	burst(t, h, n)
	h.waitIdle()
	checkExactlyOnce(t, h, n)
}

// Each invited candidate costs the fewest Lever calls the API allows: one
// call to add "Title - Invited", and, when the tag was on the candidate,
// one to remove "Title"; and a share of one read, since the webhook carries
// neither tags nor e-mail: candidates moved together are read together, a
// page of up to 100 of them (GET /opportunities?stage_id=…), not one call
// each. Stages, postings and assessments come from caches.
//
// Moved one after another, as here, a decision that starts before the next
// delivery arrives finds nobody waiting with it and reads its candidate at
// once, singly; how the moves fall into pages depends on timing, so the
// reads are bounded at half the old one per candidate (a page alone for
// all 20 is the usual count). The exact minimum, one page for a batch, is
// TestABulkMoveIsDecidedFromOnePage in backend/workflow.
func TestLeverCallsPerInvitedCandidateAreTheMinimum(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	const n = 10
	for i := range n {
		h.candidate(fmt.Sprintf("opp-cand-%02d", i), fmt.Sprintf("Tagged Candidate%02d", i), []string{"Backend Challenge"})
		h.candidate(fmt.Sprintf("opp-post-%02d", i), fmt.Sprintf("Posting Candidate%02d", i), nil, "post-backend")
	}
	h.waitIdle()
	before := h.lever.Stats()
	for i := range n {
		h.move(fmt.Sprintf("opp-cand-%02d", i), stageAssessment)
		h.move(fmt.Sprintf("opp-post-%02d", i), stageAssessment)
	}
	for i := range n {
		for _, id := range []string{fmt.Sprintf("opp-cand-%02d", i), fmt.Sprintf("opp-post-%02d", i)} {
			h.eventually(wait, func() bool { return h.hasTags(id, "Backend Challenge - Invited") }, h.describe(id))
		}
	}
	h.waitIdle()
	after := h.lever.Stats()
	got := map[string]int{}
	for route, c := range after.ByRoute {
		if d := c - before.ByRoute[route]; d > 0 { // the periodic catch-up ran before, at start
			got[route] = d
		}
	}
	reads := got["GET /opportunities"] + got["GET /opportunities/:id"]
	if reads < 1 || reads > n {
		t.Errorf("%d reads of candidates (%d pages, %d single) for %d candidates, want from 1 to %d", reads, got["GET /opportunities"], got["GET /opportunities/:id"], 2*n, n)
	}
	delete(got, "GET /opportunities")
	delete(got, "GET /opportunities/:id")
	want := map[string]int{
		"POST /opportunities/:id/addTags":    2 * n,
		"POST /opportunities/:id/removeTags": n,
		"GET /postings/:id":                  1,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Lever calls for %d candidates tagged on the candidate and %d on the posting:\n got %v\nwant %v", n, n, got, want)
	}
}
