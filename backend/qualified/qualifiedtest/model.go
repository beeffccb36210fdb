package qualifiedtest

import (
	"crypto/rand"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Assessment describes an assessment to add to the account.
type Assessment struct {
	// ID is chosen by the server when zero.
	ID    int
	Title string
	// PassingScore is the cut in percent.
	PassingScore int
	// State defaults to "published".
	State    string
	Archived bool
	// Challenges are the challenge titles; two are made up when empty.
	Challenges []string
}

// Invitation is the server's record of one candidate invited to one
// assessment.
type Invitation struct {
	ID              string
	ResultID        string
	TeamCandidateID string
	AssessmentID    string
	Email           string
	FirstName       string
	LastName        string
	AlternateID     string
	// EmailsSent counts invitation e-mails sent for this invitation.
	EmailsSent int
	CreatedAt  time.Time
}

// Result is the server's record of one assessment result.
type Result struct {
	ID              string
	State           string
	Score           float64
	Passed          bool
	AssessmentID    string
	TeamCandidateID string
	Email           string
	ClosedReason    string
	InvitedAt       time.Time
	StartedAt       time.Time
	SubmittedAt     time.Time
	UpdatedAt       time.Time
	// AccumulatedSeconds is the time the candidate spent, once submitted.
	AccumulatedSeconds int
}

// Subscription is a webhook subscription held by the server.
type Subscription struct {
	ID   string
	URL  string
	Name string
	// Events are the enabled triggers in snake_case, sorted.
	Events []string
}

type assessment struct {
	id           int
	title        string
	passingScore int
	state        string
	archivedAt   time.Time
	challenges   []string
	createdAt    time.Time
	updatedAt    time.Time
}

type teamCandidate struct {
	id        int
	email     string
	firstName string
	lastName  string
	createdAt time.Time
}

func (c *teamCandidate) name() string {
	return strings.TrimSpace(c.firstName + " " + c.lastName)
}

type invitation struct {
	id, resultID, candidateID, assessmentID int
	email                                   string
	firstName, lastName, alternateID        string
	code                                    string
	emailsSent                              int
	createdAt, expiresAt                    time.Time
}

type result struct {
	id, assessmentID, candidateID, invitationID int
	state, prevState, closedReason              string
	score                                       *float64
	passed                                      *bool
	createdAt, invitedAt, openedAt, startedAt   time.Time
	submittedAt, updatedAt                      time.Time
	accumulatedSeconds                          int
	solutions                                   []solution
	shareToken                                  string
}

type solution struct {
	title       string
	language    string
	score       float64
	passed      bool
	passedTests int
	totalTests  int
}

type subscription struct {
	id        int
	url, name string
	triggers  map[string]bool
	createdAt time.Time
	updatedAt time.Time
}

func (s *subscription) events() []string {
	var out []string
	for k, on := range s.triggers {
		if on {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// newID hands out the next id of a kind. Callers hold s.mu.
func (s *Server) newID(kind string) int {
	id := s.nextID[kind]
	s.nextID[kind] = id + 1
	return id
}

func token() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func itoa(i int) string { return strconv.Itoa(i) }

// atoi reads an id given as a string; -1 when it is not one.
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// AddAssessment adds an assessment to the account and returns its id.
func (s *Server) AddAssessment(a Assessment) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	if a.ID == 0 {
		a.ID = s.newID("assessment")
	} else if a.ID >= s.nextID["assessment"] {
		s.nextID["assessment"] = a.ID + 1
	}
	if a.State == "" {
		a.State = "published"
	}
	if len(a.Challenges) == 0 {
		a.Challenges = []string{"Two Sum", "Refactor the Checkout"}
	}
	as := &assessment{
		id:           a.ID,
		title:        a.Title,
		passingScore: a.PassingScore,
		state:        a.State,
		challenges:   append([]string(nil), a.Challenges...),
		createdAt:    now,
		updatedAt:    now,
	}
	if a.Archived {
		as.archivedAt = now
	}
	s.assessments[a.ID] = as
	return itoa(a.ID)
}

// RenameAssessment changes an assessment's title.
func (s *Server) RenameAssessment(id, title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.assessments[atoi(id)]; a != nil {
		a.title = title
		a.updatedAt = s.clock()
	}
}

// ArchiveAssessment archives an assessment. Like Qualified, it keeps its
// state and gains an archivedAt.
func (s *Server) ArchiveAssessment(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.assessments[atoi(id)]; a != nil && a.archivedAt.IsZero() {
		a.archivedAt = s.clock()
		a.updatedAt = a.archivedAt
	}
}

// Invitations lists every invitation, oldest first.
func (s *Server) Invitations() []Invitation {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Invitation, 0, len(s.invitations))
	for _, inv := range s.invitations {
		out = append(out, Invitation{
			ID:              itoa(inv.id),
			ResultID:        itoa(inv.resultID),
			TeamCandidateID: itoa(inv.candidateID),
			AssessmentID:    itoa(inv.assessmentID),
			Email:           inv.email,
			FirstName:       inv.firstName,
			LastName:        inv.lastName,
			AlternateID:     inv.alternateID,
			EmailsSent:      inv.emailsSent,
			CreatedAt:       inv.createdAt,
		})
	}
	sort.Slice(out, func(i, j int) bool { return atoi(out[i].ID) < atoi(out[j].ID) })
	return out
}

// EmailsSent counts the invitation e-mails sent to email for assessmentID.
func (s *Server) EmailsSent(email, assessmentID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if inv := s.invitationFor(email, atoi(assessmentID)); inv != nil {
		return inv.emailsSent
	}
	return 0
}

// ResultFor returns the result of email taking assessmentID.
func (s *Server) ResultFor(email, assessmentID string) (Result, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.invitationFor(email, atoi(assessmentID))
	if inv == nil {
		return Result{}, false
	}
	return s.publicResult(s.results[inv.resultID]), true
}

// Results lists every result, oldest first.
func (s *Server) Results() []Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Result, 0, len(s.results))
	for _, r := range s.sortedResults() {
		out = append(out, s.publicResult(r))
	}
	return out
}

