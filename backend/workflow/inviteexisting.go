package workflow

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/riverqueue/river"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// eventInviteExisting names the activity of "Invite these N".
const eventInviteExisting = "invite already in stage"

// Bounds of a preview: a stage holding thousands costs at most
// PreviewScan/100 list calls, and the answer lists PreviewLimit candidates.
const (
	PreviewScan  = 2000
	PreviewLimit = 200
)

// StagePreview is who is in a stage now, and what "Invite these N" would do
// about each of them.
type StagePreview struct {
	Stage backend.TriggerStage
	// InStage counts the active candidates read from the stage; More says
	// Lever holds more than were read (PreviewScan).
	InStage int
	More    bool
	// Invitable counts those of InStage that "Invite these N" would invite.
	Invitable int
	// Counts are InStage by reason.
	Counts map[PreviewReason]int
	// Rows are at most PreviewLimit of them: those who would be invited
	// first, then the others, each group in Lever's order.
	Rows []PreviewRow
}

// stageLister reads a bounded number of a stage's candidates (lever.Client).
type stageLister interface {
	OpportunitiesUpTo(ctx context.Context, f lever.OpportunityFilter, upTo int) ([]lever.Opportunity, bool, error)
}

// PreviewStage reads the active candidates in stage from Lever, the tags of
// their jobs (each job once, and kept as the stage changes keep them), the
// Qualified assessments (kept likewise) and our invitations, and runs
// Preview over them. stage.Since is zero for a stage that is not a trigger
// stage yet. Lever's own errors come back as they are.
func (e *Engine) PreviewStage(ctx context.Context, stage backend.TriggerStage) (StagePreview, error) {
	active := false
	f := lever.OpportunityFilter{StageIDs: []string{stage.StageID}, Archived: &active}
	var opps []lever.Opportunity
	var more bool
	var err error
	if l, ok := e.lever.(stageLister); ok {
		opps, more, err = l.OpportunitiesUpTo(ctx, f, PreviewScan)
	} else {
		opps, err = e.lever.Opportunities(ctx, f)
	}
	if err != nil {
		return StagePreview{}, err
	}
	known, err := e.cache.Assessments(ctx, e.provider)
	if err != nil {
		return StagePreview{}, err
	}
	jobTags, titles := map[string][]string{}, map[string]string{}
	occupants := make([]Occupant, 0, len(opps))
	ids := make([]string, 0, len(opps))
	for i := range opps {
		opp := &opps[i]
		for _, pid := range opp.PostingIDs {
			if _, read := jobTags[pid]; read {
				continue
			}
			p, err := e.cache.Posting(ctx, e.lever, pid)
			switch {
			case notFound(err):
				jobTags[pid] = nil
			case err != nil:
				return StagePreview{}, err
			default:
				jobTags[pid], titles[pid] = p.Tags, p.Text
			}
		}
		in := arrivalFrom(opp, stage.StageID)
		c := candidateFrom(opp)
		occupants = append(occupants, Occupant{OpportunityID: opp.ID, Name: opp.Name, Email: in.Email, StageID: opp.StageID,
			Archived: in.Archived, EnteredAt: in.EnteredAt, Tags: opp.Tags, PostingIDs: opp.PostingIDs, PostingTitle: titles[c.PostingID]})
		ids = append(ids, opp.ID)
	}
	invited, err := e.db.InvitedAssessments(ctx, ids)
	if err != nil {
		return StagePreview{}, err
	}
	rows := Preview(stage, occupants, known, jobTags, invited)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Reason.Invites() && !rows[j].Reason.Invites() })
	p := StagePreview{Stage: stage, InStage: len(rows), More: more, Counts: map[PreviewReason]int{}}
	for _, r := range rows {
		p.Counts[r.Reason]++
		if r.Reason.Invites() {
			p.Invitable++
		}
	}
	p.Rows = rows[:min(len(rows), PreviewLimit)]
	return p, nil
}

// InviteExisting is "Invite these N": it queues, for each opportunity the
// recruiter saw in the preview, the decision a stage change gets, with the
// one rule lifted that skips candidates there since before the stage became
// a trigger stage. Everything is checked again when the decision runs: an
// archived candidate, one without an e-mail address, one already invited or
// one no longer in the stage is not invited, and a second request, or a
// webhook for the same move, invites no one twice. The decisions and the
// recruiter's request are recorded in one transaction; it answers how many
// were queued.
func (e *Engine) InviteExisting(ctx context.Context, stageID string, opportunityIDs []string) (int, error) {
	trigger, err := e.db.TriggerStage(ctx, stageID)
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		return 0, backend.Errorf(backend.ECONFLICT, "This stage is not a trigger stage: save it as one first, then invite who is already in it.")
	}
	if err != nil {
		return 0, err
	}
	seen := map[string]bool{}
	jobs := make([]river.InsertManyParams, 0, len(opportunityIDs))
	for _, id := range opportunityIDs {
		if !seen[id] {
			seen[id] = true
			jobs = append(jobs, river.InsertManyParams{Args: StageChangeArgs{OpportunityID: id, StageID: stageID, Source: SourceInviteExisting}})
		}
	}
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: eventInviteExisting, StageID: stageID,
		Outcome: backend.OutcomeOK, Message: fmt.Sprintf("Inviting %d candidate(s) already in %s, as asked on the Trigger stages screen.", len(jobs), stageName(trigger))}
	err = e.dbChange(ctx, func(tx *sql.Tx) error {
		if _, err := e.river.InsertManyTx(ctx, tx, jobs); err != nil {
			return fmt.Errorf("workflow: queue invitations of candidates already in the stage: %w", err)
		}
		return sqlite.LogActivity(ctx, tx, act, e.now())
	})
	if err != nil {
		return 0, err
	}
	crashPoint(crashAfterInviteExisting)
	return len(jobs), nil
}

// crashAfterInviteExisting: "Invite these N" is queued, its answer not yet sent.
const crashAfterInviteExisting = "after-invite-existing"

// existingArrival readies a candidate's arrival for "Invite these N": the
// stage entry counts as decided only when it was decided with invitations,
// whether by the usual rule or by an earlier "Invite these N". A candidate
// skipped on arrival (there before the stage became a trigger stage, or
// untagged then) is what the recruiter asks to invite.
func (e *Engine) existingArrival(ctx context.Context, in arrival) (arrival, error) {
	in.InviteExisting = true
	outcome, err := e.db.StageEntryOutcome(ctx, in.OpportunityID, in.StageID, in.EnteredAt)
	in.DecidedAlready = outcome == entryDecided
	return in, err
}

// existingInvitationLine is the line of an invitation "Invite these N" made.
func existingInvitationLine(name string, stage backend.TriggerStage, inv backend.Invitation) string {
	return fmt.Sprintf("%s, already in %s: inviting to %s as the recruiter asked (tag %q on the %s).",
		name, stageName(stage), inv.AssessmentTitle, inv.MatchedTag, inv.TagPlace)
}
