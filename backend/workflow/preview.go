package workflow

import (
	"fmt"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// Occupant is a candidate found in a stage, as plain values: what the
// preview reads of Lever's opportunity.
type Occupant struct {
	OpportunityID string
	Name          string
	// Email is the candidate's address; "" when Lever holds none.
	Email    string
	StageID  string
	Archived bool
	// EnteredAt is when the candidate last entered the stage.
	EnteredAt time.Time
	Tags      []string
	// PostingIDs are the candidate's jobs, in Lever's order.
	PostingIDs []string
	// PostingTitle is the first job's title, "" when unknown.
	PostingTitle string
}

// PreviewReason says why a candidate in the stage would or would not be
// invited by "Invite these N".
type PreviewReason string

// Preview reasons. The first two are invited by "Invite these N".
const (
	// ReasonAlreadyThere: in the stage since before it became a trigger
	// stage (or, for a stage that is not one yet, now), so the usual rule
	// skips them.
	ReasonAlreadyThere PreviewReason = "already-there"
	// ReasonNotYetInvited: entered since the stage became a trigger stage
	// and is not invited: no tag named an assessment then, or the decision
	// is still under way.
	ReasonNotYetInvited PreviewReason = "not-yet-invited"
	ReasonArchived      PreviewReason = "archived"
	ReasonNoEmail       PreviewReason = "no-email"
	ReasonNoTag         PreviewReason = "no-tag"
	ReasonInvited       PreviewReason = "already-invited"
	ReasonMovedOn       PreviewReason = "moved-on"
)

// Invites reports whether "Invite these N" invites a candidate with this reason.
func (r PreviewReason) Invites() bool { return r == ReasonAlreadyThere || r == ReasonNotYetInvited }

// PreviewRow is one candidate in a stage, and what "Invite these N" would
// do about them, with why.
type PreviewRow struct {
	OpportunityID string
	Name          string
	PostingTitle  string
	// Assessments are the titles a tag names that they would be invited to
	// now; for a candidate who is not invited, those a tag names at all.
	Assessments []string
	Reason      PreviewReason
	// Why is the reason in the recruiter's words.
	Why string
}

// Preview decides, for every candidate already in stage, whether "Invite
// these N" would invite them and to what, by the very decision a stage
// change gets (decideStageChange), with the one rule the recruiter's choice
// lifts: entering before the stage became a trigger stage. For a stage that
// is not a trigger stage yet, Since is zero: everyone there now would be
// skipped by the usual rule once it is turned on. known is the Qualified
// account's assessments, jobTags the tags on each posting by id, invited
// the assessments each opportunity has an invitation to (failed ones
// excluded: a repeated decision tries those again).
func Preview(stage backend.TriggerStage, candidates []Occupant, known []backend.Assessment,
	jobTags map[string][]string, invited map[string]map[string]bool) []PreviewRow {
	rows := make([]PreviewRow, 0, len(candidates))
	for _, c := range candidates {
		rows = append(rows, previewOne(stage, c, known, jobTags, invited[c.OpportunityID]))
	}
	return rows
}

func previewOne(stage backend.TriggerStage, c Occupant, known []backend.Assessment,
	jobTags map[string][]string, invited map[string]bool) PreviewRow {
	row := PreviewRow{OpportunityID: c.OpportunityID, Name: c.Name, PostingTitle: c.PostingTitle}
	a := arrival{OpportunityID: c.OpportunityID, Name: c.Name, StageID: c.StageID, Archived: c.Archived,
		EnteredAt: c.EnteredAt, Email: c.Email, Tags: c.Tags, InviteExisting: true}
	if _, ok := admit(stage, a); !ok {
		row.Reason, row.Why = ReasonMovedOn, "No longer in "+stageName(stage)+"."
		if c.Archived {
			row.Reason, row.Why = ReasonArchived, "Archived in Lever: archived candidates are never invited."
		}
		return row
	}
	var tags []string
	for _, pid := range c.PostingIDs {
		tags = append(tags, jobTags[pid]...)
	}
	d := decideStageChange(stage, a, known, tags)
	if len(d.Invitations) == 0 && len(invited) > 0 {
		// The invitation moved its tag on (Title - Invited): the tag names
		// nothing now, but the candidate was invited.
		for _, as := range known {
			if invited[as.ID] {
				row.Assessments = append(row.Assessments, strings.TrimSpace(as.Title))
			}
		}
		row.Reason, row.Why = ReasonInvited, "Already invited"
		if len(row.Assessments) > 0 {
			row.Why += " to " + strings.Join(row.Assessments, ", ")
		}
		row.Why += "."
		return row
	}
	if len(d.Invitations) == 0 {
		row.Reason, row.Why = ReasonNoTag, fmt.Sprintf("No tag on the candidate or the job names an assessment (tags: %s).", tagList(c.Tags))
		return row
	}
	var due, done []string
	for _, inv := range d.Invitations {
		if invited[inv.AssessmentID] {
			done = append(done, inv.AssessmentTitle)
		} else {
			due = append(due, inv.AssessmentTitle)
		}
	}
	switch {
	case len(due) == 0:
		row.Assessments = done
		row.Reason, row.Why = ReasonInvited, "Already invited to "+strings.Join(done, ", ")+"."
		return row
	case c.Email == "":
		row.Assessments = due
		row.Reason, row.Why = ReasonNoEmail, "No e-mail address in Lever: add one in Lever to invite them."
		return row
	}
	row.Assessments = due
	switch {
	case stage.Since.IsZero():
		row.Reason, row.Why = ReasonAlreadyThere, "Already in the stage: once it is a trigger stage, the usual rule skips them."
	case c.EnteredAt.Before(stage.Since):
		row.Reason, row.Why = ReasonAlreadyThere, "Was in the stage before it became a trigger stage, so the usual rule skipped them."
	default:
		row.Reason, row.Why = ReasonNotYetInvited, "Entered since it became a trigger stage and is not invited yet (no tag named an assessment then, or it is being handled now)."
	}
	if len(done) > 0 {
		row.Why += " Already invited to " + strings.Join(done, ", ") + "."
	}
	return row
}
