package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The Insights screen's figures: how the assessments perform over a period.
// Every figure is read from the invitations sent in the period (by
// invited_at), through the indexes of migration 00012, or, for whole days
// of every posting, from the counts it keeps per day.

// InsightsFilter chooses the invitations an insight is about: those sent
// from From (inclusive) to To (exclusive), of one assessment and one
// posting when they are given.
type InsightsFilter struct {
	From, To     time.Time
	AssessmentID string
	PostingID    string
}

// where is the filter's condition on invitations i, and its arguments.
func (f InsightsFilter) where() (string, []any) { return f.whereOf("i") }

// whereOf is the filter's condition on the rows named t, which have an
// invited_at, an assessment_id and an opportunity_id.
func (f InsightsFilter) whereOf(t string) (string, []any) {
	cond := t + ".invited_at >= ? AND " + t + ".invited_at < ?"
	args := []any{f.From.UnixMilli(), f.To.UnixMilli()}
	if f.AssessmentID != "" {
		cond += " AND " + t + ".assessment_id = ?"
		args = append(args, f.AssessmentID)
	}
	if f.PostingID != "" {
		// The posting's candidates once, from their index; each invitation
		// is then looked up in that list rather than joined to its candidate.
		cond += " AND " + t + ".opportunity_id IN (SELECT opportunity_id FROM candidates WHERE posting_id = ?)"
		args = append(args, f.PostingID)
	}
	return cond, args
}

// byDays reports whether the filter is whole UTC days of every posting:
// what the counts kept per day (insight_days, challenge_days) can answer.
func (f InsightsFilter) byDays() bool {
	return f.PostingID == "" && f.From.UnixMilli()%msPerDay == 0 && f.To.UnixMilli()%msPerDay == 0
}

const msPerDay = 24 * 60 * 60 * 1000

// dayOf is t's day as the kept counts number it: days since 1970-01-01 UTC.
func dayOf(t time.Time) int64 { return t.UnixMilli() / msPerDay }

// daysWhere is the filter's condition on the kept counts t.
func (f InsightsFilter) daysWhere(t string) (string, []any) {
	cond := t + ".day >= ? AND " + t + ".day < ?"
	args := []any{dayOf(f.From), dayOf(f.To)}
	if f.AssessmentID != "" {
		cond += " AND " + t + ".assessment_id = ?"
		args = append(args, f.AssessmentID)
	}
	return cond, args
}

// Now is the store's clock: what "today" and "days ago" are measured from.
func (db *DB) Now() time.Time { return db.now() }

// FunnelCounts counts the invitations of a period that got at least this
// far: passed ⊂ submitted ⊂ started ⊂ invited. A submission Qualified
// reported without its start counts as started.
type FunnelCounts struct {
	Invited, Started, Submitted, Passed int
}

