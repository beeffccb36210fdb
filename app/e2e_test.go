package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/secrets"
)

const wait = 20 * time.Second

func TestServeRegistersItsWebhooksOnceAndReusesThem(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	hooks := stageChangeHooks(t, h.lever.Webhooks())
	if len(hooks) != 1 || hooks[0].Event != "candidateStageChange" || hooks[0].URL != h.cfg.PublicURL+"/webhooks/lever" {
		t.Fatalf("Lever webhooks after start: %+v", hooks)
	}
	subs := h.qual.Subscriptions()
	if len(subs) != 1 || !strings.HasPrefix(subs[0].URL, h.cfg.PublicURL+"/webhooks/qualified/") {
		t.Fatalf("Qualified subscriptions after start: %+v", subs)
	}
	// A restart reuses both; a new public URL re-points them.
	h.stop()
	h.start()
	h.stop()
	h.cfg.PublicURL = "https://moved.example.com"
	h.start()
	hooks, subs = stageChangeHooks(t, h.lever.Webhooks()), h.qual.Subscriptions()
	if len(hooks) != 1 || hooks[0].URL != "https://moved.example.com/webhooks/lever" {
		t.Fatalf("Lever webhooks after restarts: %+v", hooks)
	}
	if len(subs) != 1 || !strings.HasPrefix(subs[0].URL, "https://moved.example.com/webhooks/qualified/") {
		t.Fatalf("Qualified subscriptions after restarts: %+v", subs)
	}
	// The signature token and the path secret are kept out of SQLite.
	for _, name := range []string{secrets.LeverSignatureToken, secrets.QualifiedPathSecret} {
		v, err := h.app.secrets.Get(name)
		if err != nil || v == "" {
			t.Fatalf("secret %s missing: %v", name, err)
		}
		var n int
		if err := h.app.DB().Writer().QueryRow(`SELECT (SELECT count(*) FROM settings WHERE value LIKE '%'||?||'%') + (SELECT count(*) FROM activity WHERE message LIKE '%'||?||'%')`, v, v).Scan(&n); err != nil || n != 0 {
			t.Fatalf("secret %s found in SQLite (%d rows, %v)", name, n, err)
		}
	}
}

func TestTagOnCandidateInvitesAndBecomesInvited(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-ada", "Ada Lovelace", []string{"Referral", "backend challenge"})
	h.move("opp-ada", stageAssessment)
	h.eventually(wait, func() bool { return h.hasTags("opp-ada", "Backend Challenge - Invited") }, h.describe("opp-ada"))
	h.waitIdle()
	if got, want := h.tags("opp-ada"), []string{"Backend Challenge - Invited", "Referral"}; !slices.Equal(got, want) {
		t.Fatalf("tags %v, want %v", got, want)
	}
	if n := h.qual.EmailsSent(h.email("opp-ada"), h.ids["Backend Challenge"]); n != 1 {
		t.Fatalf("%d invitation e-mails, want 1", n)
	}
	invs := h.qual.Invitations()
	if len(invs) != 1 || invs[0].AlternateID != "opp-ada" || invs[0].FirstName != "Ada" || invs[0].LastName != "Lovelace" {
		t.Fatalf("Qualified invitations: %+v", invs)
	}
	for _, op := range h.lever.TagOps("opp-ada") {
		if op.PerformAs != recruiterID {
			t.Fatalf("tag change not performed as the configured user: %+v", op)
		}
	}
	inv, _ := h.invitation("opp-ada", "Backend Challenge")
	if inv.Status != backend.StatusInvited || inv.InviteURL == "" || inv.InvitedAt.IsZero() || inv.Candidate.Email != "ada.lovelace@example.com" {
		t.Fatalf("stored invitation: %+v", inv)
	}
}

