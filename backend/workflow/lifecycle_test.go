package workflow_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// lifecycleDelivery is the verified delivery Lever sends for a candidate's
// archive change, deletion or hire: only the ids, as the other fields are
// not relied on.
func lifecycleDelivery(id, event string) *lever.Delivery {
	b := make([]byte, 24)
	rand.Read(b)
	return &lever.Delivery{TriggeredAt: time.Now().UnixMilli(), Event: event, Token: hex.EncodeToString(b),
		Data: lever.DeliveryData{OpportunityID: id, CandidateID: id, ContactID: "contact-" + id}}
}

func (r *rig) acceptEvent(id, event string) {
	r.t.Helper()
	if err := r.eng.AcceptLever(context.Background(), lifecycleDelivery(id, event)); err != nil {
		r.t.Fatal(err)
	}
}

// archive archives id in Lever and hands the engine the delivery.
func (r *rig) archive(id string) {
	r.t.Helper()
	r.lev.Archive(id)
	r.acceptEvent(id, lever.EventCandidateArchiveChange)
}

func (r *rig) lifecycle(id string) sqlite.Lifecycle {
	r.t.Helper()
	l, err := r.db.Lifecycle(context.Background(), id)
	if err != nil {
		r.t.Fatal(err)
	}
	return l
}

// linesAbout lists the activity lines of any outcome about id.
func (r *rig) linesAbout(id string) []backend.Activity {
	r.t.Helper()
	list, err := r.db.ListActivity(context.Background(), sqlite.ActivityFilter{OpportunityID: id, Limit: 1000})
	if err != nil {
		r.t.Fatal(err)
	}
	return list
}

func (r *rig) countLines(id, part string) int {
	n := 0
	for _, a := range r.linesAbout(id) {
		if strings.Contains(a.Message, part) {
			n++
		}
	}
	return n
}

// calls are the Lever and Qualified requests made for candidates: the
// periodic safety nets' lists (the catch-up's, the polling's), which run
// whenever they are due and serve every candidate at once, are left out.
type calls struct{ lever, qualified int }

func (r *rig) callsNow() calls {
	var c calls
	for route, n := range r.lev.Stats().ByRoute {
		if route != "GET /opportunities" {
			c.lever += n
		}
	}
	for route, n := range r.qual.Stats().ByRoute {
		if route != "GET /v1/assessment_results" {
			c.qualified += n
		}
	}
	return c
}

func (r *rig) callsSince(before calls) calls {
	now := r.callsNow()
	return calls{now.lever - before.lever, now.qualified - before.qualified}
}

func TestArchivedCandidateHasTheirInvitationCancelledOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	res := r.invited("opp-arch")
	r.started("opp-arch")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-arch", "Backend Challenge").Status == backend.StatusStarted }, r.describe("opp-arch"))
	r.waitIdle()
	before := r.callsNow()
	removesBefore := r.lev.Stats().ByRoute["POST /opportunities/:id/removeTags"]
	r.archive("opp-arch")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-arch", "Backend Challenge").Status == backend.StatusClosed }, r.describe("opp-arch"))
	r.waitIdle()
	cost := r.callsSince(before)
	t.Logf("archive of a started candidate: %d Lever and %d Qualified calls", cost.lever, cost.qualified)
	if cost.lever != 2 || cost.qualified != 1 {
		t.Errorf("archive cost %+v, want 1 Lever read, 1 tag removal and 1 Qualified cancel", cost)
	}
	if contains(r.tags("opp-arch"), "Backend Challenge - Started") {
		t.Errorf("the status tag stayed in Lever: %v", r.tags("opp-arch"))
	}
	if tag := r.invitation("opp-arch", "Backend Challenge").AppliedTag; tag != "" {
		t.Errorf("applied tag %q recorded after the cancel", tag)
	}
	if got, _ := r.qual.ResultFor(email("opp-arch"), r.ids["Backend Challenge"]); got.State != "terminated" {
		t.Errorf("Qualified result %s is %q, want terminated", res.ID, got.State)
	}
	l := r.lifecycle("opp-arch")
	if l.State != "archived" || l.Cancelled[r.invitation("opp-arch", "Backend Challenge").ID] != "archived" {
		t.Errorf("lifecycle %+v", l)
	}
	if n := r.countLines("opp-arch", `was archived in Lever: the invitation to Backend Challenge was cancelled in Qualified; tag "Backend Challenge - Started" removed in Lever.`); n != 1 {
		t.Errorf("%d cancel lines, want 1: %+v", n, r.linesAbout("opp-arch"))
	}
	// Lever redelivers (a Rerun): nothing is cancelled or written twice.
	r.acceptEvent("opp-arch", lever.EventCandidateArchiveChange)
	r.waitIdle()
	if n := r.qual.Stats().ByRoute["DELETE /v1/assessment_invitations/{id}"]; n != 1 {
		t.Errorf("%d cancels reached Qualified, want 1", n)
	}
	if n := r.lev.Stats().ByRoute["POST /opportunities/:id/removeTags"] - removesBefore; n != 1 {
		t.Errorf("%d tag removals after the archive and its redelivery, want 1", n)
	}
	if n := r.countLines("opp-arch", "was cancelled in Qualified"); n != 1 {
		t.Errorf("%d cancel lines after a redelivery, want 1", n)
	}
}

