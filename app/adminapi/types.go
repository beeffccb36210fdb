package adminapi

// The answers of the admin API. frontend/src/api/types.gen.ts is generated
// from this file, requests.go and topics.go (make types): a field sent
// always is required there, one with omitempty optional, and one that can
// be null says so with its tstype. Times are RFC 3339 strings in UTC (the
// TypeScript type Time).

// ErrorBody is every answer that is not a success.
type ErrorBody struct {
	// Error is a sentence for the recruiter.
	Error string `json:"error"`
	// Code is "invalid", "not_found", "conflict", "unauthorized", "internal",
	// "upstream" (Lever or Qualified failed) or "needs_reconnect".
	Code string `json:"code"`
}

// Session answers GET /api/session: whether the UI runs behind the admin login.
type Session struct {
	AdminLogin bool   `json:"adminLogin"`
	LogoutPath string `json:"logoutPath,omitempty"`
}

// DemoKeys are the keys the demo's simulated accounts accept, shown in
// Setup when the demo starts with nothing connected.
type DemoKeys struct {
	Lever     string `json:"lever"`
	Qualified string `json:"qualified"`
}

// LeverConnection is how assessbridge reaches Lever.
type LeverConnection struct {
	Connected bool `json:"connected"`
	// Environment is "production" or "sandbox".
	Environment string `json:"environment,omitempty" tstype:"LeverEnvironment"`
	// Method is "apiKey" or "oauth".
	Method string `json:"method,omitempty"`
	// Error says why Lever no longer accepts the login.
	Error string `json:"error"`
	// OAuthAvailable says whether "Log in to Lever" can be used; when not,
	// OAuthReason says why.
	OAuthAvailable bool   `json:"oauthAvailable"`
	OAuthReason    string `json:"oauthReason,omitempty"`
}

// QualifiedConnection is how assessbridge reaches Qualified.
type QualifiedConnection struct {
	Connected bool   `json:"connected"`
	Error     string `json:"error"`
}

// Webhook is Lever's webhook to assessbridge.
type Webhook struct {
	Registered     bool    `json:"registered"`
	URL            string  `json:"url"`
	LastDeliveryAt *string `json:"lastDeliveryAt" tstype:"Time | null,required"`
	Error          string  `json:"error"`
	// ManualURL is set when assessbridge may not register a webhook itself:
	// the address to paste, with ManualWhere saying where.
	ManualURL   string `json:"manualUrl,omitempty"`
	ManualWhere string `json:"manualWhere,omitempty"`
}

// SetupStep is one step of Setup's checklist. The error of a step, if any,
// is in the part of Status it is about (lever, qualified, webhook,
// publicAddress).
type SetupStep struct {
	ID     string `json:"id" tstype:"SetupStepId"`
	Title  string `json:"title"`
	Done   bool   `json:"done"`
	Detail string `json:"detail"`
}

// TriggerStage is a Lever stage whose new arrivals are invited.
type TriggerStage struct {
	StageID string `json:"stageId"`
	Name    string `json:"name"`
	// Since is when it became a trigger: candidates already in it then are skipped.
	Since string `json:"since" tstype:"Time"`
}

// PublicAddress is how Lever and Qualified reach the webhook receiver.
type PublicAddress struct {
	Mode  string  `json:"mode" tstype:"TunnelMode"`
	State string  `json:"state" tstype:"TunnelState"`
	URL   string  `json:"url"`
	Error string  `json:"error"`
	Since *string `json:"since" tstype:"Time | null,required"`
	// Hostname is the named tunnel's host.
	Hostname string `json:"hostname,omitempty"`
	// Editable is false when --public-url fixes the address.
	Editable bool `json:"editable"`
}

// Secrets says where keys are kept ("keychain" or "file") and warns when no
// keychain is available.
type Secrets struct {
	Backend string `json:"backend"`
	Warning string `json:"warning,omitempty"`
}