func TestTagOnPostingInvitesWithoutTouchingTheJob(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-grace", "Grace Hopper", nil, "post-backend")
	h.move("opp-grace", stageAssessment)
	h.eventually(wait, func() bool { return h.hasTags("opp-grace", "Backend Challenge - Invited") }, h.describe("opp-grace"))
	h.waitIdle()
	if got := h.tags("opp-grace"); !slices.Equal(got, []string{"Backend Challenge - Invited"}) {
		t.Fatalf("tags %v", got)
	}
	for _, op := range h.lever.TagOps("opp-grace") {
		if !op.Add {
			t.Fatalf("a tag was removed although the assessment tag is on the job: %+v", op)
		}
	}
	inv, _ := h.invitation("opp-grace", "Backend Challenge")
	if inv.TagPlace != backend.TagOnPosting || inv.Candidate.PostingTitle != "Backend Engineer" {
		t.Fatalf("stored invitation: %+v", inv)
	}
}

func TestSeveralAssessmentsAtOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-alan", "Alan Turing", []string{"SQL BASICS", "  Frontend Challenge", "Old Draft"}, "post-backend")
	h.move("opp-alan", stageAssessment)
	want := []string{"Backend Challenge - Invited", "Frontend Challenge - Invited", "SQL Basics - Invited"}
	h.eventually(wait, func() bool { return h.hasTags("opp-alan", want...) }, h.describe("opp-alan"))
	h.waitIdle()
	wantAll := append(slices.Clone(want), "Old Draft")
	slices.Sort(wantAll)
	if got := h.tags("opp-alan"); !slices.Equal(got, wantAll) {
		// The draft assessment's tag is left alone: drafts are never matched.
		t.Fatalf("tags %v", got)
	}
	if n := len(h.qual.Invitations()); n != 3 {
		t.Fatalf("%d invitations, want 3", n)
	}
}

func TestNonTriggerStageDoesNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-x", "Xavier Nontrigger", []string{"Backend Challenge"})
	h.move("opp-x", stageOnsite)
	h.waitIdle()
	time.Sleep(200 * time.Millisecond)
	if n := len(h.qual.Invitations()); n != 0 {
		t.Fatalf("%d invitations for a move into a non-trigger stage", n)
	}
	if got := h.tags("opp-x"); !slices.Equal(got, []string{"Backend Challenge"}) {
		t.Fatalf("tags changed: %v", got)
	}
	if msgs := h.activity(backend.OutcomeIgnored); !containsText(msgs, "not a trigger stage") {
		t.Fatalf("the ignored webhook is not in the activity log: %v", msgs)
	}
}

func TestArchivedCandidateIsSkipped(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-arch", "Archie Ved", []string{"Backend Challenge"})
	h.lever.Archive("opp-arch")
	h.move("opp-arch", stageAssessment)
	h.eventually(wait, func() bool { return containsText(h.activity(backend.OutcomeSkipped), "archived") },
		func() string { return fmt.Sprint(h.activity(backend.OutcomeSkipped)) })
	h.waitIdle()
	if n := len(h.qual.Invitations()); n != 0 {
		t.Fatalf("archived candidate invited (%d)", n)
	}
}

func TestMovedOnBeforeProcessingIsSkipped(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-fast", "Fast Mover", []string{"Backend Challenge"})
	h.app.Engine().Stop(context.Background()) // hold the queue while the candidate moves on
	h.move("opp-fast", stageAssessment)
	h.lever.MoveToStage("opp-fast", stageOnsite)
	h.stop()
	h.start()
	h.eventually(wait, func() bool { return containsText(h.activity(backend.OutcomeSkipped), "no longer in") },
		func() string { return fmt.Sprint(h.activity(backend.OutcomeSkipped)) })
	if n := len(h.qual.Invitations()); n != 0 {
		t.Fatalf("candidate who moved on was invited (%d)", n)
	}
}

