package app

import "net/http"

// supportRoutes are what a recruiter sends to whoever helps them: About,
// the data folder, a diagnostics file.
func (a *App) supportRoutes(mux *http.ServeMux) {}
