package backend

// Status is where a candidate stands with one assessment.
type Status string

// The statuses, in the order a candidate moves through them.
const (
	// StatusPending: the invitation is decided and recorded, not yet confirmed
	// by the assessment platform.
	StatusPending Status = "pending"
	// StatusInvited: the candidate has been sent the invitation e-mail.
	StatusInvited Status = "invited"
	// StatusStarted: the candidate has begun the assessment.
	StatusStarted Status = "started"
	// StatusExpired: the invitation's deadline passed without a submission.
	// Qualified no longer lets the candidate in; a late submission (from an
	// attempt begun in time) still moves it on to submitted.
	StatusExpired Status = "expired"
	// StatusSubmitted: the candidate has submitted; results are in.
	StatusSubmitted Status = "submitted"
	// StatusClosed: the platform closed the attempt without a submission
	// (expired, cancelled). No tag change.
	StatusClosed Status = "closed"
	// StatusFailed: the invitation could not be sent (no e-mail, API error);
	// the activity log says why and offers a retry.
	StatusFailed Status = "failed"
)

// Statuses lists every status, in order.
var Statuses = []Status{StatusPending, StatusInvited, StatusStarted, StatusExpired, StatusSubmitted, StatusClosed, StatusFailed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if v == s {
			return true
		}
	}
	return false
}

// rank orders the statuses a candidate moves through; a status never moves
// to a lower rank, whatever order webhooks arrive in.
func (s Status) rank() int {
	switch s {
	case StatusFailed:
		return 0
	case StatusPending:
		return 1
	case StatusInvited:
		return 2
	case StatusStarted:
		return 3
	case StatusExpired:
		return 4
	case StatusSubmitted, StatusClosed:
		return 5
	}
	return -1
}

// Advances reports whether moving from s to next is progress. A failed
// invitation may be retried into any status; nothing moves back.
func (s Status) Advances(next Status) bool {
	return next.rank() > s.rank()
}

// StatusForState maps a Qualified result state to a status.
func StatusForState(state string) Status {
	switch state {
	case "invited", "opened":
		return StatusInvited
	case "started":
		return StatusStarted
	case "submitting", "submitted":
		return StatusSubmitted
	case "terminated":
		return StatusClosed
	}
	return ""
}

// Tag suffixes that follow an assessment title in Lever.
const (
	SuffixInvited   = " - Invited"
	SuffixStarted   = " - Started"
	SuffixSubmitted = " - Submitted"
	SuffixExpired   = " - Expired"
)

// TagFor is the Lever tag that shows status for an assessment titled title,
// or "" when the status has no tag of its own.
func TagFor(title string, s Status) string {
	switch s {
	case StatusInvited:
		return title + SuffixInvited
	case StatusStarted:
		return title + SuffixStarted
	case StatusSubmitted:
		return title + SuffixSubmitted
	case StatusExpired:
		return title + SuffixExpired
	}
	return ""
}

// TagsReplacedBy lists the tags that the tag for status s replaces: the
// earlier stages' tags. The plain title tag is handled by the caller, since
// only a tag on the candidate (not the job) is removed.
func TagsReplacedBy(title string, s Status) []string {
	switch s {
	case StatusStarted:
		return []string{title + SuffixInvited}
	case StatusSubmitted:
		return []string{title + SuffixInvited, title + SuffixStarted, title + SuffixExpired}
	case StatusExpired:
		return []string{title + SuffixInvited, title + SuffixStarted}
	}
	return nil
}
