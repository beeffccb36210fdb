package workflow_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// TestResultClosedByACancelSaysTheInvitationWasCancelled: Qualified has
// cancelled the invitation (our own cancel, whose answer a stop kept from
// being recorded), and its report of the closed result arrives first: the
// line tells of the cancel, not of a candidate who did not hand in.
func TestResultClosedByACancelSaysTheInvitationWasCancelled(t *testing.T) {
	r := newRig(t, rigOptions{})
	res := r.invited("opp-cxl")
	r.started("opp-cxl")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-cxl", "Backend Challenge").Status == backend.StatusStarted }, r.describe("opp-cxl"))
	r.waitIdle()
	qc := qualified.New(r.qual.URL, qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(&http.Client{Timeout: clientWait}))
	if err := qc.Cancel(context.Background(), r.invitation("opp-cxl", "Backend Challenge").ProviderInvitationID); err != nil {
		t.Fatal(err)
	}
	r.deliverResult(res.ID, "terminated")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-cxl", "Backend Challenge").Status == backend.StatusClosed }, r.describe("opp-cxl"))
	r.waitIdle()
	if n := r.countLines("opp-cxl", "invitation to Backend Challenge was cancelled."); n != 1 {
		t.Errorf("%d cancelled lines, want 1: %+v", n, r.linesAbout("opp-cxl"))
	}
	if n := r.countLines("opp-cxl", "closed without a submission"); n != 0 {
		t.Errorf("a cancel told as closed without a submission: %+v", r.linesAbout("opp-cxl"))
	}
}

// TestResultClosedByTheTeamStillSaysWithoutASubmission: other closed
// reasons keep their line.
func TestResultClosedByTheTeamStillSaysWithoutASubmission(t *testing.T) {
	r := newRig(t, rigOptions{})
	res := r.invited("opp-term")
	if _, err := r.qual.Terminate(res.ID); err != nil {
		t.Fatal(err)
	}
	r.deliverResult(res.ID, "terminated")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-term", "Backend Challenge").Status == backend.StatusClosed }, r.describe("opp-term"))
	r.waitIdle()
	if n := r.countLines("opp-term", "closed without a submission"); n != 1 {
		t.Errorf("%d lines, want 1: %+v", n, r.linesAbout("opp-term"))
	}
	for _, a := range r.linesAbout("opp-term") {
		if strings.Contains(a.Message, "was cancelled") {
			t.Errorf("a team's close told as a cancel: %q", a.Message)
		}
	}
}

// TestArchiveCancelRemovesTheStatusTagAsTheDashboardCancelDoes: an
// invitation withdrawn because the candidate was archived leaves Lever's
// tags as the dashboard's Cancel leaves them, and a removal Lever answered
// with an error is asked again without a second cancel line.
func TestArchiveCancelRemovesTheStatusTagAsTheDashboardCancelDoes(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.invited("opp-dash")
	r.invited("opp-arch2")
	r.waitIdle()
	removes := r.lev.Stats().ByRoute["POST /opportunities/:id/removeTags"]
	r.act(workflow.ActionCancel, 0, "opp-dash")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-dash", challenge).Status == backend.StatusClosed }, r.describe("opp-dash"))

	r.lev.FailNext("POST", "/opportunities/opp-arch2/removeTags", 1, http.StatusServiceUnavailable)
	r.archive("opp-arch2")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-arch2", challenge).Status == backend.StatusClosed }, r.describe("opp-arch2"))
	r.waitIdle()
	if contains(r.tags("opp-arch2"), "Backend Challenge - Invited") || contains(r.tags("opp-dash"), "Backend Challenge - Invited") {
		t.Errorf("a status tag stayed: archived %v, cancelled %v", r.tags("opp-arch2"), r.tags("opp-dash"))
	}
	if len(r.tags("opp-arch2")) != len(r.tags("opp-dash")) {
		t.Errorf("archived %v, cancelled from the dashboard %v: they should agree", r.tags("opp-arch2"), r.tags("opp-dash"))
	}
	if n := r.countLines("opp-arch2", `tag "Backend Challenge - Invited" removed in Lever`); n != 1 {
		t.Errorf("%d lines of the cancel and its tag, want 1: %+v", n, r.linesAbout("opp-arch2"))
	}
	if res := r.result("opp-arch2", challenge); res.State != "terminated" {
		t.Errorf("Qualified result %q", res.State)
	}
	if n := r.lev.Stats().ByRoute["POST /opportunities/:id/removeTags"] - removes; n != 3 {
		t.Errorf("%d tag removals, want 3 (the dashboard's, the archive's refused one and its retry)", n)
	}
	if n := r.emails("opp-arch2", challenge); n != 1 {
		t.Errorf("%d e-mails", n)
	}
}
