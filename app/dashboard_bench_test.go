package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// BenchmarkDashboardAPI50k times the dashboard's own requests over HTTP
// against the real app holding 50,000 invitations (25,000 candidates, four
// assessments, ten postings, every status): each request 200 times in a row,
// as one recruiter clicking about, reporting p50, p95 and the slowest.
// Run with -benchtime 1x.
func BenchmarkDashboardAPI50k(b *testing.B) {
	for range b.N {
		h := newHarness(b, harnessOptions{})
		ctx := context.Background()
		statuses := []backend.Status{backend.StatusInvited, backend.StatusStarted, backend.StatusSubmitted, backend.StatusSubmitted, backend.StatusClosed, backend.StatusFailed}
		titles := []string{"Backend Challenge", "SQL Basics", "Frontend Challenge", "Data Modelling"}
		start := time.Now().Add(-30 * 24 * time.Hour)
		invs := make([]backend.Invitation, 0, 50_000)
		for c := range 25_000 {
			opp := fmt.Sprintf("opp-hist-%05d", c)
			at := start.Add(time.Duration(c) * time.Minute)
			cand := backend.Candidate{OpportunityID: opp, Name: fmt.Sprintf("Candidate %05d Surname%03d", c, c%997),
				Email: fmt.Sprintf("candidate%05d@example.com", c), PostingID: fmt.Sprintf("post-%d", c%10), PostingTitle: fmt.Sprintf("Posting %d", c%10)}
			for k := range 2 {
				a := (c + k) % 4
				id := h.ids[titles[a]]
				if id == "" {
					id = "assessment-data-modelling"
				}
				inv := backend.Invitation{OpportunityID: opp, AssessmentID: id, AssessmentTitle: titles[a],
					MatchedTag: titles[a], TagPlace: backend.TagOnCandidate, StageID: stageAssessment, Status: statuses[(c+k)%len(statuses)],
					CreatedAt: at, UpdatedAt: at, Candidate: cand}
				if inv.Status == backend.StatusSubmitted {
					score := float64((c * 7) % 100)
					inv.Score = &score
				}
				invs = append(invs, inv)
			}
		}
		if err := h.app.DB().ImportInvitations(ctx, invs); err != nil {
			b.Fatal(err)
		}
		backendID := url.QueryEscape(h.ids["Backend Challenge"])
		cases := []struct{ name, path string }{
			{"first page", "/api/invitations?limit=50"},
			{"status + assessment", "/api/invitations?status=submitted&assessment=" + backendID + "&limit=50"},
			{"text search", "/api/invitations?q=Surname042&limit=50"},
			{"posting, by score", "/api/invitations?posting=post-3&sort=score&limit=50"},
			{"page 400", "/api/invitations?offset=20000&limit=50"},
			{"funnel", "/api/funnel"},
		}
		client := &http.Client{}
		fmt.Printf("\nDashboard API over HTTP, 50,000 invitations; each request 200 times in a row after 10 warm-up requests.\n")
		fmt.Printf("%-22s %9s %9s %9s\n", "request", "p50", "p95", "max")
		for _, c := range cases {
			get := func() time.Duration {
				t0 := time.Now()
				res, err := client.Get("http://" + h.app.AdminAddr() + c.path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s answered %d", c.path, res.StatusCode)
				}
				return time.Since(t0)
			}
			for range 10 {
				get()
			}
			var ds []time.Duration
			for range 200 {
				ds = append(ds, get())
			}
			fmt.Printf("%-22s %7.2f ms %6.2f ms %6.2f ms\n", c.name, msOf(percentile(ds, 50)), msOf(percentile(ds, 95)), msOf(percentile(ds, 100)))
			b.ReportMetric(msOf(percentile(ds, 95)), "p95-ms-"+strings.NewReplacer(" ", "", ",", "-", "+", "-").Replace(c.name))
		}
		h.stop()
	}
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
