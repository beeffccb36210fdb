package qualified

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode"
)

// EventStateChanged is the webhook trigger this project subscribes to: it
// covers every state a result moves through.
const EventStateChanged = "assessment_result_state_changed"

// Subscription is a webhook subscription: Qualified posts the chosen Events
// to URL.
type Subscription struct {
	ID   string
	URL  string
	Name string
	// Events are the enabled triggers in snake_case, sorted.
	Events []string
}

type apiSubscription struct {
	ID            id       `json:"id"`
	URL           string   `json:"url"`
	Name          string   `json:"name"`
	EventTriggers triggers `json:"eventTriggers"`
	// Some answers keep the request's spelling.
	EventTriggersSnake triggers `json:"event_triggers"`
}

func (s apiSubscription) toSubscription() Subscription {
	out := Subscription{ID: string(s.ID), URL: s.URL, Name: s.Name}
	seen := map[string]bool{}
	for _, m := range []triggers{s.EventTriggers, s.EventTriggersSnake} {
		for k, on := range m {
			if k := snake(k); on && !seen[k] {
				seen[k] = true
				out.Events = append(out.Events, k)
			}
		}
	}
	sort.Strings(out.Events)
	return out
}

// snake turns "assessmentResultStateChanged" into
// "assessment_result_state_changed"; snake_case passes through.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// WebhookSubscriptions lists the account's webhook subscriptions.
func (c *Client) WebhookSubscriptions(ctx context.Context) ([]Subscription, error) {
	var out []Subscription
	err := list(ctx, c, "/v1/webhook_subscriptions", nil, func(items []apiSubscription) {
		for _, s := range items {
			out = append(out, s.toSubscription())
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CreateWebhookSubscription subscribes url to result state changes.
func (c *Client) CreateWebhookSubscription(ctx context.Context, hookURL, name string) (*Subscription, error) {
	body := map[string]any{"data": map[string]any{
		"url":            hookURL,
		"name":           name,
		"event_triggers": map[string]bool{EventStateChanged: true},
	}}
	path := "/v1/webhook_subscriptions"
	// Not retried on a 5xx: a subscription created twice means every event
	// arrives twice.
	var raw json.RawMessage
	if err := c.do(ctx, request{method: http.MethodPost, path: path, body: body}, &raw); err != nil {
		return nil, err
	}
	var s apiSubscription
	if err := decodeObject(path, raw, &s); err != nil {
		return nil, err
	}
	if s.ID == "" {
		return nil, fmt.Errorf("qualified: POST %s: %w", path, errEmpty)
	}
	sub := s.toSubscription()
	return &sub, nil
}

// UpdateWebhookSubscription points an existing subscription at url.
func (c *Client) UpdateWebhookSubscription(ctx context.Context, subID, hookURL string) error {
	body := map[string]any{"data": map[string]any{"url": hookURL}}
	return c.do(ctx, request{method: http.MethodPut, path: "/v1/webhook_subscriptions/" + url.PathEscape(subID), body: body, retryable: true}, nil)
}

// DeleteWebhookSubscription removes a subscription.
func (c *Client) DeleteWebhookSubscription(ctx context.Context, subID string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: "/v1/webhook_subscriptions/" + url.PathEscape(subID), retryable: true}, nil)
}
