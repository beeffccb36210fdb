package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
)

// `demo --history N` gives the Insights screen a past to show, through the
// app's own wiring: hires against the others, and each assessment's cut
// from the simulated Qualified.
func TestDemoHistoryOnInsights(t *testing.T) {
	ctx := context.Background()
	// A slow pace keeps the scripted flow from starting during the test.
	d, err := StartDemo(ctx, DemoConfig{DataDir: t.TempDir(), Listen: "127.0.0.1:0", Pace: 0.001, History: 6000},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		d.Shutdown(ctx)
	})
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
	half := "from=" + time.Now().UTC().AddDate(0, -7, 0).Format("2006-01-02")
	var cal adminapi.InsightsCalibration
	get("/api/insights/calibration?"+half, &cal)
	hired, others := cal.Groups[0], cal.Groups[1]
	if !cal.Enough || hired.Count < cal.MinimumHires || others.Count == 0 || *hired.Median <= *others.Median {
		t.Errorf("calibration: %+v", cal)
	}
	var funnel adminapi.InsightsFunnel
	get("/api/insights/funnel?"+half, &funnel)
	if funnel.Steps[0].Count < 5000 || funnel.Steps[3].Count == 0 {
		t.Errorf("funnel %+v", funnel.Steps)
	}
	var assessments adminapi.Assessments
	get("/api/assessments", &assessments)
	checked := 0
	for _, a := range assessments.Assessments {
		if a.PassingScore == nil {
			continue
		}
		checked++
		var scores adminapi.InsightsScores
		get("/api/insights/scores?"+half+"&assessment="+url.QueryEscape(a.ID), &scores)
		if scores.Cut == nil || *scores.Cut != *a.PassingScore || scores.Count == 0 {
			t.Errorf("%s: cut %v of %v, %d scores", a.Title, scores.Cut, *a.PassingScore, scores.Count)
		}
		var ch adminapi.InsightsChallenges
		get("/api/insights/challenges?"+half+"&assessment="+url.QueryEscape(a.ID), &ch)
		if n := len(ch.Challenges); n > 1 && ch.Challenges[n-1].Blank == 0 {
			t.Errorf("%s: no one left the last challenge blank: %+v", a.Title, ch.Challenges)
		}
	}
	if checked == 0 {
		t.Errorf("no assessment with a cut in %+v", assessments.Assessments)
	}
}
