package adminapi

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// Insights is what the Insights screen reads: how the assessments perform.
// Its figures come from the database (*sqlite.DB answers all but
// PassingScore).
type Insights interface {
	// Now is the clock "today" and "days ago" are measured by.
	Now() time.Time
	InsightsFunnel(ctx context.Context, f, previous sqlite.InsightsFilter) (cur, before sqlite.FunnelCounts, err error)
	InsightsStalling(ctx context.Context, f sqlite.InsightsFilter, sentBefore time.Time, limit int) ([]sqlite.StallingInvitation, int, error)
	InsightsTiming(ctx context.Context, f sqlite.InsightsFilter, lows []float64) (toStart, toSubmit sqlite.Spread, err error)
	InsightsScores(ctx context.Context, f sqlite.InsightsFilter, lows []float64) (sqlite.Spread, []sqlite.WeekOfResults, error)
	InsightsChallenges(ctx context.Context, f sqlite.InsightsFilter) ([]sqlite.ChallengeResults, error)
	InsightsCalibration(ctx context.Context, f sqlite.InsightsFilter, lows []float64) (map[string]sqlite.Spread, error)
	// PassingScore is the assessment's cut as Qualified sets it; false when
	// Qualified does not say (or cannot be asked now).
	PassingScore(ctx context.Context, assessmentID string) (float64, bool)
}

// insightsRoutes serves GET /api/insights/... (insightstypes.go).
func (s *Server) insightsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/insights/funnel", s.insight(s.insightsFunnel))
	mux.HandleFunc("GET /api/insights/stalling", s.insight(s.insightsStalling))
	mux.HandleFunc("GET /api/insights/timing", s.insight(s.insightsTiming))
	mux.HandleFunc("GET /api/insights/scores", s.insight(s.insightsScores))
	mux.HandleFunc("GET /api/insights/challenges", s.insight(s.insightsChallenges))
	mux.HandleFunc("GET /api/insights/calibration", s.insight(s.insightsCalibration))
}

// defaultInsightsDays is the period shown when none is chosen: the last 90
// days, today included.
const defaultInsightsDays = 90

// insightsQuery is an Insights request's filter, as read from its query.
type insightsQuery struct {
	period  InsightsPeriod
	cur     sqlite.InsightsFilter
	prev    sqlite.InsightsFilter
	request *http.Request
}

// insightsQueryOf reads from, to, assessment and posting; a date that is not
// one, or a period that ends before it starts, is refused.
func insightsQueryOf(r *http.Request, now time.Time) (insightsQuery, error) {
	q := r.URL.Query()
	const layout = "2006-01-02"
	day := func(name string, def time.Time) (time.Time, error) {
		v := q.Get(name)
		if v == "" {
			return def, nil
		}
		t, err := time.Parse(layout, v)
		if err != nil {
			return t, backend.Errorf(backend.EINVALID, "The %s date %q is not a date: write it as YYYY-MM-DD.", name, v)
		}
		return t, nil
	}
	y, m, d := now.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	to, err := day("to", today)
	if err != nil {
		return insightsQuery{}, err
	}
	from, err := day("from", to.AddDate(0, 0, -(defaultInsightsDays-1)))
	if err != nil {
		return insightsQuery{}, err
	}
	if from.After(to) {
		return insightsQuery{}, backend.Errorf(backend.EINVALID, "The period starts on %s, after it ends on %s: choose a start on or before the end.",
			from.Format(layout), to.Format(layout))
	}
	days := int(to.Sub(from)/(24*time.Hour)) + 1
	prevTo := from.AddDate(0, 0, -1)
	prevFrom := prevTo.AddDate(0, 0, -(days - 1))
	x := insightsQuery{request: r,
		period: InsightsPeriod{From: from.Format(layout), To: to.Format(layout), PreviousFrom: prevFrom.Format(layout), PreviousTo: prevTo.Format(layout)},
		cur:    sqlite.InsightsFilter{From: from, To: to.AddDate(0, 0, 1), AssessmentID: q.Get("assessment"), PostingID: q.Get("posting")},
	}
	x.prev = x.cur
	x.prev.From, x.prev.To = prevFrom, from
	return x, nil
}

// insight reads an Insights request's filter and answers what answer
// makes of it, or the one error.
func (s *Server) insight(answer func(insightsQuery) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := insightsQueryOf(r, s.Insights.Now())
		if err == nil {
			var v any
			if v, err = answer(q); err == nil {
				WriteJSON(w, http.StatusOK, v)
				return
			}
		}
		s.fail(w, r, err)
	}
}

// share is n over of, or nil when of is 0.
func share(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	v := float64(n) / float64(of)
	return &v
}

