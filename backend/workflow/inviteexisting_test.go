package workflow_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// alreadyThere seeds a candidate who has been in the trigger stage since
// the day before it became one.
func (r *rig) alreadyThere(id string, emails []string, postings []string, tags ...string) {
	r.lev.AddOpportunity(levertest.Opportunity{ID: id, Name: "Cand " + id, Emails: emails, Tags: tags, StageID: stageAssess,
		PostingIDs: postings, EnteredStageAt: time.Now().Add(-24 * time.Hour)})
}

func (r *rig) preview() workflow.StagePreview {
	r.t.Helper()
	st, err := r.db.TriggerStage(context.Background(), stageAssess)
	if err != nil {
		r.t.Fatal(err)
	}
	p, err := r.eng.PreviewStage(context.Background(), st)
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

func reasons(p workflow.StagePreview) map[string]workflow.PreviewReason {
	out := map[string]workflow.PreviewReason{}
	for _, row := range p.Rows {
		out[row.OpportunityID] = row.Reason
	}
	return out
}

func invitable(p workflow.StagePreview) []string {
	var ids []string
	for _, row := range p.Rows {
		if row.Reason.Invites() {
			ids = append(ids, row.OpportunityID)
		}
	}
	return ids
}

// The candidates of the preview's story: in the trigger stage since before
// it became one, each with a different reason.
func seedStage(r *rig) {
	r.lev.AddPosting(levertest.Posting{ID: "post-sql", Text: "Data Engineer", Tags: []string{"SQL Basics"}})
	r.lev.AddPosting(levertest.Posting{ID: "post-plain", Text: "Backend Engineer", Tags: []string{"Remote"}})
	r.alreadyThere("old-tagged", []string{email("old-tagged")}, []string{"post-plain"}, "Backend Challenge")
	r.alreadyThere("old-job", []string{email("old-job")}, []string{"post-sql"})
	r.alreadyThere("old-untagged", []string{email("old-untagged")}, []string{"post-plain"}, "Referral")
	r.alreadyThere("old-noemail", nil, []string{"post-plain"}, "Backend Challenge")
	r.lev.AddOpportunity(levertest.Opportunity{ID: "old-archived", Name: "Cand old-archived", Emails: []string{email("old-archived")},
		Tags: []string{"Backend Challenge"}, StageID: stageAssess, Archived: true, EnteredStageAt: time.Now().Add(-24 * time.Hour)})
	// Invited the usual way: entered after the stage became a trigger.
	r.invited("new-invited")
}

func TestPreviewSaysWhyEachCandidateInTheStageWouldOrWouldNotBeInvited(t *testing.T) {
	r := newRig(t, rigOptions{})
	seedStage(r)

	before := r.lev.Stats()
	p := r.preview()
	after := r.lev.Stats()

	want := map[string]workflow.PreviewReason{
		"old-tagged":   workflow.ReasonAlreadyThere,
		"old-job":      workflow.ReasonAlreadyThere,
		"old-untagged": workflow.ReasonNoTag,
		"old-noemail":  workflow.ReasonNoEmail,
		"new-invited":  workflow.ReasonInvited,
	}
	if got := reasons(p); !maps.Equal(got, want) {
		t.Errorf("reasons = %v, want %v (archived candidates are not read from Lever)", got, want)
	}
	if p.InStage != 5 || p.Invitable != 2 || p.More {
		t.Errorf("in stage %d, invitable %d, more %v; want 5, 2, false", p.InStage, p.Invitable, p.More)
	}
	if got := invitable(p); !slices.Equal(got, []string{"old-tagged", "old-job"}) {
		t.Errorf("listed first: %v", got)
	}
	for _, row := range p.Rows {
		if row.OpportunityID == "old-job" && (!slices.Equal(row.Assessments, []string{"SQL Basics"}) || row.PostingTitle != "Data Engineer") {
			t.Errorf("old-job: %+v", row)
		}
	}
	// The preview's cost in Lever: one page of the stage's candidates and
	// each job once (the posting the earlier invitation read may be kept).
	lists := after.ByRoute["GET /opportunities"] - before.ByRoute["GET /opportunities"]
	postings := after.ByRoute["GET /postings/:id"] - before.ByRoute["GET /postings/:id"]
	if lists != 1 || postings > 2 || after.Requests-before.Requests != lists+postings {
		t.Errorf("a preview cost %d list pages, %d posting reads, %d calls in all", lists, postings, after.Requests-before.Requests)
	}
	t.Logf("Lever calls per preview of %d candidates: %d list page(s), %d posting read(s)", p.InStage, lists, postings)
	// Nothing was sent, and nothing was written.
	if n := r.emails("old-tagged", "Backend Challenge"); n != 0 {
		t.Errorf("the preview e-mailed %d times", n)
	}
}

func TestInviteTheseNInvitesExactlyThoseOnceWhateverElseHappens(t *testing.T) {
	r := newRig(t, rigOptions{})
	seedStage(r)
	r.alreadyThere("old-archived-since", []string{email("old-archived-since")}, []string{"post-plain"}, "Backend Challenge")
	r.waitIdle()
	p := r.preview()
	ids := invitable(p)
	if !slices.Equal(ids, []string{"old-tagged", "old-job", "old-archived-since"}) {
		t.Fatalf("invitable: %v", ids)
	}
	// Between the preview and the click: one candidate is archived, and a
	// webhook for another's move into the stage comes in (a redelivery).
	r.lev.Archive("old-archived-since")
	before := r.lev.Stats()
	qBefore := r.qual.Stats()
	n, err := r.eng.InviteExisting(context.Background(), stageAssess, ids)
	if err != nil || n != 3 {
		t.Fatalf("InviteExisting = %d, %v", n, err)
	}
	r.accept("old-tagged")
	// A second click, while the first is under way.
	if _, err := r.eng.InviteExisting(context.Background(), stageAssess, ids); err != nil {
		t.Fatal(err)
	}
	r.eventually(30*time.Second, func() bool { return r.hasExactly("old-tagged", "Backend Challenge - Invited") }, r.describe("old-tagged"))
	r.waitIdle()
	if e := r.emails("old-tagged", "Backend Challenge"); e != 1 {
		t.Errorf("old-tagged: %d e-mails", e)
	}
	if e := r.qual.EmailsSent(email("old-job"), r.ids["SQL Basics"]); e != 1 {
		t.Errorf("old-job: %d e-mails", e)
	}
	if e := r.emails("old-archived-since", "Backend Challenge"); e != 0 {
		t.Errorf("archived since the preview: %d e-mails", e)
	}
	for _, id := range []string{"old-untagged", "old-noemail", "old-archived"} {
		if invs, _ := r.db.InvitationsForOpportunity(context.Background(), id); len(invs) != 0 {
			t.Errorf("%s was not asked for, yet has %v", id, invs)
		}
	}
	ok := r.messages(backend.OutcomeOK)
	skipped := r.messages(backend.OutcomeSkipped)
	if !contains(ok, "Cand old-tagged, already in Coding assessment: inviting to Backend Challenge as the recruiter asked") ||
		!contains(ok, "Cand old-job, already in Coding assessment: inviting to SQL Basics as the recruiter asked") ||
		!contains(skipped, "Cand old-archived-since: archived in Lever, not invited.") ||
		!contains(ok, "Inviting 3 candidate(s) already in Coding assessment") {
		t.Errorf("activity:\nok %q\nskipped %q", ok, skipped)
	}
	if got := count(ok, "inviting to Backend Challenge as the recruiter asked"); got != 1 {
		t.Errorf("%d invitation lines for old-tagged: %q", got, ok)
	}
	after := r.lev.Stats()
	qAfter := r.qual.Stats()
	t.Logf("two clicks and a webhook for 3 candidates (2 invited): %d Lever calls %v, %d Qualified calls",
		after.Requests-before.Requests, diff(before.ByRoute, after.ByRoute), qAfter.Requests-qBefore.Requests)

	// Now the preview says they are invited, and nobody is left to invite
	// but those who cannot be.
	p = r.preview()
	if got := reasons(p); got["old-tagged"] != workflow.ReasonInvited || got["old-job"] != workflow.ReasonInvited || p.Invitable != 0 {
		t.Errorf("after inviting: %v, invitable %d", got, p.Invitable)
	}
}

func TestInviteTheseNRefusesAStageThatIsNotATrigger(t *testing.T) {
	r := newRig(t, rigOptions{})
	_, err := r.eng.InviteExisting(context.Background(), stageScreen, []string{"x"})
	if backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("err = %v", err)
	}
	// The check before turning it on reads the stage all the same.
	r.candidate("screened", "Backend Challenge")
	p, err := r.eng.PreviewStage(context.Background(), backend.TriggerStage{StageID: stageScreen, Name: "Phone screen"})
	if err != nil || p.Invitable != 1 || p.Rows[0].Reason != workflow.ReasonAlreadyThere {
		t.Errorf("preview of a stage not yet a trigger: %+v, %v", p, err)
	}
}