// Subscriptions lists the webhook subscriptions.
func (s *Server) Subscriptions() []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Subscription
	for _, sub := range s.sortedSubs() {
		out = append(out, Subscription{ID: itoa(sub.id), URL: sub.url, Name: sub.name, Events: sub.events()})
	}
	return out
}

// SetWebhooksEnabled turns delivery on or off. While off, results still
// change but no webhook is sent, as when Qualified misses one.
func (s *Server) SetWebhooksEnabled(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhooksOff = !on
}

// invitationFor finds the invitation of an e-mail to an assessment. Callers
// hold s.mu.
func (s *Server) invitationFor(email string, assessmentID int) *invitation {
	c := s.candidates[strings.ToLower(strings.TrimSpace(email))]
	if c == nil {
		return nil
	}
	for _, inv := range s.invitations {
		if inv.candidateID == c.id && inv.assessmentID == assessmentID {
			return inv
		}
	}
	return nil
}

func (s *Server) candidateByID(id int) *teamCandidate {
	for _, c := range s.candidates {
		if c.id == id {
			return c
		}
	}
	return nil
}

func (s *Server) publicResult(r *result) Result {
	out := Result{
		ID:                 itoa(r.id),
		State:              r.state,
		AssessmentID:       itoa(r.assessmentID),
		TeamCandidateID:    itoa(r.candidateID),
		ClosedReason:       r.closedReason,
		InvitedAt:          r.invitedAt,
		StartedAt:          r.startedAt,
		SubmittedAt:        r.submittedAt,
		UpdatedAt:          r.updatedAt,
		AccumulatedSeconds: r.accumulatedSeconds,
	}
	if c := s.candidateByID(r.candidateID); c != nil {
		out.Email = c.email
	}
	if r.score != nil {
		out.Score = *r.score
	}
	if r.passed != nil {
		out.Passed = *r.passed
	}
	return out
}

