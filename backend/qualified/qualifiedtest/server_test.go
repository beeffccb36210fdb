package qualifiedtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/clocktest"
)

// call makes one raw API request and decodes the JSON answer.
func call(t *testing.T, s *Server, key, method, path, body string) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, s.URL+path, r)
	if key != "" {
		req.Header.Set("Authorization", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	if len(b) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s %s: body %q: %v", method, path, b, err)
		}
	}
	return resp.StatusCode, out
}

func TestAuthHeader(t *testing.T) {
	s := New(Options{APIKey: "k-123"})
	defer s.Close()
	tests := []struct {
		key  string
		want int
	}{
		{"k-123", 200},
		{"Bearer k-123", 401},
		{"k-12", 401},
		{"", 401},
	}
	for _, tt := range tests {
		if got, body := call(t, s, tt.key, "GET", "/v1/assessments", ""); got != tt.want || (got == 401 && body["error"] == nil) {
			t.Errorf("key %q: %d %v, want %d", tt.key, got, body, tt.want)
		}
	}
	if st := s.Stats(); st.Requests != 4 || st.ByRoute["GET /v1/assessments"] != 4 {
		t.Errorf("stats = %+v", st)
	}
}

func TestInviteValidation(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	id := s.AddAssessment(Assessment{Title: "Go"})
	draft := s.AddAssessment(Assessment{Title: "Draft", State: "draft"})
	tests := []struct {
		name string
		body string
		want int
		msg  string
	}{
		{"not JSON", `nope`, 400, ""},
		{"not wrapped", `{"candidates":["a@x.io"],"assessment_id":"` + id + `"}`, 400, ""},
		{"no candidates", `{"data":{"assessment_id":"` + id + `"}}`, 422, "candidates is required"},
		{"empty candidates", `{"data":{"candidates":[],"assessment_id":"` + id + `"}}`, 422, "candidates is required"},
		{"no assessment", `{"data":{"candidates":["a@x.io"]}}`, 422, "assessment_id is required"},
		{"bad e-mail", `{"data":{"candidates":["nobody"],"assessment_id":"` + id + `"}}`, 422, "not a valid e-mail"},
		{"names with two candidates", `{"data":{"candidates":["a@x.io","b@x.io"],"first_name":"A","assessment_id":"` + id + `"}}`, 422, "single candidate"},
		{"unknown assessment", `{"data":{"candidates":["a@x.io"],"assessment_id":"645c03001d41c84e0000ffff"}}`, 404, ""},
		{"numeric assessment id", `{"data":{"candidates":["a@x.io"],"assessment_id":5}}`, 422, "not a valid id"},
		{"draft assessment", `{"data":{"candidates":["a@x.io"],"assessment_id":"` + draft + `"}}`, 422, "not published"},
		{"camelCase", `{"data":{"candidates":["a@x.io"],"assessmentId":"` + id + `","sendEmailToCandidate":false}}`, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, body := call(t, s, DefaultAPIKey, "POST", "/v1/assessment_invitations/invite_candidates", tt.body)
			if got != tt.want {
				t.Fatalf("status %d (%v), want %d", got, body, tt.want)
			}
			if tt.msg != "" {
				b, _ := json.Marshal(body)
				if !strings.Contains(string(b), tt.msg) {
					t.Errorf("body %s lacks %q", b, tt.msg)
				}
			}
		})
	}
	// send_email_to_candidate false invites without an e-mail.
	if n := s.EmailsSent("a@x.io", id); n != 0 {
		t.Errorf("e-mails = %d, want 0", n)
	}
	_, body := call(t, s, DefaultAPIKey, "POST", "/v1/assessment_invitations/invite_candidates", `{"data":{"candidates":["a@x.io"],"assessment_id":"`+id+`"}}`)
	inv := body["data"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "teamCandidateId", "assessmentId", "assessmentResultId", "invitePath", "expiresAt", "candidateEmail", "assessmentTitle"} {
		if inv[k] == nil {
			t.Errorf("invitation lacks %s: %v", k, inv)
		}
	}
	if body["type"] != "AssessmentInvitation" || s.EmailsSent("a@x.io", id) != 1 {
		t.Errorf("repeat without skip_email_resend: %v, e-mails %d", body, s.EmailsSent("a@x.io", id))
	}
}

