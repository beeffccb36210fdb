package tunnel

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testLogger sends cloudflared's lines to the test log, so a failing test
// shows what cloudflared said.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// TestReadinessMakesTheState plays cloudflared's status server: no
// connection, then one, then none again.
func TestReadinessMakesTheState(t *testing.T) {
	var connections atomic.Int32
	metrics := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ready" {
			http.NotFound(w, r)
			return
		}
		n := connections.Load()
		if n == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		fmt.Fprintf(w, `{"status":%d,"readyConnections":%d,"connectorId":"00000000-0000-0000-0000-000000000000"}`, 200, n)
	}))
	defer metrics.Close()

	old := readyInterval
	readyInterval = 10 * time.Millisecond
	t.Cleanup(func() { readyInterval = old })

	e := newEmbedded("named tunnel", "http://127.0.0.1:8766", nil, func(*embedded) {})
	r := &run{metricsAddr: strings.TrimPrefix(metrics.URL, "http://"), url: "https://hooks.example.com"}
	e.status.set(StateStarting, r.url, "")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); e.watchReady(ctx, r) }()
	defer func() { cancel(); wg.Wait() }()

	connections.Store(1)
	st := waitFor(t, e, StateConnected, 5*time.Second)
	if st.URL != "https://hooks.example.com" || st.Error != "" {
		t.Fatalf("connected: %+v", st)
	}
	r.setLastErr("Connection terminated: connection reset by peer")
	connections.Store(0)
	st = waitFor(t, e, StateReconnecting, 5*time.Second)
	if st.URL != "https://hooks.example.com" || !strings.Contains(st.Error, "connection reset") {
		t.Fatalf("reconnecting: %+v", st)
	}
	connections.Store(2)
	if st = waitFor(t, e, StateConnected, 5*time.Second); st.Error != "" {
		t.Fatalf("connected again: %+v", st)
	}
}

func TestQuickURLWaitsForTheService(t *testing.T) {
	metrics := statusServer(t, "calm-river-1.trycloudflare.com")
	service := quickServiceAnswering(t, http.StatusOK,
		`{"success":true,"result":{"id":"00000000-0000-0000-0000-000000000000","hostname":"calm-river-1.trycloudflare.com","account_tag":"x","secret":"AAAA"}}`)

	old := readyInterval
	readyInterval = 10 * time.Millisecond
	t.Cleanup(func() { readyInterval = old })

	q, err := startQuickService(service.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()
	e := newEmbedded("quick tunnel", "http://127.0.0.1:8766", nil, func(*embedded) {})
	r := &run{metricsAddr: strings.TrimPrefix(metrics.URL, "http://"), quick: q}
	e.status.set(StateStarting, "", "")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); e.watchReady(ctx, r) }()
	defer func() { cancel(); wg.Wait() }()

	time.Sleep(50 * time.Millisecond)
	if st := e.Status(); st.State == StateConnected {
		t.Fatalf("connected before the service named a hostname: %+v", st)
	}
	// What cloudflared does: ask the service, through the stand-in.
	resp, err := http.Post(q.url()+"/tunnel", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("stand-in answered %s", resp.Status)
	}
	if st := waitFor(t, e, StateConnected, 5*time.Second); st.URL != "https://calm-river-1.trycloudflare.com" {
		t.Fatalf("connected: %+v", st)
	}
}

