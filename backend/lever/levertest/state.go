package levertest

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
)

// Posting seeds a job posting.
type Posting struct {
	ID   string
	Text string
	Tags []string
	// State defaults to "published".
	State string
}

// Opportunity seeds an opportunity, and is what Server.Opportunity reports.
type Opportunity struct {
	ID        string
	ContactID string // default "contact-" + ID
	Name      string
	Emails    []string
	Tags      []string
	StageID   string
	// PostingIDs become the opportunity's applications, one each.
	PostingIDs []string
	Archived   bool
	// EnteredStageAt is when it entered StageID. Default Now.
	EnteredStageAt time.Time
	// Origin is how the candidate came in, matched against webhook
	// conditions. Default "applied".
	Origin string
}

// Note is a note posted through the API.
type Note struct {
	ID        string
	Value     string
	PerformAs string
	CreatedAt time.Time
}

// TagOp is one addTags or removeTags call.
type TagOp struct {
	Add       bool
	Tags      []string
	PerformAs string
}

// opportunity is an opportunity's full state.
type opportunity struct {
	Opportunity
	deleted        bool
	createdAt      int64
	updatedAt      int64
	lastAdvancedAt int64
	archivedAt     int64
	archiveReason  string
	stageChanges   []stageChange
}

type stageChange struct {
	ToStageID    string  `json:"toStageId"`
	ToStageIndex int     `json:"toStageIndex"`
	UserID       *string `json:"userId"`
	UpdatedAt    int64   `json:"updatedAt"`
}

func (o *opportunity) copy() Opportunity {
	c := o.Opportunity
	c.Emails = slices.Clone(o.Emails)
	c.Tags = slices.Clone(o.Tags)
	c.PostingIDs = slices.Clone(o.PostingIDs)
	return c
}

// AddStage adds a pipeline stage at the end, or renames an existing one.
func (s *Server) AddStage(id, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.stageIndex(id); i >= 0 {
		s.stages[i].Text = text
		return
	}
	s.stages = append(s.stages, lever.Stage{ID: id, Text: text})
}

// AddUser adds a user, whom tag changes and notes can be performed as.
func (s *Server) AddUser(id, name, email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.users {
		if s.users[i].ID == id {
			s.users[i].Name, s.users[i].Email = name, email
			return
		}
	}
	s.users = append(s.users, lever.User{ID: id, Name: name, Email: email, AccessRole: "admin"})
}

// AddPosting adds or replaces a posting.
func (s *Server) AddPosting(p Posting) {
	if p.State == "" {
		p.State = "published"
	}
	p.Tags = slices.Clone(p.Tags)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.postings[p.ID]; !ok {
		s.postingList = append(s.postingList, p.ID)
	}
	s.postings[p.ID] = &p
}

// AddOpportunity adds an opportunity in its stage, with the stage change
// that put it there. It panics on an unknown stage or posting or a reused
// id, since the scenario itself is then wrong.
func (s *Server) AddOpportunity(o Opportunity) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.opps[o.ID]; ok || o.ID == "" {
		panic(fmt.Sprintf("levertest: AddOpportunity: id %q is empty or taken", o.ID))
	}
	idx := s.stageIndex(o.StageID)
	if idx < 0 {
		panic(fmt.Sprintf("levertest: AddOpportunity %s: unknown stage %q", o.ID, o.StageID))
	}
	for _, p := range o.PostingIDs {
		if _, ok := s.postings[p]; !ok {
			panic(fmt.Sprintf("levertest: AddOpportunity %s: unknown posting %q", o.ID, p))
		}
	}
	now := s.opts.Now()
	if o.EnteredStageAt.IsZero() {
		o.EnteredStageAt = now
	}
	if o.ContactID == "" {
		o.ContactID = "contact-" + o.ID
	}
	if o.Origin == "" {
		o.Origin = "applied"
	}
	o.Emails = slices.Clone(o.Emails)
	o.Tags = dedupe(o.Tags)
	o.PostingIDs = slices.Clone(o.PostingIDs)
	entered := o.EnteredStageAt.UnixMilli()
	opp := &opportunity{
		Opportunity:    o,
		createdAt:      min(entered, now.UnixMilli()),
		updatedAt:      max(entered, now.UnixMilli()),
		lastAdvancedAt: entered,
		stageChanges:   []stageChange{{ToStageID: o.StageID, ToStageIndex: idx, UserID: s.actingUser(), UpdatedAt: entered}},
	}
	if o.Archived {
		opp.archivedAt, opp.archiveReason = now.UnixMilli(), DefaultArchiveReason
	}
	s.opps[o.ID] = opp
	s.oppList = append(s.oppList, o.ID)
}