func TestArchiveLeavesTheInvitationWhenTheSettingIsOff(t *testing.T) {
	r := newRig(t, rigOptions{})
	if err := r.db.SetSetting(context.Background(), sqlite.SettingCancelOnArchive, "off"); err != nil {
		t.Fatal(err)
	}
	r.invited("opp-keep")
	r.archive("opp-keep")
	r.eventually(10*time.Second, func() bool { return r.lifecycle("opp-keep").State == "archived" }, r.describe("opp-keep"))
	r.waitIdle()
	if s := r.invitation("opp-keep", "Backend Challenge").Status; s != backend.StatusInvited {
		t.Errorf("status %s, want invited", s)
	}
	if n := r.qual.Stats().ByRoute["DELETE /v1/assessment_invitations/{id}"]; n != 0 {
		t.Errorf("%d cancels with the setting off", n)
	}
	if r.countLines("opp-keep", "cancelling on archive is turned off in Settings") != 1 {
		t.Errorf("no line says why: %+v", r.linesAbout("opp-keep"))
	}
	// Unarchived: shown, nothing automatic.
	before := r.callsNow()
	r.lev.Unarchive("opp-keep")
	r.acceptEvent("opp-keep", lever.EventCandidateArchiveChange)
	r.eventually(10*time.Second, func() bool { return r.lifecycle("opp-keep").State == "unarchived" }, r.describe("opp-keep"))
	r.waitIdle()
	cost := r.callsSince(before)
	t.Logf("unarchive: %d Lever and %d Qualified calls", cost.lever, cost.qualified)
	if cost.qualified != 0 || r.invitation("opp-keep", "Backend Challenge").Status != backend.StatusInvited || r.emails("opp-keep", "Backend Challenge") != 1 {
		t.Errorf("unarchive did something: %+v %s", cost, r.describe("opp-keep")())
	}
}

func TestHireIsRecordedAgainstTheResults(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.invited("opp-hire")
	r.submitted("opp-hire", 91)
	r.resultNoted("opp-hire", 10*time.Second)
	r.waitIdle()
	before := r.callsNow()
	// Lever archives with the hired reason, then sends candidateHired.
	r.lev.Hire("opp-hire")
	r.acceptEvent("opp-hire", lever.EventCandidateArchiveChange)
	r.acceptEvent("opp-hire", lever.EventCandidateHired)
	r.eventually(10*time.Second, func() bool { return !r.lifecycle("opp-hire").HiredAt.IsZero() }, r.describe("opp-hire"))
	r.waitIdle()
	cost := r.callsSince(before)
	t.Logf("hire (archive + hired events): %d Lever and %d Qualified calls", cost.lever, cost.qualified)
	if cost.qualified != 0 {
		t.Errorf("a submitted candidate's hire asked Qualified %d times", cost.qualified)
	}
	if s := r.invitation("opp-hire", "Backend Challenge").Status; s != backend.StatusSubmitted {
		t.Errorf("status %s, want submitted", s)
	}
	if r.countLines("opp-hire", "was hired in Lever on") != 1 {
		t.Errorf("hire lines: %+v", r.linesAbout("opp-hire"))
	}
	r.acceptEvent("opp-hire", lever.EventCandidateHired)
	r.waitIdle()
	if r.countLines("opp-hire", "was hired in Lever on") != 1 {
		t.Errorf("a repeated hire was recorded twice")
	}
}

