package tunnel

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
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
	metrics := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"status":200,"readyConnections":1}`)
	}))
	defer metrics.Close()
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
