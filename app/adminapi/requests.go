package adminapi

import (
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// The requests of the admin API. Each checks itself in Validate, which also
// trims what the recruiter pasted, before a handler acts on it: a request
// that fails Validate changes nothing.

// ConnectLever is POST /api/setup/lever: a Lever API key to check and keep.
type ConnectLever struct {
	APIKey string `json:"apiKey"`
	// Environment is "production" (the default) or "sandbox".
	Environment string `json:"environment,omitempty" tstype:"LeverEnvironment"`
}

// Validate trims the key and fills in the default environment.
func (c *ConnectLever) Validate() error {
	c.APIKey = strings.TrimSpace(c.APIKey)
	if c.Environment == "" {
		c.Environment = EnvironmentProduction
	}
	if c.Environment != EnvironmentProduction && c.Environment != EnvironmentSandbox {
		return backend.Errorf(backend.EINVALID, "The environment must be production or sandbox.")
	}
	if c.APIKey == "" {
		return backend.Errorf(backend.EINVALID, "Paste the Lever API key first.")
	}
	return nil
}

// ConnectQualified is POST /api/setup/qualified: a Qualified API key.
type ConnectQualified struct {
	APIKey string `json:"apiKey"`
}

// Validate trims the key.
func (c *ConnectQualified) Validate() error {
	c.APIKey = strings.TrimSpace(c.APIKey)
	if c.APIKey == "" {
		return backend.Errorf(backend.EINVALID, "Paste the Qualified API key first.")
	}
	return nil
}

// StartLogin is POST /api/setup/lever/oauth: "Log in to Lever".
type StartLogin struct {
	// Environment is "production" (the default; anything else but
	// "sandbox" is production too) or "sandbox".
	Environment string `json:"environment,omitempty" tstype:"LeverEnvironment"`
}

// Validate names the environment.
func (s *StartLogin) Validate() error {
	if s.Environment != EnvironmentSandbox {
		s.Environment = EnvironmentProduction
	}
	return nil
}

// PublicAddressChoice is PUT /api/setup/public-address.
type PublicAddressChoice struct {
	Mode string `json:"mode" tstype:"ChosenTunnelMode"`
	// URL is the recruiter's own public address (mode own).
	URL string `json:"url,omitempty"`
	// Token is the named tunnel's token from Cloudflare; empty keeps the one kept.
	Token string `json:"token,omitempty"`
	// Hostname is the host routed to the named tunnel.
	Hostname string `json:"hostname,omitempty"`
}

// Validate trims what was pasted. A named tunnel without a token is checked
// where the kept one is known.
func (p *PublicAddressChoice) Validate() error {
	p.URL = strings.TrimRight(strings.TrimSpace(p.URL), "/")
	p.Token, p.Hostname = strings.TrimSpace(p.Token), strings.TrimSpace(p.Hostname)
	switch p.Mode {
	case AddressQuick:
	case AddressOwn:
		if !httpURL(p.URL) {
			return backend.Errorf(backend.EINVALID, "Enter the public address as https://…, the address that reaches assessbridge's webhook receiver.")
		}
	case AddressNamed:
		if p.Hostname == "" {
			return backend.Errorf(backend.EINVALID, "Enter the hostname you routed to the tunnel in Cloudflare, like hooks.example.com.")
		}
	default:
		return backend.Errorf(backend.EINVALID, "Choose quick, named or own.")
	}
	return nil
}

// TriggerStagesChange is PUT /api/trigger-stages: the stages, all of them.
type TriggerStagesChange struct {
	StageIDs []string `json:"stageIds"`
}

// Validate trims the ids and drops repeats; an empty id is refused.
func (t *TriggerStagesChange) Validate() error {
	seen := map[string]bool{}
	ids := make([]string, 0, len(t.StageIDs))
	for _, id := range t.StageIDs {
		id = strings.TrimSpace(id)
		if id == "" {
			return backend.Errorf(backend.EINVALID, "A trigger stage id cannot be empty.")
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	t.StageIDs = ids
	return nil
}

// SettingsChange is PUT /api/settings: the fields given change, the others
// stay.
type SettingsChange struct {
	PerformAs              *string `json:"performAs"`
	PollInterval           *string `json:"pollInterval"`
	LeverOAuthClientID     *string `json:"leverOAuthClientId"`
	LeverOAuthClientSecret *string `json:"leverOAuthClientSecret"`
	LeverOAuthRedirectURL  *string `json:"leverOAuthRedirectUrl"`
}

// Validate trims every field and checks each one, so that one bad field
// changes nothing.
func (s *SettingsChange) Validate() error {
	for _, f := range []*string{s.PerformAs, s.PollInterval, s.LeverOAuthClientID, s.LeverOAuthClientSecret, s.LeverOAuthRedirectURL} {
		if f != nil {
			*f = strings.TrimSpace(*f)
		}
	}
	if u := s.LeverOAuthRedirectURL; u != nil && *u != "" && (!httpURL(*u) || !strings.HasSuffix(*u, OAuthCallbackPath)) {
		return backend.Errorf(backend.EINVALID, "The redirect address must be an http(s) address ending in %s, exactly as registered with Lever.", OAuthCallbackPath)
	}
	if s.PollInterval != nil {
		if d, err := time.ParseDuration(*s.PollInterval); err != nil || d < MinPollInterval || d > MaxPollInterval {
			return backend.Errorf(backend.EINVALID, "The poll interval must be between %s and %s, like 5m or 1h.", ShortDuration(MinPollInterval), ShortDuration(MaxPollInterval))
		}
	}
	return nil
}

// Interval is the poll interval asked for; call it after Validate.
func (s *SettingsChange) Interval() (time.Duration, bool) {
	if s.PollInterval == nil {
		return 0, false
	}
	d, err := time.ParseDuration(*s.PollInterval)
	return d, err == nil
}

// StartAtLoginChange is PUT /api/app/start-at-login.
type StartAtLoginChange struct {
	Enabled *bool `json:"enabled"`
}

// Validate asks for a yes or a no.
func (s *StartAtLoginChange) Validate() error {
	return yesOrNo(s.Enabled, "Say whether assessbridge should start at login: {\"enabled\": true} or false.")
}

// yesOrNo refuses a switch left out of a request, saying how to give it.
func yesOrNo(b *bool, how string) error {
	if b == nil {
		return backend.Errorf(backend.EINVALID, "%s", how)
	}
	return nil
}

// Workspace is GET and PUT /api/workspace: the open workspace, or the one to
// open.
type Workspace struct {
	Workspace string `json:"workspace" tstype:"WorkspaceName"`
}

// Validate knows the two workspaces.
func (w *Workspace) Validate() error {
	if w.Workspace != WorkspaceReal && w.Workspace != WorkspaceDemo {
		return backend.Errorf(backend.EINVALID, "The workspace must be %q or %q.", WorkspaceReal, WorkspaceDemo)
	}
	return nil
}

// MaxInviteExisting bounds one "Invite these N": the candidates one preview lists.
const MaxInviteExisting = 200

// InviteExisting is POST /api/stages/invite-existing: invite candidates
// already in a trigger stage, exactly those the recruiter saw in its preview.
type InviteExisting struct {
	StageID        string   `json:"stageId"`
	OpportunityIDs []string `json:"opportunityIds"`
}

// Validate trims the ids, drops repeats, and bounds their number.
func (i *InviteExisting) Validate() error {
	i.StageID = strings.TrimSpace(i.StageID)
	if i.StageID == "" {
		return backend.Errorf(backend.EINVALID, "Say which stage's candidates to invite.")
	}
	seen := map[string]bool{}
	ids := make([]string, 0, len(i.OpportunityIDs))
	for _, id := range i.OpportunityIDs {
		if id = strings.TrimSpace(id); id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	i.OpportunityIDs = ids
	switch {
	case len(ids) == 0:
		return backend.Errorf(backend.EINVALID, "No candidates to invite: the preview lists none who would be invited.")
	case len(ids) > MaxInviteExisting:
		return backend.Errorf(backend.EINVALID, "At most %d candidates can be invited at once: the ones a preview lists.", MaxInviteExisting)
	}
	return nil
}

// LifecycleSettingsChange is PUT /api/lifecycle/settings.
type LifecycleSettingsChange struct {
	CancelOnArchive *bool `json:"cancelOnArchive"`
}

// Validate asks for a yes or a no.
func (c *LifecycleSettingsChange) Validate() error {
	return yesOrNo(c.CancelOnArchive, "Say whether an archived candidate's invitation is cancelled: {\"cancelOnArchive\": true} or false.")
}

// RoutingRulesChange is PUT /api/assessments/{id}/routing: the whole set of
// an assessment's routing rules.
type RoutingRulesChange struct {
	Cut          string   `json:"cut" tstype:"'verdict' | 'score'"`
	CutScore     float64  `json:"cutScore"`
	ReviewFrom   *float64 `json:"reviewFrom" tstype:"number | null,required"`
	OutcomeTags  bool     `json:"outcomeTags"`
	PassStageID  string   `json:"passStageId"`
	FailArchive  string   `json:"failArchive" tstype:"'off' | 'suggest' | 'automatic'"`
	FailReasonID string   `json:"failReasonId"`
}

// Validate trims the ids and checks the cut (0–100), the band (below the
// cut) and that a fail that archives names a reason. Whether Lever knows
// the stage and the reason is checked by the handler when Lever is
// connected.
func (c *RoutingRulesChange) Validate() error {
	c.PassStageID, c.FailReasonID = strings.TrimSpace(c.PassStageID), strings.TrimSpace(c.FailReasonID)
	if c.FailArchive == "" {
		c.FailArchive = string(backend.ArchiveOff)
	}
	if c.FailArchive == string(backend.ArchiveOff) {
		c.FailReasonID = ""
	}
	return c.Rules("").Validate()
}

// Rules is the change as the assessment's rules.
func (c *RoutingRulesChange) Rules(assessmentID string) backend.RoutingRules {
	return backend.RoutingRules{AssessmentID: assessmentID, Cut: backend.CutMode(c.Cut), CutScore: c.CutScore, ReviewFrom: c.ReviewFrom,
		OutcomeTags: c.OutcomeTags, PassStageID: c.PassStageID, FailArchive: backend.ArchiveMode(c.FailArchive), FailReasonID: c.FailReasonID}
}

// maxSuggestionIDs bounds one approve or dismiss.
const maxSuggestionIDs = 500

// SuggestionIDs is POST /api/archive-suggestions/approve and /dismiss: the
// invitations whose suggestions are approved or dismissed.
type SuggestionIDs struct {
	IDs []int64 `json:"ids"`
}

// Validate asks for at least one id, and not too many.
func (s *SuggestionIDs) Validate() error {
	if len(s.IDs) == 0 {
		return backend.Errorf(backend.EINVALID, "Select at least one candidate.")
	}
	if len(s.IDs) > maxSuggestionIDs {
		return backend.Errorf(backend.EINVALID, "Select at most %d candidates at once.", maxSuggestionIDs)
	}
	return nil
}
