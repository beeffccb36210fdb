// Package tunnel gives the webhook listener a public URL: a URL the user
// already has (Static), or an embedded cloudflared tunnel, either a quick
// tunnel without an account (Quick) or a named tunnel from a token (Named).
//
// Whichever it is, the app sees one Tunnel: it starts it, shows its Status
// and watches Updates, and re-points the webhooks whenever Status.URL
// changes.
package tunnel

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"
)

// State is where a tunnel is in its life.
type State string

// The states of a tunnel. A tunnel starts "stopped"; Start moves it to
// "starting", then "connected" once its public URL is known and it carries
// traffic. A lost connection makes it "reconnecting" until it is back.
// "failed" is final for that start, with Status.Error saying why; Start may
// be called again.
const (
	StateStarting     State = "starting"
	StateConnected    State = "connected"
	StateReconnecting State = "reconnecting"
	StateFailed       State = "failed"
	StateStopped      State = "stopped"
)

// Status is what the app shows about the tunnel.
type Status struct {
	State State
	// URL is the public base URL without a trailing slash, e.g.
	// "https://example.trycloudflare.com"; empty while unknown.
	URL string
	// Error says why the tunnel failed, or what the last connection
	// problem was while it is starting or reconnecting.
	Error string
	// Since is when the tunnel entered State (or its URL changed).
	Since time.Time
}

// Tunnel is a public URL for the webhook listener.
type Tunnel interface {
	// Start begins bringing the tunnel up and returns without waiting for
	// it to connect; progress and failures arrive in Status and Updates.
	// It returns an error only when the tunnel cannot even begin (a bad
	// URL or token, or another embedded tunnel already running); that
	// error is also in Status. ctx bounds starting only: the tunnel runs
	// until Stop.
	Start(ctx context.Context) error
	// Status is the tunnel's current status.
	Status() Status
	// Updates delivers each change of Status. It holds only the latest
	// status, so a slow reader skips stale ones and never holds up the
	// tunnel. It is never closed.
	Updates() <-chan Status
	// Stop brings the tunnel down cleanly and waits until it is down or
	// ctx is done. Stopping a tunnel that is not running is no error.
	Stop(ctx context.Context) error
}

// ErrBusy is returned by Start of a Quick or Named tunnel while another one
// runs in this process: cloudflared keeps process-wide state and can run
// only one tunnel at a time.
var ErrBusy = errors.New("tunnel: another embedded tunnel is already running in this process; stop it first")

// statusBox holds a tunnel's status and publishes every change.
type statusBox struct {
	mu      sync.Mutex
	current Status
	updates chan Status
}

func newStatusBox() *statusBox {
	return &statusBox{
		current: Status{State: StateStopped, Since: time.Now()},
		updates: make(chan Status, 1),
	}
}

func (b *statusBox) get() Status {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.current
}

// set records a new status and returns it.
func (b *statusBox) set(state State, url, reason string) Status {
	return b.update(func(Status) Status { return Status{State: state, URL: url, Error: reason} })
}

// update records the status f makes of the current one. Since moves when
// the state or the URL changes; a new Error alone keeps it.
func (b *statusBox) update(f func(Status) Status) Status {
	b.mu.Lock()
	defer b.mu.Unlock()
	next := f(b.current)
	next.Since = b.current.Since
	if next == b.current {
		return next
	}
	if next.State != b.current.State || next.URL != b.current.URL {
		next.Since = time.Now()
	}
	b.current = next
	// Latest wins: drop an unread older status, then send. The lock keeps
	// senders in order, so the send cannot block.
	select {
	case <-b.updates:
	default:
	}
	b.updates <- next
	return next
}

// publicURL checks a URL the user gave as the tunnel's public address: an
// absolute http or https URL with a host, no query or fragment. It returns
// the URL without a trailing slash.
func publicURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("tunnel: no public URL given")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("tunnel: %q is not a URL: %w", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", fmt.Errorf("tunnel: %q must start with https:// (or http://)", raw)
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("tunnel: %q has no host name", raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("tunnel: %q must not carry a user name or password", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("tunnel: %q must not have a query or fragment", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}
