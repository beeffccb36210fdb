package qualified

import (
	"testing"

	"github.com/assessbridge/assessbridge/backend"
)

func TestParseError(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   Error
		text   string
		kind   backend.FailureKind
	}{
		{"error string", 401, `{"error":"Invalid API key"}`, Error{401, "", "Invalid API key"}, "qualified: 401 Invalid API key", backend.FailureNeedsReconnect},
		{"error object", 403, `{"error":{"code":"forbidden","message":"No access"}}`, Error{403, "forbidden", "No access"}, "qualified: 403 forbidden: No access", backend.FailureForbidden},
		{"message and code", 422, `{"message":"Validation failed","code":"invalid"}`, Error{422, "invalid", "Validation failed"}, "qualified: 422 invalid: Validation failed", backend.FailurePermanent},
		{"errors strings", 422, `{"message":"Validation failed","errors":["candidates is required"]}`, Error{422, "", "Validation failed; candidates is required"}, "", backend.FailurePermanent},
		{"errors objects", 422, `{"errors":[{"field":"assessment_id","message":"is required"}]}`, Error{422, "", "assessment_id is required"}, "", backend.FailurePermanent},
		{"errors by field", 422, `{"errors":{"url":["is invalid"]}}`, Error{422, "", "url is invalid"}, "", backend.FailurePermanent},
		{"gateway page", 502, `<html><head><title>502 Bad Gateway</title></head></html>`, Error{502, "", ""}, "qualified: 502 Bad Gateway", backend.FailureRetryLater},
		{"plain text", 500, `upstream connect error`, Error{500, "", "upstream connect error"}, "qualified: 500 upstream connect error", backend.FailureRetryLater},
		{"not found", 404, `{"error":"Not found"}`, Error{404, "", "Not found"}, "qualified: 404 Not found", backend.FailureNotFound},
		{"rate limited", 429, `{"error":"Too many requests"}`, Error{429, "", "Too many requests"}, "", backend.FailureRetryLater},
		{"empty", 503, ``, Error{503, "", ""}, "qualified: 503 Service Unavailable", backend.FailureRetryLater},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseError(tt.status, []byte(tt.body))
			if *got != tt.want {
				t.Errorf("got %+v, want %+v", *got, tt.want)
			}
			if tt.text != "" && got.Error() != tt.text {
				t.Errorf("Error() = %q, want %q", got.Error(), tt.text)
			}
			if k := backend.KindOf(got); k != tt.kind {
				t.Errorf("kind %q, want %q", k, tt.kind)
			}
		})
	}
}
