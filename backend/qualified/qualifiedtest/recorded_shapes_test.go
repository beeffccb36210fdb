package qualifiedtest

import (
	"regexp"
	"testing"
)

var objectID = regexp.MustCompile(`^[0-9a-f]{24}$`)

// The simulator answers in the shapes of Qualified's recorded answers, which
// differ from its prose docs.
func TestAnswersHaveTheRecordedShapes(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	id := s.AddAssessment(Assessment{Title: "Go", PassingScore: 70})
	defaultID := s.AddSubscription(DefaultSubscription)
	for _, v := range []string{id, defaultID} {
		if !objectID.MatchString(v) {
			t.Errorf("id %q is not an ObjectId", v)
		}
	}

	status, body := call(t, s, DefaultAPIKey, "POST", "/v1/webhook_subscriptions",
		`{"data":{"url":"https://example.com/hook","event_triggers":{"assessment_result_state_changed":true}}}`)
	data, _ := body["data"].(map[string]any)
	if status != 200 || body["type"] != "WebhookSubscription" || body["meta"] == nil || data == nil || body["id"] != data["id"] {
		t.Fatalf("create subscription: %d %v, want 200 and {id, type, data, meta}", status, body)
	}
	triggers, _ := data["eventTriggers"].(map[string]any)
	if tid, _ := triggers["id"].(string); !objectID.MatchString(tid) || triggers["assessmentResultStateChanged"] != true {
		t.Errorf("eventTriggers = %v, want a string id beside the enabled trigger", triggers)
	}

	status, body = call(t, s, DefaultAPIKey, "GET", "/v1/webhook_subscriptions", "")
	list, _ := body["data"].([]any)
	if status != 200 || body["type"] != "WebhookSubscription" || len(list) != 2 || body["totalCount"] == nil {
		t.Errorf("list subscriptions: %d %v", status, body)
	}

	status, body = call(t, s, DefaultAPIKey, "POST", "/v1/assessment_invitations/invite_candidates",
		`{"data":{"candidates":["a@x.io"],"assessment_id":"`+id+`"}}`)
	invs, _ := body["data"].([]any)
	if status != 200 || len(invs) != 1 || body["meta"] == nil {
		t.Fatalf("invite: %d %v", status, body)
	}
	resultID, _ := invs[0].(map[string]any)["assessmentResultId"].(string)
	if !objectID.MatchString(resultID) {
		t.Fatalf("assessmentResultId %v is not an ObjectId", invs[0])
	}
	if _, err := s.Start(resultID); err != nil {
		t.Fatal(err)
	}

	status, body = call(t, s, DefaultAPIKey, "GET", "/v1/assessment_results/"+resultID, "")
	data, _ = body["data"].(map[string]any)
	if status != 200 || body["id"] != resultID || body["type"] != "AssessmentResult" || data == nil {
		t.Fatalf("get result: %d %v", status, body)
	}
	for _, absent := range []string{"passingScore", "teamCandidate", "candidate", "assessment"} {
		if _, ok := data[absent]; ok {
			t.Errorf("result carries %s: %v", absent, data)
		}
	}
	if data["score"] != 0.0 || data["state"] != "started" {
		t.Errorf("started result: score %v state %v, want 0.0 and started", data["score"], data["state"])
	}

	if _, err := s.Submit(resultID, 80); err != nil {
		t.Fatal(err)
	}
	status, body = call(t, s, DefaultAPIKey, "GET", "/v1/assessment_results/"+resultID+"/exhibit", "")
	data, _ = body["data"].(map[string]any)
	if status != 200 || body["id"] != resultID || body["type"] != nil || data == nil || data["passingScore"] != true || data["teamCandidate"] == nil {
		t.Errorf("exhibit: %d %v, want {id, data} with passingScore and teamCandidate", status, body)
	}

	// A number is no id.
	if status, _ := call(t, s, DefaultAPIKey, "GET", "/v1/assessment_results/4001", ""); status != 404 {
		t.Errorf("numeric result id: %d, want 404", status)
	}
}
