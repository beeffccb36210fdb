package qualifiedtest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Assessment describes an assessment to add to the account.
type Assessment struct {
	// ID numbers the assessment; the server chooses one when zero. The API
	// shows it as an ObjectId, which AddAssessment returns.
	ID    int
	Title string
	// PassingScore is the cut in percent.
	PassingScore int
	// State defaults to "published".
	State    string
	Archived bool
	// Challenges are the challenge titles; two are made up when empty.
	Challenges []string
	// ExpirationDays and ReminderDays are the assessment's
	// defaultExpirationDays and defaultReminderDays (7 and 3 when zero), what
	// apply_day_defaults applies.
	ExpirationDays, ReminderDays int
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
	// ExpiresAt and ReminderAt are the deadline and reminder the invite set;
	// zero when none.
	ExpiresAt, ReminderAt time.Time
	// State is the invitation's state as the API shows it: "active",
	// "expired" or "canceled".
	State string
	// Takes counts the attempts: 1, plus one per retry_action "retake".
	Takes int
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

// DefaultSubscription is the subscription Qualified's UI keeps for a team
// that has set up webhooks there: one named "Default", which an integration
// finds beside its own. Its events are ones the simulator never fires, so it
// receives nothing.
var DefaultSubscription = Subscription{Name: "Default", URL: "https://hooks.example.com/qualified", Events: []string{"challenge_created"}}

type assessment struct {
	id           int
	title        string
	passingScore int
	state        string
	archivedAt   time.Time
	challenges   []string
	expireDays   int
	remindDays   int
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
	takes                                   int
	createdAt, expiresAt, reminderAt        time.Time
}

type result struct {
	id, assessmentID, candidateID, invitationID int
	state, prevState, closedReason              string
	score                                       *float64
	passed                                      *bool
	createdAt, invitedAt, openedAt, startedAt   time.Time
	submittedAt, updatedAt                      time.Time
	accumulatedSeconds                          int
	// take numbers the attempts of one invitation from 0 (retakeNumber).
	take       int
	solutions  []solution
	shareToken string
	// similarity is each solution's code-similarity risk, in order (see
	// SetSimilarityRisk); a solution without one answers null, as an
	// account without the check does.
	similarity []string
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
	// triggersID is the id Qualified gives the triggers' own record, which
	// it sends inside eventTriggers beside the true/false values.
	triggersID int
	createdAt  time.Time
	updatedAt  time.Time
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

// Qualified's ids are 24-hex-digit MongoDB ObjectIds, never numbers. The
// simulator numbers its records and shows each number in the last eight
// digits of an ObjectId with a fixed beginning.
const oidPrefix = "645c03001d41c84e"

// oid is the ObjectId the API shows for a record number.
func oid(n int) string { return fmt.Sprintf("%s%08x", oidPrefix, n) }

// parseOID reads an ObjectId back into a record number; -1 when s is not one
// the simulator gave out.
func parseOID(s string) int {
	if len(s) != len(oidPrefix)+8 || !strings.HasPrefix(s, oidPrefix) {
		return -1
	}
	n, err := strconv.ParseUint(s[len(oidPrefix):], 16, 32)
	if err != nil {
		return -1
	}
	return int(n)
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
	if a.ExpirationDays == 0 {
		a.ExpirationDays = 7
	}
	if a.ReminderDays == 0 {
		a.ReminderDays = 3
	}
	as := &assessment{
		id:           a.ID,
		expireDays:   a.ExpirationDays,
		remindDays:   a.ReminderDays,
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
	return oid(a.ID)
}

// RenameAssessment changes an assessment's title.
func (s *Server) RenameAssessment(id, title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.assessments[parseOID(id)]; a != nil {
		a.title = title
		a.updatedAt = s.clock()
	}
}

// ArchiveAssessment archives an assessment. Like Qualified, it keeps its
// state and gains an archivedAt.
func (s *Server) ArchiveAssessment(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.assessments[parseOID(id)]; a != nil && a.archivedAt.IsZero() {
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
			ID:              oid(inv.id),
			ResultID:        oid(inv.resultID),
			TeamCandidateID: oid(inv.candidateID),
			AssessmentID:    oid(inv.assessmentID),
			Email:           inv.email,
			FirstName:       inv.firstName,
			LastName:        inv.lastName,
			AlternateID:     inv.alternateID,
			EmailsSent:      inv.emailsSent,
			CreatedAt:       inv.createdAt,
			ExpiresAt:       inv.expiresAt,
			ReminderAt:      inv.reminderAt,
			State:           s.invitationState(inv),
			Takes:           inv.takes,
		})
	}
	sort.Slice(out, func(i, j int) bool { return parseOID(out[i].ID) < parseOID(out[j].ID) })
	return out
}

// EmailsSent counts the invitation e-mails sent to email for assessmentID.
func (s *Server) EmailsSent(email, assessmentID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if inv := s.invitationFor(email, parseOID(assessmentID)); inv != nil {
		return inv.emailsSent
	}
	return 0
}

// ResultFor returns the result of email taking assessmentID.
func (s *Server) ResultFor(email, assessmentID string) (Result, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.invitationFor(email, parseOID(assessmentID))
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
	for _, r := range byIDOrder(s.results) {
		out = append(out, s.publicResult(r))
	}
	return out
}

// Subscriptions lists the webhook subscriptions.
func (s *Server) Subscriptions() []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Subscription
	for _, sub := range byIDOrder(s.subs) {
		out = append(out, Subscription{ID: oid(sub.id), URL: sub.url, Name: sub.name, Events: sub.events()})
	}
	return out
}

