// Package lever talks to the Lever Data API: it reads opportunities, stages,
// users and postings, changes tags, posts notes, manages webhooks, and parses
// and verifies the signed webhook deliveries Lever sends back. It signs in
// with an API key, or with OAuth tokens that it refreshes as Lever rotates them.
package lever

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/apicall"
)

// Base URLs of Lever's API. Tests and the demo point the client elsewhere.
const (
	DefaultBaseURL = "https://api.lever.co/v1"
	SandboxBaseURL = "https://api.sandbox.lever.co/v1"
)

// Retry policy: exponential backoff with full jitter. Lever sends no
// Retry-After on 429, so backing off on our own is the only option; six
// attempts wait at most about eight seconds in total.
const (
	maxAttempts = 6
	backoffBase = 250 * time.Millisecond
	backoffCap  = 8 * time.Second
	// pageLimit is the largest page Lever serves; fewer pages, fewer calls
	// against the rate limit.
	pageLimit = 100
	// maxBody bounds what is read from a response, so a broken proxy cannot
	// make the client buffer without end.
	maxBody = 32 << 20
)

// TokenSource hands out OAuth access tokens. A client with a TokenSource
// sends "Authorization: Bearer" instead of the API key.
type TokenSource interface {
	AccessToken(ctx context.Context) (string, error)
}

// invalidator is a TokenSource that can be told Lever refused a token, so
// the next one is fresh. OAuthTokenSource is one.
type invalidator interface {
	Invalidate(accessToken string)
}

// Client is a Lever API client. It is safe for concurrent use. Its login
// (an API key, or an OAuth login, and the API it opens) can be replaced
// while calls run, so one Client serves for as long as the app does; a
// call under way finishes with the login it started with.
type Client struct {
	httpClient *http.Client
	limiter    *Limiter
	// tokens is the OAuth login New starts with (WithTokenSource).
	tokens TokenSource
	// loginRefused, when set, hears of Lever refusing the current login.
	loginRefused func(error)
	api          *apicall.Caller
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client used for every request.
func WithHTTPClient(h *http.Client) Option {
	return func(c *Client) {
		if h != nil {
			c.httpClient = h
		}
	}
}

// WithLimiter makes the client wait on l before each request. Lever's bucket
// is per key, so every Client using the same key should share one Limiter.
func WithLimiter(l *Limiter) Option {
	return func(c *Client) {
		if l != nil {
			c.limiter = l
		}
	}
}

// WithTokenSource authenticates with OAuth access tokens from ts instead of
// the API key.
func WithTokenSource(ts TokenSource) Option {
	return func(c *Client) { c.tokens = ts }
}

// WithLoginRefused has fn told, with Lever's answer, each time Lever
// refuses the client's login (a 401 that a fresh token does not cure, or a
// revoked OAuth grant). A refusal of a login already replaced is not told:
// it says nothing of the current one.
func WithLoginRefused(fn func(err error)) Option {
	return func(c *Client) { c.loginRefused = fn }
}

// ErrNotConnected is what a client without a login returns, without
// calling Lever: it was made without one, or told to Disconnect.
var ErrNotConnected = errors.New("lever: not connected")

// New returns a client for the API at baseURL (such as DefaultBaseURL)
// authenticated with apiKey, or with WithTokenSource's tokens. With
// neither it starts without a login (see ErrNotConnected). Without
// WithLimiter it paces itself with a limiter of its own from
// NewLimiter(0, 0).
func New(baseURL, apiKey string, opts ...Option) *Client {
	c := &Client{httpClient: &http.Client{Timeout: 30 * time.Second}}
	for _, opt := range opts {
		opt(c)
	}
	if c.limiter == nil {
		c.limiter = NewLimiter(0, 0)
	}
	c.api = apicall.New(apicall.Config{
		Name:        "lever",
		HTTPClient:  c.httpClient,
		Wait:        c.limiter.Wait,
		Throttled:   c.limiter.Throttled,
		DecodeError: func(status int, body []byte) error { return parseError(status, body) },
		MaxBody:     maxBody,
		Policy:      apicall.Policy{MaxAttempts: maxAttempts, BackoffBase: backoffBase, BackoffCap: backoffCap},
	})
	if c.tokens != nil {
		c.UseLogin(baseURL, c.tokens)
	} else {
		c.UseAPIKey(baseURL, apiKey)
	}
	return c
}

// UseAPIKey signs every call from now on with apiKey, sent to the API at
// baseURL (such as DefaultBaseURL or SandboxBaseURL). An empty key leaves
// the client without a login, as Disconnect does.
func (c *Client) UseAPIKey(baseURL, apiKey string) {
	if apiKey == "" {
		c.disconnect(baseURL)
		return
	}
	c.api.SetLogin(apicall.Login{BaseURL: baseURL, Authorize: func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth(apiKey, "")
		return nil
	}})
}

