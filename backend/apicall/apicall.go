// Package apicall sends calls to a JSON API over HTTP. It is the one request
// core under the Lever and Qualified clients: it signs and paces each call,
// counts what was sent, decodes error answers the API's own way, and sends a
// call again only when sending it again cannot do anything twice.
//
// # When a call is sent again
//
// A write whose answer is lost may already have taken effect: a gateway's 502
// or 504, a timeout, a reset connection or a garbled body can all come after
// Lever stored a note or Qualified e-mailed a candidate. So a call is repeated
// in place (after a backoff with full jitter, within Policy.MaxAttempts) only
// when one of these holds:
//
//   - The answer was 429. The API refused the request before doing anything,
//     so any call may repeat it. With Config.Throttled set, the call is sent
//     again through Wait at once, and the pace (which Throttled slows for
//     every caller) decides when; otherwise after the call's own backoff.
//   - The connection was never made (refused, DNS lookup failed, no route):
//     the request never left this machine, so any call may repeat it.
//   - The answer was 401 and the Renew hook renewed the credentials. Once
//     per call, at once; a refused request did nothing.
//   - The call is Repeatable: sending it twice ends as sending it once (a
//     read, an idempotent PUT or DELETE, adding to or removing from a set,
//     an invitation the API will not e-mail twice), and the answer was a 5xx,
//     a timeout, a reset connection, or a 2xx whose body is not JSON.
//
// Any other failure of a write goes back to the caller as an error. The
// caller's job then first looks for what the failed attempt may have done
// (a note's marker line, a webhook by its URL) before writing again.
//
// A DELETE repeated after an attempt that may have done it, and answered
// 404, has done what was asked: it returns no error.
package apicall

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// Policy bounds how often and how patiently a call is repeated.
type Policy struct {
	// MaxAttempts is the most times one call is sent, the first included.
	MaxAttempts int
	// BackoffBase is the ceiling of the first wait; it doubles with each
	// retry up to BackoffCap. Each wait is uniform below its ceiling.
	BackoffBase time.Duration
	BackoffCap  time.Duration
}

// Login is where calls go and how they are signed. A Caller's login can be
// replaced while calls run (SetLogin); each call keeps the login it started
// with through all its attempts, so no retry mixes two logins.
type Login struct {
	// BaseURL is what every call's path is appended to.
	BaseURL string
	// Authorize puts the credentials on a request. An error (a login that
	// cannot be had) ends the call at once: repeating does not help.
	Authorize func(ctx context.Context, req *http.Request) error
	// Renew, when set, is told of a 401 with the request that was refused;
	// it returns true when fresh credentials make one more try worthwhile.
	Renew func(refused *http.Request) bool
}

// Config describes one API. Name, Login.BaseURL and DecodeError are
// required.
type Config struct {
	// Name prefixes every error, such as "lever".
	Name string
	// Login is the login calls start with.
	Login Login
	// HTTPClient sends the requests; nil means a client with a 30 s timeout.
	HTTPClient *http.Client
	// Wait, when set, blocks until the API's rate limit allows a request.
	Wait func(ctx context.Context) error
	// Throttled, when set, is told of each 429, so that the pace Wait keeps
	// backs off for every call sharing it rather than each call retrying
	// on its own: a call refused with 429 is then sent again with no
	// backoff of its own, through Wait.
	Throttled func()
	// DecodeError turns a non-2xx answer into the API's own error value.
	DecodeError func(status int, body []byte) error
	// MaxBody bounds what is read from an answer, so a broken proxy cannot
	// make the client buffer without end. Zero means 10 MiB.
	MaxBody int64
	Policy  Policy
}

// Call is one API call.
type Call struct {
	Method string
	// Path is appended to the base URL; RawQuery, already encoded, follows
	// a "?" when not empty.
	Path     string
	RawQuery string
	// Body, when not nil, is sent as JSON; a Raw body is sent as it is.
	Body any
	// Login, when not nil, is the login the call is sent with (as Caller.Login
	// gave it); nil means the Caller's login when the call starts.
	Login *Login
	// Repeatable states that sending the call twice ends as sending it once,
	// so it may be repeated after a 5xx or a lost answer. See the package
	// comment for the whole rule.
	Repeatable bool
}

// Raw is a Body sent as it is, with its own content type, such as a
// multipart upload.
type Raw struct {
	ContentType string
	Data        []byte
}

// Stats counts what a client has sent since it was made.
type Stats struct {
	// Requests is every HTTP attempt, retries included.
	Requests int64
	// Retries is attempts made after a failed one.
	Retries int64
	// RateLimited is answers with status 429.
	RateLimited int64
}

// ErrMalformed marks a 2xx answer whose body is not complete JSON, such as
// one cut short by a dropped connection.
var ErrMalformed = errors.New("the answer is not complete JSON")

// Caller sends calls to one API. It is safe for concurrent use.
type Caller struct {
	cfg   Config
	login atomic.Pointer[Login]

	backoffBase atomic.Int64
	backoffCap  atomic.Int64

	requests    atomic.Int64
	retries     atomic.Int64
	rateLimited atomic.Int64
}

// New returns a Caller for the API cfg describes.
func New(cfg Config) *Caller {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 10 << 20
	}
	if cfg.Policy.MaxAttempts < 1 {
		cfg.Policy.MaxAttempts = 1
	}
	c := &Caller{cfg: cfg}
	c.SetLogin(cfg.Login)
	c.SetBackoff(cfg.Policy.BackoffBase, cfg.Policy.BackoffCap)
	return c
}

