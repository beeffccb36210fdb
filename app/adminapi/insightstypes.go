package adminapi

// The answers of the Insights screen (GET /api/insights/...). Every chart is
// its own endpoint and takes the same filter (InsightsFilter, from the query
// string): from, to (YYYY-MM-DD, inclusive, in UTC; default the last 90 days
// to today), assessment (an assessment id; all when empty) and posting (a
// Lever posting id; all when empty). An invitation belongs to a period by
// when it was sent (invitedAt). The previous period is the one of the same
// length just before.

// InsightsPeriod is the period an answer is about, and the one it is
// compared with.
type InsightsPeriod struct {
	From         string `json:"from"`
	To           string `json:"to"`
	PreviousFrom string `json:"previousFrom"`
	PreviousTo   string `json:"previousTo"`
}

// FunnelStepInsight is one step of the funnel invited → started → submitted
// → passed.
type FunnelStepInsight struct {
	// Step is "invited", "started", "submitted" or "passed".
	Step  string `json:"step"`
	Label string `json:"label"`
	Count int    `json:"count"`
	// Previous is the count in the previous period.
	Previous int `json:"previous"`
	// Conversion is Count over the step before's Count (0–1); null for the
	// first step or when the step before has none. PreviousConversion the
	// same in the previous period.
	Conversion         *float64 `json:"conversion" tstype:"number | null,required"`
	PreviousConversion *float64 `json:"previousConversion" tstype:"number | null,required"`
}

// InsightsFunnel answers GET /api/insights/funnel.
type InsightsFunnel struct {
	Period InsightsPeriod      `json:"period"`
	Steps  []FunnelStepInsight `json:"steps"`
	// CompletionRate is submitted over invited (0–1), null with none invited.
	CompletionRate         *float64 `json:"completionRate" tstype:"number | null,required"`
	PreviousCompletionRate *float64 `json:"previousCompletionRate" tstype:"number | null,required"`
}

// StallingCandidate is one candidate invited more than N days ago who has
// not started.
type StallingCandidate struct {
	InvitationID    int64  `json:"invitationId"`
	Name            string `json:"name"`
	Email           string `json:"email"`
	AssessmentTitle string `json:"assessmentTitle"`
	PostingTitle    string `json:"postingTitle"`
	ProfileURL      string `json:"profileUrl"`
	InvitedAt       string `json:"invitedAt" tstype:"Time"`
	DaysWaiting     int    `json:"daysWaiting"`
}

// InsightsStalling answers GET /api/insights/stalling?days=N (default 3):
// invitations of the period still "invited" more than N days after they
// were sent, oldest first, at most 200 (Total counts them all).
type InsightsStalling struct {
	Period     InsightsPeriod      `json:"period"`
	Days       int                 `json:"days"`
	Total      int                 `json:"total"`
	Candidates []StallingCandidate `json:"candidates"`
}

// DistributionBucket is one bar of a distribution: From ≤ value < To.
type DistributionBucket struct {
	From  float64 `json:"from"`
	To    float64 `json:"to"`
	Label string  `json:"label"`
	Count int     `json:"count"`
}

// Distribution is how long something took, in hours, across candidates.
// Its bars: under 1 hour, 1–4 hours, 4–12 hours, 12–24 hours, 1–2 days,
// 2–3 days, 3–7 days, and 7 days or more (from 168; that last bar has no
// end, and its To is 0).
type Distribution struct {
	Count int `json:"count"`
	// Median and P90 in hours (to two decimals); null with no candidate.
	// Median is the middle value (the mean of the two middle ones for an
	// even count); P90 the nearest rank: the smallest value that at least
	// 90% of the candidates took no longer than.
	Median  *float64             `json:"median" tstype:"number | null,required"`
	P90     *float64             `json:"p90" tstype:"number | null,required"`
	Buckets []DistributionBucket `json:"buckets"`
}

