// Package webhook is where Lever and Qualified reach assessbridge. The
// Receiver is the public listener, the only one the tunnel points at: it
// verifies, durably enqueues and answers fast; it does no work in the request
// and serves nothing but the webhook paths, /healthz and, when Lever's login
// is set to return to the public URL, /oauth/callback. The Registrar is its
// other half: it tells Lever and Qualified to deliver to those paths.
package webhook

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/qualified"
)

// The paths Lever and Qualified deliver to, below the public URL: served by
// the Receiver and registered by the Registrar. Qualified's is followed by
// the path secret.
const (
	LeverPath     = "/webhooks/lever"
	QualifiedPath = "/webhooks/qualified/"
)

// Queue is where verified deliveries go.
type Queue interface {
	// AcceptLever records a verified delivery durably; for a token already
	// recorded it records nothing and returns an error IsReplay reports,
	// which the receiver answers 200 "already received".
	AcceptLever(ctx context.Context, d *lever.Delivery) error
	AcceptQualified(ctx context.Context, n backend.ResultNotice) error
	LogRejected(ctx context.Context, source, reason string)
}

// Receiver serves the webhook paths.
type Receiver struct {
	Queue Queue
	// SignatureToken returns the Lever webhook's signature token; "" when none is known.
	SignatureToken func() string
	// SignatureTokens, when set, returns the signature token of each of
	// assessbridge's Lever webhooks (one per event) by event, and is used
	// instead of SignatureToken (see verifyLever).
	SignatureTokens func() map[string]string
	// QualifiedSecret returns the path secret of the Qualified webhook.
	QualifiedSecret func() string
	// IsReplay reports whether an AcceptLever error means a replay.
	IsReplay func(error) bool
	// OAuthCallback, when set, serves GET /oauth/callback: where "Log in to
	// Lever" returns when its redirect address is the public URL. It is
	// protected by its single-use state, not by this receiver.
	OAuthCallback http.HandlerFunc
	Logger        *slog.Logger
	// MaxBody bounds a delivery's size. Default 64 KiB.
	MaxBody int64
	// MaxAge refuses deliveries whose triggeredAt is older. Default 6 hours:
	// Lever retries for a while, and the catch-up covers anything older.
	MaxAge time.Duration
	// MaxSkew refuses deliveries dated this far in the future. Default 5 minutes.
	MaxSkew time.Duration
	Now     func() time.Time

	rejectMu   sync.Mutex
	lastReject map[string]time.Time
}

// Handler returns the receiver's routes.
func (rc *Receiver) Handler() http.Handler {
	if rc.MaxBody <= 0 {
		rc.MaxBody = 64 << 10
	}
	if rc.MaxAge <= 0 {
		rc.MaxAge = 6 * time.Hour
	}
	if rc.MaxSkew <= 0 {
		rc.MaxSkew = 5 * time.Minute
	}
	if rc.Now == nil {
		rc.Now = time.Now
	}
	if rc.Logger == nil {
		rc.Logger = slog.Default()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+LeverPath, rc.lever)
	mux.HandleFunc("POST "+QualifiedPath+"{secret}", rc.qualified)
	if rc.OAuthCallback != nil {
		mux.HandleFunc("GET /oauth/callback", rc.OAuthCallback)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		answer(w, http.StatusOK, "ok")
	})
	return mux
}

func answer(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"status": msg})
}

func (rc *Receiver) read(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, rc.MaxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		answer(w, http.StatusRequestEntityTooLarge, "body too large")
		return nil, false
	}
	if err != nil {
		answer(w, http.StatusBadRequest, "unreadable body")
		return nil, false
	}
	return body, true
}

