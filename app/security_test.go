package app

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/secrets"
)

// adminGETs are every GET endpoint of the admin API.
var adminGETs = []string{"/api/status", "/api/settings", "/api/invitations", "/api/activity", "/api/stages",
	"/api/assessments", "/api/postings", "/api/funnel", "/api/users", "/api/trigger-stages", "/api/about", "/api/diagnostics", "/api/app",
	"/api/archive-reasons", "/api/archive-suggestions", "/api/assessments/a-1/report",
	"/api/insights/funnel", "/api/insights/stalling", "/api/insights/timing", "/api/insights/scores", "/api/insights/challenges",
	"/api/insights/calibration", "/api/invitations.csv"}

// adminRoutes are every route of the admin API, with a method it answers.
var adminRoutes = append([][2]string{
	{"GET", "/api/events"}, {"POST", "/api/invitations/1/retry"}, {"PUT", "/api/trigger-stages"}, {"PUT", "/api/settings"},
	{"POST", "/api/setup/lever"}, {"POST", "/api/setup/lever/disconnect"}, {"POST", "/api/setup/lever/oauth"},
	{"PUT", "/api/setup/public-address"}, {"POST", "/api/setup/qualified"}, {"POST", "/api/setup/webhook"},
	{"POST", "/api/setup/test-delivery"}, {"POST", "/api/activity/1/retry"}, {"GET", "/api/no-such-endpoint"},
	{"POST", "/api/diagnostics/save"}, {"POST", "/api/data-folder/open"}, {"PUT", "/api/app/start-at-login"}, {"POST", "/api/app/quit"},
	{"PUT", "/api/assessments/a-1/routing"}, {"POST", "/api/archive-suggestions/approve"}, {"POST", "/api/archive-suggestions/dismiss"},
	{"PUT", "/api/assessments/a-1/report"}, {"POST", "/api/assessments/a-1/report/preview"},
}, func() [][2]string {
	var out [][2]string
	for _, p := range adminGETs {
		out = append(out, [2]string{"GET", p})
	}
	return out
}()...)

// rawRequest sends one HTTP request exactly as written, so the Host header
// can be anything, even absent or empty.
func rawRequest(t *testing.T, addr, request string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the answer to %q: %v", request, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestAdminAPIIsNotServedOnTheWebhookListener(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	hooks := "http://" + h.app.WebhookAddr()
	unknown, _ := http.NewRequest("GET", hooks+"/no-such-path", nil)
	_, unknownBody := do(t, unknown)
	for _, r := range append(adminRoutes, [2]string{"GET", "/"}, [2]string{"GET", "/index.html"}, [2]string{"GET", "/api/"}, [2]string{"GET", "/api"}) {
		for _, method := range []string{r[0], "GET", "POST", "PUT"} {
			req, _ := http.NewRequest(method, hooks+r[1], strings.NewReader(`{}`))
			req.Header.Set("Content-Type", "application/json")
			res, body := do(t, req)
			if res.StatusCode != http.StatusNotFound || body != unknownBody {
				t.Errorf("%s %s on the webhook listener: %d %q, want the plain 404", method, r[1], res.StatusCode, body)
			}
		}
	}
}

func TestAdminListenerRefusesOtherHostNames(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	addr := h.app.AdminAddr()
	_, port, _ := net.SplitHostPort(addr)
	refused := []string{
		"evil.com", "evil.com:" + port, "127.0.0.1.evil.com", "127.0.0.1.evil.com:" + port, "localhost.evil.com",
		"localhost.evil.com:" + port, "evil.localhost.com", "localhost.", "localhost.:" + port, "127.1", "0.0.0.0:" + port,
		"0", "[::]:" + port, "[::]", "[fe80::1]", "[2001:db8::1]:" + port, "[::ffff:8.8.8.8]", "[::1].evil.com", "10.0.0.1", "192.168.1.10:" + port,
	}
	for _, host := range refused {
		for _, path := range []string{"/api/status", "/", "/api/settings"} {
			if code, body := rawRequest(t, addr, "GET "+path+" HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n"); code != http.StatusForbidden {
				t.Errorf("Host %q, %s: %d %.100q, want 403", host, path, code, body)
			}
		}
	}
	// No Host at all (HTTP/1.0), and an empty one.
	if code, _ := rawRequest(t, addr, "GET /api/status HTTP/1.0\r\n\r\n"); code != http.StatusForbidden {
		t.Errorf("no Host: %d, want 403", code)
	}
	if code, _ := rawRequest(t, addr, "GET /api/status HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n"); code != http.StatusForbidden {
		t.Errorf("empty Host: %d, want 403", code)
	}
	// A write from a rebinding name is refused as well.
	if code, _ := rawRequest(t, addr, "POST /api/setup/test-delivery HTTP/1.1\r\nHost: evil.com\r\nOrigin: http://evil.com\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"); code != http.StatusForbidden {
		t.Errorf("rebinding write: %d, want 403", code)
	}
	for _, host := range []string{addr, "127.0.0.1", "localhost:" + port, "localhost", "[::1]:" + port, "[::1]", "127.0.0.2:" + port} {
		if code, body := rawRequest(t, addr, "GET /api/status HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n"); code != http.StatusOK {
			t.Errorf("Host %q: %d %.100q, want 200", host, code, body)
		}
	}
}