func (s *Server) insightsFunnel(q insightsQuery) (any, error) {
	cur, prev, err := s.Insights.InsightsFunnel(q.request.Context(), q.cur, q.prev)
	if err != nil {
		return nil, err
	}
	steps := []struct {
		step, label string
		n, before   int
	}{
		{"invited", "Invited", cur.Invited, prev.Invited},
		{"started", "Started", cur.Started, prev.Started},
		{"submitted", "Submitted", cur.Submitted, prev.Submitted},
		{"passed", "Passed", cur.Passed, prev.Passed},
	}
	v := InsightsFunnel{Period: q.period, Steps: make([]FunnelStepInsight, len(steps)),
		CompletionRate: share(cur.Submitted, cur.Invited), PreviousCompletionRate: share(prev.Submitted, prev.Invited)}
	for i, st := range steps {
		v.Steps[i] = FunnelStepInsight{Step: st.step, Label: st.label, Count: st.n, Previous: st.before}
		if i > 0 {
			v.Steps[i].Conversion = share(st.n, steps[i-1].n)
			v.Steps[i].PreviousConversion = share(st.before, steps[i-1].before)
		}
	}
	return v, nil
}

// maxStalling bounds the stalling candidates listed; Total counts them all.
const maxStalling = 200

func (s *Server) insightsStalling(q insightsQuery) (any, error) {
	days := 3
	if v := q.request.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, backend.Errorf(backend.EINVALID, "Days waiting must be a whole number of at least 1, not %q.", v)
		}
		days = n
	}
	now := s.Insights.Now()
	list, total, err := s.Insights.InsightsStalling(q.request.Context(), q.cur, now.Add(-time.Duration(days)*24*time.Hour), maxStalling)
	if err != nil {
		return nil, err
	}
	v := InsightsStalling{Period: q.period, Days: days, Total: total, Candidates: make([]StallingCandidate, len(list))}
	for i, c := range list {
		v.Candidates[i] = StallingCandidate{InvitationID: c.InvitationID, Name: c.Name, Email: c.Email, AssessmentTitle: c.AssessmentTitle,
			PostingTitle: c.PostingTitle, ProfileURL: c.ProfileURL, InvitedAt: c.InvitedAt.UTC().Format(time.RFC3339),
			DaysWaiting: int(now.Sub(c.InvitedAt) / (24 * time.Hour))}
	}
	return v, nil
}

// timingBars are the bars of the timing distributions, in hours: each from
// its low up to the next one's; the last, 7 days and more, has no end (its
// To is 0).
var timingBars = []struct {
	low   float64
	label string
}{
	{0, "Under 1 hour"}, {1, "1–4 hours"}, {4, "4–12 hours"}, {12, "12–24 hours"},
	{24, "1–2 days"}, {48, "2–3 days"}, {72, "3–7 days"}, {168, "7 days or more"},
}

// scoreBars are the ten-point bars of scores: 0–10, …, 90–100, with 100 in
// the last.
var scoreBars = func() []float64 {
	lows := make([]float64, 10)
	for i := range lows {
		lows[i] = float64(i * 10)
	}
	return lows
}()

func timingLows() []float64 {
	lows := make([]float64, len(timingBars))
	for i, b := range timingBars {
		lows[i] = b.low
	}
	return lows
}

func distributionOf(sp sqlite.Spread) Distribution {
	d := Distribution{Count: sp.Count, Median: rounded(sp.Median, 2), P90: rounded(sp.P90, 2), Buckets: make([]DistributionBucket, len(timingBars))}
	for i, b := range timingBars {
		to := 0.0
		if i+1 < len(timingBars) {
			to = timingBars[i+1].low
		}
		d.Buckets[i] = DistributionBucket{From: b.low, To: to, Label: b.label, Count: sp.Bars[i]}
	}
	return d
}

// rounded is v to places decimals, nil for nil.
func rounded(v *float64, places int) *float64 {
	if v == nil {
		return nil
	}
	p := math.Pow(10, float64(places))
	r := math.Round(*v*p) / p
	return &r
}

func (s *Server) insightsTiming(q insightsQuery) (any, error) {
	start, submit, err := s.Insights.InsightsTiming(q.request.Context(), q.cur, timingLows())
	if err != nil {
		return nil, err
	}
	return InsightsTiming{Period: q.period, ToStart: distributionOf(start), ToSubmit: distributionOf(submit)}, nil
}

