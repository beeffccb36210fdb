package workflow_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// candidates seeds n candidates tagged with the Backend Challenge, their ids
// numbered after prefix.
func (r *rig) candidates(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%02d", prefix, i)
		r.candidate(out[i], "Backend Challenge")
	}
	return out
}

func TestRateLimitStormsAreRiddenOutAndEveryoneIsInvitedOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	cands := r.candidates("opp-storm", 8)
	// Both APIs answer 429 to everything for a while.
	r.lev.FailNext("", "/", 1_000_000, http.StatusTooManyRequests)
	r.qual.FailNext("", "/v1/", 1_000_000, http.StatusTooManyRequests)
	for _, id := range cands {
		r.move(id)
	}
	// Each decision meets the storm, and is told to try again, twice. While
	// Lever answers 429, every call on the key waits out a pause of up to a
	// second after each refusal, and a call is sent six times before its
	// decision is put off: eight decisions' two rounds took 28–41 s on a
	// busy 2-core machine.
	r.eventually(60*time.Second, func() bool { return r.retriesOf("Could not read the candidate from Lever", cands...) >= 2 }, r.describe(cands...))
	if n := len(r.qual.Invitations()); n != 0 {
		t.Fatalf("%d invitations during the storm", n)
	}
	r.lev.ClearFailures()
	// Lever is back; the decisions meet Qualified's storm.
	r.eventually(30*time.Second, func() bool { return r.retriesOf("Could not match tags to assessments", cands...) >= 1 }, r.describe(cands...))
	r.qual.ClearFailures()
	r.invitedOnce(cands...)
	if st := r.lev.Stats(); st.RateLimited < len(cands) {
		t.Fatalf("the storm never reached the engine: %d answers were 429", st.RateLimited)
	}
}

// retriesOf is the fewest "trying again" lines starting with what that any
// of ids has.
func (r *rig) retriesOf(what string, ids ...string) int {
	n := map[string]int{}
	for _, a := range r.activity(backend.OutcomeRetrying) {
		if strings.HasPrefix(a.Message, what) {
			n[a.OpportunityID]++
		}
	}
	fewest := -1
	for _, id := range ids {
		if fewest < 0 || n[id] < fewest {
			fewest = n[id]
		}
	}
	return fewest
}

func TestServerErrorsAreRetriedUntilTheyClear(t *testing.T) {
	r := newRig(t, rigOptions{})
	cands := r.candidates("opp-5xx", 4)
	// The candidates' reads fail, whether one at a time or in a page: every
	// failure is spent before they can be decided.
	r.lev.FailNext("GET", "/opportunities", 12, http.StatusInternalServerError)
	r.lev.FailNext("POST", "/opportunities/", 6, http.StatusServiceUnavailable)
	r.qual.FailNext("POST", "/v1/assessment_invitations", 6, http.StatusServiceUnavailable)
	r.qual.FailNext("GET", "/v1/assessment_results", 6, http.StatusInternalServerError)
	for _, id := range cands {
		r.move(id)
	}
	r.invitedOnce(cands...)
	r.qual.FailNext("GET", "/v1/assessment_results", 6, http.StatusServiceUnavailable)
	r.lev.FailNext("POST", "/opportunities/"+cands[0]+"/notes", 3, http.StatusServiceUnavailable)
	r.submitted(cands[0], 90)
	r.resultNoted(cands[0], 30*time.Second)
	r.waitIdle()
	if n := len(r.lev.Notes(cands[0])); n != 1 {
		t.Fatalf("%d notes", n)
	}
}

func TestInviteWhoseAnswerTimesOutIsNotEmailedTwice(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.candidate("opp-slow", "Backend Challenge")
	// Qualified invites and e-mails the candidate, but answers only after
	// the client has given up; the retry must not e-mail again.
	r.qual.FaultNext("POST", "/v1/assessment_invitations", 2, qualifiedtest.Fault{Delay: beyondClient})
	r.move("opp-slow")
	r.invitedOnce("opp-slow")
	if n := len(r.qual.Invitations()); n != 1 {
		t.Fatalf("%d invitations in Qualified", n)
	}
	if inv := r.invitation("opp-slow", "Backend Challenge"); inv.Status != backend.StatusInvited || inv.ResultID == "" {
		t.Fatalf("stored invitation %+v", inv)
	}
}