func TestDeletedCandidateIsForgottenButCounted(t *testing.T) {
	r := newRig(t, rigOptions{})
	ctx := context.Background()
	res := r.invited("opp-del")
	r.invited("opp-other")
	funnel, _ := r.db.Funnel(ctx)
	counts, _ := r.db.StatusCounts(ctx)
	before := r.callsNow()
	r.lev.Delete("opp-del")
	r.acceptEvent("opp-del", lever.EventCandidateDeleted)
	r.eventually(10*time.Second, func() bool {
		gone, _ := r.db.Forgotten(ctx, "opp-del")
		return gone
	}, r.describe("opp-del"))
	r.waitIdle()
	cost := r.callsSince(before)
	t.Logf("delete of an invited candidate: %d Lever and %d Qualified calls", cost.lever, cost.qualified)
	if got, _ := r.qual.ResultFor(email("opp-del"), r.ids["Backend Challenge"]); got.State != "terminated" {
		t.Errorf("Qualified result is %q, want terminated", got.State)
	}
	if invs, _ := r.db.InvitationsForOpportunity(ctx, "opp-del"); len(invs) != 0 {
		t.Errorf("dashboard rows left: %+v", invs)
	}
	page, _ := r.db.ListInvitations(ctx, sqlite.InvitationFilter{Search: "Cand opp-del"})
	if page.Total != 0 {
		t.Errorf("search still finds the deleted candidate: %+v", page)
	}
	assertNothingPersonal := func(when string) {
		t.Helper()
		for _, a := range r.linesAbout("opp-del") {
			if strings.Contains(a.Message, "Cand opp-del") || strings.Contains(a.Message, email("opp-del")) {
				t.Errorf("%s: a line keeps personal data: %q", when, a.Message)
			}
		}
	}
	assertNothingPersonal("after the deletion")
	if f2, _ := r.db.Funnel(ctx); !sameFunnel(funnel, f2) {
		t.Errorf("funnel changed: %+v → %+v", funnel, f2)
	}
	c2, _ := r.db.StatusCounts(ctx)
	id := r.ids["Backend Challenge"]
	if c2[id][backend.StatusInvited]+c2[id][backend.StatusClosed] != counts[id][backend.StatusInvited] {
		t.Errorf("counts %v → %v", counts[id], c2[id])
	}
	if r.invitation("opp-other", "Backend Challenge").Status != backend.StatusInvited {
		t.Errorf("the other candidate was touched")
	}
	// A late result webhook for the deleted candidate recreates nothing and
	// writes nothing personal back.
	r.deliverResult(res.ID, "started")
	r.acceptEvent("opp-del", lever.EventCandidateArchiveChange)
	r.waitIdle()
	if invs, _ := r.db.InvitationsForOpportunity(ctx, "opp-del"); len(invs) != 0 {
		t.Errorf("rows recreated: %+v", invs)
	}
	assertNothingPersonal("after a late result")
	for _, a := range r.activity(backend.OutcomeIgnored) {
		if strings.Contains(a.Message, "Cand opp-del") || strings.Contains(a.Message, email("opp-del")) {
			t.Errorf("a late line names the deleted candidate: %q", a.Message)
		}
	}
}

func sameFunnel(a, b []sqlite.FunnelStep) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// gate holds Qualified's invite answer until released.
type gate struct {
	backend.Provider
	once     sync.Once
	entered  chan struct{}
	released chan struct{}
}

func (g *gate) Invite(ctx context.Context, req backend.InviteRequest) (backend.ProviderInvitation, error) {
	p, err := g.Provider.Invite(ctx, req)
	g.once.Do(func() {
		close(g.entered)
		<-g.released
	})
	return p, err
}

func TestArchivedWhileTheInvitationIsBeingSentEndsCancelled(t *testing.T) {
	g := &gate{entered: make(chan struct{}), released: make(chan struct{})}
	r := newRig(t, rigOptions{wrap: func(p backend.Provider) backend.Provider { g.Provider = p; return g }})
	r.candidate("opp-race", "Backend Challenge")
	r.move("opp-race")
	<-g.entered // Qualified has invited; the answer is on its way.
	r.archive("opp-race")
	time.Sleep(50 * time.Millisecond) // the archive job waits for the candidate's lock
	close(g.released)
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-race", "Backend Challenge").Status == backend.StatusClosed }, r.describe("opp-race"))
	r.waitIdle()
	if got, _ := r.qual.ResultFor(email("opp-race"), r.ids["Backend Challenge"]); got.State != "terminated" {
		t.Errorf("the invitation was left live in Qualified: %q", got.State)
	}
	if n := r.emails("opp-race", "Backend Challenge"); n != 1 {
		t.Errorf("%d e-mails", n)
	}
}

// busy answers Qualified's invite with a failure to try again while on.
type busy struct {
	backend.Provider
	on atomic.Bool
}

func (b *busy) Invite(ctx context.Context, req backend.InviteRequest) (backend.ProviderInvitation, error) {
	if b.on.Load() {
		return backend.ProviderInvitation{}, errors.New("Qualified is busy")
	}
	return b.Provider.Invite(ctx, req)
}

