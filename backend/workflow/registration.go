package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// LeverWebhooks is Lever's webhook management.
type LeverWebhooks interface {
	Webhooks(ctx context.Context) ([]lever.Webhook, error)
	CreateWebhook(ctx context.Context, url, event string) (*lever.Webhook, error)
	UpdateWebhookURL(ctx context.Context, id, url string) error
	DeleteWebhook(ctx context.Context, id string) error
}

// QualifiedSubscriptions is Qualified's webhook subscription management.
type QualifiedSubscriptions interface {
	WebhookSubscriptions(ctx context.Context) ([]qualified.Subscription, error)
	CreateWebhookSubscription(ctx context.Context, url, name string) (*qualified.Subscription, error)
	UpdateWebhookSubscription(ctx context.Context, id, url string) error
}

// Webhook paths on the public receiver.
const (
	LeverWebhookPath     = "/webhooks/lever"
	QualifiedWebhookPath = "/webhooks/qualified/"
	stageChangeEvent     = "candidateStageChange"
	subscriptionName     = "assessbridge"
)

// Registrar points Lever's and Qualified's webhooks at the public URL,
// reusing what it registered before rather than piling up duplicates.
type Registrar struct {
	DB        *sqlite.DB
	Secrets   secrets.Store
	Lever     LeverWebhooks
	Qualified QualifiedSubscriptions
}

// Register makes sure both webhooks point at publicURL.
func (r *Registrar) Register(ctx context.Context, publicURL string) error {
	publicURL = strings.TrimRight(publicURL, "/")
	return errors.Join(r.registerLever(ctx, publicURL+LeverWebhookPath), r.registerQualified(ctx, publicURL))
}

func (r *Registrar) registerLever(ctx context.Context, url string) error {
	id, err := r.DB.Setting(ctx, sqlite.SettingLeverWebhookID)
	if err != nil {
		return err
	}
	_, tokenErr := r.Secrets.Get(secrets.LeverSignatureToken)
	hooks, err := r.Lever.Webhooks(ctx)
	if err != nil {
		return fmt.Errorf("Lever webhooks could not be listed: %w", err)
	}
	for _, h := range hooks {
		if id == "" || h.ID != id {
			continue
		}
		if tokenErr != nil {
			// Without its signature token no delivery can be verified: start over.
			if err := r.Lever.DeleteWebhook(ctx, h.ID); err != nil && !lever.IsNotFound(err) {
				return fmt.Errorf("the old Lever webhook could not be removed: %w", err)
			}
			break
		}
		if h.URL != url {
			if err := r.Lever.UpdateWebhookURL(ctx, h.ID, url); err != nil {
				return fmt.Errorf("the Lever webhook could not be re-pointed: %w", err)
			}
		}
		return r.DB.SetSetting(ctx, sqlite.SettingLeverWebhookURL, url)
	}
	h, err := r.Lever.CreateWebhook(ctx, url, stageChangeEvent)
	if err != nil {
		return fmt.Errorf("the Lever webhook could not be created: %w", err)
	}
	if h.SignatureToken == "" {
		return errors.New("Lever created the webhook but sent no signature token")
	}
	if err := r.Secrets.Set(secrets.LeverSignatureToken, h.SignatureToken); err != nil {
		return err
	}
	if err := r.DB.SetSetting(ctx, sqlite.SettingLeverWebhookID, h.ID); err != nil {
		return err
	}
	return r.DB.SetSetting(ctx, sqlite.SettingLeverWebhookURL, url)
}

func (r *Registrar) registerQualified(ctx context.Context, publicURL string) error {
	secret, err := secrets.GetOrCreate(r.Secrets, secrets.QualifiedPathSecret)
	if err != nil {
		return err
	}
	// The URL holds the path secret, so it is never stored, only compared.
	url := publicURL + QualifiedWebhookPath + secret
	id, err := r.DB.Setting(ctx, sqlite.SettingQualifiedSubID)
	if err != nil {
		return err
	}
	subs, err := r.Qualified.WebhookSubscriptions(ctx)
	if err != nil {
		return fmt.Errorf("Qualified webhook subscriptions could not be listed: %w", err)
	}
	for _, s := range subs {
		if s.ID != id && s.URL != url {
			continue
		}
		if s.URL != url {
			if err := r.Qualified.UpdateWebhookSubscription(ctx, s.ID, url); err != nil {
				return fmt.Errorf("the Qualified webhook could not be re-pointed: %w", err)
			}
		}
		return r.DB.SetSetting(ctx, sqlite.SettingQualifiedSubID, s.ID)
	}
	s, err := r.Qualified.CreateWebhookSubscription(ctx, url, subscriptionName)
	if err != nil {
		return fmt.Errorf("the Qualified webhook could not be created: %w", err)
	}
	return r.DB.SetSetting(ctx, sqlite.SettingQualifiedSubID, s.ID)
}
