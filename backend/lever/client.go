// Package lever talks to the Lever Data API: it reads opportunities, stages,
// users and postings, changes tags, posts notes, manages webhooks, and parses
// and verifies the signed webhook deliveries Lever sends back. It signs in
// with an API key, or with OAuth tokens that it refreshes as Lever rotates them.
package lever

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
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

// Client is a Lever API client. It is safe for concurrent use.
type Client struct {
	baseURL    string
	apiKey     string
	httpClient *http.Client
	limiter    *Limiter
	tokens     TokenSource

	// Backoff bounds; fields so tests can shrink them.
	backoffBase time.Duration
	backoffCap  time.Duration

	requests    atomic.Int64
	retries     atomic.Int64
	rateLimited atomic.Int64
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

// New returns a client for the API at baseURL (such as DefaultBaseURL)
// authenticated with apiKey. Without WithLimiter it paces itself with a
// limiter of its own from NewLimiter(0, 0).
func New(baseURL, apiKey string, opts ...Option) *Client {
	c := &Client{
		baseURL:     strings.TrimRight(baseURL, "/"),
		apiKey:      apiKey,
		httpClient:  &http.Client{Timeout: 30 * time.Second},
		backoffBase: backoffBase,
		backoffCap:  backoffCap,
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.limiter == nil {
		c.limiter = NewLimiter(0, 0)
	}
	return c
}

// Stats counts what a Client has sent since it was made.
type Stats struct {
	// Requests is every HTTP attempt, retries included.
	Requests int64
	// Retries is attempts made after a failed one.
	Retries int64
	// RateLimited is answers with status 429.
	RateLimited int64
}

// Stats returns the client's counters.
func (c *Client) Stats() Stats {
	return Stats{
		Requests:    c.requests.Load(),
		Retries:     c.retries.Load(),
		RateLimited: c.rateLimited.Load(),
	}
}

// do sends one API call, retrying on 429, 5xx and (for GET only, since a
// lost answer to a POST may hide a change already made) network errors.
// offset is a pagination token, appended as Lever gave it. A 2xx body is
// decoded into out when out is not nil.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, offset string, in, out any) error {
	u := c.baseURL + path
	rawQuery := query.Encode()
	if offset != "" {
		if rawQuery != "" {
			rawQuery += "&"
		}
		rawQuery += "offset=" + offsetParam(offset)
	}
	if rawQuery != "" {
		u += "?" + rawQuery
	}
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("lever: encode %s %s: %w", method, path, err)
		}
	}

	var lastErr error
	refused := false // the one retry after a 401 is spent
	now := false     // retry without backing off
	for attempt := range maxAttempts {
		if attempt > 0 {
			c.retries.Add(1)
			if !now {
				if err := sleep(ctx, c.backoff(attempt-1)); err != nil {
					return fmt.Errorf("lever: %s %s: %w (last error: %v)", method, path, err, lastErr)
				}
			}
		}
		now = false
		// A token that cannot be had (a revoked login, a failed save) is not
		// a network error: retrying does not help.
		token := ""
		if c.tokens != nil {
			var err error
			if token, err = c.tokens.AccessToken(ctx); err != nil {
				return fmt.Errorf("lever: %s %s: access token: %w", method, path, err)
			}
		}
		if err := c.limiter.Wait(ctx); err != nil {
			return fmt.Errorf("lever: %s %s: %w", method, path, err)
		}
		status, data, err := c.send(ctx, method, u, body, token)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("lever: %s %s: %w", method, path, ctx.Err())
			}
			lastErr = fmt.Errorf("lever: %s %s: %w", method, path, err)
			if method == http.MethodGet {
				continue
			}
			return lastErr
		}
		if status == http.StatusTooManyRequests {
			c.rateLimited.Add(1)
		}
		if status >= 200 && status < 300 {
			if out == nil || len(bytes.TrimSpace(data)) == 0 {
				return nil
			}
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("lever: decode %s %s: %w", method, path, err)
			}
			return nil
		}
		lastErr = parseError(status, data)
		if status == http.StatusTooManyRequests || status >= 500 {
			continue
		}
		// An access token Lever refuses before its expiry (a revoked
		// login, a clock off by minutes) gets one refresh and one retry;
		// a revoked login then surfaces as ErrGrantRevoked.
		if inv, ok := c.tokens.(invalidator); ok && status == http.StatusUnauthorized && !refused {
			refused, now = true, true
			inv.Invalidate(token)
			continue
		}
		return lastErr
	}
	return lastErr
}

// send makes one HTTP attempt and reads the whole answer. A non-empty
// token is sent as Bearer, else the API key as Basic.
func (c *Client) send(ctx context.Context, method, u string, body []byte, token string) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "assessbridge")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	} else {
		req.SetBasicAuth(c.apiKey, "")
	}
	c.requests.Add(1)
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, data, nil
}

// backoff is the full-jitter delay before retry n (0-based): uniform in
// [0, min(cap, base·2ⁿ)).
func (c *Client) backoff(n int) time.Duration {
	ceil := c.backoffCap
	if n < 30 {
		if d := c.backoffBase << n; d > 0 && d < ceil {
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
			return nil, err
		}
		all = append(all, p.Data...)
		if !p.HasNext || p.Next == "" {
			return all, nil
		}
		if p.Next == offset {
			return nil, fmt.Errorf("lever: GET %s: pagination did not advance", path)
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
