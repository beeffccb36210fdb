package qualified

import (
	"context"
	"fmt"
	"net/http"
	"strings"

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
	// SkipEmailResend makes a repeated invite a no-op for the candidate,
	// which is what lets Invite be retried.
	SkipEmailResend      bool `json:"skip_email_resend"`
	SendEmailToCandidate bool `json:"send_email_to_candidate"`
}

type apiInvitation struct {
	ID                 id     `json:"id"`
	State              string `json:"state"`
	TeamCandidateID    id     `json:"teamCandidateId"`
	AssessmentID       id     `json:"assessmentId"`
	AssessmentResultID id     `json:"assessmentResultId"`
	InvitePath         string `json:"invitePath"`
	CandidateEmail     string `json:"candidateEmail"`
}

// Invite invites one candidate to one assessment. A candidate already invited
// to it is not e-mailed again, so a retried or repeated Invite is harmless and
// returns the existing invitation.
func (c *Client) Invite(ctx context.Context, req backend.InviteRequest) (backend.ProviderInvitation, error) {
	if req.Email == "" || req.AssessmentID == "" {
		return backend.ProviderInvitation{}, fmt.Errorf("qualified: invite: e-mail and assessment id are required")
	}
	body := inviteBody{Data: inviteData{
		Candidates:           []string{req.Email},
		AssessmentID:         req.AssessmentID,
		FirstName:            req.FirstName,
		LastName:             req.LastName,
		AlternateID:          req.AlternateID,
		SkipEmailResend:      true,
		SendEmailToCandidate: true,
	}}
	var resp struct {
		Data []apiInvitation `json:"data"`
	}
	path := "/v1/assessment_invitations/invite_candidates"
	if err := c.do(ctx, request{method: http.MethodPost, path: path, body: body, retryable: true}, &resp); err != nil {
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
	}, nil
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
