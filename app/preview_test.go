package app

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// The Trigger stages screen's preview and "Invite these N", through the
// admin API of the real wiring.
func TestPreviewAndInviteTheseNThroughTheAPI(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	yesterday := time.Now().Add(-24 * time.Hour)
	h.lever.AddOpportunity(levertest.Opportunity{ID: "opp-there", Name: "Tess There", Emails: []string{"tess@example.com"},
		StageID: stageAssessment, PostingIDs: []string{"post-backend"}, EnteredStageAt: yesterday})
	h.lever.AddOpportunity(levertest.Opportunity{ID: "opp-plain", Name: "Pat Plain", Emails: []string{"pat@example.com"},
		StageID: stageAssessment, PostingIDs: []string{"post-design"}, EnteredStageAt: yesterday})
	h.lever.AddOpportunity(levertest.Opportunity{ID: "opp-screen", Name: "Sam Screen", Emails: []string{"sam@example.com"},
		Tags: []string{"SQL Basics"}, StageID: stageScreen, EnteredStageAt: yesterday})

	preview := func(stage string) adminapi.StagePreview {
		t.Helper()
		res := h.api("GET", "/api/stages/"+stage+"/preview", nil)
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("preview of %s answered %d", stage, res.StatusCode)
		}
		var p adminapi.StagePreview
		if err := json.NewDecoder(res.Body).Decode(&p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := preview(stageAssessment)
	if !p.Trigger || p.InStage != 2 || p.Invitable != 1 || len(p.Candidates) != 2 || p.Candidates[0].OpportunityID != "opp-there" ||
		!p.Candidates[0].Invites || !slices.Equal(p.Candidates[0].Assessments, []string{"Backend Challenge"}) ||
		p.Candidates[0].Posting != "Backend Engineer" || p.Candidates[1].Reason != "no-tag" {
		t.Fatalf("preview: %+v", p)
	}
	// The check before turning a stage on.
	if s := preview(stageScreen); s.Trigger || s.StageName != "Phone screen" || s.Invitable != 1 || s.Candidates[0].Reason != "already-there" {
		t.Errorf("preview of a stage not yet a trigger: %+v", s)
	}
	if res := h.api("GET", "/api/stages/no-such-stage/preview", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown stage answered %d", res.StatusCode)
	}

	for _, bad := range []map[string]any{{"stageId": stageAssessment, "opportunityIds": []string{}}, {"opportunityIds": []string{"opp-there"}}} {
		if res := h.api("POST", "/api/stages/invite-existing", bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%v answered %d", bad, res.StatusCode)
		}
	}
	if res := h.api("POST", "/api/stages/invite-existing", map[string]any{"stageId": stageScreen, "opportunityIds": []string{"opp-screen"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("inviting from a stage not a trigger answered %d", res.StatusCode)
	}
	res := h.api("POST", "/api/stages/invite-existing", map[string]any{"stageId": stageAssessment, "opportunityIds": []string{"opp-there"}})
	var done adminapi.InviteExistingDone
	json.NewDecoder(res.Body).Decode(&done)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || done.Queued != 1 {
		t.Fatalf("invite-existing answered %d, %+v", res.StatusCode, done)
	}
	h.eventually(30*time.Second, func() bool { return h.hasTags("opp-there", "Backend Challenge - Invited") }, h.describe("opp-there"))
	h.waitIdle()
	if n := h.qual.EmailsSent("tess@example.com", h.ids["Backend Challenge"]); n != 1 {
		t.Errorf("%d e-mails", n)
	}
	if p := preview(stageAssessment); p.Invitable != 0 || p.Candidates[0].Reason != "already-invited" {
		t.Errorf("after inviting: %+v", p)
	}
}
