package workflow

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// StageChangeArgs asks for one opportunity's arrival in a stage to be decided.
type StageChangeArgs struct {
	OpportunityID string `json:"opportunity_id"`
	StageID       string `json:"stage_id"`
	FromStageID   string `json:"from_stage_id,omitempty"`
	// Source says how the change was learnt: "webhook" or "catch-up".
	Source string `json:"source"`
}

// Kind names the job.
func (StageChangeArgs) Kind() string { return "stage_change" }

// Sources of a stage change.
const (
	SourceWebhook = "webhook"
	SourceCatchUp = "catch-up"
	SourceRetry   = "retry"
)

// match is an assessment named by a tag.
type match struct {
	assessment backend.Assessment
	tag        string
	place      backend.TagPlace
}

func (e *Engine) workStageChange(ctx context.Context, job *river.Job[StageChangeArgs]) error {
	e.yieldToWebhooks(ctx)
	a := job.Args
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "stage change", OpportunityID: a.OpportunityID, StageID: a.StageID}
	trigger, err := e.db.TriggerStage(ctx, a.StageID)
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		act.Outcome, act.Message = backend.OutcomeSkipped, "The stage is no longer a trigger stage."
		e.logActivity(ctx, act)
		return nil
	}
	if err != nil {
		return err
	}
	unlock := e.locks.Lock(a.OpportunityID)
	defer unlock()

	opp, err := e.lever.Opportunity(ctx, a.OpportunityID)
	if lever.IsNotFound(err) {
		act.Outcome, act.Message = backend.OutcomeSkipped, "The candidate no longer exists in Lever."
		e.logActivity(ctx, act)
		return nil
	}
	if err != nil {
		return e.retryOrFail(ctx, job.JobRow, act, "Could not read the candidate from Lever", err)
	}
	name := opp.Name
	skip := func(entered time.Time, outcome, msg string) error {
		act.Outcome, act.Message = backend.OutcomeSkipped, name+": "+msg
		if entered.IsZero() {
			e.logActivity(ctx, act)
			return nil
		}
		// The line and the decided entry go together, so a decision is never
		// logged twice or recorded without its line.
		err := e.db.Tx(ctx, func(tx *sql.Tx) error {
			now := e.now()
			if err := sqlite.LogActivity(ctx, tx, act, now); err != nil {
				return err
			}
			return sqlite.RecordStageEntry(ctx, tx, opp.ID, a.StageID, entered, outcome, now)
		})
		if err == nil {
			e.onChange()
		}
		return forCandidate(name, err)
	}
	if opp.Archived != nil {
		return skip(time.Time{}, "archived", "archived in Lever, not invited.")
	}
	if opp.StageID != a.StageID {
		return skip(time.Time{}, "moved", fmt.Sprintf("no longer in %s, not invited.", stageName(trigger)))
	}
	entered := enteredStageAt(opp, a.StageID)
	if entered.Before(trigger.Since) {
		return skip(entered, "already-there", fmt.Sprintf("was already in %s before it became a trigger stage, so was skipped.", stageName(trigger)))
	}

	matches, err := e.matchAssessments(ctx, opp)
	if err != nil {
		return forCandidate(name, e.retryOrFail(ctx, job.JobRow, act, "Could not match tags to assessments", err))
	}
	if len(matches) == 0 {
		return skip(entered, "no-tag", fmt.Sprintf("no tag on the candidate or the job names an assessment (tags: %s).", tagList(opp.Tags)))
	}

	cand := candidateFrom(opp)
	if cand.PostingID != "" {
		// Already cached by the tag match: no extra call.
		if p, err := e.cache.Posting(ctx, e.lever, cand.PostingID); err == nil {
			cand.PostingTitle = p.Text
		}
	}
	now := e.now()
	var due []backend.Invitation
	err = e.db.Tx(ctx, func(tx *sql.Tx) error {
		due = due[:0]
		if err := sqlite.UpsertCandidate(ctx, tx, cand, now); err != nil {
			return err
		}
		for _, m := range matches {
			inv := backend.Invitation{
				OpportunityID: opp.ID, AssessmentID: m.assessment.ID, AssessmentTitle: strings.TrimSpace(m.assessment.Title),
				MatchedTag: m.tag, TagPlace: m.place, StageID: a.StageID, Status: backend.StatusPending,
			}
			if cand.Email == "" {
				inv.Status, inv.Error = backend.StatusFailed, "The candidate has no e-mail address in Lever. Add one, then retry."
			}
			inv, isDue, err := sqlite.EnsureInvitation(ctx, tx, inv, now)
			if err != nil {
				return err
			}
			if !isDue {
				continue
			}
			due = append(due, inv)
			if inv.Status == backend.StatusPending {
				if _, err := e.river.InsertTx(ctx, tx, InviteArgs{InvitationID: inv.ID, Attempt: inv.Attempt}, nil); err != nil {
					return fmt.Errorf("workflow: queue invitation: %w", err)
				}
			}
		}
		// The decision's lines are written with it: a reader never sees a
		// failed invitation before its line, and a stop cannot lose the line.
		lines := make([]backend.Activity, 0, len(due)+1)
		for _, inv := range due {
			line := act
			line.InvitationID = inv.ID
			if inv.Status == backend.StatusFailed {
				line.Outcome, line.Message = backend.OutcomeFailed, notInvited(name, inv.AssessmentTitle, inv.Error)
			} else {
				line.Outcome, line.Message = backend.OutcomeOK, fmt.Sprintf("%s entered %s: inviting to %s (tag %q on the %s).",
					name, stageName(trigger), inv.AssessmentTitle, inv.MatchedTag, inv.TagPlace)
			}
			lines = append(lines, line)
		}
		if len(due) == 0 {
			line := act
			line.Outcome, line.Message = backend.OutcomeIgnored, name+": already invited to every tagged assessment."
			lines = append(lines, line)
		}
		if err := sqlite.LogActivities(ctx, tx, lines, now); err != nil {
			return err
		}
		return sqlite.RecordStageEntry(ctx, tx, opp.ID, a.StageID, entered, "decided", now)
	})
	if err != nil {
		return forCandidate(name, err)
	}
	e.onChange()
	return nil
}

