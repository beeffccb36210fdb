package workflow

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// routeSubmission carries out the assessment's routing rules for a
// submission whose results note is written. The decision is kept when
// first made; each step after it (outcome tag, move, archive) is done once,
// and a step left alone says why. The caller holds the opportunity's lock.
func (e *Engine) routeSubmission(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation) error {
	if inv.Status != backend.StatusSubmitted || inv.NoteID == "" {
		return nil
	}
	routed, found, err := e.db.Routed(ctx, inv.ID)
	if err != nil {
		return err
	}
	if !found {
		rules, saved, err := e.db.RoutingRules(ctx, inv.AssessmentID)
		if err != nil || !saved {
			return err
		}
		var cut float64
		if a, ok := e.cache.Assessment(ctx, e.provider, inv.AssessmentID); ok {
			cut = a.PassingScore
		}
		plan, ok := decideRouting(rules, inv, cut)
		if !ok {
			return nil
		}
		act := routingLine(inv, "routing", backend.OutcomeOK, plan.Line)
		if _, err := e.db.RecordRouting(ctx, plan.Routed, act); err != nil {
			return err
		}
		e.onChange()
		if routed, _, err = e.db.Routed(ctx, inv.ID); err != nil {
			return err
		}
	}
	return e.carryOut(ctx, row, inv, routed)
}

// carryOut does what a kept decision still has to do.
func (e *Engine) carryOut(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation, r sqlite.Routed) error {
	performAs, err := e.db.Setting(ctx, sqlite.SettingPerformAs)
	if err != nil {
		return err
	}
	if r.Tag != "" && !r.TagDone {
		act := routingLine(inv, "tags", backend.OutcomeOK, "")
		tagged, err := e.outcomeTagOn(ctx, inv, r)
		if err != nil && !notFound(err) {
			return e.retryOrFail(ctx, row, act, fmt.Sprintf("%s: could not read the candidate's tags from Lever", inv.Candidate.Name), err)
		}
		if err == nil && !tagged {
			if err = e.db.SetRoutingTagSent(ctx, inv.ID); err != nil {
				return err
			}
			err = e.lever.AddTags(ctx, inv.OpportunityID, []string{r.Tag}, performAs)
			crashPoint(crashAfterTag)
		}
		if err != nil && !notFound(err) {
			return e.retryOrFail(ctx, row, act, fmt.Sprintf("%s: could not tag %q", inv.Candidate.Name, r.Tag), err)
		} else if err != nil {
			act.Outcome, act.Message = backend.OutcomeSkipped, fmt.Sprintf("%s: could not tag %q: the candidate no longer exists in Lever.", inv.Candidate.Name, r.Tag)
		} else {
			act.Message = fmt.Sprintf("%s: tagged %q.", inv.Candidate.Name, r.Tag)
		}
		if err := e.db.SetRoutingTagDone(ctx, inv.ID, act); err != nil {
			return err
		}
		e.onChange()
		crashPoint(crashBeforeMove)
	}
	rules, _, err := e.db.RoutingRules(ctx, inv.AssessmentID)
	if err != nil {
		return err
	}
	if r.MoveTo != "" && r.MoveState == sqlite.StepToDo {
		name := r.MoveTo
		if rules.PassStageID == r.MoveTo && rules.PassStageName != "" {
			name = rules.PassStageName
		}
		if err := e.routeMove(ctx, row, inv, r.MoveTo, name, performAs); err != nil {
			return err
		}
	}
	due := r.ArchiveState == sqlite.StepApproved || (r.ArchiveState == sqlite.StepToDo && r.ArchiveMode == backend.ArchiveAutomatic)
	if r.ArchiveReasonID != "" && due {
		text := r.ArchiveReasonID
		if rules.FailReasonID == r.ArchiveReasonID && rules.FailReasonText != "" {
			text = rules.FailReasonText
		}
		return e.routeArchive(ctx, row, inv, r.ArchiveReasonID, text, performAs)
	}
	return nil
}

// outcomeTagOn reports whether r's outcome tag is already on the candidate,
// when that is in doubt: it was sent before and its answer never recorded
// (a crash came between). Otherwise it reads nothing and reports false.
func (e *Engine) outcomeTagOn(ctx context.Context, inv backend.Invitation, r sqlite.Routed) (bool, error) {
	if !r.TagSent {
		return false, nil
	}
	opp, err := e.lever.Opportunity(ctx, inv.OpportunityID)
	if err != nil {
		return false, err
	}
	return slices.Contains(opp.Tags, r.Tag), nil
}

