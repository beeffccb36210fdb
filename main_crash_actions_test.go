package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app"
	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// actionRig is a crashRig with an admin API to click in, for the kill -9
// tests of the recruiter's actions and of Lever's lifecycle events.
type actionRig struct {
	*crashRig
	admin string
}

const crashAdminToken = "admin-token-of-the-crash-tests-0123456789"

// newActionRig makes n candidates in the phone screen (or, with inStage,
// already in the trigger stage) and the serve arguments for them.
func newActionRig(t *testing.T, n int, inStage bool) *actionRig {
	lev := levertest.New(levertest.Options{})
	t.Cleanup(lev.Close)
	qual := qualifiedtest.New(qualifiedtest.Options{})
	t.Cleanup(qual.Close)
	lev.AddStage("screen", "Phone screen")
	lev.AddStage("assess", "Coding assessment")
	lev.AddUser("user-recruiter", "Riley Recruiter", "riley@example.com")
	c := &crashRig{t: t, lev: lev, qual: qual, assessment: qual.AddAssessment(qualifiedtest.Assessment{Title: "Backend Challenge", PassingScore: 70})}
	stage := "screen"
	if inStage {
		stage = "assess"
	}
	for i := range n {
		lev.AddOpportunity(levertest.Opportunity{ID: crashID(i), Name: fmt.Sprintf("Crash Candidate%03d", i), Emails: []string{crashEmail(i)},
			Tags: []string{"Backend Challenge"}, StageID: stage})
	}
	r := &actionRig{crashRig: c, admin: freeAddr(t)}
	c.hooks = freeAddr(t)
	c.args = fmt.Sprintf("serve --data-dir %s --listen %s --webhook-listen %s --public-url http://%s --lever-api-url %s --qualified-api-url %s --trigger-stage assess --poll-interval 2s",
		t.TempDir(), r.admin, c.hooks, c.hooks, lev.URL, qual.URL)
	c.keys = []string{"LEVER_API_KEY=lever-test-key", "QUALIFIED_API_KEY=" + qualifiedtest.DefaultAPIKey, app.AdminTokenEnv + "=" + crashAdminToken}
	return r
}

// inviteAll moves every candidate into the trigger stage under a serve
// without crash point, waits for their invitations, and stops it.
func (r *actionRig) inviteAll(n int) {
	r.t.Helper()
	p := r.run("")
	for i := range n {
		if ds, err := r.lev.MoveToStage(crashID(i), "assess"); err != nil || len(ds) != 1 || ds[0].StatusCode != 200 {
			r.t.Fatalf("move %d: %+v %v", i, ds, err)
		}
	}
	waitFor(r.t, "every candidate invited and tagged", 30*time.Second, func() bool {
		for i := range n {
			if o, _ := r.lev.Opportunity(crashID(i)); !slices.Contains(o.Tags, "Backend Challenge - Invited") {
				return false
			}
		}
		return true
	})
	stop(r.t, p)
}

func stop(t *testing.T, p *process) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, p.stderr)
	}
}

// get decodes an admin API answer into v.
func (r *actionRig) get(path string, v any) {
	r.t.Helper()
	res, err := adminGet(r.admin, path, crashAdminToken)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		r.t.Fatalf("GET %s: %s", path, res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		r.t.Fatal(err)
	}
}

// post sends a click; its answer is lost when serve dies answering it.
func (r *actionRig) post(path string, body any) (*http.Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		r.t.Fatal(err)
	}
	req, err := http.NewRequest("POST", "http://"+r.admin+path, bytes.NewReader(b))
	if err != nil {
		r.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+crashAdminToken)
	req.Header.Set("Content-Type", "application/json")
	return http.DefaultClient.Do(req)
}

func (r *actionRig) invitation(oppID string) adminapi.Invitation {
	r.t.Helper()
	var page adminapi.InvitationPage
	r.get("/api/invitations?limit=500", &page)
	for _, inv := range page.Invitations {
		if inv.Candidate.OpportunityID == oppID {
			return inv
		}
	}
	r.t.Fatalf("no invitation of %s", oppID)
	return adminapi.Invitation{}
}

// lines lists the actions logged for the candidate, oldest first, that
// keep returns true for.
func (r *actionRig) lines(oppID string, keep func(adminapi.ActivityEntry) bool) []adminapi.ActivityEntry {
	r.t.Helper()
	var a adminapi.Activity
	r.get("/api/activity?limit=500&opportunity="+oppID, &a)
	var out []adminapi.ActivityEntry
	for _, e := range slices.Backward(a.Activity) {
		if e.Kind == "action" && keep(e) {
			out = append(out, e)
		}
	}
	return out
}

