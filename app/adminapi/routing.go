package adminapi

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// Routing is routing by score as the API reads and changes it: the
// assessments' rules (*sqlite.DB), the suggestions (the engine) and the
// archive reasons (Lever).
type Routing interface {
	RoutingRules(ctx context.Context, assessmentID string) (backend.RoutingRules, bool, error)
	SaveRoutingRules(ctx context.Context, r backend.RoutingRules, logged ...backend.Activity) error
	ArchiveSuggestions(ctx context.Context) ([]sqlite.ArchiveSuggestion, error)
	ApproveArchives(ctx context.Context, ids []int64) error
	DismissArchives(ctx context.Context, ids []int64) error
	// ArchiveReasons are the Lever account's; errors as LeverStages'.
	ArchiveReasons(ctx context.Context) ([]lever.ArchiveReason, error)
}

// routingRoutes serves the endpoints of Routing by score: the per-assessment rules and the archive suggestions.
func (s *Server) routingRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/assessments/{id}/routing", s.getRoutingRules)
	mux.HandleFunc("PUT /api/assessments/{id}/routing", s.putRoutingRules)
	mux.HandleFunc("GET /api/archive-reasons", s.listArchiveReasons)
	mux.HandleFunc("GET /api/archive-suggestions", s.listArchiveSuggestions)
	mux.HandleFunc("POST /api/archive-suggestions/approve", s.decideSuggestions(func(r Routing) func(context.Context, []int64) error { return r.ApproveArchives }))
	mux.HandleFunc("POST /api/archive-suggestions/dismiss", s.decideSuggestions(func(r Routing) func(context.Context, []int64) error { return r.DismissArchives }))
}

func routingRulesOf(r backend.RoutingRules, saved bool) RoutingRules {
	return RoutingRules{AssessmentID: r.AssessmentID, Saved: saved, Cut: string(r.Cut), CutScore: r.CutScore, ReviewFrom: r.ReviewFrom,
		OutcomeTags: r.OutcomeTags, PassStageID: r.PassStageID, PassStageName: r.PassStageName,
		FailArchive: string(r.FailArchive), FailReasonID: r.FailReasonID, FailReasonText: r.FailReasonText}
}

func (s *Server) getRoutingRules(w http.ResponseWriter, r *http.Request) {
	rules, saved, err := s.Routing.RoutingRules(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, routingRulesOf(rules, saved))
}

