package adminapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

func (s *Server) getLifecycleSettings(w http.ResponseWriter, r *http.Request) {
	v, err := s.Store.Setting(r.Context(), sqlite.SettingCancelOnArchive)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, LifecycleSettings{CancelOnArchive: v != "off"})
}

func (s *Server) saveLifecycleSettings(ctx context.Context, c LifecycleSettingsChange) error {
	v := "on"
	if !*c.CancelOnArchive {
		v = "off"
	}
	if err := s.Store.SetSetting(ctx, sqlite.SettingCancelOnArchive, v); err != nil {
		return Internal(err, "The setting could not be saved: the database refused the write.")
	}
	return nil
}

// lifecycleRoutes serves the endpoints of A candidate's life in Lever: archived, deleted, hired.
func (s *Server) lifecycleRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/lifecycle/settings", s.getLifecycleSettings)
	mux.HandleFunc("PUT /api/lifecycle/settings", change(s, s.saveLifecycleSettings, s.getLifecycleSettings, TopicSettings))
}

// addLever adds to each invitation of a dashboard page what Lever said of
// its candidate afterwards, read in one query for the page.
func (s *Server) addLever(ctx context.Context, invs []Invitation) error {
	ids := make([]string, 0, len(invs))
	for _, inv := range invs {
		ids = append(ids, inv.Candidate.OpportunityID)
	}
	lives, err := s.Store.Lifecycles(ctx, ids)
	if err != nil {
		return err
	}
	for i := range invs {
		l, ok := lives[invs[i].Candidate.OpportunityID]
		if !ok {
			continue
		}
		invs[i].Lever = &InvitationLever{State: l.State, StateAt: TimeOrNil(l.StateAt), HiredAt: TimeOrNil(l.HiredAt),
			Cancelled: l.Cancelled[invs[i].ID] == "archived"}
	}
	return nil
}

// lifecycleGroups names the Lever webhook groups beyond the stage change,
// as Lever's settings show them, for Setup: "A", "B" and "C".
func lifecycleGroups() string {
	var names []string
	for _, event := range lever.HandledEvents[1:] {
		names = append(names, `"`+lever.EventGroup(event)+`"`)
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
