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

// BenchmarkInsightsAPI50k times each chart of the Insights screen over HTTP
// against the real app holding the demo's history of 50,000 invitations
// (with its hires and archives): the default period of 90 days, and the
// same with an assessment, a posting, and a whole year. Each request 200
// times in a row after 10 warm-up requests, as one recruiter clicking
// about; p50, p95 and the slowest, against the goal of 50 ms at p95. The
// candidates' CSV export of all 50,000 is timed too (5 times). Run with
// -benchtime 1x.
func BenchmarkInsightsAPI50k(b *testing.B) {
	for range b.N {
		h := newHarness(b, harnessOptions{})
		h.ids["Data Structures"] = "assessment-data-structures"
		challenges := map[string][]string{
			"Backend Challenge":  {"Rate limiter", "LRU cache", "Log parser"},
			"Frontend Challenge": {"Accessible dropdown", "Infinite list"},
			"SQL Basics":         {"Joins", "Window functions"},
			"Data Structures":    {"Heaps", "Graphs", "Tries"},
		}
		var catalog []demo.Assessment
		for _, title := range []string{"Backend Challenge", "Frontend Challenge", "SQL Basics", "Data Structures"} {
			catalog = append(catalog, demo.Assessment{ID: h.ids[title], Title: title, Cut: 70, Challenges: challenges[title], Languages: demo.Languages[title]})
		}
		began := time.Now()
		invs, lives := demo.Past(50_000, began, catalog, h.qual.WebURL)
		made := time.Since(began)
		if err := h.app.DB().ImportInvitations(context.Background(), invs); err != nil {
			b.Fatal(err)
		}
		if err := h.app.DB().ImportLifecycles(context.Background(), pastLifecycles(lives)); err != nil {
			b.Fatal(err)
		}
		fmt.Printf("\nThe demo's history of 50,000 invitations (%d candidates' hires and archives): made in %s, written in %s.\n",
			len(lives), made.Round(time.Millisecond), (time.Since(began) - made).Round(time.Millisecond))

		backendID := url.QueryEscape(h.ids["Backend Challenge"])
		year := "from=" + began.AddDate(-1, 0, 1).UTC().Format("2006-01-02")
		filters := []struct{ name, query string }{
			{"90 days", ""},
			{"+ assessment", "assessment=" + backendID},
			{"+ posting", "posting=demo-post-backend"},
			{"+ both", "assessment=" + backendID + "&posting=demo-post-backend"},
			{"a year", year},
		}
		charts := []string{"funnel", "stalling", "timing", "scores", "challenges", "calibration"}
		client := &http.Client{}
		get := func(path string) time.Duration {
			t0 := time.Now()
			res, err := client.Get("http://" + h.app.AdminAddr() + path)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Fatalf("%s answered %d", path, res.StatusCode)
			}
			return time.Since(t0)
		}
		fmt.Printf("Insights API over HTTP, 50,000 invitations; each request 200 times in a row after 10 warm-up requests. Goal: p95 ≤ 50 ms.\n")
		fmt.Printf("%-12s %-13s %9s %9s %9s  %s\n", "chart", "filter", "p50", "p95", "max", "goal")
		worst := time.Duration(0)
		for _, c := range charts {
			for _, f := range filters {
				path := "/api/insights/" + c + "?" + f.query
				for range 10 {
					get(path)
				}
				var ds []time.Duration
				for range 200 {
					ds = append(ds, get(path))
				}
				p95 := percentile(ds, 95)
				verdict := "OK"
				if p95 > 50*time.Millisecond {
					verdict = "OVER"
				}
				worst = max(worst, p95)
				fmt.Printf("%-12s %-13s %7.2f ms %6.2f ms %6.2f ms  ≤ 50 ms p95 %s\n", c, f.name, msOf(percentile(ds, 50)), msOf(p95), msOf(percentile(ds, 100)), verdict)
				b.ReportMetric(msOf(p95), "p95-ms-"+c+"-"+strings.NewReplacer(" ", "", "+", "").Replace(f.name))
			}
		}
		fmt.Printf("slowest p95 of any chart: %.2f ms\n", msOf(worst))
		var ds []time.Duration
		for range 5 {
			ds = append(ds, get("/api/invitations.csv"))
		}
		fmt.Printf("CSV export of all 50,000 invitations, 5 times: median %.0f ms, slowest %.0f ms\n", msOf(percentile(ds, 50)), msOf(percentile(ds, 100)))
		h.stop()
	}
}