// Status answers GET /api/status: the connections and Setup's checklist.
type Status struct {
	Demo bool `json:"demo"`
	// DemoKeys is set in a demo started with nothing connected.
	DemoKeys      *DemoKeys           `json:"demoKeys,omitempty"`
	DataDir       string              `json:"dataDir"`
	Lever         LeverConnection     `json:"lever"`
	Qualified     QualifiedConnection `json:"qualified"`
	PublicURL     string              `json:"publicUrl"`
	PublicAddress PublicAddress       `json:"publicAddress"`
	Webhook       Webhook             `json:"webhook"`
	TriggerStages []TriggerStage      `json:"triggerStages"`
	Setup         []SetupStep         `json:"setup"`
	Secrets       Secrets             `json:"secrets"`
}

// LeverDisconnected answers POST /api/setup/lever/disconnect.
type LeverDisconnected struct {
	Status Status `json:"status"`
	// Warning is set when the webhook could not be removed from Lever.
	Warning string `json:"warning"`
}

// DeliveryCheck answers POST /api/setup/test-delivery.
type DeliveryCheck struct {
	Arrived        bool    `json:"arrived"`
	LastDeliveryAt *string `json:"lastDeliveryAt" tstype:"Time | null,required"`
}

// LoginStarted answers POST /api/setup/lever/oauth: the address of Lever's
// consent page, and whether the system browser was opened on it.
type LoginStarted struct {
	AuthorizeURL string `json:"authorizeUrl"`
	Opened       bool   `json:"opened"`
}

// Stage is one of the Lever account's stages.
type Stage struct {
	ID      string  `json:"id"`
	Text    string  `json:"text"`
	Trigger bool    `json:"trigger"`
	Since   *string `json:"since" tstype:"Time | null,required"`
}

// Stages answers GET /api/stages.
type Stages struct {
	Stages []Stage `json:"stages"`
}

// TriggerStages answers GET /api/trigger-stages.
type TriggerStages struct {
	TriggerStages []TriggerStage `json:"triggerStages"`
}

// TriggerStagesSaved answers PUT /api/trigger-stages. Verified is false when
// Lever could not be asked whether the stages exist; Warning then says so.
type TriggerStagesSaved struct {
	TriggerStages []TriggerStage `json:"triggerStages"`
	Verified      bool           `json:"verified"`
	Warning       string         `json:"warning,omitempty"`
}

// AssessmentTags are the tags that follow an assessment's title.
type AssessmentTags struct {
	Invited   string `json:"invited"`
	Started   string `json:"started"`
	Submitted string `json:"submitted"`
}

// Assessment is one of the Qualified account's assessments, with how many
// invitations to it are in each status.
type Assessment struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// PassingScore is the cut in percent, null when none is set.
	PassingScore *float64       `json:"passingScore" tstype:"number | null,required"`
	Published    bool           `json:"published"`
	Tag          string         `json:"tag"`
	Tags         AssessmentTags `json:"tags"`
	Counts       map[string]int `json:"counts" tstype:"StatusCounts"`
}

// Assessments answers GET /api/assessments.
type Assessments struct {
	Assessments []Assessment `json:"assessments"`
}

// Candidate is the person an invitation is for.
type Candidate struct {
	OpportunityID string `json:"opportunityId"`
	Name          string `json:"name"`
	Email         string `json:"email"`
	PostingID     string `json:"postingId"`
	PostingTitle  string `json:"postingTitle"`
	ProfileURL    string `json:"profileUrl"`
}

// ChallengeResult is one challenge's score in a submitted assessment.
type ChallengeResult struct {
	Title string `json:"title"`
	// Score in percent (0–100).
	Score    float64 `json:"score"`
	Language string  `json:"language"`
}

