package workflow

import (
	"fmt"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// The decisions about deadlines, reminders and the recruiter's actions on
// an invitation: pure functions over plain values. deadlinejobs.go does the
// I/O.

// deadlineRequest fills the deadline and reminder of an invitation sent at
// now under rule; an invitation under an off rule carries neither.
func deadlineRequest(rule sqlite.DeadlineRule, now time.Time, req backend.InviteRequest) backend.InviteRequest {
	switch {
	case rule.QualifiedDefaults:
		req.DayDefaults = true
	default:
		if rule.ExpireDays > 0 {
			req.ExpiresAt = now.AddDate(0, 0, rule.ExpireDays)
		}
		if rule.RemindDays > 0 && (rule.ExpireDays == 0 || rule.RemindDays < rule.ExpireDays) {
			req.ReminderAt = now.AddDate(0, 0, rule.RemindDays)
		}
	}
	return req
}

// expiryDue reports whether an invitation has expired: its deadline has
// passed and the candidate has not handed in (invited or started).
func expiryDue(status backend.Status, expiresAt, now time.Time) bool {
	if expiresAt.IsZero() || now.Before(expiresAt) {
		return false
	}
	return status == backend.StatusInvited || status == backend.StatusStarted
}

// Actions a recruiter can take on an invitation.
const (
	ActionResend = "resend"
	ActionCancel = "cancel"
	ActionRetry  = "retry"
)

// actionAllowed says whether action fits an invitation in status, and why
// not in the recruiter's words. A resend or a cancel is for an invitation
// still open (invited or started; a resend only before the candidate has
// started); a second go ("invite again") is for one that is over (expired,
// closed, submitted) or a candidate who came back to a trigger stage.
func actionAllowed(action string, status backend.Status, cameBack bool) (bool, string) {
	switch action {
	case ActionResend:
		if status == backend.StatusInvited {
			return true, ""
		}
		return false, "only an invitation the candidate has not started can be sent again"
	case ActionCancel:
		switch status {
		case backend.StatusPending, backend.StatusInvited, backend.StatusStarted, backend.StatusExpired:
			// A pending one is withdrawn before it is sent.
			return true, ""
		}
		return false, "only an open invitation can be cancelled"
	case ActionRetry:
		switch {
		case status == backend.StatusExpired, status == backend.StatusClosed, status == backend.StatusSubmitted:
			return true, ""
		case cameBack && status != backend.StatusPending && status != backend.StatusFailed:
			return true, ""
		}
		return false, "a second go is for an invitation that is over (expired, cancelled or submitted) or a candidate who came back"
	}
	return false, "unknown action"
}

// actionStep is what an action's job does next, from the state its row
// holds.
type actionStep int

const (
	// stepCall: Qualified has not been called for this click; call it.
	stepCall actionStep = iota
	// stepLook: Qualified was called and its answer is not recorded (an
	// error, or a crash between the call and the write). A cancel or a
	// second go is safe to send again (Qualified answers a repeat as the
	// first); a resend is not: it is not repeated, and ends "unsure".
	stepLook
	// stepNone: the click is dealt with.
	stepNone
)

func nextActionStep(a sqlite.InvitationAction) actionStep {
	switch a.State {
	case "queued":
		return stepCall
	case "calling":
		return stepLook
	}
	return stepNone
}

// reinviteTags is the tag change of a second go: the invited tag comes back
// and every later status's tag gives way.
func reinviteTags(title string) (add string, remove []string) {
	add = backend.TagFor(title, backend.StatusInvited)
	for _, s := range []backend.Status{backend.StatusStarted, backend.StatusExpired, backend.StatusSubmitted} {
		remove = append(remove, backend.TagFor(title, s))
	}
	return add, remove
}

// cancelTags is the tag change of a cancel: the status tag goes and none
// takes its place (the title tag that triggered the invitation is long
// gone; nothing is put back).
func cancelTags(applied string) []string {
	if applied == "" {
		return nil
	}
	return []string{applied}
}

// dueLine says when an invitation is due, as the dashboard shows it.
func dueLine(status backend.Status, expiresAt, now time.Time) string {
	switch {
	case status == backend.StatusExpired:
		return "expired"
	case expiresAt.IsZero() || (status != backend.StatusInvited && status != backend.StatusStarted):
		return ""
	case !now.Before(expiresAt):
		return "past its deadline"
	}
	d := expiresAt.Sub(now)
	switch days := int(d.Hours() / 24); {
	case days >= 2:
		return fmt.Sprintf("due in %d days", days)
	case d >= 24*time.Hour:
		return "due tomorrow"
	default:
		return fmt.Sprintf("due in %d hours", max(1, int(d.Hours())))
	}
}

// DueLine says when an invitation is due ("due in 3 days", "expired"), or ""
// when it has no deadline that matters any more.
func DueLine(status backend.Status, expiresAt, now time.Time) string {
	return dueLine(status, expiresAt, now)
}
