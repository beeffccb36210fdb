package adminapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/clocktest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// storeInsights answers the Insights screen from a real database, with
// the cuts Qualified would give.
type storeInsights struct {
	*sqlite.DB
	cuts map[string]float64
}

func (s storeInsights) PassingScore(_ context.Context, id string) (float64, bool) {
	c, ok := s.cuts[id]
	return c, ok
}

// pastInvitation is one invitation of a test's data set, in its own
// shorthand: hours from the invitation to the start and from the start to
// the submission (negative: never), the challenge scores (the score is
// their mean, passed from 70 up) and what became of the candidate in Lever.
type pastInvitation struct {
	opp, posting, assessment string
	invited                  time.Time
	start, submit            float64
	status                   backend.Status
	challenges               []float64
	life                     string // "hired", "archived" or ""
}

var (
	testPostings    = map[string]string{"post-back": "Backend Engineer", "post-data": "Data Analyst"}
	testAssessments = map[string]string{"a-back": "Backend Challenge", "a-sql": "SQL Basics"}
	testChallenges  = map[string][]string{"a-back": {"Rate limiter", "LRU cache", "Log parser"}, "a-sql": {"Joins", "Window functions"}}
)

func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

// insightsServer serves the Insights routes and the export over a fresh
// database holding data, on a clock stopped at now.
func insightsServer(t *testing.T, now time.Time, data []pastInvitation) (*httptest.Server, *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "assessbridge.db"), sqlite.CheckpointEvery(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetClock(clocktest.New(now).Now)
	var invs []backend.Invitation
	var lives []sqlite.PastLifecycle
	for _, p := range data {
		inv := backend.Invitation{OpportunityID: p.opp, AssessmentID: p.assessment, AssessmentTitle: testAssessments[p.assessment],
			MatchedTag: testAssessments[p.assessment], TagPlace: backend.TagOnPosting, StageID: "stage-assess", Status: p.status,
			Candidate: backend.Candidate{OpportunityID: p.opp, Name: "Candidate " + p.opp, Email: p.opp + "@example.com",
				PostingID: p.posting, PostingTitle: testPostings[p.posting], ProfileURL: "https://hire.lever.co/candidates/" + p.opp},
			CreatedAt: p.invited, InvitedAt: p.invited}
		if p.start >= 0 {
			inv.StartedAt = p.invited.Add(hours(p.start))
		}
		if p.submit >= 0 {
			inv.SubmittedAt = inv.StartedAt.Add(hours(p.submit))
			sum := 0.0
			for i, c := range p.challenges {
				sum += c
				inv.Challenges = append(inv.Challenges, backend.ChallengeScore{Title: testChallenges[p.assessment][i], Score: c})
			}
			score := sum / float64(len(p.challenges))
			passed := score >= 70
			inv.Score, inv.Passed = &score, &passed
		}
		invs = append(invs, inv)
		switch p.life {
		case "hired":
			lives = append(lives, sqlite.PastLifecycle{OpportunityID: p.opp, State: "archived", StateAt: now, HiredAt: now})
		case "archived":
			lives = append(lives, sqlite.PastLifecycle{OpportunityID: p.opp, State: "archived", StateAt: now})
		}
	}
	if err := db.ImportInvitations(ctx, invs); err != nil {
		t.Fatal(err)
	}
	if err := db.ImportLifecycles(ctx, lives); err != nil {
		t.Fatal(err)
	}
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: db,
		Insights: storeInsights{DB: db, cuts: map[string]float64{"a-back": 70}}}
	mux := http.NewServeMux()
	s.insightsRoutes(mux)
	mux.HandleFunc("GET /api/invitations.csv", s.exportInvitations)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, db
}

