package levertest

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/assessbridge/assessbridge/backend/lever"
)

// ArchiveReason is one of the account's archive reasons. Type is "hired"
// or "non-hired"; "Hired" is an archive reason in Lever, not a stage.
type ArchiveReason struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Status string `json:"status"`
	Type   string `json:"type"`
}

// DefaultArchiveReason is the reason Archive gives: the one a recruiter
// archiving by hand picks most.
const DefaultArchiveReason = "reason-underqualified"

// seededArchiveReasons are the reasons every simulator starts with, the
// kind a fresh Lever account has.
func seededArchiveReasons() []ArchiveReason {
	return []ArchiveReason{
		{ID: "reason-underqualified", Text: "Underqualified", Status: "active", Type: "non-hired"},
		{ID: "reason-withdrew", Text: "Withdrew", Status: "active", Type: "non-hired"},
		{ID: "reason-no-show", Text: "Did not respond", Status: "active", Type: "non-hired"},
		{ID: "reason-position-filled", Text: "Position filled", Status: "active", Type: "non-hired"},
		{ID: "reason-hired", Text: "Hired", Status: "active", Type: "hired"},
	}
}

// AddArchiveReason adds an archive reason, or renames an existing one.
func (s *Server) AddArchiveReason(r ArchiveReason) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Status == "" {
		r.Status = "active"
	}
	if i := slices.IndexFunc(s.archiveReasons, func(x ArchiveReason) bool { return x.ID == r.ID }); i >= 0 {
		s.archiveReasons[i] = r
		return
	}
	s.archiveReasons = append(s.archiveReasons, r)
}

// Move is one stage change made through the API, as MoveToStage's HTTP
// endpoint records it.
type Move struct {
	ToStageID string
	PerformAs string
}

// Moves returns the moves made through the API on an opportunity, oldest
// first. A recruiter's moves (Server.MoveToStage) are not among them.
func (s *Server) Moves(oppID string) []Move {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.apiMoves[oppID])
}

// ArchiveWithReason archives an opportunity with the archive reason given,
// as a recruiter would, and delivers candidateArchiveChange.
func (s *Server) ArchiveWithReason(oppID, reasonID string) {
	s.mu.Lock()
	recs := s.archive(s.live(oppID), reasonID)
	s.mu.Unlock()
	s.send(recs)
}

// move moves o to the stage, as the user who (nil: the scenario's acting
// user), and returns the candidateStageChange deliveries to send. s.mu
// held; the stage is known and not o's current one.
func (s *Server) move(o *opportunity, stageID string, who *string) []*deliveryRecord {
	now := s.opts.Now()
	if who == nil {
		who = s.actingUser()
	}
	from := o.StageID
	o.StageID = stageID
	o.EnteredStageAt = now
	o.updatedAt = now.UnixMilli()
	o.lastAdvancedAt = now.UnixMilli()
	o.stageChanges = append(o.stageChanges, stageChange{
		ToStageID: stageID, ToStageIndex: s.stageIndex(stageID), UserID: who, UpdatedAt: now.UnixMilli(),
	})
	data := stageChangeData{o.ID, o.ID, o.ContactID, from, stageID}
	return s.prepare(lever.EventCandidateStageChange, data, o.Origin)
}

// archive archives o with the reason and returns the
// candidateArchiveChange deliveries; nothing when o is nil or already
// archived. s.mu held.
func (s *Server) archive(o *opportunity, reasonID string) []*deliveryRecord {
	if o == nil || o.Archived {
		return nil
	}
	now := s.opts.Now().UnixMilli()
	o.Archived, o.archivedAt, o.archiveReason, o.updatedAt = true, now, reasonID, now
	data := map[string]any{
		"opportunityId": o.ID, "candidateId": o.ID, "contactId": o.ContactID,
		"fromArchived": nil,
		"toArchived":   map[string]any{"archivedAt": now, "reason": reasonID},
	}
	return s.prepare("candidateArchiveChange", data, o.Origin)
}

