package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/webhook"
)

const (
	stageScreen = "phone-screen"
	stageAssess = "assessment-stage"
	clientWait  = time.Second
)

// keychain is the secrets file with one fault: the next reads of a name can
// fail as a locked or busy OS keychain does.
type keychain struct {
	*secrets.File
	mu   sync.Mutex
	fail map[string]int
}

var errKeychainLocked = errors.New("keychain: the keyring is locked")

func (k *keychain) failNextGets(name string, n int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.fail[name] += n
}

func (k *keychain) Get(name string) (string, error) {
	k.mu.Lock()
	if k.fail[name] > 0 {
		k.fail[name]--
		k.mu.Unlock()
		return "", errKeychainLocked
	}
	k.mu.Unlock()
	return k.File.Get(name)
}

// registration is the Lever simulator, the real clients, and the public
// receiver at the public URL, verifying with the token the keychain holds.
type registration struct {
	t      *testing.T
	lev    *levertest.Server
	db     *sqlite.DB
	keys   *keychain
	reg    *webhook.Registrar
	public string
}

func newRegistration(t *testing.T) *registration {
	t.Helper()
	r := &registration{t: t, keys: &keychain{File: secrets.NewFile(t.TempDir()), fail: map[string]int{}}}
	r.lev = levertest.New(levertest.Options{RatePerSecond: 1000, Burst: 1000})
	t.Cleanup(r.lev.Close)
	r.lev.AddStage(stageScreen, "Phone screen")
	r.lev.AddStage(stageAssess, "Coding assessment")
	qual := qualifiedtest.New(qualifiedtest.Options{})
	t.Cleanup(qual.Close)
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "assessbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r.db = db
	rc := &webhook.Receiver{Queue: &queue{}, // every verified delivery is taken
		SignatureTokens: func() map[string]string { return webhook.LeverTokens(r.keys.File) },
		QualifiedSecret: func() string { v, _ := r.keys.File.Get(secrets.QualifiedPathSecret); return v },
	}
	srv := httptest.NewServer(rc.Handler())
	t.Cleanup(srv.Close)
	r.public = srv.URL
	r.reg = &webhook.Registrar{DB: db, Secrets: r.keys,
		Lever:     lever.New(r.lev.URL, "lever-test-key", lever.WithHTTPClient(&http.Client{Timeout: clientWait}), lever.WithLimiter(lever.NewLimiter(1000, 1000))),
		Qualified: qualified.New(qual.URL, qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(&http.Client{Timeout: clientWait})),
	}
	return r
}

func (r *registration) url() string { return r.public + webhook.LeverPath }

// ours is every stage change webhook Lever holds at assessbridge's address.
func (r *registration) ours() []lever.Webhook { return r.oursFor(lever.EventCandidateStageChange) }

// oursFor is every webhook for event Lever holds at assessbridge's address.
func (r *registration) oursFor(event string) []lever.Webhook {
	var out []lever.Webhook
	for _, h := range r.lev.Webhooks() {
		if h.URL == r.url() && h.Event == event {
			out = append(out, h)
		}
	}
	return out
}

func (r *registration) savedID() string {
	id, err := r.db.Setting(context.Background(), sqlite.SettingLeverWebhookID)
	if err != nil {
		r.t.Fatal(err)
	}
	return id
}

// working checks that exactly one webhook is at our address, the saved one,
// and that a stage change Lever delivers through it is accepted.
func (r *registration) working(opp string) lever.Webhook {
	r.t.Helper()
	hooks := r.ours()
	if len(hooks) != 1 {
		r.t.Fatalf("%d webhooks at %s, want exactly 1: %+v", len(hooks), r.url(), hooks)
	}
	if id := r.savedID(); hooks[0].ID != id {
		r.t.Errorf("the webhook at our address is %s, the one saved is %q", hooks[0].ID, id)
	}
	r.lev.AddOpportunity(levertest.Opportunity{ID: opp, Name: "Cand " + opp, Emails: []string{opp + "@example.com"}, StageID: stageScreen})
	sent, err := r.lev.MoveToStage(opp, stageAssess)
	if err != nil {
		r.t.Fatal(err)
	}
	if len(sent) == 0 {
		r.t.Fatal("Lever delivered the stage change to no webhook")
	}
	for _, d := range sent {
		if d.StatusCode != http.StatusOK {
			r.t.Errorf("delivery to webhook %s answered %d (%v), want 200", d.WebhookID, d.StatusCode, d.Err)
		}
	}
	return hooks[0]
}