// Invitation is one candidate × assessment on the dashboard.
type Invitation struct {
	ID               int64             `json:"id"`
	Candidate        Candidate         `json:"candidate"`
	AssessmentID     string            `json:"assessmentId"`
	AssessmentTitle  string            `json:"assessmentTitle"`
	Status           string            `json:"status" tstype:"InvitationStatus"`
	Tag              string            `json:"tag"`
	Score            *float64          `json:"score" tstype:"number | null,required"`
	Passed           *bool             `json:"passed" tstype:"boolean | null,required"`
	TimeSpentSeconds int64             `json:"timeSpentSeconds"`
	Challenges       []ChallengeResult `json:"challenges" tstype:"ChallengeResult[] | null"`
	ReportURL        string            `json:"reportUrl"`
	Error            string            `json:"error"`
	InvitedAt        *string           `json:"invitedAt" tstype:"Time | null,required"`
	StartedAt        *string           `json:"startedAt" tstype:"Time | null,required"`
	SubmittedAt      *string           `json:"submittedAt" tstype:"Time | null,required"`
	UpdatedAt        *string           `json:"updatedAt" tstype:"Time | null,required"`
	Lever            *InvitationLever  `json:"lever,omitempty"`
	// Routing is what the assessment's routing rules decided for the
	// submission; absent when no rules decided.
	Routing *InvitationRouting `json:"routing,omitempty"`
}

// InvitationRouting is what routing rules decided for one submission, and
// how far each step got.
type InvitationRouting struct {
	Outcome string `json:"outcome" tstype:"'passed' | 'review' | 'failed' | 'expired'"`
	// MoveTo names the stage a pass moves to; "" for no move.
	MoveTo string `json:"moveTo"`
	// Move is "" (not yet), "done" or "left" (left alone: see Note).
	Move string `json:"move" tstype:"'' | 'done' | 'left'"`
	// ArchiveMode is how a fail is archived: "off", "suggest" or "automatic".
	ArchiveMode string `json:"archiveMode" tstype:"'off' | 'suggest' | 'automatic' | ''"`
	// Archive is "" (not yet), "suggested", "approved", "dismissed", "done"
	// or "left" (left alone: see Note).
	Archive string `json:"archive" tstype:"'' | 'suggested' | 'approved' | 'dismissed' | 'done' | 'left'"`
	// Note says why a step was left alone, in the recruiter's words.
	Note string `json:"note"`
}

// InvitationPage answers GET /api/invitations: one page, and how many match.
type InvitationPage struct {
	Invitations []Invitation `json:"invitations"`
	Total       int          `json:"total"`
}

// RetryAccepted answers a retry (202).
type RetryAccepted struct {
	Status string `json:"status" tstype:"'retrying'"`
}

// Posting is a job posting that candidates were invited from.
type Posting struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Postings answers GET /api/postings.
type Postings struct {
	Postings []Posting `json:"postings"`
}

// FunnelRow counts, for one assessment, the candidates invited, started and
// submitted; each count includes those who went further.
type FunnelRow struct {
	AssessmentID string `json:"assessmentId"`
	Title        string `json:"title"`
	Invited      int    `json:"invited"`
	Started      int    `json:"started"`
	Submitted    int    `json:"submitted"`
}

// Funnel answers GET /api/funnel.
type Funnel struct {
	Funnel []FunnelRow `json:"funnel"`
}

// LeverUser is a Lever user that changes can be made as.
type LeverUser struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// LeverUsers answers GET /api/users.
type LeverUsers struct {
	Users []LeverUser `json:"users"`
}

// ActivityEntry is one line of the activity log.
type ActivityEntry struct {
	ID int64  `json:"id"`
	At string `json:"at" tstype:"Time"`
	// Kind is "webhook" or "action".
	Kind string `json:"kind"`
	// Source is "lever", "qualified" or "assessbridge".
	Source        string `json:"source"`
	Event         string `json:"event"`
	OpportunityID string `json:"opportunityId"`
	InvitationID  int64  `json:"invitationId,omitempty"`
	Outcome       string `json:"outcome" tstype:"Outcome"`
	Message       string `json:"message"`
	Retryable     bool   `json:"retryable"`
}

// Activity answers GET /api/activity, newest first.
type Activity struct {
	Activity []ActivityEntry `json:"activity"`
}

