package qualified_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/apicall/apitest"
	"github.com/assessbridge/assessbridge/backend/clocktest"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

func newClock() *clocktest.Clock { return clocktest.New(time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)) }

func setup(t *testing.T, now func() time.Time) (*qualifiedtest.Server, *qualified.Client) {
	t.Helper()
	sim := qualifiedtest.New(qualifiedtest.Options{Now: now})
	t.Cleanup(sim.Close)
	return sim, qualified.New(sim.URL, qualifiedtest.DefaultAPIKey, qualified.WithWebBaseURL(sim.WebURL))
}

func invite(t *testing.T, c *qualified.Client, assessmentID, email string) backend.ProviderInvitation {
	t.Helper()
	inv, err := c.Invite(context.Background(), backend.InviteRequest{AssessmentID: assessmentID, Email: email, FirstName: "Ada", LastName: "Lovelace", AlternateID: "opp-" + email})
	if err != nil {
		t.Fatalf("Invite(%s): %v", email, err)
	}
	return inv
}

func TestAuth(t *testing.T) {
	sim, _ := setup(t, nil)
	sim.AddAssessment(qualifiedtest.Assessment{Title: "Go"})
	tests := []struct {
		name   string
		key    string
		status int
	}{
		{"raw key", qualifiedtest.DefaultAPIKey, 0},
		{"bearer prefix", "Bearer " + qualifiedtest.DefaultAPIKey, http.StatusUnauthorized},
		{"wrong key", "nope", http.StatusUnauthorized},
		{"no key", "", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := qualified.New(sim.URL, tt.key)
			_, err := c.Assessments(context.Background())
			if tt.status == 0 {
				if err != nil {
					t.Fatalf("Assessments: %v", err)
				}
				return
			}
			var apiErr *qualified.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("err = %v, want *Error %d", err, tt.status)
			}
			if !strings.HasPrefix(err.Error(), fmt.Sprintf("qualified: %d ", tt.status)) || apiErr.Message == "" {
				t.Errorf("Error() = %q, Message = %q", err.Error(), apiErr.Message)
			}
			// A refused key is final: retrying cannot fix it.
			if st := c.Stats(); st.Requests != 1 || st.Retries != 0 {
				t.Errorf("stats = %+v, want one request", st)
			}
		})
	}
}

func TestAssessmentsPagination(t *testing.T) {
	sim, c := setup(t, nil)
	var firstID string
	for i := range 230 {
		id := sim.AddAssessment(qualifiedtest.Assessment{Title: fmt.Sprintf("A%03d", i), PassingScore: 70})
		if i == 0 {
			firstID = id
		}
	}
	draft := sim.AddAssessment(qualifiedtest.Assessment{Title: "Draft", State: "draft"})
	archived := sim.AddAssessment(qualifiedtest.Assessment{Title: "Old", Archived: true})
	later := sim.AddAssessment(qualifiedtest.Assessment{ID: 77, Title: "Later"})
	sim.ArchiveAssessment(later)
	renamed := sim.AddAssessment(qualifiedtest.Assessment{Title: "Before"})
	sim.RenameAssessment(renamed, "After")

	got, err := c.Assessments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 234 {
		t.Fatalf("got %d assessments, want 234", len(got))
	}
	byID := map[string]backend.Assessment{}
	for _, a := range got {
		byID[a.ID] = a
	}
	tests := []struct {
		id        string
		title     string
		published bool
	}{
		{draft, "Draft", false},
		{archived, "Old", false},
		{later, "Later", false},
		{renamed, "After", true},
	}
	for _, tt := range tests {
		a, ok := byID[tt.id]
		if !ok || a.Title != tt.title || a.Published != tt.published {
			t.Errorf("assessment %s = %+v (found %v), want title %q published %v", tt.id, a, ok, tt.title, tt.published)
		}
	}
	if a := byID[firstID]; !a.Published || a.PassingScore != 70 || a.Title != "A000" {
		t.Errorf("first = %+v, want published with cut 70", a)
	}
	if n := sim.Stats().ByRoute["GET /v1/assessments"]; n != 3 {
		t.Errorf("pages fetched = %d, want 3", n)
	}
}

