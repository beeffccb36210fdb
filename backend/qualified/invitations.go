package qualified

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

type inviteBody struct {
	Data inviteData `json:"data"`
}

type inviteData struct {
	Candidates   []string `json:"candidates"`
	AssessmentID string   `json:"assessment_id"`
	FirstName    string   `json:"first_name,omitempty"`
	LastName     string   `json:"last_name,omitempty"`
	AlternateID  string   `json:"alternate_id,omitempty"`
	ExpiresAt    string   `json:"expires_at,omitempty"`
	ReminderAt   string   `json:"reminder_at,omitempty"`
	// ApplyDayDefaults takes the assessment's defaultExpirationDays and
	// defaultReminderDays.
	ApplyDayDefaults bool   `json:"apply_day_defaults,omitempty"`
	RetryAction      string `json:"retry_action,omitempty"`
	// SkipEmailResend makes a repeated invite a no-op for the candidate,
	// which is what lets Invite be retried.
	SkipEmailResend      bool `json:"skip_email_resend"`
	SendEmailToCandidate bool `json:"send_email_to_candidate"`
}

type apiInvitation struct {
	ID                 id        `json:"id"`
	State              string    `json:"state"`
	TeamCandidateID    id        `json:"teamCandidateId"`
	AssessmentID       id        `json:"assessmentId"`
	AssessmentResultID id        `json:"assessmentResultId"`
	InvitePath         string    `json:"invitePath"`
	CandidateEmail     string    `json:"candidateEmail"`
	ExpiresAt          timestamp `json:"expiresAt"`
	ReminderAt         timestamp `json:"reminderAt"`
}

// Invite invites one candidate to one assessment. A candidate already invited
// to it is not e-mailed again, so a retried or repeated Invite is harmless and
// returns the existing invitation.
func (c *Client) Invite(ctx context.Context, req backend.InviteRequest) (backend.ProviderInvitation, error) {
	return c.invite(ctx, req, true, "")
}

// Resend invites an already invited candidate again with skip_email_resend
// off, which e-mails the invitation once more. It is not repeated after a
// lost answer: a repeat would be a second e-mail.
func (c *Client) Resend(ctx context.Context, req backend.InviteRequest) (backend.ProviderInvitation, error) {
	return c.invite(ctx, req, false, "")
}

// Retry invites a candidate again with retry_action, for a second go at an
// attempt that is over; Qualified e-mails them once. Not repeated on its own.
func (c *Client) Retry(ctx context.Context, req backend.InviteRequest, action backend.RetryAction) (backend.ProviderInvitation, error) {
	if action != backend.RetryReopen && action != backend.RetryRetake {
		return backend.ProviderInvitation{}, fmt.Errorf("qualified: retry: unknown action %q", action)
	}
	// skip_email_resend keeps an attempt still under way from being e-mailed
	// again; the second go itself is e-mailed.
	return c.invite(ctx, req, true, action)
}

// Cancel withdraws an invitation: DELETE /v1/assessment_invitations/:id.
// Qualified closes a started attempt with closedReason invitation_canceled.
func (c *Client) Cancel(ctx context.Context, invitationID string) error {
	if invitationID == "" {
		return fmt.Errorf("qualified: cancel: invitation id is required")
	}
	return c.do(ctx, request{method: http.MethodDelete, path: "/v1/assessment_invitations/" + url.PathEscape(invitationID), retryable: true}, nil)
}

// invite posts invite_candidates. A plain invite with skipResend is safe to
// repeat (the request core may then send it again); a resend or a retry is
// an e-mail and goes once.
func (c *Client) invite(ctx context.Context, req backend.InviteRequest, skipResend bool, retry backend.RetryAction) (backend.ProviderInvitation, error) {
	if req.Email == "" || req.AssessmentID == "" {
		return backend.ProviderInvitation{}, fmt.Errorf("qualified: invite: e-mail and assessment id are required")
	}
	body := inviteBody{Data: inviteData{
		Candidates:           []string{req.Email},
		AssessmentID:         req.AssessmentID,
		FirstName:            req.FirstName,
		LastName:             req.LastName,
		AlternateID:          req.AlternateID,
		ExpiresAt:            isoTime(req.ExpiresAt),
		ReminderAt:           isoTime(req.ReminderAt),
		ApplyDayDefaults:     req.DayDefaults && req.ExpiresAt.IsZero() && req.ReminderAt.IsZero(),
		RetryAction:          string(retry),
		SkipEmailResend:      skipResend,
		SendEmailToCandidate: true,
	}}
	var resp struct {
		Data []apiInvitation `json:"data"`
	}
	path := "/v1/assessment_invitations/invite_candidates"
	repeatable := skipResend && retry == ""
	if err := c.do(ctx, request{method: http.MethodPost, path: path, body: body, retryable: repeatable}, &resp); err != nil {
		return backend.ProviderInvitation{}, err
	}
	if len(resp.Data) == 0 {
		return backend.ProviderInvitation{}, fmt.Errorf("qualified: POST %s: %w", path, errEmpty)
	}
	inv := resp.Data[0]
	return backend.ProviderInvitation{
		InvitationID: string(inv.ID),
		ResultID:     string(inv.AssessmentResultID),
		CandidateID:  string(inv.TeamCandidateID),
		InviteURL:    c.webURL(inv.InvitePath),
		ExpiresAt:    inv.ExpiresAt.Time(),
		ReminderAt:   inv.ReminderAt.Time(),
	}, nil
}

// isoTime renders t as Qualified reads times; "" when unset.
func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// webURL makes a path Qualified returns absolute against the web base; an
// already absolute link is kept.
func (c *Client) webURL(p string) string {
	if p == "" || strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") {
		return p
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return c.webBaseURL + p
}