// Settings answers GET and PUT /api/settings.
type Settings struct {
	// The Lever partner app for "Log in to Lever"; its secret is never returned.
	LeverOAuthClientID    string `json:"leverOAuthClientId"`
	LeverOAuthRedirectURL string `json:"leverOAuthRedirectUrl"`
	LeverOAuthSecretKept  bool   `json:"leverOAuthClientSecretSet"`
	PerformAs             string `json:"performAs"`
	// PollInterval is the recruiter's choice, as Settings lists it ("5m",
	// not "5m0s"): the stored one, else the one in effect.
	PollInterval string `json:"pollInterval"`
	// PollIntervalInEffect is the interval the running app checks at; it
	// differs from PollInterval after a change (taken at the next start) or
	// while a flag or environment variable sets it.
	PollIntervalInEffect string `json:"pollIntervalInEffect"`
	// PollIntervalSetBy names the flag or environment variable that sets the
	// interval, which Settings then cannot change; empty otherwise.
	PollIntervalSetBy string `json:"pollIntervalSetBy,omitempty"`
	DataDir           string `json:"dataDir"`
	SecretsFile       string `json:"secretsFile"`
	NotePreview       string `json:"notePreview"`
	// SecretsWarning is set when no keychain is available.
	SecretsWarning string `json:"secretsWarning,omitempty"`
}

// About answers GET /api/about: what this assessbridge knows of itself.
type About struct {
	// Version is "0.9.0", or "dev" for a build from source.
	Version string `json:"version"`
	// Commit is the commit it was built from, "" when unknown.
	Commit string `json:"commit"`
	// Modified: built from a checkout with changes not yet committed.
	Modified bool `json:"modified"`
	// OS and Arch are Go's names: "linux", "darwin", "windows"; "amd64", "arm64".
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	Go      string `json:"go"`
	DataDir string `json:"dataDir"`
	// Keys is where keys are kept: "keychain" or "file".
	Keys    string `json:"keys" tstype:"'keychain' | 'file'"`
	LogFile string `json:"logFile"`
	// Desktop is true in the desktop window, where a download is saved by
	// the app and the data folder can be opened.
	Desktop bool `json:"desktop"`
}

// FileLocation answers what the desktop app saved or opened: its path.
type FileLocation struct {
	Path string `json:"path"`
}

// StartAtLogin is whether assessbridge starts at login, read from the
// system's own entry.
type StartAtLogin struct {
	// Available is false in serve and in the demo, or where the system
	// offers no way: Reason says why.
	Available bool   `json:"available"`
	Enabled   bool   `json:"enabled"`
	Reason    string `json:"reason,omitempty"`
	// Error says why the state could not be read.
	Error string `json:"error,omitempty"`
}

// LaptopApp answers GET /api/app.
type LaptopApp struct {
	// Desktop is true in the desktop window.
	Desktop      bool         `json:"desktop"`
	StartAtLogin StartAtLogin `json:"startAtLogin"`
}

// Quitting answers POST /api/app/quit (202): the desktop app quits next.
type Quitting struct {
	Quitting bool `json:"quitting"`
}

// StagePreview answers GET /api/stages/{stageId}/preview: who is in a Lever
// stage now (archived candidates are not read), and what "Invite these N"
// would do about each of them. For a stage that is not a trigger stage yet
// it is the check before turning it on.
type StagePreview struct {
	StageID   string `json:"stageId"`
	StageName string `json:"stageName"`
	Trigger   bool   `json:"trigger"`
	// Since is when the stage became a trigger stage; null when it is not one.
	Since *string `json:"since" tstype:"Time | null,required"`
	// InStage counts the active candidates read from the stage; More says
	// Lever holds more than were read (ScanLimit).
	InStage   int  `json:"inStage"`
	More      bool `json:"more"`
	ScanLimit int  `json:"scanLimit"`
	// Invitable counts those of InStage "Invite these N" would invite.
	Invitable int `json:"invitable"`
	// Counts are InStage by reason.
	Counts []PreviewCount `json:"counts"`
	// Candidates are at most Limit of InStage: those who would be invited first.
	Candidates []StageCandidate `json:"candidates"`
	Limit      int              `json:"limit"`
}

// PreviewCount is how many candidates in a stage share a reason.
type PreviewCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// StageCandidate is one candidate in a stage preview.
type StageCandidate struct {
	OpportunityID string `json:"opportunityId"`
	Name          string `json:"name"`
	Posting       string `json:"posting"`
	// Assessments are those "Invite these N" would invite them to; for a
	// candidate it would not invite, those their tags name.
	Assessments []string `json:"assessments"`
	Reason      string   `json:"reason"`
	// Invites says "Invite these N" would invite them.
	Invites bool `json:"invites"`
	// Why is the reason in the recruiter's words.
	Why string `json:"why"`
}

