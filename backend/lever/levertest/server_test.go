package levertest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/clocktest"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// get sends a raw GET with the default key and returns status and body.
func get(t *testing.T, srv *levertest.Server, path, key string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if key != "" {
		req.SetBasicAuth(key, "")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil && resp.StatusCode != http.StatusNoContent {
		t.Fatalf("GET %s: body is not JSON: %v", path, err)
	}
	return resp.StatusCode, body, resp.Header
}

func seeded(t *testing.T, opts levertest.Options) *levertest.Server {
	t.Helper()
	srv := levertest.New(opts)
	t.Cleanup(srv.Close)
	srv.AddStage("applicant-new", "New applicant")
	srv.AddStage("phone-screen", "Phone screen")
	srv.AddStage("offer", "Offer")
	srv.AddUser("user-1", "Rita Recruiter", "rita@example.com")
	srv.AddPosting(levertest.Posting{ID: "posting-go", Text: "Go engineer"})
	srv.AddOpportunity(levertest.Opportunity{
		ID: "opp-1", ContactID: "contact-1", Name: "Ada", Emails: []string{"ada@example.com"},
		Tags: []string{"Go Basics"}, StageID: "applicant-new", PostingIDs: []string{"posting-go"},
	})
	return srv
}

func TestAuth(t *testing.T) {
	srv := seeded(t, levertest.Options{APIKey: "secret-key"})
	tests := []struct {
		name, key  string
		wantStatus int
	}{
		{"no credentials", "", 401},
		{"wrong key", "other-key", 401},
		{"right key", "secret-key", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := get(t, srv, "/stages", tt.key)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d", status, tt.wantStatus)
			}
			if status == 401 && body["code"] != "Unauthorized" {
				t.Errorf("body %v", body)
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	clk := clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := seeded(t, levertest.Options{Now: clk.Now})
	count := func(n int, path string) (ok, limited int) {
		for range n {
			status, body, hdr := get(t, srv, path, "lever-test-key")
			switch status {
			case 200:
				ok++
			case 429:
				limited++
				if body["code"] != "TooManyRequests" || hdr.Get("Retry-After") != "" {
					t.Errorf("429 answer: %v, Retry-After %q", body, hdr.Get("Retry-After"))
				}
			default:
				t.Fatalf("status %d", status)
			}
		}
		return ok, limited
	}
	// The bucket is shared by every route.
	if ok, limited := count(15, "/stages"); ok != 15 || limited != 0 {
		t.Fatalf("first 15: %d ok, %d limited", ok, limited)
	}
	if ok, limited := count(10, "/opportunities/opp-1"); ok != 5 || limited != 5 {
		t.Fatalf("burst past 20: %d ok, %d limited", ok, limited)
	}
	clk.Advance(time.Second)
	if ok, limited := count(12, "/stages"); ok != 10 || limited != 2 {
		t.Fatalf("after a second: %d ok, %d limited, want 10 refilled", ok, limited)
	}
	st := srv.Stats()
	if st.Requests != 37 || st.RateLimited != 7 || st.ByRoute["GET /opportunities/:id"] != 10 || st.ByRoute["GET /stages"] != 27 {
		t.Errorf("stats %+v", st)
	}
}

func TestPaginationTokens(t *testing.T) {
	srv := seeded(t, levertest.Options{RatePerSecond: 1000, Burst: 1000})
	for i := range 3 {
		srv.AddStage(fmt.Sprintf("extra-%d", i), "Extra")
	}
	// Six stages, two a page.
	status, body, _ := get(t, srv, "/stages?limit=2", "lever-test-key")
	if status != 200 || body["hasNext"] != true {
		t.Fatalf("page 1: %d %v", status, body)
	}
	next := body["next"].(string)
	if !strings.Contains(next, "%") {
		t.Errorf("token %q does not look percent-encoded", next)
	}
	var ids []string
	collect := func(b map[string]any) {
		for _, d := range b["data"].([]any) {
			ids = append(ids, d.(map[string]any)["id"].(string))
		}
	}
	collect(body)
	for body["hasNext"] == true {
		next = body["next"].(string)
		status, body, _ = get(t, srv, "/stages?limit=2&offset="+next, "lever-test-key")
		if status != 200 {
			t.Fatalf("verbatim token refused: %d %v", status, body)
		}
		collect(body)
	}
	if got := strings.Join(ids, ","); got != "applicant-new,phone-screen,offer,extra-0,extra-1,extra-2" {
		t.Errorf("walked %s", got)
	}
	if _, ok := body["next"]; ok {
		t.Errorf("last page carries next: %v", body)
	}

	_, first, _ := get(t, srv, "/stages?limit=2", "lever-test-key")
	token := first["next"].(string)
	bad := []struct{ name, query string }{
		{"encoded twice", "limit=2&offset=" + url.QueryEscape(token)},
		{"tampered", "limit=2&offset=" + strings.Replace(token, "2", "4", 1)},
		{"garbage", "offset=abc"},
		{"other list's token", "limit=2&offset=" + token + "&x=1"},
	}
	for _, b := range bad {
		path := "/stages?" + b.query
		if b.name == "other list's token" {
			path = "/users?" + b.query
		}
		status, body, _ := get(t, srv, path, "lever-test-key")
		if status != 400 || body["code"] != "BadRequest" || body["message"] != "Invalid offset token" {
			t.Errorf("%s: %d %v", b.name, status, body)
		}
	}
	for _, limit := range []string{"0", "101", "abc", "-1"} {
		if status, _, _ := get(t, srv, "/stages?limit="+limit, "lever-test-key"); status != 400 {
			t.Errorf("limit=%s: status %d, want 400", limit, status)
		}
	}
	srv.ExpireOffsetTokens()
	if status, _, _ := get(t, srv, "/stages?limit=2&offset="+token, "lever-test-key"); status != 400 {
		t.Errorf("expired token: status %d, want 400", status)
	}
}

func TestOpportunityShape(t *testing.T) {
	srv := seeded(t, levertest.Options{})
	tests := []struct {
		query     string
		wantStage string // "id" or "object"
		wantApps  string // "ids" or "objects"
	}{
		{"", "id", "ids"},
		{"?expand=stage", "object", "ids"},
		{"?expand=applications", "id", "objects"},
		{"?expand=applications&expand=stage", "object", "objects"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			status, body, _ := get(t, srv, "/opportunities/opp-1"+tt.query, "lever-test-key")
			if status != 200 {
				t.Fatal(status)
			}
			o := body["data"].(map[string]any)
			_, isObj := o["stage"].(map[string]any)
			if isObj != (tt.wantStage == "object") {
				t.Errorf("stage = %v", o["stage"])
			}
			app := o["applications"].([]any)[0]
			if m, isObj := app.(map[string]any); isObj != (tt.wantApps == "objects") || (isObj && (m["posting"] != "posting-go" || m["type"] != "posting")) {
				t.Errorf("applications = %v", o["applications"])
			}
			if o["archived"] != nil || o["contact"] != "contact-1" || o["lastAdvancedAt"] == nil {
				t.Errorf("opportunity %v", o)
			}
		})
	}
	srv.Delete("opp-1")
	if status, body, _ := get(t, srv, "/opportunities/opp-1", "lever-test-key"); status != 404 || body["code"] != "ResourceNotFound" {
		t.Errorf("deleted: %d %v", status, body)
	}
	if _, ok := srv.Opportunity("opp-1"); ok {
		t.Error("deleted opportunity still reported")
	}
}

// receiver is a webhook endpoint that records what it gets and reads the
// opportunity back through the API while answering, as the app does.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
	agents []string
	status int
}

func newReceiver(t *testing.T, client *lever.Client) *receiver {
	rc := &receiver{status: 200}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if d, err := lever.ParseDelivery(b); err == nil && d.Data.OpportunityID != "" {
			if _, err := client.Opportunity(r.Context(), d.Data.OpportunityID); err != nil && !lever.IsNotFound(err) {
				t.Errorf("reading back during a delivery: %v", err)
			}
		}
		rc.mu.Lock()
		rc.bodies = append(rc.bodies, b)
		rc.agents = append(rc.agents, r.Header.Get("User-Agent")+" "+r.Header.Get("Content-Type"))
		status := rc.status
		rc.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func TestDeliveries(t *testing.T) {
	srv := seeded(t, levertest.Options{})
	c := lever.New(srv.URL, "lever-test-key")
	rc := newReceiver(t, c)
	ctx := context.Background()
	hook, err := c.CreateWebhook(ctx, rc.URL+"/hooks/lever", lever.EventCandidateStageChange)
	if err != nil {
		t.Fatal(err)
	}
	// A webhook for another event gets nothing from stage moves.
	if _, err := c.CreateWebhook(ctx, rc.URL+"/other", "candidateHired"); err != nil {
		t.Fatal(err)
	}

	ds, err := srv.MoveToStage("opp-1", "phone-screen")
	if err != nil || len(ds) != 1 {
		t.Fatalf("MoveToStage = %v, %v", ds, err)
	}
	first := ds[0]
	if first.Err != nil || first.StatusCode != 200 || first.WebhookID != hook.ID || !strings.HasSuffix(first.URL, "/hooks/lever") {
		t.Fatalf("delivery %+v", first)
	}
	if rc.agents[0] != "Lever-Webhooks application/json" {
		t.Errorf("headers %q", rc.agents[0])
	}
	d, err := lever.ParseDelivery(first.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Verify(hook.SignatureToken) || len(d.Token) != 48 || d.Event != lever.EventCandidateStageChange {
		t.Errorf("delivery does not verify or is misshapen: %+v", d)
	}
	want := lever.DeliveryData{OpportunityID: "opp-1", CandidateID: "opp-1", ContactID: "contact-1", FromStageID: "applicant-new", ToStageID: "phone-screen"}
	if d.Data != want {
		t.Errorf("data %+v, want %+v", d.Data, want)
	}
	o, err := c.Opportunity(ctx, "opp-1")
	if err != nil || o.StageID != "phone-screen" || len(o.StageChanges) != 2 || o.StageChanges[1].ToStageIndex != 1 || o.StageChanges[1].UserID != "user-1" {
		t.Errorf("after move: %+v, %v", o, err)
	}
	if _, err := srv.MoveToStage("opp-1", "phone-screen"); err == nil {
		t.Error("moving to the current stage succeeded")
	}

	rerun, err := srv.Rerun(first.ID)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := lever.ParseDelivery(rerun.Body)
	if err != nil || rd.Token == d.Token || !rd.Verify(hook.SignatureToken) || rd.Data != d.Data || rerun.ID == first.ID {
		t.Errorf("rerun %+v: %+v, %v", rerun, rd, err)
	}

	replay, err := srv.Replay(first.ID)
	if err != nil || string(replay.Body) != string(first.Body) || replay.ID == first.ID {
		t.Errorf("replay %+v, %v", replay, err)
	}

	pings, err := srv.SendTestPing()
	if err != nil || len(pings) != 2 {
		t.Fatalf("SendTestPing = %v, %v", pings, err)
	}
	pd, err := lever.ParseDelivery(pings[0].Body)
	if err != nil || pd.Event != "candidateHired" || pd.Data != (lever.DeliveryData{}) || !pd.Verify(hook.SignatureToken) || !strings.Contains(string(pings[0].Body), `"data":{}`) {
		t.Errorf("ping %s: %v", pings[0].Body, err)
	}

	// Archived opportunities still deliver; failures are recorded.
	srv.Archive("opp-1")
	rc.mu.Lock()
	rc.status = 500
	rc.mu.Unlock()
	ds, err = srv.MoveToStage("opp-1", "offer")
	if err != nil || len(ds) != 1 || ds[0].StatusCode != 500 || ds[0].Err == nil {
		t.Errorf("failed delivery %+v, %v", ds, err)
	}
	if got := len(srv.Deliveries()); got != 6 {
		t.Errorf("%d deliveries recorded, want 6", got)
	}
}

func TestDeliveryFailures(t *testing.T) {
	srv := seeded(t, levertest.Options{})
	c := lever.New(srv.URL, "lever-test-key")
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	redirect := httptest.NewServer(http.RedirectHandler("https://example.com", http.StatusFound))
	defer redirect.Close()
	for _, u := range []string{deadURL, redirect.URL} {
		if _, err := c.CreateWebhook(context.Background(), u, lever.EventCandidateStageChange); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := srv.MoveToStage("opp-1", "offer")
	if err != nil || len(ds) != 2 {
		t.Fatalf("%v, %v", ds, err)
	}
	if ds[0].Err == nil || ds[0].StatusCode != 0 {
		t.Errorf("unreachable: %+v", ds[0])
	}
	if ds[1].Err == nil || ds[1].StatusCode != http.StatusFound {
		t.Errorf("redirect: %+v", ds[1])
	}
}

func TestWebhookOrigins(t *testing.T) {
	srv := seeded(t, levertest.Options{})
	rc := newReceiver(t, lever.New(srv.URL, "lever-test-key"))
	body := `{"url":"` + rc.URL + `","event":"candidateStageChange","configuration":{"conditions":{"origins":["sourced"]}}}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhooks", strings.NewReader(body))
	req.SetBasicAuth("lever-test-key", "")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("create: %v %v", resp, err)
	}
	resp.Body.Close()
	if ds, _ := srv.MoveToStage("opp-1", "offer"); len(ds) != 0 {
		t.Errorf("an applied candidate was delivered to a sourced-only webhook: %v", ds)
	}
}

func TestFailNext(t *testing.T) {
	srv := seeded(t, levertest.Options{})
	srv.FailNext("GET", "/opportunities", 2, 503)
	for i, want := range []int{503, 200, 503, 200} {
		path := "/opportunities/opp-1"
		if i%2 == 1 {
			path = "/stages"
		}
		status, body, _ := get(t, srv, path, "lever-test-key")
		if status != want {
			t.Errorf("request %d: %d, want %d", i, status, want)
		}
		if status == 503 && body["code"] != "ServiceUnavailable" {
			t.Errorf("body %v", body)
		}
	}
	if status, _, _ := get(t, srv, "/opportunities/opp-1", "lever-test-key"); status != 200 {
		t.Errorf("failure outlived its count: %d", status)
	}
}

func TestConcurrentScenario(t *testing.T) {
	srv := seeded(t, levertest.Options{RatePerSecond: 10000, Burst: 10000})
	c := lever.New(srv.URL, "lever-test-key", lever.WithLimiter(lever.NewLimiter(10000, 10000)))
	rc := newReceiver(t, c)
	if _, err := c.CreateWebhook(context.Background(), rc.URL, lever.EventCandidateStageChange); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			tag := fmt.Sprintf("T%d", i)
			if err := c.AddTags(context.Background(), "opp-1", []string{tag}, "user-1"); err != nil {
				t.Error(err)
			}
			if _, err := c.AddNote(context.Background(), "opp-1", tag, ""); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			stage := []string{"phone-screen", "offer", "applicant-new"}[i%3]
			srv.MoveToStage("opp-1", stage) // may find it already there
		})
	}
	wg.Wait()
	o, _ := srv.Opportunity("opp-1")
	if len(o.Tags) != 21 || len(srv.Notes("opp-1")) != 20 || len(srv.TagOps("opp-1")) != 20 {
		t.Errorf("tags %v, %d notes, %d tag ops", o.Tags, len(srv.Notes("opp-1")), len(srv.TagOps("opp-1")))
	}
}