// TestWorkingLeverWebhookIsKeptWhenTheKeychainFailsOnce: a keychain that
// cannot be read for a moment neither deletes the webhook that works nor
// creates another; registration says why it stopped and succeeds next time.
func TestWorkingLeverWebhookIsKeptWhenTheKeychainFailsOnce(t *testing.T) {
	ctx := context.Background()
	r := newRegistration(t)
	if err := r.reg.Register(ctx, r.public); err != nil {
		t.Fatal(err)
	}
	before := r.working("opp-1")

	r.keys.failNextGets(secrets.LeverSignatureToken, 1)
	err := r.reg.Register(ctx, r.public)
	if !errors.Is(err, errKeychainLocked) {
		t.Errorf("Register with the keychain locked = %v, want its error", err)
	}
	if after := r.ours(); len(after) != 1 || after[0].ID != before.ID || after[0].SignatureToken != before.SignatureToken {
		t.Errorf("after a keychain error Lever holds %+v, want the working webhook %s untouched", after, before.ID)
	}
	if err := r.reg.Register(ctx, r.public); err != nil {
		t.Fatalf("Register once the keychain answers again: %v", err)
	}
	if after := r.working("opp-2"); after.ID != before.ID {
		t.Errorf("the webhook is now %s, want the working one %s kept", after.ID, before.ID)
	}
}

// TestOrphanLeverWebhookFromAnInterruptedCreateIsReconciled: a stop between
// creating the webhook and keeping its signature token (or its id) leaves a
// webhook at our address whose deliveries cannot be verified. The next
// registration replaces it: one webhook at our address, deliveries accepted.
func TestOrphanLeverWebhookFromAnInterruptedCreateIsReconciled(t *testing.T) {
	for _, tt := range []struct {
		name      string
		keptToken bool
	}{
		{"stopped before its token was kept", false},
		{"stopped after its token, before its id", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			r := newRegistration(t)
			orphan, err := r.reg.Lever.CreateWebhook(ctx, r.url(), "candidateStageChange")
			if err != nil {
				t.Fatal(err)
			}
			if tt.keptToken {
				if err := r.keys.Set(secrets.LeverSignatureToken, orphan.SignatureToken); err != nil {
					t.Fatal(err)
				}
			}
			if err := r.reg.Register(ctx, r.public); err != nil {
				t.Fatal(err)
			}
			h := r.working("opp-1")
			if token, _ := r.keys.Get(secrets.LeverSignatureToken); token != h.SignatureToken {
				t.Error("the token kept is not the webhook's")
			}
		})
	}
}

// TestOneLeverWebhookWhenItsCreateAnswerIsLost: Lever stores the webhook,
// then the answer is a gateway's 502 or a reset connection. Registration
// looks for it by its address before creating again: one webhook is left
// at our address, the one whose token assessbridge holds.
func TestOneLeverWebhookWhenItsCreateAnswerIsLost(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault levertest.Fault
	}{
		{"502 after storing", levertest.Fault{Status: http.StatusBadGateway}},
		{"connection reset after storing", levertest.Fault{Reset: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			r := newRegistration(t)
			r.lev.FaultNext(http.MethodPost, "/webhooks", 1, tt.fault)
			if err := r.reg.Register(ctx, r.public); err != nil {
				t.Fatal(err)
			}
			r.working("opp-1")
		})
	}
}

// TestLeverWebhooksKeptWhenLeverCannotListThem: without Lever's list
// nothing is deleted or created, whatever the keychain holds.
func TestLeverWebhooksKeptWhenLeverCannotListThem(t *testing.T) {
	ctx := context.Background()
	r := newRegistration(t)
	if err := r.reg.Register(ctx, r.public); err != nil {
		t.Fatal(err)
	}
	before := r.lev.Webhooks()
	if err := r.keys.Delete(secrets.LeverSignatureToken); err != nil {
		t.Fatal(err)
	}
	r.lev.FailNext(http.MethodGet, "/webhooks", 10, http.StatusForbidden)
	if err := r.reg.Register(ctx, r.public); err == nil {
		t.Error("Register succeeded though Lever could not list its webhooks")
	}
	if after := r.lev.Webhooks(); len(after) != len(before) || after[0].ID != before[0].ID {
		t.Errorf("Lever holds %+v after a failed list, want %+v untouched", after, before)
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