// AddSubscription adds a webhook subscription as if made in Qualified's UI,
// such as DefaultSubscription, and returns its id. Events are snake_case
// trigger names; it panics on one Qualified does not know, as a test's
// typo should fail loudly.
func (s *Server) AddSubscription(sub Subscription) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	triggers := map[string]bool{}
	for _, ev := range sub.Events {
		if !knownTriggers[ev] {
			panic("qualifiedtest: unknown event trigger " + ev)
		}
		triggers[ev] = true
	}
	now := s.clock()
	rec := &subscription{id: s.newID("subscription"), triggersID: s.newID("triggers"), url: sub.URL, name: sub.Name,
		triggers: triggers, createdAt: now, updatedAt: now}
	s.subs[rec.id] = rec
	return oid(rec.id)
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
		ID:                 oid(r.id),
		State:              r.state,
		AssessmentID:       oid(r.assessmentID),
		TeamCandidateID:    oid(r.candidateID),
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

// shownScore is the score and pass Qualified shows for a result: 0.0 and
// false while the candidate is still working and nothing is scored yet.
func (r *result) shownScore() (score, passed any) {
	if r.score == nil && (r.state == "started" || r.state == "submitting") {
		return 0.0, false
	}
	return r.score, r.passed
}

// byIDOrder lists records in the order of their ids, which are their keys.
func byIDOrder[T any](records map[int]*T) []*T {
	out := make([]*T, 0, len(records))
	for _, id := range slices.Sorted(maps.Keys(records)) {
		out = append(out, records[id])
	}
	return out
}

// JSON renderings, camelCase as the API answers, with ids as ObjectId
// strings. Fields follow Qualified's recorded answers (the request/response
// pairs its API reference is generated from), not only its prose docs.

func (a *assessment) json() map[string]any {
	return map[string]any{
		"id":                    oid(a.id),
		"title":                 a.title,
		"state":                 a.state,
		"labels":                []string{},
		"passingScore":          a.passingScore,
		"defaultExpirationDays": a.expireDays,
		"defaultReminderDays":   a.remindDays,
		"archivedAt":            jsonTime(a.archivedAt),
		"createdAt":             jsonTime(a.createdAt),
		"updatedAt":             jsonTime(a.updatedAt),
	}
}

func (c *teamCandidate) json() map[string]any {
	return map[string]any{
		"id":        oid(c.id),
		"email":     c.email,
		"firstName": c.firstName,
		"lastName":  c.lastName,
		"name":      c.name(),
	}
}