// SetLogin makes l the login of every call that starts from now on. Calls
// already under way finish with the login they started with.
func (c *Caller) SetLogin(l Login) {
	l.BaseURL = strings.TrimRight(l.BaseURL, "/")
	c.login.Store(&l)
}

// Login returns the current login. Pass it in Call.Login to know, when the
// call ends, which login it was sent with.
func (c *Caller) Login() *Login {
	return c.login.Load()
}

// SetBackoff changes the backoff bounds, so tests of exhausted retries stay
// fast.
func (c *Caller) SetBackoff(base, ceil time.Duration) {
	c.backoffBase.Store(int64(base))
	c.backoffCap.Store(int64(ceil))
}

// Stats returns the counters.
func (c *Caller) Stats() Stats {
	return Stats{
		Requests:    c.requests.Load(),
		Retries:     c.retries.Load(),
		RateLimited: c.rateLimited.Load(),
	}
}

// Do sends call, repeating it only as the package comment says, and decodes
// a 2xx body into out when out is not nil. Any other answer comes back as
// DecodeError made it.
func (c *Caller) Do(ctx context.Context, call Call, out any) error {
	var body []byte
	contentType := ""
	if raw, ok := call.Body.(Raw); ok {
		body, contentType = raw.Data, raw.ContentType
	} else if call.Body != nil {
		var err error
		if body, err = json.Marshal(call.Body); err != nil {
			return fmt.Errorf("%s: encode %s %s: %w", c.cfg.Name, call.Method, call.Path, err)
		}
	}
	login := call.Login
	if login == nil {
		login = c.login.Load()
	}
	u := login.BaseURL + call.Path
	if call.RawQuery != "" {
		u += "?" + call.RawQuery
	}
	fail := func(err error) error {
		return fmt.Errorf("%s: %s %s: %w", c.cfg.Name, call.Method, call.Path, err)
	}

	var lastErr error
	renewed := false // the one retry after a 401 is spent
	now := false     // retry without backing off
	mayHaveHappened := false
	for attempt := range c.cfg.Policy.MaxAttempts {
		if attempt > 0 {
			c.retries.Add(1)
			if !now {
				if err := sleep(ctx, c.backoff(attempt-1)); err != nil {
					return fmt.Errorf("%s: %s %s: %w (last error: %v)", c.cfg.Name, call.Method, call.Path, err, lastErr)
				}
			}
		}
		now = false
		req, err := c.request(ctx, login, call.Method, u, body)
		if err != nil {
			return fail(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if c.cfg.Wait != nil {
			if err := c.cfg.Wait(ctx); err != nil {
				return fail(err)
			}
		}
		status, data, err := c.send(req)
		if err != nil {
			if ctx.Err() != nil {
				return fail(ctx.Err())
			}
			lastErr = fail(err)
			if NeverSent(err) {
				continue
			}
			if call.Repeatable {
				mayHaveHappened = true
				continue
			}
			return lastErr
		}
		if status >= 200 && status < 300 {
			if out == nil || len(bytes.TrimSpace(data)) == 0 {
				return nil
			}
			if !json.Valid(data) {
				// Checked before decoding so a retry starts from an untouched out.
				lastErr = fmt.Errorf("%s: decode %s %s: %w", c.cfg.Name, call.Method, call.Path, ErrMalformed)
				if call.Repeatable {
					mayHaveHappened = true
					continue
				}
				return lastErr
			}
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("%s: decode %s %s: %w", c.cfg.Name, call.Method, call.Path, err)
			}
			return nil
		}
		lastErr = c.cfg.DecodeError(status, data)
		switch {
		case status == http.StatusTooManyRequests:
			c.rateLimited.Add(1)
			if c.cfg.Throttled != nil && c.cfg.Wait != nil {
				c.cfg.Throttled()
				now = true
			}
			continue
		case status == http.StatusUnauthorized && !renewed && login.Renew != nil && login.Renew(req):
			renewed, now = true, true
			continue
		case status >= 500 && call.Repeatable:
			mayHaveHappened = true
			continue
		case status == http.StatusNotFound && call.Method == http.MethodDelete && mayHaveHappened:
			return nil
		}
		return lastErr
	}
	return lastErr
}

// request builds one attempt, with its credentials.
func (c *Caller) request(ctx context.Context, login *Login, method, u string, body []byte) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "assessbridge")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if login.Authorize != nil {
		if err := login.Authorize(ctx, req); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// send makes one HTTP attempt and reads the whole answer.
func (c *Caller) send(req *http.Request) (int, []byte, error) {
	c.requests.Add(1)
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBody))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, data, nil
}

// NeverSent reports whether err shows that a request never left this
// machine: the connection could not be made, or the host's name could not
// be looked up. Such a request may be sent again whatever it does.
func NeverSent(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// backoff is the full-jitter delay before retry n (0-based): uniform in
// [0, min(cap, base·2ⁿ)).
func (c *Caller) backoff(n int) time.Duration {
	base, ceil := time.Duration(c.backoffBase.Load()), time.Duration(c.backoffCap.Load())
	if n < 30 {
		if d := base << n; d > 0 && d < ceil {
			ceil = d
		}
	}
	if ceil <= 0 {
		return 0
	}
	return rand.N(ceil)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
