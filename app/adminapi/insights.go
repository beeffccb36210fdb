package adminapi

import (
	"net/http"
)

// Insights is what the Insights screen reads: how the assessments perform.
type Insights interface {
}

// insightsRoutes serves GET /api/insights/... (insightstypes.go).
func (s *Server) insightsRoutes(mux *http.ServeMux) {
}