func (s *Server) invitationJSON(inv *invitation) map[string]any {
	out := map[string]any{
		"id":    oid(inv.id),
		"state": "active",
		// Recorded invitations carry these beside what the client reads.
		"teamId":               oid(1),
		"sendEmailToCandidate": true,
		"reminded":             !inv.reminderAt.IsZero() && !s.clock().Before(inv.reminderAt),
		"teamCandidateId":      oid(inv.candidateID),
		"assessmentId":         oid(inv.assessmentID),
		"assessmentResultId":   oid(inv.resultID),
		"invitePath":           "/assess/" + oid(inv.assessmentID) + "?invite=" + inv.code,
		"invitePracticePath":   "/assess/" + oid(inv.assessmentID) + "?invite=" + inv.code + "&practice=true",
		"expiresAt":            jsonTime(inv.expiresAt),
		"reminderAt":           jsonTime(inv.reminderAt),
		"createdAt":            jsonTime(inv.createdAt),
		"candidateEmail":       inv.email,
		"candidateName":        strings.TrimSpace(inv.firstName + " " + inv.lastName),
		"alternateId":          inv.alternateID,
	}
	if a := s.assessments[inv.assessmentID]; a != nil {
		out["assessmentTitle"] = a.title
	}
	out["state"] = s.invitationState(inv)
	return out
}

// invitationState is the invitation's state: "canceled" once cancelled,
// "expired" once past its deadline without a submission, else "active".
//
// Past its deadline, Qualified no longer lets the candidate in, but it does
// not close the result: the result stays "invited" or "opened" (or
// "started", for an attempt begun before the deadline and not yet handed
// in), no webhook fires, and only the invitation says "expired". The
// simulator does the same; an integration learns of an expiry by comparing
// expiresAt with the clock, not from a result state. Callers hold s.mu.
func (s *Server) invitationState(inv *invitation) string {
	r := s.results[inv.resultID]
	switch {
	case r != nil && r.closedReason == "invitation_canceled":
		return "canceled"
	case r != nil && (r.state == "submitted" || r.state == "submitting" || r.state == "terminated"):
		return "active"
	case !inv.expiresAt.IsZero() && !s.clock().Before(inv.expiresAt):
		return "expired"
	}
	return "active"
}

// resultJSON is a result as GET /assessment_results and
// /assessment_results/:id send it: no e-mail, no assessment title and no
// passingScore (the exhibit has those), and a score of 0.0 while the
// candidate is still working or Qualified is still scoring.
func (s *Server) resultJSON(r *result) map[string]any {
	var score any
	switch {
	case r.score != nil:
		score = *r.score
	case r.state == "started" || r.state == "submitting":
		score = 0.0
	}
	return map[string]any{
		"id":                     oid(r.id),
		"assessmentId":           oid(r.assessmentID),
		"teamCandidateId":        oid(r.candidateID),
		"candidateId":            oid(r.candidateID),
		"teamId":                 oid(1),
		"state":                  r.state,
		"score":                  score,
		"createdAt":              jsonTime(r.createdAt),
		"invitedAt":              jsonTime(r.invitedAt),
		"openedAt":               jsonTime(r.openedAt),
		"startedAt":              jsonTime(r.startedAt),
		"submittedAt":            jsonTime(r.submittedAt),
		"submittingAt":           nil,
		"updatedAt":              jsonTime(r.updatedAt),
		"stateUpdatedAt":         jsonTime(r.updatedAt),
		"accumulatedSeconds":     r.accumulatedSeconds,
		"assessmentInvitationId": oid(r.invitationID),
		"closedReason":           nilIfEmpty(r.closedReason),
		"retakeNumber":           r.take,
		"currentTake":            s.invitations[r.invitationID] == nil || s.invitations[r.invitationID].resultID == r.id,
		"challengeItems":         []any{},
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// json renders a subscription as recorded: eventTriggers lists the enabled
// triggers in camelCase and, beside them, the string id of the triggers'
// own record.
func (sub *subscription) json() map[string]any {
	triggers := map[string]any{"id": oid(sub.triggersID)}
	for k, on := range sub.triggers {
		if on {
			triggers[camel(k)] = true
		}
	}
	return map[string]any{
		"id":                 oid(sub.id),
		"name":               sub.name,
		"url":                sub.url,
		"supportEmail":       nil,
		"schema":             "v1",
		"triggerOnAll":       false,
		"eventTriggers":      triggers,
		"failingEventsCount": nil,
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
