package adminapi

import "net/http"

// routingRoutes serves the endpoints of Routing by score: the per-assessment rules and the archive suggestions.
func (s *Server) routingRoutes(mux *http.ServeMux) {}
