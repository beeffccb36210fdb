package backend

import (
	"errors"
	"net/http"
)

// FailureKind says what to do about a failed call to Lever or Qualified. It
// is decided once, where the answer is read (lever.Error and qualified.Error
// implement Classified), so the rules that act on it never look at status
// codes or at which service answered.
type FailureKind string

// The kinds of failure.
const (
	// FailureRetryLater: the network, a timeout, a 5xx, a rate limit. The same
	// call may succeed later, if repeating it is harmless.
	FailureRetryLater FailureKind = "retry_later"
	// FailurePermanent: the service refused the request itself (a 4xx that a
	// retry will not change).
	FailurePermanent FailureKind = "permanent"
	// FailureNotFound: the thing asked about is not there (deleted, or never
	// was). A kind of permanent failure that rules often treat apart.
	FailureNotFound FailureKind = "not_found"
	// FailureNeedsReconnect: the service no longer accepts assessbridge's
	// login; work waits until the recruiter reconnects.
	FailureNeedsReconnect FailureKind = "needs_reconnect"
	// FailureForbidden: the login is accepted but lacks a permission.
	FailureForbidden FailureKind = "forbidden"
)

// Classified is an error that knows its kind of failure.
type Classified interface {
	error
	FailureKind() FailureKind
}

// KindOf classifies err. An error that says nothing of itself (a broken
// connection, a cancelled context) is worth trying again later.
func KindOf(err error) FailureKind {
	if errors.Is(err, ErrLeverLoginNeeded) {
		return FailureNeedsReconnect
	}
	var c Classified
	if errors.As(err, &c) {
		return c.FailureKind()
	}
	return FailureRetryLater
}

// KindOfStatus classifies an HTTP status from Lever or Qualified: the one
// table both clients use.
func KindOfStatus(status int) FailureKind {
	switch {
	case status == http.StatusUnauthorized:
		return FailureNeedsReconnect
	case status == http.StatusForbidden:
		return FailureForbidden
	case status == http.StatusNotFound:
		return FailureNotFound
	case status == http.StatusRequestTimeout, status == http.StatusTooManyRequests:
		return FailureRetryLater
	case status >= 400 && status < 500:
		return FailurePermanent
	default:
		return FailureRetryLater
	}
}

// Permanent reports a failure that retrying will not change.
func Permanent(err error) bool {
	switch KindOf(err) {
	case FailurePermanent, FailureNotFound, FailureForbidden:
		return true
	}
	return false
}