// postInvite sends invite_candidates by hand, for the options Client.Invite
// never uses.
func postInvite(t *testing.T, sim *qualifiedtest.Server, body string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, sim.URL+"/v1/assessment_invitations/invite_candidates", strings.NewReader(body))
	req.Header.Set("Authorization", qualifiedtest.DefaultAPIKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestInvite(t *testing.T) {
	sim, c := setup(t, nil)
	goID := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go"})
	sqlID := sim.AddAssessment(qualifiedtest.Assessment{Title: "SQL"})
	ctx := context.Background()

	first := invite(t, c, goID, "ada@example.com")
	if first.InvitationID == "" || first.ResultID == "" || first.CandidateID == "" {
		t.Fatalf("invitation = %+v, want every id", first)
	}
	if !strings.HasPrefix(first.InviteURL, sim.WebURL+"/assess/"+goID+"?invite=") {
		t.Errorf("InviteURL = %q", first.InviteURL)
	}
	if resp, err := http.Get(first.InviteURL); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("GET invite link: %v %v", resp, err)
	}

	// A retried invite is the reason for skip_email_resend.
	again := invite(t, c, goID, "ada@example.com")
	if again != first {
		t.Errorf("repeat invite = %+v, want %+v", again, first)
	}
	if n := sim.EmailsSent("ada@example.com", goID); n != 1 {
		t.Errorf("e-mails after repeat with skip_email_resend = %d, want 1", n)
	}
	if code := postInvite(t, sim, `{"data":{"candidates":["ada@example.com"],"assessment_id":"`+goID+`"}}`); code != http.StatusOK {
		t.Fatalf("raw invite status %d", code)
	}
	if n := sim.EmailsSent("ada@example.com", goID); n != 2 {
		t.Errorf("e-mails after repeat without skip_email_resend = %d, want 2", n)
	}

	other := invite(t, c, sqlID, "ADA@example.com")
	if other.CandidateID != first.CandidateID || other.ResultID == first.ResultID {
		t.Errorf("second assessment = %+v, want same candidate, new result", other)
	}
	invs := sim.Invitations()
	if len(invs) != 2 || invs[0].AlternateID != "opp-ada@example.com" || invs[0].FirstName != "Ada" {
		t.Errorf("invitations = %+v", invs)
	}
	// Following the invite link above is what opens it.
	if r, ok := sim.ResultFor("ada@example.com", goID); !ok || r.State != "opened" || r.ID != first.ResultID {
		t.Errorf("ResultFor = %+v %v", r, ok)
	}

	draft := sim.AddAssessment(qualifiedtest.Assessment{Title: "Draft", State: "draft"})
	archived := sim.AddAssessment(qualifiedtest.Assessment{Title: "Old", Archived: true})
	errTests := []struct {
		name         string
		assessmentID string
		status       int
	}{
		{"unknown assessment", "999999", http.StatusNotFound},
		{"draft", draft, http.StatusUnprocessableEntity},
		{"archived", archived, http.StatusUnprocessableEntity},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Invite(ctx, backend.InviteRequest{AssessmentID: tt.assessmentID, Email: "bob@example.com"})
			var apiErr *qualified.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status || apiErr.Message == "" {
				t.Fatalf("err = %v, want %d with a message", err, tt.status)
			}
			if qualified.IsNotFound(err) != (tt.status == http.StatusNotFound) {
				t.Errorf("IsNotFound = %v", qualified.IsNotFound(err))
			}
		})
	}
}

func TestResult(t *testing.T) {
	clk := newClock()
	sim, c := setup(t, clk.Now)
	id := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go", PassingScore: 70, Challenges: []string{"Parser", "Cache", "Queue"}})
	ctx := context.Background()

	inv := invite(t, c, id, "ada@example.com")
	r, err := c.Result(ctx, inv.ResultID)
	if err != nil {
		t.Fatal(err)
	}
	// GET /assessment_results/:id carries no e-mail: only a submitted
	// result, read with its exhibit, has one.
	if r.Status != backend.StatusInvited || r.Score != nil || r.Passed != nil || r.AssessmentID != id {
		t.Errorf("invited result = %+v", r)
	}

	clk.Advance(time.Minute)
	if _, err := sim.Start(inv.ResultID); err != nil {
		t.Fatal(err)
	}
	clk.Advance(40 * time.Minute)
	if _, err := sim.Submit(inv.ResultID, 85); err != nil {
		t.Fatal(err)
	}
	r, err = c.Result(ctx, inv.ResultID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != backend.StatusSubmitted || r.State != "submitted" || r.Score == nil || *r.Score != 85 || r.Passed == nil || !*r.Passed {
		t.Errorf("submitted result = %+v", r)
	}
	if r.TimeSpent != 40*time.Minute || !r.SubmittedAt.Equal(clk.Now()) || r.AssessmentTitle != "Go" {
		t.Errorf("TimeSpent %v SubmittedAt %v title %q", r.TimeSpent, r.SubmittedAt, r.AssessmentTitle)
	}
	want := []backend.ChallengeScore{
		{Title: "Parser", Score: 75, Language: "javascript"},
		{Title: "Cache", Score: 85, Language: "python"},
		{Title: "Queue", Score: 95, Language: "java"},
	}
	if fmt.Sprint(r.Challenges) != fmt.Sprint(want) {
		t.Errorf("challenges = %v, want %v", r.Challenges, want)
	}
	if !strings.HasPrefix(r.ReportURL, sim.WebURL+"/share/") {
		t.Errorf("ReportURL = %q", r.ReportURL)
	}
	if resp, err := http.Get(r.ReportURL); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("GET report: %v %v", resp, err)
	}

	// Sharing is a plan feature; without it the team page is the link.
	for _, status := range []int{http.StatusForbidden, http.StatusNotFound} {
		sim.FailNext("GET", "/v1/assessment_results/"+inv.ResultID+"/share", 1, status)
		r, err = c.Result(ctx, inv.ResultID)
		if err != nil {
			t.Fatal(err)
		}
		if want := sim.WebURL + "/hire/assessment_results/" + inv.ResultID; r.ReportURL != want {
			t.Errorf("share %d: ReportURL = %q, want %q", status, r.ReportURL, want)
		}
	}

	failed := invite(t, c, id, "bob@example.com")
	sim.Submit(failed.ResultID, 50)
	if r, _ := c.Result(ctx, failed.ResultID); r.Passed == nil || *r.Passed {
		t.Errorf("score 50 under cut 70: Passed = %v", r.Passed)
	}

	if _, err := c.Result(ctx, "424242"); !qualified.IsNotFound(err) {
		t.Errorf("unknown result: err = %v, want not found", err)
	}
}