func event(name string) func(adminapi.ActivityEntry) bool {
	return func(e adminapi.ActivityEntry) bool { return e.Event == name }
}

// click posts the action on the candidate's invitation, under a serve that
// kills itself at crashAt, and waits for the kill.
func (r *actionRig) click(action, oppID, crashAt string) adminapi.Invitation {
	r.t.Helper()
	p := r.run(crashAt)
	inv := r.invitation(oppID)
	res, err := r.post("/api/invitation-actions", adminapi.InvitationActionRequest{Action: action, IDs: []int64{inv.ID}})
	if err == nil {
		res.Body.Close()
	}
	r.killed(p, crashAt)
	return inv
}

// oneInvited is a rig with one candidate invited, serve stopped.
func oneInvited(t *testing.T) (*actionRig, string) {
	if testing.Short() {
		t.Skip("runs serve three times")
	}
	r := newActionRig(t, 1, false)
	r.inviteAll(1)
	return r, crashID(0)
}

func (r *actionRig) cancelledInQualified() {
	r.t.Helper()
	if res, _ := r.qual.ResultFor(crashEmail(0), r.assessment); res.ClosedReason != "invitation_canceled" {
		r.t.Fatalf("Qualified says %q, not cancelled", res.ClosedReason)
	}
}

// TestKillNineBeforeResendNeverEmailsTwice kills serve after a resend
// click is recorded as calling and before Qualified is asked. Started
// again, serve cannot tell this from a kill after the call, so it does not
// call: the click ends "unsure", with a line that tells the recruiter it
// may have been sent, and no e-mail goes out beyond the invitation.
func TestKillNineBeforeResendNeverEmailsTwice(t *testing.T) {
	resendAfterKill(t, "before-resend:1", 1)
}

// TestKillNineAfterResendNeverEmailsTwice kills serve after Qualified sent
// the invitation again and before that was recorded. Started again, serve
// does not send it a third time: the click ends "unsure", with a line that
// tells the recruiter it may have been sent.
func TestKillNineAfterResendNeverEmailsTwice(t *testing.T) {
	resendAfterKill(t, "after-resend:1", 2)
}

// resendAfterKill clicks "resend" under a serve killed at crashAt, when
// the candidate has had sent e-mails, and starts serve again: the click
// ends "unsure" with one line, and no e-mail more is sent.
func resendAfterKill(t *testing.T, crashAt string, sent int) {
	r, id := oneInvited(t)
	r.click("resend", id, crashAt)
	if n := r.qual.EmailsSent(crashEmail(0), r.assessment); n != sent {
		t.Fatalf("%d e-mails when killed at %s, want %d", n, crashAt, sent)
	}
	p := r.run("")
	defer stop(t, p)
	var got []adminapi.ActivityEntry
	waitFor(t, "the resend's line", 30*time.Second, func() bool {
		got = r.lines(id, event("resend"))
		return len(got) > 0
	})
	if len(got) != 1 || got[0].Outcome != "skipped" || !strings.Contains(got[0].Message, "may have sent") || !strings.Contains(got[0].Message, "not sent a second time") {
		t.Fatalf("resend lines: %+v", got)
	}
	if n := r.qual.EmailsSent(crashEmail(0), r.assessment); n != sent {
		t.Fatalf("%d e-mails after the restart, want %d", n, sent)
	}
	t.Logf("line: %s", got[0].Message)
}

// TestKillNineAfterCancelRecordsItOnce kills serve after Qualified
// cancelled the invitation on the recruiter's click and before that was
// recorded. Started again, serve records the close once, closes the
// invitation and removes the status tag.
func TestKillNineAfterCancelRecordsItOnce(t *testing.T) {
	r, id := oneInvited(t)
	r.click("cancel", id, "after-cancel:1")
	r.cancelledInQualified()
	p := r.run("")
	defer stop(t, p)
	cancelled := func(e adminapi.ActivityEntry) bool {
		return e.Event == "cancel" && strings.Contains(e.Message, "invitation to Backend Challenge cancelled")
	}
	waitFor(t, "the cancel done", 30*time.Second, func() bool { return len(r.lines(id, cancelled)) > 0 })
	if inv := r.invitation(id); inv.Status != "closed" {
		t.Errorf("invitation %s, want closed", inv.Status)
	}
	// The close is recorded once: by the click's job, or, when Qualified's
	// word of the close comes first after the restart, by that.
	closed := r.lines(id, func(e adminapi.ActivityEntry) bool {
		return e.Event == "cancel" && strings.HasSuffix(e.Message, "in Qualified.") ||
			qualifiedClosed(e)
	})
	if len(closed) != 1 || len(r.lines(id, cancelled)) != 1 {
		t.Errorf("cancel lines: %+v", r.lines(id, func(adminapi.ActivityEntry) bool { return true }))
	}
	r.cancelledInQualified()
	if o, _ := r.lev.Opportunity(id); slices.Contains(o.Tags, "Backend Challenge - Invited") {
		t.Errorf("tags %v", o.Tags)
	}
	t.Logf("Qualified asked to cancel %d time(s) (a repeat is answered as the first)", deletes(r.qual))
}

