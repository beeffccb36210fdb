package adminapi

import (
	"log/slog"
	"net/http"
)

// Workspaces is the desktop window's choice between the recruiter's own
// setup and the demo. Only the desktop window serves it: `serve` and
// `assessbridge demo` answer 404, which tells the page it is not in the
// desktop app.
type Workspaces interface {
	// Open is the open workspace's name; the first call opens the real one.
	Open() (string, error)
	// SwitchTo opens the named workspace in place of the open one, which
	// stays as it was when the other cannot start.
	SwitchTo(name string) error
}

// WorkspaceRoutes adds GET and PUT /api/workspace to mux.
func WorkspaceRoutes(mux *http.ServeMux, ws Workspaces, log *slog.Logger) {
	mux.HandleFunc("GET "+WorkspacePath, func(w http.ResponseWriter, r *http.Request) {
		name, err := ws.Open()
		if err != nil {
			WriteError(w, r, log, Internal(err, "assessbridge could not start: %v", err))
			return
		}
		WriteJSON(w, http.StatusOK, Workspace{Workspace: name})
	})
	mux.HandleFunc("PUT "+WorkspacePath, func(w http.ResponseWriter, r *http.Request) {
		var body Workspace
		if err := decodeBody(r, &body); err != nil {
			WriteError(w, r, log, err)
			return
		}
		// The first request may be this one.
		if _, err := ws.Open(); err != nil {
			WriteError(w, r, log, Internal(err, "assessbridge could not start: %v", err))
			return
		}
		if err := ws.SwitchTo(body.Workspace); err != nil {
			WriteError(w, r, log, err)
			return
		}
		WriteJSON(w, http.StatusOK, body)
	})
}
