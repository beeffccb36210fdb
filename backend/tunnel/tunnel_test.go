package tunnel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// waitFor returns the first status in state, reading Updates, or fails the
// test after limit.
func waitFor(t *testing.T, tun Tunnel, state State, limit time.Duration) Status {
	t.Helper()
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		if st := tun.Status(); st.State == state {
			return st
		}
		select {
		case st := <-tun.Updates():
			if st.State == state {
				return st
			}
		case <-deadline.C:
			t.Fatalf("no %q within %s; status %+v", state, limit, tun.Status())
		}
	}
}

func stop(t *testing.T, tun Tunnel) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	if err := tun.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("Stop took %s", took)
	}
	if st := tun.Status(); st.State != StateStopped {
		t.Fatalf("after Stop: %+v", st)
	}
}

func TestStaticIsConnectedAtOnce(t *testing.T) {
	tun := Static(" https://hooks.example.com/base/ ")
	if st := tun.Status(); st.State != StateStopped {
		t.Fatalf("before Start: %+v", st)
	}
	if err := tun.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := <-tun.Updates()
	if st.State != StateConnected || st.URL != "https://hooks.example.com/base" || st.Error != "" || st.Since.IsZero() {
		t.Fatalf("update %+v", st)
	}
	if tun.Status() != st {
		t.Fatalf("Status %+v, update %+v", tun.Status(), st)
	}
	stop(t, tun)
	if st := <-tun.Updates(); st.State != StateStopped {
		t.Fatalf("update after Stop: %+v", st)
	}
}

func TestStaticRefusesBadURL(t *testing.T) {
	for _, raw := range []string{
		"",
		"hooks.example.com",
		"ftp://hooks.example.com",
		"https://",
		"https://user:pass@hooks.example.com",
		"https://hooks.example.com/?x=1",
		"https://hooks.example.com/#top",
		"://nope",
	} {
		t.Run(raw, func(t *testing.T) {
			tun := Static(raw)
			err := tun.Start(context.Background())
			if err == nil {
				t.Fatal("Start accepted a bad URL")
			}
			st := tun.Status()
			if st.State != StateFailed || st.Error != err.Error() || st.URL != "" {
				t.Fatalf("status %+v, err %v", st, err)
			}
		})
	}
}

// quickServiceAnswering is a stand-in for the quick-tunnel service that
// answers every request with status and body.
func quickServiceAnswering(t *testing.T, status int, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/tunnel" {
			t.Errorf("quick-tunnel service got %s %s", r.Method, r.URL.Path)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func TestQuickReportsWhyItFailed(t *testing.T) {
	refusing := quickServiceAnswering(t, http.StatusTooManyRequests,
		`{"success":false,"result":{},"errors":[{"code":1015,"message":"too many quick tunnels from this address"}]}`)
	notJSON := quickServiceAnswering(t, http.StatusServiceUnavailable, "<html>over capacity</html>")
	unreachable := closedPort(t)
	for _, tc := range []struct {
		name    string
		service string
		want    []string
	}{
		{"refused", refusing.URL, []string{refusing.URL, "429", "too many quick tunnels from this address"}},
		{"not JSON", notJSON.URL, []string{notJSON.URL, "503", "over capacity"}},
		{"unreachable", unreachable, []string{unreachable, "could not be reached"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tun := Quick("http://127.0.0.1:8766", QuickOptions{ServiceURL: tc.service, Logger: testLogger(t)})
			if err := tun.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			st := waitFor(t, tun, StateFailed, 20*time.Second)
			for _, want := range tc.want {
				if !strings.Contains(st.Error, want) {
					t.Errorf("reason %q does not mention %q", st.Error, want)
				}
			}
			if st.URL != "" {
				t.Errorf("failed tunnel has URL %q", st.URL)
			}
			// A failed tunnel can be started again, and fails again.
			if err := tun.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			if again := waitFor(t, tun, StateFailed, 20*time.Second); again.Error != st.Error {
				t.Errorf("second failure %q, first %q", again.Error, st.Error)
			}
			stop(t, tun)
		})
	}
}

func TestQuickRunsOneAtATime(t *testing.T) {
	// A service that never answers keeps the first tunnel starting.
	hold := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hold:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(silent.Close)
	defer close(hold)

	first := Quick("http://127.0.0.1:8766", QuickOptions{ServiceURL: silent.URL, Logger: testLogger(t)})
	if err := first.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := first.Status(); st.State != StateStarting {
		t.Fatalf("first: %+v", st)
	}
	if err := first.Start(context.Background()); err != nil {
		t.Fatalf("second Start of a running tunnel: %v", err)
	}

	second := Named(testToken, "http://127.0.0.1:8766", NamedOptions{Hostname: "hooks.example.com"})
	if err := second.Start(context.Background()); !errors.Is(err, ErrBusy) {
		t.Fatalf("second tunnel started: %v", err)
	}
	if st := second.Status(); st.State != StateFailed || !strings.Contains(st.Error, "already running") {
		t.Fatalf("second: %+v", st)
	}

	stop(t, first) // also cuts the held request short

	refusing := quickServiceAnswering(t, http.StatusInternalServerError, `{"success":false,"errors":[{"code":1,"message":"no"}]}`)
	third := Quick("http://127.0.0.1:8766", QuickOptions{ServiceURL: refusing.URL})
	if err := third.Start(context.Background()); err != nil {
		t.Fatalf("a tunnel after the first stopped: %v", err)
	}
	waitFor(t, third, StateFailed, 20*time.Second)
	stop(t, third)
}

// testToken has the shape of a tunnel token (base64 JSON with account,
// tunnel id and secret) and belongs to no tunnel.
const testToken = "eyJhIjoiMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAiLCJ0IjoiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIiwicyI6IkFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE9In0="

func TestNamedRefusesBadSettings(t *testing.T) {
	for _, tc := range []struct {
		name, token, hostname, origin, want string
	}{
		{"token", "not-a-token-at-all", "hooks.example.com", "http://127.0.0.1:8766", "token is not valid"},
		{"hostname", testToken, "", "http://127.0.0.1:8766", "hostname"},
		{"origin", testToken, "hooks.example.com", "127.0.0.1:8766", "local address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tun := Named(tc.token, tc.origin, NamedOptions{Hostname: tc.hostname})
			err := tun.Start(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Start: %v, want an error about %q", err, tc.want)
			}
			st := tun.Status()
			if st.State != StateFailed || strings.Contains(st.Error, tc.token) {
				t.Fatalf("status %+v", st)
			}
			stop(t, tun)
		})
	}
}

