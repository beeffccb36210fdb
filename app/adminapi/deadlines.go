package adminapi

import "net/http"

// deadlineRoutes serves the endpoints of Deadlines, reminders and the actions on an invitation (resend, extend, cancel, invite again).
func (s *Server) deadlineRoutes(mux *http.ServeMux) {}