func TestNoEmailIsAVisibleFailureAndRetryWorks(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.lever.AddOpportunity(levertest.Opportunity{ID: "opp-noemail", Name: "Nomail Person", Tags: []string{"Backend Challenge"}, StageID: stageScreen})
	h.move("opp-noemail", stageAssessment)
	h.eventually(wait, func() bool {
		inv, ok := h.invitation("opp-noemail", "Backend Challenge")
		return ok && inv.Status == backend.StatusFailed
	}, h.describe("opp-noemail"))
	inv, _ := h.invitation("opp-noemail", "Backend Challenge")
	if !strings.Contains(inv.Error, "no e-mail") {
		t.Fatalf("failure reason %q", inv.Error)
	}
	if msgs := h.activity(backend.OutcomeFailed); !containsText(msgs, "no e-mail") {
		t.Fatalf("failure not in the activity log: %v", msgs)
	}
	if n := len(h.qual.Invitations()); n != 0 {
		t.Fatalf("invited without an e-mail (%d)", n)
	}
	if got := h.tags("opp-noemail"); !slices.Equal(got, []string{"Backend Challenge"}) {
		t.Fatalf("tags changed on a failure: %v", got)
	}
	// The recruiter adds an address and presses retry.
	h.lever.SetEmails("opp-noemail", []string{"found@example.com"})
	res := h.api("POST", fmt.Sprintf("/api/invitations/%d/retry", inv.ID), nil)
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("retry answered %d", res.StatusCode)
	}
	h.eventually(wait, func() bool { return h.hasTags("opp-noemail", "Backend Challenge - Invited") }, h.describe("opp-noemail"))
	if n := h.qual.EmailsSent("found@example.com", h.ids["Backend Challenge"]); n != 1 {
		t.Fatalf("%d e-mails after retry", n)
	}
}

func TestForgedAndMalformedDeliveriesChangeNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-f", "Forge Target", []string{"Backend Challenge"})
	url := h.cfg.PublicURL + "/webhooks/lever"
	now := time.Now().UnixMilli()
	token := strings.Repeat("a", 48)
	body := func(sig string, at int64) []byte {
		b, _ := json.Marshal(map[string]any{"triggeredAt": at, "event": "candidateStageChange", "token": token, "signature": sig,
			"data": map[string]string{"opportunityId": "opp-f", "toStageId": stageAssessment, "fromStageId": stageScreen}})
		return b
	}
	cases := []struct {
		name string
		body []byte
		want int
	}{
		{"signed with a guessed key", body(lever.Sign("guessed-key", token, now), now), http.StatusUnauthorized},
		{"signature of another message", body(lever.Sign("guessed-key", token, now-1), now), http.StatusUnauthorized},
		{"no signature", body("", now), http.StatusBadRequest},
		{"not JSON", []byte("event=candidateStageChange"), http.StatusBadRequest},
		{"too large", bytes.Repeat([]byte(" "), 200<<10), http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		res, err := http.Post(url, "application/json", bytes.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.want {
			t.Errorf("%s: answered %d, want %d", c.name, res.StatusCode, c.want)
		}
	}
	// Qualified: a wrong path secret looks like any unknown path.
	res, _ := http.Post(h.cfg.PublicURL+"/webhooks/qualified/guess", "application/json", strings.NewReader(`{"event":"assessment_result_submitted","data":{"id":1}}`))
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("wrong Qualified secret answered %d", res.StatusCode)
	}
	// The admin API is not on the webhook listener.
	res, _ = http.Get(h.cfg.PublicURL + "/api/status")
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("admin API reachable through the webhook listener: %d", res.StatusCode)
	}
	h.waitIdle()
	if n := len(h.qual.Invitations()); n != 0 {
		t.Fatalf("forged delivery led to %d invitations", n)
	}
	if msgs := h.activity(backend.OutcomeRejected); !containsText(msgs, "wrong signature") {
		t.Fatalf("forgery not in the activity log: %v", msgs)
	}
}