// UseLogin signs every call from now on with OAuth access tokens from ts,
// sent to the API at baseURL.
func (c *Client) UseLogin(baseURL string, ts TokenSource) {
	c.api.SetLogin(apicall.Login{BaseURL: baseURL, Authorize: bearer(ts), Renew: renewer(ts)})
}

// Disconnect drops the login: calls from now on fail with ErrNotConnected
// until UseAPIKey or UseLogin.
func (c *Client) Disconnect() {
	c.disconnect(c.api.Login().BaseURL)
}

func (c *Client) disconnect(baseURL string) {
	c.api.SetLogin(apicall.Login{BaseURL: baseURL, Authorize: func(context.Context, *http.Request) error {
		return ErrNotConnected
	}})
}

// Stats counts what a Client has sent since it was made.
type Stats = apicall.Stats

// Stats returns the client's counters.
func (c *Client) Stats() Stats {
	return c.api.Stats()
}

// safeToRepeat states, for every call this client makes, whether sending it
// a second time ends as sending it once, so the request core may repeat it
// after a 5xx or a lost answer (apicall's package comment has the whole
// rule; a 429 or a connection never made is repeated for any call):
//
//   - GET: a read.
//   - PUT /webhooks: sets the webhooks' URL to the same value again.
//   - DELETE /webhooks/:id: a second delete changes nothing more.
//   - POST /opportunities/:id/addTags and /removeTags: an opportunity's tags
//     are a set; adding or removing the same tags twice ends the same.
//   - POST /opportunities/:id/notes: NOT safe, a second POST is a second note.
//   - PUT /opportunities/:id/stage and /archived: NOT safe, a second move or
//     archive fires a second webhook and lands in Lever's history twice
//     (and may undo a recruiter's move made in between); the job reads the
//     opportunity instead.
//   - POST /webhooks: NOT safe, a second POST is a second webhook, signed
//     with a token the app never sees.
//   - POST /opportunities/:id/files, /opportunities/:id/feedback and
//     /feedback_templates: NOT safe, a second POST is a second file, form
//     or template; the job looks for it first (report.go).
//
// What is not safe goes back to the job, which looks for what the failed
// attempt did before writing again.
func safeToRepeat(method, path string) bool {
	switch method {
	case http.MethodPut:
		return !strings.HasSuffix(path, "/stage") && !strings.HasSuffix(path, "/archived")
	case http.MethodGet, http.MethodHead, http.MethodDelete:
		return true
	case http.MethodPost:
		return strings.HasSuffix(path, "/addTags") || strings.HasSuffix(path, "/removeTags")
	}
	return false
}

