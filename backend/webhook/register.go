package webhook

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/assessbridge/assessbridge/backend"
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

// What is registered: the name of Qualified's subscription. Lever gets one
// webhook per event of lever.HandledEvents.
const subscriptionName = "assessbridge"

// Registrar points Lever's and Qualified's webhooks at the public URL,
// reusing what it registered before rather than piling up duplicates.
type Registrar struct {
	DB        *sqlite.DB
	Secrets   secrets.Store
	Lever     LeverWebhooks
	Qualified QualifiedSubscriptions
}

// Register makes sure Lever's webhooks (one per handled event) and
// Qualified's point at publicURL.
func (r *Registrar) Register(ctx context.Context, publicURL string) error {
	publicURL = strings.TrimRight(publicURL, "/")
	errs := []error{r.registerLever(ctx, publicURL+LeverPath)}
	if errs[0] == nil {
		// The stage change comes first: without it nothing is invited, and
		// a key that may not manage webhooks is told once.
		for _, event := range lever.HandledEvents[1:] {
			errs = append(errs, r.registerLeverEvent(ctx, publicURL+LeverPath, event))
		}
	}
	return errors.Join(append(errs, r.registerQualified(ctx, publicURL))...)
}

func (r *Registrar) registerLever(ctx context.Context, url string) error {
	return r.registerLeverEvent(ctx, url, lever.EventCandidateStageChange)
}

func (r *Registrar) registerLeverEvent(ctx context.Context, url, event string) error {
	id, err := r.DB.Setting(ctx, sqlite.LeverWebhookIDSetting(event))
	if err != nil {
		return err
	}
	// Only a keychain that certainly holds no token may cost a webhook: one
	// that is locked or slow today must not delete a webhook that works.
	_, tokenErr := r.Secrets.Get(secrets.LeverEventSignatureToken(event))
	if tokenErr != nil && !errors.Is(tokenErr, secrets.ErrNotFound) {
		return fmt.Errorf("the Lever webhook's signature token could not be read from the keychain (%w); the webhook is left as it is, and assessbridge will try again", tokenErr)
	}
	hooks, err := r.Lever.Webhooks(ctx)
	if err != nil {
		return fmt.Errorf("Lever webhooks could not be listed, so none was changed; assessbridge will try again: %w", err)
	}
	keep, unusable := reconcileLeverWebhooks(ofEvent(hooks, event), id, tokenErr == nil, url)
	if err := r.deleteLeverWebhooks(ctx, unusable); err != nil {
		return err
	}
	if keep != nil {
		if keep.URL != url {
			if err := r.Lever.UpdateWebhookURL(ctx, keep.ID, url); err != nil {
				return fmt.Errorf("the Lever webhook for %q could not be re-pointed: %w", lever.EventGroup(event), err)
			}
		}
		return r.DB.SetSetting(ctx, sqlite.LeverWebhookURLSetting(event), url)
	}
	return r.createLeverWebhook(ctx, url, event)
}

// ofEvent keeps the webhooks for event: each event's webhook is reconciled
// on its own, though all share one address. A webhook listed without its
// event is taken for the stage change's, the only one registered before.
func ofEvent(hooks []lever.Webhook, event string) []lever.Webhook {
	var out []lever.Webhook
	for _, h := range hooks {
		if h.Event == event || (h.Event == "" && event == lever.EventCandidateStageChange) {
			out = append(out, h)
		}
	}
	return out
}

// leverCreateAttempts bounds how often one registration creates the Lever
// webhook after answers that were lost.
const leverCreateAttempts = 3

