package tunnel

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// readyInterval is how often cloudflared's status server is asked whether
// the tunnel has a live connection.
var readyInterval = 500 * time.Millisecond

// watchReady maps cloudflared's readiness (its status server's /ready
// answers 200 while at least one connection to Cloudflare is registered) to
// the tunnel's state, until ctx is done.
func (e *embedded) watchReady(ctx context.Context, r *run) {
	client := &http.Client{Timeout: 2 * time.Second}
	everConnected := false
	ticker := time.NewTicker(readyInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		if r.stopping.Load() {
			continue
		}
		url := r.url
		if url == "" {
			url = r.quick.publicURL()
		}
		state := StateStarting
		if everConnected {
			state = StateReconnecting
		}
		if url != "" && ready(ctx, client, r.metricsAddr, r.quick.givenHostname()) {
			state, everConnected = StateConnected, true
		}
		reason := ""
		if state != StateConnected {
			reason = r.lastErr()
		}
		e.status.update(func(cur Status) Status {
			if cur.State == StateFailed || cur.State == StateStopped || r.stopping.Load() {
				return cur
			}
			return Status{State: state, URL: url, Error: reason}
		})
	}
}

// ready asks the status server at addr whether the tunnel has a live
// connection. For a quick tunnel, quickHost is the hostname the service gave
// cloudflared: the port was free when chosen, and until cloudflared listens
// on it any local process could, so an answer counts only from a server
// that knows that hostname, which only cloudflared has been told.
func ready(ctx context.Context, client *http.Client, addr, quickHost string) bool {
	if quickHost != "" {
		var named struct {
			Hostname string `json:"hostname"`
		}
		if !getJSON(ctx, client, "http://"+addr+"/quicktunnel", &named) || named.Hostname != quickHost {
			return false
		}
	}
	var body struct {
		ReadyConnections int `json:"readyConnections"`
	}
	return getJSON(ctx, client, "http://"+addr+"/ready", &body) && body.ReadyConnections > 0
}

// getJSON reports whether url answered 200 with JSON that decodes into v.
func getJSON(ctx context.Context, client *http.Client, url string, v any) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK && json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(v) == nil
}

// logFile is where cloudflared writes its log, for followLog to pass on.
// cloudflared opens its log file once per process and keeps writing to
// that file on later runs, so there is one for the whole process. The name
// is removed once cloudflared has it open (where the system allows); the
// file lives on, read through f.
type logFile struct {
	path string
	f    *os.File

	mu      sync.Mutex
	removed bool
}

// rewind empties the file before a run: earlier runs' lines were passed
// on then. cloudflared appends, so it writes from the start again.
func (l *logFile) rewind() error {
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("tunnel: %w", err)
	}
	if _, err := l.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("tunnel: %w", err)
	}
	return nil
}

var sharedLog = sync.OnceValues(func() (*logFile, error) {
	dir, err := os.MkdirTemp("", "assessbridge-tunnel-")
	if err != nil {
		return nil, fmt.Errorf("tunnel: %w", err)
	}
	path := filepath.Join(dir, "cloudflared.log")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("tunnel: %w", err)
	}
	return &logFile{path: path, f: f}, nil
})

// removeName deletes the file's name and folder once cloudflared writes to
// it. Systems that cannot delete an open file keep it until exit.
func (l *logFile) removeName() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.removed {
		return
	}
	l.removed = true
	if os.Remove(l.path) == nil {
		_ = os.Remove(filepath.Dir(l.path))
	}
}