func TestAdminListenerRefusesCrossSiteWrites(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	addr := h.app.AdminAddr()
	_, port, _ := net.SplitHostPort(addr)
	tests := []struct {
		origin string // "" sends none
		want   int
	}{
		{"https://evil.example.com", 403},
		{"http://evil.example.com:" + port, 403},
		{"null", 403},
		{"http://127.0.0.1:1", 403},
		{"http://localhost:" + port, 403}, // another origin than the page's, though the same machine
		{"http://" + addr + ".evil.com", 403},
		{"file://", 403},
		{"%%%", 403},
		{"http://" + addr, 200},
		{"https://" + addr, 200},
		{"", 200},
	}
	for _, tt := range tests {
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			path := "/api/setup/test-delivery"
			if method != "POST" {
				path = "/api/trigger-stages"
			}
			req, _ := http.NewRequest(method, "http://"+addr+path, strings.NewReader(`{"stageIds":["`+stageAssessment+`"]}`))
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			res, body := do(t, req)
			switch {
			case tt.want == 403 && res.StatusCode != 403:
				t.Errorf("%s with Origin %q: %d %.100q, want 403", method, tt.origin, res.StatusCode, body)
			case tt.want == 200 && (method == "POST" || method == "PUT") && res.StatusCode != 200:
				t.Errorf("%s with Origin %q: %d %.100q, want 200", method, tt.origin, res.StatusCode, body)
			case tt.want == 200 && res.StatusCode == 403:
				t.Errorf("%s with Origin %q: refused, want it let through (to no route)", method, tt.origin)
			}
		}
	}
	// Reads carry no Origin check: the browser keeps a cross-site page
	// from reading the answer, and the Host check stops rebinding.
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/status", nil)
	req.Header.Set("Origin", "https://evil.example.com")
	if res, _ := do(t, req); res.StatusCode != 200 {
		t.Errorf("cross-site read: %d", res.StatusCode)
	}
}

// knownSecrets are the secret values the app holds once fully set up.
func knownSecrets(t *testing.T, h *harness, extra ...string) map[string]string {
	t.Helper()
	out := map[string]string{"Lever API key": h.cfg.LeverAPIKey, "Qualified API key": h.cfg.QualifiedAPIKey}
	for _, name := range []string{secrets.LeverSignatureToken, secrets.QualifiedPathSecret} {
		v, err := h.app.secrets.Get(name)
		if err != nil || v == "" {
			t.Fatalf("secret %s not set: %v", name, err)
		}
		out[name] = v
	}
	for i, v := range extra {
		out[fmt.Sprint("extra ", i)] = v
	}
	return out
}

// leaks reports which secrets appear in s, as they are or escaped.
func leaks(s string, known map[string]string) []string {
	var found []string
	for name, v := range known {
		if v == "" {
			continue
		}
		j, _ := json.Marshal(v)
		for _, form := range []string{v, url.QueryEscape(v), url.PathEscape(v), strings.Trim(string(j), `"`)} {
			if strings.Contains(s, form) {
				found = append(found, name)
				break
			}
		}
	}
	return found
}

// setUpEverything connects both accounts, the Lever login, the webhooks,
// and has some history: an invitation, a result, refusals.
func setUpEverything(t *testing.T, h *harness, oauthSecret string) {
	t.Helper()
	steps := []struct {
		method, path string
		body         any
	}{
		{"PUT", "/api/settings", map[string]string{"leverOAuthClientId": "client-1", "leverOAuthClientSecret": oauthSecret,
			"leverOAuthRedirectUrl": "http://127.0.0.1:8765/oauth/callback"}},
		{"POST", "/api/setup/lever", map[string]string{"apiKey": h.cfg.LeverAPIKey, "environment": "production"}},
		{"POST", "/api/setup/qualified", map[string]string{"apiKey": h.cfg.QualifiedAPIKey}},
		{"POST", "/api/setup/webhook", nil},
		{"PUT", "/api/trigger-stages", map[string]any{"stageIds": []string{stageAssessment}}},
	}
	for _, s := range steps {
		res := h.api(s.method, s.path, s.body)
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %d %s", s.method, s.path, res.StatusCode, b)
		}
		if found := leaks(string(b), knownSecrets(t, h, oauthSecret)); len(found) > 0 {
			t.Errorf("%s %s answered with %v: %s", s.method, s.path, found, b)
		}
	}
	h.candidate("opp-sec", "Sam Secure", []string{"Backend Challenge"})
	h.move("opp-sec", stageAssessment)
	h.eventually(wait, func() bool { _, ok := h.invitation("opp-sec", "Backend Challenge"); return ok }, h.describe("opp-sec"))
	h.waitIdle()
	inv, _ := h.invitation("opp-sec", "Backend Challenge")
	if _, err := h.qual.Submit(inv.ResultID, 91); err != nil {
		t.Fatal(err)
	}
	// Refused deliveries, so the activity log has them too.
	hooks := "http://" + h.app.WebhookAddr()
	forged := fmt.Sprintf(`{"triggeredAt":%d,"event":"candidateStageChange","data":{},"token":"t","signature":%q}`,
		time.Now().UnixMilli(), lever.Sign("forged", "t", time.Now().UnixMilli()))
	for _, p := range [][2]string{{"/webhooks/lever", forged}, {"/webhooks/lever", "junk"}, {"/webhooks/qualified/guess", `{}`}} {
		res, err := http.Post(hooks+p[0], "application/json", strings.NewReader(p[1]))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	h.waitIdle()
}

// walkGETs reads every GET endpoint and the start of the event stream.
func walkGETs(t *testing.T, h *harness) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range adminGETs {
		res := h.api("GET", p, nil)
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Errorf("GET %s: %d %s", p, res.StatusCode, b)
		}
		var headers bytes.Buffer
		res.Header.Write(&headers)
		out[p] = headers.String() + "\n" + string(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+h.app.AdminAddr()+"/api/events", nil)
	if res, err := http.DefaultClient.Do(req); err == nil {
		b, _ := io.ReadAll(res.Body) // ends when the context does
		res.Body.Close()
		out["/api/events"] = string(b)
	}
	return out
}