// Calls whose answer is lost on the way (a timeout, a reset connection, a
// garbled body) are tried again, from the decision through the result's
// tags and note, and repeat nothing.
func TestCallsWhoseAnswerIsLostAreRetried(t *testing.T) {
	for _, tt := range []struct {
		name, id string
		// invite sets the faults met while deciding and inviting id.
		invite func(r *rig, id string)
		// result, when set, sets the faults met carrying the result and
		// moves it on in Qualified: to the status whose tag is want, with
		// notes results notes in Lever.
		result func(r *rig, id string)
		want   string
		notes  int
	}{
		{name: "Lever calls that time out", id: "opp-lto", invite: func(r *rig, id string) {
			r.lev.FaultNext("GET", "/opportunities/"+id, 2, levertest.Fault{Delay: beyondClient})
			// The tag is added, but the answer never comes in time.
			r.lev.FaultNext("POST", "/opportunities/"+id+"/addTags", 1, levertest.Fault{Delay: beyondClient})
		}},
		{name: "connection resets", id: "opp-reset", invite: func(r *rig, id string) {
			r.lev.FaultNext("GET", "/opportunities/"+id, 2, levertest.Fault{Reset: true})
			r.lev.FaultNext("POST", "/opportunities/"+id+"/removeTags", 1, levertest.Fault{Reset: true})
			// The invitation is made, then the connection drops before the answer.
			r.qual.FaultNext("POST", "/v1/assessment_invitations", 1, qualifiedtest.Fault{Reset: true})
		}, result: func(r *rig, id string) {
			r.qual.FaultNext("GET", "/v1/assessment_results/", 2, qualifiedtest.Fault{Reset: true})
			r.started(id)
		}, want: "Backend Challenge - Started"},
		{name: "malformed answers", id: "opp-garbled", invite: func(r *rig, id string) {
			r.lev.FaultNext("GET", "/opportunities/"+id, 2, levertest.Fault{Malformed: true})
			r.qual.FaultNext("GET", "/v1/assessments", 1, qualifiedtest.Fault{Malformed: true})
			r.qual.FaultNext("POST", "/v1/assessment_invitations", 2, qualifiedtest.Fault{Malformed: true})
		}, result: func(r *rig, id string) {
			r.qual.FaultNext("GET", "/v1/assessment_results/", 2, qualifiedtest.Fault{Malformed: true})
			r.lev.FaultNext("GET", "/opportunities/"+id+"/notes", 1, levertest.Fault{Malformed: true})
			// The note is posted, but its answer is garbled: the retry finds it.
			r.lev.FaultNext("POST", "/opportunities/"+id+"/notes", 1, levertest.Fault{Malformed: true})
			r.submitted(id, 55)
		}, want: "Backend Challenge - Submitted", notes: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, rigOptions{})
			id := tt.id
			r.candidate(id, "Backend Challenge")
			tt.invite(r, id)
			r.move(id)
			r.invitedOnce(id)
			if tt.result == nil {
				return
			}
			tt.result(r, id)
			r.eventually(30*time.Second, func() bool {
				return r.hasExactly(id, tt.want) && (tt.notes == 0 || r.invitation(id, "Backend Challenge").NoteID != "")
			}, r.describe(id))
			r.waitIdle()
			if n := len(r.lev.Notes(id)); n != tt.notes {
				t.Fatalf("%d notes, want %d", n, tt.notes)
			}
		})
	}
}