func TestReplaysRerunsAndPingsNeverInviteTwice(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-r", "Rerun Person", []string{"Backend Challenge"})
	ds, err := h.lever.MoveToStage("opp-r", stageAssessment)
	if err != nil || len(ds) != 1 || ds[0].StatusCode != 200 {
		t.Fatalf("first delivery: %+v %v", ds, err)
	}
	h.eventually(wait, func() bool { return h.hasTags("opp-r", "Backend Challenge - Invited") }, h.describe("opp-r"))
	replay, err := h.lever.Replay(ds[0].ID)
	// A correctly signed delivery already recorded is acknowledged, so that
	// Lever stops retrying it, and changes nothing.
	if err != nil || replay.StatusCode != http.StatusOK {
		t.Fatalf("replay answered %d (%v), want 200 already received", replay.StatusCode, err)
	}
	for range 3 {
		rerun, err := h.lever.Rerun(ds[0].ID)
		if err != nil || rerun.StatusCode != http.StatusOK {
			t.Fatalf("rerun answered %d (%v)", rerun.StatusCode, err)
		}
	}
	pings, err := h.lever.SendTestPing()
	if err != nil || len(pings) != len(lever.HandledEvents) {
		t.Fatalf("test ping: %d deliveries %v, want one per webhook", len(pings), err)
	}
	for _, p := range pings {
		if p.StatusCode != http.StatusOK {
			t.Fatalf("test ping through %s answered %d", p.WebhookID, p.StatusCode)
		}
	}
	h.waitIdle()
	if n := h.qual.EmailsSent(h.email("opp-r"), h.ids["Backend Challenge"]); n != 1 {
		t.Fatalf("%d e-mails after replays and reruns", n)
	}
	if n := len(h.qual.Invitations()); n != 1 {
		t.Fatalf("%d invitations", n)
	}
	adds := 0
	for _, op := range h.lever.TagOps("opp-r") {
		if op.Add {
			adds++
		}
	}
	if adds != 1 {
		t.Fatalf("tags added %d times: %+v", adds, h.lever.TagOps("opp-r"))
	}
	if got := h.tags("opp-r"); !slices.Equal(got, []string{"Backend Challenge - Invited"}) {
		t.Fatalf("tags %v", got)
	}
	if msgs := h.activity(backend.OutcomeIgnored); !containsText(msgs, "candidateHired") {
		t.Fatalf("test ping not logged as ignored: %v", msgs)
	}
}

func TestStartedThenSubmittedTagsAndOneNote(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-s", "Sam Submitter", []string{"Backend Challenge"})
	h.move("opp-s", stageAssessment)
	h.eventually(wait, func() bool { return h.hasTags("opp-s", "Backend Challenge - Invited") }, h.describe("opp-s"))
	res, ok := h.qual.ResultFor(h.email("opp-s"), h.ids["Backend Challenge"])
	if !ok {
		t.Fatal("no result in Qualified")
	}
	if ds, err := h.qual.Start(res.ID); err != nil || len(ds) != 1 || ds[0].StatusCode != 200 {
		t.Fatalf("start delivery: %+v %v", ds, err)
	}
	h.eventually(wait, func() bool { return slices.Equal(h.tags("opp-s"), []string{"Backend Challenge - Started"}) }, h.describe("opp-s"))
	ds, err := h.qual.Submit(res.ID, 82)
	if err != nil || len(ds) != 1 || ds[0].StatusCode != 200 {
		t.Fatalf("submit delivery: %+v %v", ds, err)
	}
	h.eventually(wait, func() bool { return len(h.lever.Notes("opp-s")) == 1 }, h.describe("opp-s"))
	// Qualified redelivers; a stale "started" arrives late: nothing moves back, no second note.
	h.postQualified(ds[0].Body)
	h.postQualified(ds[0].Body)
	h.waitIdle()
	if got := h.tags("opp-s"); !slices.Equal(got, []string{"Backend Challenge - Submitted"}) {
		t.Fatalf("tags %v", got)
	}
	notes := h.lever.Notes("opp-s")
	if len(notes) != 1 {
		t.Fatalf("%d notes", len(notes))
	}
	note := notes[0].Value
	for _, want := range []string{"Backend Challenge", "Score: 82%", "passed", "cut 70%", "Time spent:", "Rate limiter", "LRU cache", "Report: http", res.ID} {
		if !strings.Contains(note, want) {
			t.Errorf("note lacks %q:\n%s", want, note)
		}
	}
	if notes[0].PerformAs != recruiterID {
		t.Errorf("note performed as %q", notes[0].PerformAs)
	}
	inv, _ := h.invitation("opp-s", "Backend Challenge")
	if inv.Status != backend.StatusSubmitted || inv.Score == nil || *inv.Score != 82 || inv.Passed == nil || !*inv.Passed ||
		inv.StartedAt.IsZero() || inv.SubmittedAt.IsZero() || inv.NoteID == "" || len(inv.Challenges) != 2 {
		t.Fatalf("stored invitation: %+v", inv)
	}
}

