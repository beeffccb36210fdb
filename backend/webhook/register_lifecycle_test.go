package webhook_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// TestOneLeverWebhookPerEventEachWithItsOwnToken: registration makes one
// webhook per handled event at our address, keeps each one's id and
// signature token, reuses them on the next registration, and the receiver
// accepts what Lever delivers through each of them.
func TestOneLeverWebhookPerEventEachWithItsOwnToken(t *testing.T) {
	ctx := context.Background()
	r := newRegistration(t)
	for range 2 {
		if err := r.reg.Register(ctx, r.public); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(r.lev.Webhooks()); n != len(lever.HandledEvents) {
		t.Fatalf("%d webhooks after two registrations, want %d", n, len(lever.HandledEvents))
	}
	tokens := map[string]bool{}
	for _, event := range lever.HandledEvents {
		hooks := r.oursFor(event)
		if len(hooks) != 1 {
			t.Fatalf("%s: %d webhooks at our address", event, len(hooks))
		}
		id, _ := r.db.Setting(ctx, sqlite.LeverWebhookIDSetting(event))
		token, _ := r.keys.Get(secrets.LeverEventSignatureToken(event))
		if id != hooks[0].ID || token != hooks[0].SignatureToken || tokens[token] {
			t.Errorf("%s: saved id %q and token for webhook %s", event, id, hooks[0].ID)
		}
		tokens[token] = true
	}
	r.lev.AddOpportunity(levertest.Opportunity{ID: "opp-life", Name: "Cand", Emails: []string{"c@example.com"}, StageID: stageScreen})
	var sent []levertest.Delivery
	sent = append(sent, r.lev.Hire("opp-life")...)
	sent = append(sent, r.lev.Unarchive("opp-life")...)
	r.lev.Delete("opp-life")
	sent = r.lev.Deliveries()
	if len(sent) != 4 {
		t.Fatalf("%d deliveries, want archive, hired, unarchive and deleted", len(sent))
	}
	for _, d := range sent {
		if d.StatusCode != http.StatusOK {
			t.Errorf("delivery %s through webhook %s answered %d", d.ID, d.WebhookID, d.StatusCode)
		}
	}
	// Lever's test button pings every webhook with candidateHired, each
	// signed with its own token: all are accepted.
	pings, _ := r.lev.SendTestPing()
	for _, d := range pings {
		if d.StatusCode != http.StatusOK {
			t.Errorf("test ping through %s answered %d", d.WebhookID, d.StatusCode)
		}
	}
	if err := r.reg.Unregister(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(r.lev.Webhooks()); n != 0 {
		t.Errorf("%d webhooks left after Unregister", n)
	}
	for _, event := range lever.HandledEvents {
		if _, err := r.keys.Get(secrets.LeverEventSignatureToken(event)); err == nil {
			t.Errorf("%s: token kept after Unregister", event)
		}
	}
}

// TestOrphanArchiveWebhookIsReconciledOnItsOwn: an archive-change webhook
// whose token was lost is replaced; the stage change's, which works, is
// kept.
func TestOrphanArchiveWebhookIsReconciledOnItsOwn(t *testing.T) {
	ctx := context.Background()
	r := newRegistration(t)
	if err := r.reg.Register(ctx, r.public); err != nil {
		t.Fatal(err)
	}
	stage := r.ours()[0]
	old := r.oursFor(lever.EventCandidateArchiveChange)[0]
	if err := r.keys.Delete(secrets.LeverEventSignatureToken(lever.EventCandidateArchiveChange)); err != nil {
		t.Fatal(err)
	}
	if err := r.reg.Register(ctx, r.public); err != nil {
		t.Fatal(err)
	}
	now := r.oursFor(lever.EventCandidateArchiveChange)
	if len(now) != 1 || now[0].ID == old.ID {
		t.Errorf("archive webhooks %+v, want one new in place of %s", now, old.ID)
	}
	if got := r.ours(); len(got) != 1 || got[0].ID != stage.ID {
		t.Errorf("the stage change webhook was touched: %+v", got)
	}
	r.lev.AddOpportunity(levertest.Opportunity{ID: "opp-a", Name: "Cand", StageID: stageScreen})
	r.lev.Archive("opp-a")
	for _, d := range r.lev.Deliveries() {
		if d.StatusCode != http.StatusOK {
			t.Errorf("archive delivery answered %d", d.StatusCode)
		}
	}
}
