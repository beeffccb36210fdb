package app

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
)

// How long a browser stays logged in to the admin interface: a session
// unused for sessionIdle, or older than sessionMaxAge, must log in again.
const (
	sessionIdle   = 12 * time.Hour
	sessionMaxAge = 7 * 24 * time.Hour
	// loginFailuresPerMinute is how many wrong admin tokens one address may
	// send in a minute before it is told to wait.
	loginFailuresPerMinute = 10
	// Where the admin login form lives and where it posts.
	loginPath  = "/login"
	logoutPath = "/logout"
	// sessionPath tells the UI whether it runs behind the admin login, so
	// it can offer "Log out".
	sessionPath = adminapi.SessionPath
)

// adminSessions are the browsers logged in to the admin interface with the
// admin token. They live in memory: a restart (which a change of the admin
// token needs) logs every browser out. A session's id is random, never
// derived from the token, and only its hash is kept.
type adminSessions struct {
	token string
	// localOnly answers only requests addressed to this machine by name
	// (DNS rebinding): always without a token, and with serve's own token,
	// which never leaves loopback.
	localOnly bool
	now       func() time.Time

	mu       sync.Mutex
	sessions map[[32]byte]*adminSession
	// failures counts wrong tokens per client address in the current minute.
	failures      map[string]int
	failuresSince time.Time
}

type adminSession struct {
	created, lastSeen time.Time
}

func newAdminSessions(token string, now func() time.Time) *adminSessions {
	if now == nil {
		now = time.Now
	}
	return &adminSessions{token: token, localOnly: token == "", now: now, sessions: map[[32]byte]*adminSession{}, failures: map[string]int{}}
}

// start opens a session and returns its cookie value.
func (s *adminSessions) start() string {
	b := make([]byte, 32)
	rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.sessions {
		if s.expired(v, now) {
			delete(s.sessions, k)
		}
	}
	s.sessions[sha256.Sum256([]byte(id))] = &adminSession{created: now, lastSeen: now}
	return id
}

// valid reports whether id is a live session, and marks it used.
func (s *adminSessions) valid(id string) bool {
	if id == "" {
		return false
	}
	key := sha256.Sum256([]byte(id))
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.sessions[key]
	if !ok {
		return false
	}
	if s.expired(v, now) {
		delete(s.sessions, key)
		return false
	}
	v.lastSeen = now
	return true
}

func (s *adminSessions) expired(v *adminSession, now time.Time) bool {
	return now.Sub(v.lastSeen) > sessionIdle || now.Sub(v.created) > sessionMaxAge
}

// end drops a session (Log out).
func (s *adminSessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, sha256.Sum256([]byte(id)))
}

// allowAttempt reports whether a client may try a token now; wrong tries
// are counted by failed.
func (s *adminSessions) allowAttempt(client string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if now := s.now(); now.Sub(s.failuresSince) >= time.Minute {
		s.failures, s.failuresSince = map[string]int{}, now
	}
	return s.failures[client] < loginFailuresPerMinute
}

func (s *adminSessions) failed(client string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[client]++
}

// fromRequest reports whether the request carries a live session cookie.
func (s *adminSessions) fromRequest(r *http.Request) bool {
	c, err := r.Cookie(AdminCookie)
	return err == nil && s.valid(c.Value)
}

// serveLogin answers GET and POST /login: the form, and the token posted
// from it. The token never travels in a URL, so it stays out of history,
// bookmarks and proxy logs.
func (s *adminSessions) serveLogin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	// same-origin, not no-referrer: under no-referrer a browser sends the
	// form's POST with "Origin: null", which the cross-site check refuses.
	w.Header().Set("Referrer-Policy", "same-origin")
	if r.Method != http.MethodPost {
		if s.fromRequest(r) {
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		adminLoginPage(w, http.StatusOK, "")
		return
	}
	client := clientAddress(r)
	if !s.allowAttempt(client) {
		adminLoginPage(w, http.StatusTooManyRequests, "Too many wrong tokens from here. Wait a minute, then try again.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil || !tokenEqual(r.PostForm.Get("token"), s.token) {
		s.failed(client)
		adminLoginPage(w, http.StatusUnauthorized, "That is not this assessbridge's admin token.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: AdminCookie, Value: s.start(), Path: "/", MaxAge: int(sessionMaxAge / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: overHTTPS(r)})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// serveLogout answers POST /logout: the session ends on this side, not only
// in the browser.
func (s *adminSessions) serveLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(AdminCookie); err == nil {
		s.end(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: AdminCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: overHTTPS(r)})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, loginPath, http.StatusSeeOther)
}

// overHTTPS reports whether the browser reached the admin interface over
// https: directly (r.TLS), or through a TLS proxy in front that says so
// with X-Forwarded-Proto or Forwarded. These headers are believed from any
// sender because they can only add Secure to the cookie, never take it
// away: a client that lies gets a cookie its own browser will not send
// back over http.
func overHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if p, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ","); strings.EqualFold(strings.TrimSpace(p), "https") {
		return true
	}
	for _, part := range strings.Split(strings.Split(r.Header.Get("Forwarded"), ",")[0], ";") {
		if k, v, ok := strings.Cut(strings.TrimSpace(part), "="); ok && strings.EqualFold(k, "proto") && strings.EqualFold(strings.Trim(v, `"`), "https") {
			return true
		}
	}
	return false
}

// clientAddress is the sender's IP, for counting wrong tokens.
func clientAddress(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}

func adminLoginPage(w http.ResponseWriter, status int, problem string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	msg := ""
	if problem != "" {
		msg = `<p role="alert" data-testid="login-problem" style="color:#c92a2a">` + html.EscapeString(problem) + `</p>`
	}
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log in · assessbridge</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f8f9fa;color:#212529}
main{background:#fff;border:1px solid #dee2e6;border-radius:12px;padding:2rem 2.5rem;max-width:28rem;width:100%%}h1{font-size:1.4rem;margin:0 0 .5rem}
input{width:100%%;box-sizing:border-box;font:inherit;padding:.5rem;margin:.25rem 0 1rem;border:1px solid #ced4da;border-radius:6px}
button{font:inherit;padding:.5rem 1.25rem;border:0;border-radius:6px;background:#4263eb;color:#fff;cursor:pointer}</style>
</head><body><main><h1>Log in to assessbridge</h1>%s
<form method="post" action="%s">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus aria-describedby="where">
<p id="where" style="font-size:.875rem;color:#495057;margin:-.5rem 0 1rem">The token set in ASSESSBRIDGE_ADMIN_TOKEN or, when none was set, the one assessbridge keeps in the file <code>admin-token</code> in its data folder.</p>
<button type="submit">Log in</button>
</form></main></body></html>`, msg, loginPath)
}
