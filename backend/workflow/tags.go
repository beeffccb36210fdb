package workflow

import (
	"context"
	"fmt"

	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// syncTags brings the candidate's tag for one assessment in line with the
// invitation's status (see tagChange). The caller holds the
// opportunity's lock; statuses only move forward, so tags never flip back.
func (e *Engine) syncTags(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation) error {
	want, remove, due := tagChange(inv)
	if !due {
		return nil
	}
	performAs, err := e.db.Setting(ctx, sqlite.SettingPerformAs)
	if err != nil {
		return err
	}
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "tags",
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	if err := e.lever.AddTags(ctx, inv.OpportunityID, []string{want}, performAs); err != nil {
		return e.tagError(ctx, row, act, inv, want, err)
	}
	crashPoint(crashBetweenTags)
	if len(remove) > 0 {
		if err := e.lever.RemoveTags(ctx, inv.OpportunityID, remove, performAs); err != nil {
			return e.tagError(ctx, row, act, inv, want, err)
		}
	}
	act.Outcome, act.Message = backend.OutcomeOK, fmt.Sprintf("%s: tagged %q.", inv.Candidate.Name, want)
	if err := e.db.SetAppliedTag(ctx, inv.ID, want, act); err != nil {
		return err
	}
	e.onChange()
	return nil
}

func (e *Engine) tagError(ctx context.Context, row *rivertype.JobRow, act backend.Activity, inv backend.Invitation, want string, err error) error {
	if p := e.pause(ctx, err); p != nil {
		return p
	}
	if notFound(err) {
		// Nothing left to tag: recording the tag as applied keeps result
		// polling from trying again every round.
		act.Outcome, act.Message = backend.OutcomeSkipped, fmt.Sprintf("%s: could not tag %q: the candidate no longer exists in Lever.", inv.Candidate.Name, want)
		if err := e.db.SetAppliedTag(ctx, inv.ID, want, act); err != nil {
			return err
		}
		e.onChange()
		return nil
	}
	return e.retryOrFail(ctx, row, act, fmt.Sprintf("%s: could not tag %q", inv.Candidate.Name, want), err)
}