// unarchive restores o and returns the candidateArchiveChange deliveries;
// nothing when o is nil or active. s.mu held.
func (s *Server) unarchive(o *opportunity) []*deliveryRecord {
	if o == nil || !o.Archived {
		return nil
	}
	was := map[string]any{"archivedAt": o.archivedAt, "reason": o.archiveReason}
	o.Archived, o.archivedAt, o.archiveReason = false, 0, ""
	o.updatedAt = s.opts.Now().UnixMilli()
	data := map[string]any{
		"opportunityId": o.ID, "candidateId": o.ID, "contactId": o.ContactID,
		"fromArchived": was, "toArchived": nil,
	}
	return s.prepare("candidateArchiveChange", data, o.Origin)
}

func (s *Server) listArchiveReasons(w http.ResponseWriter, r *http.Request) *refusal {
	typ := r.URL.Query().Get("type")
	if typ != "" && typ != "hired" && typ != "non-hired" {
		return refuse(http.StatusBadRequest, "Invalid type: must be hired or non-hired")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []any{}
	for _, a := range s.archiveReasons {
		if typ == "" || a.Type == typ {
			items = append(items, a)
		}
	}
	s.writeList(w, r, items)
	return nil
}

// putStage is PUT /opportunities/:id/stage: a move as the perform_as user,
// which fires candidateStageChange like a recruiter's. Lever's answer to a
// move into the current stage is not documented; the simulator answers
// the opportunity unchanged and sends nothing.
func (s *Server) putStage(w http.ResponseWriter, r *http.Request) *refusal {
	var body struct {
		Stage string `json:"stage"`
	}
	if e := decodeBody(w, r, &body); e != nil {
		return e
	}
	var recs []*deliveryRecord
	e := s.withOpportunity(r, func(o *opportunity) *refusal {
		who, e := s.performAs(r)
		if e != nil {
			return e
		}
		if s.stageIndex(body.Stage) < 0 {
			return refuse(http.StatusBadRequest, "Invalid stage: no stage with id "+body.Stage)
		}
		if o.StageID != body.Stage {
			var by *string
			if who != "" {
				by = &who
			}
			recs = s.move(o, body.Stage, by)
			s.apiMoves[o.ID] = append(s.apiMoves[o.ID], Move{ToStageID: body.Stage, PerformAs: who})
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": s.opportunityJSON(o, nil)})
		return nil
	})
	if e == nil {
		flushAndSend(w, s, recs)
	}
	return e
}

// putArchived is PUT /opportunities/:id/archived: {"reason": id} archives
// with that reason, {"reason": null} unarchives; either fires
// candidateArchiveChange. Archiving an archived opportunity changes its
// reason and sends nothing.
func (s *Server) putArchived(w http.ResponseWriter, r *http.Request) *refusal {
	var body struct {
		Reason          *string `json:"reason"`
		CleanInterviews bool    `json:"cleanInterviews"`
	}
	if e := decodeBody(w, r, &body); e != nil {
		return e
	}
	var recs []*deliveryRecord
	e := s.withOpportunity(r, func(o *opportunity) *refusal {
		if _, e := s.performAs(r); e != nil {
			return e
		}
		switch {
		case body.Reason == nil:
			recs = s.unarchive(o)
		case !slices.ContainsFunc(s.archiveReasons, func(a ArchiveReason) bool { return a.ID == *body.Reason }):
			return refuse(http.StatusBadRequest, fmt.Sprintf("Invalid reason: no archive reason with id %s", *body.Reason))
		case o.Archived:
			o.archiveReason = *body.Reason
		default:
			recs = s.archive(o, *body.Reason)
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": s.opportunityJSON(o, nil)})
		return nil
	})
	if e == nil {
		flushAndSend(w, s, recs)
	}
	return e
}

// flushAndSend gets the answer to the caller first, then delivers the
// webhooks the change fired, as Lever does them after the fact.
func flushAndSend(w http.ResponseWriter, s *Server, recs []*deliveryRecord) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	s.send(recs)
}
