package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
)

func TestDemoHistoryFlag(t *testing.T) {
	for _, tt := range []struct {
		args    []string
		want    int
		problem string
	}{
		{args: nil, want: 0},
		{args: []string{"--history", "50000"}, want: 50000},
		{args: []string{"--history=0"}, want: 0},
		{args: []string{"--history", "-1"}, problem: "--history"},
		{args: []string{"--history", "2000000"}, problem: "--history"},
		{args: []string{"--history", "many"}, problem: "invalid value"},
	} {
		args := append([]string{"--data-dir", t.TempDir(), "--no-window"}, tt.args...)
		cfg, err := ParseDemoFlags(args, func(string) string { return "" }, io.Discard)
		switch {
		case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
			t.Errorf("%v: error %v, want one about %q", tt.args, err, tt.problem)
		case tt.problem == "" && (err != nil || cfg.History != tt.want):
			t.Errorf("%v: history %d (%v), want %d", tt.args, cfg.History, err, tt.want)
		}
	}
}

// `demo --history N` starts with N past invitations in a real database file,
// which the dashboard's API lists, filters, searches and counts.
func TestDemoStartsWithHistory(t *testing.T) {
	ctx := context.Background()
	const n = 3000
	// A slow pace keeps the scripted flow from starting during the test.
	d, err := StartDemo(ctx, DemoConfig{DataDir: t.TempDir(), Listen: "127.0.0.1:0", Pace: 0.001, History: n},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		d.Shutdown(ctx)
	})
	type page struct {
		Invitations []adminapi.Invitation `json:"invitations"`
		Total       int                   `json:"total"`
	}
	get := func(path string, v any) {
		t.Helper()
		res, err := http.Get("http://" + d.App.AdminAddr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			body, _ := io.ReadAll(res.Body)
			t.Fatalf("GET %s: %s %s", path, res.Status, body)
		}
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	var all page
	get("/api/invitations?limit=50", &all)
	if all.Total != n || len(all.Invitations) != 50 {
		t.Fatalf("dashboard shows %d of %d invitations, want 50 of %d", len(all.Invitations), all.Total, n)
	}
	sum := 0
	for _, s := range backend.Statuses {
		var p page
		get("/api/invitations?limit=1&status="+string(s), &p)
		if p.Total == 0 {
			t.Errorf("no %s invitation on the dashboard", s)
		}
		sum += p.Total
	}
	if sum != n {
		t.Errorf("statuses add up to %d, want %d", sum, n)
	}
	// Filter by each of the demo's assessments and a status, as a recruiter would.
	var funnel struct {
		Funnel []struct {
			AssessmentID string `json:"assessmentId"`
			Title        string `json:"title"`
			Invited      int    `json:"invited"`
		} `json:"funnel"`
	}
	get("/api/funnel", &funnel)
	if len(funnel.Funnel) != 4 {
		t.Fatalf("funnel %+v, want the demo's four published assessments", funnel.Funnel)
	}
	for _, f := range funnel.Funnel {
		var p page
		get("/api/invitations?limit=1&status=submitted&assessment="+url.QueryEscape(f.AssessmentID), &p)
		if p.Total == 0 || p.Invitations[0].AssessmentTitle != f.Title || p.Invitations[0].Score == nil {
			t.Errorf("submitted %s: %+v", f.Title, p)
		}
	}
	var postings struct {
		Postings []map[string]string `json:"postings"`
	}
	get("/api/postings", &postings)
	if len(postings.Postings) < 6 {
		t.Errorf("postings %v", postings.Postings)
	}
	// The search index followed: a past candidate is found by name.
	name := all.Invitations[len(all.Invitations)-1].Candidate.Name
	var found page
	get("/api/invitations?limit=50&q="+url.QueryEscape(name), &found)
	if found.Total == 0 || found.Total == n {
		t.Fatalf("search %q found %d", name, found.Total)
	}
	for _, inv := range found.Invitations {
		if !strings.Contains(inv.Candidate.Name, name) {
			t.Errorf("search %q found %q", name, inv.Candidate.Name)
		}
	}
}
