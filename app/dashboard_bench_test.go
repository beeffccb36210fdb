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

	"github.com/assessbridge/assessbridge/app/demo"
)

// BenchmarkDashboardAPI50k times the dashboard's own requests over HTTP
// against the real app holding the demo's history of 50,000 invitations
// (four assessments, nine postings, every status): each request 200 times in a row,
// as one recruiter clicking about, reporting p50, p95 and the slowest.
// Run with -benchtime 1x.
func BenchmarkDashboardAPI50k(b *testing.B) {
	for range b.N {
		h := newHarness(b, harnessOptions{})
		// The demo's history of a busy team: the data `demo --history` shows.
		h.ids["Data Structures"] = "assessment-data-structures"
		var catalog []demo.Assessment
		for _, title := range []string{"Backend Challenge", "Frontend Challenge", "SQL Basics", "Data Structures"} {
			catalog = append(catalog, demo.Assessment{ID: h.ids[title], Title: title, Cut: 70, Languages: demo.Languages[title]})
		}
		if err := h.app.DB().ImportInvitations(context.Background(), demo.History(50_000, time.Now(), catalog, h.qual.WebURL)); err != nil {
			b.Fatal(err)
		}
		backendID := url.QueryEscape(h.ids["Backend Challenge"])
		cases := []struct{ name, path string }{
			// As the dashboard asks: recently updated first, unless another order is chosen.
			{"first page", "/api/invitations?sort=updated&limit=50&offset=0"},
			{"status + assessment", "/api/invitations?sort=updated&status=submitted&assessment=" + backendID + "&limit=50&offset=0"},
			{"text search", "/api/invitations?sort=updated&q=Okafor&limit=50&offset=0"},
			{"posting, by score", "/api/invitations?sort=score&posting=demo-post-backend&limit=50&offset=0"},
			{"page 400", "/api/invitations?sort=updated&limit=50&offset=19950"},
			{"page 400, newest", "/api/invitations?sort=newest&limit=50&offset=19950"},
			// What each live update asks for besides the page of invitations.
			{"funnel", "/api/funnel"},
			{"assessments", "/api/assessments"},
			{"postings", "/api/postings"},
			{"status", "/api/status"},
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