// InsightsFunnel counts the funnel of the period f and of prev (another
// period, with the same assessment and posting), in one pass.
func (db *DB) InsightsFunnel(ctx context.Context, f InsightsFilter, prev InsightsFilter) (cur, before FunnelCounts, err error) {
	span := f
	span.From, span.To = earliest(f.From, prev.From), latest(f.To, prev.To)
	var rows *sql.Rows
	if span.byDays() && prev.byDays() && prev.PostingID == "" {
		// Whole days of every posting: the counts kept per day.
		cond, args := span.daysWhere("d")
		rows, err = db.reader.QueryContext(ctx, `SELECT CASE WHEN d.day >= ? AND d.day < ? THEN 1
				WHEN d.day >= ? AND d.day < ? THEN 0 END AS period,
			coalesce(sum(d.invited), 0), coalesce(sum(d.started), 0), coalesce(sum(d.submitted), 0), coalesce(sum(d.passed), 0)
			FROM insight_days d WHERE `+cond+` GROUP BY 1`,
			append([]any{dayOf(f.From), dayOf(f.To), dayOf(prev.From), dayOf(prev.To)}, args...)...)
	} else {
		cond, args := span.where()
		rows, err = db.reader.QueryContext(ctx, `SELECT CASE WHEN i.invited_at >= ? AND i.invited_at < ? THEN 1
				WHEN i.invited_at >= ? AND i.invited_at < ? THEN 0 END AS period,
			count(*), count(coalesce(i.started_at, i.submitted_at)), count(i.submitted_at),
			coalesce(sum(i.submitted_at IS NOT NULL AND i.passed = 1), 0)
			FROM invitations i WHERE `+cond+` GROUP BY 1`,
			append([]any{f.From.UnixMilli(), f.To.UnixMilli(), prev.From.UnixMilli(), prev.To.UnixMilli()}, args...)...)
	}
	if err != nil {
		return cur, before, fmt.Errorf("sqlite: insights funnel: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var period sql.NullBool
		var c FunnelCounts
		if err := rows.Scan(&period, &c.Invited, &c.Started, &c.Submitted, &c.Passed); err != nil {
			return cur, before, fmt.Errorf("sqlite: insights funnel: %w", err)
		}
		switch {
		case !period.Valid: // between the two periods
		case period.Bool:
			cur = c
		default:
			before = c
		}
	}
	return cur, before, rows.Err()
}

// StallingInvitation is an invitation still waiting for its candidate to
// start.
type StallingInvitation struct {
	InvitationID    int64
	Name, Email     string
	AssessmentTitle string
	PostingTitle    string
	ProfileURL      string
	InvitedAt       time.Time
}

// InsightsStalling lists the invitations of f still "invited" that were
// sent before sentBefore, oldest first, at most limit of them, and counts
// them all.
func (db *DB) InsightsStalling(ctx context.Context, f InsightsFilter, sentBefore time.Time, limit int) ([]StallingInvitation, int, error) {
	cond, args := f.where()
	cond += " AND i.status = 'invited' AND i.invited_at < ?"
	args = append(args, sentBefore.UnixMilli())
	var total int
	// The index of those still invited holds all the count reads; left to
	// itself the planner took the index by status and read every row.
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM invitations i INDEXED BY invitations_waiting WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("sqlite: stalling: %w", err)
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT i.id, c.name, c.email, i.assessment_title, c.posting_title, c.profile_url, i.invited_at
		FROM invitations i INDEXED BY invitations_waiting JOIN candidates c ON c.opportunity_id = i.opportunity_id
		WHERE `+cond+` ORDER BY i.invited_at, i.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: stalling: %w", err)
	}
	defer rows.Close()
	out := []StallingInvitation{}
	for rows.Next() {
		var s StallingInvitation
		var at int64
		if err := rows.Scan(&s.InvitationID, &s.Name, &s.Email, &s.AssessmentTitle, &s.PostingTitle, &s.ProfileURL, &at); err != nil {
			return nil, 0, fmt.Errorf("sqlite: stalling: %w", err)
		}
		s.InvitedAt = time.UnixMilli(at).UTC()
		out = append(out, s)
	}
	return out, total, rows.Err()
}

// Spread is how a set of values (hours, scores) falls.
type Spread struct {
	Count int
	// Median is the middle value (the mean of the two middle ones for an
	// even count); P90 the smallest value that at least 90% of the values
	// are at or below (the nearest rank). Both, and Mean, nil for none.
	Median, P90, Mean *float64
	// Passed counts the values whose result passed.
	Passed int
	// Bars counts the values per bar: Bars[i] those from lows[i]
	// (inclusive) to lows[i+1] (exclusive), the last bar everything from
	// its low up, the first everything below lows[1]. PassedBars counts
	// those that passed.
	Bars, PassedBars []int
}

// spreadOf is how values fall across the bars from each of lows; passed,
// when given, says which of them passed.
func spreadOf(values []float64, passed []bool, lows []float64) Spread {
	s := Spread{Count: len(values), Bars: make([]int, len(lows)), PassedBars: make([]int, len(lows))}
	sum := 0.0
	for i, x := range values {
		b := sort.SearchFloat64s(lows, x)
		if b == len(lows) || lows[b] != x {
			b-- // x is above lows[b-1], below lows[b]
		}
		b = max(b, 0)
		s.Bars[b]++
		if passed != nil && passed[i] {
			s.Passed++
			s.PassedBars[b]++
		}
		sum += x
	}
	if n := len(values); n > 0 {
		sorted := slices.Clone(values)
		slices.Sort(sorted)
		median := (sorted[(n+1)/2-1] + sorted[(n+2)/2-1]) / 2
		p90 := sorted[(9*n+9)/10-1]
		mean := sum / float64(n)
		s.Median, s.P90, s.Mean = &median, &p90, &mean
	}
	return s
}