func TestMissedResultWebhookIsCaughtByPolling(t *testing.T) {
	h := newHarness(t, harnessOptions{pollInterval: time.Second})
	h.candidate("opp-p", "Polly Poll", []string{"SQL Basics"})
	h.move("opp-p", stageAssessment)
	h.eventually(wait, func() bool { return h.hasTags("opp-p", "SQL Basics - Invited") }, h.describe("opp-p"))
	h.qual.SetWebhooksEnabled(false)
	res, _ := h.qual.ResultFor(h.email("opp-p"), h.ids["SQL Basics"])
	h.qual.Start(res.ID)
	h.qual.Submit(res.ID, 40)
	h.eventually(wait, func() bool { return len(h.lever.Notes("opp-p")) == 1 }, h.describe("opp-p"))
	h.waitIdle()
	if got := h.tags("opp-p"); !slices.Equal(got, []string{"SQL Basics - Submitted"}) {
		t.Fatalf("tags %v", got)
	}
	if note := h.lever.Notes("opp-p")[0].Value; !strings.Contains(note, "did not pass") {
		t.Fatalf("note: %s", note)
	}
	if msgs := h.activity(backend.OutcomeOK); !containsText(msgs, "found by polling") {
		t.Fatalf("polling not credited in the activity log: %v", msgs)
	}
}

func TestCandidatesAlreadyInTheStageAreSkipped(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.stop()
	// Already in the stage a day before it became a trigger.
	h.lever.AddOpportunity(levertest.Opportunity{ID: "opp-old", Name: "Olive Oldtimer", Emails: []string{"olive@example.com"},
		Tags: []string{"Backend Challenge"}, StageID: stageAssessment, EnteredStageAt: time.Now().Add(-24 * time.Hour)})
	h.cfg.TriggerStages = []string{stageAssessment, stageOnsite}
	h.start()
	h.waitIdle()
	// A rerun of an old change for them is skipped too.
	h.lever.SetTags("opp-old", []string{"Backend Challenge"})
	if ds, err := h.lever.Rerun(h.lastDelivery("opp-old")); err == nil && ds.StatusCode != 200 && ds.StatusCode != 0 {
		t.Fatalf("rerun answered %d", ds.StatusCode)
	}
	h.waitIdle()
	if n := len(h.qual.Invitations()); n != 0 {
		t.Fatalf("a candidate already in the stage was invited (%d)", n)
	}
	// A newcomer to the stage that just became a trigger is invited.
	h.candidate("opp-new", "Nina Newcomer", []string{"Backend Challenge"})
	h.move("opp-new", stageOnsite)
	h.eventually(wait, func() bool { return h.hasTags("opp-new", "Backend Challenge - Invited") }, h.describe("opp-new"))
}

