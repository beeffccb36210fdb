// Package levertest is a Lever API simulator for tests and the demo: a real
// HTTP server on the loopback interface that keeps stages, users, postings,
// opportunities, notes and webhooks in memory, answers like Lever (Basic
// auth or OAuth Bearer tokens, a per-key token bucket, paginated lists,
// Lever's error bodies), and sends signed webhook deliveries when a scenario
// moves a candidate. With Options.OAuth it also serves Lever's OAuth login:
// a consent page and a token endpoint that rotates refresh tokens.
package levertest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/backend/apicall/apitest"
	"github.com/assessbridge/assessbridge/backend/lever"
)

// Options configures a Server. Zero fields take the defaults noted.
type Options struct {
	// APIKey is the only key accepted, as the Basic auth username. Default
	// "lever-test-key".
	APIKey string
	// AccessToken, when set, is also accepted as "Authorization: Bearer",
	// with every scope and no expiry.
	AccessToken string
	// OAuth, when set, serves the authorize and token endpoints, and the
	// API accepts the access tokens they issue. Nil: no OAuth endpoints.
	OAuth *OAuthOptions
	// RatePerSecond and Burst shape the token bucket shared by every route.
	// Defaults 10 and 20, Lever's own limits.
	RatePerSecond float64
	Burst         int
	// Now is the clock for timestamps and the token bucket. Default
	// time.Now. A clock that stands still never refills the bucket.
	Now func() time.Time
	// Addr is where to listen. Default "127.0.0.1:0", a free port.
	Addr string
	// ArchiveAtTopLevel sends an archived opportunity's archivedAt and
	// archiveReason at the top level, as Lever's documented opportunity
	// example shows them, instead of in an "archived" object.
	ArchiveAtTopLevel bool
}

// Server is a running simulator. It is safe for concurrent use.
type Server struct {
	// URL is the API base, like "http://127.0.0.1:PORT/v1".
	URL string
	// AuthURL, TokenURL and Audience stand in for Lever's OAuth hosts
	// ("http://127.0.0.1:PORT/authorize", ".../oauth/token", URL + "/").
	// Set only with Options.OAuth.
	AuthURL  string
	TokenURL string
	Audience string

	opts     Options
	srv      *http.Server
	mux      *http.ServeMux
	oauthMux *http.ServeMux
	delivery *http.Client

	mu          sync.Mutex
	offsetKey   []byte
	tokens      float64
	refilled    time.Time
	stats       Stats
	failures    apitest.Queue[int]
	faults      apitest.Queue[Fault]
	seq         int
	stages      []lever.Stage
	users       []lever.User
	postings    map[string]*Posting
	postingList []string
	opps        map[string]*opportunity
	oppList     []string
	// oppPages is the query of each GET /opportunities (OpportunityLists).
	oppPages   []url.Values
	notes      map[string][]Note
	tagOps     map[string][]TagOp
	webhooks   []*webhook
	deliveries []*deliveryRecord
	oauth      *oauthState
	// archiveReasons and apiMoves serve the routing endpoints (routing.go).
	archiveReasons []ArchiveReason
	apiMoves       map[string][]Move
	// files, feedbackTemplates and feedback serve the full report's
	// endpoints (report.go).
	files             map[string][]File
	filesDenied       bool
	feedbackTemplates []FeedbackTemplate
	feedback          map[string][]Feedback
}

// Stats counts what the simulator answered.
type Stats struct {
	Requests int
	// RateLimited is 429 answers, injected ones included.
	RateLimited int
	// ByRoute counts requests per route, such as "GET /opportunities/:id".
	ByRoute map[string]int
}

// New starts a simulator. It panics if it cannot listen, as httptest does.
func New(opts Options) *Server {
	if opts.APIKey == "" {
		opts.APIKey = "lever-test-key"
	}
	if opts.RatePerSecond <= 0 {
		opts.RatePerSecond = 10
	}
	if opts.Burst <= 0 {
		opts.Burst = 20
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		panic(fmt.Sprintf("levertest: listen on %s: %v", opts.Addr, err))
	}
	s := &Server{
		URL:            "http://" + ln.Addr().String() + "/v1",
		opts:           opts,
		offsetKey:      randomKey(),
		tokens:         float64(opts.Burst),
		refilled:       opts.Now(),
		stats:          Stats{ByRoute: map[string]int{}},
		postings:       map[string]*Posting{},
		opps:           map[string]*opportunity{},
		notes:          map[string][]Note{},
		tagOps:         map[string][]TagOp{},
		apiMoves:       map[string][]Move{},
		files:          map[string][]File{},
		feedback:       map[string][]Feedback{},
		archiveReasons: seededArchiveReasons(),
		delivery: &http.Client{
			Timeout: 10 * time.Second,
			// Connections are kept, as a tunnel keeps its connections to
			// the app, for as many concurrent deliveries as a burst makes.
			Transport: &http.Transport{MaxIdleConnsPerHost: 128, IdleConnTimeout: 90 * time.Second},
			// Lever counts a redirect as a failed delivery.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	s.mux = s.routes()
	if opts.OAuth != nil {
		host := "http://" + ln.Addr().String()
		s.AuthURL, s.TokenURL, s.Audience = host+"/authorize", host+"/oauth/token", s.URL+"/"
		s.oauth = newOAuthState(*opts.OAuth)
		s.oauthMux = s.oauthRoutes()
	}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return s
}

// Close stops the server.
func (s *Server) Close() {
	s.srv.Close()
	s.delivery.CloseIdleConnections()
}

// Stats returns the request counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.ByRoute = make(map[string]int, len(s.stats.ByRoute))
	for k, v := range s.stats.ByRoute {
		st.ByRoute[k] = v
	}
	return st
}

// ExpireOffsetTokens invalidates every pagination token handed out so far,
// as Lever's do after a while: the next page asked with one answers 400
// "Invalid offset token".
func (s *Server) ExpireOffsetTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offsetKey = randomKey()
}

