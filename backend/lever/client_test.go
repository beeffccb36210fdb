package lever_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// newSim starts a simulator with a few stages, users and postings, and a
// client for it. The client's base URL ends in "/" on purpose.
func newSim(t *testing.T, opts levertest.Options, copts ...lever.Option) (*levertest.Server, *lever.Client) {
	t.Helper()
	srv := levertest.New(opts)
	t.Cleanup(srv.Close)
	srv.AddStage("lead-new", "New lead")
	srv.AddStage("applicant-new", "New applicant")
	srv.AddStage("phone-screen", "Phone screen")
	srv.AddStage("offer", "Offer")
	srv.AddUser("user-1", "Rita Recruiter", "rita@example.com")
	srv.AddPosting(levertest.Posting{ID: "posting-go", Text: "Go engineer", Tags: []string{"Go Basics"}})
	key := opts.APIKey
	if key == "" {
		key = "lever-test-key"
	}
	c := lever.New(srv.URL+"/", key, copts...)
	lever.SetBackoff(c, time.Millisecond, 5*time.Millisecond)
	return srv, c
}

func TestPagination(t *testing.T) {
	tests := []struct {
		name      string
		count     int
		wantPages int
	}{
		{"empty", 0, 1},
		{"one page", 100, 1},
		{"several pages", 250, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := newSim(t, levertest.Options{RatePerSecond: 1000, Burst: 1000})
			for i := range tt.count {
				srv.AddOpportunity(levertest.Opportunity{
					ID: fmt.Sprintf("opp-%03d", i), StageID: "phone-screen", PostingIDs: []string{"posting-go"},
				})
			}
			opps, err := c.Opportunities(context.Background(), lever.OpportunityFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(opps) != tt.count {
				t.Fatalf("got %d opportunities, want %d", len(opps), tt.count)
			}
			for i, o := range opps {
				if want := fmt.Sprintf("opp-%03d", i); o.ID != want {
					t.Fatalf("opportunity %d is %s, want %s (order or duplicates wrong)", i, o.ID, want)
				}
				if len(o.PostingIDs) != 1 || o.PostingIDs[0] != "posting-go" {
					t.Fatalf("%s PostingIDs = %v", o.ID, o.PostingIDs)
				}
			}
			if got := srv.Stats().ByRoute["GET /opportunities"]; got != tt.wantPages {
				t.Errorf("%d page requests, want %d", got, tt.wantPages)
			}
		})
	}
}

