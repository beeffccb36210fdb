// Package backend holds assessbridge's domain: the words a recruiter uses
// (candidate, assessment, invitation, status, trigger stage) and the small
// interfaces that have several implementations. It imports none of its
// subpackages and nothing that speaks HTTP or SQL.
package backend

import (
	"context"
	"strings"
	"time"
)

// Assessment is an assessment in the recruiter's Qualified account. Its Title
// is what a recruiter puts on a Lever candidate or job as a tag.
type Assessment struct {
	ID    string
	Title string
	// PassingScore is the cut in percent (0–100); zero when none is set.
	PassingScore float64
	// Published is false for drafts and archived assessments: they are never
	// matched by a tag.
	Published bool
	// DefaultExpirationDays and DefaultReminderDays are the assessment's own
	// deadline and reminder, in days after the invitation, that an invite
	// with DayDefaults applies; zero when the account sets none.
	DefaultExpirationDays int
	DefaultReminderDays   int
}

// InviteRequest asks the provider to invite one candidate to one assessment.
type InviteRequest struct {
	AssessmentID string
	Email        string
	FirstName    string
	LastName     string
	// AlternateID is the Lever opportunity id, so the provider's records point
	// back at the candidate.
	AlternateID string
	// ExpiresAt, when set, is the deadline: past it the candidate can no
	// longer take the assessment. ReminderAt, when set, is when the provider
	// reminds a candidate who has not started.
	ExpiresAt  time.Time
	ReminderAt time.Time
	// DayDefaults asks for the assessment's own deadline and reminder days
	// instead (where ExpiresAt and ReminderAt are not set).
	DayDefaults bool
}

// RetryAction is how a candidate is given a second go at an assessment.
type RetryAction string

// The ways to give a second go.
const (
	// RetryReopen lets the candidate back into the same attempt.
	RetryReopen RetryAction = "reopen"
	// RetryRetake starts a new attempt; the earlier one is kept.
	RetryRetake RetryAction = "retake"
)

// ProviderInvitation is what the provider answers to an invitation.
type ProviderInvitation struct {
	InvitationID string
	ResultID     string
	CandidateID  string
	// InviteURL is the absolute link the candidate received.
	InviteURL string
	// ExpiresAt is the deadline the provider set; zero when it sets none.
	ExpiresAt time.Time
	// ReminderAt is when the provider reminds the candidate; zero for none.
	ReminderAt time.Time
}

// ChallengeScore is one challenge's score inside a submitted result.
type ChallengeScore struct {
	Title string `json:"title"`
	// Score in percent (0–100).
	Score    float64 `json:"score"`
	Language string  `json:"language"`
}

// Result is the provider's record of one candidate taking one assessment.
type Result struct {
	ID              string
	AssessmentID    string
	AssessmentTitle string
	CandidateEmail  string
	// State is the provider's own word ("invited", "started", "submitted", …).
	State string
	// Status is State mapped to the project's statuses.
	Status Status
	// Score in percent; nil until submitted.
	Score *float64
	// Passed reports whether the score met the assessment's cut; nil when unknown.
	Passed      *bool
	InvitedAt   time.Time
	StartedAt   time.Time
	SubmittedAt time.Time
	UpdatedAt   time.Time
	TimeSpent   time.Duration
	Challenges  []ChallengeScore
	// ReportURL links to the result for a reviewer.
	ReportURL string
	// ClosedReason is why the provider closed the result ("" when open or
	// not said), such as ClosedInvitationCanceled.
	ClosedReason string
	// SimilarityRisk is the highest code-similarity risk across the
	// solutions ("low", "medium", "high"); "" where the provider gives none.
	SimilarityRisk string
}

// ClosedInvitationCanceled is the closed reason of a result whose
// invitation was cancelled.
const ClosedInvitationCanceled = "invitation_canceled"

// ResultNotice is what the provider's webhook says of a result. It is never
// trusted beyond ResultID: the result itself is read again from the provider.
type ResultNotice struct {
	// Event is the provider's trigger, such as "assessment_result_state_changed".
	Event          string
	ResultID       string
	State          string
	CandidateEmail string
	AssessmentID   string
}

// Provider is an assessment platform (Qualified). Every method returns an
// error carrying the platform's own code and message when the call fails.
type Provider interface {
	// Assessments lists every assessment in the account, published or not.
	Assessments(ctx context.Context) ([]Assessment, error)
	// Invite invites one candidate. It must never e-mail a candidate who is
	// already invited to the same assessment a second time.
	Invite(ctx context.Context, req InviteRequest) (ProviderInvitation, error)
	// Result re-reads one result, with its per-challenge scores and report link
	// once it is submitted.
	Result(ctx context.Context, id string) (Result, error)
	// ResultsUpdatedSince lists results changed at or after since (without
	// per-challenge scores); it is the safety net for missed webhooks.
	ResultsUpdatedSince(ctx context.Context, since time.Time) ([]Result, error)
	// ResultsByIDs re-reads several results at once (without per-challenge
	// scores); the poller uses it for invitations still in flight.
	ResultsByIDs(ctx context.Context, ids []string) ([]Result, error)
	// Cancel withdraws an invitation (by the provider's invitation id); an
	// attempt under way is closed. Cancelling one already cancelled is no
	// error, so a Cancel whose answer was lost may be repeated.
	Cancel(ctx context.Context, invitationID string) error
	// Resend e-mails an existing invitation to the candidate again. Every
	// call that reaches the provider is one more e-mail, so it is never
	// repeated on its own: the caller looks before calling again.
	Resend(ctx context.Context, req InviteRequest) (ProviderInvitation, error)
	// Retry gives a candidate whose attempt is over (handed in, closed,
	// cancelled or expired) a second go, with req's deadline, and e-mails
	// them once. Like Resend it is never repeated on its own.
	Retry(ctx context.Context, req InviteRequest, action RetryAction) (ProviderInvitation, error)
	// ReportSource shares a result's report, and its PDF where the account
	// has one (report.go).
	ReportSource
}

// NormalizeTitle is how a tag is compared with an assessment title: trimmed
// and case-folded.
func NormalizeTitle(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}
