package adminapi

import (
	"net/http"
)

// Reports is what assessbridge writes in Lever when a candidate submits,
// per assessment (reporttypes.go).
type Reports interface {
}

// reportRoutes serves GET/PUT /api/assessments/{id}/report and POST
// /api/assessments/{id}/report/preview.
func (s *Server) reportRoutes(mux *http.ServeMux) {
}