func TestResultsUpdatedSince(t *testing.T) {
	clk := newClock()
	sim, c := setup(t, clk.Now)
	id := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go"})
	ctx := context.Background()
	t0 := clk.Now()
	var ids []string
	for i := range 150 {
		ids = append(ids, invite(t, c, id, fmt.Sprintf("c%d@example.com", i)).ResultID)
	}
	clk.Advance(10 * time.Minute)
	t1 := clk.Now()
	sim.Start(ids[3])
	clk.Advance(time.Minute)
	sim.Submit(ids[7], 90)

	tests := []struct {
		name  string
		since time.Time
		want  int
	}{
		{"everything", t0, 150},
		{"after the invitations", t1, 2},
		{"half a second before the change", t1.Add(-500 * time.Millisecond), 2},
		{"just after the last change", clk.Now().Add(time.Second), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.ResultsUpdatedSince(ctx, tt.since)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Fatalf("got %d results, want %d", len(got), tt.want)
			}
		})
	}
	got, _ := c.ResultsUpdatedSince(ctx, t1)
	if len(got) == 2 && (got[0].ID != ids[3] || got[0].Status != backend.StatusStarted || got[1].Status != backend.StatusSubmitted || got[1].Challenges != nil) {
		t.Errorf("changed results = %+v", got)
	}
}

func TestResultsByIDs(t *testing.T) {
	sim, c := setup(t, nil)
	id := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go"})
	var ids []string
	for i := range 230 {
		ids = append(ids, invite(t, c, id, fmt.Sprintf("c%d@example.com", i)).ResultID)
	}
	tests := []struct {
		name string
		ids  []string
		want int
	}{
		{"none", nil, 0},
		{"one", ids[:1], 1},
		{"unknown left out", []string{ids[0], "999999", "not-an-id"}, 1},
		{"three chunks", ids[5:215], 210},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.ResultsByIDs(context.Background(), tt.ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Fatalf("got %d results, want %d", len(got), tt.want)
			}
			for i, r := range got {
				if r.ID != tt.ids[i] {
					t.Fatalf("result %d = %s, want %s", i, r.ID, tt.ids[i])
				}
			}
		})
	}
}