func TestFailingCandidateNeitherHoldsUpOthersNorFailsSilently(t *testing.T) {
	// Few attempts, so that the failure is shown soon.
	r := newRig(t, rigOptions{maxAttempts: faultAttempts})
	r.candidate("opp-bad", "Backend Challenge")
	others := r.candidates("opp-good", 6)
	r.lev.FailNext("", "/opportunities/opp-bad", 1_000_000, http.StatusServiceUnavailable)
	// The failing candidate is moved alone, and read alone: its decision
	// fails, and is tried again with a read of its own each time, while
	// the others, moved together, are read in a page.
	r.move("opp-bad")
	r.eventually(30*time.Second, func() bool { return contains(r.messages(backend.OutcomeRetrying), "attempt 1 of") },
		func() string {
			return fmt.Sprintf("no retry in the activity log: %q", r.messages(backend.OutcomeRetrying))
		})
	for _, id := range others {
		r.move(id)
	}
	start := time.Now()
	for _, id := range others {
		r.eventually(15*time.Second, func() bool { return r.hasExactly(id, "Backend Challenge - Invited") }, r.describe(id))
	}
	t.Logf("others invited in %s while one candidate kept failing", time.Since(start).Round(time.Millisecond))
	r.eventually(30*time.Second, func() bool { return contains(r.messages(backend.OutcomeRetrying), "attempt 1 of") },
		func() string {
			return fmt.Sprintf("no retry in the activity log: %q", r.messages(backend.OutcomeRetrying))
		})
	t.Logf("first retry seen after %s", time.Since(start).Round(time.Millisecond))
	var failed backend.Activity
	r.eventually(60*time.Second, func() bool {
		for _, a := range r.activity(backend.OutcomeFailed) {
			if a.OpportunityID == "opp-bad" {
				failed = a
				return true
			}
		}
		return false
	}, r.describe("opp-bad"))
	t.Logf("failure seen after %s", time.Since(start).Round(time.Millisecond))
	if !workflow.Retryable(failed) {
		t.Fatalf("the failure offers no retry: %+v", failed)
	}
	if n := len(r.qual.Invitations()); n != len(others) {
		t.Fatalf("%d invitations", n)
	}
	// Lever recovers; the recruiter presses retry.
	r.lev.ClearFailures()
	if err := r.eng.RetryActivity(context.Background(), failed.ID); err != nil {
		t.Fatal(err)
	}
	r.invitedOnce(append(others, "opp-bad")...)
}

func TestCandidateDeletedBeforeProcessingIsSkipped(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.candidate("opp-gone", "Backend Challenge")
	r.lev.MoveToStage("opp-gone", stageAssess)
	r.lev.Delete("opp-gone")
	r.accept("opp-gone")
	r.eventually(10*time.Second, func() bool { return contains(r.messages(backend.OutcomeSkipped), "no longer exists") }, r.describe("opp-gone"))
	r.waitIdle()
	if n := len(r.qual.Invitations()); n != 0 {
		t.Fatalf("a deleted candidate was invited (%d)", n)
	}
}

// waitInvitationInQualified waits until Qualified holds n invitations.
func (r *rig) waitInvitationInQualified(n int) {
	r.t.Helper()
	r.eventually(10*time.Second, func() bool { return len(r.qual.Invitations()) >= n }, func() string { return "no invitation reached Qualified" })
}

func TestCandidateDeletedAfterTheInviteIsLeftAloneAfterOneTry(t *testing.T) {
	r := newRig(t, rigOptions{pollInterval: 200 * time.Millisecond})
	r.candidate("opp-del", "Backend Challenge")
	// Qualified answers slowly; the candidate is deleted meanwhile.
	r.qual.FaultNext("POST", "/v1/assessment_invitations", 1, qualifiedtest.Fault{Delay: clientWait / 2})
	r.move("opp-del")
	r.waitInvitationInQualified(1)
	r.lev.Delete("opp-del")
	r.eventually(10*time.Second, func() bool { return contains(r.messages(backend.OutcomeSkipped), "no longer exists") }, r.describe("opp-del"))
	// Several rounds of result polling go by.
	r.pollRounds(5)
	r.waitIdle()
	n := 0
	for _, m := range r.messages(backend.OutcomeSkipped) {
		if strings.Contains(m, "no longer exists") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the deleted candidate was tried %d times: %q", n, r.messages(backend.OutcomeSkipped))
	}
	if msgs := r.messages(backend.OutcomeFailed); len(msgs) != 0 {
		t.Fatalf("failures: %q", msgs)
	}
}