func (rc *Receiver) lever(w http.ResponseWriter, r *http.Request) {
	d, ok := parseBody(rc, w, r, "lever", "Lever", lever.ParseDelivery)
	if !ok {
		return
	}
	if !rc.verifyLever(d) {
		rc.reject(r.Context(), "lever", "signature", "A Lever delivery with a wrong signature was refused. If you re-created the webhook in Lever by hand, reconnect so assessbridge learns its signature token.")
		answer(w, http.StatusUnauthorized, "invalid signature")
		return
	}
	at := time.UnixMilli(d.TriggeredAt)
	now := rc.Now()
	if now.Sub(at) > rc.MaxAge || at.Sub(now) > rc.MaxSkew {
		rc.reject(r.Context(), "lever", "stale", fmt.Sprintf("A Lever delivery dated %s was refused as stale.", at.UTC().Format(time.RFC3339)))
		answer(w, http.StatusUnauthorized, "stale delivery")
		return
	}
	err := rc.Queue.AcceptLever(r.Context(), d)
	if err != nil && rc.IsReplay != nil && rc.IsReplay(err) {
		// Correctly signed and fresh, its token already recorded: Lever
		// retrying a delivery whose answer it missed. Any other answer
		// counts as a failure in Lever and brings more retries; the
		// delivery itself changes nothing a second time.
		answer(w, http.StatusOK, "already received")
		return
	}
	rc.recorded(w, "lever", err)
}

func (rc *Receiver) qualified(w http.ResponseWriter, r *http.Request) {
	want := rc.QualifiedSecret()
	got := r.PathValue("secret")
	// Constant-time, and the same 404 as any unknown path: nothing to enumerate.
	if !secretEqual(got, want) {
		rc.reject(r.Context(), "qualified", "secret", "A Qualified delivery to a wrong address was refused.")
		http.NotFound(w, r)
		return
	}
	ev, ok := parseBody(rc, w, r, "qualified", "Qualified", qualified.ParseWebhook)
	if !ok {
		return
	}
	if !strings.HasPrefix(ev.Event, "assessment_result") {
		answer(w, http.StatusOK, "ignored")
		return
	}
	rc.recorded(w, "qualified", rc.Queue.AcceptQualified(r.Context(), backend.ResultNotice{
		Event: ev.Event, ResultID: ev.ResultID, State: ev.State, CandidateEmail: ev.CandidateEmail, AssessmentID: ev.AssessmentID,
	}))
}

// parseBody reads a delivery's body and parses it as service sends it. A
// body too large, unreadable or not the service's is answered here, and
// parseBody reports false.
func parseBody[T any](rc *Receiver, w http.ResponseWriter, r *http.Request, source, service string, parse func([]byte) (T, error)) (T, bool) {
	var none T
	body, ok := rc.read(w, r)
	if !ok {
		return none, false
	}
	v, err := parse(body)
	if err != nil {
		rc.reject(r.Context(), source, "malformed", "A malformed "+service+" delivery was refused.")
		answer(w, http.StatusBadRequest, "malformed delivery")
		return none, false
	}
	return v, true
}

// recorded answers a delivery handed to the queue. When it was not recorded
// the answer is 503: the sender retries, and nothing was recorded.
func (rc *Receiver) recorded(w http.ResponseWriter, source string, err error) {
	if err != nil {
		rc.Logger.Error(source+" delivery not recorded", "err", err)
		answer(w, http.StatusServiceUnavailable, "try again")
		return
	}
	answer(w, http.StatusOK, "accepted")
}

// secretEqual reports whether a guessed path secret is the configured one.
// An empty configured secret matches nothing. Both sides are hashed to the
// same length first, so every guess, whatever its length or how close it
// comes, takes the one constant-time comparison: neither the secret's
// length nor its prefix can be learned by timing.
func secretEqual(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return constantTimeCompare(g[:], w[:]) == 1 && want != ""
}

// constantTimeCompare is crypto/subtle's, named so the tests can see that
// every guess goes through it.
var constantTimeCompare = subtle.ConstantTimeCompare

// reject logs a refused delivery, at most once a minute per reason, so a
// flood of forgeries cannot flood the activity log.
func (rc *Receiver) reject(ctx context.Context, source, reason, msg string) {
	rc.rejectMu.Lock()
	if rc.lastReject == nil {
		rc.lastReject = map[string]time.Time{}
	}
	key := source + "/" + reason
	now := rc.Now()
	if last, ok := rc.lastReject[key]; ok && now.Sub(last) < time.Minute {
		rc.rejectMu.Unlock()
		return
	}
	rc.lastReject[key] = now
	rc.rejectMu.Unlock()
	rc.Logger.Warn("webhook refused", "source", source, "reason", reason)
	rc.Queue.LogRejected(context.WithoutCancel(ctx), source, msg)
}
