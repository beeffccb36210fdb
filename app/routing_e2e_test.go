package app

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
)

func decodeAnswer[T any](t *testing.T, res *http.Response, status int) T {
	t.Helper()
	var v T
	if res.StatusCode != status {
		var e adminapi.ErrorBody
		json.NewDecoder(res.Body).Decode(&e)
		t.Fatalf("answered %d (%s), want %d", res.StatusCode, e.Error, status)
	}
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// Routing by score through the admin API, on the real wiring with Lever's
// webhooks: the rules are checked against Lever and saved with a line, a
// pass is moved, a fail shows as a suggestion, and approving it archives
// the candidate in Lever.
func TestRoutingByScoreThroughTheAPI(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	id := h.ids["Backend Challenge"]
	path := "/api/assessments/" + id + "/routing"

	off := decodeAnswer[adminapi.RoutingRules](t, h.api("GET", path, nil), 200)
	if off.Saved || off.OutcomeTags || off.PassStageID != "" || off.FailArchive != "off" {
		t.Fatalf("rules before any were saved: %+v, want all off", off)
	}
	reasons := decodeAnswer[adminapi.ArchiveReasons](t, h.api("GET", "/api/archive-reasons", nil), 200)
	if len(reasons.Reasons) < 2 {
		t.Fatalf("archive reasons %+v", reasons)
	}
	band := 60.0
	for name, bad := range map[string]map[string]any{
		"a stage Lever does not have":  {"cut": "score", "cutScore": 70, "reviewFrom": nil, "passStageId": "no-such-stage", "failArchive": "off"},
		"a reason Lever does not have": {"cut": "score", "cutScore": 70, "reviewFrom": nil, "failArchive": "suggest", "failReasonId": "no-such-reason"},
		"a band above the cut":         {"cut": "score", "cutScore": 70, "reviewFrom": 75, "failArchive": "off"},
		"a cut above 100":              {"cut": "score", "cutScore": 120, "reviewFrom": nil, "failArchive": "off"},
	} {
		if res := h.api("PUT", path, bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: answered %d, want 400", name, res.StatusCode)
		}
	}
	saved := decodeAnswer[adminapi.RoutingRules](t, h.api("PUT", path, map[string]any{
		"cut": "score", "cutScore": 70, "reviewFrom": band, "outcomeTags": true, "passStageId": stageOnsite,
		"failArchive": "suggest", "failReasonId": "reason-underqualified"}), 200)
	if !saved.Saved || saved.PassStageName != "On-site" || saved.FailReasonText != "Underqualified" {
		t.Fatalf("saved %+v", saved)
	}
	if !containsText(h.activity("ok"), "Routing by score for Backend Challenge saved: the cut is 70%, review from 60%, outcome tags on, passes move to On-site, fails are suggested for archiving (Underqualified).") {
		t.Errorf("lines %q", h.activity("ok"))
	}

	h.candidate("opp-ada", "Ada Pass", []string{"Backend Challenge"})
	h.candidate("opp-bob", "Bob Fail", []string{"Backend Challenge"})
	h.move("opp-ada", stageAssessment)
	h.move("opp-bob", stageAssessment)
	h.eventually(20*time.Second, func() bool {
		return h.hasTags("opp-ada", "Backend Challenge - Invited") && h.hasTags("opp-bob", "Backend Challenge - Invited")
	}, h.describe("opp-bob"))
	for opp, score := range map[string]float64{"opp-ada": 88, "opp-bob": 35} {
		res, ok := h.qual.ResultFor(h.email(opp), id)
		if !ok {
			t.Fatalf("%s has no result", opp)
		}
		if _, err := h.qual.Submit(res.ID, score); err != nil {
			t.Fatal(err)
		}
	}
	h.eventually(20*time.Second, func() bool {
		o, _ := h.lever.Opportunity("opp-ada")
		return o.StageID == stageOnsite && h.hasTags("opp-ada", "Backend Challenge - Passed")
	}, h.describe("opp-ada"))

	var list adminapi.ArchiveSuggestions
	h.eventually(20*time.Second, func() bool {
		list = decodeAnswer[adminapi.ArchiveSuggestions](t, h.api("GET", "/api/archive-suggestions", nil), 200)
		return len(list.Suggestions) == 1
	}, h.describe("opp-bob"))
	s := list.Suggestions[0]
	if s.Candidate.Name != "Bob Fail" || s.ReasonText != "Underqualified" || s.State != "suggested" || s.Outcome != "failed" {
		t.Fatalf("suggestion %+v", s)
	}
	if res := h.api("POST", "/api/archive-suggestions/approve", map[string]any{"ids": []int64{}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("approving nothing answered %d", res.StatusCode)
	}
	decodeAnswer[adminapi.ArchiveSuggestions](t, h.api("POST", "/api/archive-suggestions/approve", map[string]any{"ids": []int64{s.InvitationID}}), 200)
	h.eventually(20*time.Second, func() bool {
		o, _ := h.lever.Opportunity("opp-bob")
		return o.Archived
	}, h.describe("opp-bob"))
	h.waitIdle()
	if n := h.lever.Stats().ByRoute["PUT /opportunities/:id/archived"]; n != 1 {
		t.Errorf("%d archive calls", n)
	}
	if left := decodeAnswer[adminapi.ArchiveSuggestions](t, h.api("GET", "/api/archive-suggestions", nil), 200); len(left.Suggestions) != 0 {
		t.Errorf("suggestions after the archive: %+v", left)
	}
	// The dashboard's rows say what the rules decided.
	page := decodeAnswer[adminapi.InvitationPage](t, h.api("GET", "/api/invitations?limit=50", nil), 200)
	want := map[string]adminapi.InvitationRouting{
		"Ada Pass": {Outcome: "passed", MoveTo: "On-site", Move: "done", ArchiveMode: "off"},
		"Bob Fail": {Outcome: "failed", ArchiveMode: "suggest", Archive: "done"},
	}
	for _, inv := range page.Invitations {
		w, ok := want[inv.Candidate.Name]
		if !ok {
			continue
		}
		delete(want, inv.Candidate.Name)
		if inv.Routing == nil || *inv.Routing != w {
			t.Errorf("%s's routing = %+v, want %+v", inv.Candidate.Name, inv.Routing, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("no rows for %v", want)
	}
}