func TestArchivedBeforeTheInvitationIsSentIsNeverInvited(t *testing.T) {
	b := &busy{}
	b.on.Store(true)
	r := newRig(t, rigOptions{wrap: func(p backend.Provider) backend.Provider { b.Provider = p; return b }})
	r.candidate("opp-early", "Backend Challenge")
	r.move("opp-early")
	// The invitation is recorded and waits for its next try.
	r.eventually(10*time.Second, func() bool { return len(r.messages(backend.OutcomeRetrying)) > 0 }, r.describe("opp-early"))
	r.archive("opp-early")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-early", "Backend Challenge").Status == backend.StatusClosed }, r.describe("opp-early"))
	b.on.Store(false)
	r.waitIdle()
	if n := r.emails("opp-early", "Backend Challenge"); n != 0 {
		t.Errorf("%d e-mails to a candidate archived before the invitation went out", n)
	}
	if s := r.invitation("opp-early", "Backend Challenge").Status; s != backend.StatusClosed {
		t.Errorf("status %s after the cancel", s)
	}
	if r.countLines("opp-early", "will not be sent") != 1 {
		t.Errorf("lines: %+v", r.linesAbout("opp-early"))
	}
}

func TestCancelAnsweredWithAnErrorAfterQualifiedCancelledIsRecordedOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.invited("opp-lost")
	// Qualified withdraws the invitation, then its gateway answers 502: the
	// same as a stop between Qualified's cancel and the database write.
	r.qual.FaultNext("DELETE", "/v1/assessment_invitations", 1, qualifiedtest.Fault{Status: http.StatusBadGateway})
	r.archive("opp-lost")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-lost", "Backend Challenge").Status == backend.StatusClosed }, r.describe("opp-lost"))
	r.waitIdle()
	if n := r.qual.Stats().ByRoute["DELETE /v1/assessment_invitations/{id}"]; n != 2 {
		t.Errorf("%d cancels reached Qualified, want 2 (the lost answer, then the repeat)", n)
	}
	if n := r.countLines("opp-lost", "was cancelled in Qualified"); n != 1 {
		t.Errorf("%d cancel lines, want 1", n)
	}
	if got, _ := r.qual.ResultFor(email("opp-lost"), r.ids["Backend Challenge"]); got.State != "terminated" {
		t.Errorf("result %q", got.State)
	}
}

func TestLeverTestPingAndUninvitedCandidatesCostNothing(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.candidate("opp-never")
	before := r.callsNow()
	// Lever's test button: candidateHired with empty data.
	ping := lifecycleDelivery("", lever.EventCandidateHired)
	ping.Data = lever.DeliveryData{}
	if err := r.eng.AcceptLever(context.Background(), ping); err != nil {
		t.Fatal(err)
	}
	r.lev.Archive("opp-never")
	r.acceptEvent("opp-never", lever.EventCandidateArchiveChange)
	r.waitIdle()
	if cost := r.callsSince(before); cost != (calls{}) {
		t.Errorf("cost %+v, want none", cost)
	}
	if !contains(r.messages(backend.OutcomeIgnored), "Lever's test button") || r.countLines("opp-never", "has not invited this candidate") != 1 {
		t.Errorf("ignored lines: %q", r.messages(backend.OutcomeIgnored))
	}
}

// stopsAfterCancel withdraws the invitation in Qualified, then never
// answers: the process stops there, between Qualified's cancel and the
// database write.
type stopsAfterCancel struct {
	backend.Provider
	reached chan struct{}
	stopped chan struct{}
}

func (s *stopsAfterCancel) Cancel(ctx context.Context, id string) error {
	if err := s.Provider.Cancel(ctx, id); err != nil {
		return err
	}
	close(s.reached)
	<-s.stopped
	return errors.New("stopped")
}

func TestStopBetweenQualifiedCancelAndTheDatabaseWriteCancelsOnce(t *testing.T) {
	s := &stopsAfterCancel{reached: make(chan struct{}), stopped: make(chan struct{})}
	r := newRig(t, rigOptions{wrap: func(p backend.Provider) backend.Provider { s.Provider = p; return s }})
	r.invited("opp-stop")
	r.archive("opp-stop")
	<-s.reached
	// The process stops: its engine gives up on the job still running.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	r.eng.Stop(ctx)
	cancel()
	close(s.stopped)
	if st := r.invitation("opp-stop", "Backend Challenge").Status; st != backend.StatusInvited {
		t.Fatalf("status %s before the restart", st)
	}
	// assessbridge starts again on the same file.
	r.eng = workflow.NewTestEngine(t, r.db, r.lev.URL, r.qual.URL, r.qual.WebURL)
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-stop", "Backend Challenge").Status == backend.StatusClosed }, r.describe("opp-stop"))
	r.waitIdle()
	if n := r.countLines("opp-stop", "was cancelled in Qualified"); n != 1 {
		t.Errorf("%d cancel lines, want 1", n)
	}
	if got, _ := r.qual.ResultFor(email("opp-stop"), r.ids["Backend Challenge"]); got.State != "terminated" {
		t.Errorf("result %q", got.State)
	}
	if n := r.emails("opp-stop", "Backend Challenge"); n != 1 {
		t.Errorf("%d e-mails", n)
	}
}
