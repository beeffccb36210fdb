package adminapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/assessbridge/assessbridge/backend"
)

// Error codes beyond backend's, for failures of Lever or Qualified.
const (
	// CodeUpstream: Lever or Qualified could not do what was asked (down,
	// slow, rate-limited, or refusing): 502 or 503, never the recruiter's 400.
	CodeUpstream = "upstream"
	// CodeNeedsReconnect: Lever or Qualified no longer accepts
	// assessbridge's login: 409, and Setup says to connect again. Not 401,
	// which the UI keeps for its own admin login.
	CodeNeedsReconnect = "needs_reconnect"
)

// genericProblem answers an internal error that has no sentence of its own:
// the detail goes to the log, never to the page.
const genericProblem = "Something went wrong inside assessbridge. Try again; if it keeps happening, the diagnostics file (Settings → Support) has the details."

// UpstreamError is a call to Lever or Qualified that failed. Message says so
// to the recruiter; Kind (or, when empty, backend.KindOf(Err)) picks the
// status.
type UpstreamError struct {
	Kind    backend.FailureKind
	Message string
	Err     error
}

func (e *UpstreamError) Error() string { return e.Message }
func (e *UpstreamError) Unwrap() error { return e.Err }

// Upstream wraps a failed call to Lever or Qualified with a sentence for the
// recruiter.
func Upstream(kind backend.FailureKind, err error, format string, args ...any) error {
	return &UpstreamError{Kind: kind, Message: fmt.Sprintf(format, args...), Err: err}
}

// internalError is assessbridge's own failure: the recruiter is told what
// did not happen, the log why.
type internalError struct {
	message string
	err     error
}

func (e *internalError) Error() string { return e.message + ": " + e.err.Error() }
func (e *internalError) Unwrap() error { return e.err }

// Internal wraps err, which only the log sees, with a sentence for the
// recruiter.
func Internal(err error, format string, args ...any) error {
	return &internalError{message: fmt.Sprintf(format, args...), err: err}
}

// statusOfCode maps backend's error codes.
var statusOfCode = map[string]int{
	backend.ENOTFOUND:     http.StatusNotFound,
	backend.EINVALID:      http.StatusBadRequest,
	backend.ECONFLICT:     http.StatusConflict,
	backend.EUNAUTHORIZED: http.StatusUnauthorized,
	backend.EINTERNAL:     http.StatusInternalServerError,
}

// Problem is how an error is answered: its status, code and sentence, and
// whether it is assessbridge's own fault (logged with its detail).
func Problem(err error) (status int, body ErrorBody, internal bool) {
	var (
		up   *UpstreamError
		in   *internalError
		de   *backend.Error
		kind backend.Classified
	)
	switch {
	case errors.As(err, &up):
		k := up.Kind
		if k == "" {
			k = backend.KindOf(up.Err)
		}
		return upstreamStatus(k), ErrorBody{Error: up.Message, Code: upstreamCode(k)}, false
	case errors.As(err, &in):
		return http.StatusInternalServerError, ErrorBody{Error: in.message, Code: backend.EINTERNAL}, true
	case errors.As(err, &de):
		status, ok := statusOfCode[de.Code]
		if !ok {
			status = http.StatusInternalServerError
		}
		return status, ErrorBody{Error: de.Message, Code: de.Code}, status == http.StatusInternalServerError
	case errors.Is(err, backend.ErrLeverLoginNeeded):
		return http.StatusConflict, ErrorBody{Error: backend.ErrLeverLoginNeeded.Error() + ".", Code: CodeNeedsReconnect}, false
	case errors.As(err, &kind):
		// Lever or Qualified failed, and no handler said more.
		k := kind.FailureKind()
		return upstreamStatus(k), ErrorBody{Error: "Lever or Qualified could not do this just now: " + kind.Error(), Code: upstreamCode(k)}, false
	}
	return http.StatusInternalServerError, ErrorBody{Error: genericProblem, Code: backend.EINTERNAL}, true
}

// upstreamStatus: a login to renew is the recruiter's to fix (409); a
// failure that may pass is 503; a refusal that will not is 502.
func upstreamStatus(k backend.FailureKind) int {
	switch k {
	case backend.FailureNeedsReconnect:
		return http.StatusConflict
	case backend.FailureRetryLater:
		return http.StatusServiceUnavailable
	}
	return http.StatusBadGateway
}

func upstreamCode(k backend.FailureKind) string {
	if k == backend.FailureNeedsReconnect {
		return CodeNeedsReconnect
	}
	return CodeUpstream
}

// WriteError answers err, mapped to a status in this one place. An
// internal error is logged with its detail and answered without it.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	status, body, internal := Problem(err)
	if internal && log != nil {
		log.Error("admin API request failed", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	}
	WriteJSON(w, status, body)
}

// WriteJSON answers v as JSON, never cached.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// decodeBody reads a JSON request into v and has it check itself.
func decodeBody(r *http.Request, v interface{ Validate() error }) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return backend.Errorf(backend.EINVALID, "The request body is not valid: %v", err)
	}
	return v.Validate()
}