// ServeHTTP answers one API request: counting, auth, scope, rate limit,
// injected failures, then the route. The OAuth endpoints, on a host of
// their own at Lever, are outside all that.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.oauthMux != nil && isOAuthPath(r.URL.Path) {
		s.oauthMux.ServeHTTP(w, r)
		return
	}
	_, pattern := s.mux.Handler(r)
	route := routeName(r, pattern)
	path := strings.TrimPrefix(r.URL.Path, "/v1")

	s.mu.Lock()
	s.stats.Requests++
	s.stats.ByRoute[route]++
	scopes, ok := s.authorized(r)
	if !ok {
		s.mu.Unlock()
		writeError(w, http.StatusUnauthorized, "Invalid API key or access token")
		return
	}
	if scopes != nil && !hasScope(scopes, route) {
		s.mu.Unlock()
		writeError(w, http.StatusForbidden, "The access token does not grant the scope this endpoint needs")
		return
	}
	if !s.take() {
		s.stats.RateLimited++
		s.mu.Unlock()
		writeError(w, http.StatusTooManyRequests, "Rate limit exceeded")
		return
	}
	status, _ := s.failures.Take(r.Method, path)
	if status == http.StatusTooManyRequests {
		s.stats.RateLimited++
	}
	var fault Fault
	faulty := false
	if status == 0 {
		fault, faulty = s.faults.Take(r.Method, path)
	}
	s.mu.Unlock()
	if status != 0 {
		writeError(w, status, "Injected failure")
		return
	}
	if faulty {
		apitest.Serve(w, r, s.mux, fault)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// authorized checks the request's credentials. scopes is nil for full
// access (the API key, Options.AccessToken), else what the OAuth token was
// granted. s.mu held.
func (s *Server) authorized(r *http.Request) (scopes []string, ok bool) {
	if user, _, ok := r.BasicAuth(); ok {
		return nil, hmac.Equal([]byte(user), []byte(s.opts.APIKey))
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return nil, false
	}
	if s.opts.AccessToken != "" && hmac.Equal([]byte(tok), []byte(s.opts.AccessToken)) {
		return nil, true
	}
	scopes, ok = s.bearerScopes(tok)
	if ok && scopes == nil {
		scopes = []string{}
	}
	return scopes, ok
}

// take spends one token from the bucket, refilled from the clock. s.mu held.
func (s *Server) take() bool {
	now := s.opts.Now()
	if elapsed := now.Sub(s.refilled).Seconds(); elapsed > 0 {
		s.tokens = min(float64(s.opts.Burst), s.tokens+elapsed*s.opts.RatePerSecond)
		s.refilled = now
	}
	if s.tokens < 1 {
		return false
	}
	s.tokens--
	return true
}

// routeName turns a mux pattern such as "GET /v1/opportunities/{id}" into
// "GET /opportunities/:id".
func routeName(r *http.Request, pattern string) string {
	_, path, ok := strings.Cut(pattern, " ")
	if !ok || path == "/" {
		return r.Method + " " + strings.TrimPrefix(r.URL.Path, "/v1")
	}
	path = strings.TrimPrefix(path, "/v1")
	path = strings.NewReplacer("{id}", ":id").Replace(path)
	return r.Method + " " + path
}

// Lever's error codes for the statuses it answers.
var errorCodes = map[int]string{
	http.StatusBadRequest:          "BadRequest",
	http.StatusUnauthorized:        "Unauthorized",
	http.StatusForbidden:           "Forbidden",
	http.StatusNotFound:            "ResourceNotFound",
	http.StatusMethodNotAllowed:    "MethodNotAllowed",
	http.StatusTooManyRequests:     "TooManyRequests",
	http.StatusInternalServerError: "InternalServerError",
	http.StatusBadGateway:          "BadGateway",
	http.StatusServiceUnavailable:  "ServiceUnavailable",
	http.StatusGatewayTimeout:      "GatewayTimeout",
}

func writeError(w http.ResponseWriter, status int, message string) {
	code, ok := errorCodes[status]
	if !ok {
		code = strings.ReplaceAll(http.StatusText(status), " ", "")
	}
	writeJSON(w, status, map[string]string{"code": code, "message": message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

func randomKey() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

// randomToken returns n random letters and digits, the shape of Lever's
// delivery and signature tokens.
func randomToken(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// newID returns a random UUID, the shape of Lever's ids.
func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// offsetMAC ties a pagination token to this server's current key, so
// tampered and expired tokens are refused. s.mu held.
func (s *Server) offsetMAC(route string, index int) string {
	m := hmac.New(sha256.New, s.offsetKey)
	fmt.Fprintf(m, "%s|%d", route, index)
	return hex.EncodeToString(m.Sum(nil))[:16]
}
