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
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/apicall"
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

// Client is a Qualified API client. It is safe for concurrent use. Its API
// key can be replaced while calls run (UseAPIKey), so one Client serves for
// as long as the app does; a call under way finishes with the key it
// started with.
type Client struct {
	baseURL    string
	webBaseURL string
	httpClient *http.Client
	api        *apicall.Caller
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
		httpClient: &http.Client{Timeout: 30 * time.Second},
	}
	for _, opt := range opts {
		opt(c)
	}
	c.api = apicall.New(apicall.Config{
		Name:        "qualified",
		Login:       c.login(apiKey),
		HTTPClient:  c.httpClient,
		DecodeError: func(status int, body []byte) error { return parseError(status, body) },
		MaxBody:     maxBody,
		Policy:      apicall.Policy{MaxAttempts: maxAttempts, BackoffBase: backoffBase, BackoffCap: backoffCap},
	})
	return c
}

// UseAPIKey signs every call from now on with apiKey.
func (c *Client) UseAPIKey(apiKey string) {
	c.api.SetLogin(c.login(apiKey))
}

func (c *Client) login(apiKey string) apicall.Login {
	return apicall.Login{BaseURL: c.baseURL, Authorize: func(_ context.Context, req *http.Request) error {
		// Qualified wants the raw key, no scheme.
		req.Header.Set("Authorization", apiKey)
		return nil
	}}
}

// Stats counts the client's traffic since it was created.
type Stats = apicall.Stats

// Stats returns the client's counters.
func (c *Client) Stats() Stats {
	return c.api.Stats()
}

// request is one API call. retryable states that sending the call twice ends
// as sending it once, so the request core may repeat it after a server error
// or a lost answer: reads, PUT and DELETE of a subscription, and invitations,
// which go with skip_email_resend so a repeat e-mails no one. Creating a
// subscription is not: a repeat makes a second one. (A 429 or a connection
// never made is repeated for any call; see package apicall.)
type request struct {
	method    string
	path      string
	query     url.Values
	body      any
	retryable bool
}

// do sends req through the request core and decodes a 2xx body into out
// (when out is not nil). Other statuses come back as *Error.
func (c *Client) do(ctx context.Context, req request, out any) error {
	rawQuery := ""
	if len(req.query) > 0 {
		rawQuery = req.query.Encode()
	}
	return c.api.Do(ctx, apicall.Call{
		Method: req.method, Path: req.path, RawQuery: rawQuery, Body: req.body,
		Repeatable: req.retryable,
	}, out)
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
