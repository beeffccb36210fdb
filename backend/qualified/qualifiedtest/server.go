// Package qualifiedtest is an in-process Qualified: a real HTTP server on
// 127.0.0.1 that speaks the parts of Qualified's API this project uses, keeps
// state in memory, and sends webhooks when a test or a demo drives a
// candidate through an assessment. It is safe for concurrent use.
package qualifiedtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/backend/apicall/apitest"
)

// DefaultAPIKey is the key the server accepts when Options.APIKey is empty.
const DefaultAPIKey = "qualified-test-key"

// Options configures a Server.
type Options struct {
	// APIKey is the exact Authorization header value accepted; it defaults
	// to DefaultAPIKey.
	APIKey string
	// Now is the server's clock; it defaults to time.Now.
	Now func() time.Time
}

// Server is a running simulator.
type Server struct {
	// URL is the API base, like "http://127.0.0.1:PORT/api"; routes live
	// under URL+"/v1".
	URL string
	// WebURL is the site base, like "http://127.0.0.1:PORT": invite paths and
	// report links are relative to it.
	WebURL string

	apiKey string
	now    func() time.Time
	srv    *httptest.Server
	api    *http.ServeMux
	hooks  *http.Client

	mu          sync.Mutex
	nextID      map[string]int
	assessments map[int]*assessment
	candidates  map[string]*teamCandidate // by lower-cased e-mail
	invitations map[int]*invitation
	results     map[int]*result
	subs        map[int]*subscription
	webhooksOff bool
	// pdfOff: the subscription has no PDF reports (SetPDFReports).
	pdfOff   bool
	fails    apitest.Queue[int]
	faults   apitest.Queue[Fault]
	requests int
	byRoute  map[string]int
}

// New starts a simulator; Close stops it.
func New(opts Options) *Server {
	s := &Server{
		apiKey: opts.APIKey,
		now:    opts.Now,
		// Qualified gives a receiver 5 seconds.
		hooks: &http.Client{Timeout: 5 * time.Second},
		// Distinct ranges per kind make an id passed in the wrong place fail
		// loudly instead of finding some other record.
		nextID:      map[string]int{"assessment": 1001, "candidate": 2001, "invitation": 3001, "result": 4001, "subscription": 501, "triggers": 601},
		assessments: map[int]*assessment{},
		candidates:  map[string]*teamCandidate{},
		invitations: map[int]*invitation{},
		results:     map[int]*result{},
		subs:        map[int]*subscription{},
		byRoute:     map[string]int{},
	}
	if s.apiKey == "" {
		s.apiKey = DefaultAPIKey
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.api = http.NewServeMux()
	s.routeAPI(s.api)
	root := http.NewServeMux()
	root.HandleFunc("/api/", s.serveAPI)
	s.routeWeb(root)
	s.srv = httptest.NewServer(root)
	s.WebURL = s.srv.URL
	s.URL = s.srv.URL + "/api"
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Stats counts the API requests the server has received.
type Stats struct {
	Requests int
	// ByRoute counts requests by route pattern, such as
	// "GET /v1/assessment_results/{id}".
	ByRoute map[string]int
}

// Stats returns the request counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Requests: s.requests, ByRoute: make(map[string]int, len(s.byRoute))}
	for k, v := range s.byRoute {
		st.ByRoute[k] = v
	}
	return st
}

// serveAPI counts, injects failures and checks the key before routing.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/api")
	route := r.Method + " " + path
	if _, pattern := s.api.Handler(r); pattern != "" {
		route = strings.Replace(pattern, " /api/", " /", 1)
	}
	s.mu.Lock()
	s.requests++
	s.byRoute[route]++
	status, _ := s.fails.Take(r.Method, path)
	s.mu.Unlock()

	if status != 0 {
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "1")
		}
		writeJSON(w, status, map[string]any{"error": http.StatusText(status)})
		return
	}
	// Qualified wants the raw key; "Bearer <key>" is refused like any
	// other wrong value.
	if r.Header.Get("Authorization") != s.apiKey {
		writeError(w, errorf(http.StatusUnauthorized, "Invalid or missing API key"))
		return
	}
	s.mu.Lock()
	fault, faulty := s.faults.Take(r.Method, path)
	s.mu.Unlock()
	if faulty {
		apitest.Serve(w, r, s.api, fault)
		return
	}
	s.api.ServeHTTP(w, r)
}

// clock is the server's current time at the precision its JSON carries, so
// what a client reads back compares equal to what is stored.
func (s *Server) clock() time.Time {
	return s.now().UTC().Truncate(time.Millisecond)
}

// apiError is an error answer: 422s come as {"message", "errors"}, others as
// {"error"}, the two shapes Qualified uses.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

func writeError(w http.ResponseWriter, e *apiError) {
	if e.status == http.StatusUnprocessableEntity {
		writeJSON(w, e.status, map[string]any{"message": "Validation failed", "errors": []string{e.msg}})
		return
	}
	writeJSON(w, e.status, map[string]any{"error": e.msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// jsonTime renders a time as Qualified does; null when unset.
func jsonTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}