func TestWebhookDelivery(t *testing.T) {
	sim, c := setup(t, nil)
	id := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go", PassingScore: 60})
	ctx := context.Background()

	var mu sync.Mutex
	var received []*qualified.WebhookEvent
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ev, err := qualified.ParseWebhook(b)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// The body is only a hint: re-read the result, as the app does.
		if _, err := c.Result(r.Context(), ev.ResultID); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		mu.Lock()
		received = append(received, ev)
		mu.Unlock()
	}))
	defer receiver.Close()
	if _, err := c.CreateWebhookSubscription(ctx, receiver.URL+"/hooks/s3cret", "assessbridge"); err != nil {
		t.Fatal(err)
	}

	inv := invite(t, c, id, "ada@example.com")
	steps := []struct {
		name  string
		drive func() ([]qualifiedtest.Delivery, error)
		state string
	}{
		{"start", func() ([]qualifiedtest.Delivery, error) { return sim.Start(inv.ResultID) }, "started"},
		{"submit", func() ([]qualifiedtest.Delivery, error) { return sim.Submit(inv.ResultID, 75) }, "submitted"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			ds, err := st.drive()
			if err != nil {
				t.Fatal(err)
			}
			if len(ds) != 1 || ds[0].Err != nil || ds[0].StatusCode != http.StatusOK {
				t.Fatalf("deliveries = %+v", ds)
			}
			ev, err := qualified.ParseWebhook(ds[0].Body)
			if err != nil {
				t.Fatal(err)
			}
			want := qualified.WebhookEvent{Event: qualified.EventStateChanged, ResultID: inv.ResultID, State: st.state, CandidateEmail: "ada@example.com", AssessmentID: id}
			if *ev != want {
				t.Errorf("event = %+v, want %+v", *ev, want)
			}
		})
	}
	if len(received) != 2 {
		t.Errorf("receiver got %d events, want 2", len(received))
	}

	// A missed webhook: the state still changes, and polling finds it.
	sim.SetWebhooksEnabled(false)
	other := invite(t, c, id, "bob@example.com")
	ds, err := sim.Terminate(other.ResultID)
	if err != nil || len(ds) != 0 {
		t.Fatalf("Terminate with webhooks off: %v %v", ds, err)
	}
	r, err := c.Result(ctx, other.ResultID)
	if err != nil || r.Status != backend.StatusClosed {
		t.Errorf("terminated result = %+v %v", r, err)
	}
}

func TestSubscriptions(t *testing.T) {
	sim, c := setup(t, nil)
	ctx := context.Background()

	sub, err := c.CreateWebhookSubscription(ctx, "https://bridge.example.com/hooks/a1", "assessbridge")
	if err != nil {
		t.Fatal(err)
	}
	if sub.ID == "" || sub.URL != "https://bridge.example.com/hooks/a1" || sub.Name != "assessbridge" || fmt.Sprint(sub.Events) != "[assessment_result_state_changed]" {
		t.Errorf("created = %+v", sub)
	}
	if err := c.UpdateWebhookSubscription(ctx, sub.ID, "https://bridge.example.com/hooks/b2"); err != nil {
		t.Fatal(err)
	}
	list, err := c.WebhookSubscriptions(ctx)
	if err != nil || len(list) != 1 || list[0].URL != "https://bridge.example.com/hooks/b2" || list[0].Name != "assessbridge" {
		t.Fatalf("list = %+v %v", list, err)
	}
	if s := sim.Subscriptions(); len(s) != 1 || s[0].ID != sub.ID {
		t.Errorf("server holds %+v", s)
	}
	if err := c.DeleteWebhookSubscription(ctx, sub.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := c.WebhookSubscriptions(ctx); len(list) != 0 {
		t.Errorf("after delete: %+v", list)
	}
	if err := c.DeleteWebhookSubscription(ctx, sub.ID); !qualified.IsNotFound(err) {
		t.Errorf("second delete: %v, want not found", err)
	}
	if err := c.UpdateWebhookSubscription(ctx, sub.ID, "https://x.example.com"); !qualified.IsNotFound(err) {
		t.Errorf("update deleted: %v, want not found", err)
	}
	if _, err := c.CreateWebhookSubscription(ctx, "not a url", ""); err == nil {
		t.Error("create with a bad url succeeded")
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		prefix   string
		n        int
		status   int
		call     func(*qualified.Client, string) error
		wantErr  int
		requests int64
		retries  int64
	}{
		{"GET 503 once", "GET", "/v1/assessments", 1, 503, listAssessments, 0, 2, 1},
		{"GET 429 twice", "GET", "/v1/assessments", 2, 429, listAssessments, 0, 3, 2},
		{"GET 500 beyond the attempts", "GET", "/v1/assessments", 4, 500, listAssessments, 500, 4, 3},
		{"GET 400 not retried", "GET", "/v1/assessments", 1, 400, listAssessments, 400, 1, 0},
		{"invite 503 once", "POST", "/v1/assessment_invitations", 1, 503, inviteAda, 0, 2, 1},
		{"invite 502 once", "POST", "/v1/assessment_invitations", 1, 502, inviteAda, 0, 2, 1},
		{"subscription create 503 not retried", "POST", "/v1/webhook_subscriptions", 1, 503, createSub, 503, 1, 0},
		{"subscription create 429 retried", "POST", "/v1/webhook_subscriptions", 1, 429, createSub, 0, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim, c := setup(t, nil)
			id := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go"})
			sim.FailNext(tt.method, tt.prefix, tt.n, tt.status)
			err := tt.call(c, id)
			var apiErr *qualified.Error
			switch {
			case tt.wantErr == 0 && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantErr != 0 && (!errors.As(err, &apiErr) || apiErr.StatusCode != tt.wantErr):
				t.Fatalf("err = %v, want %d", err, tt.wantErr)
			}
			if st := c.Stats(); st.Requests != tt.requests || st.Retries != tt.retries {
				t.Errorf("stats = %+v, want %d requests %d retries", st, tt.requests, tt.retries)
			}
			if n := sim.EmailsSent("ada@example.com", id); tt.wantErr == 0 && strings.HasPrefix(tt.prefix, "/v1/assessment_invitations") && n != 1 {
				t.Errorf("e-mails = %d, want 1", n)
			}
		})
	}
}