func TestTagsRemovedByAHumanBeforeTheTagChangeDoNotStopIt(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.candidate("opp-human", "Backend Challenge", "Referral")
	r.qual.FaultNext("POST", "/v1/assessment_invitations", 1, qualifiedtest.Fault{Delay: clientWait / 2})
	r.move("opp-human")
	r.waitInvitationInQualified(1)
	// A recruiter removes the assessment tag while the invitation is sent.
	r.lev.SetTags("opp-human", []string{"Referral"})
	r.eventually(10*time.Second, func() bool { return r.hasExactly("opp-human", "Backend Challenge - Invited", "Referral") }, r.describe("opp-human"))
	r.waitIdle()
	// And the invited tag before the candidate starts.
	r.lev.SetTags("opp-human", []string{"Referral"})
	r.started("opp-human")
	r.eventually(10*time.Second, func() bool { return r.hasExactly("opp-human", "Backend Challenge - Started", "Referral") }, r.describe("opp-human"))
	r.waitIdle()
	if msgs := append(r.messages(backend.OutcomeFailed), r.messages(backend.OutcomeRetrying)...); len(msgs) != 0 {
		t.Fatalf("a missing tag was treated as an error: %q", msgs)
	}
}

func TestAssessmentRenamedAfterTheInviteKeepsItsTagsInStep(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.invited("opp-ren")
	r.qual.RenameAssessment(r.ids["Backend Challenge"], "Backend Challenge 2025")
	r.started("opp-ren")
	r.eventually(10*time.Second, func() bool { return r.hasExactly("opp-ren", "Backend Challenge - Started") }, r.describe("opp-ren"))
	r.submitted("opp-ren", 75)
	r.resultNoted("opp-ren", 10*time.Second)
	// A newcomer still tagged with the old title names no assessment now:
	// skipped, and said so.
	r.candidate("opp-old-title", "Backend Challenge")
	r.move("opp-old-title")
	r.eventually(10*time.Second, func() bool { return contains(r.messages(backend.OutcomeSkipped), "no tag") }, r.describe("opp-old-title"))
	// One tagged with the new title is invited under it.
	r.candidate("opp-new-title", "backend challenge 2025")
	r.move("opp-new-title")
	r.eventually(10*time.Second, func() bool { return r.hasExactly("opp-new-title", "Backend Challenge 2025 - Invited") }, r.describe("opp-new-title"))
	r.waitIdle()
	if n := r.emails("opp-new-title", "Backend Challenge"); n != 1 {
		t.Fatalf("%d e-mails", n)
	}
}

func TestAssessmentArchivedAfterTheInviteStillBringsTheResultBack(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.invited("opp-arch")
	r.qual.ArchiveAssessment(r.ids["Backend Challenge"])
	r.submitted("opp-arch", 80)
	r.resultNoted("opp-arch", 10*time.Second)
	if note := r.lev.Notes("opp-arch")[0].Value; !strings.Contains(note, "80%") {
		t.Fatalf("note: %s", note)
	}
}

func TestAssessmentArchivedBeforeTheInviteIsAVisibleRetryableFailure(t *testing.T) {
	r := newRig(t, rigOptions{cacheTTL: time.Hour})
	r.candidate("opp-first", "SQL Basics")
	r.move("opp-first")
	r.eventually(10*time.Second, func() bool { return r.hasExactly("opp-first", "SQL Basics - Invited") }, r.describe("opp-first"))
	// Archived after assessbridge last read the list: the tag still matches.
	r.qual.ArchiveAssessment(r.ids["Backend Challenge"])
	r.candidate("opp-late", "Backend Challenge")
	r.move("opp-late")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-late", "Backend Challenge").Status == backend.StatusFailed }, r.describe("opp-late"))
	var failed backend.Activity
	for _, a := range r.activity(backend.OutcomeFailed) {
		if a.OpportunityID == "opp-late" {
			failed = a
		}
	}
	if !workflow.Retryable(failed) || !strings.Contains(failed.Message, "archived") {
		t.Fatalf("failure line %+v", failed)
	}
	if !r.hasExactly("opp-late", "Backend Challenge") {
		t.Fatalf("tags changed on a failure: %v", r.tags("opp-late"))
	}
}
