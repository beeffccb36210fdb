package lever_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/assessbridge/assessbridge/backend/apicall/apitest"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// replayLever serves the answers in testdata/recorded on the routes that
// give them.
func replayLever(t *testing.T) *lever.Client {
	t.Helper()
	opps := map[string]string{
		"250d8f03-738a-4bba-a671-8a3d73477145": "opportunity_archived_top_level.json",
		"8f0d5f2c-1d6a-4f3e-9a36-4b0c7d5e2a11": "opportunity_active_top_level.json",
		"3b1e2d4c-5a6f-4e7d-8c9b-0a1b2c3d4e5f": "opportunity_archive_reason_only.json",
	}
	m := http.NewServeMux()
	m.Handle("GET /v1/opportunities/{id}", apitest.RecordedByID(t, opps))
	m.Handle("POST /v1/webhooks", apitest.Recorded(t, "webhook_created.json", http.StatusCreated))
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return lever.New(srv.URL+"/v1", "key")
}

// Answers in the shapes Lever documents and has been seen sending decode
// into what the app reads.
func TestRecordedLeverAnswersDecode(t *testing.T) {
	c := replayLever(t)
	ctx := context.Background()

	h, err := c.CreateWebhook(ctx, "https://new-tunnel.trycloudflare.com/webhooks/lever", lever.EventCandidateStageChange)
	if err != nil {
		t.Fatalf("create webhook wrapped twice: %v", err)
	}
	if h.ID != "a4d2e5f0-6b7c-4d8e-9f01-23456789abcd" || h.SignatureToken != "0b4c6f1e8a2d4e7f9c3b5a7d1e2f4a6c8b0d2e4f6a8c0b2d" || len(h.Origins) != len(lever.Origins) {
		t.Errorf("created webhook = %+v", h)
	}

	tests := []struct {
		id   string
		want *lever.Archived
	}{
		{"250d8f03-738a-4bba-a671-8a3d73477145", &lever.Archived{ArchivedAt: 1417588008243, Reason: "63dd55b2-a99f-4e7b-985f-22c7bf80ab42"}},
		{"3b1e2d4c-5a6f-4e7d-8c9b-0a1b2c3d4e5f", &lever.Archived{Reason: "63dd55b2-a99f-4e7b-985f-22c7bf80ab42"}},
		{"8f0d5f2c-1d6a-4f3e-9a36-4b0c7d5e2a11", nil},
	}
	for _, tt := range tests {
		o, err := c.Opportunity(ctx, tt.id)
		if err != nil {
			t.Fatalf("opportunity %s: %v", tt.id, err)
		}
		if (o.Archived == nil) != (tt.want == nil) || o.Archived != nil && *o.Archived != *tt.want {
			t.Errorf("opportunity %s: archived %+v, want %+v", tt.id, o.Archived, tt.want)
		}
		if o.StageID != "00922a60-7c15-422b-b086-f62000824fd7" || !slices.Equal(o.Tags, []string{"Backend Challenge", "Full-time"}) ||
			len(o.StageChanges) != 2 || o.Emails[0] != "shane@example.com" {
			t.Errorf("opportunity %s = %+v", tt.id, o)
		}
	}
}

// Lever's documented opportunity shows archivedAt and archiveReason at the
// top level rather than an "archived" object: such an opportunity is
// archived, and the app never invites its candidate.
func TestArchivedAtTopLevelIsArchived(t *testing.T) {
	srv := levertest.New(levertest.Options{RatePerSecond: 1000, Burst: 1000, ArchiveAtTopLevel: true})
	t.Cleanup(srv.Close)
	srv.AddStage("phone-screen", "Phone screen")
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-gone", Name: "Gone", Emails: []string{"gone@example.com"}, StageID: "phone-screen", Archived: true})
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-here", Name: "Here", Emails: []string{"here@example.com"}, StageID: "phone-screen"})
	c := lever.New(srv.URL, "lever-test-key")
	ctx := context.Background()

	gone, err := c.Opportunity(ctx, "opp-gone")
	if err != nil {
		t.Fatal(err)
	}
	if gone.Archived == nil || gone.Archived.ArchivedAt == 0 || gone.Archived.Reason == "" {
		t.Errorf("archived opportunity read as %+v, want archived with its time and reason", gone.Archived)
	}
	here, err := c.Opportunity(ctx, "opp-here")
	if err != nil {
		t.Fatal(err)
	}
	if here.Archived != nil {
		t.Errorf("active opportunity read as archived: %+v", here.Archived)
	}
	all, err := c.Opportunities(ctx, lever.OpportunityFilter{StageIDs: []string{"phone-screen"}})
	if err != nil {
		t.Fatal(err)
	}
	archived := map[string]bool{}
	for _, o := range all {
		archived[o.ID] = o.Archived != nil
	}
	if len(all) != 2 || !archived["opp-gone"] || archived["opp-here"] {
		t.Errorf("listed as archived: %v, want only opp-gone", archived)
	}
}
