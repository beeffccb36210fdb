package workflow_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

const (
	stageOnsite   = "onsite"
	reasonUnder   = "reason-underqualified"
	reasonWithdrw = "reason-withdrew"
)

// routed sets the Backend Challenge's rules: cut 70, review from 60,
// outcome tags, passes moved to On-site, fails archived as Underqualified
// (suggested unless automatic).
func (r *rig) routed(archive backend.ArchiveMode) {
	r.t.Helper()
	r.lev.AddStage(stageOnsite, "On-site")
	review := 60.0
	err := r.db.SaveRoutingRules(context.Background(), backend.RoutingRules{
		AssessmentID: r.ids["Backend Challenge"], Cut: backend.CutScore, CutScore: 70, ReviewFrom: &review, OutcomeTags: true,
		PassStageID: stageOnsite, PassStageName: "On-site", FailArchive: archive, FailReasonID: reasonUnder, FailReasonText: "Underqualified",
	})
	if err != nil {
		r.t.Fatal(err)
	}
}

// deliverMove hands the engine the stage change Lever sends for a move
// into stage (from whichever stage), as it does for every move.
func (r *rig) deliverMove(id, from, to string) {
	r.t.Helper()
	b := make([]byte, 24)
	rand.Read(b)
	d := &lever.Delivery{TriggeredAt: time.Now().UnixMilli(), Event: "candidateStageChange", Token: hex.EncodeToString(b),
		Data: lever.DeliveryData{OpportunityID: id, CandidateID: id, FromStageID: from, ToStageID: to}}
	if err := r.eng.AcceptLever(context.Background(), d); err != nil {
		r.t.Fatal(err)
	}
}

// lostAnswer has Lever make id's move or archive (what: "stage" or
// "archived") but answer 502, submits the score, waits until done says the
// step is recorded and nothing runs, and checks the call reached Lever
// once: the retry found it made rather than making it again.
func (r *rig) lostAnswer(id, what string, score float64, done func(sqlite.Routed) bool) {
	r.t.Helper()
	r.lev.FaultNext("PUT", "/opportunities/"+id+"/"+what, 1, levertest.Fault{Status: http.StatusBadGateway})
	r.submitted(id, score)
	r.eventually(10*time.Second, func() bool { return done(r.routedState(id)) }, r.describe(id))
	r.waitIdle()
	if n := r.lev.Stats().ByRoute["PUT /opportunities/:id/"+what]; n != 1 {
		r.t.Errorf("%d %s calls, want 1", n, what)
	}
}

func (r *rig) routedState(id string) sqlite.Routed {
	r.t.Helper()
	got, _, err := r.db.Routed(context.Background(), r.invitation(id, "Backend Challenge").ID)
	if err != nil {
		r.t.Fatal(err)
	}
	return got
}