func deletes(q *qualifiedtest.Server) int {
	n := 0
	for route, c := range q.Stats().ByRoute {
		if strings.HasPrefix(route, "DELETE /v1/assessment_invitations/") {
			n += c
		}
	}
	return n
}

// TestKillNineBeforeArchiveCancelCancelsOnce archives an invited candidate
// in Lever and kills serve before Qualified is asked to cancel the
// invitation. Started again, serve asks Qualified once and records the
// close once.
func TestKillNineBeforeArchiveCancelCancelsOnce(t *testing.T) {
	r := archiveAfterKill(t, "before-archive-cancel:1", false)
	if n := deletes(r.qual); n != 1 {
		t.Errorf("Qualified asked to cancel %d times, want once", n)
	}
}

// TestKillNineAfterArchiveCancelRecordsItOnce archives an invited candidate
// in Lever and kills serve after Qualified cancelled the invitation and
// before that was recorded. Started again, serve records the close once.
func TestKillNineAfterArchiveCancelRecordsItOnce(t *testing.T) {
	r := archiveAfterKill(t, "after-archive-cancel:1", true)
	t.Logf("Qualified asked to cancel %d time(s) (a repeat is answered as the first)", deletes(r.qual))
}

// archiveAfterKill archives the invited candidate under a serve killed at
// crashAt, when Qualified has (or has not) cancelled the invitation yet,
// and starts serve again: the invitation ends cancelled in Qualified and
// closed here, with one line of the close and one of the archive.
func archiveAfterKill(t *testing.T, crashAt string, cancelled bool) *actionRig {
	r, id := oneInvited(t)
	p := r.run(crashAt)
	r.lev.Archive(id)
	r.killed(p, crashAt)
	if res, _ := r.qual.ResultFor(crashEmail(0), r.assessment); (res.ClosedReason == "invitation_canceled") != cancelled {
		t.Fatalf("killed at %s, Qualified says %q", crashAt, res.ClosedReason)
	}
	p = r.run("")
	defer stop(t, p)
	// The close is recorded once: by the archive's job, or, when Qualified's
	// word of the close comes first after the restart, by that. The job's
	// line of the archive state is its last step.
	closed := func(e adminapi.ActivityEntry) bool {
		return e.Event == "archive" && strings.Contains(e.Message, "was cancelled in Qualified") ||
			qualifiedClosed(e)
	}
	archived := func(e adminapi.ActivityEntry) bool {
		return e.Event == "archive" && strings.HasSuffix(e.Message, "was archived in Lever.")
	}
	waitFor(t, "the archive recorded", 30*time.Second, func() bool { return len(r.lines(id, archived)) > 0 })
	if inv := r.invitation(id); inv.Status != "closed" {
		t.Errorf("invitation %s, want closed", inv.Status)
	}
	if len(r.lines(id, closed)) != 1 || len(r.lines(id, archived)) != 1 {
		t.Errorf("lines: %+v", r.lines(id, func(adminapi.ActivityEntry) bool { return true }))
	}
	r.cancelledInQualified()
	return r
}