func TestWhere(t *testing.T) {
	clk := clocktest.New(time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC))
	s := New(Options{Now: clk.Now})
	defer s.Close()
	id := s.AddAssessment(Assessment{Title: "Go"})
	other := s.AddAssessment(Assessment{Title: "SQL"})
	for _, e := range []string{"a@x.io", "b@x.io", "c@x.io"} {
		call(t, s, DefaultAPIKey, "POST", "/v1/assessment_invitations/invite_candidates", `{"data":{"candidates":["`+e+`"],"assessment_id":"`+id+`"}}`)
	}
	call(t, s, DefaultAPIKey, "POST", "/v1/assessment_invitations/invite_candidates", `{"data":{"candidates":["a@x.io"],"assessment_id":"`+other+`"}}`)
	results := s.Results()
	clk.Advance(time.Hour)
	before := results[1].UpdatedAt
	if _, err := s.Start(results[1].ID); err != nil {
		t.Fatal(err)
	}
	if r := s.Results()[1]; !r.UpdatedAt.After(before) || r.State != "started" {
		t.Errorf("Start did not bump updatedAt: %+v", r)
	}

	tests := []struct {
		where string
		query string
		want  int
	}{
		{``, "", 4},
		{`{"state":"started"}`, "", 1},
		{`{"state":{"!=":"started"}}`, "", 3},
		{`{"state":{"in":["invited","started"]}}`, "", 4},
		{`{"id":{"in":["` + results[0].ID + `","` + results[2].ID + `"]}}`, "", 2},
		{`{"id":{"nin":["` + results[0].ID + `"]}}`, "", 3},
		{`{"id":{">":"` + results[1].ID + `"}}`, "", 2},
		{`{"assessment_id":"` + other + `"}`, "", 1},
		// Ids are ObjectId strings: a number equals none of them.
		{`{"id":{"in":[4001]}}`, "", 0},
		{`{"assessmentId":{"==":"` + id + `"}}`, "", 3},
		{`{"updated_at":{">=":"2025-01-01T12:30:00Z"}}`, "", 1},
		{`{"updated_at":{"<":"2025-01-01T13:00:00.000+01:00"}}`, "", 0},
		{`{"updated_at":{"<=":"2025-01-01T12:00:00Z"}}`, "", 3},
		{`{"state":{"contains":"vit"}}`, "", 3},
		{``, "&assessment_id=" + other, 1},
		{``, "&limit=2&page=2", 2},
		{``, "&limit=2&page=3", 0},
	}
	for _, tt := range tests {
		t.Run(tt.where+tt.query, func(t *testing.T) {
			status, body := call(t, s, DefaultAPIKey, "GET", "/v1/assessment_results?where="+url.QueryEscape(tt.where)+tt.query, "")
			if status != 200 {
				t.Fatalf("status %d %v", status, body)
			}
			if n := len(body["data"].([]any)); n != tt.want {
				t.Errorf("got %d, want %d", n, tt.want)
			}
			for _, k := range []string{"currentPage", "totalPages", "totalCount", "meta"} {
				if _, ok := body[k]; !ok {
					t.Errorf("list lacks %s", k)
				}
			}
		})
	}
	for _, bad := range []string{`{"score":{">":1}}`, `{"state":{"~":"x"}}`, `{"updated_at":{">":"yesterday"}}`, `[`} {
		if status, _ := call(t, s, DefaultAPIKey, "GET", "/v1/assessment_results?where="+url.QueryEscape(bad), ""); status != 400 {
			t.Errorf("where %s: status %d, want 400", bad, status)
		}
	}

	status, body := call(t, s, DefaultAPIKey, "GET", "/v1/assessment_invitations?team_candidate_id="+results[0].TeamCandidateID, "")
	if status != 200 || len(body["data"].([]any)) != 2 {
		t.Errorf("invitations for candidate: %d %v", status, body)
	}
}