func TestNoAdminAnswerContainsASecret(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	const oauthSecret = "oauth-client-s3cret-7d1e0b9c"
	setUpEverything(t, h, oauthSecret)
	known := knownSecrets(t, h, oauthSecret)
	bodies := walkGETs(t, h)
	for p, b := range bodies {
		if found := leaks(b, known); len(found) > 0 {
			t.Errorf("GET %s shows %v:\n%.2000s", p, found, b)
		}
	}
	// The activity log really was walked with something in it.
	if !strings.Contains(bodies["/api/activity"], "signature") || !strings.Contains(bodies["/api/invitations"], "opp-sec") {
		t.Errorf("the walk saw too little: activity %.300s, invitations %.300s", bodies["/api/activity"], bodies["/api/invitations"])
	}
}

// forbidQualifiedSubscriptions puts a proxy before the Qualified simulator
// that refuses to create webhook subscriptions, as a key without the
// permission is refused.
func forbidQualifiedSubscriptions(t *testing.T, target string) string {
	t.Helper()
	u, _ := url.Parse(target)
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/webhook_subscriptions") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"error":"forbidden","message":"This API key may not manage webhooks."}`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestPathSecretIsShownOnlyAsTheManualAddressWhenRegistrationIsForbidden(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.stop()
	h.cfg.DataDir = t.TempDir()
	h.cfg.QualifiedAPIURL = forbidQualifiedSubscriptions(t, h.qual.URL)
	h.start()
	pathSecret, err := h.app.secrets.Get(secrets.QualifiedPathSecret)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	res := h.api("GET", "/api/status", nil)
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	wh, _ := st["webhook"].(map[string]any)
	manual, _ := wh["manualUrl"].(string)
	if manual != h.cfg.PublicURL+"/webhooks/qualified/"+pathSecret {
		t.Fatalf("webhook.manualUrl = %q, want the Qualified address to paste", manual)
	}
	// Everywhere else in the status, and in every other answer, it is absent.
	delete(wh, "manualUrl")
	rest, _ := json.Marshal(st)
	known := map[string]string{"the Qualified path secret": pathSecret}
	if found := leaks(string(rest), known); len(found) > 0 {
		t.Errorf("GET /api/status shows the path secret outside webhook.manualUrl: %s", rest)
	}
	// Asking again to register answers why not, and where to look, without the address.
	res = h.api("POST", "/api/setup/webhook", nil)
	raw, _ = io.ReadAll(res.Body)
	if found := leaks(string(raw), known); len(found) > 0 {
		t.Errorf("POST /api/setup/webhook answered %d with the path secret: %s", res.StatusCode, raw)
	}
	for p, b := range walkGETs(t, h) {
		if p == "/api/status" {
			continue
		}
		if found := leaks(b, known); len(found) > 0 {
			t.Errorf("GET %s shows the path secret:\n%.2000s", p, b)
		}
	}
	// Once registration is allowed, the manual address goes away.
	h.stop()
	h.cfg.QualifiedAPIURL = h.qual.URL
	h.start()
	res = h.api("GET", "/api/status", nil)
	raw, _ = io.ReadAll(res.Body)
	if found := leaks(string(raw), known); len(found) > 0 {
		t.Errorf("after a successful registration, GET /api/status still shows the path secret: %s", raw)
	}
}

// --- the admin token ---

const adminToken = "admin-token-0123456789abcdefXYZ"

func TestAdminTokenConfig(t *testing.T) {
	base := Config{PollInterval: time.Minute, LeverAPIURL: lever.DefaultBaseURL, QualifiedAPIURL: DefaultQualifiedAPIURL,
		WebhookListen: DefaultWebhookListen}
	tests := []struct {
		listen, token string
		wantErr       string
	}{
		{"127.0.0.1:8765", "", ""},
		{"[::1]:8765", "", ""},
		{"localhost:8765", "", ""},
		{"0.0.0.0:8765", "", AdminTokenEnv},
		{"[::]:8765", "", AdminTokenEnv},
		{"192.168.1.10:8765", "", AdminTokenEnv},
		{"assessbridge.example.com:8765", "", AdminTokenEnv},
		{":8765", "", AdminTokenEnv},
		{"0.0.0.0:8765", adminToken, ""},
		{":8765", adminToken, ""},
		{"[::]:8765", adminToken, ""},
		{"127.0.0.1:8765", adminToken, ""},
		{"0.0.0.0:8765", strings.Repeat("x", MinAdminTokenLen), ""},
		{"0.0.0.0:8765", strings.Repeat("x", MinAdminTokenLen-1), "at least 24"},
		{"127.0.0.1:8765", "short", "at least 24"},
		{"0.0.0.0:8765", strings.Repeat("x", 30) + " y", "visible ASCII"},
		{"0.0.0.0:8765", strings.Repeat("x", 30) + "\n", "visible ASCII"},
		{"0.0.0.0:8765", strings.Repeat("é", 30), "visible ASCII"},
		{"0.0.0.0", adminToken, "--listen"},
	}
	for _, tt := range tests {
		c := base
		c.Listen, c.AdminToken = tt.listen, tt.token
		err := c.Validate()
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("listen %q, token %q: %v", tt.listen, tt.token, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("listen %q, token %q: %v, want an error mentioning %q", tt.listen, tt.token, err, tt.wantErr)
		}
	}
	// serve reads the token from the environment only.
	env := func(token string) func(string) string {
		return func(k string) string {
			switch k {
			case AdminTokenEnv:
				return token
			case "ASSESSBRIDGE_DATA_DIR":
				return t.TempDir()
			}
			return ""
		}
	}
	if _, err := ParseServeFlags([]string{"--listen", "0.0.0.0:8765"}, env(""), io.Discard); err == nil || !strings.Contains(err.Error(), AdminTokenEnv) {
		t.Errorf("network listen without a token: %v", err)
	}
	cfg, err := ParseServeFlags([]string{"--listen", "0.0.0.0:8765"}, env(adminToken), io.Discard)
	if err != nil || cfg.AdminToken != adminToken {
		t.Errorf("network listen with a token: %v, token %q", err, cfg.AdminToken)
	}
	if _, err := ParseServeFlags(nil, env("too-short"), io.Discard); err == nil {
		t.Error("a short token was accepted")
	}
}

