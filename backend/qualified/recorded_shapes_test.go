package qualified_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/apicall/apitest"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// replay serves the answers in testdata/recorded, which have the shapes of
// Qualified's recorded API answers, on the routes that give them.
func replay(t *testing.T) *qualified.Client {
	t.Helper()
	file := func(name string) http.HandlerFunc { return apitest.Recorded(t, name, http.StatusOK) }
	results := map[string]string{
		"6571a0c31d41c84e89fe3714": "assessment_result_started.json",
		"6571a0c31d41c84e89fe3799": "assessment_result_submitting.json",
		"6571a0c31d41c84e89fe37a5": "assessment_result_submitted.json",
	}
	m := http.NewServeMux()
	m.Handle("GET /api/v1/webhook_subscriptions", file("webhook_subscriptions.json"))
	m.Handle("POST /api/v1/webhook_subscriptions", file("webhook_subscription_created.json"))
	m.Handle("GET /api/v1/assessments", file("assessments.json"))
	m.Handle("POST /api/v1/assessment_invitations/invite_candidates", file("invite_candidates.json"))
	m.Handle("GET /api/v1/assessment_results/{id}", apitest.RecordedByID(t, results))
	m.Handle("GET /api/v1/assessment_results/6571a0c31d41c84e89fe37a5/exhibit", file("assessment_result_submitted_exhibit.json"))
	m.Handle("GET /api/v1/assessment_results/6571a0c31d41c84e89fe37a5/share", file("assessment_result_share.json"))
	m.Handle("GET /api/v1/assessment_results/6571a0c31d41c84e89fe3799/exhibit", file("assessment_result_submitting_exhibit.json"))
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return qualified.New(srv.URL+"/api", "key")
}

// Every answer the app reads decodes in the shape Qualified records it,
// whatever else the answer carries.
func TestRecordedQualifiedAnswersDecode(t *testing.T) {
	c := replay(t)
	ctx := context.Background()

	subs, err := c.WebhookSubscriptions(ctx)
	if err != nil {
		t.Fatalf("list subscriptions: %v", err)
	}
	want := []qualified.Subscription{
		{ID: "6571a0c21d41c84e89fe56f9", Name: "Default", URL: "https://hooks.example.com/qualified", Events: []string{"challenge_created"}},
		{ID: "6571a0c21d41c84e89fe5715", Name: "assessbridge", URL: "https://old-tunnel.trycloudflare.com/webhooks/qualified/s3cr3t",
			Events: []string{qualified.EventStateChanged}},
	}
	if !slices.EqualFunc(subs, want, subscriptionEqual) {
		t.Errorf("subscriptions = %+v, want %+v", subs, want)
	}

	created, err := c.CreateWebhookSubscription(ctx, "https://new-tunnel.trycloudflare.com/webhooks/qualified/s3cr3t", "assessbridge")
	if err != nil {
		t.Fatalf("create subscription: %v", err)
	}
	if created.ID != "6571a0c21d41c84e89fe5720" || !slices.Equal(created.Events, []string{qualified.EventStateChanged}) {
		t.Errorf("created = %+v", created)
	}

	as, err := c.Assessments(ctx)
	if err != nil {
		t.Fatalf("assessments: %v", err)
	}
	if len(as) != 1 || as[0].ID != "6571a0c31d41c84e89fe3710" || as[0].Title != "Backend Challenge" || as[0].PassingScore != 70 || !as[0].Published {
		t.Errorf("assessments = %+v", as)
	}

	inv, err := c.Invite(ctx, backend.InviteRequest{Email: "ada@example.com", AssessmentID: "6571a0c31d41c84e89fe3710"})
	if err != nil {
		t.Fatalf("invite: %v", err)
	}
	if inv.ResultID != "6571a0c31d41c84e89fe3714" || inv.CandidateID != "6571a0c31d41c84e89fe3715" ||
		inv.InviteURL != qualified.DefaultWebBaseURL+"/assess/6571a0c31d41c84e89fe3710?invite=Ufmnkrc9tCLaNg" {
		t.Errorf("invitation = %+v", inv)
	}

	r, err := c.Result(ctx, "6571a0c31d41c84e89fe37a5")
	if err != nil {
		t.Fatalf("submitted result: %v", err)
	}
	if r.Status != backend.StatusSubmitted || r.Score == nil || *r.Score != 82.5 || r.Passed == nil || !*r.Passed ||
		r.CandidateEmail != "ada@example.com" || r.AssessmentTitle != "Backend Challenge" || r.AssessmentID != "6571a0c31d41c84e89fe3710" ||
		len(r.Challenges) != 1 || r.Challenges[0].Title != "Rate limiter" || r.ReportURL != "https://www.qualified.io/share/abc123" {
		t.Errorf("submitted result = %+v", r)
	}

	body, err := os.ReadFile(filepath.Join("testdata", "recorded", "webhook_assessment_result_started.json"))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := qualified.ParseWebhook(body)
	if err != nil {
		t.Fatalf("webhook: %v", err)
	}
	if *ev != (qualified.WebhookEvent{Event: "assessment_result_started", ResultID: "6571a0c31d41c84e89fe3714", State: "started",
		CandidateEmail: "ada@example.com", AssessmentID: "6571a0c31d41c84e89fe3710"}) {
		t.Errorf("webhook = %+v", *ev)
	}
}

func subscriptionEqual(a, b qualified.Subscription) bool {
	return a.ID == b.ID && a.Name == b.Name && a.URL == b.URL && slices.Equal(a.Events, b.Events)
}