// followLog passes each line cloudflared logs to the logger at debug level
// and remembers the last error for the status, until ctx is done.
func (e *embedded) followLog(ctx context.Context, r *run) {
	logs := r.logs
	reader := bufio.NewReader(logs.f)
	var partial strings.Builder
	for {
		// Pass on what is there; after ctx is done, one last time.
		finished := ctx.Err() != nil
		for {
			line, err := reader.ReadString('\n')
			partial.WriteString(line)
			if err != nil {
				break
			}
			logs.removeName()
			e.passOn(r, partial.String())
			partial.Reset()
		}
		if finished {
			e.passOn(r, partial.String())
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// passOn logs one of cloudflared's JSON log lines at debug level, with its
// fields, and keeps the last error it reports for the status.
func (e *embedded) passOn(r *run, line string) {
	line = strings.TrimSpace(e.scrub(line))
	if r.quick != nil {
		line = strings.ReplaceAll(line, r.quick.secret, "[secret]")
	}
	if line == "" {
		return
	}
	var fields map[string]any
	if err := json.Unmarshal([]byte(line), &fields); err != nil {
		e.log.Debug("cloudflared: " + line)
		return
	}
	message, _ := fields["message"].(string)
	level, _ := fields["level"].(string)
	reason, _ := fields["error"].(string)
	delete(fields, "message")
	delete(fields, "time")
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	attrs := make([]any, 0, 2*len(names))
	for _, name := range names {
		attrs = append(attrs, name, fields[name])
	}
	e.log.Debug("cloudflared: "+message, attrs...)
	// cloudflared follows some errors with lines of advice at error level;
	// only lines that carry an error say what went wrong.
	if (level == "error" || level == "fatal") && reason != "" {
		r.setLastErr(message + ": " + reason)
	}
}

// quickService stands between cloudflared and the quick-tunnel service, on
// a loopback port, for the one request cloudflared makes: it passes the
// request and the answer through unchanged, and keeps the hostname the
// service gave, or why it gave none. cloudflared itself reports a refusal
// only as an unreadable answer.
//
// Any local process can connect to a loopback port, and whoever answers
// names the public address the webhooks are pointed at. So it takes exactly
// one request, on a path only cloudflared is told, and stops listening as
// soon as that request arrives: the public address is fixed by that one
// answer.
type quickService struct {
	target string
	// secret is a random path segment only cloudflared is told. The one
	// path taken is "/"+secret+"/tunnel": cloudflared appends "/tunnel" to
	// the --quick-service URL it is given.
	secret string
	server *http.Server
	ln     net.Listener
	addr   string
	client *http.Client
	taken  atomic.Bool

	mu       sync.Mutex
	hostname string
	refusal  string
	closed   bool
}

func startQuickService(target string) (*quickService, error) {
	if _, err := publicURL(target); err != nil {
		return nil, fmt.Errorf("tunnel: the quick-tunnel service: %w", err)
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("tunnel: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("tunnel: %w", err)
	}
	q := &quickService{
		target: target,
		secret: hex.EncodeToString(secret),
		ln:     ln,
		addr:   ln.Addr().String(),
		client: &http.Client{Timeout: 20 * time.Second},
	}
	q.server = &http.Server{Handler: http.HandlerFunc(q.serveHTTP), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = q.server.Serve(ln) }()
	return q, nil
}

// url is what cloudflared is given as --quick-service; it asks url()+"/tunnel".
func (q *quickService) url() string { return "http://" + q.addr + "/" + q.secret }

func (q *quickService) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost ||
		subtle.ConstantTimeCompare([]byte(r.URL.Path), []byte("/"+q.secret+"/tunnel")) != 1 ||
		!q.taken.CompareAndSwap(false, true) {
		http.NotFound(w, r)
		return
	}
	// The one request: no new connection is accepted, and this one and any
	// other open one are closed once answered.
	_ = q.ln.Close()
	q.server.SetKeepAlivesEnabled(false)

	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, q.target+"/tunnel", nil)
	if err != nil {
		q.refuse(fmt.Sprintf("the quick-tunnel service %s: %v", q.target, err))
		http.Error(w, "bad service address", http.StatusBadGateway)
		return
	}
	for _, name := range []string{"Content-Type", "User-Agent", "Accept"} {
		if v := r.Header.Get(name); v != "" {
			req.Header.Set(name, v)
		}
	}
	resp, err := q.client.Do(req)
	if err != nil {
		q.refuse(fmt.Sprintf("the quick-tunnel service %s could not be reached: %v", q.target, err))
		http.Error(w, "quick-tunnel service unreachable", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		q.refuse(fmt.Sprintf("the quick-tunnel service %s: reading its answer: %v", q.target, err))
		http.Error(w, "quick-tunnel service answer cut short", http.StatusBadGateway)
		return
	}
	var answer struct {
		Result struct {
			Hostname string `json:"hostname"`
		} `json:"result"`
		Errors []struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	_ = json.Unmarshal(body, &answer)
	if resp.StatusCode == http.StatusOK && answer.Result.Hostname != "" {
		q.mu.Lock()
		if q.hostname == "" {
			q.hostname = answer.Result.Hostname
		}
		q.mu.Unlock()
	} else {
		var said []string
		for _, e := range answer.Errors {
			said = append(said, fmt.Sprintf("%s (code %d)", e.Message, e.Code))
		}
		if len(said) == 0 {
			said = append(said, snippet(body))
		}
		q.refuse(fmt.Sprintf("the quick-tunnel service %s refused to create a tunnel: %s: %s",
			q.target, resp.Status, strings.Join(said, "; ")))
	}
	for _, name := range []string{"Content-Type"} {
		if v := resp.Header.Get(name); v != "" {
			w.Header().Set(name, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(body)
}

func (q *quickService) refuse(reason string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.refusal = reason
	}
}

// publicURL is the quick tunnel's URL once the service has answered.
func (q *quickService) publicURL() string {
	if q == nil {
		return ""
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.hostname == "" {
		return ""
	}
	u, err := publicURL(withScheme(q.hostname))
	if err != nil {
		return ""
	}
	return u
}

// givenHostname is the hostname the service gave cloudflared, as it gave
// it; "" until then, and for a tunnel that is not a quick one.
func (q *quickService) givenHostname() string {
	if q == nil {
		return ""
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.hostname
}

// problem is why the service gave no tunnel, or "".
func (q *quickService) problem() string {
	if q == nil {
		return ""
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.refusal
}

func (q *quickService) close() {
	if q == nil {
		return
	}
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	_ = q.server.Close()
}

func snippet(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	if s == "" {
		return "no details"
	}
	return s
}