// Killed after "Invite these N" is queued and before any of it ran: the
// next start invites each candidate exactly once.
func TestInviteTheseNQueuedThenKilledInvitesOnceAfterRestart(t *testing.T) {
	r := newRig(t, rigOptions{})
	seedStage(r)
	r.waitIdle()
	ids := invitable(r.preview())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.eng.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.eng.InviteExisting(context.Background(), stageAssess, ids); err != nil {
		t.Fatal(err)
	}
	if e := r.emails("old-tagged", "Backend Challenge"); e != 0 {
		t.Fatalf("invited before the restart: %d", e)
	}
	// The process dies here; a new one starts on the same file.
	before, qBefore := r.lev.Stats(), r.qual.Stats()
	r.eng = r.build()
	workflow.StartTestEngine(t, r.eng)
	r.invitedOnce("old-tagged")
	if e := r.qual.EmailsSent(email("old-job"), r.ids["SQL Basics"]); e != 1 {
		t.Errorf("old-job: %d e-mails", e)
	}
	after, qAfter := r.lev.Stats(), r.qual.Stats()
	t.Logf("one click for %d candidates, after a restart: Lever %v, Qualified %v (the periodic catch-up included)",
		len(ids), diff(before.ByRoute, after.ByRoute), diff(qBefore.ByRoute, qAfter.ByRoute))
}

func count(list []string, s string) int {
	n := 0
	for _, m := range list {
		if contains([]string{m}, s) {
			n++
		}
	}
	return n
}

func diff(before, after map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range after {
		if d := v - before[k]; d != 0 {
			out[k] = d
		}
	}
	return out
}