// tokenHarness is the real app with an admin token.
func tokenHarness(t *testing.T) (*harness, string) {
	t.Helper()
	h := newHarness(t, harnessOptions{})
	h.stop()
	h.cfg.AdminToken = adminToken
	h.start()
	return h, "http://" + h.app.AdminAddr()
}

func TestAdminTokenIsRequiredForTheAPI(t *testing.T) {
	h, base := tokenHarness(t)
	tests := []struct {
		name   string
		header string
		want   int
	}{
		{"no credentials", "", 401},
		{"the token", "Bearer " + adminToken, 200},
		{"the token, scheme in lower case", "bearer " + adminToken, 200},
		{"a wrong token", "Bearer wrong-token-0123456789abcdefXYZ", 401},
		{"a prefix of the token", "Bearer " + adminToken[:len(adminToken)-1], 401},
		{"the token and more", "Bearer " + adminToken + "0", 401},
		{"the token in another case", "Bearer " + strings.ToUpper(adminToken), 401},
		{"another scheme", "Basic " + adminToken, 401},
		{"no scheme", adminToken, 401},
		{"empty bearer", "Bearer ", 401},
	}
	for _, tt := range tests {
		for _, r := range adminRoutes {
			req, _ := http.NewRequest(r[0], base+r[1], strings.NewReader(`{}`))
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			req = req.WithContext(ctx)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				cancel()
				t.Fatal(err)
			}
			code := res.StatusCode
			var v struct{ Error, Code string }
			if code == 401 {
				json.NewDecoder(res.Body).Decode(&v)
			}
			res.Body.Close()
			cancel()
			if tt.want == 401 {
				if code != 401 || v.Code != backend.EUNAUTHORIZED || v.Error == "" || res.Header.Get("Content-Type") != "application/json" {
					t.Errorf("%s, %s %s: %d %+v, want a 401 JSON error", tt.name, r[0], r[1], code, v)
				}
			} else if code == 401 || code == 403 {
				t.Errorf("%s, %s %s: %d, want it let through", tt.name, r[0], r[1], code)
			}
		}
	}
	// Paths that reach the API in other spellings need the token too.
	for _, p := range []string{"/api", "/api/", "//api/status", "/%61pi/status", "/api/../api/status", "/./api/status"} {
		code, _ := rawRequest(t, h.app.AdminAddr(), "GET "+p+" HTTP/1.1\r\nHost: "+h.app.AdminAddr()+"\r\nConnection: close\r\n\r\n")
		if code != 401 && code/100 != 3 {
			t.Errorf("GET %s without the token: %d, want 401 or a redirect", p, code)
		}
	}
}

// noFollow is a client that shows redirects instead of following them.
var noFollow = &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// postLogin sends the login form as a browser does.
func postLogin(t *testing.T, base, token string, headers ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(url.Values{"token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func adminCookieOf(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == AdminCookie {
			return c
		}
	}
	return nil
}

// getWith sends a GET, with the cookie when given, without following redirects.
func getWith(t *testing.T, base, path string, c *http.Cookie) int {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	if c != nil {
		req.AddCookie(c)
	}
	res, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func TestAdminTokenInTheAddressLogsNobodyIn(t *testing.T) {
	_, base := tokenHarness(t)
	req, _ := http.NewRequest("GET", base+"/?token="+url.QueryEscape(adminToken), nil)
	res, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(res.Cookies()) != 0 || res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("GET /?token=: %d to %q, cookies %v; want the login form and no cookie", res.StatusCode, res.Header.Get("Location"), res.Cookies())
	}
	// A GET of the form with the token in its address is no login either.
	req, _ = http.NewRequest("GET", base+"/login?token="+url.QueryEscape(adminToken), nil)
	if res, _ := do(t, req); len(res.Cookies()) != 0 {
		t.Errorf("GET /login?token= set %v", res.Cookies())
	}
	// The page itself asks for the login; Lever's way back does not.
	for _, p := range []string{"/", "/index.html", "/settings"} {
		if code := getWith(t, base, p, nil); code != http.StatusSeeOther {
			t.Errorf("GET %s without a login: %d, want 303 to the login form", p, code)
		}
	}
	if code := getWith(t, base, "/login", nil); code != 200 {
		t.Errorf("GET /login: %d", code)
	}
	if code := getWith(t, base, OAuthCallbackPath, nil); code == 401 || code == 403 || code == 303 {
		t.Errorf("GET %s: %d, want it served (its state is its credential)", OAuthCallbackPath, code)
	}
}

