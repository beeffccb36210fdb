package qualified

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/assessbridge/assessbridge/backend"
)

// Error is a non-2xx answer from Qualified, carrying the API's own code and
// message when its body gave them.
type Error struct {
	StatusCode int
	// Code is the API's error code, when it sent one.
	Code string
	// Message is the API's explanation, or the HTTP status text.
	Message string
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	if e.Code != "" && e.Code != msg {
		return fmt.Sprintf("qualified: %d %s: %s", e.StatusCode, e.Code, msg)
	}
	return fmt.Sprintf("qualified: %d %s", e.StatusCode, msg)
}

// IsNotFound reports whether err is Qualified answering 404.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.FailureKind() == backend.FailureNotFound
}

// parseError reads whichever error shape Qualified used: {"error": "..."},
// {"error": {"code", "message"}}, {"message": "...", "code": "..."} or
// {"errors": [...] | {field: [...]}}. An unreadable body still yields an
// Error with the status.
func parseError(status int, body []byte) *Error {
	e := &Error{StatusCode: status}
	var b struct {
		Error   json.RawMessage `json:"error"`
		Message json.RawMessage `json:"message"`
		Code    json.RawMessage `json:"code"`
		Errors  json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &b) != nil {
		e.Message = snippet(body)
		return e
	}
	e.Code = text(b.Code)
	var parts []string
	if m := text(b.Message); m != "" {
		parts = append(parts, m)
	}
	if len(b.Error) > 0 {
		var obj struct {
			Code    json.RawMessage `json:"code"`
			Message json.RawMessage `json:"message"`
		}
		if json.Unmarshal(b.Error, &obj) == nil {
			if e.Code == "" {
				e.Code = text(obj.Code)
			}
			parts = appendNew(parts, text(obj.Message))
		} else {
			parts = appendNew(parts, text(b.Error))
		}
	}
	for _, m := range errorList(b.Errors) {
		parts = appendNew(parts, m)
	}
	e.Message = strings.Join(parts, "; ")
	return e
}

// errorList flattens an "errors" value: a list of strings or of objects with a
// message, or an object of field → messages.
func errorList(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var out []string
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) == nil {
		for _, item := range arr {
			var obj struct {
				Field   string          `json:"field"`
				Message json.RawMessage `json:"message"`
			}
			if json.Unmarshal(item, &obj) == nil && len(obj.Message) > 0 {
				m := text(obj.Message)
				if obj.Field != "" {
					m = obj.Field + " " + m
				}
				out = append(out, m)
				continue
			}
			if m := text(item); m != "" {
				out = append(out, m)
			}
		}
		return out
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) == nil {
		for field, v := range fields {
			var msgs []string
			if json.Unmarshal(v, &msgs) != nil {
				msgs = []string{text(v)}
			}
			for _, m := range msgs {
				out = append(out, field+" "+m)
			}
		}
	}
	return out
}

// text renders a JSON scalar as plain text; "" for null or absent.
func text(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

func appendNew(parts []string, s string) []string {
	if s == "" {
		return parts
	}
	for _, p := range parts {
		if p == s {
			return parts
		}
	}
	return append(parts, s)
}

// snippet keeps an unparseable body short enough for a log line. A web page
// (a gateway's 502, say) gives nothing: its markup means nothing to the
// recruiter who reads the error, which then shows the status alone.
func snippet(body []byte) string {
	s := strings.TrimSpace(string(body))
	if strings.HasPrefix(s, "<") {
		return ""
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// FailureKind classifies the answer for the rules that act on it.
func (e *Error) FailureKind() backend.FailureKind { return backend.KindOfStatus(e.StatusCode) }
