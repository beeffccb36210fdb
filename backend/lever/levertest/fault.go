package levertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// Fault spoils the answer to a request that was otherwise handled in full:
// its effect stands (a tag added, a note posted), only the answer is slow,
// lost or garbled, which is what makes a retry dangerous.
type Fault struct {
	// Delay holds the answer back this long, such as beyond a client's
	// timeout.
	Delay time.Duration
	// Reset closes the connection without answering.
	Reset bool
	// Malformed answers 200 with a body cut short: not JSON.
	Malformed bool
	// Status, when not zero, answers that status with a gateway's HTML
	// page instead of the real answer, as a proxy does when its upstream
	// was slow: the change was made, the caller is told it failed.
	Status int
}

type faultRule struct {
	method, prefix string
	left           int
	fault          Fault
}

// FaultNext spoils the answers to the next n requests whose method matches
// (any when empty) and whose path after /v1 starts with pathPrefix. Faults
// come after auth, rate limiting and FailNext's failures.
func (s *Server) FaultNext(method, pathPrefix string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{method: method, prefix: pathPrefix, left: n, fault: f})
}

// takeFault consumes the first matching FaultNext rule. s.mu held.
func (s *Server) takeFault(method, path string) (Fault, bool) {
	for i, f := range s.faults {
		if f.left > 0 && (f.method == "" || strings.EqualFold(f.method, method)) && strings.HasPrefix(path, f.prefix) {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			return f.fault, true
		}
	}
	return Fault{}, false
}

// serveFaulty handles the request, then answers as f says.
func serveFaulty(w http.ResponseWriter, r *http.Request, h http.Handler, f Fault) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			// The client gave up: its connection is gone either way.
			return
		}
	}
	if f.Reset {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	if f.Status != 0 {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.Status)
		fmt.Fprintf(w, "<html><head><title>%[1]d %[2]s</title></head><body><center><h1>%[1]d %[2]s</h1></center><hr><center>nginx</center></body></html>\n",
			f.Status, http.StatusText(f.Status))
		return
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	body := rec.Body.Bytes()
	status := rec.Code
	if f.Malformed {
		body, status = body[:len(body)/2], http.StatusOK
		w.Header().Del("Content-Length")
	}
	w.WriteHeader(status)
	w.Write(body)
}
