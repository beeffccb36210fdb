package lever

import "testing"

// TestOnlyIdempotentCallsAreRepeatable pins safeToRepeat for every call the
// client makes: a new note or a new webhook is never sent twice by the
// client itself.
func TestOnlyIdempotentCallsAreRepeatable(t *testing.T) {
	tests := []struct {
		method, path string
		want         bool
	}{
		{"GET", "/opportunities/opp-1", true},
		{"GET", "/opportunities/opp-1/notes", true},
		{"POST", "/opportunities/opp-1/addTags", true},
		{"POST", "/opportunities/opp-1/removeTags", true},
		{"PUT", "/webhooks", true},
		{"DELETE", "/webhooks/w-1", true},
		{"POST", "/opportunities/opp-1/notes", false},
		{"POST", "/webhooks", false},
		{"POST", "/opportunities/addTags-later/notes", false},
		{"PATCH", "/opportunities/opp-1", false},
	}
	for _, tt := range tests {
		if got := safeToRepeat(tt.method, tt.path); got != tt.want {
			t.Errorf("safeToRepeat(%s %s) = %v, want %v", tt.method, tt.path, got, tt.want)
		}
	}
}
