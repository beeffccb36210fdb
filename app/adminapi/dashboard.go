package adminapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// InvitationOf is an invitation as the dashboard shows it.
func InvitationOf(inv backend.Invitation) Invitation {
	var challenges []ChallengeResult
	if inv.Challenges != nil {
		challenges = make([]ChallengeResult, len(inv.Challenges))
		for i, c := range inv.Challenges {
			challenges[i] = ChallengeResult{Title: c.Title, Score: c.Score, Language: c.Language}
		}
	}
	return Invitation{
		ID: inv.ID,
		Candidate: Candidate{OpportunityID: inv.OpportunityID, Name: inv.Candidate.Name, Email: inv.Candidate.Email,
			PostingID: inv.Candidate.PostingID, PostingTitle: inv.Candidate.PostingTitle, ProfileURL: inv.Candidate.ProfileURL},
		AssessmentID: inv.AssessmentID, AssessmentTitle: inv.AssessmentTitle, Status: string(inv.Status), Tag: inv.AppliedTag,
		Score: inv.Score, Passed: inv.Passed, TimeSpentSeconds: int64(inv.TimeSpent / time.Second), Challenges: challenges,
		ReportURL: inv.ReportURL, Error: inv.Error,
		InvitedAt: TimeOrNil(inv.InvitedAt), StartedAt: TimeOrNil(inv.StartedAt), SubmittedAt: TimeOrNil(inv.SubmittedAt),
		UpdatedAt: TimeOrNil(inv.UpdatedAt),
	}
}

// RoutingOf is a routing decision as the dashboard's row shows it.
func RoutingOf(r sqlite.RoutedRow) *InvitationRouting {
	moveTo := r.MoveToName
	if moveTo == "" {
		moveTo = r.MoveTo
	}
	return &InvitationRouting{Outcome: string(r.Outcome), MoveTo: moveTo, Move: r.MoveState,
		ArchiveMode: string(r.ArchiveMode), Archive: r.ArchiveState, Note: r.Note}
}

// invitationFilter reads the dashboard's query: an unknown status is refused.
func invitationFilter(r *http.Request) (sqlite.InvitationFilter, error) {
	q := r.URL.Query()
	f := sqlite.InvitationFilter{AssessmentID: q.Get("assessment"), PostingID: q.Get("posting"), Search: q.Get("q"), Sort: q.Get("sort")}
	for _, s := range q["status"] {
		for _, part := range strings.Split(s, ",") {
			st := backend.Status(strings.TrimSpace(part))
			if !st.Valid() {
				return f, backend.Errorf(backend.EINVALID, "Unknown status %q.", part)
			}
			f.Statuses = append(f.Statuses, st)
		}
	}
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	return f, nil
}

func (s *Server) listInvitations(w http.ResponseWriter, r *http.Request) {
	f, err := invitationFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.Store.ListInvitations(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := InvitationPage{Invitations: make([]Invitation, len(page.Invitations)), Total: page.Total}
	for i, inv := range page.Invitations {
		v.Invitations[i] = InvitationOf(inv)
		if r, ok := page.Routed[inv.ID]; ok {
			v.Invitations[i].Routing = RoutingOf(r)
		}
	}
	if err := s.addLever(r.Context(), v.Invitations); err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, v)
}

// retry runs a retry named by the {id} in the path and answers 202.
func (s *Server) retry(what string, retry func(context.Context, int64) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			s.fail(w, r, backend.Errorf(backend.EINVALID, "%s id must be a number.", what))
			return
		}
		if err := retry(r.Context(), id); err != nil {
			s.fail(w, r, err)
			return
		}
		WriteJSON(w, http.StatusAccepted, RetryAccepted{Status: "retrying"})
	}
}

func (s *Server) listActivity(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := sqlite.ActivityFilter{OpportunityID: q.Get("opportunity")}
	for _, o := range q["outcome"] {
		f.Outcomes = append(f.Outcomes, backend.Outcome(o))
	}
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	list, err := s.Store.ListActivity(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := Activity{Activity: make([]ActivityEntry, len(list))}
	for i, x := range list {
		v.Activity[i] = ActivityEntry{ID: x.ID, At: x.At.UTC().Format(time.RFC3339Nano), Kind: string(x.Kind), Source: x.Source, Event: x.Event,
			OpportunityID: x.OpportunityID, InvitationID: x.InvitationID, Outcome: string(x.Outcome), Message: x.Message,
			Retryable: workflow.Retryable(x)}
	}
	WriteJSON(w, http.StatusOK, v)
}

func (s *Server) listAssessments(w http.ResponseWriter, r *http.Request) {
	if !s.Connections.State().QualifiedConnected {
		s.fail(w, r, backend.Errorf(backend.ECONFLICT, "Connect Qualified first: the assessments come from your Qualified account."))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	// The list the engine works from, read at most once a minute: this is
	// asked again on every live update while the dashboard is open.
	list, err := s.Engine.Assessments(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := s.Store.StatusCounts(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := Assessments{Assessments: make([]Assessment, len(list))}
	for i, x := range list {
		title := strings.TrimSpace(x.Title)
		c := map[string]int{}
		for _, st := range backend.Statuses {
			c[string(st)] = counts[x.ID][st]
		}
		var cut *float64
		if x.PassingScore > 0 {
			cut = &x.PassingScore
		}
		v.Assessments[i] = Assessment{ID: x.ID, Title: title, PassingScore: cut, Published: x.Published, Tag: title,
			Tags: AssessmentTags{
				Invited:   backend.TagFor(title, backend.StatusInvited),
				Started:   backend.TagFor(title, backend.StatusStarted),
				Submitted: backend.TagFor(title, backend.StatusSubmitted),
			}, Counts: c}
	}
	WriteJSON(w, http.StatusOK, v)
}

func (s *Server) listPostings(w http.ResponseWriter, r *http.Request) {
	list, err := s.Store.Postings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := Postings{Postings: make([]Posting, len(list))}
	for i, p := range list {
		v.Postings[i] = Posting{ID: p.ID, Title: p.Title}
	}
	WriteJSON(w, http.StatusOK, v)
}

func (s *Server) getFunnel(w http.ResponseWriter, r *http.Request) {
	list, err := s.Store.Funnel(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := Funnel{Funnel: make([]FunnelRow, len(list))}
	for i, f := range list {
		v.Funnel[i] = FunnelRow{AssessmentID: f.AssessmentID, Title: f.Title, Invited: f.Invited, Started: f.Started, Submitted: f.Submitted}
	}
	WriteJSON(w, http.StatusOK, v)
}
