package lever

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Origins lists every opportunity origin. Webhooks are created with all of
// them, so a delivery never depends on how a candidate entered the pipeline.
var Origins = []string{"agency", "applied", "internal", "referred", "sourced", "university"}

// EventCandidateStageChange is the webhook event sent when an opportunity
// moves stage, in either direction.
const EventCandidateStageChange = "candidateStageChange"

// ErrNoSignatureToken is returned with a webhook Lever created but whose
// signature token it did not send: its deliveries cannot be verified, so
// the caller should delete it.
var ErrNoSignatureToken = errors.New("lever: created webhook has no signature token")

// Webhook is a webhook made through the API. SignatureToken is only known
// from CreateWebhook: Lever never sends it again.
type Webhook struct {
	ID             string
	URL            string
	Event          string
	SignatureToken string
	Origins        []string
}

type webhookWire struct {
	ID            string `json:"id"`
	URL           string `json:"url"`
	Event         string `json:"event"`
	Configuration struct {
		Conditions struct {
			Origins []string `json:"origins"`
		} `json:"conditions"`
		SignatureToken string `json:"signatureToken"`
	} `json:"configuration"`
}

func (w webhookWire) webhook() Webhook {
	return Webhook{
		ID:             w.ID,
		URL:            w.URL,
		Event:          w.Event,
		SignatureToken: w.Configuration.SignatureToken,
		Origins:        w.Configuration.Conditions.Origins,
	}
}

type webhookConfig struct {
	Conditions struct {
		Origins []string `json:"origins"`
	} `json:"conditions"`
}

func allOrigins() webhookConfig {
	var cfg webhookConfig
	cfg.Conditions.Origins = Origins
	return cfg
}

// Webhooks returns the webhooks made through the API, without their
// signature tokens.
func (c *Client) Webhooks(ctx context.Context) ([]Webhook, error) {
	wires, err := list[webhookWire](ctx, c, "/webhooks", nil)
	if err != nil {
		return nil, err
	}
	out := make([]Webhook, len(wires))
	for i, w := range wires {
		out[i] = w.webhook()
	}
	return out, nil
}

// CreateWebhook asks Lever to POST event deliveries to url, for candidates
// of every origin. Store the returned SignatureToken: it is the only time
// Lever tells it. If Lever sent none, the webhook is returned together with
// ErrNoSignatureToken.
func (c *Client) CreateWebhook(ctx context.Context, url, event string) (*Webhook, error) {
	body := struct {
		URL           string        `json:"url"`
		Event         string        `json:"event"`
		Configuration webhookConfig `json:"configuration"`
	}{url, event, allOrigins()}
	var out struct {
		Data json.RawMessage `json:"data"`
	}
	if err := c.do(ctx, http.MethodPost, "/webhooks", nil, "", body, &out); err != nil {
		return nil, err
	}
	// Lever has been seen wrapping this answer in "data" twice.
	inner := out.Data
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(inner, &probe); err != nil {
		return nil, fmt.Errorf("lever: decode created webhook: %w", err)
	}
	if d, ok := probe["data"]; ok && probe["id"] == nil {
		inner = d
	}
	var w webhookWire
	if err := json.Unmarshal(inner, &w); err != nil {
		return nil, fmt.Errorf("lever: decode created webhook: %w", err)
	}
	if w.ID == "" {
		return nil, errors.New("lever: created webhook has no id")
	}
	hook := w.webhook()
	if hook.SignatureToken == "" {
		return &hook, ErrNoSignatureToken
	}
	return &hook, nil
}

// UpdateWebhookURL points a webhook at a new URL, as when the tunnel's
// address changes, keeping it open to every origin.
func (c *Client) UpdateWebhookURL(ctx context.Context, id, url string) error {
	type item struct {
		ID            string        `json:"id"`
		URL           string        `json:"url"`
		Configuration webhookConfig `json:"configuration"`
	}
	body := struct {
		Data []item `json:"data"`
	}{[]item{{id, url, allOrigins()}}}
	return c.do(ctx, http.MethodPut, "/webhooks", nil, "", body, nil)
}

// DeleteWebhook deletes a webhook made through the API.
func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/webhooks/"+url.PathEscape(id), nil, "", nil, nil)
}
