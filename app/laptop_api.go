package app

import "net/http"

// laptopRoutes are the desktop app's own settings: start at login, quitting.
func (a *App) laptopRoutes(mux *http.ServeMux) {}
