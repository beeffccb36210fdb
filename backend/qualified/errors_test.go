package qualified

import "testing"

func TestParseError(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   Error
		text   string
	}{
		{"error string", 401, `{"error":"Invalid API key"}`, Error{401, "", "Invalid API key"}, "qualified: 401 Invalid API key"},
		{"error object", 403, `{"error":{"code":"forbidden","message":"No access"}}`, Error{403, "forbidden", "No access"}, "qualified: 403 forbidden: No access"},
		{"message and code", 422, `{"message":"Validation failed","code":"invalid"}`, Error{422, "invalid", "Validation failed"}, "qualified: 422 invalid: Validation failed"},
		{"errors strings", 422, `{"message":"Validation failed","errors":["candidates is required"]}`, Error{422, "", "Validation failed; candidates is required"}, ""},
		{"errors objects", 422, `{"errors":[{"field":"assessment_id","message":"is required"}]}`, Error{422, "", "assessment_id is required"}, ""},
		{"errors by field", 422, `{"errors":{"url":["is invalid"]}}`, Error{422, "", "url is invalid"}, ""},
		{"gateway page", 502, `<html><head><title>502 Bad Gateway</title></head></html>`, Error{502, "", ""}, "qualified: 502 Bad Gateway"},
		{"plain text", 500, `upstream connect error`, Error{500, "", "upstream connect error"}, "qualified: 500 upstream connect error"},
		{"empty", 503, ``, Error{503, "", ""}, "qualified: 503 Service Unavailable"},
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
		})
	}
}