func TestListsAcrossPages(t *testing.T) {
	srv, c := newSim(t, levertest.Options{RatePerSecond: 1000, Burst: 1000},
		lever.WithLimiter(lever.NewLimiter(1000, 1000)))
	for i := range 150 {
		srv.AddStage(fmt.Sprintf("stage-%d", i), "Stage")
		srv.AddUser(fmt.Sprintf("user-x%d", i), "User", fmt.Sprintf("u%d@example.com", i))
	}
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "offer"})
	ctx := context.Background()
	for i := range 120 {
		if _, err := c.AddNote(ctx, "opp-1", fmt.Sprintf("note %d", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	stages, err := c.Stages(ctx)
	if err != nil || len(stages) != 154 || stages[0].ID != "lead-new" {
		t.Errorf("Stages: %d stages, err %v", len(stages), err)
	}
	users, err := c.Users(ctx)
	if err != nil || len(users) != 151 || users[0].Email != "rita@example.com" {
		t.Errorf("Users: %d users, err %v", len(users), err)
	}
	notes, err := c.Notes(ctx, "opp-1")
	if err != nil || len(notes) != 120 || notes[119].Value != "note 119" || notes[0].ID == "" {
		t.Errorf("Notes: %d notes, err %v", len(notes), err)
	}
}

func TestInvalidOffsetRestartsOnce(t *testing.T) {
	var srv *levertest.Server
	var mu sync.Mutex
	pages := 0
	expireAfterFirst := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(r)
		mu.Lock()
		defer mu.Unlock()
		if pages++; pages == 1 {
			srv.ExpireOffsetTokens()
		}
		return resp, err
	})
	srv, c := newSim(t, levertest.Options{RatePerSecond: 1000, Burst: 1000},
		lever.WithHTTPClient(&http.Client{Transport: expireAfterFirst}))
	for i := range 150 {
		srv.AddOpportunity(levertest.Opportunity{ID: fmt.Sprintf("opp-%03d", i), StageID: "offer"})
	}
	opps, err := c.Opportunities(context.Background(), lever.OpportunityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(opps) != 150 {
		t.Fatalf("got %d opportunities, want 150 without duplicates", len(opps))
	}
	// page 1, stale page 2, page 1 again, page 2.
	if pages != 4 {
		t.Errorf("%d requests, want 4", pages)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestOpportunityFilter(t *testing.T) {
	srv, c := newSim(t, levertest.Options{RatePerSecond: 1000, Burst: 1000})
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	srv.AddOpportunity(levertest.Opportunity{ID: "a", StageID: "phone-screen", Tags: []string{"Go Basics"}, EnteredStageAt: base})
	srv.AddOpportunity(levertest.Opportunity{ID: "b", StageID: "offer", Tags: []string{"go basics"}, EnteredStageAt: base.Add(time.Hour)})
	srv.AddOpportunity(levertest.Opportunity{ID: "c", StageID: "phone-screen", Archived: true, EnteredStageAt: base.Add(2 * time.Hour)})
	yes, no := true, false
	tests := []struct {
		name string
		f    lever.OpportunityFilter
		want string
	}{
		{"all", lever.OpportunityFilter{}, "a,b,c"},
		{"one stage", lever.OpportunityFilter{StageIDs: []string{"phone-screen"}}, "a,c"},
		{"two stages", lever.OpportunityFilter{StageIDs: []string{"phone-screen", "offer"}}, "a,b,c"},
		{"tag is case-sensitive", lever.OpportunityFilter{Tags: []string{"Go Basics"}}, "a"},
		{"archived", lever.OpportunityFilter{Archived: &yes}, "c"},
		{"active", lever.OpportunityFilter{Archived: &no}, "a,b"},
		{"advanced window", lever.OpportunityFilter{AdvancedAtStart: base.Add(30 * time.Minute), AdvancedAtEnd: base.Add(90 * time.Minute)}, "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opps, err := c.Opportunities(context.Background(), tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, o := range opps {
				ids = append(ids, o.ID)
			}
			if got := strings.Join(ids, ","); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOpportunity(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	entered := time.UnixMilli(1_700_000_000_123)
	srv.AddOpportunity(levertest.Opportunity{
		ID: "opp-1", ContactID: "contact-9", Name: "Ada Lovelace", Emails: []string{"ada@example.com"},
		Tags: []string{"Go Basics"}, StageID: "phone-screen", PostingIDs: []string{"posting-go"}, EnteredStageAt: entered,
	})
	o, err := c.Opportunity(context.Background(), "opp-1")
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case o.Name != "Ada Lovelace", o.ContactID != "contact-9", o.StageID != "phone-screen",
		len(o.Emails) != 1, len(o.Tags) != 1, o.Archived != nil,
		len(o.PostingIDs) != 1 || o.PostingIDs[0] != "posting-go",
		len(o.StageChanges) != 1 || o.StageChanges[0].ToStageIndex != 2 || o.StageChanges[0].UpdatedAt != entered.UnixMilli(),
		o.LastAdvancedAt != entered.UnixMilli(), o.URLs.Show == "":
		t.Errorf("unexpected opportunity %+v", o)
	}
	p, err := c.Posting(context.Background(), "posting-go")
	if err != nil || p.Text != "Go engineer" || p.State != "published" || len(p.Tags) != 1 {
		t.Errorf("Posting = %+v, %v", p, err)
	}
}

func TestOpportunityDecode(t *testing.T) {
	tests := []struct {
		name        string
		json        string
		wantStage   string
		wantPosting string
	}{
		{"stage id, application ids", `{"id":"o","stage":"offer","applications":["app-1"]}`, "offer", ""},
		{"stage object, application objects", `{"id":"o","stage":{"id":"offer","text":"Offer"},"applications":[{"id":"app-1","posting":"p-1","type":"posting"}]}`, "offer", "p-1"},
		{"posting object", `{"id":"o","stage":null,"applications":[{"id":"app-1","posting":{"id":"p-2","text":"x"}}]}`, "", "p-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o lever.Opportunity
			if err := o.UnmarshalJSON([]byte(tt.json)); err != nil {
				t.Fatal(err)
			}
			if o.StageID != tt.wantStage {
				t.Errorf("StageID = %q, want %q", o.StageID, tt.wantStage)
			}
			got := strings.Join(o.PostingIDs, ",")
			if got != tt.wantPosting {
				t.Errorf("PostingIDs = %q, want %q", got, tt.wantPosting)
			}
		})
	}
}

type staticToken string

func (s staticToken) AccessToken(context.Context) (string, error) { return string(s), nil }

func TestAuth(t *testing.T) {
	srv := levertest.New(levertest.Options{APIKey: "right-key", AccessToken: "oauth-token"})
	defer srv.Close()
	tests := []struct {
		name   string
		client *lever.Client
		ok     bool
	}{
		{"basic with the key", lever.New(srv.URL, "right-key"), true},
		{"basic with another key", lever.New(srv.URL, "wrong-key"), false},
		{"bearer token", lever.New(srv.URL, "", lever.WithTokenSource(staticToken("oauth-token"))), true},
		{"bad bearer token", lever.New(srv.URL, "right-key", lever.WithTokenSource(staticToken("stale"))), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.Stages(context.Background())
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *lever.Error
			if !errors.As(err, &e) || e.StatusCode != 401 || e.Code != "Unauthorized" {
				t.Fatalf("err = %v, want 401 Unauthorized", err)
			}
		})
	}
}

func TestErrorType(t *testing.T) {
	_, c := newSim(t, levertest.Options{})
	_, err := c.Opportunity(context.Background(), "missing")
	var e *lever.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *lever.Error", err)
	}
	if e.StatusCode != 404 || e.Code != "ResourceNotFound" || e.Message == "" {
		t.Errorf("got %+v", e)
	}
	if !lever.IsNotFound(err) || lever.IsNotFound(errors.New("x")) {
		t.Error("IsNotFound wrong")
	}
	if !strings.HasPrefix(err.Error(), "lever: 404 ResourceNotFound: ") {
		t.Errorf("Error() = %q", err)
	}
}

// Lever's answers classify themselves, each kind as the one table in
// package backend says.
func TestErrorsClassifyThemselves(t *testing.T) {
	srv, c := newSim(t, levertest.Options{RatePerSecond: 1000, Burst: 1000})
	for status, want := range map[int]backend.FailureKind{
		400: backend.FailurePermanent, 401: backend.FailureNeedsReconnect, 403: backend.FailureForbidden,
		404: backend.FailureNotFound, 429: backend.FailureRetryLater, 503: backend.FailureRetryLater,
	} {
		srv.FailNext("GET", "/stages", 10, status)
		_, err := c.Stages(context.Background())
		srv.ClearFailures()
		var e *lever.Error
		if !errors.As(err, &e) || e.StatusCode != status || e.FailureKind() != want || backend.KindOf(err) != want {
			t.Errorf("%d: err %v reads as %q, want %q", status, err, backend.KindOf(err), want)
		}
	}
}

func TestRetry(t *testing.T) {
	tests := []struct {
		name         string
		method       string
		prefix       string
		fails        int
		status       int
		call         func(*lever.Client) error
		wantErr      bool
		wantRequests int64
		wantLimited  int64
	}{
		{"429 then success", "GET", "/stages", 2, 429, stages, false, 3, 2},
		{"503 then success", "GET", "/stages", 3, 503, stages, false, 4, 0},
		{"500 on POST is retried", "POST", "/opportunities/opp-1/addTags", 1, 500, addTag, false, 2, 0},
		{"400 is not retried", "GET", "/stages", 1, 400, stages, true, 1, 0},
		{"404 is not retried", "", "/opportunities", 1, 404, addTag, true, 1, 0},
		{"six attempts at most", "GET", "/stages", 10, 502, stages, true, 6, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := newSim(t, levertest.Options{})
			srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "offer"})
			srv.FailNext(tt.method, tt.prefix, tt.fails, tt.status)
			err := tt.call(c)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			var e *lever.Error
			if tt.wantErr && (!errors.As(err, &e) || e.StatusCode != tt.status) {
				t.Errorf("err = %v, want status %d", err, tt.status)
			}
			st := c.Stats()
			if st.Requests != tt.wantRequests || st.Retries != tt.wantRequests-1 || st.RateLimited != tt.wantLimited {
				t.Errorf("stats %+v, want %d requests, %d rate limited", st, tt.wantRequests, tt.wantLimited)
			}
		})
	}
}

