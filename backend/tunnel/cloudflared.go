package tunnel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cloudflare/cloudflared/cmd/cloudflared/cliutil"
	cftunnel "github.com/cloudflare/cloudflared/cmd/cloudflared/tunnel"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/urfave/cli/v2"
)

// cloudflaredVersion is the cloudflared release that go.mod's pseudo-version
// of github.com/cloudflare/cloudflared was cut from. cloudflared reports it
// to Cloudflare, which turns away connectors that are too old: keep it in
// step when upgrading the module.
const cloudflaredVersion = "2025.11.1"

// DefaultQuickService is where cloudflared asks for quick tunnels.
const DefaultQuickService = "https://api.trycloudflare.com"

// gracePeriod is how long a stopping tunnel lets requests in flight finish
// (cloudflared's own default is 30 s).
const gracePeriod = 3 * time.Second

// QuickOptions configure a quick tunnel.
type QuickOptions struct {
	// ServiceURL is the quick-tunnel service; DefaultQuickService when empty.
	ServiceURL string
	// Logger receives cloudflared's own log at debug level.
	Logger *slog.Logger
}

// NamedOptions configure a named tunnel.
type NamedOptions struct {
	// Hostname is the public hostname the user routed to this tunnel in
	// Cloudflare, e.g. "hooks.example.com"; it makes Status.URL.
	Hostname string
	// Logger receives cloudflared's own log at debug level.
	Logger *slog.Logger
}

// Quick returns a cloudflared quick tunnel to origin (the webhook listener,
// e.g. "http://127.0.0.1:8766"): no Cloudflare account, a new random
// https://….trycloudflare.com URL on every start, and no uptime promise.
//
// cloudflared runs inside this process and keeps process-wide state: only
// one Quick or Named tunnel can run at a time (Start returns ErrBusy), and
// while it runs it also listens for SIGINT and SIGTERM, which stop the
// tunnel. Besides going to the Logger, cloudflared's log lines are also
// written to standard error: its console output cannot be redirected.
func Quick(origin string, opts QuickOptions) Tunnel {
	service := strings.TrimRight(opts.ServiceURL, "/")
	if service == "" {
		service = DefaultQuickService
	}
	return newEmbedded("quick tunnel", origin, opts.Logger, func(e *embedded) {
		e.quickService = service
	})
}

// Named returns a cloudflared named tunnel run from its token, with a
// stable public hostname. The tunnel's public hostname must route to
// origin; for a tunnel managed in the Cloudflare dashboard that route is
// set there. The same one-at-a-time limit as Quick applies.
func Named(token, origin string, opts NamedOptions) Tunnel {
	return newEmbedded("named tunnel", origin, opts.Logger, func(e *embedded) {
		e.named = true
		e.token = strings.TrimSpace(token)
		e.hostname = opts.Hostname
	})
}

// embedded is a tunnel run by cloudflared inside this process.
type embedded struct {
	kind         string
	named        bool
	origin       string
	quickService string // quick tunnels
	token        string // named tunnels
	hostname     string // named tunnels
	log          *slog.Logger
	status       *statusBox

	mu  sync.Mutex
	run *run
}

// run is one start of cloudflared, until it returns.
type run struct {
	shutdown    chan struct{} // cloudflared's graceful shutdown channel
	stopping    atomic.Bool
	ended       atomic.Bool // cloudflared has returned: done is moments away
	done        chan struct{}
	quick       *quickService
	metricsAddr string
	logs        *logFile
	url         string // known up front for named tunnels

	mu        sync.Mutex
	lastError string
	crashed   string // why the run ended in a panic, or ""
}

func newEmbedded(kind, origin string, logger *slog.Logger, configure func(*embedded)) *embedded {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	e := &embedded{kind: kind, origin: origin, log: logger, status: newStatusBox()}
	configure(e)
	return e
}

func (e *embedded) Status() Status { return e.status.get() }

func (e *embedded) Updates() <-chan Status { return e.status.updates }

func (e *embedded) Start(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.run != nil {
		if e.run.ended.Load() {
			// Its status already says how it ended, so a start asked for now
			// must not be taken for "already running": wait out its last steps.
			<-e.run.done
		}
		select {
		case <-e.run.done:
		default:
			if e.run.stopping.Load() {
				return errors.New("tunnel: still stopping; start it again once Stop has returned")
			}
			return nil // already running
		}
	}
	r, args, err := e.prepare()
	if err != nil {
		e.status.set(StateFailed, "", err.Error())
		return err
	}
	if err := claim(e); err != nil {
		r.quick.close()
		e.status.set(StateFailed, "", err.Error())
		return err
	}
	if err := r.logs.rewind(); err != nil {
		release(e)
		r.quick.close()
		e.status.set(StateFailed, "", err.Error())
		return err
	}
	e.run = r
	e.status.set(StateStarting, r.url, "")
	go e.serve(r, args)
	return nil
}

