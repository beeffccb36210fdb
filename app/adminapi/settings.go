package adminapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
)

// leverCheckTimeout bounds asking Lever whether trigger stages exist.
const leverCheckTimeout = 15 * time.Second

// unverifiedStages is the warning when Lever could not be asked.
const unverifiedStages = "Lever could not be asked whether these stages exist; they are saved as given. Check them on the Trigger stages page once Lever is connected."

func triggerStagesOf(stages []backend.TriggerStage) []TriggerStage {
	out := make([]TriggerStage, len(stages))
	for i, s := range stages {
		out[i] = TriggerStage{StageID: s.StageID, Name: s.Name, Since: s.Since.UTC().Format(time.RFC3339)}
	}
	return out
}

func (s *Server) getTriggerStages(w http.ResponseWriter, r *http.Request) {
	stages, err := s.Store.TriggerStages(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, TriggerStages{TriggerStages: triggerStagesOf(stages)})
}

// putTriggerStages replaces the trigger stages. Ids Lever does not know are
// refused (400); when Lever cannot be asked they are kept unverified, named
// later; a database failure answers 500.
func (s *Server) putTriggerStages(w http.ResponseWriter, r *http.Request) {
	var body TriggerStagesChange
	if err := decodeBody(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	stages, verified, err := s.nameTriggerStages(r.Context(), body.StageIDs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.Store.ReplaceTriggerStages(r.Context(), stages); err != nil {
		s.fail(w, r, Internal(err, "The trigger stages could not be saved: the database refused the write."))
		return
	}
	s.Events.Notify(TopicTriggerStages, TopicStatus)
	saved, err := s.Store.TriggerStages(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := TriggerStagesSaved{TriggerStages: triggerStagesOf(saved), Verified: verified}
	if !verified && len(stages) > 0 {
		v.Warning = unverifiedStages
	}
	WriteJSON(w, http.StatusOK, v)
}

// nameTriggerStages names the stage ids as Lever does, refusing ids Lever
// does not have. verified is false when Lever could not be asked (not
// connected, or down): the ids are then kept as given.
func (s *Server) nameTriggerStages(ctx context.Context, ids []string) (stages []backend.TriggerStage, verified bool, err error) {
	for _, id := range ids {
		stages = append(stages, backend.TriggerStage{StageID: id})
	}
	if !s.Connections.State().LeverConnected || len(stages) == 0 {
		return stages, false, nil
	}
	lctx, cancel := context.WithTimeout(ctx, leverCheckTimeout)
	known, lerr := s.Connections.LeverStages(lctx)
	cancel()
	if lerr != nil {
		s.Log.Warn("could not read Lever's stages to check the trigger stages", "err", lerr)
		return stages, false, nil
	}
	names := map[string]string{}
	for _, st := range known {
		names[st.ID] = st.Text
	}
	for i, st := range stages {
		name, ok := names[st.StageID]
		if !ok {
			return nil, false, backend.Errorf(backend.EINVALID, "Lever has no stage with id %q. Its stages are: %s", st.StageID, StageSummary(known))
		}
		stages[i].Name = name
	}
	return stages, true, nil
}

// StageSummary lists Lever's stages as "id (name), …", for a sentence.
func StageSummary(stages []lever.Stage) string {
	parts := make([]string, len(stages))
	for i, s := range stages {
		parts[i] = fmt.Sprintf("%s (%s)", s.ID, s.Text)
	}
	return strings.Join(parts, ", ")
}

func (s *Server) getSettings(w http.ResponseWriter, r *http.Request) {
	v, err := s.Config.Settings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, v)
}

// leverFirst refuses what needs Lever while it is not connected.
func (s *Server) leverFirst(what string) error {
	if s.Connections.State().LeverConnected {
		return nil
	}
	return backend.Errorf(backend.ECONFLICT, "Connect Lever first: the %s come from your Lever account.", what)
}

func (s *Server) listStages(w http.ResponseWriter, r *http.Request) {
	if err := s.leverFirst("stages"); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	stages, err := s.Connections.LeverStages(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	triggers, err := s.Store.TriggerStages(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	since := map[string]time.Time{}
	for _, t := range triggers {
		since[t.StageID] = t.Since
	}
	v := Stages{Stages: make([]Stage, len(stages))}
	for i, st := range stages {
		t, ok := since[st.ID]
		v.Stages[i] = Stage{ID: st.ID, Text: st.Text, Trigger: ok}
		if ok {
			v.Stages[i].Since = TimeOrNil(t)
		}
	}
	WriteJSON(w, http.StatusOK, v)
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	if err := s.leverFirst("users"); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	users, err := s.Connections.LeverUsers(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := LeverUsers{Users: make([]LeverUser, len(users))}
	for i, u := range users {
		v.Users[i] = LeverUser{ID: u.ID, Name: u.Name, Email: u.Email}
	}
	WriteJSON(w, http.StatusOK, v)
}