// Qualified reports a score of 0.0 on a result the candidate is still
// working on, and may on one it is still scoring: neither is a score of 0%.
func TestAResultNotYetSubmittedIsNeverScoredZero(t *testing.T) {
	c := replay(t)
	for _, tt := range []struct {
		id     string
		status backend.Status
	}{
		{"6571a0c31d41c84e89fe3714", backend.StatusStarted},
		{"6571a0c31d41c84e89fe3799", backend.StatusSubmitted}, // "submitting"
	} {
		r, err := c.Result(context.Background(), tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != tt.status || r.Score != nil || r.Passed != nil {
			t.Errorf("%s result: status %s, score %v, passed %v; want status %s and neither score nor pass/fail",
				r.State, r.Status, deref(r.Score), deref(r.Passed), tt.status)
		}
	}

	// The simulator answers a started result with 0.0 too.
	sim, sc := setup(t, nil)
	id := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go", PassingScore: 70})
	inv := invite(t, sc, id, "ada@example.com")
	if _, err := sim.Start(inv.ResultID); err != nil {
		t.Fatal(err)
	}
	if r, err := sc.Result(context.Background(), inv.ResultID); err != nil || r.Status != backend.StatusStarted || r.Score != nil {
		t.Errorf("started result from the simulator = %+v, %v; want started without a score", r, err)
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// GET /assessment_results/:id has no passingScore: whether the candidate met
// the cut comes from the exhibit.
func TestSubmittedResultTakesPassFailFromTheExhibit(t *testing.T) {
	sim, c := setup(t, nil)
	id := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go", PassingScore: 70})
	for _, tt := range []struct {
		email  string
		score  float64
		passed bool
	}{
		{"ada@example.com", 85, true},
		{"bob@example.com", 50, false},
	} {
		inv := invite(t, c, id, tt.email)
		if _, err := sim.Submit(inv.ResultID, tt.score); err != nil {
			t.Fatal(err)
		}
		r, err := c.Result(context.Background(), inv.ResultID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Score == nil || *r.Score != tt.score || r.Passed == nil || *r.Passed != tt.passed || r.CandidateEmail != tt.email || r.AssessmentTitle != "Go" {
			t.Errorf("score %v under cut 70: score %v, passed %v, e-mail %q, title %q; want passed %v",
				tt.score, deref(r.Score), deref(r.Passed), r.CandidateEmail, r.AssessmentTitle, tt.passed)
		}
	}
}

// An account whose Qualified UI already keeps a "Default" subscription: the
// app lists both, creates its own and re-points it when the public address
// changes, and result events reach the new address.
func TestSubscriptionWithAnIdInItsTriggersIsListedAndRepointed(t *testing.T) {
	sim, c := setup(t, nil)
	ctx := context.Background()
	defaultID := sim.AddSubscription(qualifiedtest.DefaultSubscription)

	var mu sync.Mutex
	got := map[string][]string{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, err := qualified.ParseWebhook(readAll(r))
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			got[r.URL.Path] = append(got[r.URL.Path], "unreadable: "+err.Error())
			return
		}
		got[r.URL.Path] = append(got[r.URL.Path], ev.State)
	}))
	defer hook.Close()

	subs, err := c.WebhookSubscriptions(ctx)
	if err != nil {
		t.Fatalf("list with a Default subscription: %v", err)
	}
	if len(subs) != 1 || subs[0].ID != defaultID || subs[0].Name != "Default" || !slices.Equal(subs[0].Events, []string{"challenge_created"}) {
		t.Errorf("subscriptions = %+v, want the Default one", subs)
	}
	mine, err := c.CreateWebhookSubscription(ctx, hook.URL+"/old", "assessbridge")
	if err != nil {
		t.Fatalf("create beside the Default subscription: %v", err)
	}
	if len(mine.ID) != 24 || !slices.Equal(mine.Events, []string{qualified.EventStateChanged}) {
		t.Errorf("created = %+v, want an ObjectId and the state-changed trigger", mine)
	}
	subs, err = c.WebhookSubscriptions(ctx)
	if err != nil {
		t.Fatalf("list after creating: %v", err)
	}
	if len(subs) != 2 || !slices.ContainsFunc(subs, func(s qualified.Subscription) bool {
		return s.ID == mine.ID && s.URL == hook.URL+"/old" && slices.Equal(s.Events, []string{qualified.EventStateChanged})
	}) {
		t.Errorf("subscriptions = %+v, want the Default one and ours", subs)
	}

	// The tunnel's address changed.
	if err := c.UpdateWebhookSubscription(ctx, mine.ID, hook.URL+"/new"); err != nil {
		t.Fatalf("re-point: %v", err)
	}
	for _, s := range sim.Subscriptions() {
		switch s.ID {
		case mine.ID:
			if s.URL != hook.URL+"/new" {
				t.Errorf("ours points at %s, want /new", s.URL)
			}
		case defaultID:
			if s.URL != qualifiedtest.DefaultSubscription.URL {
				t.Errorf("the Default subscription was changed: %+v", s)
			}
		}
	}

	id := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go", PassingScore: 70})
	inv := invite(t, c, id, "ada@example.com")
	if _, err := sim.Start(inv.ResultID); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Submit(inv.ResultID, 80); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(got["/new"], []string{"started", "submitted"}) || len(got["/old"]) != 0 {
		t.Errorf("deliveries = %v, want started and submitted at /new only", got)
	}
}

func readAll(r *http.Request) []byte {
	b, _ := io.ReadAll(r.Body)
	return b
}
