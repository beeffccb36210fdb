package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The Insights screen's figures: how the assessments perform over a period.
// Every figure is read from the invitations sent in the period (by
// invited_at), through the indexes of migration 00012.

// InsightsFilter chooses the invitations an insight is about: those sent
// from From (inclusive) to To (exclusive), of one assessment and one
// posting when they are given.
type InsightsFilter struct {
	From, To     time.Time
	AssessmentID string
	PostingID    string
}

// where is the filter's condition on invitations i, and its arguments.
func (f InsightsFilter) where() (string, []any) {
	cond := "i.invited_at >= ? AND i.invited_at < ?"
	args := []any{f.From.UnixMilli(), f.To.UnixMilli()}
	if f.AssessmentID != "" {
		cond += " AND i.assessment_id = ?"
		args = append(args, f.AssessmentID)
	}
	if f.PostingID != "" {
		// The posting's candidates once, from their index; each invitation
		// is then looked up in that list rather than joined to its candidate.
		cond += " AND i.opportunity_id IN (SELECT opportunity_id FROM candidates WHERE posting_id = ?)"
		args = append(args, f.PostingID)
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
	cond, args := span.where()
	rows, err := db.reader.QueryContext(ctx, `SELECT CASE WHEN i.invited_at >= ? AND i.invited_at < ? THEN 1
			WHEN i.invited_at >= ? AND i.invited_at < ? THEN 0 END AS period,
		count(*), count(coalesce(i.started_at, i.submitted_at)), count(i.submitted_at),
		coalesce(sum(i.submitted_at IS NOT NULL AND i.passed = 1), 0)
		FROM invitations i WHERE `+cond+` GROUP BY 1`,
		append([]any{f.From.UnixMilli(), f.To.UnixMilli(), prev.From.UnixMilli(), prev.To.UnixMilli()}, args...)...)
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
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM invitations i WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("sqlite: stalling: %w", err)
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT i.id, c.name, c.email, i.assessment_title, c.posting_title, c.profile_url, i.invited_at
		FROM invitations i JOIN candidates c ON c.opportunity_id = i.opportunity_id
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

// spreads reads how the values of a query fall, per group. values is a
// SELECT of three columns: the group, the value and whether it passed
// (NULL when it does not apply).
func (db *DB) spreads(ctx context.Context, values string, args []any, lows []float64) (map[string]*Spread, error) {
	out := map[string]*Spread{}
	get := func(g string) *Spread {
		s := out[g]
		if s == nil {
			s = &Spread{Bars: make([]int, len(lows)), PassedBars: make([]int, len(lows))}
			out[g] = s
		}
		return s
	}
	var bar strings.Builder
	bar.WriteString("CASE")
	for i := len(lows) - 1; i >= 1; i-- {
		fmt.Fprintf(&bar, " WHEN x >= %s THEN %d", strconv.FormatFloat(lows[i], 'g', -1, 64), i)
	}
	bar.WriteString(" ELSE 0 END")
	rows, err := db.reader.QueryContext(ctx, `WITH v (g, x, p) AS (`+values+`)
		SELECT g, `+bar.String()+`, count(*), coalesce(sum(p), 0), sum(x) FROM v GROUP BY 1, 2`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: insights spread: %w", err)
	}
	sums := map[string]float64{}
	for rows.Next() {
		var g string
		var b, n, passed int
		var sum float64
		if err := rows.Scan(&g, &b, &n, &passed, &sum); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: insights spread: %w", err)
		}
		s := get(g)
		s.Bars[b], s.PassedBars[b] = n, passed
		s.Count += n
		s.Passed += passed
		sums[g] += sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: insights spread: %w", err)
	}
	for g, s := range out {
		if s.Count > 0 {
			mean := sums[g] / float64(s.Count)
			s.Mean = &mean
		}
	}
	// The values at the ranks the median and the 90th percentile need, in
	// one sort per group.
	rows, err = db.reader.QueryContext(ctx, `WITH v (g, x, p) AS (`+values+`)
		SELECT g, rn, n, x FROM (
			SELECT g, x, row_number() OVER (PARTITION BY g ORDER BY x) AS rn, count(*) OVER (PARTITION BY g) AS n FROM v)
		WHERE rn IN ((n + 1) / 2, (n + 2) / 2, (9 * n + 9) / 10)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: insights percentiles: %w", err)
	}
	defer rows.Close()
	type ranks struct{ lo, hi, p90 float64 }
	at := map[string]*ranks{}
	for rows.Next() {
		var g string
		var rn, n int
		var x float64
		if err := rows.Scan(&g, &rn, &n, &x); err != nil {
			return nil, fmt.Errorf("sqlite: insights percentiles: %w", err)
		}
		r := at[g]
		if r == nil {
			r = &ranks{}
			at[g] = r
		}
		if rn == (n+1)/2 {
			r.lo = x
		}
		if rn == (n+2)/2 {
			r.hi = x
		}
		if rn == (9*n+9)/10 {
			r.p90 = x
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: insights percentiles: %w", err)
	}
	for g, r := range at {
		s := get(g)
		median, p90 := (r.lo+r.hi)/2, r.p90
		s.Median, s.P90 = &median, &p90
	}
	return out, nil
}

// InsightsTiming is how long the candidates of f took, in hours, from the
// invitation to the start and from the start to the submission, in bars
// from each of lows.
func (db *DB) InsightsTiming(ctx context.Context, f InsightsFilter, lows []float64) (toStart, toSubmit Spread, err error) {
	cond, args := f.where()
	m, err := db.spreads(ctx, `SELECT 'start', (i.started_at - i.invited_at) / 3600000.0, NULL FROM invitations i
			WHERE `+cond+` AND i.started_at IS NOT NULL
		UNION ALL
		SELECT 'submit', (i.submitted_at - i.started_at) / 3600000.0, NULL FROM invitations i
			WHERE `+cond+` AND i.started_at IS NOT NULL AND i.submitted_at IS NOT NULL`, append(args, args...), lows)
	if err != nil {
		return toStart, toSubmit, err
	}
	return orEmpty(m["start"], lows), orEmpty(m["submit"], lows), nil
}

func orEmpty(s *Spread, lows []float64) Spread {
	if s == nil {
		return Spread{Bars: make([]int, len(lows)), PassedBars: make([]int, len(lows))}
	}
	return *s
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
	m, err := db.spreads(ctx, `SELECT '', i.score, coalesce(i.passed, 0) FROM invitations i WHERE `+cond+scored, args, lows)
	if err != nil {
		return Spread{}, nil, err
	}
	// Days since 1970-01-01, a Thursday: (day + 3) / 7 counts weeks from
	// Monday 1969-12-29.
	rows, err := db.reader.QueryContext(ctx, `SELECT (i.submitted_at / 86400000 + 3) / 7 AS wk, count(*), coalesce(sum(i.passed), 0)
		FROM invitations i WHERE `+cond+scored+` GROUP BY wk ORDER BY wk`, args...)
	if err != nil {
		return Spread{}, nil, fmt.Errorf("sqlite: insights weeks: %w", err)
	}
	defer rows.Close()
	var weeks []WeekOfResults
	for rows.Next() {
		var wk int64
		var w WeekOfResults
		if err := rows.Scan(&wk, &w.Submitted, &w.Passed); err != nil {
			return Spread{}, nil, fmt.Errorf("sqlite: insights weeks: %w", err)
		}
		w.Monday = time.UnixMilli((wk*7 - 3) * 86400000).UTC()
		weeks = append(weeks, w)
	}
	return orEmpty(m[""], lows), weeks, rows.Err()
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
	cond, args := f.where()
	rows, err := db.reader.QueryContext(ctx, `WITH ch AS (
			SELECT i.id, CAST(j.key AS INTEGER) AS pos, coalesce(j.value ->> '$.title', '') AS title,
				coalesce(j.value ->> '$.score', 0) AS score
			FROM invitations i, json_each(i.challenges) j
			WHERE `+cond+scored+` AND i.challenges <> '[]'),
		reach AS (SELECT id, max(CASE WHEN score > 0 THEN pos END) AS last_scored, max(pos) AS last FROM ch GROUP BY id)
		SELECT ch.title, count(*), avg(ch.score), sum(ch.score = 0),
			sum(ch.pos = reach.last_scored AND reach.last > ch.pos)
		FROM ch JOIN reach ON reach.id = ch.id
		GROUP BY ch.title ORDER BY min(ch.pos), ch.title`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: insights challenges: %w", err)
	}
	defer rows.Close()
	out := []ChallengeResults{}
	for rows.Next() {
		var c ChallengeResults
		var avg sql.NullFloat64
		var stopped sql.NullInt64
		if err := rows.Scan(&c.Title, &c.Submitted, &avg, &c.Blank, &stopped); err != nil {
			return nil, fmt.Errorf("sqlite: insights challenges: %w", err)
		}
		if avg.Valid {
			c.Average = &avg.Float64
		}
		c.StoppedHere = int(stopped.Int64)
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
	cond, args := f.where()
	m, err := db.spreads(ctx, `SELECT CASE WHEN l.hired_at IS NOT NULL THEN '`+GroupHired+`'
			WHEN l.state = 'archived' THEN '`+GroupNotHired+`' ELSE '`+GroupOpen+`' END,
			i.score, coalesce(i.passed, 0)
		FROM invitations i LEFT JOIN lever_lifecycle l ON l.opportunity_id = i.opportunity_id
		WHERE `+cond+scored, args, lows)
	if err != nil {
		return nil, err
	}
	out := map[string]Spread{}
	for _, g := range []string{GroupHired, GroupNotHired, GroupOpen} {
		out[g] = orEmpty(m[g], lows)
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
