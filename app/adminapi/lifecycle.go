package adminapi

import "net/http"

// lifecycleRoutes serves the endpoints of A candidate's life in Lever: archived, deleted, hired.
func (s *Server) lifecycleRoutes(mux *http.ServeMux) {}
