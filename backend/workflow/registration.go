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
	DeleteWebhookSubscription(ctx context.Context, id string) error
}

// ManualStepError says that a webhook could not be registered for lack of
// permission, and what the recruiter can paste where instead.
type ManualStepError struct {
	Where string // where to paste the URL
	URL   string
	Err   error
}

func (e *ManualStepError) Error() string {
	// The address is left out: for Qualified it holds the path secret, and
	// Setup shows it on its own, with a copy button.
	return fmt.Sprintf("assessbridge may not manage webhooks with this key (%v). Instead, %s, and paste the address shown in Setup.", e.Err, e.Where)
}

func (e *ManualStepError) Unwrap() error { return e.Err }

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
	if forbidden(err) {
		return &ManualStepError{URL: url, Err: err,
			Where: "ask a Lever Super Admin to open Settings → Integrations and API → Webhooks, add a webhook under \"Candidate Stage Change\", then reconnect Lever here with a key that may manage webhooks so assessbridge learns its signature token"}
	}
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
	if forbidden(err) {
		return &ManualStepError{URL: url, Err: err,
			Where: "in Qualified open Account → Integrations → Webhooks, add a webhook for \"Assessment result state changed\""}
	}
	if err != nil {
		return fmt.Errorf("the Qualified webhook could not be created: %w", err)
	}
	return r.DB.SetSetting(ctx, sqlite.SettingQualifiedSubID, s.ID)
}

// Unregister deletes the Lever webhook and the Qualified subscription that
// assessbridge registered, and forgets them ("Disconnect").
func (r *Registrar) Unregister(ctx context.Context) error {
	var errs []error
	if id, err := r.DB.Setting(ctx, sqlite.SettingLeverWebhookID); err != nil {
		errs = append(errs, err)
	} else if id != "" {
		if err := r.Lever.DeleteWebhook(ctx, id); err != nil && !lever.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("the Lever webhook could not be removed: %w", err))
		} else {
			errs = append(errs, r.DB.SetSetting(ctx, sqlite.SettingLeverWebhookID, ""),
				r.DB.SetSetting(ctx, sqlite.SettingLeverWebhookURL, ""), r.Secrets.Delete(secrets.LeverSignatureToken))
		}
	}
	if id, err := r.DB.Setting(ctx, sqlite.SettingQualifiedSubID); err != nil {
		errs = append(errs, err)
	} else if id != "" && r.Qualified != nil {
		if err := r.Qualified.DeleteWebhookSubscription(ctx, id); err != nil && !qualified.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("the Qualified webhook could not be removed: %w", err))
		} else {
			errs = append(errs, r.DB.SetSetting(ctx, sqlite.SettingQualifiedSubID, ""))
		}
	}
	return errors.Join(errs...)
}

// forbidden reports an API refusal for lack of permission.
func forbidden(err error) bool {
	var le *lever.Error
	var qe *qualified.Error
	return (errors.As(err, &le) && le.StatusCode == 403) || (errors.As(err, &qe) && qe.StatusCode == 403)
}
