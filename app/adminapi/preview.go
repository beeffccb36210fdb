package adminapi

import (
	"context"
	"net/http"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// StagePreviews is who is already in a stage, and inviting them on purpose
// (the engine). Errors from Lever or Qualified come as UpstreamError.
type StagePreviews interface {
	// PreviewStage reads stage's candidates; stage.Since is zero for a
	// stage that is not a trigger stage.
	PreviewStage(ctx context.Context, stage backend.TriggerStage) (workflow.StagePreview, error)
	// InviteExisting queues "Invite these N" and answers how many were queued.
	InviteExisting(ctx context.Context, stageID string, opportunityIDs []string) (int, error)
}

// previewTimeout bounds a preview: up to workflow.PreviewScan/100 list pages
// and a read of each job, at Lever's pace.
const previewTimeout = time.Minute

// previewRoutes serves the endpoints of Who is already in a trigger stage, and inviting them on purpose.
func (s *Server) previewRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/stages/{stageId}/preview", s.previewStage)
	mux.HandleFunc("POST /api/stages/invite-existing", s.inviteExisting)
}

func (s *Server) previewStage(w http.ResponseWriter, r *http.Request) {
	if err := s.leverFirst("stages"); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), previewTimeout)
	defer cancel()
	stage, trigger, err := s.stageToPreview(ctx, r.PathValue("stageId"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.Previews.PreviewStage(ctx, stage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, stagePreviewOf(p, trigger))
}

// stageToPreview is the trigger stage with this id, or Lever's stage of that
// id when it is not one (Since zero).
func (s *Server) stageToPreview(ctx context.Context, id string) (backend.TriggerStage, bool, error) {
	triggers, err := s.Store.TriggerStages(ctx)
	if err != nil {
		return backend.TriggerStage{}, false, err
	}
	for _, t := range triggers {
		if t.StageID == id {
			return t, true, nil
		}
	}
	stages, err := s.Connections.LeverStages(ctx)
	if err != nil {
		return backend.TriggerStage{}, false, err
	}
	for _, st := range stages {
		if st.ID == id {
			return backend.TriggerStage{StageID: st.ID, Name: st.Text}, false, nil
		}
	}
	return backend.TriggerStage{}, false, backend.Errorf(backend.ENOTFOUND, "Lever has no stage with this id.")
}

func stagePreviewOf(p workflow.StagePreview, trigger bool) StagePreview {
	v := StagePreview{StageID: p.Stage.StageID, StageName: p.Stage.Name, Trigger: trigger, InStage: p.InStage, More: p.More,
		ScanLimit: workflow.PreviewScan, Invitable: p.Invitable, Limit: workflow.PreviewLimit,
		Counts: []PreviewCount{}, Candidates: make([]StageCandidate, len(p.Rows))}
	if trigger {
		v.Since = TimeOrNil(p.Stage.Since)
	}
	for _, reason := range []workflow.PreviewReason{workflow.ReasonAlreadyThere, workflow.ReasonNotYetInvited, workflow.ReasonInvited,
		workflow.ReasonNoEmail, workflow.ReasonNoTag, workflow.ReasonArchived, workflow.ReasonMovedOn} {
		if n := p.Counts[reason]; n > 0 {
			v.Counts = append(v.Counts, PreviewCount{Reason: string(reason), Count: n})
		}
	}
	for i, row := range p.Rows {
		as := row.Assessments
		if as == nil {
			as = []string{}
		}
		v.Candidates[i] = StageCandidate{OpportunityID: row.OpportunityID, Name: row.Name, Posting: row.PostingTitle,
			Assessments: as, Reason: string(row.Reason), Invites: row.Reason.Invites(), Why: row.Why}
	}
	return v
}

func (s *Server) inviteExisting(w http.ResponseWriter, r *http.Request) {
	var body InviteExisting
	if err := decodeBody(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.Previews.InviteExisting(r.Context(), body.StageID, body.OpportunityIDs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Events.Notify(TopicInvitations, TopicActivity)
	WriteJSON(w, http.StatusOK, InviteExistingDone{Queued: n})
}