func TestLogLinesGoToTheLoggerWithoutTheToken(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := newEmbedded("named tunnel", "http://127.0.0.1:8766", logger, func(e *embedded) { e.token = testToken })
	r := &run{}
	e.passOn(r, `{"level":"info","time":"2025-01-01T00:00:00Z","message":"Starting tunnel","tunnelID":"abc"}`+"\n")
	e.passOn(r, `{"level":"error","connIndex":0,"error":"dial tcp: refused","message":"Unable to establish connection"}`)
	e.passOn(r, `not json with `+testToken)

	out := buf.String()
	if strings.Contains(out, testToken) {
		t.Fatalf("token in the log:\n%s", out)
	}
	for _, want := range []string{"level=DEBUG", "cloudflared: Starting tunnel", "tunnelID=abc", "Unable to establish connection", "[token]"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if got := r.lastErr(); got != "Unable to establish connection: dial tcp: refused" {
		t.Fatalf("last error %q", got)
	}
}

// quickServiceCounting is a stand-in for the quick-tunnel service that
// hands out a new hostname for every request, as the real one does, and
// counts the requests.
func quickServiceCounting(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var asked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := asked.Add(1)
		if r.Method != http.MethodPost || r.URL.Path != "/tunnel" {
			t.Errorf("quick-tunnel service got %s %s", r.Method, r.URL.Path)
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"success":true,"result":{"id":"00000000-0000-0000-0000-00000000000%d","hostname":"tunnel-%d.trycloudflare.com","account_tag":"x","secret":"AAAA"}}`, n, n)
	}))
	t.Cleanup(srv.Close)
	return srv, &asked
}

// postFresh sends a POST on a new connection and says what came back:
// the status, or the error when nothing answered.
func postFresh(url string) string {
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Post(url, "application/json", nil)
	if err != nil {
		return "no answer: " + err.Error()
	}
	defer resp.Body.Close()
	return resp.Status
}

// TestNoStrangerCanRepointTheQuickTunnel: once cloudflared has its tunnel,
// a local process that posts to the stand-in, on the path cloudflared used
// or the plain one, gets nothing and the public address stays the one the
// service gave cloudflared.
func TestNoStrangerCanRepointTheQuickTunnel(t *testing.T) {
	service, asked := quickServiceCounting(t)
	q, err := startQuickService(service.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()

	// What cloudflared does: POST to the --quick-service URL plus "/tunnel".
	if got := postFresh(q.url() + "/tunnel"); got != "200 OK" {
		t.Fatalf("cloudflared's request: %s", got)
	}
	const want = "https://tunnel-1.trycloudflare.com"
	if got := q.publicURL(); got != want {
		t.Fatalf("public address %q, want %q", got, want)
	}

	for _, url := range []string{"http://" + q.addr + "/tunnel", q.url() + "/tunnel"} {
		got := postFresh(url)
		if got == "200 OK" {
			t.Errorf("a second POST %s was answered", url)
		}
		t.Logf("second POST %s: %s", url, got)
	}
	if got := q.publicURL(); got != want {
		t.Errorf("public address became %q after a stranger's request, want %q", got, want)
	}
	if n := asked.Load(); n != 1 {
		t.Errorf("the quick-tunnel service was asked %d times, want once", n)
	}
	// Closed right after the one request: nothing listens any more.
	if conn, err := net.DialTimeout("tcp", q.addr, time.Second); err == nil {
		conn.Close()
		t.Errorf("the stand-in still accepts connections after its one request")
	}
}

// TestNoStrangerGetsAQuickTunnelBeforeCloudflared: a local process that
// posts to the stand-in before cloudflared does, without the secret path,
// is not passed on to the service and cannot use up cloudflared's turn.
func TestNoStrangerGetsAQuickTunnelBeforeCloudflared(t *testing.T) {
	service, asked := quickServiceCounting(t)
	q, err := startQuickService(service.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()

	base := "http://" + q.addr
	for _, url := range []string{base + "/tunnel", base + "/", base + "//tunnel", q.url(), q.url() + "x/tunnel"} {
		if got := postFresh(url); got != "404 Not Found" {
			t.Errorf("a stranger's POST %s: %s, want 404 Not Found", url, got)
		}
	}
	if n := asked.Load(); n != 0 {
		t.Fatalf("strangers' requests reached the quick-tunnel service %d times", n)
	}
	if got := q.publicURL(); got != "" {
		t.Fatalf("a stranger named the public address %q", got)
	}

	if got := postFresh(q.url() + "/tunnel"); got != "200 OK" {
		t.Fatalf("cloudflared's request after the strangers': %s", got)
	}
	if got := q.publicURL(); got != "https://tunnel-1.trycloudflare.com" {
		t.Fatalf("public address %q", got)
	}
}

func TestTheQuickServiceSecretIsUnguessable(t *testing.T) {
	seen := map[string]bool{}
	for range 3 {
		q, err := startQuickService("https://quick.example.com")
		if err != nil {
			t.Fatal(err)
		}
		q.close()
		if len(q.secret) != 64 || seen[q.secret] {
			t.Fatalf("secret %q: 32 random bytes in hex, new every start", q.secret)
		}
		seen[q.secret] = true
		if !strings.HasSuffix(q.url(), "/"+q.secret) {
			t.Fatalf("cloudflared is given %q, without the secret", q.url())
		}
	}
}

// statusServer plays cloudflared's status server for a quick tunnel with
// hostname and one live connection.
func statusServer(t *testing.T, hostname string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ready":
			fmt.Fprint(w, `{"status":200,"readyConnections":1,"connectorId":"00000000-0000-0000-0000-000000000000"}`)
		case "/quicktunnel":
			fmt.Fprintf(w, `{"hostname":"%s"}`, hostname)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestAStrangerOnTheStatusPortCannotMakeTheQuickTunnelConnected: the port
// for cloudflared's status server is chosen free, then left for cloudflared
// to take; a local process that takes it first and says "one connection,
// all ready" is not believed: it does not know the tunnel's hostname.
func TestAStrangerOnTheStatusPortCannotMakeTheQuickTunnelConnected(t *testing.T) {
	service, _ := quickServiceCounting(t)
	q, err := startQuickService(service.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()
	if got := postFresh(q.url() + "/tunnel"); got != "200 OK" {
		t.Fatalf("cloudflared's request: %s", got)
	}

	var genuine atomic.Bool
	var asked atomic.Int32
	metrics := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		switch r.URL.Path {
		case "/ready":
			fmt.Fprint(w, `{"status":200,"readyConnections":1}`)
		case "/quicktunnel":
			host := "" // a stranger cannot know it
			if genuine.Load() {
				host = "tunnel-1.trycloudflare.com"
			}
			fmt.Fprintf(w, `{"hostname":"%s"}`, host)
		default:
			http.NotFound(w, r)
		}
	}))
	defer metrics.Close()

	old := readyInterval
	readyInterval = 10 * time.Millisecond
	t.Cleanup(func() { readyInterval = old })
	e := newEmbedded("quick tunnel", "http://127.0.0.1:8766", nil, func(*embedded) {})
	r := &run{metricsAddr: strings.TrimPrefix(metrics.URL, "http://"), quick: q}
	e.status.set(StateStarting, "", "")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); e.watchReady(ctx, r) }()
	defer func() { cancel(); wg.Wait() }()

	// Each look at the status server ends with a status update before the
	// next begins: once it was asked three times, two looks are done.
	deadline := time.Now().Add(10 * time.Second)
	for asked.Load() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("the status server was asked %d times in 10s", asked.Load())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if st := e.Status(); st.State == StateConnected {
		t.Fatalf("a stranger's status server made the tunnel connected: %+v", st)
	}

	// cloudflared's own status server names the hostname: connected.
	genuine.Store(true)
	if st := waitFor(t, e, StateConnected, 5*time.Second); st.URL != "https://tunnel-1.trycloudflare.com" {
		t.Fatalf("connected: %+v", st)
	}
}