// TestKillNineAfterRetryGivesOneSecondGo hands in the candidate's
// assessment, clicks "Invite again" and kills serve after Qualified opened
// the second go and before that was recorded. Started again, serve asks
// Qualified again, which answers the repeat as the first: one new attempt,
// one e-mail, recorded once, and the invited tag back in Lever.
func TestKillNineAfterRetryGivesOneSecondGo(t *testing.T) {
	r, id := oneInvited(t)
	p := r.run("")
	res, _ := r.qual.ResultFor(crashEmail(0), r.assessment)
	if _, err := r.qual.Submit(res.ID, 90); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the submission recorded", 30*time.Second, func() bool { return r.invitation(id).Status == "submitted" })
	stop(t, p)
	takes := func() (int, int) {
		invs := r.qual.Invitations()
		if len(invs) != 1 {
			t.Fatalf("%d invitations in Qualified", len(invs))
		}
		return invs[0].Takes, invs[0].EmailsSent
	}
	r.click("retry", id, "after-retry:1")
	if n, sent := takes(); n != 2 || sent != 2 {
		t.Fatalf("killed after the retry: %d attempts, %d e-mails; want 2 and 2", n, sent)
	}
	p = r.run("")
	defer stop(t, p)
	secondGo := func(e adminapi.ActivityEntry) bool {
		return e.Event == "retry" && strings.Contains(e.Message, "again, for a second go")
	}
	done := func(e adminapi.ActivityEntry) bool {
		return e.Event == "retry" && strings.Contains(e.Message, ": invited to Backend Challenge again")
	}
	waitFor(t, "the second go done", 30*time.Second, func() bool { return len(r.lines(id, done)) > 0 })
	if len(r.lines(id, secondGo)) != 1 || len(r.lines(id, done)) != 1 {
		t.Errorf("lines: %+v", r.lines(id, func(adminapi.ActivityEntry) bool { return true }))
	}
	if n, sent := takes(); n != 2 || sent != 2 {
		t.Errorf("after the restart: %d attempts, %d e-mails; want 2 (one new attempt) and 2 (the invitation and the second go)", n, sent)
	}
	if inv := r.invitation(id); inv.Status != "invited" {
		t.Errorf("invitation %s, want invited", inv.Status)
	}
	if o, _ := r.lev.Opportunity(id); !slices.Contains(o.Tags, "Backend Challenge - Invited") || slices.Contains(o.Tags, "Backend Challenge - Submitted") {
		t.Errorf("tags %v", o.Tags)
	}
}

// TestKillNineAfterInviteExistingInvitesEachOnce kills serve after "Invite
// these N" is queued and before the recruiter has the answer. Started
// again, serve invites each candidate once; the recruiter, who saw no
// answer, clicks again, and no one is invited twice.
func TestKillNineAfterInviteExistingInvitesEachOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs serve twice")
	}
	const n = 3
	r := newActionRig(t, n, true)
	ids := make([]string, n)
	for i := range n {
		ids[i] = crashID(i)
	}
	click := func() (*http.Response, error) {
		return r.post("/api/stages/invite-existing", adminapi.InviteExisting{StageID: "assess", OpportunityIDs: ids})
	}
	p := r.run("after-invite-existing:1")
	// Those already in the stage when it became a trigger stage wait for the click.
	if res, err := click(); err == nil {
		res.Body.Close()
		t.Fatalf("answered %s, not killed", res.Status)
	}
	r.killed(p, "after-invite-existing:1")
	for i := range n {
		if m := r.qual.EmailsSent(crashEmail(i), r.assessment); m != 0 {
			t.Fatalf("%s e-mailed %d times before the restart", ids[i], m)
		}
	}
	p = r.run("")
	defer stop(t, p)
	invited := func() bool {
		for i := range n {
			if o, _ := r.lev.Opportunity(ids[i]); !slices.Contains(o.Tags, "Backend Challenge - Invited") {
				return false
			}
		}
		return true
	}
	waitFor(t, "every candidate invited and tagged", 30*time.Second, invited)
	res, err := click()
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("second click: %v %v", res, err)
	}
	res.Body.Close()
	// The second click's decisions each leave a line ("handled already");
	// once they are there, nothing of it is left to run.
	waitFor(t, "the second click decided", 30*time.Second, func() bool {
		for i := range n {
			if len(r.lines(ids[i], func(e adminapi.ActivityEntry) bool {
				return e.Event == "invite already in stage" && e.Outcome == "skipped"
			})) != 1 {
				return false
			}
		}
		return true
	})
	for i := range n {
		if m := r.qual.EmailsSent(crashEmail(i), r.assessment); m != 1 {
			t.Errorf("%s: %d e-mails, want 1", ids[i], m)
		}
	}
	if m := len(r.qual.Invitations()); m != n {
		t.Errorf("%d invitations in Qualified, want %d", m, n)
	}
}

// qualifiedClosed is the result line written when Qualified's own word of
// the close arrives first: "was cancelled" for a cancel (its closed reason
// invitation_canceled), "closed" for any other close.
func qualifiedClosed(e adminapi.ActivityEntry) bool {
	return e.Event == "result" && (strings.Contains(e.Message, "closed") || strings.Contains(e.Message, "was cancelled."))
}