// numbers reads the list group_concat made: values in one string, rather
// than a row each, which costs the driver more than the value.
func numbers(list sql.NullString) ([]float64, error) {
	if !list.Valid || list.String == "" {
		return nil, nil
	}
	parts := strings.Split(list.String, ",")
	out := make([]float64, len(parts))
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return nil, fmt.Errorf("sqlite: insights: %q is not a number", p)
		}
		out[i] = v
	}
	return out, nil
}

// InsightsTiming is how long the candidates of f took, in hours, from the
// invitation to the start and from the start to the submission, in bars
// from each of lows.
func (db *DB) InsightsTiming(ctx context.Context, f InsightsFilter, lows []float64) (toStart, toSubmit Spread, err error) {
	cond, args := f.where()
	var start, submit sql.NullString
	err = db.reader.QueryRowContext(ctx, `SELECT group_concat(i.started_at - i.invited_at),
		group_concat(i.submitted_at - i.started_at)
		FROM invitations i WHERE `+cond+` AND i.started_at IS NOT NULL`, args...).Scan(&start, &submit)
	if err != nil {
		return toStart, toSubmit, fmt.Errorf("sqlite: insights timing: %w", err)
	}
	hours := func(list sql.NullString) (Spread, error) {
		ms, err := numbers(list)
		for i := range ms {
			ms[i] /= float64(time.Hour / time.Millisecond)
		}
		return spreadOf(ms, nil, lows), err
	}
	if toStart, err = hours(start); err != nil {
		return toStart, toSubmit, err
	}
	toSubmit, err = hours(submit)
	return toStart, toSubmit, err
}

// scored is the condition of a submitted result with a score.
const scored = " AND i.submitted_at IS NOT NULL AND i.score IS NOT NULL"

// WeekOfResults is the submitted results of one week (from Monday, UTC).
type WeekOfResults struct {
	Monday            time.Time
	Submitted, Passed int
}

// InsightsScores is how the scores of the submitted results of f fall, in
// bars from each of lows, and the results of each week they were
// submitted in, oldest first.
func (db *DB) InsightsScores(ctx context.Context, f InsightsFilter, lows []float64) (Spread, []WeekOfResults, error) {
	cond, args := f.where()
	// Three lists in the same order: each result's score, whether it
	// passed, and its week. Days since 1970-01-01, a Thursday: (day + 3) / 7
	// counts weeks from Monday 1969-12-29.
	var scores, passes, weeks sql.NullString
	err := db.reader.QueryRowContext(ctx, `SELECT group_concat(i.score), group_concat(coalesce(i.passed, 0)),
		group_concat((i.submitted_at / 86400000 + 3) / 7)
		FROM invitations i WHERE `+cond+scored, args...).Scan(&scores, &passes, &weeks)
	if err != nil {
		return Spread{}, nil, fmt.Errorf("sqlite: insights scores: %w", err)
	}
	values, err := numbers(scores)
	if err != nil {
		return Spread{}, nil, err
	}
	p, err := numbers(passes)
	if err != nil {
		return Spread{}, nil, err
	}
	wk, err := numbers(weeks)
	if err != nil {
		return Spread{}, nil, err
	}
	if len(p) != len(values) || len(wk) != len(values) {
		return Spread{}, nil, fmt.Errorf("sqlite: insights scores: %d scores, %d verdicts, %d weeks", len(values), len(p), len(wk))
	}
	passed := make([]bool, len(p))
	byWeek := map[int64]*WeekOfResults{}
	var out []WeekOfResults
	for i, v := range p {
		passed[i] = v == 1
		w := int64(wk[i])
		r := byWeek[w]
		if r == nil {
			r = &WeekOfResults{Monday: time.UnixMilli((w*7 - 3) * 86400000).UTC()}
			byWeek[w] = r
		}
		r.Submitted++
		if passed[i] {
			r.Passed++
		}
	}
	for _, r := range byWeek {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b WeekOfResults) int { return a.Monday.Compare(b.Monday) })
	return spreadOf(values, passed, lows), out, nil
}

// ChallengeResults is how the submitted results of a period did on one
// challenge.
type ChallengeResults struct {
	Title     string
	Submitted int
	// Average is the mean score; nil with none submitted.
	Average *float64
	// Blank counts the results that scored 0 on it.
	Blank int
	// StoppedHere counts the results whose last challenge with a score
	// above 0 is this one, with a later one left at 0.
	StoppedHere int
}

