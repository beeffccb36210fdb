package workflow_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// failedInvitation leaves id's invitation failed: Qualified refused it and
// the job was not tried again.
func (r *rig) failedInvitation(id string) {
	r.t.Helper()
	r.qual.FailNext("POST", "/v1/assessment_invitations", 1, http.StatusUnprocessableEntity)
	r.candidate(id, challenge)
	r.move(id)
	r.eventually(10*time.Second, func() bool { return r.invitation(id, challenge).Status == backend.StatusFailed }, r.describe(id))
	r.waitIdle()
}

func (r *rig) retryInvitation(id string) calls {
	r.t.Helper()
	before := r.callsNow()
	if err := r.eng.RetryInvitation(context.Background(), r.invitation(id, challenge).ID); err != nil {
		r.t.Fatal(err)
	}
	r.eventually(10*time.Second, func() bool { return r.invitation(id, challenge).Status != backend.StatusPending }, r.describe(id))
	r.waitIdle()
	return r.callsSince(before)
}

// TestRetryOfAFailedInvitationLooksAtTheCandidateFirst: the recruiter's
// Retry sends nothing to a candidate archived or deleted in Lever since the
// first try, and says why; a candidate still active is invited, for one
// Lever read more than a first invitation.
func TestRetryOfAFailedInvitationLooksAtTheCandidateFirst(t *testing.T) {
	r := newRig(t, rigOptions{maxAttempts: 1})
	for _, id := range []string{"opp-ra", "opp-rd", "opp-rok"} {
		r.failedInvitation(id)
	}
	r.lev.Archive("opp-ra") // its delivery is not handed over: the retry alone must see it
	r.lev.Delete("opp-rd")

	for _, tt := range []struct{ id, line string }{
		{"opp-ra", "Cand opp-ra was archived in Lever: the invitation to Backend Challenge will not be sent."},
		{"opp-rd", "Deleted in Lever: the invitation to Backend Challenge will not be sent."},
	} {
		cost := r.retryInvitation(tt.id)
		if s := r.invitation(tt.id, challenge).Status; s != backend.StatusClosed {
			t.Errorf("%s: status %s", tt.id, s)
		}
		if n := r.emails(tt.id, challenge); n != 0 {
			t.Errorf("%s: %d e-mails", tt.id, n)
		}
		if n := r.countLines(tt.id, tt.line); n != 1 {
			t.Errorf("%s: %d lines: %+v", tt.id, n, r.linesAbout(tt.id))
		}
		if cost.lever != 1 || cost.qualified != 0 {
			t.Errorf("%s: retry cost %+v, want 1 Lever read", tt.id, cost)
		}
	}

	cost := r.retryInvitation("opp-rok")
	if s := r.invitation("opp-rok", challenge).Status; s != backend.StatusInvited {
		t.Errorf("active: status %s", s)
	}
	if n := r.emails("opp-rok", challenge); n != 1 {
		t.Errorf("active: %d e-mails", n)
	}
	t.Logf("retry of an active candidate: %d Lever and %d Qualified calls", cost.lever, cost.qualified)
	// The look, then the tags (add the status tag, remove the title tag),
	// and the invitation.
	if cost.lever != 3 || cost.qualified != 1 {
		t.Errorf("retry of an active candidate cost %+v, want 3 Lever calls (1 read, 2 tags) and 1 invite", cost)
	}
}

// TestInviteJobRetryLooksAtTheCandidateFirst: the invite job's own retry
// after Qualified's error sends nothing to a candidate archived meanwhile,
// even when Lever's archive delivery never arrives.
func TestInviteJobRetryLooksAtTheCandidateFirst(t *testing.T) {
	b := &busy{}
	b.on.Store(true)
	r := newRig(t, rigOptions{wrap: func(p backend.Provider) backend.Provider { b.Provider = p; return b }})
	r.candidate("opp-jr", challenge)
	r.move("opp-jr")
	r.eventually(10*time.Second, func() bool { return len(r.messages(backend.OutcomeRetrying)) > 0 }, r.describe("opp-jr"))
	r.lev.Archive("opp-jr")
	b.on.Store(false)
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-jr", challenge).Status == backend.StatusClosed }, r.describe("opp-jr"))
	r.waitIdle()
	if n := r.emails("opp-jr", challenge); n != 0 {
		t.Errorf("%d e-mails to a candidate archived before the retry", n)
	}
	if n := r.countLines("opp-jr", "was archived in Lever: the invitation to Backend Challenge will not be sent."); n != 1 {
		t.Errorf("%d lines: %+v", n, r.linesAbout("opp-jr"))
	}
}

// TestFirstInvitationDoesNotReadTheCandidateAgain: the look is a retry's
// cost only.
func TestFirstInvitationDoesNotReadTheCandidateAgain(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.candidate("opp-first", challenge)
	r.waitIdle()
	reads := r.lev.Stats().ByRoute["GET /opportunities/:id"]
	r.move("opp-first")
	r.invitedOnce("opp-first")
	r.waitIdle()
	// The stage change reads the candidate once; the invitation adds none.
	if n := r.lev.Stats().ByRoute["GET /opportunities/:id"] - reads; n != 1 {
		t.Errorf("%d reads of the candidate for a first invitation, want 1 (the stage change's)", n)
	}
}