func (r *rig) suggestions() []sqlite.ArchiveSuggestion {
	r.t.Helper()
	s, err := r.db.ArchiveSuggestions(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	return s
}

// A pass moves the candidate into On-site, which is itself a trigger stage.
// The stage change that move fires is known as assessbridge's own: no one
// is invited (not even to the assessment the candidate's new tag names),
// and one line says why.
func TestRoutingPassMovesIntoATriggerStageWithoutALoop(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.routed(backend.ArchiveSuggest)
	if _, err := r.db.ReplaceTriggerStages(context.Background(), []backend.TriggerStage{
		{StageID: stageAssess, Name: "Coding assessment"}, {StageID: stageOnsite, Name: "On-site"}}); err != nil {
		t.Fatal(err)
	}
	r.invited("opp-pass")
	r.lev.SetTags("opp-pass", []string{"Backend Challenge - Invited", "SQL Basics"})
	before := r.lev.Stats().ByRoute
	r.submitted("opp-pass", 82)

	r.eventually(10*time.Second, func() bool { return r.routedState("opp-pass").MoveState == sqlite.StepDone }, r.describe("opp-pass"))
	o, _ := r.lev.Opportunity("opp-pass")
	if o.StageID != stageOnsite {
		t.Fatalf("stage %s, want On-site", o.StageID)
	}
	if m := r.lev.Moves("opp-pass"); len(m) != 1 || m[0].PerformAs != recruiter {
		t.Errorf("moves %+v, want one, as the perform-as user", m)
	}
	if !r.hasExactly("opp-pass", "Backend Challenge - Submitted", "Backend Challenge - Passed", "SQL Basics") {
		t.Errorf("tags %v", r.tags("opp-pass"))
	}
	// Lever fires the move's stage change like a recruiter's.
	r.deliverMove("opp-pass", stageAssess, stageOnsite)
	r.waitIdle()
	if n := r.emails("opp-pass", "SQL Basics"); n != 0 {
		t.Errorf("%d SQL Basics e-mails: assessbridge's own move started an invitation", n)
	}
	var own []string
	for _, m := range r.messages(backend.OutcomeSkipped) {
		if contains([]string{m}, "by assessbridge (routing by score)") {
			own = append(own, m)
		}
	}
	if len(own) != 1 {
		t.Errorf("lines about our own move: %q, want one", own)
	}
	after := r.lev.Stats().ByRoute
	t.Logf("Lever calls for a pass with outcome tags and a move: addTags %d, GET opportunity %d, PUT stage %d",
		after["POST /opportunities/:id/addTags"]-before["POST /opportunities/:id/addTags"],
		after["GET /opportunities/:id"]-before["GET /opportunities/:id"],
		after["PUT /opportunities/:id/stage"]-before["PUT /opportunities/:id/stage"])
}

// A recruiter moves the candidate on while the result arrives: the move
// the rules call for is not made, and the line and the record say why.
func TestRoutingLeavesACandidateARecruiterMovedMeanwhile(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.routed(backend.ArchiveSuggest)
	r.lev.AddStage("offer", "Offer")
	r.invited("opp-moved")
	if _, err := r.lev.MoveToStage("opp-moved", "offer"); err != nil {
		t.Fatal(err)
	}
	r.submitted("opp-moved", 90)
	r.eventually(10*time.Second, func() bool { return r.routedState("opp-moved").MoveState == sqlite.StepLeft }, r.describe("opp-moved"))
	if o, _ := r.lev.Opportunity("opp-moved"); o.StageID != "offer" {
		t.Errorf("stage %s: the recruiter's move was undone", o.StageID)
	}
	if len(r.lev.Moves("opp-moved")) != 0 {
		t.Error("assessbridge moved the candidate")
	}
	want := "was not moved to On-site: someone moved them to another stage in Lever after the invitation."
	if got := r.routedState("opp-moved").Note; !contains([]string{got}, want) || !contains(r.messages(backend.OutcomeSkipped), want) {
		t.Errorf("note %q, lines %q; want why", got, r.messages(backend.OutcomeSkipped))
	}
}

// A fail is suggested for archiving; approving it (twice, as a double
// click) archives the candidate once, with the reason, as the perform-as
// user.
func TestRoutingSuggestedArchiveIsMadeOnceWhenApproved(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.routed(backend.ArchiveSuggest)
	r.invited("opp-fail")
	r.submitted("opp-fail", 40)
	r.eventually(10*time.Second, func() bool { return len(r.suggestions()) == 1 }, r.describe("opp-fail"))
	if o, _ := r.lev.Opportunity("opp-fail"); o.Archived {
		t.Fatal("archived before the recruiter approved")
	}
	// The suggestion is kept before the outcome tag is added: wait for the tag.
	r.eventually(10*time.Second, func() bool {
		return r.hasExactly("opp-fail", "Backend Challenge - Submitted", "Backend Challenge - Failed")
	}, r.describe("opp-fail"))
	r.waitIdle()
	before := r.lev.Stats().ByRoute
	id := r.suggestions()[0].InvitationID
	for range 2 {
		if err := r.eng.ApproveArchives(context.Background(), []int64{id}); err != nil {
			t.Fatal(err)
		}
	}
	r.eventually(10*time.Second, func() bool { return r.routedState("opp-fail").ArchiveState == sqlite.StepDone }, r.describe("opp-fail"))
	r.waitIdle()
	after := r.lev.Stats().ByRoute
	if n := after["PUT /opportunities/:id/archived"] - before["PUT /opportunities/:id/archived"]; n != 1 {
		t.Errorf("%d archive calls, want 1", n)
	}
	t.Logf("Lever calls for an approved archive: GET opportunity %d, PUT archived %d",
		after["GET /opportunities/:id"]-before["GET /opportunities/:id"], after["PUT /opportunities/:id/archived"]-before["PUT /opportunities/:id/archived"])
	if len(r.suggestions()) != 0 {
		t.Errorf("suggestions left: %+v", r.suggestions())
	}
	if !contains(r.messages(backend.OutcomeOK), "archived in Lever (Underqualified) after failing Backend Challenge") ||
		!contains(r.messages(backend.OutcomeOK), "archiving approved on the dashboard") {
		t.Errorf("lines %q", r.messages(backend.OutcomeOK))
	}
}

// Between the suggestion and the approval a recruiter archived the
// candidate with another reason: the approval leaves them alone and the
// dashboard says why. One who was archived and then unarchived is active
// in the stage again, and is archived as the approval asks.
func TestRoutingApprovalAfterARecruiterArchivedOrUnarchived(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.routed(backend.ArchiveSuggest)
	r.invited("opp-arch")
	r.invited("opp-back")
	r.submitted("opp-arch", 30)
	r.submitted("opp-back", 30)
	r.eventually(10*time.Second, func() bool { return len(r.suggestions()) == 2 }, r.describe("opp-arch", "opp-back"))
	r.lev.ArchiveWithReason("opp-arch", reasonWithdrw)
	r.lev.ArchiveWithReason("opp-back", reasonWithdrw)
	r.lev.Unarchive("opp-back")

	ids := []int64{r.invitation("opp-arch", "Backend Challenge").ID, r.invitation("opp-back", "Backend Challenge").ID}
	if err := r.eng.ApproveArchives(context.Background(), ids); err != nil {
		t.Fatal(err)
	}
	r.eventually(10*time.Second, func() bool {
		return r.routedState("opp-arch").ArchiveState == sqlite.StepLeft && r.routedState("opp-back").ArchiveState == sqlite.StepDone
	}, r.describe("opp-arch", "opp-back"))
	if o, _ := r.lev.Opportunity("opp-arch"); !o.Archived {
		t.Error("opp-arch unarchived")
	}
	s := r.suggestions()
	if len(s) != 1 || s[0].ArchiveState != sqlite.StepLeft || !contains([]string{s[0].Note}, "someone archived them in Lever already") {
		t.Errorf("dashboard %+v, want the one left alone, with why", s)
	}
	if err := r.eng.DismissArchives(context.Background(), []int64{s[0].InvitationID}); err != nil {
		t.Fatal(err)
	}
	if len(r.suggestions()) != 0 {
		t.Error("a dismissed line stays on the dashboard")
	}
}

// A move or an archive answered with a 502 though Lever made it: the
// retry finds it made and does not call again; the outcome tag before it
// is not added twice. Archiving turned to automatic archives without
// asking, and shows no suggestion.
func TestRoutingStepAnsweredWithAnErrorIsMadeOnce(t *testing.T) {
	cases := []struct {
		name, what string
		archive    backend.ArchiveMode
		score      float64
		done       func(sqlite.Routed) bool
		tag        string
	}{
		{"a pass's move", "stage", backend.ArchiveSuggest, 75, func(s sqlite.Routed) bool { return s.MoveState == sqlite.StepDone }, "Backend Challenge - Passed"},
		{"an automatic archive", "archived", backend.ArchiveAutomatic, 20, func(s sqlite.Routed) bool { return s.ArchiveState == sqlite.StepDone }, "Backend Challenge - Failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, rigOptions{})
			r.routed(c.archive)
			r.invited("opp-lost")
			r.lostAnswer("opp-lost", c.what, c.score, c.done)
			adds := 0
			for _, op := range r.lev.TagOps("opp-lost") {
				if op.Add && slices.Equal(op.Tags, []string{c.tag}) {
					adds++
				}
			}
			if o, _ := r.lev.Opportunity("opp-lost"); adds != 1 || len(r.lev.Notes("opp-lost")) != 1 || (c.what == "archived") != o.Archived {
				t.Errorf("outcome tag added %d times, %d notes, archived %v", adds, len(r.lev.Notes("opp-lost")), o.Archived)
			}
			if len(r.suggestions()) != 0 {
				t.Error("a step made shows as a suggestion")
			}
		})
	}
}

