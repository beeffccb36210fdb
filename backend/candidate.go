package backend

import (
	"errors"
	"fmt"
	"time"
)

// Candidate is a Lever opportunity as the dashboard shows it. Everything is
// keyed on the opportunity id: tags and notes live there, and one person can
// have several opportunities.
type Candidate struct {
	OpportunityID string
	ContactID     string
	Name          string
	Email         string
	PostingID     string
	PostingTitle  string
	// ProfileURL opens the candidate in Lever.
	ProfileURL string
}

// TagPlace says where the tag that named an assessment was found.
type TagPlace string

// Where a matching tag can be.
const (
	TagOnCandidate TagPlace = "candidate"
	TagOnPosting   TagPlace = "posting"
)

// Invitation is one candidate invited (or to be invited) to one assessment.
// There is at most one per opportunity and assessment.
type Invitation struct {
	ID              int64
	OpportunityID   string
	AssessmentID    string
	AssessmentTitle string
	// MatchedTag is the tag as it was spelled in Lever.
	MatchedTag string
	TagPlace   TagPlace
	StageID    string
	Status     Status
	// AppliedTag is the status tag last written to Lever.
	AppliedTag string
	// Attempt counts invitation attempts; a retry after a failure starts a new one.
	Attempt int

	ProviderInvitationID string
	ResultID             string
	InviteURL            string

	Score      *float64
	Passed     *bool
	TimeSpent  time.Duration
	Challenges []ChallengeScore
	ReportURL  string

	NoteID string
	// NoteAttempted is set before a note is posted, so a retry after a crash
	// looks for the note before posting another.
	NoteAttempted bool
	Error         string

	InvitedAt   time.Time
	StartedAt   time.Time
	SubmittedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Candidate Candidate
}

// TriggerStage is a Lever stage whose new arrivals are invited. Since is when
// it became a trigger: candidates who entered the stage before then are skipped.
type TriggerStage struct {
	StageID string
	Name    string
	Since   time.Time
}

// Activity is one line of the activity log: a webhook received or an action
// taken, with its outcome.
type Activity struct {
	ID            int64
	At            time.Time
	Kind          ActivityKind
	Source        string // "lever", "qualified" or "assessbridge"
	Event         string
	OpportunityID string
	InvitationID  int64
	// StageID is the trigger stage a stage-change line is about.
	StageID string
	Outcome Outcome
	Message string
}

// ActivityKind separates what arrived from what was done.
type ActivityKind string

// The kinds of activity.
const (
	KindWebhook ActivityKind = "webhook"
	KindAction  ActivityKind = "action"
)

// Outcome is how an activity ended.
type Outcome string

// The outcomes.
const (
	OutcomeOK       Outcome = "ok"
	OutcomeIgnored  Outcome = "ignored"
	OutcomeSkipped  Outcome = "skipped"
	OutcomeRejected Outcome = "rejected"
	OutcomeRetrying Outcome = "retrying"
	OutcomeFailed   Outcome = "failed"
)

// ErrLeverLoginNeeded means Lever no longer accepts assessbridge's login (a
// revoked key, an expired or revoked OAuth grant). Work that needs Lever
// waits, without losing its place, until the recruiter reconnects.
var ErrLeverLoginNeeded = errors.New("Lever no longer accepts assessbridge's login: reconnect Lever in Setup")

// Error codes, in the spirit of wtf: the HTTP layer maps them to statuses once.
const (
	ENOTFOUND     = "not_found"
	EINVALID      = "invalid"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EINTERNAL     = "internal"
)

// Error is a domain error with a code and a message fit to show a recruiter.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns a domain error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of a domain error, EINTERNAL otherwise.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of a domain error, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