// InviteExistingDone answers POST /api/stages/invite-existing.
type InviteExistingDone struct {
	// Queued counts the candidates whose invitation is now on its way.
	Queued int `json:"queued"`
}

// InvitationLever is what Lever said of the candidate after the invitation:
// archived or unarchived, hired, and whether this invitation was cancelled
// in Qualified for it. Left out when Lever said nothing.
type InvitationLever struct {
	// State is "archived" or "unarchived" ("" when neither was reported).
	State   string  `json:"state" tstype:"'archived' | 'unarchived' | ''"`
	StateAt *string `json:"stateAt" tstype:"Time | null,required"`
	HiredAt *string `json:"hiredAt" tstype:"Time | null,required"`
	// Cancelled is true when this invitation was cancelled because Lever
	// archived the candidate.
	Cancelled bool `json:"cancelled"`
}

// LifecycleSettings answers GET and PUT /api/lifecycle/settings.
type LifecycleSettings struct {
	// CancelOnArchive: a candidate archived in Lever while invited or
	// started has their Qualified invitation cancelled. On by default.
	CancelOnArchive bool `json:"cancelOnArchive"`
}

// RoutingRules answers GET and PUT /api/assessments/{id}/routing: what
// happens after a candidate submits the assessment. Every rule is off
// until the recruiter saves one.
type RoutingRules struct {
	AssessmentID string `json:"assessmentId"`
	// Saved is false while the recruiter never saved rules: all is off.
	Saved bool `json:"saved"`
	// Cut is "verdict" (Qualified's passing verdict) or "score" (CutScore).
	Cut      string  `json:"cut" tstype:"'verdict' | 'score'"`
	CutScore float64 `json:"cutScore"`
	// ReviewFrom starts the "needs review" band below the cut; null: none.
	ReviewFrom  *float64 `json:"reviewFrom" tstype:"number | null,required"`
	OutcomeTags bool     `json:"outcomeTags"`
	// PassStageID is the Lever stage a pass is moved to; "" for no move.
	PassStageID   string `json:"passStageId"`
	PassStageName string `json:"passStageName"`
	// FailArchive is "off", "suggest" (the dashboard asks) or "automatic".
	FailArchive    string `json:"failArchive" tstype:"'off' | 'suggest' | 'automatic'"`
	FailReasonID   string `json:"failReasonId"`
	FailReasonText string `json:"failReasonText"`
}

// ArchiveReason is one of the Lever account's archive reasons.
type ArchiveReason struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// Type is "hired" or "non-hired".
	Type string `json:"type"`
}

// ArchiveReasons answers GET /api/archive-reasons, read live from Lever.
type ArchiveReasons struct {
	Reasons []ArchiveReason `json:"reasons"`
}

// ArchiveSuggestion is a candidate the dashboard suggests archiving after
// a failed assessment, an approved archive under way, or one left alone
// because a recruiter moved or archived them first (Note says why).
type ArchiveSuggestion struct {
	InvitationID    int64     `json:"invitationId"`
	Candidate       Candidate `json:"candidate"`
	AssessmentTitle string    `json:"assessmentTitle"`
	Score           *float64  `json:"score" tstype:"number | null,required"`
	// Outcome is "passed", "review", "failed", or "expired" (no submission by the deadline).
	Outcome    string `json:"outcome"`
	ReasonID   string `json:"reasonId"`
	ReasonText string `json:"reasonText"`
	// State is "suggested", "approved" (being archived) or "left".
	State     string  `json:"state" tstype:"'suggested' | 'approved' | 'left'"`
	Note      string  `json:"note"`
	DecidedAt *string `json:"decidedAt" tstype:"Time | null,required"`
}

// ArchiveSuggestions answers GET /api/archive-suggestions and the approve
// and dismiss actions.
type ArchiveSuggestions struct {
	Suggestions []ArchiveSuggestion `json:"suggestions"`
}
