package qualified_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// Each test here spoils the answer to a write that Qualified has already
// made, as a gateway or a dropped connection does. An invitation is sent
// again (skip_email_resend makes that safe) and still e-mails once; a new
// subscription is not sent again, since a second one doubles every event.

func TestNoCandidateEmailedTwiceWhenQualifiedAnswers502AfterInviting(t *testing.T) {
	tests := []struct {
		name  string
		fault qualifiedtest.Fault
	}{
		{"502", qualifiedtest.Fault{Status: http.StatusBadGateway}},
		{"504", qualifiedtest.Fault{Status: http.StatusGatewayTimeout}},
		{"timeout", qualifiedtest.Fault{Delay: 2 * time.Second}},
		{"connection reset", qualifiedtest.Fault{Reset: true}},
		{"answer cut short", qualifiedtest.Fault{Malformed: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := qualifiedtest.New(qualifiedtest.Options{})
			t.Cleanup(sim.Close)
			c := qualified.New(sim.URL, qualifiedtest.DefaultAPIKey, qualified.WithWebBaseURL(sim.WebURL),
				qualified.WithHTTPClient(&http.Client{Timeout: 300 * time.Millisecond}))
			id := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go"})
			sim.FaultNext("POST", "/v1/assessment_invitations", 1, tt.fault)

			inv, err := c.Invite(context.Background(), backend.InviteRequest{AssessmentID: id, Email: "ada@example.com", FirstName: "Ada", AlternateID: "opp-1"})
			if err != nil {
				t.Fatalf("Invite: %v (a repeat is safe and should have been made)", err)
			}
			if inv.ResultID == "" {
				t.Errorf("invitation %+v has no result", inv)
			}
			if n := sim.EmailsSent("ada@example.com", id); n != 1 {
				t.Errorf("%d e-mails, want exactly 1", n)
			}
			if n := len(sim.Invitations()); n != 1 {
				t.Errorf("%d invitations in Qualified, want 1", n)
			}
		})
	}
}

func TestNoSecondSubscriptionWhenQualifiedAnswers502AfterCreating(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusGatewayTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			sim, c := setup(t, nil)
			before := len(sim.Subscriptions())
			sim.FaultNext("POST", "/v1/webhook_subscriptions", 1, qualifiedtest.Fault{Status: status})

			sub, err := c.CreateWebhookSubscription(context.Background(), "https://bridge.example.com/webhooks/qualified/s3cret", "assessbridge")
			if n := sim.Stats().ByRoute["POST /v1/webhook_subscriptions"]; n != 1 {
				t.Errorf("%d subscription POSTs reached Qualified, want 1", n)
			}
			if n := len(sim.Subscriptions()) - before; n != 1 {
				t.Errorf("%d subscriptions made, want exactly 1", n)
			}
			var e *qualified.Error
			if !errors.As(err, &e) || e.StatusCode != status || sub != nil {
				t.Errorf("CreateWebhookSubscription = %+v, %v; want the %d handed back", sub, err, status)
			}
		})
	}
}

func TestSubscriptionUpdateRepeatedAfter502EndsRight(t *testing.T) {
	sim, c := setup(t, nil)
	ctx := context.Background()
	sub, err := c.CreateWebhookSubscription(ctx, "https://old.example.com/webhooks/qualified/s3cret", "assessbridge")
	if err != nil {
		t.Fatal(err)
	}
	sim.FaultNext("PUT", "/v1/webhook_subscriptions/", 1, qualifiedtest.Fault{Status: http.StatusBadGateway})
	const moved = "https://new.example.com/webhooks/qualified/s3cret"
	if err := c.UpdateWebhookSubscription(ctx, sub.ID, moved); err != nil {
		t.Fatalf("UpdateWebhookSubscription: %v (a repeat is safe and should have been made)", err)
	}
	found := false
	for _, s := range sim.Subscriptions() {
		if s.ID == sub.ID {
			found = s.URL == moved
		}
	}
	if !found {
		t.Errorf("subscriptions %+v, want %s pointing at %s", sim.Subscriptions(), sub.ID, moved)
	}
	if n := c.Stats().Requests; n != 3 {
		t.Errorf("%d requests, want 3 (create, update, its repeat)", n)
	}
}

func TestSubscriptionDeletedOnceWhenQualifiedAnswers502AfterDeleting(t *testing.T) {
	sim, c := setup(t, nil)
	ctx := context.Background()
	sub, err := c.CreateWebhookSubscription(ctx, "https://old.example.com/webhooks/qualified/s3cret", "assessbridge")
	if err != nil {
		t.Fatal(err)
	}
	sim.FaultNext("DELETE", "/v1/webhook_subscriptions/", 1, qualifiedtest.Fault{Status: http.StatusBadGateway})
	if err := c.DeleteWebhookSubscription(ctx, sub.ID); err != nil {
		t.Errorf("DeleteWebhookSubscription: %v; the repeat found it gone, which is what was asked", err)
	}
	for _, s := range sim.Subscriptions() {
		if s.ID == sub.ID {
			t.Errorf("subscription %s is still there", sub.ID)
		}
	}
}