func stages(c *lever.Client) error {
	_, err := c.Stages(context.Background())
	return err
}

func addTag(c *lever.Client) error {
	return c.AddTags(context.Background(), "opp-1", []string{"Go Basics"}, "")
}

func TestRetryHonoursContext(t *testing.T) {
	srv := levertest.New(levertest.Options{})
	defer srv.Close()
	c := lever.New(srv.URL, "lever-test-key") // real backoff
	srv.FailNext("GET", "/stages", 10, 503)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Stages(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Error("kept retrying after the context ended")
	}
}

// TestLimiterKeepsBelowLever fires 60 calls at once through the default
// limiter (8/s, burst 10) against Lever's own limits (10/s, burst 20).
func TestLimiterKeepsBelowLever(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about six seconds")
	}
	t.Parallel()
	srv := levertest.New(levertest.Options{})
	defer srv.Close()
	shared := lever.NewLimiter(0, 0)
	a := lever.New(srv.URL, "lever-test-key", lever.WithLimiter(shared))
	b := lever.New(srv.URL, "lever-test-key", lever.WithLimiter(shared))
	var wg sync.WaitGroup
	errs := make(chan error, 60)
	for i := range 60 {
		c := a
		if i%2 == 1 {
			c = b
		}
		wg.Go(func() {
			_, err := c.Stages(context.Background())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.Stats().RateLimited; got > 1 {
		t.Errorf("server answered %d 429s, want at most 1", got)
	}
	if got := srv.Stats().Requests; got > 61 {
		t.Errorf("%d requests for 60 calls", got)
	}
}

func TestTagsAndNotes(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "offer", Tags: []string{"Go Basics"}})
	ctx := context.Background()
	steps := []struct {
		name     string
		do       func() error
		wantTags string
	}{
		{"invite", func() error { return c.AddTags(ctx, "opp-1", []string{"Go Basics - Invited"}, "user-1") }, "Go Basics,Go Basics - Invited"},
		{"add again", func() error { return c.AddTags(ctx, "opp-1", []string{"Go Basics - Invited"}, "") }, "Go Basics,Go Basics - Invited"},
		{"remove", func() error { return c.RemoveTags(ctx, "opp-1", []string{"Go Basics - Invited"}, "user-1") }, "Go Basics"},
		{"remove absent", func() error { return c.RemoveTags(ctx, "opp-1", []string{"go basics"}, "") }, "Go Basics"},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		o, _ := srv.Opportunity("opp-1")
		if got := strings.Join(o.Tags, ","); got != st.wantTags {
			t.Errorf("%s: tags %q, want %q", st.name, got, st.wantTags)
		}
	}
	ops := srv.TagOps("opp-1")
	if len(ops) != 4 || !ops[0].Add || ops[0].PerformAs != "user-1" || ops[1].PerformAs != "" || ops[2].Add {
		t.Errorf("TagOps = %+v", ops)
	}

	err := c.AddTags(ctx, "opp-1", []string{"x"}, "nobody")
	var e *lever.Error
	if !errors.As(err, &e) || e.StatusCode != 400 {
		t.Errorf("unknown perform_as: err = %v, want 400", err)
	}

	id, err := c.AddNote(ctx, "opp-1", "Go Basics: 92%", "user-1")
	if err != nil || id == "" {
		t.Fatalf("AddNote = %q, %v", id, err)
	}
	notes, err := c.Notes(ctx, "opp-1")
	if err != nil || len(notes) != 1 || notes[0].ID != id || notes[0].Value != "Go Basics: 92%" || notes[0].CreatedAt == 0 {
		t.Errorf("Notes = %+v, %v", notes, err)
	}
	if sn := srv.Notes("opp-1"); len(sn) != 1 || sn[0].PerformAs != "user-1" {
		t.Errorf("simulator notes = %+v", sn)
	}
}