// prepare checks the settings and builds cloudflared's command line.
func (e *embedded) prepare() (*run, []string, error) {
	origin, err := originURL(e.origin)
	if err != nil {
		return nil, nil, err
	}
	metricsAddr, err := freeLoopbackAddr()
	if err != nil {
		return nil, nil, fmt.Errorf("tunnel: no free local port for cloudflared's status server: %w", err)
	}
	logs, err := sharedLog()
	if err != nil {
		return nil, nil, err
	}

	r := &run{shutdown: make(chan struct{}), done: make(chan struct{}), metricsAddr: metricsAddr, logs: logs}
	args := []string{"cloudflared", "tunnel",
		"--no-autoupdate",
		"--config=", // never read a cloudflared config file of the user's
		"--metrics", metricsAddr,
		"--logfile", logs.path,
		"--loglevel", "info",
		"--transport-loglevel", "warn",
		"--grace-period", gracePeriod.String(),
		// HTTP/2 over TCP, not QUIC: the quic-go this module builds with
		// (v0.52.0; cloudflared does not build with a fixed one) has a
		// client panic a misbehaving server can set off (GHSA-47m2-4cr7-mhcw),
		// in a goroutine nobody can recover. Over HTTP/2 quic-go never runs.
		"--protocol", "http2",
	}
	if e.named {
		if _, err := cftunnel.ParseToken(e.token); err != nil {
			return nil, nil, errors.New("tunnel: the tunnel token is not valid; copy it again from the Cloudflare dashboard")
		}
		if r.url, err = publicURL(withScheme(e.hostname)); err != nil {
			return nil, nil, fmt.Errorf("tunnel: the named tunnel's public hostname: %w", err)
		}
		args = append(args, "run", "--token", e.token, "--url", origin)
		return r, args, nil
	}
	if r.quick, err = startQuickService(e.quickService); err != nil {
		return nil, nil, err
	}
	args = append(args, "--quick-service", r.quick.url(), "--url", origin)
	return r, args, nil
}

// serve runs cloudflared until it returns, keeping the status current.
func (e *embedded) serve(r *run, args []string) {
	// Deferred calls run last first: the engine is released before done is
	// closed, so a tunnel started once Stop has returned finds it free.
	defer close(r.done)
	defer release(e)
	watchCtx, stopWatching := context.WithCancel(context.Background())
	var watchers sync.WaitGroup
	watchers.Add(2)
	go func() {
		defer watchers.Done()
		e.guard(r, "following cloudflared's log", func() { e.followLog(watchCtx, r) })
	}()
	go func() {
		defer watchers.Done()
		e.guard(r, "watching the connection", func() { e.watchReady(watchCtx, r) })
	}()

	var err error
	e.guard(r, "cloudflared", func() { err = runTunnel(args, r.shutdown) })

	stopWatching()
	watchers.Wait()
	r.quick.close()
	r.ended.Store(true)
	defer afterFinalStatus()
	if r.stopping.Load() {
		e.status.set(StateStopped, "", "")
		return
	}
	reason := r.crash()
	if reason == "" {
		reason = r.quick.problem()
	}
	if reason == "" && err != nil {
		reason = "cloudflared: " + e.scrub(err.Error())
	}
	if reason == "" {
		reason = "cloudflared stopped on its own"
		if last := r.lastErr(); last != "" {
			reason += " after: " + last
		}
	}
	e.log.Debug("tunnel failed", "kind", e.kind, "reason", reason)
	e.status.set(StateFailed, "", reason)
}

// afterFinalStatus runs between a run's final status and the release of
// the engine; tests widen that moment with it.
var afterFinalStatus = func() {}

// crashReason is the status shown after a panic: the recruiter can do
// nothing with a Go stack, which goes to the log instead.
const crashReason = "the tunnel stopped after an internal error in cloudflared (details are in the log)"

