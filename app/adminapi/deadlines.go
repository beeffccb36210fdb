package adminapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// DeadlineRule is one assessment's deadline rule as Rules shows it.
type DeadlineRule struct {
	AssessmentID string `json:"assessmentId"`
	// ExpireDays and RemindDays count from the invitation; 0 is none.
	ExpireDays int `json:"expireDays"`
	RemindDays int `json:"remindDays"`
	// QualifiedDefaults uses the assessment's own days in Qualified.
	QualifiedDefaults bool `json:"qualifiedDefaults"`
	// SuggestArchive: suggest archiving expired candidates in Lever.
	SuggestArchive bool `json:"suggestArchive"`
}

// DeadlineRuleChange sets an assessment's deadline rule.
type DeadlineRuleChange struct {
	AssessmentTitle   string `json:"assessmentTitle"`
	ExpireDays        int    `json:"expireDays"`
	RemindDays        int    `json:"remindDays"`
	QualifiedDefaults bool   `json:"qualifiedDefaults"`
	SuggestArchive    bool   `json:"suggestArchive"`
}

// Validate checks the days.
func (c *DeadlineRuleChange) Validate() error {
	switch {
	case c.ExpireDays < 0 || c.ExpireDays > 365 || c.RemindDays < 0 || c.RemindDays > 365:
		return backend.Errorf(backend.EINVALID, "Days must be between 0 and 365.")
	case c.ExpireDays > 0 && c.RemindDays >= c.ExpireDays:
		return backend.Errorf(backend.EINVALID, "The reminder must come before the deadline.")
	}
	return nil
}

// InvitationDeadline is what the dashboard shows of one invitation's
// deadline.
type InvitationDeadline struct {
	ID int64 `json:"id"`
	// ExpiresAt is the deadline; "" when there is none.
	ExpiresAt string `json:"expiresAt" tstype:"Time"`
	// ReminderAt is when Qualified reminds the candidate; "" when it does
	// not.
	ReminderAt string `json:"reminderAt" tstype:"Time"`
	// Due says it in words: "due in 3 days", "expired", "" when none.
	Due string `json:"due"`
	// CameBackAt is when the invited candidate entered a trigger stage
	// again; "" when they have not.
	CameBackAt string `json:"cameBackAt" tstype:"Time"`
}

// InvitationActionRequest asks for one action on one or more invitations.
type InvitationActionRequest struct {
	// Action is "resend", "cancel" or "retry" (invite again).
	Action string  `json:"action"`
	IDs    []int64 `json:"ids"`
	// Days is the new deadline of "retry", in days; 0 keeps the rule's.
	Days int `json:"days"`
}

// Validate checks the action and the ids.
func (a *InvitationActionRequest) Validate() error {
	switch {
	case a.Action != "resend" && a.Action != "cancel" && a.Action != "retry":
		return backend.Errorf(backend.EINVALID, "Unknown action %q.", a.Action)
	case len(a.IDs) == 0:
		return backend.Errorf(backend.EINVALID, "Choose at least one candidate.")
	case len(a.IDs) > 500:
		return backend.Errorf(backend.EINVALID, "At most 500 candidates at once.")
	case a.Days < 0 || a.Days > 365:
		return backend.Errorf(backend.EINVALID, "Days must be between 0 and 365.")
	}
	return nil
}

// SkippedAction is an invitation an action did not fit.
type SkippedAction struct {
	ID     int64  `json:"id"`
	Reason string `json:"reason"`
}

// InvitationActionResult says what was queued and what was not.
type InvitationActionResult struct {
	Queued  []int64         `json:"queued"`
	Skipped []SkippedAction `json:"skipped"`
}

// deadlineRoutes serves the endpoints of Deadlines, reminders and the actions on an invitation (resend, extend, cancel, invite again).
func (s *Server) deadlineRoutes(mux *http.ServeMux) {
	if s.Deadlines == nil {
		return
	}
	mux.HandleFunc("GET /api/deadline-rules", s.getDeadlineRules)
	mux.HandleFunc("PUT /api/deadline-rules/{assessmentId}", s.putDeadlineRule)
	mux.HandleFunc("GET /api/invitation-deadlines", s.getInvitationDeadlines)
	mux.HandleFunc("POST /api/invitation-actions", s.postInvitationActions)
}

func (s *Server) getDeadlineRules(w http.ResponseWriter, r *http.Request) {
	rules, err := s.Deadlines.DeadlineRules(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []DeadlineRule{}
	for _, x := range rules {
		out = append(out, DeadlineRule{AssessmentID: x.AssessmentID, ExpireDays: x.ExpireDays, RemindDays: x.RemindDays,
			QualifiedDefaults: x.QualifiedDefaults, SuggestArchive: x.SuggestArchive})
	}
	WriteJSON(w, http.StatusOK, out)
}

func (s *Server) putDeadlineRule(w http.ResponseWriter, r *http.Request) {
	var c DeadlineRuleChange
	if err := decodeBody(r, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("assessmentId")
	rule := sqlite.DeadlineRule{AssessmentID: id, ExpireDays: c.ExpireDays, RemindDays: c.RemindDays,
		QualifiedDefaults: c.QualifiedDefaults, SuggestArchive: c.SuggestArchive}
	title := c.AssessmentTitle
	if title == "" {
		title = id
	}
	if err := s.Deadlines.SaveDeadlineRule(r.Context(), rule, title); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Events.Notify(TopicAssessments, TopicActivity)
	s.getDeadlineRules(w, r)
}

func (s *Server) getInvitationDeadlines(w http.ResponseWriter, r *http.Request) {
	var ids []int64
	for _, part := range strings.Split(r.URL.Query().Get("ids"), ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if len(ids) > 500 {
		s.fail(w, r, backend.Errorf(backend.EINVALID, "At most 500 invitations at once."))
		return
	}
	marks, err := s.Deadlines.Deadlines(r.Context(), ids)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := time.Now()
	out := []InvitationDeadline{}
	for _, id := range ids {
		m, ok := marks[id]
		if !ok {
			continue
		}
		out = append(out, InvitationDeadline{ID: id, ExpiresAt: timeString(m.ExpiresAt), ReminderAt: timeString(m.ReminderAt), CameBackAt: timeString(m.CameBackAt),
			Due: s.Deadlines.DueLine(m.Status, m.ExpiresAt, now)})
	}
	WriteJSON(w, http.StatusOK, out)
}

func (s *Server) postInvitationActions(w http.ResponseWriter, r *http.Request) {
	var req InvitationActionRequest
	if err := decodeBody(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	queued, skipped, err := s.Deadlines.QueueActions(r.Context(), req.Action, req.IDs, req.Days)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := InvitationActionResult{Queued: queued, Skipped: []SkippedAction{}}
	if out.Queued == nil {
		out.Queued = []int64{}
	}
	for _, id := range req.IDs {
		if why, ok := skipped[id]; ok {
			out.Skipped = append(out.Skipped, SkippedAction{ID: id, Reason: why})
		}
	}
	s.Events.Notify(TopicInvitations, TopicActivity)
	WriteJSON(w, http.StatusOK, out)
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
