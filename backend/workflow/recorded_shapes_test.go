package workflow_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/webhook"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// Qualified's UI keeps a "Default" subscription, and the simulator answers
// in Qualified's recorded shapes (a string id among a subscription's
// triggers). Registering beside it must work, and a result must then reach
// the app by webhook alone: polling is an hour away.
func TestResultWebhooksReachAnAccountThatAlreadyHasASubscription(t *testing.T) {
	r := newRig(t, rigOptions{})
	ctx := context.Background()
	defaultID := r.qual.AddSubscription(qualifiedtest.DefaultSubscription)

	store := secrets.NewFile(t.TempDir())
	rc := &webhook.Receiver{
		Queue: r.eng,
		SignatureToken: func() string {
			tok, _ := store.Get(secrets.LeverSignatureToken)
			return tok
		},
		QualifiedSecret: func() string {
			s, _ := store.Get(secrets.QualifiedPathSecret)
			return s
		},
		IsReplay: func(err error) bool { return errors.Is(err, workflow.ErrReplay) },
		Logger:   workflow.QuietLogger(),
	}
	public := httptest.NewServer(rc.Handler())
	t.Cleanup(public.Close)

	reg := &webhook.Registrar{
		DB:        r.db,
		Secrets:   store,
		Lever:     lever.New(r.lev.URL, "lever-test-key", lever.WithHTTPClient(&http.Client{Timeout: clientWait})),
		Qualified: qualified.New(r.qual.URL, qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(&http.Client{Timeout: clientWait})),
	}
	if err := reg.Register(ctx, public.URL); err != nil {
		t.Fatalf("register beside the Default subscription: %v", err)
	}
	subID, err := r.db.Setting(ctx, sqlite.SettingQualifiedSubID)
	if err != nil || subID == "" || subID == defaultID {
		t.Fatalf("subscription remembered = %q (%v), want our own, not the Default one %s", subID, err, defaultID)
	}

	// The tunnel's address changes: the same subscription is re-pointed.
	moved := httptest.NewServer(rc.Handler())
	t.Cleanup(moved.Close)
	if err := reg.Register(ctx, moved.URL); err != nil {
		t.Fatalf("re-register at the new address: %v", err)
	}
	secret, _ := store.Get(secrets.QualifiedPathSecret)
	subs := r.qual.Subscriptions()
	if len(subs) != 2 {
		t.Fatalf("subscriptions = %+v, want the Default one and ours", subs)
	}
	for _, s := range subs {
		switch s.ID {
		case subID:
			if s.URL != moved.URL+webhook.QualifiedPath+secret {
				t.Errorf("ours points at %s, want the new address", s.URL)
			}
		case defaultID:
			if s.URL != qualifiedtest.DefaultSubscription.URL {
				t.Errorf("the Default subscription was changed: %+v", s)
			}
		default:
			t.Errorf("unexpected subscription %+v", s)
		}
	}

	res := r.invited("opp-default")
	if _, err := r.qual.Start(res.ID); err != nil {
		t.Fatal(err)
	}
	ds, err := r.qual.Submit(res.ID, 85)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.URL != moved.URL+webhook.QualifiedPath+secret || d.Err != nil || d.StatusCode != http.StatusOK {
			t.Errorf("delivery to %s: %d %v, want 200 at the new address", d.URL, d.StatusCode, d.Err)
		}
	}
	r.resultNoted("opp-default", 30*time.Second)
	if inv := r.invitation("opp-default", "Backend Challenge"); inv.Score == nil || *inv.Score != 85 || inv.Passed == nil || !*inv.Passed {
		t.Errorf("invitation = %+v, want 85 and passed", inv)
	}
}

// While Qualified scores a submission the result is "submitting" and reports
// a score of 0.0. The candidate is tagged Submitted, but the note waits for
// the real score: no recruiter reads 0% for a candidate who has not been
// scored, and the score that follows is the one kept.
func TestNoZeroScoreNoteWhileQualifiedIsStillScoring(t *testing.T) {
	r := newRig(t, rigOptions{})
	res := r.invited("opp-scoring")
	if _, err := r.qual.Start(res.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.qual.Submitting(res.ID); err != nil {
		t.Fatal(err)
	}
	r.deliverResult(res.ID, "submitting")
	r.eventually(30*time.Second, func() bool { return r.hasExactly("opp-scoring", "Backend Challenge - Submitted") },
		r.describe("opp-scoring"))

	if _, err := r.qual.Submit(res.ID, 85); err != nil {
		t.Fatal(err)
	}
	r.deliverResult(res.ID, "submitted")
	r.eventually(30*time.Second, func() bool {
		inv := r.invitation("opp-scoring", "Backend Challenge")
		return len(r.lev.Notes("opp-scoring")) > 0 && inv.Score != nil && *inv.Score == 85
	}, func() string {
		return fmt.Sprintf("notes %q, invitation %+v", noteValues(r.lev.Notes("opp-scoring")), r.invitation("opp-scoring", "Backend Challenge"))
	})
	notes := noteValues(r.lev.Notes("opp-scoring"))
	if len(notes) != 1 || !strings.Contains(notes[0], "Score: 85%") {
		t.Errorf("notes = %q, want one saying 85%%", notes)
	}
	if inv := r.invitation("opp-scoring", "Backend Challenge"); inv.Passed == nil || !*inv.Passed {
		t.Errorf("invitation = %+v, want passed", inv)
	}
}

func noteValues(notes []levertest.Note) []string {
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = n.Value
	}
	return out
}
