package workflow_test

import (
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// The catch-up runs while a webhook's decision is still under way (here:
// Qualified is slow to list its assessments). It must not queue a second
// decision for the same candidate, which would only read the candidate
// from Lever again.
func TestCatchUpLeavesAQueuedDecisionAlone(t *testing.T) {
	r := newRig(t, rigOptions{pollInterval: 150 * time.Millisecond})
	r.candidate("opp-slow", "Backend Challenge")
	// Within the client's timeout: the answer comes, late.
	r.qual.FaultNext("GET", "/v1/assessments", 1, qualifiedtest.Fault{Delay: 800 * time.Millisecond})
	catchUps := func() int { return r.lev.Stats().ByRoute["GET /opportunities"] }
	r.eventually(5*time.Second, func() bool { return catchUps() >= 1 }, func() string { return "the catch-up did not start" })
	before := catchUps()
	start := time.Now()
	r.move("opp-slow")
	r.invitedOnce("opp-slow")
	t.Logf("decided in %s; %d catch-ups meanwhile", time.Since(start), catchUps()-before)
	if catchUps() == before {
		t.Fatal("no catch-up ran while the decision was under way")
	}
	r.waitIdle()
	if n := r.lev.Stats().ByRoute["GET /opportunities/:id"]; n != 1 {
		t.Fatalf("the candidate was read %d times from Lever; one read decides", n)
	}
}
