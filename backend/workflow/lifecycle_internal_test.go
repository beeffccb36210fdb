package workflow

import (
	"testing"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
)

func TestDecideLifecycle(t *testing.T) {
	inv := func(id int64, s backend.Status) lifeInvitation {
		p := "q-" + string(s)
		if s == backend.StatusPending || s == backend.StatusFailed {
			p = ""
		}
		return lifeInvitation{ID: id, AssessmentTitle: "Backend Challenge", Status: s, ProviderInvitationID: p}
	}
	every := []lifeInvitation{inv(1, backend.StatusPending), inv(2, backend.StatusInvited), inv(3, backend.StatusStarted),
		inv(4, backend.StatusSubmitted), inv(5, backend.StatusClosed), inv(6, backend.StatusFailed)}
	type cancel struct {
		id  int64
		ask bool
	}
	openOnes := []cancel{{1, false}, {2, true}, {3, true}}
	tests := []struct {
		name       string
		ev         lifeEvent
		cancels    []cancel
		reason     string
		state      string
		hired      bool
		forget     bool
		keptSaying bool
	}{
		{name: "archived, setting on: open invitations withdrawn, unsent never sent",
			ev:      lifeEvent{Event: lever.EventCandidateArchiveChange, Archived: true, CancelOnArchive: true, Invitations: every},
			cancels: openOnes, reason: "archived", state: "archived"},
		{name: "archived, setting off: shown, nothing withdrawn",
			ev:    lifeEvent{Event: lever.EventCandidateArchiveChange, Archived: true, Invitations: every},
			state: "archived", keptSaying: true},
		{name: "archived, only settled invitations",
			ev:    lifeEvent{Event: lever.EventCandidateArchiveChange, Archived: true, CancelOnArchive: true, Invitations: every[3:]},
			state: "archived"},
		{name: "archived again after a redelivery: withdrawn ones are closed by now",
			ev: lifeEvent{Event: lever.EventCandidateArchiveChange, Archived: true, Recorded: "archived", CancelOnArchive: true,
				Invitations: []lifeInvitation{inv(2, backend.StatusClosed)}}},
		{name: "archive event but Lever says active again: unarchived, nothing automatic",
			ev:    lifeEvent{Event: lever.EventCandidateArchiveChange, Recorded: "archived", CancelOnArchive: true, Invitations: every},
			state: "unarchived", keptSaying: true},
		{name: "unarchived twice: recorded once",
			ev:         lifeEvent{Event: lever.EventCandidateArchiveChange, Recorded: "unarchived", Invitations: every},
			keptSaying: true},
		{name: "archive event for a candidate gone from Lever: left to the deletion",
			ev:         lifeEvent{Event: lever.EventCandidateArchiveChange, Gone: true, CancelOnArchive: true, Invitations: every},
			keptSaying: true},
		{name: "deleted: open invitations withdrawn whatever the setting, the rest forgotten",
			ev:      lifeEvent{Event: lever.EventCandidateDeleted, Gone: true, Invitations: every},
			cancels: openOnes, reason: "deleted", forget: true},
		{name: "deleted but Lever still has them: nothing removed",
			ev:         lifeEvent{Event: lever.EventCandidateDeleted, Invitations: every},
			keptSaying: true},
		{name: "hired: recorded against the results",
			ev:    lifeEvent{Event: lever.EventCandidateHired, Archived: true, Invitations: every},
			hired: true},
		{name: "hired, recorded already",
			ev: lifeEvent{Event: lever.EventCandidateHired, Archived: true, HiredRecorded: true, Invitations: every}},
		{name: "hired but gone from Lever",
			ev:         lifeEvent{Event: lever.EventCandidateHired, Gone: true, Invitations: every},
			keptSaying: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decideLifecycle(tt.ev)
			var got []cancel
			for _, c := range d.Cancels {
				got = append(got, cancel{c.Invitation.ID, c.AskQualified})
			}
			if len(got) != len(tt.cancels) {
				t.Fatalf("cancels %v, want %v", got, tt.cancels)
			}
			for i := range got {
				if got[i] != tt.cancels[i] {
					t.Fatalf("cancels %v, want %v", got, tt.cancels)
				}
			}
			if d.Reason != tt.reason || d.RecordState != tt.state || d.RecordHired != tt.hired || d.Forget != tt.forget {
				t.Errorf("got %+v", d)
			}
			if (d.Kept != "") != tt.keptSaying {
				t.Errorf("kept %q, want a line: %v", d.Kept, tt.keptSaying)
			}
		})
	}
}

func TestArchiveCancelTakesTheStatusTagOffButADeletionDoesNot(t *testing.T) {
	invs := []lifeInvitation{
		{ID: 1, AssessmentTitle: "Backend Challenge", Status: backend.StatusStarted, ProviderInvitationID: "q-1", AppliedTag: "Backend Challenge - Started"},
		{ID: 2, AssessmentTitle: "SQL Basics", Status: backend.StatusPending},
	}
	archived := decideLifecycle(lifeEvent{Event: lever.EventCandidateArchiveChange, Archived: true, CancelOnArchive: true, Invitations: invs})
	if len(archived.Cancels) != 2 || len(archived.Cancels[0].RemoveTags) != 1 || archived.Cancels[0].RemoveTags[0] != "Backend Challenge - Started" ||
		len(archived.Cancels[1].RemoveTags) != 0 {
		t.Errorf("archived: %+v", archived.Cancels)
	}
	if got, want := cancelLine("Ada", archived.Cancels[0], "archived"),
		`Ada was archived in Lever: the invitation to Backend Challenge was cancelled in Qualified; tag "Backend Challenge - Started" removed in Lever.`; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
	deleted := decideLifecycle(lifeEvent{Event: lever.EventCandidateDeleted, Gone: true, Invitations: invs})
	for _, c := range deleted.Cancels {
		if len(c.RemoveTags) != 0 {
			t.Errorf("deleted: tags taken off a candidate Lever no longer has: %+v", c)
		}
	}
}

func TestARetryLooksBeforeInviting(t *testing.T) {
	for _, tt := range []struct {
		args    InviteArgs
		attempt int
		want    bool
	}{
		{InviteArgs{InvitationID: 1, Attempt: 1}, 1, false},
		{InviteArgs{InvitationID: 1, Attempt: 2}, 1, true},
		{InviteArgs{InvitationID: 1, Attempt: 1}, 2, true},
		{InviteArgs{InvitationID: 1, Attempt: 1, Swept: 1}, 1, true},
	} {
		if got := inviteRetried(tt.args, tt.attempt); got != tt.want {
			t.Errorf("inviteRetried(%+v, %d) = %v", tt.args, tt.attempt, got)
		}
	}
	gone := kindErr(backend.FailureNotFound)
	archived := &lever.Opportunity{Archived: &lever.Archived{ArchivedAt: 1}}
	for _, tt := range []struct {
		name  string
		retry bool
		err   error
		opp   *lever.Opportunity
		want  string
	}{
		{"first try: no look", false, nil, archived, ""},
		{"retry, archived", true, nil, archived, "archived"},
		{"retry, deleted", true, gone, nil, "deleted"},
		{"retry, active", true, nil, &lever.Opportunity{}, ""},
		{"retry, Lever failed: tried again, not decided", true, kindErr(backend.FailureRetryLater), nil, ""},
	} {
		if got := notToInvite(tt.retry, tt.err, tt.opp); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// kindErr is a failure of one kind, as the clients classify them.
type kindErr backend.FailureKind

func (k kindErr) Error() string                    { return string(k) }
func (k kindErr) FailureKind() backend.FailureKind { return backend.FailureKind(k) }
