package workflow

import (
	"slices"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

func TestDeadlineRequest(t *testing.T) {
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		name             string
		rule             sqlite.DeadlineRule
		expires, reminds time.Time
		defaults         bool
	}{
		{"off", sqlite.DeadlineRule{}, time.Time{}, time.Time{}, false},
		{"expire and remind", sqlite.DeadlineRule{ExpireDays: 7, RemindDays: 3}, now.Add(7 * day), now.Add(3 * day), false},
		{"a reminder after the deadline is dropped", sqlite.DeadlineRule{ExpireDays: 2, RemindDays: 3}, now.Add(2 * day), time.Time{}, false},
		{"remind only", sqlite.DeadlineRule{RemindDays: 3}, time.Time{}, now.Add(3 * day), false},
		{"Qualified's defaults", sqlite.DeadlineRule{QualifiedDefaults: true, ExpireDays: 9}, time.Time{}, time.Time{}, true},
	}
	for _, tt := range tests {
		got := deadlineRequest(tt.rule, now, backend.InviteRequest{Email: "a@example.com"})
		if !got.ExpiresAt.Equal(tt.expires) || !got.ReminderAt.Equal(tt.reminds) || got.DayDefaults != tt.defaults || got.Email == "" {
			t.Errorf("%s: %+v", tt.name, got)
		}
	}
}

func TestExpiryDue(t *testing.T) {
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Minute), now.Add(time.Minute)
	tests := []struct {
		status  backend.Status
		expires time.Time
		want    bool
	}{
		{backend.StatusInvited, past, true},
		{backend.StatusStarted, past, true},
		{backend.StatusInvited, now, true},
		{backend.StatusInvited, future, false},
		{backend.StatusInvited, time.Time{}, false},
		{backend.StatusSubmitted, past, false},
		{backend.StatusClosed, past, false},
		{backend.StatusExpired, past, false},
		{backend.StatusPending, past, false},
		{backend.StatusFailed, past, false},
	}
	for _, tt := range tests {
		if got := expiryDue(tt.status, tt.expires, now); got != tt.want {
			t.Errorf("expiryDue(%s, %v) = %v, want %v", tt.status, tt.expires, got, tt.want)
		}
	}
	// The expired tag replaces the invited and started ones.
	inv := backend.Invitation{AssessmentTitle: "Go", Status: backend.StatusExpired, AppliedTag: "Go - Invited", TagPlace: backend.TagOnPosting}
	add, remove, due := tagChange(inv)
	if !due || add != "Go - Expired" || !slices.Equal(remove, []string{"Go - Invited", "Go - Started"}) {
		t.Errorf("tagChange(expired) = %q, %q, %v", add, remove, due)
	}
}

func TestActionAllowed(t *testing.T) {
	tests := []struct {
		action   string
		status   backend.Status
		cameBack bool
		want     bool
	}{
		{ActionResend, backend.StatusInvited, false, true},
		{ActionResend, backend.StatusStarted, false, false},
		{ActionResend, backend.StatusExpired, false, false},
		{ActionResend, backend.StatusPending, false, false},
		{ActionCancel, backend.StatusInvited, false, true},
		{ActionCancel, backend.StatusStarted, false, true},
		{ActionCancel, backend.StatusExpired, false, true},
		{ActionCancel, backend.StatusPending, false, true},
		{ActionCancel, backend.StatusSubmitted, false, false},
		{ActionCancel, backend.StatusClosed, false, false},
		{ActionRetry, backend.StatusExpired, false, true},
		{ActionRetry, backend.StatusClosed, false, true},
		{ActionRetry, backend.StatusSubmitted, false, true},
		{ActionRetry, backend.StatusInvited, false, false},
		{ActionRetry, backend.StatusInvited, true, true},
		{ActionRetry, backend.StatusPending, true, false},
		{ActionRetry, backend.StatusFailed, true, false},
		{"archive", backend.StatusInvited, false, false},
	}
	for _, tt := range tests {
		got, why := actionAllowed(tt.action, tt.status, tt.cameBack)
		if got != tt.want || (!got && why == "") {
			t.Errorf("actionAllowed(%s, %s, %v) = %v %q, want %v", tt.action, tt.status, tt.cameBack, got, why, tt.want)
		}
	}
}

func TestNextActionStepAndTags(t *testing.T) {
	for state, want := range map[string]actionStep{"queued": stepCall, "calling": stepLook, "done": stepNone, "unsure": stepNone, "failed": stepNone} {
		if got := nextActionStep(sqlite.InvitationAction{State: state}); got != want {
			t.Errorf("nextActionStep(%s) = %v, want %v", state, got, want)
		}
	}
	add, remove := reinviteTags("Go")
	if add != "Go - Invited" || !slices.Equal(remove, []string{"Go - Started", "Go - Expired", "Go - Submitted"}) {
		t.Errorf("reinviteTags = %q %q", add, remove)
	}
	if cancelTags("") != nil || !slices.Equal(cancelTags("Go - Invited"), []string{"Go - Invited"}) {
		t.Error("cancelTags")
	}
}

func TestDueLine(t *testing.T) {
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		status  backend.Status
		expires time.Time
		want    string
	}{
		{backend.StatusInvited, now.Add(3*day + time.Hour), "due in 3 days"},
		{backend.StatusInvited, now.Add(day + time.Hour), "due tomorrow"},
		{backend.StatusStarted, now.Add(5 * time.Hour), "due in 5 hours"},
		{backend.StatusInvited, now.Add(-time.Hour), "past its deadline"},
		{backend.StatusExpired, now.Add(-time.Hour), "expired"},
		{backend.StatusSubmitted, now.Add(day), ""},
		{backend.StatusInvited, time.Time{}, ""},
	}
	for _, tt := range tests {
		if got := dueLine(tt.status, tt.expires, now); got != tt.want {
			t.Errorf("dueLine(%s, %v) = %q, want %q", tt.status, tt.expires, got, tt.want)
		}
	}
}
