package workflow

import (
	"fmt"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
)

// A candidate's life in Lever after the stage change: archived, unarchived,
// deleted, hired. decideLifecycle is the rule, over plain values; the
// lifecycle job (lifecyclejob.go) reads Lever and the database, calls it,
// and does what it says.

// lifeInvitation is one of the candidate's invitations as the rule sees it.
type lifeInvitation struct {
	ID                   int64
	AssessmentTitle      string
	Status               backend.Status
	ProviderInvitationID string
	// AppliedTag is the status tag assessbridge put on the candidate for it.
	AppliedTag string
}

// lifeEvent is a Lever event about a candidate, with what Lever says of them
// now: the delivery's own fields are not relied on (they are unconfirmed),
// the opportunity is read again.
type lifeEvent struct {
	Event string
	// Gone: Lever answers 404 for the opportunity (it was deleted).
	Gone bool
	// Archived is the opportunity's archive state now.
	Archived bool
	// Recorded is the archive state recorded before ("archived",
	// "unarchived", or "" when none was).
	Recorded string
	// HiredRecorded: a hire was recorded before.
	HiredRecorded bool
	// CancelOnArchive is the recruiter's setting.
	CancelOnArchive bool
	Invitations     []lifeInvitation
}

// lifeCancel is one invitation to withdraw.
type lifeCancel struct {
	Invitation lifeInvitation
	// AskQualified: the invitation was sent, so Qualified withdraws it;
	// false for one not sent yet, which is simply never sent.
	AskQualified bool
	// RemoveTags are the status tags taken off the candidate in Lever, as
	// the dashboard's Cancel does (none for a deleted candidate: there is
	// nothing left to tag).
	RemoveTags []string
}

// lifeDecision is what to do about a Lever event.
type lifeDecision struct {
	// Cancels are the invitations to withdraw, for Reason.
	Cancels []lifeCancel
	Reason  string // "archived" or "deleted"
	// RecordState is the archive state to record ("archived",
	// "unarchived"), "" for no change.
	RecordState string
	// RecordHired records the hire against the candidate's results.
	RecordHired bool
	// Forget removes what is kept about the candidate.
	Forget bool
	// Kept says, in the recruiter's words, what was left as it is and why
	// ("" when nothing needs saying).
	Kept string
}

// Nothing reports a decision that changes nothing.
func (d lifeDecision) Nothing() bool {
	return len(d.Cancels) == 0 && d.RecordState == "" && !d.RecordHired && !d.Forget
}

// cancellable reports an invitation still open in Qualified or not yet sent.
func cancellable(s backend.Status) bool {
	return s == backend.StatusPending || s == backend.StatusInvited || s == backend.StatusStarted
}

// cancelsOf lists the open invitations to withdraw; untag takes their
// status tags off in Lever too.
func cancelsOf(invs []lifeInvitation, untag bool) []lifeCancel {
	var out []lifeCancel
	for _, inv := range invs {
		if !cancellable(inv.Status) {
			continue
		}
		sent := inv.Status != backend.StatusPending && inv.ProviderInvitationID != ""
		c := lifeCancel{Invitation: inv, AskQualified: sent}
		if untag {
			c.RemoveTags = cancelTags(inv.AppliedTag)
		}
		out = append(out, c)
	}
	return out
}

// decideLifecycle decides what a Lever event about a candidate with
// invitations does:
//   - archived (and still archived): open invitations are withdrawn when
//     the setting says so (an invitation being sent is sent first, then
//     withdrawn; one not yet sent is never sent); the dashboard shows it;
//   - unarchived: shown, nothing automatic;
//   - deleted (and gone from Lever): open invitations are withdrawn, and
//     what is kept about the candidate is removed but for the counts;
//   - hired: recorded against the candidate's results.
func decideLifecycle(ev lifeEvent) lifeDecision {
	var d lifeDecision
	switch ev.Event {
	case lever.EventCandidateDeleted:
		if !ev.Gone {
			d.Kept = "Lever still has this candidate, so nothing was removed."
			return d
		}
		d.Reason, d.Cancels, d.Forget = "deleted", cancelsOf(ev.Invitations, false), true
	case lever.EventCandidateArchiveChange:
		switch {
		case ev.Gone:
			d.Kept = "The candidate is no longer in Lever; their deletion is handled when Lever reports it."
		case ev.Archived:
			if ev.Recorded != "archived" {
				d.RecordState = "archived"
			}
			open := cancelsOf(ev.Invitations, true)
			switch {
			case len(open) == 0:
			case ev.CancelOnArchive:
				d.Reason, d.Cancels = "archived", open
			default:
				d.Kept = "The invitation stays open: cancelling on archive is turned off in Settings."
			}
		default:
			if ev.Recorded != "unarchived" {
				d.RecordState = "unarchived"
			}
			d.Kept = "Nothing is done automatically: invite them again from the dashboard if needed."
		}
	case lever.EventCandidateHired:
		switch {
		case ev.Gone:
			d.Kept = "The candidate is no longer in Lever."
		case !ev.HiredRecorded:
			d.RecordHired = true
		}
	}
	return d
}

// lifecycleEvent reports an event of a candidate's life that the lifecycle
// job handles.
func lifecycleEvent(event string) bool {
	switch event {
	case lever.EventCandidateArchiveChange, lever.EventCandidateDeleted, lever.EventCandidateHired:
		return true
	}
	return false
}

// cancelLine is the activity line of a withdrawn invitation. A deleted
// candidate is not named: nothing personal is kept about them.
func cancelLine(name string, c lifeCancel, reason string) string {
	line := withdrawnLine(name, c, reason)
	if len(c.RemoveTags) > 0 {
		line = strings.TrimSuffix(line, ".") + fmt.Sprintf("; tag %q removed in Lever.", strings.Join(c.RemoveTags, `", "`))
	}
	return line
}

func withdrawnLine(name string, c lifeCancel, reason string) string {
	switch {
	case reason == "deleted" && c.AskQualified:
		return fmt.Sprintf("Deleted in Lever: the invitation to %s was cancelled in Qualified.", c.Invitation.AssessmentTitle)
	case reason == "deleted":
		return fmt.Sprintf("Deleted in Lever: the invitation to %s will not be sent.", c.Invitation.AssessmentTitle)
	case c.AskQualified:
		return fmt.Sprintf("%s was archived in Lever: the invitation to %s was cancelled in Qualified.", name, c.Invitation.AssessmentTitle)
	}
	return fmt.Sprintf("%s was archived in Lever: the invitation to %s will not be sent.", name, c.Invitation.AssessmentTitle)
}

// stateLine is the activity line of an archive state recorded.
func stateLine(name, state, kept string) string {
	msg := fmt.Sprintf("%s was %s in Lever.", name, state)
	if kept != "" {
		msg += " " + kept
	}
	return msg
}

// hiredLine is the activity line of a hire recorded.
func hiredLine(name string, at time.Time, n int) string {
	return fmt.Sprintf("%s was hired in Lever on %s; recorded against %d assessment result(s).", name, at.UTC().Format("2 Jan 2006"), n)
}