// getJSON decodes the answer to GET path, which must be status.
func getJSON(t *testing.T, srv *httptest.Server, path string, status int, v any) {
	t.Helper()
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		t.Fatalf("GET %s: %d %s, want %d", path, res.StatusCode, body, status)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// near says whether got is want (nil for nil) to within a rounding.
func near(got *float64, want any) bool {
	if want == nil {
		return got == nil
	}
	w := want.(float64)
	return got != nil && math.Abs(*got-w) < 1e-6
}

var (
	// The clock: Thursday 20 March 2025, noon.
	insightsNow = time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
	mar         = func(day, hour int) time.Time { return time.Date(2025, 3, day, hour, 0, 0, 0, time.UTC) }
)

// insightsData is the hand-computed data set. The period asked is Monday
// 10 March to Sunday 16 March 2025 (inclusive); the previous period 3 to 9
// March.
var insightsData = []pastInvitation{
	// This period.
	{"c1", "post-back", "a-back", mar(10, 9), 0.5, 1, backend.StatusSubmitted, []float64{90, 95, 85}, "hired"}, // 90, passed
	{"c2", "post-back", "a-back", mar(10, 10), 2, 3, backend.StatusSubmitted, []float64{80, 80, 80}, "hired"},  // 80, passed
	{"c3", "post-back", "a-back", mar(11, 9), 6, 2, backend.StatusSubmitted, []float64{90, 90, 0}, "archived"}, // 60, failed
	{"c4", "post-data", "a-sql", mar(11, 12), 20, 30, backend.StatusSubmitted, []float64{100, 0}, ""},          // 50, failed
	{"c5", "post-data", "a-sql", mar(12, 8), 30, -1, backend.StatusStarted, nil, ""},
	{"c6", "post-back", "a-back", mar(12, 9), -1, -1, backend.StatusInvited, nil, ""},
	// The last millisecond of the period's last day: inside.
	{"c7", "post-back", "a-sql", mar(17, 0).Add(-time.Millisecond), -1, -1, backend.StatusInvited, nil, ""},
	{"c8", "post-back", "a-back", mar(13, 10), 100, 0.25, backend.StatusSubmitted, []float64{100, 100, 100}, ""}, // 100, passed
	// The first moment of the day after: outside.
	{"c9", "post-back", "a-back", mar(17, 0), -1, -1, backend.StatusInvited, nil, ""},
	// The first moment of the period: inside.
	{"c10", "post-back", "a-back", mar(10, 0), -1, -1, backend.StatusExpired, nil, ""},
	// The previous period.
	{"p1", "post-back", "a-back", mar(4, 9), 1, 1, backend.StatusSubmitted, []float64{75, 75, 75}, ""}, // 75, passed
	{"p2", "post-data", "a-sql", mar(5, 9), -1, -1, backend.StatusInvited, nil, ""},
	{"p3", "post-back", "a-back", mar(9, 23), 1, 1, backend.StatusSubmitted, []float64{40, 40, 40}, ""}, // 40, failed
	// Before the previous period.
	{"p4", "post-back", "a-back", mar(3, 0).Add(-time.Minute), 1, 1, backend.StatusSubmitted, []float64{70, 70, 70}, ""},
}

const week = "from=2025-03-10&to=2025-03-16"

func TestInsightsFunnel(t *testing.T) {
	srv, _ := insightsServer(t, insightsNow, insightsData)
	type step struct {
		n, before        int
		conv, beforeConv any
	}
	for _, tt := range []struct {
		query            string
		steps            []step
		rate, beforeRate any
	}{
		// This period: invited c1–c8 and c10 = 9; started c1–c5, c8 = 6;
		// submitted c1–c4, c8 = 5; passed c1, c2, c8 = 3. Previous: invited
		// p1–p3 = 3, started and submitted p1, p3 = 2, passed p1 = 1.
		// Conversions 6/9, 5/6, 3/5 and 2/3, 2/2, 1/2; completion 5/9 and 2/3.
		{week, []step{{9, 3, nil, nil}, {6, 2, 6.0 / 9, 2.0 / 3}, {5, 2, 5.0 / 6, 1.0}, {3, 1, 3.0 / 5, 0.5}}, 5.0 / 9, 2.0 / 3},
		// One posting: c4, c5 (started both, c4 submitted and failed); before, p2 alone.
		{week + "&posting=post-data", []step{{2, 1, nil, nil}, {2, 0, 1.0, 0.0}, {1, 0, 0.5, nil}, {0, 0, 0.0, nil}}, 0.5, 0.0},
		// One assessment: c4, c5, c7; before, p2.
		{week + "&assessment=a-sql", []step{{3, 1, nil, nil}, {2, 0, 2.0 / 3, 0.0}, {1, 0, 0.5, nil}, {0, 0, 0.0, nil}}, 1.0 / 3, 0.0},
		// Both: c7 alone, never started; nothing before.
		{week + "&assessment=a-sql&posting=post-back", []step{{1, 0, nil, nil}, {0, 0, 0.0, nil}, {0, 0, nil, nil}, {0, 0, nil, nil}}, 0.0, nil},
	} {
		var v InsightsFunnel
		getJSON(t, srv, "/api/insights/funnel?"+tt.query, http.StatusOK, &v)
		if v.Period != (InsightsPeriod{From: "2025-03-10", To: "2025-03-16", PreviousFrom: "2025-03-03", PreviousTo: "2025-03-09"}) {
			t.Errorf("%s: period %+v", tt.query, v.Period)
		}
		names := []string{"invited", "started", "submitted", "passed"}
		if len(v.Steps) != 4 {
			t.Fatalf("%s: steps %+v", tt.query, v.Steps)
		}
		for i, want := range tt.steps {
			got := v.Steps[i]
			if got.Step != names[i] || got.Count != want.n || got.Previous != want.before ||
				!near(got.Conversion, want.conv) || !near(got.PreviousConversion, want.beforeConv) {
				t.Errorf("%s: step %s = %+v (conversion %v, before %v), want %+v", tt.query, names[i], got, deref(got.Conversion), deref(got.PreviousConversion), want)
			}
		}
		if !near(v.CompletionRate, tt.rate) || !near(v.PreviousCompletionRate, tt.beforeRate) {
			t.Errorf("%s: completion %v and before %v, want %v and %v", tt.query, deref(v.CompletionRate), deref(v.PreviousCompletionRate), tt.rate, tt.beforeRate)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestInsightsStalling(t *testing.T) {
	srv, _ := insightsServer(t, insightsNow, insightsData)
	for _, tt := range []struct {
		query string
		days  int
		// Still invited in the period: c6 (12 March 09:00, 8 days 3 hours
		// before the clock) and c7 (16 March 23:59:59.999, 3 days 12 hours
		// before). c9 is after the period, p2 before it.
		want []string
		wait []int
	}{
		{week, 3, []string{"c6", "c7"}, []int{8, 3}},
		{week + "&days=4", 4, []string{"c6"}, []int{8}},
		{week + "&days=9", 9, nil, nil},
		{week + "&days=1&assessment=a-sql", 1, []string{"c7"}, []int{3}},
		{week + "&days=1&posting=post-data", 1, nil, nil},
	} {
		var v InsightsStalling
		getJSON(t, srv, "/api/insights/stalling?"+tt.query, http.StatusOK, &v)
		var got []string
		var wait []int
		for _, c := range v.Candidates {
			got = append(got, strings.TrimSuffix(c.Email, "@example.com"))
			wait = append(wait, c.DaysWaiting)
		}
		if v.Days != tt.days || v.Total != len(tt.want) || !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(wait, tt.wait) {
			t.Errorf("%s: days %d, total %d, %v waiting %v; want %d, %v waiting %v", tt.query, v.Days, v.Total, got, wait, tt.days, tt.want, tt.wait)
		}
	}
	var v InsightsStalling
	getJSON(t, srv, "/api/insights/stalling?"+week, http.StatusOK, &v)
	c := v.Candidates[0]
	if c.Name != "Candidate c6" || c.AssessmentTitle != "Backend Challenge" || c.PostingTitle != "Backend Engineer" ||
		c.ProfileURL != "https://hire.lever.co/candidates/c6" || c.InvitedAt != "2025-03-12T09:00:00Z" || c.InvitationID == 0 {
		t.Errorf("stalling candidate %+v", c)
	}
}

func TestInsightsTiming(t *testing.T) {
	srv, _ := insightsServer(t, insightsNow, insightsData)
	var v InsightsTiming
	getJSON(t, srv, "/api/insights/timing?"+week, http.StatusOK, &v)
	// To start, in hours: c1 0.5, c2 2, c3 6, c4 20, c5 30, c8 100. Median
	// (6 + 20) / 2 = 13; p90 the 6th of 6 (ceil 5.4) = 100.
	// To submit: c8 0.25, c1 1, c3 2, c2 3, c4 30. Median 2; p90 the 5th of
	// 5 (ceil 4.5) = 30.
	check := func(name string, d Distribution, count int, median, p90 any, bars []int) {
		t.Helper()
		var got []int
		for _, b := range d.Buckets {
			got = append(got, b.Count)
		}
		if d.Count != count || !near(d.Median, median) || !near(d.P90, p90) || !reflect.DeepEqual(got, bars) {
			t.Errorf("%s: %d, median %v, p90 %v, bars %v; want %d, %v, %v, %v", name, d.Count, deref(d.Median), deref(d.P90), got, count, median, p90, bars)
		}
	}
	// Bars: <1h, 1–4h, 4–12h, 12–24h, 1–2d, 2–3d, 3–7d, 7d+.
	check("to start", v.ToStart, 6, 13.0, 100.0, []int{1, 1, 1, 1, 1, 0, 1, 0})
	check("to submit", v.ToSubmit, 5, 2.0, 30.0, []int{1, 3, 0, 0, 1, 0, 0, 0})
	if b := v.ToStart.Buckets; b[0].From != 0 || b[0].To != 1 || b[6].From != 72 || b[6].To != 168 || b[7].From != 168 || b[7].To != 0 || b[7].Label == "" {
		t.Errorf("bars %+v", b)
	}
	// One assessment: c4 (20, 30) and c5 (30): medians 25 and 30.
	getJSON(t, srv, "/api/insights/timing?"+week+"&assessment=a-sql", http.StatusOK, &v)
	check("SQL to start", v.ToStart, 2, 25.0, 30.0, []int{0, 0, 0, 1, 1, 0, 0, 0})
	check("SQL to submit", v.ToSubmit, 1, 30.0, 30.0, []int{0, 0, 0, 0, 1, 0, 0, 0})
	// A period with nothing: no median, bars at zero.
	getJSON(t, srv, "/api/insights/timing?from=2024-01-01&to=2024-01-31", http.StatusOK, &v)
	check("nothing", v.ToStart, 0, nil, nil, []int{0, 0, 0, 0, 0, 0, 0, 0})
}

func TestInsightsScores(t *testing.T) {
	srv, _ := insightsServer(t, insightsNow, insightsData)
	var v InsightsScores
	getJSON(t, srv, "/api/insights/scores?"+week, http.StatusOK, &v)
	// Scores 90, 80, 60, 50, 100: median 80; bars 50–60 (50), 60–70 (60),
	// 80–90 (80, passed), 90–100 (90 and 100, both passed).
	counts, passed := make([]int, 10), make([]int, 10)
	for i, b := range v.Buckets {
		counts[i], passed[i] = b.Count, b.Passed
	}
	if v.Count != 5 || !near(v.Median, 80.0) || v.Cut != nil ||
		!reflect.DeepEqual(counts, []int{0, 0, 0, 0, 0, 1, 1, 0, 1, 2}) || !reflect.DeepEqual(passed, []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 2}) {
		t.Errorf("scores: %d, median %v, cut %v, bars %v passed %v", v.Count, deref(v.Median), deref(v.Cut), counts, passed)
	}
	if b := v.Buckets[9]; b.From != 90 || b.To != 100 || b.Label != "90–100" {
		t.Errorf("last bar %+v", b)
	}
	// Submitted in the week of Monday 10 March: c1, c2, c3 and c4 (13
	// March 14:00), two passed; c8 on Monday 17 March 14:15, after the
	// period, passed.
	want := []WeekPassRate{{Week: "2025-03-10", Submitted: 4, Passed: 2}, {Week: "2025-03-17", Submitted: 1, Passed: 1}}
	if len(v.Weekly) != 2 {
		t.Fatalf("weeks %+v", v.Weekly)
	}
	for i, w := range want {
		got := v.Weekly[i]
		if got.Week != w.Week || got.Submitted != w.Submitted || got.Passed != w.Passed || !near(got.PassRate, float64(w.Passed)/float64(w.Submitted)) {
			t.Errorf("week %d: %+v, want %+v", i, got, w)
		}
	}
	// One assessment: its cut, and only its scores (90, 80, 60, 100:
	// median 85).
	getJSON(t, srv, "/api/insights/scores?"+week+"&assessment=a-back", http.StatusOK, &v)
	if !near(v.Cut, 70.0) || v.Count != 4 || !near(v.Median, 85.0) {
		t.Errorf("Backend Challenge: cut %v, %d, median %v", deref(v.Cut), v.Count, deref(v.Median))
	}
	// A month with nothing submitted: every week of it, none with a rate.
	getJSON(t, srv, "/api/insights/scores?from=2025-02-01&to=2025-02-28", http.StatusOK, &v)
	var weeks []string
	for _, w := range v.Weekly {
		if w.Submitted != 0 || w.PassRate != nil {
			t.Errorf("empty week %+v", w)
		}
		weeks = append(weeks, w.Week)
	}
	if !reflect.DeepEqual(weeks, []string{"2025-01-27", "2025-02-03", "2025-02-10", "2025-02-17", "2025-02-24"}) || v.Median != nil || v.Count != 0 {
		t.Errorf("February: weeks %v, median %v", weeks, deref(v.Median))
	}
}

func TestInsightsChallenges(t *testing.T) {
	srv, _ := insightsServer(t, insightsNow, insightsData)
	type ch struct {
		title          string
		submitted      int
		average        any
		blank, stopped int
	}
	for _, tt := range []struct {
		query string
		want  []ch
	}{
		// Backend Challenge, submitted by c1 (90 95 85), c2 (80 80 80), c3
		// (90 90 0: stopped at LRU cache) and c8 (100 100 100). Averages 90,
		// 91.25 → 91.3 and 66.25 → 66.3.
		{week + "&assessment=a-back", []ch{{"Rate limiter", 4, 90.0, 0, 0}, {"LRU cache", 4, 91.3, 0, 1}, {"Log parser", 4, 66.3, 1, 0}}},
		// SQL Basics: c4 (100 0: stopped at Joins).
		{week + "&assessment=a-sql", []ch{{"Joins", 1, 100.0, 0, 1}, {"Window functions", 1, 0.0, 1, 0}}},
		// Both, by their place in their assessment, then by title.
		{week, []ch{{"Joins", 1, 100.0, 0, 1}, {"Rate limiter", 4, 90.0, 0, 0}, {"LRU cache", 4, 91.3, 0, 1},
			{"Window functions", 1, 0.0, 1, 0}, {"Log parser", 4, 66.3, 1, 0}}},
		// One posting: c4 alone.
		{week + "&posting=post-data", []ch{{"Joins", 1, 100.0, 0, 1}, {"Window functions", 1, 0.0, 1, 0}}},
		{"from=2024-01-01&to=2024-01-31", nil},
	} {
		var v InsightsChallenges
		getJSON(t, srv, "/api/insights/challenges?"+tt.query, http.StatusOK, &v)
		if len(v.Challenges) != len(tt.want) || v.Challenges == nil {
			t.Fatalf("%s: %+v", tt.query, v.Challenges)
		}
		for i, w := range tt.want {
			g := v.Challenges[i]
			if g.Title != w.title || g.Submitted != w.submitted || !near(g.Average, w.average) || g.Blank != w.blank || g.StoppedHere != w.stopped {
				t.Errorf("%s: %+v (average %v), want %+v", tt.query, g, deref(g.Average), w)
			}
		}
	}
}

func TestInsightsCalibration(t *testing.T) {
	// January: six hired (70 75 80 85 90 95), three archived without a hire
	// (40 50 65), one still open (72).
	jan := func(day int) time.Time { return time.Date(2025, 1, day, 9, 0, 0, 0, time.UTC) }
	data := append([]pastInvitation(nil), insightsData...)
	for i, s := range []float64{70, 75, 80, 85, 90, 95} {
		data = append(data, pastInvitation{"h" + string(rune('a'+i)), "post-back", "a-back", jan(6 + i), 1, 1, backend.StatusSubmitted, []float64{s, s, s}, "hired"})
	}
	for i, s := range []float64{40, 50, 65} {
		data = append(data, pastInvitation{"n" + string(rune('a'+i)), "post-data", "a-back", jan(7 + i), 1, 1, backend.StatusSubmitted, []float64{s, s, s}, "archived"})
	}
	data = append(data, pastInvitation{"oa", "post-back", "a-back", jan(8), 1, 1, backend.StatusSubmitted, []float64{72, 72, 72}, ""})
	srv, _ := insightsServer(t, insightsNow, data)

	type group struct {
		count                  int
		median, mean, passRate any
	}
	check := func(query string, enough bool, verdict string, want map[string]group) {
		t.Helper()
		var v InsightsCalibration
		getJSON(t, srv, "/api/insights/calibration?"+query, http.StatusOK, &v)
		if v.Enough != enough || v.Verdict != verdict || v.MinimumHires != 5 {
			t.Errorf("%s: enough %v, %q; want %v, %q", query, v.Enough, v.Verdict, enough, verdict)
		}
		if len(v.Groups) != 3 || v.Groups[0].Group != "hired" || v.Groups[1].Group != "notHired" || v.Groups[2].Group != "open" {
			t.Fatalf("%s: groups %+v", query, v.Groups)
		}
		for _, g := range v.Groups {
			w := want[g.Group]
			bars := 0
			for _, b := range g.Buckets {
				bars += b.Count
			}
			if g.Count != w.count || bars != w.count || !near(g.Median, w.median) || !near(g.Mean, w.mean) || !near(g.PassRate, w.passRate) || g.Label == "" {
				t.Errorf("%s: %s = %d, median %v, mean %v, pass rate %v; want %+v", query, g.Group, g.Count, deref(g.Median), deref(g.Mean), deref(g.PassRate), w)
			}
		}
	}
	// The March week: hired c1 (90) and c2 (80); archived c3 (60); open c4
	// (50) and c8 (100).
	check(week, false, "Only 2 candidates were hired in this period: too few to say whether the cut predicts anything.", map[string]group{
		"hired": {2, 85.0, 85.0, 1.0}, "notHired": {1, 60.0, 60.0, 0.0}, "open": {2, 75.0, 75.0, 0.5}})
	// January: hired median (80 + 85) / 2 = 82.5, mean 82.5, all passed;
	// archived median 50, mean 51.7, none passed; open 72.
	check("from=2025-01-01&to=2025-01-31", true,
		"Hired candidates scored a median of 82.5 against 50 for those archived without a hire (6 hired, 3 not hired).", map[string]group{
			"hired": {6, 82.5, 82.5, 1.0}, "notHired": {3, 50.0, 51.7, 0.0}, "open": {1, 72.0, 72.0, 1.0}})
	// January's Data Analyst posting: the three archived, no hire.
	check("from=2025-01-01&to=2025-01-31&posting=post-data", false,
		"No candidate of this period has been hired yet: too few to say whether the cut predicts anything.", map[string]group{
			"hired": {0, nil, nil, nil}, "notHired": {3, 50.0, 51.7, 0.0}, "open": {0, nil, nil, nil}})
	// January's Backend Engineer posting: six hired, no one to compare with.
	check("from=2025-01-01&to=2025-01-31&posting=post-back", false,
		"6 candidates were hired in this period, but none was archived without a hire: there is no one to compare them with yet.", map[string]group{
			"hired": {6, 82.5, 82.5, 1.0}, "notHired": {0, nil, nil, nil}, "open": {1, 72.0, 72.0, 1.0}})
}

// The period: from and to are days, to included; without them, the last 90
// days to today; a bad one is refused with a sentence.
func TestInsightsPeriodAndRefusals(t *testing.T) {
	srv, _ := insightsServer(t, insightsNow, insightsData)
	var v InsightsFunnel
	getJSON(t, srv, "/api/insights/funnel", http.StatusOK, &v)
	// 20 March 2025 and the 89 days before it; the 90 before those.
	if v.Period != (InsightsPeriod{From: "2024-12-21", To: "2025-03-20", PreviousFrom: "2024-09-22", PreviousTo: "2024-12-20"}) {
		t.Errorf("default period %+v", v.Period)
	}
	// All fourteen invitations are in it.
	if v.Steps[0].Count != len(insightsData) {
		t.Errorf("invited %d, want %d", v.Steps[0].Count, len(insightsData))
	}
	// One day: 10 March holds c1, c2 and c10 (at midnight); the day before
	// holds p3 (23:00).
	getJSON(t, srv, "/api/insights/funnel?from=2025-03-10&to=2025-03-10", http.StatusOK, &v)
	if v.Steps[0].Count != 3 || v.Steps[0].Previous != 1 || v.Period.PreviousFrom != "2025-03-09" {
		t.Errorf("one day: %+v %+v", v.Period, v.Steps[0])
	}
	// from alone: to today.
	getJSON(t, srv, "/api/insights/funnel?from=2025-03-17", http.StatusOK, &v)
	if v.Period.To != "2025-03-20" || v.Steps[0].Count != 1 {
		t.Errorf("from 17 March: %+v %+v", v.Period, v.Steps[0])
	}
	for _, path := range []string{
		"/api/insights/funnel?from=2025-13-01",
		"/api/insights/timing?to=yesterday",
		"/api/insights/scores?from=2025-03-16&to=2025-03-10",
		"/api/insights/stalling?days=0",
		"/api/insights/stalling?days=three",
		"/api/insights/calibration?from=10/03/2025",
		"/api/insights/challenges?to=2025-02-30",
	} {
		var e ErrorBody
		getJSON(t, srv, path, http.StatusBadRequest, &e)
		if e.Code != backend.EINVALID || !strings.HasSuffix(e.Error, ".") || len(e.Error) < 20 {
			t.Errorf("%s: %+v", path, e)
		}
	}
}
