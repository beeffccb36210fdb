package lever

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/assessbridge/assessbridge/backend"
)

// Error is a non-2xx answer from Lever, carrying Lever's own code and
// message ({"code": "ResourceNotFound", "message": "..."}).
type Error struct {
	StatusCode int
	// Code is Lever's error code, such as "ResourceNotFound" or
	// "TooManyRequests"; empty when the body had none.
	Code string
	// Message is Lever's explanation, or the start of an unreadable body.
	Message string
}

// Error reads "lever: 404 ResourceNotFound: message".
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	if e.Code == "" {
		return fmt.Sprintf("lever: %d: %s", e.StatusCode, msg)
	}
	return fmt.Sprintf("lever: %d %s: %s", e.StatusCode, e.Code, msg)
}

// IsNotFound reports whether err is Lever answering 404, as it does for
// unknown and deleted opportunities.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.FailureKind() == backend.FailureNotFound
}

// parseError builds an *Error from an answer body. A body that is not
// Lever's JSON still yields an error, with the body's start as the message;
// a web page (a gateway's 502, say) yields just the status, since its
// markup means nothing to the recruiter who reads the error.
func parseError(status int, body []byte) *Error {
	e := &Error{StatusCode: status}
	var wire struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &wire) == nil && (wire.Code != "" || wire.Message != "") {
		e.Code, e.Message = wire.Code, wire.Message
		return e
	}
	msg := strings.TrimSpace(string(body))
	if strings.HasPrefix(msg, "<") {
		return e
	}
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	e.Message = msg
	return e
}

// FailureKind classifies the answer for the rules that act on it.
func (e *Error) FailureKind() backend.FailureKind { return backend.KindOfStatus(e.StatusCode) }
