package app

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/qualified"
)

// connections holds the one Lever client and the one Qualified client that
// the engine, the registrar and Setup all use, and what Setup shows of
// them. Connecting again swaps a client's login in place, so whoever holds
// a client follows the new login from its next call.
type connections struct {
	lever     *lever.Client
	qualified *qualified.Client
	// limiter is shared by every Lever client, the ones Setup makes to check
	// a key included: Lever's bucket is per account.
	limiter *lever.Limiter

	mu       sync.RWMutex
	leverKey bool
	leverEnv string
	// leverMethod is "apiKey" or "oauth".
	leverMethod string
	qualKey     bool
	// leverAuthErr is set when Lever stops accepting the login; work that
	// needs Lever waits until the recruiter reconnects.
	leverAuthErr string
	// onAuthFailed is told the first time Lever refuses the login.
	onAuthFailed func()
}

// newConnections makes the two clients, with no login yet: leverURL is
// Lever's API, qual the Qualified client.
func newConnections(leverURL string, limiter *lever.Limiter, qual *qualified.Client) *connections {
	c := &connections{limiter: limiter, qualified: qual}
	c.lever = lever.New(leverURL, "", lever.WithLimiter(limiter), lever.WithLoginRefused(c.loginRefused))
	return c
}

// loginRefused remembers Lever's refusal of the login for Setup.
func (c *connections) loginRefused(err error) {
	c.mu.Lock()
	first := c.leverAuthErr == ""
	c.leverAuthErr = "Lever no longer accepts assessbridge's login (" + err.Error() + "). Connect Lever again; waiting work resumes then."
	notify := c.onAuthFailed
	c.mu.Unlock()
	if first && notify != nil {
		notify()
	}
}

func (c *connections) method() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.leverMethod
}

func (c *connections) authError() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.leverAuthErr
}

// useLeverKey connects Lever with an API key (none: not connected) at url,
// the API of environment env.
func (c *connections) useLeverKey(url, key, env string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lever.UseAPIKey(url, key)
	c.leverKey, c.leverEnv, c.leverAuthErr, c.leverMethod = key != "", env, "", "apiKey"
}

// useLeverLogin connects Lever with an OAuth login at url, the API of
// environment env.
func (c *connections) useLeverLogin(url string, ts lever.TokenSource, env string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lever.UseLogin(url, ts)
	c.leverKey, c.leverEnv, c.leverAuthErr, c.leverMethod = true, env, "", "oauth"
}

// disconnectLever drops the Lever login; the environment stays.
func (c *connections) disconnectLever() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lever.Disconnect()
	c.leverKey, c.leverAuthErr, c.leverMethod = false, "", "apiKey"
}

// useQualifiedKey connects Qualified with an API key (none: not connected).
func (c *connections) useQualifiedKey(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.qualified.UseAPIKey(key)
	c.qualKey = key != ""
}

func (c *connections) state() (leverOK bool, env string, qualOK bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.leverKey, c.leverEnv, c.qualKey
}

// explainLever turns a failed check of a Lever key into a sentence for the recruiter.
func explainLever(err error, env, url string) string {
	var le *lever.Error
	switch {
	case errors.As(err, &le) && le.StatusCode == http.StatusUnauthorized:
		return fmt.Sprintf("Lever refused this API key. Check that it was copied whole and that it belongs to your %s account.", env)
	case errors.As(err, &le) && le.StatusCode == http.StatusForbidden:
		return "This API key lacks a permission assessbridge needs. In Lever (Settings → Integrations and API → API Credentials) allow it: Opportunities (read and write), Notes (write), Stages, Postings, Users, Tags and Webhooks."
	case errors.As(err, &le):
		return fmt.Sprintf("Lever answered with an error (%d %s): %s", le.StatusCode, le.Code, le.Message)
	}
	return fmt.Sprintf("Lever could not be reached at %s. Check the internet connection. (%s)", url, networkReason(err))
}

// explainQualified turns a failed check of a Qualified key into a sentence.
func explainQualified(err error, url string) string {
	var qe *qualified.Error
	switch {
	case errors.As(err, &qe) && qe.StatusCode == http.StatusUnauthorized:
		return "Qualified refused this API key. Copy it again from Qualified (Account → Integrations → API)."
	case errors.As(err, &qe) && qe.StatusCode == http.StatusForbidden:
		return "This Qualified account cannot use the API. The API and webhooks come with Qualified's custom plans: ask Qualified to enable them."
	case errors.As(err, &qe):
		return fmt.Sprintf("Qualified answered with an error (%d): %s", qe.StatusCode, qe.Message)
	}
	return fmt.Sprintf("Qualified could not be reached at %s. Check the internet connection. (%s)", url, networkReason(err))
}

func networkReason(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}