func TestStageChangesDuringDowntimeAreCaughtUpOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-d1", "Dora Down", []string{"Backend Challenge"})
	h.candidate("opp-d2", "Dan Down", nil, "post-backend")
	h.stop()
	for _, id := range []string{"opp-d1", "opp-d2"} {
		ds, _ := h.lever.MoveToStage(id, stageAssessment)
		if len(ds) != 1 || ds[0].Err == nil {
			t.Fatalf("delivery to a stopped app did not fail: %+v", ds)
		}
	}
	h.start()
	for _, id := range []string{"opp-d1", "opp-d2"} {
		h.eventually(wait, func() bool { return h.hasTags(id, "Backend Challenge - Invited") }, h.describe(id))
	}
	// Lever's own retry arrives later, and the app restarts again: still once.
	h.stop()
	h.start()
	h.waitIdle()
	for _, id := range []string{"opp-d1", "opp-d2"} {
		if n := h.qual.EmailsSent(h.email(id), h.ids["Backend Challenge"]); n != 1 {
			t.Fatalf("%s: %d e-mails", id, n)
		}
	}
	if msgs := h.activity(backend.OutcomeOK); !containsText(msgs, "without a webhook") {
		t.Fatalf("catch-up not in the activity log: %v", msgs)
	}
}

func TestAdminAPIRefusesOtherHostsAndCrossSiteWrites(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	base := "http://" + h.app.AdminAddr()
	req, _ := http.NewRequest("GET", base+"/api/status", nil)
	req.Host = "evil.example.com"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("rebinding host answered %d", res.StatusCode)
	}
	req, _ = http.NewRequest("PUT", base+"/api/settings", strings.NewReader(`{"performAs":"x"}`))
	req.Header.Set("Origin", "https://evil.example.com")
	res, _ = http.DefaultClient.Do(req)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site write answered %d", res.StatusCode)
	}
	res = h.api("PUT", "/api/trigger-stages", map[string]any{"stageIds": []string{"no-such-stage"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("unknown stage answered %d", res.StatusCode)
	}
	res = h.api("GET", "/api/status", nil)
	var st adminapi.Status
	json.NewDecoder(res.Body).Decode(&st)
	if res.StatusCode != 200 || len(st.TriggerStages) != 1 || st.TriggerStages[0].Name != "Coding assessment" {
		t.Fatalf("status %d %+v", res.StatusCode, st)
	}
}

func (h *harness) api(method, path string, body any) *http.Response {
	h.t.Helper()
	var r *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	} else {
		r = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, "http://"+h.app.AdminAddr()+path, r)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { res.Body.Close() })
	return res
}

func (h *harness) postQualified(body []byte) {
	h.t.Helper()
	res, err := http.Post(h.qual.Subscriptions()[0].URL, "application/json", bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		h.t.Fatalf("Qualified redelivery answered %d", res.StatusCode)
	}
}

func (h *harness) lastDelivery(oppID string) string {
	var id string
	for _, d := range h.lever.Deliveries() {
		if bytes.Contains(d.Body, []byte(oppID)) {
			id = d.ID
		}
	}
	return id
}