// SetTags replaces an opportunity's tags, as a recruiter editing them in
// Lever would. It is not recorded in TagOps and sends no webhook.
func (s *Server) SetTags(oppID string, tags []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.live(oppID); o != nil {
		o.Tags = dedupe(tags)
		o.updatedAt = s.opts.Now().UnixMilli()
	}
}

// SetEmails replaces an opportunity's e-mail addresses, as a recruiter
// editing the contact in Lever would. It sends no webhook.
func (s *Server) SetEmails(oppID string, emails []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.live(oppID); o != nil {
		o.Emails = slices.Clone(emails)
		o.updatedAt = s.opts.Now().UnixMilli()
	}
}

// Opportunity returns a copy of an opportunity's current state; false when
// it is unknown or deleted.
func (s *Server) Opportunity(id string) (Opportunity, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.live(id)
	if o == nil {
		return Opportunity{}, false
	}
	return o.copy(), true
}

// Notes returns the notes posted on an opportunity, oldest first.
func (s *Server) Notes(oppID string) []Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.notes[oppID])
}

// TagOps returns every addTags and removeTags call on an opportunity, in
// order, whether or not it changed anything.
func (s *Server) TagOps(oppID string) []TagOp {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]TagOp, len(s.tagOps[oppID]))
	for i, op := range s.tagOps[oppID] {
		op.Tags = slices.Clone(op.Tags)
		out[i] = op
	}
	return out
}

// Webhooks returns the webhooks made through the API, signature tokens
// included.
func (s *Server) Webhooks() []lever.Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]lever.Webhook, len(s.webhooks))
	for i, h := range s.webhooks {
		out[i] = lever.Webhook{ID: h.id, URL: h.url, Event: h.event, SignatureToken: h.signatureToken, Origins: slices.Clone(h.origins)}
	}
	return out
}

// live returns a non-deleted opportunity or nil. s.mu held.
func (s *Server) live(id string) *opportunity {
	o := s.opps[id]
	if o == nil || o.deleted {
		return nil
	}
	return o
}

// stageIndex is a stage's place in the pipeline, or -1. s.mu held.
func (s *Server) stageIndex(id string) int {
	return slices.IndexFunc(s.stages, func(st lever.Stage) bool { return st.ID == id })
}

// actingUser is who scenario moves are made by: the first user, if any.
// s.mu held.
func (s *Server) actingUser() *string {
	if len(s.users) == 0 {
		return nil
	}
	id := s.users[0].ID
	return &id
}

func (s *Server) userExists(id string) bool {
	return slices.ContainsFunc(s.users, func(u lever.User) bool { return u.ID == id })
}

// dedupe copies tags without repeats, keeping the first of each; Lever's
// tags are a case-sensitive set.
func dedupe(tags []string) []string {
	out := []string{}
	for _, t := range tags {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// OpportunityLists returns the query of every GET /opportunities answered
// (each page its own), oldest first, so a test can tell one reader's pages
// from another's by their filters.
func (s *Server) OpportunityLists() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]url.Values, len(s.oppPages))
	for i, q := range s.oppPages {
		out[i] = maps.Clone(q)
	}
	return out
}
