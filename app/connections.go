package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/webhook"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// connections holds the current Lever and Qualified clients. Setup can swap
// them while the app runs; the engine always talks through the current ones.
type connections struct {
	mu       sync.RWMutex
	lever    *lever.Client
	leverKey bool
	leverEnv string
	// leverMethod is "apiKey" or "oauth".
	leverMethod string
	qualified   *qualified.Client
	qualKey     bool
	// limiter is shared by every Lever client: Lever's bucket is per account.
	limiter *lever.Limiter
	// leverAuthErr is set when Lever stops accepting the login; work that
	// needs Lever waits until the recruiter reconnects.
	leverAuthErr string
	// onAuthFailed is told the first time Lever refuses the login.
	onAuthFailed func()
}

// check turns Lever's refusal of the login into backend.ErrLeverLoginNeeded,
// and remembers it for Setup.
func (c *connections) check(err error) error {
	if !loginRefused(err) {
		return err
	}
	c.mu.Lock()
	first := c.leverAuthErr == ""
	c.leverAuthErr = "Lever no longer accepts assessbridge's login (" + err.Error() + "). Connect Lever again; waiting work resumes then."
	notify := c.onAuthFailed
	c.mu.Unlock()
	if first && notify != nil {
		notify()
	}
	return fmt.Errorf("%w: %v", backend.ErrLeverLoginNeeded, err)
}

func loginRefused(err error) bool {
	return lever.IsUnauthorized(err) || errors.Is(err, lever.ErrGrantRevoked)
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

func (c *connections) currentLever() *lever.Client {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.lever
}

func (c *connections) currentQualified() *qualified.Client {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.qualified
}

func (c *connections) setLever(cl *lever.Client, hasKey bool, env string) {
	c.mu.Lock()
	c.lever, c.leverKey, c.leverEnv, c.leverAuthErr, c.leverMethod = cl, hasKey, env, "", "apiKey"
	c.mu.Unlock()
}

func (c *connections) setQualified(cl *qualified.Client, hasKey bool) {
	c.mu.Lock()
	c.qualified, c.qualKey = cl, hasKey
	c.mu.Unlock()
}

func (c *connections) state() (leverOK bool, env string, qualOK bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.leverKey, c.leverEnv, c.qualKey
}

// leverProxy is the current Lever client, as the engine and registrar see it.
type leverProxy struct{ c *connections }

var (
	_ workflow.Lever        = leverProxy{}
	_ webhook.LeverWebhooks = leverProxy{}
)

func (p leverProxy) Opportunity(ctx context.Context, id string) (*lever.Opportunity, error) {
	v, err := p.c.currentLever().Opportunity(ctx, id)
	return v, p.c.check(err)
}
func (p leverProxy) Opportunities(ctx context.Context, f lever.OpportunityFilter) ([]lever.Opportunity, error) {
	v, err := p.c.currentLever().Opportunities(ctx, f)
	return v, p.c.check(err)
}
func (p leverProxy) Posting(ctx context.Context, id string) (*lever.Posting, error) {
	v, err := p.c.currentLever().Posting(ctx, id)
	return v, p.c.check(err)
}
func (p leverProxy) AddTags(ctx context.Context, id string, tags []string, performAs string) error {
	return p.c.check(p.c.currentLever().AddTags(ctx, id, tags, performAs))
}
func (p leverProxy) RemoveTags(ctx context.Context, id string, tags []string, performAs string) error {
	return p.c.check(p.c.currentLever().RemoveTags(ctx, id, tags, performAs))
}
func (p leverProxy) AddNote(ctx context.Context, id, value, performAs string) (string, error) {
	v, err := p.c.currentLever().AddNote(ctx, id, value, performAs)
	return v, p.c.check(err)
}
func (p leverProxy) Notes(ctx context.Context, id string) ([]lever.Note, error) {
	v, err := p.c.currentLever().Notes(ctx, id)
	return v, p.c.check(err)
}
func (p leverProxy) Webhooks(ctx context.Context) ([]lever.Webhook, error) {
	v, err := p.c.currentLever().Webhooks(ctx)
	return v, p.c.check(err)
}
func (p leverProxy) CreateWebhook(ctx context.Context, url, event string) (*lever.Webhook, error) {
	v, err := p.c.currentLever().CreateWebhook(ctx, url, event)
	return v, p.c.check(err)
}
func (p leverProxy) UpdateWebhookURL(ctx context.Context, id, url string) error {
	return p.c.check(p.c.currentLever().UpdateWebhookURL(ctx, id, url))
}
func (p leverProxy) DeleteWebhook(ctx context.Context, id string) error {
	return p.c.check(p.c.currentLever().DeleteWebhook(ctx, id))
}

// qualifiedProxy is the current Qualified client.
type qualifiedProxy struct{ c *connections }

var (
	_ backend.Provider               = qualifiedProxy{}
	_ webhook.QualifiedSubscriptions = qualifiedProxy{}
)

func (p qualifiedProxy) Assessments(ctx context.Context) ([]backend.Assessment, error) {
	return p.c.currentQualified().Assessments(ctx)
}
func (p qualifiedProxy) Invite(ctx context.Context, r backend.InviteRequest) (backend.ProviderInvitation, error) {
	return p.c.currentQualified().Invite(ctx, r)
}
func (p qualifiedProxy) Result(ctx context.Context, id string) (backend.Result, error) {
	return p.c.currentQualified().Result(ctx, id)
}
func (p qualifiedProxy) ResultsUpdatedSince(ctx context.Context, since time.Time) ([]backend.Result, error) {
	return p.c.currentQualified().ResultsUpdatedSince(ctx, since)
}
func (p qualifiedProxy) ResultsByIDs(ctx context.Context, ids []string) ([]backend.Result, error) {
	return p.c.currentQualified().ResultsByIDs(ctx, ids)
}
func (p qualifiedProxy) WebhookSubscriptions(ctx context.Context) ([]qualified.Subscription, error) {
	return p.c.currentQualified().WebhookSubscriptions(ctx)
}
func (p qualifiedProxy) CreateWebhookSubscription(ctx context.Context, url, name string) (*qualified.Subscription, error) {
	return p.c.currentQualified().CreateWebhookSubscription(ctx, url, name)
}
func (p qualifiedProxy) UpdateWebhookSubscription(ctx context.Context, id, url string) error {
	return p.c.currentQualified().UpdateWebhookSubscription(ctx, id, url)
}
func (p qualifiedProxy) DeleteWebhookSubscription(ctx context.Context, id string) error {
	return p.c.currentQualified().DeleteWebhookSubscription(ctx, id)
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