// lookFirst reads the candidate from Lever before a move or an archive: a
// recruiter's choice made since the invitation stands, and a step whose
// answer was lost is found done rather than made twice. A candidate gone
// from Lever is left alone.
func (e *Engine) lookFirst(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation, act backend.Activity) (standing, bool, error) {
	opp, err := e.lever.Opportunity(ctx, inv.OpportunityID)
	if notFound(err) {
		return standing{}, false, nil
	}
	if err != nil {
		return standing{}, false, e.retryOrFail(ctx, row, act, "Could not read the candidate from Lever", err)
	}
	return standingOf(opp), true, nil
}

// lookedStep is a move or an archive: Lever is looked at first, then the
// call is made once.
type lookedStep struct {
	event string
	set   func(ctx context.Context, invitationID int64, state, note string, logged ...backend.Activity) error
	// gone is the line when the candidate is no longer in Lever.
	gone   string
	decide func(now standing) (stepAction, string)
	call   func() error
	// before runs just before the call (remembering our own move).
	before func() error
	failed string
	done   string
}

// routeMove moves a passing candidate to the chosen stage, once.
func (e *Engine) routeMove(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation, stageID, stageName, performAs string) error {
	return e.runStep(ctx, row, inv, lookedStep{
		event:  "move",
		set:    e.db.SetRoutingMove,
		gone:   fmt.Sprintf("%s was not moved to %s: the candidate no longer exists in Lever.", inv.Candidate.Name, stageName),
		decide: func(now standing) (stepAction, string) { return moveStep(inv, now, stageID, stageName) },
		// Remembered before Lever is asked, so the stage change the move
		// fires is known as ours however soon it arrives.
		before: func() error { return e.db.RecordOwnMove(ctx, inv.OpportunityID, stageID, e.now()) },
		call: func() error {
			if err := e.lever.MoveToStage(ctx, inv.OpportunityID, stageID, performAs); err != nil {
				return err
			}
			crashPoint(crashAfterMove)
			return nil
		},
		failed: fmt.Sprintf("%s: could not move them to %s", inv.Candidate.Name, stageName),
		done:   fmt.Sprintf("%s: moved to %s in Lever, as the rules for %s say for a pass.", inv.Candidate.Name, stageName, inv.AssessmentTitle),
	})
}

// routeArchive archives a failing candidate with the chosen reason, once.
func (e *Engine) routeArchive(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation, reasonID, reasonText, performAs string) error {
	return e.runStep(ctx, row, inv, lookedStep{
		event:  "archive",
		set:    e.db.SetRoutingArchive,
		gone:   fmt.Sprintf("%s was not archived: the candidate no longer exists in Lever.", inv.Candidate.Name),
		decide: func(now standing) (stepAction, string) { return archiveStep(inv, now, reasonID, reasonText) },
		call:   func() error { return e.lever.Archive(ctx, inv.OpportunityID, reasonID, performAs) },
		failed: fmt.Sprintf("%s: could not archive them", inv.Candidate.Name),
		done:   archivedLine(inv, reasonText),
	})
}

// runStep looks at the candidate in Lever, then makes the step's call or
// says why not, and records how it ended with its line.
func (e *Engine) runStep(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation, s lookedStep) error {
	act := routingLine(inv, s.event, backend.OutcomeOK, "")
	now, exists, err := e.lookFirst(ctx, row, inv, act)
	if err != nil {
		return err
	}
	if !exists {
		act.Outcome, act.Message = backend.OutcomeSkipped, s.gone
		return e.finishStep(ctx, s.set, inv, sqlite.StepLeft, act)
	}
	switch step, why := s.decide(now); step {
	case stepAlreadyDone:
		act.Message = why
		return e.finishStep(ctx, s.set, inv, sqlite.StepDone, act)
	case stepLeaveAlone:
		act.Outcome, act.Message = backend.OutcomeSkipped, why
		return e.finishStep(ctx, s.set, inv, sqlite.StepLeft, act)
	}
	if s.before != nil {
		if err := s.before(); err != nil {
			return err
		}
	}
	if err := s.call(); err != nil {
		return e.retryOrFail(ctx, row, act, s.failed, err)
	}
	act.Message = s.done
	return e.finishStep(ctx, s.set, inv, sqlite.StepDone, act)
}

// finishStep records how a step ended, with its line; why it was left
// alone is kept for the dashboard.
func (e *Engine) finishStep(ctx context.Context, set func(context.Context, int64, string, string, ...backend.Activity) error,
	inv backend.Invitation, state string, act backend.Activity) error {
	note := ""
	if state == sqlite.StepLeft {
		note = act.Message
	}
	if err := set(ctx, inv.ID, state, note, act); err != nil {
		return err
	}
	e.onChange()
	return nil
}