func TestAdminLoginIsAFormPostThatSetsARandomSessionCookie(t *testing.T) {
	_, base := tokenHarness(t)
	for _, tok := range []string{"wrong", "", adminToken[:len(adminToken)-1], adminToken + "x"} {
		if res := postLogin(t, base, tok); res.StatusCode != 401 || len(res.Cookies()) != 0 {
			t.Errorf("login with %q: %d, cookies %v", tok, res.StatusCode, res.Cookies())
		}
	}
	res := postLogin(t, base, adminToken)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("login: %d to %q, want 303 to /", res.StatusCode, res.Header.Get("Location"))
	}
	cookie := adminCookieOf(res)
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/" || cookie.Secure {
		t.Fatalf("login cookie over http: %+v (Set-Cookie %q)", cookie, res.Header.Values("Set-Cookie"))
	}
	if cookie.MaxAge <= 0 || time.Duration(cookie.MaxAge)*time.Second > sessionMaxAge {
		t.Errorf("the cookie's Max-Age %d is not bounded by the session's %s", cookie.MaxAge, sessionMaxAge)
	}
	if res.Header.Get("Referrer-Policy") != "same-origin" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("login answer headers: %v", res.Header)
	}
	// Random, not derived from the token: two logins, two values.
	second := adminCookieOf(postLogin(t, base, adminToken))
	if second == nil || second.Value == cookie.Value || strings.Contains(cookie.Value, adminToken) {
		t.Errorf("two logins gave %q and %q", cookie.Value, second.Value)
	}
	if code := getWith(t, base, "/api/status", cookie); code != 200 {
		t.Errorf("with the login cookie: %d", code)
	}
	if code := getWith(t, base, "/", cookie); code != 200 {
		t.Errorf("the page with the login cookie: %d", code)
	}
	if code := getWith(t, base, "/api/status", nil); code != 401 {
		t.Errorf("without it: %d", code)
	}
	for _, v := range []string{"x", adminToken, cookie.Value[:len(cookie.Value)-1], strings.ToUpper(cookie.Value)} {
		if code := getWith(t, base, "/api/status", &http.Cookie{Name: AdminCookie, Value: v}); code != 401 {
			t.Errorf("cookie %q: %d, want 401", v, code)
		}
	}
	// A login form posted from another site is refused (login CSRF).
	if res := postLogin(t, base, adminToken, "Origin", "https://evil.example.com"); res.StatusCode != 403 || adminCookieOf(res) != nil {
		t.Errorf("cross-site login: %d", res.StatusCode)
	}
	// The event stream, which a browser cannot give a header, works with the cookie.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/events", nil)
	req.AddCookie(cookie)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
		t.Errorf("event stream with the cookie: %v %v", res, err)
	} else {
		res.Body.Close()
	}
}

func TestAdminLogOutEndsTheSessionOnTheServer(t *testing.T) {
	h, base := tokenHarness(t)
	cookie := adminCookieOf(postLogin(t, base, adminToken))
	other := adminCookieOf(postLogin(t, base, adminToken))
	if cookie == nil || other == nil {
		t.Fatal("the login form set no cookie")
	}
	// The UI learns that there is a login to end.
	req0, _ := http.NewRequest("GET", base+"/api/session", nil)
	req0.AddCookie(cookie)
	if res, body := do(t, req0); res.StatusCode != 200 || !strings.Contains(body, `"adminLogin":true`) || !strings.Contains(body, "/logout") {
		t.Errorf("GET /api/session: %d %s", res.StatusCode, body)
	}
	if res, body := do(t, mustRequest(t, "GET", "http://"+newHarness(t, harnessOptions{}).app.AdminAddr()+"/api/session")); res.StatusCode != 200 || !strings.Contains(body, `"adminLogin":false`) {
		t.Errorf("GET /api/session without an admin token: %d %s", res.StatusCode, body)
	}
	req, _ := http.NewRequest("POST", base+"/logout", nil)
	req.AddCookie(cookie)
	res, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if c := adminCookieOf(res); res.StatusCode != http.StatusSeeOther || c == nil || c.MaxAge >= 0 {
		t.Errorf("log out: %d, cookie %+v; want it cleared", res.StatusCode, c)
	}
	// A copy of the cookie kept elsewhere opens nothing any more.
	if code := getWith(t, base, "/api/status", cookie); code != 401 {
		t.Errorf("the logged-out cookie: %d, want 401", code)
	}
	if code := getWith(t, base, "/api/status", other); code != 200 {
		t.Errorf("another browser's session after this one logged out: %d", code)
	}
	// Sessions live in memory: a restart (which a new admin token needs) ends them all.
	h.stop()
	h.start()
	base = "http://" + h.app.AdminAddr()
	if code := getWith(t, base, "/api/status", other); code != 401 {
		t.Errorf("a session from before the restart: %d, want 401", code)
	}
}

