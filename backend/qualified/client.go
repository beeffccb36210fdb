// Package qualified talks to Qualified's REST API: it lists assessments,
// invites candidates, reads results and manages webhook subscriptions. *Client
// implements backend.Provider.
package qualified

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
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// DefaultWebBaseURL is where invite paths and report links live when no other
// web base is given.
const DefaultWebBaseURL = "https://www.qualified.io"

// Retry policy: exponential backoff with full jitter. Four attempts bound the
// wait to a few seconds, short enough for a request handler to sit through.
const (
	maxAttempts = 4
	backoffBase = 250 * time.Millisecond
	backoffCap  = 5 * time.Second
	// pageLimit is the largest page Qualified serves; fewer pages, fewer calls.
	pageLimit = 100
	// maxBody bounds what is read from a response, so a broken proxy cannot
	// make the client buffer without end.
	maxBody = 10 << 20
)

var _ backend.Provider = (*Client)(nil)

// Client is a Qualified API client. It is safe for concurrent use.
type Client struct {
	baseURL    string
	webBaseURL string
	apiKey     string
	httpClient *http.Client

	requests atomic.Int64
	retries  atomic.Int64
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client used for every request.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithWebBaseURL sets the base that invite paths are relative to and that
// report links fall back to. It defaults to DefaultWebBaseURL.
func WithWebBaseURL(u string) Option {
	return func(c *Client) {
		if u != "" {
			c.webBaseURL = strings.TrimRight(u, "/")
		}
	}
}

// New returns a client for the API at baseURL (such as
// "https://www.qualified.io/api") authenticated with apiKey.
func New(baseURL, apiKey string, opts ...Option) *Client {
	c := &Client{
		baseURL:    strings.TrimRight(baseURL, "/"),
		webBaseURL: DefaultWebBaseURL,
		apiKey:     apiKey,
		httpClient: &http.Client{Timeout: 30 * time.Second},
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// Stats counts the client's traffic since it was created.
type Stats struct {
	// Requests is every HTTP attempt, retries included.
	Requests int64
	// Retries is the attempts that repeated an earlier one.
	Retries int64
}

// Stats returns the client's counters.
func (c *Client) Stats() Stats {
	return Stats{Requests: c.requests.Load(), Retries: c.retries.Load()}
}

// request is one API call. retryable marks calls that may be repeated after a
// server error or a lost connection without doing anything twice.
type request struct {
	method    string
	path      string
	query     url.Values
	body      any
	retryable bool
}

// do sends req, retrying where that is safe, and decodes a 2xx body into out
// (when out is not nil). Other statuses come back as *Error.
func (c *Client) do(ctx context.Context, req request, out any) error {
	var payload []byte
	if req.body != nil {
		b, err := json.Marshal(req.body)
		if err != nil {
			return fmt.Errorf("qualified: encode %s %s: %w", req.method, req.path, err)
		}
		payload = b
	}
	u := c.baseURL + req.path
	if len(req.query) > 0 {
		u += "?" + req.query.Encode()
	}

	var lastErr error
	for attempt := 0; attempt < maxAttempts; attempt++ {
		if attempt > 0 {
			c.retries.Add(1)
			if err := sleep(ctx, backoff(attempt)); err != nil {
				return fmt.Errorf("qualified: %s %s: %w (after %v)", req.method, req.path, err, lastErr)
			}
		}
		status, body, err := c.send(ctx, req.method, u, payload)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("qualified: %s %s: %w", req.method, req.path, ctx.Err())
			}
			lastErr = fmt.Errorf("qualified: %s %s: %w", req.method, req.path, err)
			// The request may have reached Qualified: only repeat what is safe.
			if req.retryable {
				continue
			}
			return lastErr
		}
		if status >= 200 && status < 300 {
			if out == nil || len(bytes.TrimSpace(body)) == 0 {
				return nil
			}
			if err := json.Unmarshal(body, out); err != nil {
				return fmt.Errorf("qualified: decode %s %s: %w", req.method, req.path, err)
			}
			return nil
		}
		apiErr := parseError(status, body)
		lastErr = apiErr
		// 429 means the request was refused before any work, so any method may
		// repeat it; a 5xx may have half-happened, so only safe calls do.
		if status == http.StatusTooManyRequests || (status >= 500 && req.retryable) {
			continue
		}
		return apiErr
	}
	return lastErr
}

func (c *Client) send(ctx context.Context, method, u string, payload []byte) (int, []byte, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	hr, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return 0, nil, err
	}
	hr.Header.Set("Authorization", c.apiKey)
	hr.Header.Set("Accept", "application/json")
	hr.Header.Set("User-Agent", "assessbridge")
	if payload != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	c.requests.Add(1)
	resp, err := c.httpClient.Do(hr)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, b, nil
}

// backoff is the wait before the given retry (1-based): it doubles from
// backoffBase up to backoffCap, and jitter over its upper half keeps many
// clients from retrying in step.
func backoff(attempt int) time.Duration {
	d := backoffBase << (attempt - 1)
	if d > backoffCap || d <= 0 {
		d = backoffCap
	}
	return d/2 + rand.N(d/2+1)
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

// listPage is the envelope of every Qualified list.
type listPage struct {
	Data        json.RawMessage `json:"data"`
	CurrentPage int             `json:"currentPage"`
	TotalPages  int             `json:"totalPages"`
	TotalCount  int             `json:"totalCount"`
}

// list fetches every page of a list endpoint and hands each page's items to
// add. It stops on the last page by totalPages, or on a short page when the
// API leaves totalPages out.
func list[T any](ctx context.Context, c *Client, path string, query url.Values, add func([]T)) error {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("limit", strconv.Itoa(pageLimit))
	for page := 1; ; page++ {
		q.Set("page", strconv.Itoa(page))
		var p listPage
		if err := c.do(ctx, request{method: http.MethodGet, path: path, query: q, retryable: true}, &p); err != nil {
			return err
		}
		var items []T
		if len(p.Data) > 0 && string(p.Data) != "null" {
			if err := json.Unmarshal(p.Data, &items); err != nil {
				return fmt.Errorf("qualified: decode GET %s: %w", path, err)
			}
		}
		add(items)
		if p.TotalPages > 0 {
			if page >= p.TotalPages {
				return nil
			}
		} else if len(items) < pageLimit {
			return nil
		}
		if len(items) == 0 {
			// A page past the end that still claims more would loop forever.
			return nil
		}
	}
}

// unwrap returns the object inside a {"data": {...}} envelope, or raw itself
// when the API answered with the bare object.
func unwrap(raw []byte) ([]byte, error) {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, err
	}
	d := bytes.TrimSpace(env.Data)
	if len(d) > 0 && d[0] == '{' {
		return d, nil
	}
	return raw, nil
}

// getObject GETs a single resource and decodes it, envelope or not, into out.
func (c *Client) getObject(ctx context.Context, path string, out any) error {
	var raw json.RawMessage
	if err := c.do(ctx, request{method: http.MethodGet, path: path, retryable: true}, &raw); err != nil {
		return err
	}
	return decodeObject(path, raw, out)
}

func decodeObject(path string, raw []byte, out any) error {
	obj, err := unwrap(raw)
	if err == nil {
		err = json.Unmarshal(obj, out)
	}
	if err != nil {
		return fmt.Errorf("qualified: decode %s: %w", path, err)
	}
	return nil
}

// errEmpty marks a 2xx answer without the object the call needs.
var errEmpty = errors.New("empty response")