// enteredStageAt is when the opportunity last entered stageID.
func enteredStageAt(opp *lever.Opportunity, stageID string) time.Time {
	var at int64
	for _, c := range opp.StageChanges {
		if c.ToStageID == stageID && c.UpdatedAt > at {
			at = c.UpdatedAt
		}
	}
	if at == 0 {
		at = opp.LastAdvancedAt
	}
	if at == 0 {
		// Lever said nothing: treat the arrival as new rather than miss a candidate.
		return time.Now()
	}
	return time.UnixMilli(at)
}

// matchAssessments finds the published assessments named by a tag on the
// candidate or on one of its postings. A tag on the candidate wins, since it
// is the one that gets replaced.
func (e *Engine) matchAssessments(ctx context.Context, opp *lever.Opportunity) ([]match, error) {
	all, err := e.cache.Assessments(ctx, e.provider)
	if err != nil {
		return nil, err
	}
	byTitle := map[string]backend.Assessment{}
	for _, a := range all {
		k := backend.NormalizeTitle(a.Title)
		if _, dup := byTitle[k]; a.Published && k != "" && !dup {
			byTitle[k] = a
		}
	}
	var out []match
	seen := map[string]bool{}
	add := func(tag string, place backend.TagPlace) {
		if a, ok := byTitle[backend.NormalizeTitle(tag)]; ok && !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, match{assessment: a, tag: tag, place: place})
		}
	}
	for _, t := range opp.Tags {
		add(t, backend.TagOnCandidate)
	}
	for _, pid := range opp.PostingIDs {
		p, err := e.cache.Posting(ctx, e.lever, pid)
		if lever.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, t := range p.Tags {
			add(t, backend.TagOnPosting)
		}
	}
	return out, nil
}