func routingLine(inv backend.Invitation, event string, outcome backend.Outcome, message string) backend.Activity {
	return backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: event,
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID, Outcome: outcome, Message: message}
}

// ArchiveArgs asks for an archive the recruiter approved to be made.
type ArchiveArgs struct {
	InvitationID int64 `json:"invitation_id"`
}

// Kind names the job.
func (ArchiveArgs) Kind() string { return "archive" }

// InsertOpts makes one approval one job, however often it is clicked.
func (ArchiveArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

func (e *Engine) workArchive(ctx context.Context, job *river.Job[ArchiveArgs]) error {
	inv, unlock, err := e.lockInvitation(ctx, func() (backend.Invitation, error) { return e.db.Invitation(ctx, job.Args.InvitationID) })
	if inv == nil {
		return err
	}
	defer unlock()
	r, found, err := e.db.Routed(ctx, inv.ID)
	if err != nil || !found || r.ArchiveState != sqlite.StepApproved {
		return err
	}
	return e.carryOut(ctx, job.JobRow, *inv, r)
}

// archiveFailed writes the failed line of an approved archive that could
// not be made; its Retry reads the result again and carries the rules on.
func (e *Engine) archiveFailed(ctx context.Context, id int64, err error) error {
	inv, ierr := e.db.Invitation(ctx, id)
	if ierr != nil {
		return unlessGone(ierr)
	}
	act := lineFor(inv, "archive", err)
	if _, ok := asStep(err); !ok {
		act.Message = fmt.Sprintf("%s: not archived. %s", inv.Candidate.Name, failureReason(err))
	}
	return e.db.LogActivity(ctx, act)
}

// ApproveArchives makes the suggested archives of these invitations, each
// once: a second click, or an id whose suggestion was dismissed or done,
// changes nothing. Each approval writes a line.
func (e *Engine) ApproveArchives(ctx context.Context, ids []int64) error {
	return e.decideSuggestions(ctx, ids, []string{sqlite.StepSuggested}, sqlite.StepApproved, func(tx *sql.Tx, inv backend.Invitation) (string, error) {
		if _, err := e.river.InsertTx(ctx, tx, ArchiveArgs{InvitationID: inv.ID}, nil); err != nil {
			return "", fmt.Errorf("workflow: queue archive: %w", err)
		}
		return fmt.Sprintf("%s: archiving approved on the dashboard.", inv.Candidate.Name), nil
	})
}

// DismissArchives drops these suggestions, and clears suggestions that
// were left alone, with a line each.
func (e *Engine) DismissArchives(ctx context.Context, ids []int64) error {
	return e.decideSuggestions(ctx, ids, []string{sqlite.StepSuggested, sqlite.StepLeft}, sqlite.StepDismissed, func(_ *sql.Tx, inv backend.Invitation) (string, error) {
		return fmt.Sprintf("%s: archive suggestion dismissed; they stay as they are in Lever.", inv.Candidate.Name), nil
	})
}

func (e *Engine) decideSuggestions(ctx context.Context, ids []int64, from []string, to string, also func(*sql.Tx, backend.Invitation) (string, error)) error {
	invs := make([]backend.Invitation, 0, len(ids))
	for _, id := range ids {
		inv, err := e.db.Invitation(ctx, id)
		if err != nil {
			return err
		}
		invs = append(invs, inv)
	}
	return e.dbChange(ctx, func(tx *sql.Tx) error {
		now := e.now()
		for _, inv := range invs {
			moved, err := sqlite.MoveArchiveSuggestion(ctx, tx, inv.ID, from, to, now)
			if err != nil {
				return err
			}
			if !moved {
				continue
			}
			line, err := also(tx, inv)
			if err != nil {
				return err
			}
			if err := sqlite.LogActivity(ctx, tx, routingLine(inv, "archive", backend.OutcomeOK, line), now); err != nil {
				return err
			}
		}
		return nil
	})
}

// archivedLine says why a candidate was archived: a fail, or a deadline
// passed without a submission.
func archivedLine(inv backend.Invitation, reasonText string) string {
	if inv.Status == backend.StatusExpired {
		return fmt.Sprintf("%s: archived in Lever (%s) after letting %s expire.", inv.Candidate.Name, reasonText, inv.AssessmentTitle)
	}
	return fmt.Sprintf("%s: archived in Lever (%s) after failing %s.", inv.Candidate.Name, reasonText, inv.AssessmentTitle)
}