func scoreBucketsOf(sp sqlite.Spread) []ScoreBucket {
	out := make([]ScoreBucket, len(scoreBars))
	for i, low := range scoreBars {
		out[i] = ScoreBucket{From: low, To: low + 10, Label: fmt.Sprintf("%g–%g", low, low+10), Count: sp.Bars[i], Passed: sp.PassedBars[i]}
	}
	return out
}

func (s *Server) insightsScores(q insightsQuery) (any, error) {
	ctx := q.request.Context()
	sp, weeks, err := s.Insights.InsightsScores(ctx, q.cur, scoreBars)
	if err != nil {
		return nil, err
	}
	v := InsightsScores{Period: q.period, Count: sp.Count, Median: rounded(sp.Median, 1), Buckets: scoreBucketsOf(sp), Weekly: []WeekPassRate{}}
	if q.cur.AssessmentID != "" {
		if cut, ok := s.Insights.PassingScore(ctx, q.cur.AssessmentID); ok {
			v.Cut = &cut
		}
	}
	// Every week of the period, and any later one a result of the period
	// was submitted in.
	byWeek := map[string]sqlite.WeekOfResults{}
	for _, w := range weeks {
		byWeek[w.Monday.Format("2006-01-02")] = w
	}
	last := q.cur.To.AddDate(0, 0, -1)
	if n := len(weeks); n > 0 && weeks[n-1].Monday.After(last) {
		last = weeks[n-1].Monday
	}
	for wk := mondayOf(q.cur.From); !wk.After(last); wk = wk.AddDate(0, 0, 7) {
		w := byWeek[wk.Format("2006-01-02")]
		v.Weekly = append(v.Weekly, WeekPassRate{Week: wk.Format("2006-01-02"), Submitted: w.Submitted, Passed: w.Passed, PassRate: share(w.Passed, w.Submitted)})
	}
	return v, nil
}

// mondayOf is the Monday (UTC) of t's week.
func mondayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

func (s *Server) insightsChallenges(q insightsQuery) (any, error) {
	list, err := s.Insights.InsightsChallenges(q.request.Context(), q.cur)
	if err != nil {
		return nil, err
	}
	v := InsightsChallenges{Period: q.period, Challenges: make([]ChallengeInsight, len(list))}
	for i, c := range list {
		v.Challenges[i] = ChallengeInsight{Title: c.Title, Submitted: c.Submitted, Average: rounded(c.Average, 1), Blank: c.Blank, StoppedHere: c.StoppedHere}
	}
	return v, nil
}

// MinimumHires is how many hires calibration needs before it says whether
// the cut predicts anything.
const MinimumHires = 5

func (s *Server) insightsCalibration(q insightsQuery) (any, error) {
	groups, err := s.Insights.InsightsCalibration(q.request.Context(), q.cur, scoreBars)
	if err != nil {
		return nil, err
	}
	v := InsightsCalibration{Period: q.period, MinimumHires: MinimumHires}
	for _, g := range []struct{ group, label string }{
		{sqlite.GroupHired, "Hired"}, {sqlite.GroupNotHired, "Archived without a hire"}, {sqlite.GroupOpen, "Still in process"},
	} {
		sp := groups[g.group]
		v.Groups = append(v.Groups, ScoreGroup{Group: g.group, Label: g.label, Count: sp.Count, Median: rounded(sp.Median, 1),
			Mean: rounded(sp.Mean, 1), PassRate: share(sp.Passed, sp.Count), Buckets: scoreBucketsOf(sp)})
	}
	v.Enough, v.Verdict = calibrationVerdict(groups[sqlite.GroupHired], groups[sqlite.GroupNotHired])
	return v, nil
}

// calibrationVerdict says what the scores of hired candidates against
// those archived without a hire show, or why they cannot show it yet.
func calibrationVerdict(hired, notHired sqlite.Spread) (bool, string) {
	const tooFew = "too few to say whether the cut predicts anything."
	switch {
	case hired.Count == 0:
		return false, "No candidate of this period has been hired yet: " + tooFew
	case hired.Count == 1:
		return false, "Only 1 candidate was hired in this period: " + tooFew
	case hired.Count < MinimumHires:
		return false, fmt.Sprintf("Only %d candidates were hired in this period: %s", hired.Count, tooFew)
	case notHired.Count == 0:
		return false, fmt.Sprintf("%d candidates were hired in this period, but none was archived without a hire: there is no one to compare them with yet.", hired.Count)
	}
	return true, fmt.Sprintf("Hired candidates scored a median of %s against %s for those archived without a hire (%d hired, %d not hired).",
		scoreText(*hired.Median), scoreText(*notHired.Median), hired.Count, notHired.Count)
}

// scoreText is a score as the recruiter reads it: to one decimal at most.
func scoreText(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