// do sends one API call through the request core, which repeats it only
// where safeToRepeat (or a 429, or a connection never made) allows.
// offset is a pagination token, appended as Lever gave it. A 2xx body is
// decoded into out when out is not nil. A call that Lever refused for its
// login, or that had none, returns an error wrapping
// backend.ErrLeverLoginNeeded: work that needs Lever waits for a reconnect.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, offset string, in, out any) error {
	rawQuery := query.Encode()
	if offset != "" {
		if rawQuery != "" {
			rawQuery += "&"
		}
		rawQuery += "offset=" + offsetParam(offset)
	}
	login := c.api.Login()
	err := c.api.Do(ctx, apicall.Call{
		Method: method, Path: path, RawQuery: rawQuery, Body: in,
		Repeatable: safeToRepeat(method, path), Login: login,
	}, out)
	refused := IsUnauthorized(err) || errors.Is(err, ErrGrantRevoked)
	if !refused && !errors.Is(err, ErrNotConnected) {
		return err
	}
	if refused && c.loginRefused != nil && c.api.Login() == login {
		c.loginRefused(err)
	}
	return fmt.Errorf("%w: %w", backend.ErrLeverLoginNeeded, err)
}

// bearer signs a request with an access token from ts. A token that cannot
// be had (a revoked login, a failed save) is not a network error:
// repeating does not help.
func bearer(ts TokenSource) func(context.Context, *http.Request) error {
	return func(ctx context.Context, req *http.Request) error {
		token, err := ts.AccessToken(ctx)
		if err != nil {
			return fmt.Errorf("access token: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

// renewer is told of a 401. An access token Lever refuses before its
// expiry (a revoked login, a clock off by minutes) gets one refresh and one
// retry; a revoked login then surfaces as ErrGrantRevoked.
func renewer(ts TokenSource) func(*http.Request) bool {
	inv, ok := ts.(invalidator)
	if !ok {
		return nil
	}
	return func(refused *http.Request) bool {
		token, ok := strings.CutPrefix(refused.Header.Get("Authorization"), "Bearer ")
		if !ok {
			return false
		}
		inv.Invalidate(token)
		return true
	}
}

// offsetParam returns Lever's pagination token ready for a query string.
// Lever's tokens come already percent-encoded and must be sent verbatim;
// encoding them again breaks them. A token with characters that cannot
// stand in a query unescaped is escaped instead.
func offsetParam(token string) string {
	for i := 0; i < len(token); i++ {
		b := token[i]
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case b == '-', b == '_', b == '.', b == '~':
		case b == '%' && i+2 < len(token) && isHex(token[i+1]) && isHex(token[i+2]):
		default:
			return url.QueryEscape(token)
		}
	}
	return token
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

// page is one page of a Lever list.
type page[T any] struct {
	Data    []T    `json:"data"`
	HasNext bool   `json:"hasNext"`
	Next    string `json:"next"`
}

// list fetches every page of a list. Lever's offset tokens can go stale
// mid-walk ("Invalid offset token"); the walk then starts over once.
func list[T any](ctx context.Context, c *Client, path string, query url.Values) ([]T, error) {
	all, _, err := listUpTo[T](ctx, c, path, query, 0)
	return all, err
}

// listUpTo reads pages until it holds at least upTo items (0: all of them),
// and says whether Lever has more.
func listUpTo[T any](ctx context.Context, c *Client, path string, query url.Values, upTo int) ([]T, bool, error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("limit", fmt.Sprint(pageLimit))
	var all []T
	offset := ""
	restarted := false
	for {
		var p page[T]
		if err := c.do(ctx, http.MethodGet, path, q, offset, nil, &p); err != nil {
			if offset != "" && !restarted && isInvalidOffset(err) {
				restarted = true
				all, offset = nil, ""
				continue
			}
			return nil, false, err
		}
		all = append(all, p.Data...)
		if !p.HasNext || p.Next == "" {
			return all, false, nil
		}
		if upTo > 0 && len(all) >= upTo {
			return all, true, nil
		}
		if p.Next == offset {
			return nil, false, fmt.Errorf("lever: GET %s: pagination did not advance", path)
		}
		offset = p.Next
	}
}

func isInvalidOffset(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusBadRequest &&
		strings.Contains(strings.ToLower(e.Message), "invalid offset token")
}

// data unwraps Lever's {"data": ...} envelope around single resources.
type data[T any] struct {
	Data T `json:"data"`
}