func candidateFrom(opp *lever.Opportunity) backend.Candidate {
	c := backend.Candidate{OpportunityID: opp.ID, ContactID: opp.ContactID, Name: opp.Name, ProfileURL: opp.URLs.Show}
	for _, m := range opp.Emails {
		if m = strings.TrimSpace(m); m != "" {
			c.Email = m
			break
		}
	}
	if len(opp.PostingIDs) > 0 {
		c.PostingID = opp.PostingIDs[0]
	}
	return c
}

func stageName(t backend.TriggerStage) string {
	if t.Name != "" {
		return t.Name
	}
	return t.StageID
}

func tagList(tags []string) string {
	if len(tags) == 0 {
		return "none"
	}
	return strings.Join(tags, ", ")
}

// retryOrFail logs a failed call to Lever or Qualified and returns it as
// the job's error, saying what could not be done. Before the last attempt
// the line says it will be tried again and River retries with backoff;
// the last attempt, or an answer that retrying will not change, is
// recorded for the recruiter, with a Retry, by the one handler every job
// failure passes through (lastAttempt), so it is written once.
func (e *Engine) retryOrFail(ctx context.Context, row *rivertype.JobRow, act backend.Activity, what string, err error) error {
	if p := e.pause(ctx, err); p != nil {
		return p
	}
	act.Message = fmt.Sprintf("%s: %v", what, err)
	if row.Attempt < row.MaxAttempts && !permanent(err) {
		line := act
		line.Outcome = backend.OutcomeRetrying
		line.Message += fmt.Sprintf(" (attempt %d of %d; trying again)", row.Attempt, row.MaxAttempts)
		e.logActivity(ctx, line)
	}
	return &stepFailure{act: act, what: what, err: err}
}

// permanent reports an API answer that retrying will not change (a 4xx
// other than 408 and 429).
func permanent(err error) bool {
	var le *lever.Error
	if errors.As(err, &le) {
		return clientError(le.StatusCode)
	}
	var qe *qualified.Error
	if errors.As(err, &qe) {
		return clientError(qe.StatusCode)
	}
	return false
}

// clientError is a 4xx that a retry will not change: not a timeout (408) and
// not a rate limit (429).
func clientError(status int) bool {
	return status >= 400 && status < 500 && status != 408 && status != 429
}

// pauseWait is how long work that needs Lever waits before looking again
// whether the recruiter has reconnected.
const pauseWait = time.Minute

// pause holds a job back, without spending an attempt, while Lever refuses
// assessbridge's login; nil for any other error.
func (e *Engine) pause(ctx context.Context, err error) error {
	if !errors.Is(err, backend.ErrLeverLoginNeeded) {
		return nil
	}
	e.pausedMu.Lock()
	first := !e.paused
	e.paused = true
	e.pausedMu.Unlock()
	if first {
		e.logActivity(ctx, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "paused",
			Outcome: backend.OutcomeRetrying, Message: "Lever no longer accepts assessbridge's login, so work that needs Lever is waiting. Reconnect Lever in Setup; nothing is lost."})
	}
	return river.JobSnooze(pauseWait)
}

// Resume is called after Lever is reconnected: waiting work goes ahead now
// rather than when its wait runs out, and Lever is asked at once for
// candidates who entered a trigger stage meanwhile. That catch-up also
// queues again a decision that was being put off just as the recruiter
// reconnected, which the list below cannot see yet.
func (e *Engine) Resume(ctx context.Context) {
	e.pausedMu.Lock()
	e.paused = false
	e.pausedMu.Unlock()
	if _, err := e.river.Insert(ctx, CatchUpArgs{}, nil); err != nil {
		e.log.Error("catch-up after reconnecting not queued; it runs at the next poll", "err", err)
	}
	params := river.NewJobListParams().States(rivertype.JobStateScheduled).
		Kinds(StageChangeArgs{}.Kind(), InviteArgs{}.Kind(), ResultArgs{}.Kind())
	err := e.eachJob(ctx, params, func(j *rivertype.JobRow) error {
		_, err := e.river.JobRetry(ctx, j.ID)
		return err
	})
	if err != nil {
		e.log.Error("waiting work not resumed; it goes ahead when its wait runs out", "err", err)
	}
}