// putRoutingRules saves an assessment's rules. With Lever connected, the
// stage and the reason must be the account's own, and their names are
// kept for the lines that tell of a move or an archive.
func (s *Server) putRoutingRules(w http.ResponseWriter, r *http.Request) {
	var body RoutingRulesChange
	if err := decodeBody(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	rules := body.Rules(r.PathValue("id"))
	if (rules.PassStageID != "" || rules.FailReasonID != "") && s.Connections.State().LeverConnected {
		ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
		defer cancel()
		if err := s.nameRoutingTargets(ctx, &rules); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	line := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "rules", Outcome: backend.OutcomeOK,
		Message: rulesLine(s.assessmentTitle(r.Context(), rules.AssessmentID), rules)}
	if err := s.Routing.SaveRoutingRules(r.Context(), rules, line); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Events.Notify(TopicActivity)
	s.getRoutingRules(w, r)
}

// nameRoutingTargets checks the stage and the reason against Lever and
// fills in their names.
func (s *Server) nameRoutingTargets(ctx context.Context, rules *backend.RoutingRules) error {
	if rules.PassStageID != "" {
		stages, err := s.Connections.LeverStages(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(stages, func(st lever.Stage) bool { return st.ID == rules.PassStageID })
		if i < 0 {
			return backend.Errorf(backend.EINVALID, "Lever has no stage %q: choose one of your pipeline's stages.", rules.PassStageID)
		}
		rules.PassStageName = stages[i].Text
	}
	if rules.FailReasonID != "" {
		reasons, err := s.Routing.ArchiveReasons(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(reasons, func(a lever.ArchiveReason) bool { return a.ID == rules.FailReasonID })
		if i < 0 {
			return backend.Errorf(backend.EINVALID, "Lever has no archive reason %q: choose one of your account's reasons.", rules.FailReasonID)
		}
		rules.FailReasonText = reasons[i].Text
	}
	return nil
}

// assessmentTitle names an assessment for a line, or gives its id.
func (s *Server) assessmentTitle(ctx context.Context, id string) string {
	if list, err := s.Engine.Assessments(ctx); err == nil {
		for _, a := range list {
			if a.ID == id {
				return a.Title
			}
		}
	}
	return id
}

// rulesLine tells, in a line, what the saved rules do.
func rulesLine(title string, r backend.RoutingRules) string {
	if !r.Active() {
		return fmt.Sprintf("Routing by score for %s turned off.", title)
	}
	cut := "Qualified's verdict"
	if r.Cut == backend.CutScore {
		cut = fmt.Sprintf("%g%%", r.CutScore)
	}
	s := fmt.Sprintf("Routing by score for %s saved: the cut is %s", title, cut)
	if r.ReviewFrom != nil {
		s += fmt.Sprintf(", review from %g%%", *r.ReviewFrom)
	}
	if r.OutcomeTags {
		s += ", outcome tags on"
	}
	if r.PassStageID != "" {
		s += ", passes move to " + nameOr(r.PassStageName, r.PassStageID)
	}
	switch r.FailArchive {
	case backend.ArchiveSuggest:
		s += ", fails are suggested for archiving (" + nameOr(r.FailReasonText, r.FailReasonID) + ")"
	case backend.ArchiveAutomatic:
		s += ", fails are archived (" + nameOr(r.FailReasonText, r.FailReasonID) + ")"
	}
	return s + "."
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

func (s *Server) listArchiveReasons(w http.ResponseWriter, r *http.Request) {
	if err := s.leverFirst("archive reasons"); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	reasons, err := s.Routing.ArchiveReasons(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := ArchiveReasons{Reasons: []ArchiveReason{}}
	for _, a := range reasons {
		if a.Status == "" || a.Status == "active" {
			v.Reasons = append(v.Reasons, ArchiveReason{ID: a.ID, Text: a.Text, Type: a.Type})
		}
	}
	WriteJSON(w, http.StatusOK, v)
}

func (s *Server) listArchiveSuggestions(w http.ResponseWriter, r *http.Request) {
	list, err := s.Routing.ArchiveSuggestions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Reason texts as the rules named them when saved.
	texts := map[string]string{}
	v := ArchiveSuggestions{Suggestions: make([]ArchiveSuggestion, len(list))}
	for i, x := range list {
		text, ok := texts[x.Invitation.AssessmentID]
		if !ok {
			if rules, _, err := s.Routing.RoutingRules(r.Context(), x.Invitation.AssessmentID); err == nil && rules.FailReasonID == x.ArchiveReasonID {
				text = rules.FailReasonText
			}
			texts[x.Invitation.AssessmentID] = text
		}
		inv := InvitationOf(x.Invitation)
		v.Suggestions[i] = ArchiveSuggestion{InvitationID: x.InvitationID, Candidate: inv.Candidate, AssessmentTitle: inv.AssessmentTitle,
			Score: inv.Score, Outcome: string(x.Outcome), ReasonID: x.ArchiveReasonID, ReasonText: nameOr(text, x.ArchiveReasonID),
			State: x.ArchiveState, Note: x.Note, DecidedAt: TimeOrNil(x.DecidedAt)}
	}
	WriteJSON(w, http.StatusOK, v)
}

// decideSuggestions approves or dismisses suggestions, then answers the list.
func (s *Server) decideSuggestions(do func(Routing) func(context.Context, []int64) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body SuggestionIDs
		if err := decodeBody(r, &body); err != nil {
			s.fail(w, r, err)
			return
		}
		if err := do(s.Routing)(r.Context(), body.IDs); err != nil {
			s.fail(w, r, err)
			return
		}
		s.Events.Notify(TopicInvitations, TopicActivity)
		s.listArchiveSuggestions(w, r)
	}
}
