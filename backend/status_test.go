package backend_test

import (
	"slices"
	"testing"

	"github.com/assessbridge/assessbridge/backend"
)

func TestNormalizeTitle(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Go Backend", "go backend"},
		{"  Go Backend  ", "go backend"},
		{"\tGO BACKEND\n", "go backend"},
		{"Go  Backend", "go  backend"}, // inner spaces are kept as typed
		{"go backend", "go backend"},
		{"ÉCOLE Test", "école test"},
		{"\u00a0Go\u00a0", "go"}, // a no-break space around the tag is trimmed too
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := backend.NormalizeTitle(tt.in); got != tt.want {
			t.Errorf("NormalizeTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeTitleMatchesDifferentSpellings(t *testing.T) {
	title := "Senior Go Engineer"
	for _, tag := range []string{"senior go engineer", " SENIOR GO ENGINEER ", "Senior Go Engineer\n"} {
		if backend.NormalizeTitle(tag) != backend.NormalizeTitle(title) {
			t.Errorf("tag %q does not match title %q", tag, title)
		}
	}
	for _, tag := range []string{"Senior  Go Engineer", "Senior Go", "SeniorGoEngineer"} {
		if backend.NormalizeTitle(tag) == backend.NormalizeTitle(title) {
			t.Errorf("tag %q matches title %q, want no match", tag, title)
		}
	}
}

func TestStatusValid(t *testing.T) {
	for _, s := range backend.Statuses {
		if !s.Valid() {
			t.Errorf("%q.Valid() = false", s)
		}
	}
	for _, s := range []backend.Status{"", "Invited", "opened", "terminated", "unknown"} {
		if s.Valid() {
			t.Errorf("%q.Valid() = true", s)
		}
	}
}

func TestStatusAdvances(t *testing.T) {
	var (
		pending   = backend.StatusPending
		invited   = backend.StatusInvited
		started   = backend.StatusStarted
		submitted = backend.StatusSubmitted
		closed    = backend.StatusClosed
		failed    = backend.StatusFailed
	)
	tests := []struct {
		from, to backend.Status
		want     bool
	}{
		{pending, invited, true},
		{pending, started, true},
		{pending, submitted, true},
		{pending, closed, true},
		{invited, started, true},
		{invited, submitted, true},
		{invited, closed, true},
		{started, submitted, true},
		{started, closed, true},

		// Never backwards, never sideways.
		{pending, pending, false},
		{invited, invited, false},
		{invited, pending, false},
		{started, started, false},
		{started, invited, false},
		{started, pending, false},
		{submitted, started, false},
		{submitted, invited, false},
		{closed, invited, false},
		{pending, failed, false},
		{invited, failed, false},
		{started, failed, false},

		// A failed invitation may become anything else.
		{failed, pending, true},
		{failed, invited, true},
		{failed, started, true},
		{failed, submitted, true},
		{failed, closed, true},
		{failed, failed, false},

		// Submitted and closed are terminal.
		{submitted, submitted, false},
		{submitted, closed, false},
		{submitted, failed, false},
		{submitted, pending, false},
		{closed, closed, false},
		{closed, submitted, false},
		{closed, started, false},
		{closed, failed, false},

		// An unknown status is never progress.
		{invited, "", false},
		{invited, "bogus", false},
		{failed, "", false},
	}
	for _, tt := range tests {
		if got := tt.from.Advances(tt.to); got != tt.want {
			t.Errorf("%q.Advances(%q) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

// TestStatusForState follows the mapping table in the Qualified API notes.
func TestStatusForState(t *testing.T) {
	tests := []struct {
		state string
		want  backend.Status
	}{
		{"invited", backend.StatusInvited},
		{"opened", backend.StatusInvited},
		{"started", backend.StatusStarted},
		{"submitting", backend.StatusSubmitted},
		{"submitted", backend.StatusSubmitted},
		{"terminated", backend.StatusClosed},
		{"", ""},
		{"Submitted", ""},
		{"expired", ""},
		{"pending", ""},
		{"failed", ""},
	}
	for _, tt := range tests {
		if got := backend.StatusForState(tt.state); got != tt.want {
			t.Errorf("StatusForState(%q) = %q, want %q", tt.state, got, tt.want)
		}
	}
}

func TestTagFor(t *testing.T) {
	const title = "Go Backend"
	tests := []struct {
		status backend.Status
		want   string
	}{
		{backend.StatusInvited, "Go Backend - Invited"},
		{backend.StatusStarted, "Go Backend - Started"},
		{backend.StatusSubmitted, "Go Backend - Submitted"},
		{backend.StatusPending, ""},
		{backend.StatusExpired, "Go Backend - Expired"},
		{backend.StatusClosed, ""},
		{backend.StatusFailed, ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := backend.TagFor(title, tt.status); got != tt.want {
			t.Errorf("TagFor(%q, %q) = %q, want %q", title, tt.status, got, tt.want)
		}
	}
}

func TestTagsReplacedBy(t *testing.T) {
	const title = "Go Backend"
	tests := []struct {
		status backend.Status
		want   []string
	}{
		{backend.StatusPending, nil},
		{backend.StatusInvited, nil},
		{backend.StatusStarted, []string{"Go Backend - Invited"}},
		{backend.StatusSubmitted, []string{"Go Backend - Invited", "Go Backend - Started", "Go Backend - Expired"}},
		{backend.StatusExpired, []string{"Go Backend - Invited", "Go Backend - Started"}},
		{backend.StatusClosed, nil},
		{backend.StatusFailed, nil},
	}
	for _, tt := range tests {
		got := backend.TagsReplacedBy(title, tt.status)
		if !slices.Equal(got, tt.want) {
			t.Errorf("TagsReplacedBy(%q, %q) = %q, want %q", title, tt.status, got, tt.want)
		}
		// The tag a status shows is never among the ones it removes.
		if tag := backend.TagFor(title, tt.status); tag != "" && slices.Contains(got, tag) {
			t.Errorf("TagsReplacedBy(%q) removes its own tag %q", tt.status, tag)
		}
		// Every replaced tag is an earlier status's tag.
		for _, r := range got {
			found := false
			for _, s := range backend.Statuses {
				if backend.TagFor(title, s) == r && s.Advances(tt.status) {
					found = true
				}
			}
			if !found {
				t.Errorf("TagsReplacedBy(%q) = %q: %q is not an earlier status's tag", tt.status, got, r)
			}
		}
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	domain := backend.Errorf(backend.ECONFLICT, "Invitation %d is busy.", 7)
	tests := []struct {
		name     string
		err      error
		wantCode string
		wantMsg  string
	}{
		{"domain error", domain, backend.ECONFLICT, "Invitation 7 is busy."},
		{"wrapped domain error", wrap{domain}, backend.ECONFLICT, "Invitation 7 is busy."},
		{"plain error", plain("disk full"), backend.EINTERNAL, "Internal error."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := backend.ErrorCode(tt.err); got != tt.wantCode {
				t.Errorf("ErrorCode = %q, want %q", got, tt.wantCode)
			}
			if got := backend.ErrorMessage(tt.err); got != tt.wantMsg {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.wantMsg)
			}
		})
	}
}

type plain string

func (p plain) Error() string { return string(p) }

type wrap struct{ err error }

func (w wrap) Error() string { return "context: " + w.err.Error() }
func (w wrap) Unwrap() error { return w.err }