func containsText(list []string, s string) bool {
	for _, m := range list {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

func TestDisconnectLeverRemovesWhatWasRegistered(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	if len(h.lever.Webhooks()) != len(lever.HandledEvents) || len(h.qual.Subscriptions()) != 1 {
		t.Fatalf("not registered: %+v %+v", h.lever.Webhooks(), h.qual.Subscriptions())
	}
	res := h.api("POST", "/api/setup/lever/disconnect", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("disconnect answered %d", res.StatusCode)
	}
	if n := len(h.lever.Webhooks()); n != 0 {
		t.Fatalf("%d Lever webhooks left after disconnecting", n)
	}
	if n := len(h.qual.Subscriptions()); n != 0 {
		t.Fatalf("%d Qualified subscriptions left after disconnecting", n)
	}
	if _, err := h.app.secrets.Get(secrets.LeverSignatureToken); err == nil {
		t.Fatal("the signature token was kept")
	}
	var st adminapi.Status
	json.NewDecoder(h.api("GET", "/api/status", nil).Body).Decode(&st)
	if st.Lever.Connected || st.Webhook.Registered {
		t.Fatalf("status after disconnecting: %+v", st)
	}
	// A stage change now is refused (nothing can verify it), and nobody is invited.
	h.candidate("opp-after", "After Disconnect", []string{"Backend Challenge"})
	h.lever.MoveToStage("opp-after", stageAssessment)
	h.waitIdle()
	if n := len(h.qual.Invitations()); n != 0 {
		t.Fatalf("%d invitations after disconnecting", n)
	}
}

func TestWebhookWithoutPermissionSaysWhereToPasteTheURL(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.stop()
	h.app = nil
	// A fresh data folder, and a Lever key that may not manage webhooks.
	h.cfg.DataDir = t.TempDir()
	// A key without the webhook permission is refused every time.
	h.lever.FailNext("POST", "/webhooks", 100, http.StatusForbidden)
	h.start()
	var st adminapi.Status
	json.NewDecoder(h.api("GET", "/api/status", nil).Body).Decode(&st)
	if st.Webhook.Registered || st.Webhook.ManualURL != h.cfg.PublicURL+"/webhooks/lever" || !strings.Contains(st.Webhook.ManualWhere, "Candidate Stage Change") {
		t.Fatalf("webhook status: %+v", st.Webhook)
	}
}

func TestRevokedLeverLoginPausesWorkUntilReconnected(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-pause", "Paula Paused", []string{"Backend Challenge"})
	// Lever stops accepting the key: every call answers 401.
	h.lever.FailNext("", "/", 1000, http.StatusUnauthorized)
	h.move("opp-pause", stageAssessment)
	h.eventually(wait, func() bool {
		var st adminapi.Status
		json.NewDecoder(h.api("GET", "/api/status", nil).Body).Decode(&st)
		return st.Lever.Error != "" && !st.Setup[0].Done
	}, func() string { return "Setup never showed Lever refusing the login" })
	// Setup learns of the refusal from the call itself; the job that made
	// the call writes the line as it puts its work off.
	h.eventually(wait, func() bool { return containsText(h.activity(backend.OutcomeRetrying), "Reconnect Lever") },
		func() string {
			return fmt.Sprintf("the pause is not in the activity log: %v", h.activity(backend.OutcomeRetrying))
		})
	var waiting int
	h.app.DB().Writer().QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'stage_change' AND state IN ('scheduled','available','running','retryable')`).Scan(&waiting)
	if waiting != 1 {
		t.Fatalf("%d stage-change jobs waiting, want 1 kept", waiting)
	}
	if msgs := h.activity(backend.OutcomeFailed); len(msgs) != 0 {
		t.Fatalf("the paused work was recorded as failed: %v", msgs)
	}
	// The recruiter reconnects; the waiting stage change goes ahead.
	h.lever.ClearFailures()
	res := h.api("POST", "/api/setup/lever", map[string]string{"apiKey": "lever-test-key"})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("reconnect answered %d", res.StatusCode)
	}
	// The waiting stage change goes ahead at once, not after its minute's wait.
	h.eventually(wait, func() bool { return h.hasTags("opp-pause", "Backend Challenge - Invited") }, h.describe("opp-pause"))
}

func TestASecondAssessbridgeOnTheSameDataFolderIsRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	cfg := h.cfg
	cfg.Listen, cfg.WebhookListen = "127.0.0.1:0", "127.0.0.1:0"
	second, err := New(context.Background(), cfg, testLogger())
	if err == nil {
		second.Shutdown(context.Background())
		t.Fatal("a second assessbridge opened the same data folder")
	}
	if !errors.Is(err, ErrDataDirInUse) || !strings.Contains(err.Error(), "quit it first") {
		t.Fatalf("error: %v", err)
	}
	// Once the first stops, the folder is free.
	h.stop()
	third, err := New(context.Background(), cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	third.Shutdown(context.Background())
}
