package workflow

import (
	"reflect"
	"testing"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
)

func TestTagChange(t *testing.T) {
	inv := func(status backend.Status, applied, matched string, place backend.TagPlace) backend.Invitation {
		return backend.Invitation{AssessmentTitle: "Backend Challenge", Status: status, AppliedTag: applied, MatchedTag: matched, TagPlace: place}
	}
	const (
		title     = "Backend Challenge"
		invited   = "Backend Challenge - Invited"
		started   = "Backend Challenge - Started"
		submitted = "Backend Challenge - Submitted"
	)
	tests := []struct {
		name   string
		inv    backend.Invitation
		add    string
		remove []string
		due    bool
	}{
		{"pending: no tag yet", inv(backend.StatusPending, "", title, backend.TagOnCandidate), "", nil, false},
		{"failed: no tag", inv(backend.StatusFailed, "", title, backend.TagOnCandidate), "", nil, false},
		{"closed: no tag change", inv(backend.StatusClosed, started, title, backend.TagOnCandidate), "", nil, false},
		{"invited, tagged on the candidate: its tag gives way", inv(backend.StatusInvited, "", title, backend.TagOnCandidate), invited, []string{title}, true},
		{"invited, tagged in another case: that tag gives way", inv(backend.StatusInvited, "", "backend challenge", backend.TagOnCandidate), invited, []string{"backend challenge"}, true},
		{"invited, tagged on the job: the job's tag stays", inv(backend.StatusInvited, "", title, backend.TagOnPosting), invited, nil, true},
		{"invited, tag in place", inv(backend.StatusInvited, invited, title, backend.TagOnCandidate), "", nil, false},
		{"started", inv(backend.StatusStarted, invited, title, backend.TagOnCandidate), started, []string{title, invited}, true},
		{"started, from the job", inv(backend.StatusStarted, invited, title, backend.TagOnPosting), started, []string{invited}, true},
		{"submitted, tag behind by two", inv(backend.StatusSubmitted, invited, title, backend.TagOnCandidate), submitted, []string{title, invited, started, title + backend.SuffixExpired}, true},
		{"submitted, tag in place", inv(backend.StatusSubmitted, submitted, title, backend.TagOnCandidate), "", nil, false},
		{"no matched tag recorded", inv(backend.StatusStarted, "", "", backend.TagOnCandidate), started, []string{invited}, true},
	}
	for _, tt := range tests {
		add, remove, due := tagChange(tt.inv)
		if add != tt.add || !reflect.DeepEqual(remove, tt.remove) || due != tt.due {
			t.Errorf("%s: tagChange = %q, %q, %v; want %q, %q, %v", tt.name, add, remove, due, tt.add, tt.remove, tt.due)
		}
	}
}

func TestNextNote(t *testing.T) {
	score := 85.0
	tests := []struct {
		name string
		inv  backend.Invitation
		r    backend.Result
		want noteStep
	}{
		{"started: no note", backend.Invitation{Status: backend.StatusStarted}, backend.Result{State: "started"}, noteNone},
		{"closed: no note", backend.Invitation{Status: backend.StatusClosed}, backend.Result{State: "closed"}, noteNone},
		{"submitted and scored", backend.Invitation{Status: backend.StatusSubmitted, Score: &score}, backend.Result{State: "submitted"}, noteWrite},
		{"submitted, still scoring", backend.Invitation{Status: backend.StatusSubmitted}, backend.Result{State: "submitting"}, noteWait},
		{"submitted, a score known while scoring again", backend.Invitation{Status: backend.StatusSubmitted, Score: &score}, backend.Result{State: "submitting"}, noteWrite},
		{"submitted without a score, scoring over", backend.Invitation{Status: backend.StatusSubmitted}, backend.Result{State: "submitted"}, noteWrite},
		{"note written already", backend.Invitation{Status: backend.StatusSubmitted, Score: &score, NoteID: "note-1"}, backend.Result{State: "submitted"}, noteNone},
	}
	for _, tt := range tests {
		if got := nextNote(tt.inv, tt.r); got != tt.want {
			t.Errorf("%s: nextNote = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestWrittenNoteIsFoundByItsMarker(t *testing.T) {
	notes := []lever.Note{
		{ID: "note-human", Value: "Strong candidate."},
		{ID: "note-other", Value: "Score: 60%\n" + backend.NoteMarker("r-2")},
		{ID: "note-ours", Value: "Score: 85%\n" + backend.NoteMarker("r-1")},
	}
	for _, tt := range []struct {
		result string
		id     string
		found  bool
	}{
		{"r-1", "note-ours", true},
		{"r-2", "note-other", true},
		{"r-3", "", false},
	} {
		if id, found := writtenNote(notes, tt.result); id != tt.id || found != tt.found {
			t.Errorf("writtenNote(%s) = %q, %v; want %q, %v", tt.result, id, found, tt.id, tt.found)
		}
	}
	if _, found := writtenNote(nil, "r-1"); found {
		t.Error("a note found among none")
	}
}

func TestResultLine(t *testing.T) {
	score, earlier := 85.0, 40.0
	inv := backend.Invitation{Candidate: backend.Candidate{Name: "Ada Lovelace"}, AssessmentTitle: "Backend Challenge", Status: backend.StatusInvited}
	scored := inv
	scored.Score = &earlier
	for _, tt := range []struct {
		inv    backend.Invitation
		r      backend.Result
		source string
		want   string
	}{
		{inv, backend.Result{Status: backend.StatusStarted}, SourceWebhook, "Ada Lovelace started Backend Challenge."},
		{inv, backend.Result{Status: backend.StatusSubmitted, Score: &score}, SourceWebhook, "Ada Lovelace submitted Backend Challenge: 85%."},
		{inv, backend.Result{Status: backend.StatusSubmitted}, SourcePoll, "Ada Lovelace submitted Backend Challenge. (found by polling Qualified)"},
		{scored, backend.Result{Status: backend.StatusSubmitted}, SourceWebhook, "Ada Lovelace submitted Backend Challenge: 40%."},
		{inv, backend.Result{Status: backend.StatusClosed}, SourceSweep, "Ada Lovelace's Backend Challenge was closed without a submission."},
		{inv, backend.Result{Status: backend.StatusClosed, ClosedReason: "timer_ran_out"}, SourceWebhook, "Ada Lovelace's Backend Challenge was closed without a submission."},
		{inv, backend.Result{Status: backend.StatusClosed, ClosedReason: backend.ClosedInvitationCanceled}, SourcePoll, "Ada Lovelace's invitation to Backend Challenge was cancelled. (found by polling Qualified)"},
		{inv, backend.Result{Status: backend.StatusInvited}, SourceRetry, "Ada Lovelace: Backend Challenge is invited."},
	} {
		if got := resultLine(tt.inv, tt.r, tt.source); got != tt.want {
			t.Errorf("resultLine(%s, %s) = %q, want %q", tt.r.Status, tt.source, got, tt.want)
		}
	}
}