// createLeverWebhook creates the webhook and keeps its signature token. A
// failed create may have been made all the same (a gateway's 502 after
// Lever stored it, a connection reset): Lever then holds a webhook at our
// address whose token, told only in the lost answer, is unknown. Before
// creating again it is looked for by its address and deleted, so that one
// webhook, whose token assessbridge holds, is left.
func (r *Registrar) createLeverWebhook(ctx context.Context, url, event string) error {
	var err error
	for range leverCreateAttempts {
		var h *lever.Webhook
		h, err = r.Lever.CreateWebhook(ctx, url, event)
		if forbidden(err) {
			return &ManualStepError{URL: url, Err: err,
				Where: "ask a Lever Super Admin to open Settings → Integrations and API → Webhooks, add a webhook under \"" + lever.EventGroup(event) + "\", then reconnect Lever here with a key that may manage webhooks so assessbridge learns its signature token"}
		}
		if err == nil && h.SignatureToken != "" {
			if err := r.Secrets.Set(secrets.LeverEventSignatureToken(event), h.SignatureToken); err != nil {
				// Its token is lost with this error: the webhook is of no use.
				r.deleteLeverWebhooks(context.WithoutCancel(ctx), []lever.Webhook{*h})
				return fmt.Errorf("the Lever webhook's signature token could not be kept in the keychain: %w", err)
			}
			if err := r.DB.SetSetting(ctx, sqlite.LeverWebhookIDSetting(event), h.ID); err != nil {
				return err
			}
			return r.DB.SetSetting(ctx, sqlite.LeverWebhookURLSetting(event), url)
		}
		if err == nil {
			err = errors.New("Lever created the webhook but sent no signature token")
		}
		hooks, lerr := r.Lever.Webhooks(ctx)
		if lerr != nil {
			return fmt.Errorf("the Lever webhook could not be created (%w), and Lever could not be asked whether it was all the same; assessbridge will try again", err)
		}
		var made []lever.Webhook
		for _, h := range ofEvent(hooks, event) {
			if h.URL == url {
				made = append(made, h)
			}
		}
		if derr := r.deleteLeverWebhooks(ctx, made); derr != nil {
			return errors.Join(fmt.Errorf("the Lever webhook could not be created: %w", err), derr)
		}
	}
	return fmt.Errorf("the Lever webhook for %q could not be created: %w", lever.EventGroup(event), err)
}

// deleteLeverWebhooks deletes webhooks that assessbridge made and cannot use.
func (r *Registrar) deleteLeverWebhooks(ctx context.Context, hooks []lever.Webhook) error {
	for _, h := range hooks {
		if err := r.Lever.DeleteWebhook(ctx, h.ID); err != nil && !notFound(err) {
			return fmt.Errorf("an unusable Lever webhook could not be removed: %w", err)
		}
	}
	return nil
}

// reconcileLeverWebhooks decides, from Lever's list of webhooks, which one
// to keep and which are assessbridge's own but unusable.
//
// The one kept is the webhook whose id was saved, if its signature token is
// held: the token is saved before the id, so a saved id always has its
// token. Unusable are the saved one when the keychain certainly holds no
// token, and any other webhook at our address: made by assessbridge (no one
// else is given that address) in a create whose answer, the only place
// Lever tells its token, was lost to a stop or an error.
func reconcileLeverWebhooks(hooks []lever.Webhook, savedID string, haveToken bool, url string) (keep *lever.Webhook, unusable []lever.Webhook) {
	for i, h := range hooks {
		if savedID != "" && h.ID == savedID && haveToken {
			keep = &hooks[i]
		}
	}
	for _, h := range hooks {
		switch {
		case keep != nil && h.ID == keep.ID:
		case savedID != "" && h.ID == savedID, h.URL == url:
			unusable = append(unusable, h)
		}
	}
	return keep, unusable
}

func (r *Registrar) registerQualified(ctx context.Context, publicURL string) error {
	secret, err := secrets.GetOrCreate(r.Secrets, secrets.QualifiedPathSecret)
	if err != nil {
		return err
	}
	// The URL holds the path secret, so it is never stored, only compared.
	url := publicURL + QualifiedPath + secret
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
	for _, event := range lever.HandledEvents {
		if id, err := r.DB.Setting(ctx, sqlite.LeverWebhookIDSetting(event)); err != nil {
			errs = append(errs, err)
		} else if id != "" {
			if err := r.Lever.DeleteWebhook(ctx, id); err != nil && !notFound(err) {
				errs = append(errs, fmt.Errorf("the Lever webhook for %q could not be removed: %w", lever.EventGroup(event), err))
			} else {
				errs = append(errs, r.DB.SetSetting(ctx, sqlite.LeverWebhookIDSetting(event), ""),
					r.DB.SetSetting(ctx, sqlite.LeverWebhookURLSetting(event), ""), r.Secrets.Delete(secrets.LeverEventSignatureToken(event)))
			}
		}
	}
	if id, err := r.DB.Setting(ctx, sqlite.SettingQualifiedSubID); err != nil {
		errs = append(errs, err)
	} else if id != "" && r.Qualified != nil {
		if err := r.Qualified.DeleteWebhookSubscription(ctx, id); err != nil && !notFound(err) {
			errs = append(errs, fmt.Errorf("the Qualified webhook could not be removed: %w", err))
		} else {
			errs = append(errs, r.DB.SetSetting(ctx, sqlite.SettingQualifiedSubID, ""))
		}
	}
	return errors.Join(errs...)
}

// forbidden reports a refusal for lack of permission.
func forbidden(err error) bool { return backend.KindOf(err) == backend.FailureForbidden }

// notFound reports that what was to be removed is gone already.
func notFound(err error) bool { return backend.KindOf(err) == backend.FailureNotFound }
