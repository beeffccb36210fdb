package workflow_test

import (
	"context"
	"net/http"
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
// line tells of the cancel, not of a candidate who did not hand in. Other
// closed reasons (a team's close) keep their line.
func TestResultClosedByACancelSaysTheInvitationWasCancelled(t *testing.T) {
	r := newRig(t, rigOptions{})
	qc := qualified.New(r.qual.URL, qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(&http.Client{Timeout: clientWait}))
	for _, tt := range []struct {
		id, want, not string
		close         func(res qualifiedtest.Result) error
	}{
		{"opp-cxl", "invitation to Backend Challenge was cancelled.", "closed without a submission", func(qualifiedtest.Result) error {
			return qc.Cancel(context.Background(), r.invitation("opp-cxl", challenge).ProviderInvitationID)
		}},
		{"opp-term", "Backend Challenge was closed without a submission.", "was cancelled", func(res qualifiedtest.Result) error {
			_, err := r.qual.Terminate(res.ID)
			return err
		}},
	} {
		res := r.invited(tt.id)
		r.started(tt.id)
		r.eventually(10*time.Second, func() bool { return r.invitation(tt.id, challenge).Status == backend.StatusStarted }, r.describe(tt.id))
		r.waitIdle()
		if err := tt.close(res); err != nil {
			t.Fatal(err)
		}
		r.deliverResult(res.ID, "terminated")
		r.eventually(10*time.Second, func() bool { return r.invitation(tt.id, challenge).Status == backend.StatusClosed }, r.describe(tt.id))
		r.waitIdle()
		if n, wrong := r.countLines(tt.id, tt.want), r.countLines(tt.id, tt.not); n != 1 || wrong != 0 {
			t.Errorf("%s: %d lines saying %q (want 1), %d saying %q: %+v", tt.id, n, tt.want, wrong, tt.not, r.linesAbout(tt.id))
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
