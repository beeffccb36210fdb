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

// BenchmarkBurst200 measures a burst of 200 stage changes against Lever's
// limit of 10 requests a second: run it with -benchtime=1x.
func BenchmarkBurst200(b *testing.B) {
	const n = 200
	for range b.N {
		h := newHarness(b, harnessOptions{})
		before := h.lever.Stats()
		took := burst(b, h, n)
		after := h.lever.Stats()
		h.waitIdle()
		checkExactlyOnce(b, h, n)
		calls := after.Requests - before.Requests
		bound := time.Duration(float64(calls) / 10 * float64(time.Second))
		b.ReportMetric(took.Seconds(), "s/burst")
		b.ReportMetric(float64(after.RateLimited-before.RateLimited), "429s")
		b.ReportMetric(float64(calls)/n, "lever-calls/candidate")
		b.ReportMetric(took.Seconds()/bound.Seconds(), "x-rate-bound")
		b.Logf("200 stage changes: all invited and tagged in %s; %d Lever calls (bound at 10/s: %s); %d answered 429",
			took.Round(time.Millisecond), calls, bound, after.RateLimited-before.RateLimited)
		h.stop()
	}
}