func TestWebhookTriggers(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	id := s.AddAssessment(Assessment{Title: "Go", PassingScore: 50})
	var mu sync.Mutex
	got := map[string][]string{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b struct{ Event string }
		json.NewDecoder(r.Body).Decode(&b)
		mu.Lock()
		got[r.URL.Path] = append(got[r.URL.Path], b.Event)
		mu.Unlock()
	}))
	defer hook.Close()

	subs := []struct{ path, triggers string }{
		{"/all", `{"assessmentResultStateChanged":true}`},
		{"/submitted", `{"assessment_result_submitted":true}`},
		{"/both", `{"assessment_result_started":true,"assessment_result_submitted":true}`},
	}
	for _, sub := range subs {
		if status, body := call(t, s, DefaultAPIKey, "POST", "/v1/webhook_subscriptions", `{"data":{"url":"`+hook.URL+sub.path+`","event_triggers":`+sub.triggers+`}}`); status != 200 {
			t.Fatalf("create %s: %d %v", sub.path, status, body)
		}
	}
	if status, _ := call(t, s, DefaultAPIKey, "POST", "/v1/webhook_subscriptions", `{"data":{"url":"`+hook.URL+`","event_triggers":{"assessment_result_state_changed":true,"assessment_result_started":true}}}`); status != 422 {
		t.Errorf("combined triggers: %d, want 422", status)
	}

	call(t, s, DefaultAPIKey, "POST", "/v1/assessment_invitations/invite_candidates", `{"data":{"candidates":["a@x.io"],"assessment_id":"`+id+`"}}`)
	r, _ := s.ResultFor("a@x.io", id)
	if ds, _ := s.Open(r.ID); len(ds) != 1 {
		t.Errorf("open deliveries = %d, want 1", len(ds))
	}
	s.Start(r.ID)
	if _, err := s.Start(r.ID); err == nil {
		t.Error("second Start succeeded")
	}
	ds, err := s.Submit(r.ID, 40)
	if err != nil || len(ds) != 3 {
		t.Fatalf("submit deliveries = %v %v", ds, err)
	}
	var payload struct {
		Data struct {
			PassingScore *bool   `json:"passing_score"`
			Score        float64 `json:"score"`
			Solutions    []struct {
				Score float64 `json:"score"`
			} `json:"solutions"`
			TeamCandidate struct{ PrevState string } `json:"team_candidate"`
		} `json:"data"`
	}
	json.Unmarshal(ds[0].Body, &payload)
	if payload.Data.PassingScore == nil || *payload.Data.PassingScore || payload.Data.Score != 40 || len(payload.Data.Solutions) != 2 {
		t.Errorf("payload = %s", ds[0].Body)
	}
	if _, err := s.Terminate(r.ID); err == nil {
		t.Error("Terminate after Submit succeeded")
	}
	want := map[string]string{
		"/all":       "[assessment_result_state_changed assessment_result_state_changed assessment_result_state_changed]",
		"/submitted": "[assessment_result_submitted]",
		"/both":      "[assessment_result_started assessment_result_submitted]",
	}
	for path, w := range want {
		if g := strings.Join(got[path], " "); "["+g+"]" != w {
			t.Errorf("%s got [%s], want %s", path, g, w)
		}
	}
}

func TestFailNext(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	s.FailNext("GET", "/api/v1/assessment", 2, 503)
	for i, want := range []int{503, 503, 200} {
		if status, _ := call(t, s, DefaultAPIKey, "GET", "/v1/assessments", ""); status != want {
			t.Errorf("call %d: %d, want %d", i, status, want)
		}
	}
	s.FailNext("", "/v1/webhook", 1, 500)
	if status, _ := call(t, s, DefaultAPIKey, "GET", "/v1/assessments", ""); status != 200 {
		t.Errorf("unmatched path failed: %d", status)
	}
	if status, _ := call(t, s, DefaultAPIKey, "GET", "/v1/webhook_subscriptions", ""); status != 500 {
		t.Errorf("matched path: %d, want 500", status)
	}
}