func (s *Server) sortedResults() []*result {
	out := make([]*result, 0, len(s.results))
	for _, r := range s.results {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func (s *Server) sortedAssessments() []*assessment {
	out := make([]*assessment, 0, len(s.assessments))
	for _, a := range s.assessments {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func (s *Server) sortedSubs() []*subscription {
	out := make([]*subscription, 0, len(s.subs))
	for _, sub := range s.subs {
		out = append(out, sub)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// JSON renderings, camelCase as the API answers.

func (a *assessment) json() map[string]any {
	return map[string]any{
		"id":                    a.id,
		"title":                 a.title,
		"state":                 a.state,
		"labels":                []string{},
		"passingScore":          a.passingScore,
		"defaultExpirationDays": 7,
		"defaultReminderDays":   3,
		"archivedAt":            jsonTime(a.archivedAt),
		"createdAt":             jsonTime(a.createdAt),
		"updatedAt":             jsonTime(a.updatedAt),
	}
}

func (c *teamCandidate) json() map[string]any {
	return map[string]any{
		"id":        c.id,
		"email":     c.email,
		"firstName": c.firstName,
		"lastName":  c.lastName,
		"name":      c.name(),
	}
}

func (s *Server) invitationJSON(inv *invitation) map[string]any {
	out := map[string]any{
		"id":                 inv.id,
		"state":              "invited",
		"teamCandidateId":    inv.candidateID,
		"assessmentId":       inv.assessmentID,
		"assessmentResultId": inv.resultID,
		"invitePath":         "/assess/" + itoa(inv.assessmentID) + "?invite=" + inv.code,
		"expiresAt":          jsonTime(inv.expiresAt),
		"createdAt":          jsonTime(inv.createdAt),
		"candidateEmail":     inv.email,
		"candidateName":      strings.TrimSpace(inv.firstName + " " + inv.lastName),
		"alternateId":        inv.alternateID,
	}
	if a := s.assessments[inv.assessmentID]; a != nil {
		out["assessmentTitle"] = a.title
	}
	if r := s.results[inv.resultID]; r != nil {
		out["state"] = r.state
	}
	return out
}

func (s *Server) resultJSON(r *result) map[string]any {
	out := map[string]any{
		"id":                     r.id,
		"state":                  r.state,
		"score":                  r.score,
		"passingScore":           r.passed,
		"createdAt":              jsonTime(r.createdAt),
		"invitedAt":              jsonTime(r.invitedAt),
		"openedAt":               jsonTime(r.openedAt),
		"startedAt":              jsonTime(r.startedAt),
		"submittedAt":            jsonTime(r.submittedAt),
		"updatedAt":              jsonTime(r.updatedAt),
		"accumulatedSeconds":     r.accumulatedSeconds,
		"assessmentId":           r.assessmentID,
		"teamCandidateId":        r.candidateID,
		"assessmentInvitationId": r.invitationID,
		"closedReason":           nilIfEmpty(r.closedReason),
	}
	if c := s.candidateByID(r.candidateID); c != nil {
		out["teamCandidate"] = c.json()
	}
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (sub *subscription) json() map[string]any {
	triggers := map[string]bool{}
	for k, on := range sub.triggers {
		triggers[camel(k)] = on
	}
	return map[string]any{
		"id":            sub.id,
		"url":           sub.url,
		"name":          sub.name,
		"eventTriggers": triggers,
		"createdAt":     jsonTime(sub.createdAt),
		"updatedAt":     jsonTime(sub.updatedAt),
	}
}

// snake turns camelCase into snake_case; request keys may come either way.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// camel turns snake_case into camelCase for responses.
func camel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
