package adminapi

import (
	"net/http"
)

// The desktop app lives as a laptop app does: closing its window leaves it
// running, quitting is a choice of its own, and it can start at login.

func (s *Server) getApp(w http.ResponseWriter, r *http.Request) {
	WriteJSON(w, http.StatusOK, LaptopApp{Desktop: s.Laptop.Desktop(), StartAtLogin: s.Laptop.StartAtLogin()})
}

func (s *Server) putStartAtLogin(w http.ResponseWriter, r *http.Request) {
	var body StartAtLoginChange
	if err := decodeBody(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Laptop.SetStartAtLogin(*body.Enabled); err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, s.Laptop.StartAtLogin())
}

// quitApp ends the desktop app, as its menu's Quit does, once the answer
// has gone out.
func (s *Server) quitApp(w http.ResponseWriter, r *http.Request) {
	if err := s.Laptop.Quit(); err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusAccepted, Quitting{Quitting: true})
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *Server) getAbout(w http.ResponseWriter, r *http.Request) {
	WriteJSON(w, http.StatusOK, s.Support.About())
}

// downloadDiagnostics answers the diagnostics file as a download.
func (s *Server) downloadDiagnostics(w http.ResponseWriter, r *http.Request) {
	name, text := s.Support.Diagnostics(r.Context())
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(text))
}

// saveDiagnostics writes the diagnostics file into the Downloads folder, for
// the desktop window, whose web view does not download.
func (s *Server) saveDiagnostics(w http.ResponseWriter, r *http.Request) {
	path, err := s.Support.SaveDiagnostics(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, FileLocation{Path: path})
}

// openDataFolder shows the data folder in the system's file manager, in the
// desktop app.
func (s *Server) openDataFolder(w http.ResponseWriter, r *http.Request) {
	path, err := s.Support.OpenDataFolder()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, FileLocation{Path: path})
}
