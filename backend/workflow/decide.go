package workflow

import (
	"fmt"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
)

// arrival is what Lever says of a candidate reported in a trigger stage, as
// plain values: all that the decision reads of the opportunity.
type arrival struct {
	OpportunityID string
	Name          string
	// StageID is the stage the candidate is in now.
	StageID  string
	Archived bool
	// EnteredAt is when the candidate last entered the trigger stage.
	EnteredAt time.Time
	// Email is the candidate's address; "" when Lever holds none.
	Email string
	// Tags are the tags on the candidate.
	Tags []string
	// DecidedAlready: this very entry into the stage (the same EnteredAt) was
	// decided by an earlier job. Read from our own records, not from Lever.
	DecidedAlready bool
	// InviteExisting: the recruiter chose to invite this candidate although
	// they may have been in the stage since before it became a trigger
	// stage. Only that rule gives way; every other still holds.
	InviteExisting bool
	// OwnMove: assessbridge itself moved the candidate into the stage
	// (routing by score moving a pass on). Read from our own records.
	OwnMove bool
}

// arrivalFrom reads an arrival in stageID from Lever's opportunity.
func arrivalFrom(opp *lever.Opportunity, stageID string) arrival {
	return arrival{OpportunityID: opp.ID, Name: opp.Name, StageID: opp.StageID, Archived: opp.Archived != nil,
		EnteredAt: enteredStageAt(opp, stageID), Email: candidateFrom(opp).Email, Tags: opp.Tags}
}

// stageDecision is what to do about a candidate in a trigger stage, and why.
type stageDecision struct {
	// Invitations are the invitations to record, one for each assessment a
	// tag names: pending, or failed when the candidate has no e-mail address.
	// None when the candidate is skipped.
	Invitations []backend.Invitation
	// Skipped is the activity line that says why nobody is invited.
	Skipped string
	// Entry is how the stage entry is remembered, so that neither a
	// redelivery nor the catch-up decides it again; "" when it is not
	// remembered, because the candidate is not in the stage as asked.
	Entry string
}

// How a stage entry is remembered (stageDecision.Entry).
const (
	entryOwnMove      = "own-move"
	entryAlreadyThere = "already-there"
	entryNoTag        = "no-tag"
	entryDecided      = "decided"
)

// Lines for a stage change that ends before Lever is asked about the
// candidate, or because Lever no longer knows them.
const (
	skipNotATrigger   = "The stage is no longer a trigger stage."
	skipCandidateGone = "The candidate no longer exists in Lever."
	// noEmail is the reason an invitation fails when Lever holds no address.
	noEmail = "The candidate has no e-mail address in Lever. Add one, then retry."
)

// decideStageChange decides a candidate's arrival in a trigger stage: who is
// invited to what, or why nobody is. known is the Qualified account's
// assessments, jobTags the tags on the candidate's jobs (postings), in order.
func decideStageChange(stage backend.TriggerStage, a arrival, known []backend.Assessment, jobTags []string) stageDecision {
	if d, ok := admit(stage, a); !ok {
		return d
	}
	byTitle := map[string]backend.Assessment{}
	for _, as := range known {
		k := backend.NormalizeTitle(as.Title)
		if _, dup := byTitle[k]; as.Published && k != "" && !dup {
			byTitle[k] = as
		}
	}
	var d stageDecision
	seen := map[string]bool{}
	add := func(tag string, place backend.TagPlace) {
		as, ok := byTitle[backend.NormalizeTitle(tag)]
		if !ok || seen[as.ID] {
			return
		}
		seen[as.ID] = true
		inv := backend.Invitation{OpportunityID: a.OpportunityID, AssessmentID: as.ID, AssessmentTitle: strings.TrimSpace(as.Title),
			MatchedTag: tag, TagPlace: place, StageID: stage.StageID, Status: backend.StatusPending}
		if a.Email == "" {
			inv.Status, inv.Error = backend.StatusFailed, noEmail
		}
		d.Invitations = append(d.Invitations, inv)
	}
	// A tag on the candidate wins over the same on a job: it is the one that
	// gets replaced as the invitation moves on.
	for _, t := range a.Tags {
		add(t, backend.TagOnCandidate)
	}
	for _, t := range jobTags {
		add(t, backend.TagOnPosting)
	}
	if len(d.Invitations) == 0 {
		return stageDecision{Entry: entryNoTag,
			Skipped: fmt.Sprintf("%s: no tag on the candidate or the job names an assessment (tags: %s).", a.Name, tagList(a.Tags))}
	}
	d.Entry = entryDecided
	return d
}

// admit is the first half of the decision, before any tag is looked at: a
// candidate archived, moved on, or in the stage since before it became a
// trigger stage is skipped (false, with why). The engine asks no one about
// tags for a candidate it does not admit.
func admit(stage backend.TriggerStage, a arrival) (stageDecision, bool) {
	switch {
	case a.Archived:
		return stageDecision{Skipped: a.Name + ": archived in Lever, not invited."}, false
	case a.StageID != stage.StageID:
		return stageDecision{Skipped: fmt.Sprintf("%s: no longer in %s, not invited.", a.Name, stageName(stage))}, false
	case a.EnteredAt.Before(stage.Since) && !a.InviteExisting:
		return stageDecision{Entry: entryAlreadyThere,
			Skipped: fmt.Sprintf("%s: was already in %s before it became a trigger stage, so was skipped.", a.Name, stageName(stage))}, false
	case a.DecidedAlready:
		// A webhook and the catch-up can each queue a decision for one move;
		// the second decides nothing, so no line or e-mail is repeated.
		return stageDecision{Skipped: fmt.Sprintf("%s: this move into %s was handled already.", a.Name, stageName(stage))}, false
	case a.OwnMove:
		// Our own move starts nothing: routing into a trigger stage cannot loop.
		return stageDecision{Entry: entryOwnMove,
			Skipped: fmt.Sprintf("%s: moved into %s by assessbridge (routing by score), so this move invites no one.", a.Name, stageName(stage))}, false
	}
	return stageDecision{}, true
}

// invitationLine is the activity line of an invitation a decision made.
func invitationLine(name string, stage backend.TriggerStage, inv backend.Invitation) (backend.Outcome, string) {
	if inv.Status == backend.StatusFailed {
		return backend.OutcomeFailed, notInvited(name, inv.AssessmentTitle, inv.Error)
	}
	return backend.OutcomeOK, fmt.Sprintf("%s entered %s: inviting to %s (tag %q on the %s).",
		name, stageName(stage), inv.AssessmentTitle, inv.MatchedTag, inv.TagPlace)
}

// alreadyInvited is the line of a decision whose every invitation was made before.
func alreadyInvited(name string) string {
	return name + ": already invited to every tagged assessment."
}

// notInvited is the activity line of an invitation that could not be sent,
// whether found at the decision or when sending it.
func notInvited(name, title, reason string) string {
	return fmt.Sprintf("%s: not invited to %s. %s", name, title, reason)
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