// TestRoutingLeverCallsPerCandidate counts the Lever calls each rule adds
// to one submission, against the same submission with no rules (the
// numbers docs/benchmarks.md gives).
func TestRoutingLeverCallsPerCandidate(t *testing.T) {
	review := 60.0
	cases := []struct {
		name    string
		rules   *backend.RoutingRules
		score   float64
		approve bool
	}{
		{name: "no rules", score: 40},
		{name: "outcome tags", rules: &backend.RoutingRules{Cut: backend.CutScore, CutScore: 70, ReviewFrom: &review, OutcomeTags: true}, score: 40},
		{name: "move on a pass", rules: &backend.RoutingRules{Cut: backend.CutScore, CutScore: 70, PassStageID: stageOnsite}, score: 90},
		{name: "archive on a fail, suggested (until approved)", rules: &backend.RoutingRules{Cut: backend.CutScore, CutScore: 70, FailArchive: backend.ArchiveSuggest, FailReasonID: reasonUnder}, score: 40},
		{name: "archive on a fail, suggested and approved", rules: &backend.RoutingRules{Cut: backend.CutScore, CutScore: 70, FailArchive: backend.ArchiveSuggest, FailReasonID: reasonUnder}, score: 40, approve: true},
		{name: "archive on a fail, automatic", rules: &backend.RoutingRules{Cut: backend.CutScore, CutScore: 70, FailArchive: backend.ArchiveAutomatic, FailReasonID: reasonUnder}, score: 40},
	}
	var base int
	for i, c := range cases {
		r := newRig(t, rigOptions{})
		r.lev.AddStage(stageOnsite, "On-site")
		if c.rules != nil {
			c.rules.AssessmentID = r.ids["Backend Challenge"]
			if err := r.db.SaveRoutingRules(context.Background(), *c.rules); err != nil {
				t.Fatal(err)
			}
		}
		r.invited("opp-count")
		before := r.lev.Stats()
		r.submitted("opp-count", c.score)
		r.resultNotedAnyTags("opp-count")
		r.waitIdle()
		if c.approve {
			r.eventually(10*time.Second, func() bool { return len(r.suggestions()) == 1 }, r.describe("opp-count"))
			if err := r.eng.ApproveArchives(context.Background(), []int64{r.suggestions()[0].InvitationID}); err != nil {
				t.Fatal(err)
			}
			r.eventually(10*time.Second, func() bool { return r.routedState("opp-count").ArchiveState == sqlite.StepDone }, r.describe("opp-count"))
		}
		r.waitIdle()
		after := r.lev.Stats()
		n := after.Requests - before.Requests
		if i == 0 {
			base = n
		}
		var routes []string
		for k, v := range after.ByRoute {
			if d := v - before.ByRoute[k]; d > 0 {
				routes = append(routes, k+" ×"+itoa(d))
			}
		}
		slices.Sort(routes)
		t.Logf("%-45s %d Lever calls (%+d over no rules): %v", c.name, n, n-base, routes)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// resultNotedAnyTags waits for the results note, whatever outcome tags
// come with it.
func (r *rig) resultNotedAnyTags(id string) {
	r.t.Helper()
	r.eventually(10*time.Second, func() bool { return len(r.lev.Notes(id)) == 1 }, r.describe(id))
}