// InsightsChallenges reads each challenge of the submitted results of f,
// in the order their assessments set them.
func (db *DB) InsightsChallenges(ctx context.Context, f InsightsFilter) ([]ChallengeResults, error) {
	// The challenges of scored results, kept apart by triggers (migration
	// 00012) with the invitation's time, assessment and candidate; counted
	// per day too, which whole days of every posting read instead.
	var rows *sql.Rows
	var err error
	if f.byDays() {
		cond, args := f.daysWhere("c")
		rows, err = db.reader.QueryContext(ctx, `SELECT c.title, sum(c.n), sum(c.total) / sum(c.n), sum(c.blank), sum(c.stopped)
			FROM challenge_days c WHERE `+cond+` AND c.n > 0
			GROUP BY c.title ORDER BY min(c.pos), c.title`, args...)
	} else {
		cond, args := f.whereOf("c")
		rows, err = db.reader.QueryContext(ctx, `SELECT c.title, count(*), avg(c.score), sum(c.score = 0), sum(c.stopped)
			FROM challenge_scores c WHERE `+cond+`
			GROUP BY c.title ORDER BY min(c.pos), c.title`, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: insights challenges: %w", err)
	}
	defer rows.Close()
	out := []ChallengeResults{}
	for rows.Next() {
		var c ChallengeResults
		var avg sql.NullFloat64
		if err := rows.Scan(&c.Title, &c.Submitted, &avg, &c.Blank, &c.StoppedHere); err != nil {
			return nil, fmt.Errorf("sqlite: insights challenges: %w", err)
		}
		if avg.Valid {
			c.Average = &avg.Float64
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// The groups of InsightsCalibration.
const (
	GroupHired    = "hired"
	GroupNotHired = "notHired"
	GroupOpen     = "open"
)

// InsightsCalibration is how the scores of the submitted results of f fall
// for candidates hired (Lever said so, whenever it did), for those archived
// without a hire, and for those still open, by GroupHired, GroupNotHired
// and GroupOpen (each present, empty when none).
func (db *DB) InsightsCalibration(ctx context.Context, f InsightsFilter, lows []float64) (map[string]Spread, error) {
	// The scored results kept with their candidate's group by triggers
	// (migration 00012): one pass, no join.
	cond, args := f.whereOf("r")
	groups := []string{GroupHired, GroupNotHired, GroupOpen}
	var cols []string
	for _, g := range groups {
		cols = append(cols, `group_concat(CASE WHEN r.grp = '`+g+`' THEN r.score END)`, `group_concat(CASE WHEN r.grp = '`+g+`' THEN r.passed END)`)
	}
	lists := make([]sql.NullString, len(cols))
	dest := make([]any, len(cols))
	for i := range lists {
		dest[i] = &lists[i]
	}
	err := db.reader.QueryRowContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM scored_results r WHERE `+cond, args...).Scan(dest...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: insights calibration: %w", err)
	}
	out := map[string]Spread{}
	for k, g := range groups {
		scores, err := numbers(lists[2*k])
		if err != nil {
			return nil, err
		}
		p, err := numbers(lists[2*k+1])
		if err != nil {
			return nil, err
		}
		if len(p) != len(scores) {
			return nil, fmt.Errorf("sqlite: insights calibration: %d scores, %d verdicts", len(scores), len(p))
		}
		passed := make([]bool, len(p))
		for i, v := range p {
			passed[i] = v == 1
		}
		out[g] = spreadOf(scores, passed, lows)
	}
	return out, nil
}

// PastLifecycle is what Lever said of a candidate of the past: archived
// (State "archived", at StateAt) and hired (at HiredAt; zero when not).
type PastLifecycle struct {
	OpportunityID string
	State         string
	StateAt       time.Time
	HiredAt       time.Time
}

// ImportLifecycles writes what Lever said of candidates already imported
// (ImportInvitations), in one transaction: the demo's history of hires and
// archives.
func (db *DB) ImportLifecycles(ctx context.Context, lives []PastLifecycle) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		rows := rowInserter{tx: tx, prefix: `INSERT INTO lever_lifecycle (opportunity_id, state, state_at, hired_at, updated_at) VALUES `, columns: 5}
		defer rows.close()
		var args []any
		for i, l := range lives {
			args = append(args, l.OpportunityID, l.State, ms(l.StateAt), ms(l.HiredAt), now.UnixMilli())
			if len(args) >= importBatch*rows.columns || i == len(lives)-1 {
				if err := rows.insert(ctx, args); err != nil {
					return fmt.Errorf("sqlite: import lifecycles: %w", err)
				}
				args = args[:0]
			}
		}
		return nil
	})
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