func listAssessments(c *qualified.Client, _ string) error {
	_, err := c.Assessments(context.Background())
	return err
}

func inviteAda(c *qualified.Client, id string) error {
	_, err := c.Invite(context.Background(), backend.InviteRequest{AssessmentID: id, Email: "ada@example.com"})
	return err
}

func createSub(c *qualified.Client, _ string) error {
	_, err := c.CreateWebhookSubscription(context.Background(), "https://bridge.example.com/h", "")
	return err
}

func TestRetryNetworkAndContext(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		dead := httptest.NewServer(http.NotFoundHandler())
		dead.Close()
		c := qualified.New(dead.URL+"/api", "k")
		_, err := c.Assessments(context.Background())
		if err == nil || !strings.HasPrefix(err.Error(), "qualified: GET /v1/assessments") {
			t.Fatalf("err = %v", err)
		}
		if st := c.Stats(); st.Requests != 4 {
			t.Errorf("stats = %+v, want 4 attempts", st)
		}
	})
	t.Run("context ends the backoff", func(t *testing.T) {
		sim, c := setup(t, nil)
		sim.FailNext("GET", "/v1/assessments", 10, 503)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.Assessments(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want deadline exceeded", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %v", d)
		}
	})
}

func TestWithHTTPClient(t *testing.T) {
	sim, _ := setup(t, nil)
	var n int
	var mu sync.Mutex
	hc := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		n++
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := qualified.New(sim.URL+"/", qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(hc))
	if _, err := c.Assessments(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("custom client used %d times", n)
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestNewKeyServesTheNextCall(t *testing.T) {
	sim, _ := setup(t, nil)
	c := qualified.New(sim.URL, "old-key")
	if _, err := c.Assessments(context.Background()); backend.KindOf(err) != backend.FailureNeedsReconnect {
		t.Fatalf("with a wrong key: %v, want a 401", err)
	}
	c.UseAPIKey(qualifiedtest.DefaultAPIKey)
	if _, err := c.Assessments(context.Background()); err != nil {
		t.Fatalf("after UseAPIKey: %v", err)
	}
}

// A call under way when the key changes finishes with the key it started
// with, its retry included; the next call goes with the new one.
func TestCallUnderWayKeepsItsKey(t *testing.T) {
	sim, _ := setup(t, nil)
	sim.FailNext("GET", "/v1/assessments", 1, http.StatusServiceUnavailable)
	held := apitest.NewHeldTransport()
	c := qualified.New(sim.URL, qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(&http.Client{Transport: held}))
	done := make(chan error, 1)
	go func() {
		_, err := c.Assessments(context.Background())
		done <- err
	}()
	<-held.Held()
	c.UseAPIKey("replaced-key")
	held.Release()
	if err := <-done; err != nil {
		t.Fatalf("the call under way: %v", err)
	}
	if st := c.Stats(); st.Requests != 2 {
		t.Errorf("stats %+v, want the 503 and its retry", st)
	}
	if _, err := c.Assessments(context.Background()); backend.KindOf(err) != backend.FailureNeedsReconnect {
		t.Errorf("the next call: %v, want the new key refused", err)
	}
}

// Keys swapped while calls run: every call goes with one whole key.
func TestKeysSwappedWhileCallsRun(t *testing.T) {
	sim, c := setup(t, nil)
	var callers sync.WaitGroup
	for range 8 {
		callers.Go(func() {
			for range 10 {
				c.UseAPIKey(qualifiedtest.DefaultAPIKey)
				if _, err := c.Assessments(context.Background()); err != nil {
					t.Errorf("a call among the swaps: %v", err)
					return
				}
			}
		})
	}
	callers.Wait()
	if n := sim.Stats().Requests; n != 80 {
		t.Errorf("Qualified saw %d requests, want 80", n)
	}
}