func TestAdminSessionExpiresWhenIdleAndAtItsMaximumAge(t *testing.T) {
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	sessions := newAdminSessions(adminToken, func() time.Time { return now })
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(299) })
	h := guardSessions(sessions, ok)
	login := func() *http.Cookie {
		req := httptest.NewRequest("POST", "http://h/login", strings.NewReader("token="+url.QueryEscape(adminToken)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		c := adminCookieOf(rec.Result())
		if c == nil {
			t.Fatalf("the login form answered %d and no cookie", rec.Code)
		}
		return c
	}
	use := func(c *http.Cookie) int {
		req := httptest.NewRequest("GET", "http://h/api/status", nil)
		req.AddCookie(c)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	idle := login()
	now = now.Add(sessionIdle - time.Minute)
	if use(idle) != 299 {
		t.Fatal("a session used within its idle time was refused")
	}
	now = now.Add(sessionIdle + time.Minute)
	if code := use(idle); code != 401 {
		t.Errorf("a session idle for more than %s: %d, want 401", sessionIdle, code)
	}
	// Kept busy, a session still ends at its maximum age.
	busy := login()
	for end := now.Add(sessionMaxAge - time.Hour); now.Before(end); now = now.Add(6 * time.Hour) {
		if use(busy) != 299 {
			t.Fatalf("a busy session ended early, at %s", now)
		}
	}
	now = now.Add(2 * time.Hour)
	if code := use(busy); code != 401 {
		t.Errorf("a session used all along, %s old: %d, want 401", sessionMaxAge+time.Hour, code)
	}
}

func TestAdminCookieIsSecureWhenReachedOverHTTPS(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(299) })
	h := guard(adminToken, ok)
	for _, tt := range []struct {
		name   string
		tls    bool
		header [2]string
		want   bool
	}{
		{"plain http", false, [2]string{}, false},
		{"TLS to assessbridge itself", true, [2]string{}, true},
		{"TLS proxy: X-Forwarded-Proto", false, [2]string{"X-Forwarded-Proto", "https"}, true},
		{"TLS proxy chain: X-Forwarded-Proto", false, [2]string{"X-Forwarded-Proto", "https, http"}, true},
		{"TLS proxy: Forwarded", false, [2]string{"Forwarded", `for=10.0.0.1;proto=https;host=admin.example.com`}, true},
		{"proxy over plain http", false, [2]string{"X-Forwarded-Proto", "http"}, false},
	} {
		req := httptest.NewRequest("POST", "http://h/login", strings.NewReader("token="+url.QueryEscape(adminToken)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if tt.tls {
			req.TLS = &tls.ConnectionState{}
		}
		if tt.header[0] != "" {
			req.Header.Set(tt.header[0], tt.header[1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		c := adminCookieOf(rec.Result())
		if c == nil || c.Secure != tt.want {
			t.Errorf("%s: cookie %+v, want Secure=%v", tt.name, c, tt.want)
		}
	}
}

func TestWrongAdminTokensAreLimitedPerAddress(t *testing.T) {
	_, base := tokenHarness(t)
	for i := 0; i < loginFailuresPerMinute; i++ {
		if res := postLogin(t, base, "wrong-token-0123456789abcdefXYZ"); res.StatusCode != 401 {
			t.Fatalf("wrong token %d: %d", i+1, res.StatusCode)
		}
	}
	// Even the right token waits now: guessing stops here.
	if res := postLogin(t, base, adminToken); res.StatusCode != http.StatusTooManyRequests || adminCookieOf(res) != nil {
		t.Errorf("login after %d wrong tokens: %d, want 429", loginFailuresPerMinute, res.StatusCode)
	}
	// The header stays usable for scripts, compared in constant time.
	req, _ := http.NewRequest("GET", base+"/api/status", nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	if res, _ := do(t, req); res.StatusCode != 200 {
		t.Errorf("bearer token while the form waits: %d", res.StatusCode)
	}
}

func TestAdminTokenAcceptsAnyHostButKeepsTheOriginCheck(t *testing.T) {
	h, base := tokenHarness(t)
	addr := h.app.AdminAddr()
	for _, host := range []string{"assessbridge.internal.example.com", "evil.com", "10.0.0.5:8765", "[2001:db8::1]:8765"} {
		if code, body := rawRequest(t, addr, "GET /api/status HTTP/1.1\r\nHost: "+host+"\r\nAuthorization: Bearer "+adminToken+"\r\nConnection: close\r\n\r\n"); code != 200 {
			t.Errorf("Host %q with the token: %d %.100q", host, code, body)
		}
		// Without it, the name alone gets nothing, not even a hint of the host check.
		if code, _ := rawRequest(t, addr, "GET /api/status HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n"); code != 401 {
			t.Errorf("Host %q without the token: %d, want 401", host, code)
		}
	}
	for _, tt := range []struct {
		origin string
		want   int
	}{{"https://evil.example.com", 403}, {"null", 403}, {"http://" + addr, 200}, {"", 200}} {
		req, _ := http.NewRequest("POST", base+"/api/setup/test-delivery", nil)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		if tt.origin != "" {
			req.Header.Set("Origin", tt.origin)
		}
		if res, _ := do(t, req); res.StatusCode != tt.want {
			t.Errorf("write with the token and Origin %q: %d, want %d", tt.origin, res.StatusCode, tt.want)
		}
	}
	// A rebinding page whose Origin matches its Host has no token: refused.
	code, _ := rawRequest(t, addr, "POST /api/setup/test-delivery HTTP/1.1\r\nHost: evil.com\r\nOrigin: http://evil.com\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	if code != 401 {
		t.Errorf("rebinding write without the token: %d, want 401", code)
	}
}

func TestWithoutAdminTokenNothingChanges(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	base := "http://" + h.app.AdminAddr()
	for _, auth := range []string{"", "Bearer " + adminToken, "Bearer wrong"} {
		req, _ := http.NewRequest("GET", base+"/api/status", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if res, _ := do(t, req); res.StatusCode != 200 {
			t.Errorf("Authorization %q without a configured token: %d", auth, res.StatusCode)
		}
	}
	// ?token= is no login without a token: the page is served as always, and no cookie is set.
	req, _ := http.NewRequest("GET", base+"/?token="+adminToken, nil)
	if res, _ := do(t, req); res.StatusCode == 303 || len(res.Cookies()) != 0 {
		t.Errorf("?token= without a configured token: %d, cookies %v", res.StatusCode, res.Cookies())
	}
}

// TestGuard checks the guard alone, without an app behind it.
func TestGuard(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(299) })
	sessions := newAdminSessions(adminToken, nil)
	login := httptest.NewRecorder()
	form := httptest.NewRequest("POST", "http://h/login", strings.NewReader("token="+url.QueryEscape(adminToken)))
	form.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	guardSessions(sessions, ok).ServeHTTP(login, form)
	cookie := login.Result().Cookies()[0]
	tests := []struct {
		name, token, method, target, host, origin, auth string
		cookie                                          *http.Cookie
		want                                            int
	}{
		{name: "local, no token", method: "GET", target: "/api/status", host: "127.0.0.1:1", want: 299},
		{name: "remote name, no token", method: "GET", target: "/api/status", host: "evil.com", want: 403},
		{name: "remote name, no token, page", method: "GET", target: "/", host: "evil.com", want: 403},
		{name: "token: remote name, no credentials", token: adminToken, method: "GET", target: "/api/status", host: "evil.com", want: 401},
		{name: "token: page without credentials", token: adminToken, method: "GET", target: "/", host: "evil.com", want: 303},
		{name: "token: ?token= is no login", token: adminToken, method: "GET", target: "/?token=" + adminToken, host: "h", want: 303},
		{name: "token: page with the cookie", token: adminToken, method: "GET", target: "/", host: "h", cookie: cookie, want: 299},
		{name: "token: bearer", token: adminToken, method: "GET", target: "/api/status", host: "evil.com", auth: "Bearer " + adminToken, want: 299},
		{name: "token: cookie", token: adminToken, method: "GET", target: "/api/status", host: "evil.com", cookie: cookie, want: 299},
		{name: "token: wrong bearer, good cookie", token: adminToken, method: "GET", target: "/api/status", host: "h", auth: "Bearer x", cookie: cookie, want: 299},
		{name: "token: query is no credential for the API", token: adminToken, method: "GET", target: "/api/status?token=" + adminToken, host: "h", want: 401},
		{name: "token: POST /?token= is no login", token: adminToken, method: "POST", target: "/?token=" + adminToken, host: "h", want: 401},
		{name: "token: cross-site write", token: adminToken, method: "POST", target: "/api/settings", host: "h", origin: "http://evil.com", auth: "Bearer " + adminToken, want: 403},
		{name: "token: null origin", token: adminToken, method: "PUT", target: "/api/settings", host: "h", origin: "null", cookie: cookie, want: 403},
		{name: "token: same-origin write", token: adminToken, method: "PUT", target: "/api/settings", host: "h:1", origin: "https://h:1", cookie: cookie, want: 299},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, "http://placeholder"+tt.target, nil)
		req.Host = tt.host
		if tt.origin != "" {
			req.Header.Set("Origin", tt.origin)
		}
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		if tt.cookie != nil {
			req.AddCookie(tt.cookie)
		}
		rec := httptest.NewRecorder()
		h := guard(tt.token, ok)
		if tt.token == adminToken {
			h = guardSessions(sessions, ok)
		}
		h.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("%s: %d %q, want %d", tt.name, rec.Code, rec.Body, tt.want)
		}
	}
}

// --- serve's flags ---

func TestServeRefusesPlainHTTPBeyondThisMachine(t *testing.T) {
	base := Config{PollInterval: time.Minute, LeverAPIURL: lever.DefaultBaseURL, QualifiedAPIURL: DefaultQualifiedAPIURL,
		Listen: DefaultListen, WebhookListen: DefaultWebhookListen}
	for _, tt := range []struct {
		url string
		ok  bool
	}{
		{"https://api.lever.co/v1", true},
		{"https://hooks.example.com", true},
		{"http://127.0.0.1:9000", true},
		{"http://127.0.0.2:9000/api", true},
		{"http://localhost:9000", true},
		{"http://LOCALHOST:9000", true},
		{"http://[::1]:9000", true},
		{"http://api.lever.co/v1", false},
		{"http://10.0.0.7:9000", false},
		{"http://[2001:db8::1]:9000", false},
		{"http://localhost.example.com", false},
		{"http://127.0.0.1.nip.io", false},
		{"ftp://127.0.0.1", false},
	} {
		for _, field := range []string{"--lever-api-url", "--qualified-api-url", "--public-url"} {
			c := base
			switch field {
			case "--lever-api-url":
				c.LeverAPIURL = tt.url
			case "--qualified-api-url":
				c.QualifiedAPIURL = tt.url
			case "--public-url":
				c.PublicURL = tt.url
			}
			err := c.Validate()
			if tt.ok != (err == nil) {
				t.Errorf("%s %s: %v, want ok=%v", field, tt.url, err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), field) {
				t.Errorf("%s %s: %v does not name the flag", field, tt.url, err)
			}
		}
	}
}

func TestServeWarnsThatKeysGivenAsFlagsAreVisibleAndReadsThemFromFiles(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		if k == "ASSESSBRIDGE_DATA_DIR" {
			return dir
		}
		return ""
	}
	parse := func(args ...string) (Config, string, error) {
		var stderr bytes.Buffer
		cfg, err := ParseServeFlags(args, env, &stderr)
		return cfg, stderr.String(), err
	}
	_, out, err := parse("--lever-api-key", "lk-secret", "--qualified-api-key", "qk-secret")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--lever-api-key is visible", "LEVER_API_KEY", "--qualified-api-key is visible", "QUALIFIED_API_KEY"} {
		if !strings.Contains(out, want) {
			t.Errorf("warning lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "--lever-api-key is visible") != 1 || strings.Contains(out, "lk-secret") {
		t.Errorf("the warning is not said once, without the key:\n%s", out)
	}
	// From the environment: no warning.
	if _, out, _ := ParseServeFlagsWithEnv(t, map[string]string{"LEVER_API_KEY": "lk", "ASSESSBRIDGE_DATA_DIR": dir}); out != "" {
		t.Errorf("keys from the environment warned: %s", out)
	}
	// From files: read, trimmed; a file others can read is warned of.
	lf, qf := dir+"/lever.key", dir+"/qualified.key"
	os.WriteFile(lf, []byte("lk-from-file\n"), 0o600)
	os.WriteFile(qf, []byte("  qk-from-file  \n"), 0o644)
	cfg, out, err := parse("--lever-api-key-file", lf, "--qualified-api-key-file", qf)
	if err != nil || cfg.LeverAPIKey != "lk-from-file" || cfg.QualifiedAPIKey != "qk-from-file" {
		t.Fatalf("key files: %v, keys %q %q", err, cfg.LeverAPIKey, cfg.QualifiedAPIKey)
	}
	if strings.Contains(out, lf) || !strings.Contains(out, qf) || strings.Contains(out, "visible to every user") {
		t.Errorf("key-file warnings:\n%s", out)
	}
	empty := dir + "/empty.key"
	os.WriteFile(empty, []byte("\n"), 0o600)
	if _, _, err := parse("--lever-api-key-file", empty); err == nil || !strings.Contains(err.Error(), "--lever-api-key-file") {
		t.Errorf("an empty key file: %v", err)
	}
}

// ParseServeFlagsWithEnv parses no flags with the given environment and
// returns what serve wrote to stderr.
func ParseServeFlagsWithEnv(t *testing.T, vars map[string]string) (Config, string, error) {
	t.Helper()
	var stderr bytes.Buffer
	cfg, err := ParseServeFlags(nil, func(k string) string { return vars[k] }, &stderr)
	return cfg, stderr.String(), err
}

func TestPollIntervalHasOneRangeForTheFlagAndSettings(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	for _, tt := range []struct {
		d  time.Duration
		ok bool
	}{{MinPollInterval, true}, {MinPollInterval - time.Millisecond, false}, {MaxPollInterval, true}, {MaxPollInterval + time.Second, false}, {5 * time.Minute, true}} {
		c := Config{PollInterval: tt.d, LeverAPIURL: lever.DefaultBaseURL, QualifiedAPIURL: DefaultQualifiedAPIURL,
			Listen: DefaultListen, WebhookListen: DefaultWebhookListen}
		flagOK := c.Validate() == nil
		res := h.api("PUT", "/api/settings", map[string]string{"pollInterval": tt.d.String()})
		res.Body.Close()
		settingsOK := res.StatusCode == 200
		if flagOK != tt.ok || settingsOK != tt.ok {
			t.Errorf("poll interval %s: flag ok=%v, Settings ok=%v (%d), want both %v", tt.d, flagOK, settingsOK, res.StatusCode, tt.ok)
		}
	}
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// With serve's own token (not one the recruiter chose for the network) the
// admin stays what it was on loopback: this machine's names only, and the
// login on top.
func TestServesOwnAdminTokenStillAnswersOnlyThisMachinesNames(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(299) })
	h := &App{cfg: Config{AdminToken: adminToken, AdminTokenKeptIn: "/data/admin-token"}}
	sessions := newAdminSessions(adminToken, nil)
	sessions.localOnly = true
	guarded := guardSessions(sessions, ok)
	for _, tt := range []struct {
		host, auth string
		want       int
	}{
		{"evil.com", "Bearer " + adminToken, 403},
		{"127.0.0.1.evil.com:8765", "Bearer " + adminToken, 403},
		{"127.0.0.1:8765", "", 401},
		{"localhost:8765", "Bearer wrong-token-0123456789abcdefXYZ", 401},
		{"127.0.0.1:8765", "Bearer " + adminToken, 299},
	} {
		req := httptest.NewRequest("GET", "http://placeholder/api/status", nil)
		req.Host = tt.host
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		rec := httptest.NewRecorder()
		guarded.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("Host %q, Authorization %q: %d, want %d", tt.host, tt.auth, rec.Code, tt.want)
		}
	}
	// The app's own Handler takes the same rule from its configuration.
	req := httptest.NewRequest("GET", "http://placeholder/api/status", nil)
	req.Host = "evil.com"
	req.Header.Set("Authorization", "Bearer "+adminToken)
	rec := httptest.NewRecorder()
	h.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("Handler with a kept token, Host evil.com: %d, want 403", rec.Code)
	}
}

// The demo has only simulated accounts and a folder of its own: it makes no
// admin token and asks for no login (the browser tests drive it as it is).
func TestDemoMakesNoAdminTokenAndNeedsNoLogin(t *testing.T) {
	t.Setenv("ASSESSBRIDGE_SECRETS", "file")
	dir := filepath.Join(t.TempDir(), "demo")
	d, err := StartDemo(context.Background(), DemoConfig{DataDir: dir, Listen: "127.0.0.1:0", Pace: 0.001},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		d.Shutdown(ctx)
	}()
	base := "http://" + d.App.AdminAddr()
	if res, body := do(t, mustRequest(t, "GET", base+"/api/status")); res.StatusCode != 200 {
		t.Errorf("demo status without a login: %d %.200s", res.StatusCode, body)
	}
	if res, body := do(t, mustRequest(t, "GET", base+sessionPath)); res.StatusCode != 200 || !strings.Contains(body, `"adminLogin":false`) {
		t.Errorf("demo session: %d %s", res.StatusCode, body)
	}
	if _, err := os.Stat(filepath.Join(dir, AdminTokenFile)); !os.IsNotExist(err) {
		t.Errorf("the demo made %s: %v", AdminTokenFile, err)
	}
}