// lockedBuffer is a log destination that goroutines can share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestAPanicInTheTunnelFailsTheTunnelNotTheApp: cloudflared panicking in
// the goroutine the tunnel runs it in leaves the app running, the tunnel
// failed with a plain reason, the panic in the log (without the token),
// and the tunnel able to start again.
func TestAPanicInTheTunnelFailsTheTunnelNotTheApp(t *testing.T) {
	old, oldAfter := runTunnel, afterFinalStatus
	t.Cleanup(func() { runTunnel, afterFinalStatus = old, oldAfter })
	runTunnel = func(args []string, shutdown chan struct{}) error {
		panic(fmt.Sprintf("runtime error: index out of range [3] with length 0 (args %v)", args))
	}
	// The failed run lets go of the engine a little after it says failed.
	afterFinalStatus = func() { time.Sleep(100 * time.Millisecond) }
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tun := Named(testToken, "http://127.0.0.1:8766", NamedOptions{Hostname: "hooks.example.com", Logger: logger})
	if err := tun.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := waitFor(t, tun, StateFailed, 10*time.Second)
	if st.Error != crashReason || st.URL != "" {
		t.Fatalf("after the panic: %+v", st)
	}
	out := logs.String()
	if !strings.Contains(out, "index out of range") || !strings.Contains(out, "stack=") {
		t.Errorf("the log does not show the panic:\n%s", out)
	}
	if strings.Contains(out, testToken) {
		t.Errorf("the token is in the log:\n%s", out)
	}

	// The engine was given back: the tunnel starts again and runs, even
	// when asked to at once, while the failed run is still letting go.
	runTunnel = func(args []string, shutdown chan struct{}) error { <-shutdown; return nil }
	if err := tun.Start(context.Background()); err != nil {
		t.Fatalf("start after the panic: %v", err)
	}
	if st := tun.Status(); st.State != StateStarting {
		t.Fatalf("started again: %+v", st)
	}
	stop(t, tun)
}

// TestCloudflaredKeepsQuicGoOffItsPath: both kinds of tunnel ask cloudflared
// for HTTP/2, so quic-go's client, with its known panic, never runs.
func TestCloudflaredKeepsQuicGoOffItsPath(t *testing.T) {
	old := runTunnel
	t.Cleanup(func() { runTunnel = old })
	got := make(chan []string, 1)
	runTunnel = func(args []string, shutdown chan struct{}) error {
		got <- args
		<-shutdown
		return nil
	}
	service := quickServiceAnswering(t, http.StatusOK, `{}`)
	for _, tun := range []Tunnel{
		Quick("http://127.0.0.1:8766", QuickOptions{ServiceURL: service.URL}),
		Named(testToken, "http://127.0.0.1:8766", NamedOptions{Hostname: "hooks.example.com"}),
	} {
		if err := tun.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		args := <-got
		stop(t, tun)
		protocol := ""
		for i, a := range args {
			if a == "--protocol" && i+1 < len(args) {
				protocol = args[i+1]
			}
		}
		if protocol != "http2" {
			t.Errorf("cloudflared run with protocol %q, want http2: %q", protocol, args)
		}
	}
}