// guard runs f, one of the goroutines this package runs around cloudflared,
// and turns a panic in it into a failed tunnel instead of a crashed app:
// it logs the panic with its stack and stops cloudflared, so serve reports
// the tunnel failed. Panics in the goroutines cloudflared and quic-go start
// themselves are out of its reach: Go cannot recover them from outside.
func (e *embedded) guard(r *run, what string, f func()) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		e.log.Error("tunnel: panic", "kind", e.kind, "in", what,
			"panic", e.scrub(fmt.Sprint(p)), "stack", e.scrub(string(debug.Stack())))
		r.mu.Lock()
		if r.crashed == "" {
			r.crashed = crashReason
		}
		r.mu.Unlock()
		closeQuietly(r.shutdown)
	}()
	f()
}

func (r *run) crash() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.crashed
}

func (e *embedded) Stop(ctx context.Context) error {
	e.mu.Lock()
	r := e.run
	e.mu.Unlock()
	if r == nil {
		if e.status.get().State != StateStopped {
			e.status.set(StateStopped, "", "")
		}
		return nil
	}
	select {
	case <-r.done:
		e.status.set(StateStopped, "", "")
		return nil
	default:
	}
	r.stopping.Store(true)
	closeQuietly(r.shutdown)
	r.quick.close() // cuts a quick-tunnel request in flight short
	select {
	case <-r.done:
		// cloudflared may have failed on its own just before: once stopped
		// by the user, the tunnel says stopped, not failed.
		if e.status.get().State != StateStopped {
			e.status.set(StateStopped, "", "")
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("tunnel: cloudflared did not stop in time: %w", ctx.Err())
	}
}

func (e *embedded) scrub(s string) string {
	if e.token != "" {
		s = strings.ReplaceAll(s, e.token, "[token]")
	}
	return s
}

func (r *run) setLastErr(s string) {
	r.mu.Lock()
	r.lastError = s
	r.mu.Unlock()
}

func (r *run) lastErr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lastError
}

// The process-wide state cloudflared needs: one run at a time, one build
// description, and a fresh metrics registry for every run but the first.
var engine struct {
	mu    sync.Mutex
	owner *embedded
	runs  int
}

func claim(e *embedded) error {
	engine.mu.Lock()
	defer engine.mu.Unlock()
	if engine.owner != nil && engine.owner != e {
		return ErrBusy
	}
	engine.owner = e
	return nil
}

func release(e *embedded) {
	engine.mu.Lock()
	defer engine.mu.Unlock()
	if engine.owner == e {
		engine.owner = nil
	}
}

var buildInfo = sync.OnceValue(func() *cliutil.BuildInfo {
	// cloudflared's main sets this to work around quic-go's ECN detection.
	if _, set := os.LookupEnv("QUIC_GO_DISABLE_ECN"); !set {
		_ = os.Setenv("QUIC_GO_DISABLE_ECN", "1")
	}
	return cliutil.GetBuildInfo("", cloudflaredVersion)
})

// runTunnel runs cloudflared with args until it returns or shutdown is
// closed; tests put a stand-in here.
var runTunnel = runCloudflared

// runCloudflared runs cloudflared's tunnel command as its main would, but
// with errors returned instead of exiting the process, and without its
// help and usage output.
func runCloudflared(args []string, shutdown chan struct{}) error {
	engine.mu.Lock()
	engine.runs++
	if engine.runs > 1 {
		// Each run registers some metrics in Prometheus' default registry;
		// a second registration of the same name panics.
		registry := prometheus.NewRegistry()
		prometheus.DefaultRegisterer, prometheus.DefaultGatherer = registry, registry
	}
	engine.mu.Unlock()

	cftunnel.Init(buildInfo(), shutdown)
	app := &cli.App{
		Name:           "cloudflared",
		Version:        cloudflaredVersion,
		Commands:       cftunnel.Commands(),
		Writer:         io.Discard,
		ErrWriter:      io.Discard,
		ExitErrHandler: func(*cli.Context, error) {},
	}
	return app.RunContext(context.Background(), args)
}

// closeQuietly closes cloudflared's shutdown channel, which cloudflared
// itself closes on SIGINT or SIGTERM.
func closeQuietly(c chan struct{}) {
	defer func() { _ = recover() }()
	select {
	case <-c:
	default:
		close(c)
	}
}

// originURL checks the address the tunnel forwards to.
func originURL(raw string) (string, error) {
	u, err := publicURL(raw)
	if err != nil {
		return "", fmt.Errorf("tunnel: the local address to forward to: %w", err)
	}
	return u, nil
}

func withScheme(host string) string {
	host = strings.TrimSpace(host)
	if host != "" && !strings.Contains(host, "://") {
		return "https://" + host
	}
	return host
}

func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}