// InsightsTiming answers GET /api/insights/timing: time from the
// invitation to the start, and from the start to the submission (of those
// who started and submitted).
type InsightsTiming struct {
	Period   InsightsPeriod `json:"period"`
	ToStart  Distribution   `json:"toStart"`
	ToSubmit Distribution   `json:"toSubmit"`
}

// ScoreBucket is one bar of the score distribution: From ≤ score < To
// (the last bar includes 100).
type ScoreBucket struct {
	From   float64 `json:"from"`
	To     float64 `json:"to"`
	Label  string  `json:"label"`
	Count  int     `json:"count"`
	Passed int     `json:"passed"`
}

// WeekPassRate is the submissions of one week (from Monday, UTC) and how
// many passed. Weekly lists every week of the period, oldest first, and
// any later week in which an invitation of the period was submitted.
type WeekPassRate struct {
	Week      string `json:"week"`
	Submitted int    `json:"submitted"`
	Passed    int    `json:"passed"`
	// PassRate is Passed over Submitted (0–1), null with none submitted.
	PassRate *float64 `json:"passRate" tstype:"number | null,required"`
}

// InsightsScores answers GET /api/insights/scores: the scores of submitted
// results, in ten-point bars (0–10, …, 90–100, with 100 in the last), and
// the pass rate per week of submission. Passed is Qualified's verdict on
// each result. Median is to one decimal, as the median of Distribution.
type InsightsScores struct {
	Period InsightsPeriod `json:"period"`
	// Cut is the assessment's passing score; null when no single assessment
	// is chosen (each has its own) or Qualified does not say.
	Cut     *float64       `json:"cut" tstype:"number | null,required"`
	Count   int            `json:"count"`
	Median  *float64       `json:"median" tstype:"number | null,required"`
	Buckets []ScoreBucket  `json:"buckets"`
	Weekly  []WeekPassRate `json:"weekly"`
}

// ChallengeInsight is one challenge of the assessments chosen.
type ChallengeInsight struct {
	Title string `json:"title"`
	// Submitted counts the submitted results that have this challenge.
	Submitted int      `json:"submitted"`
	Average   *float64 `json:"average" tstype:"number | null,required"`
	// Blank counts the results that scored 0 on it: where candidates drop.
	Blank int `json:"blank"`
	// StoppedHere counts the results whose last challenge with a score above
	// 0 is this one, with a later challenge left at 0.
	StoppedHere int `json:"stoppedHere"`
}

// InsightsChallenges answers GET /api/insights/challenges, in the order the
// assessment sets them.
type InsightsChallenges struct {
	Period     InsightsPeriod     `json:"period"`
	Challenges []ChallengeInsight `json:"challenges"`
}

// ScoreGroup is the scores of one group of candidates: each submitted
// result of the period counts once, in the group its candidate is in now.
type ScoreGroup struct {
	// Group is "hired" (Lever said the candidate was hired, whenever it
	// did), "notHired" (archived for another reason) or "open".
	Group  string   `json:"group"`
	Label  string   `json:"label"`
	Count  int      `json:"count"`
	Median *float64 `json:"median" tstype:"number | null,required"`
	Mean   *float64 `json:"mean" tstype:"number | null,required"`
	// PassRate is the share of the group that met the cut (0–1).
	PassRate *float64      `json:"passRate" tstype:"number | null,required"`
	Buckets  []ScoreBucket `json:"buckets"`
}

// InsightsCalibration answers GET /api/insights/calibration: the scores of
// candidates later hired against the others'. With fewer hires than
// MinimumHires (5), or none archived without a hire to compare them with,
// Enough is false and Verdict makes no claim; otherwise Verdict compares
// the median scores of "hired" and "notHired".
type InsightsCalibration struct {
	Period       InsightsPeriod `json:"period"`
	Groups       []ScoreGroup   `json:"groups"`
	MinimumHires int            `json:"minimumHires"`
	Enough       bool           `json:"enough"`
	// Verdict is a sentence for the recruiter on what the figures show, or
	// why they cannot show it yet.
	Verdict string `json:"verdict"`
}
