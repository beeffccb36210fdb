package workflow_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// noteLines returns the activity lines that say id's results note is in
// Lever.
func (r *rig) noteLines(id string) []string {
	var out []string
	for _, a := range r.activity(backend.OutcomeOK) {
		if a.OpportunityID == id && strings.Contains(a.Message, "added as a note in Lever") {
			out = append(out, a.Message)
		}
	}
	return out
}

// noteRecordedOnce checks one results note in Lever, recorded on the
// invitation, with one activity line that says so.
func (r *rig) noteRecordedOnce(id string) {
	r.t.Helper()
	r.eventually(30*time.Second, func() bool { return r.invitation(id, "Backend Challenge").NoteID != "" }, r.describe(id))
	r.waitIdle()
	notes := r.lev.Notes(id)
	if len(notes) != 1 {
		r.t.Fatalf("%d results notes in Lever, want exactly 1", len(notes))
	}
	if inv := r.invitation(id, "Backend Challenge"); inv.NoteID != notes[0].ID {
		r.t.Errorf("invitation records note %q, Lever has %q", inv.NoteID, notes[0].ID)
	}
	if lines := r.noteLines(id); len(lines) != 1 {
		r.t.Errorf("activity lines for the note: %q, want one", lines)
	}
}

func TestResultNoteWrittenOnceWhenLeverAnswers502AfterStoring(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.invited("opp-502")
	// Lever stores the note, then its gateway answers 502.
	r.lev.FaultNext("POST", "/opportunities/opp-502/notes", 1, levertest.Fault{Status: http.StatusBadGateway})
	r.submitted("opp-502", 90)
	r.noteRecordedOnce("opp-502")
	if !r.hasExactly("opp-502", "Backend Challenge - Submitted") {
		t.Errorf("tags %v", r.tags("opp-502"))
	}
	if n := r.lev.Stats().ByRoute["POST /opportunities/:id/notes"]; n != 1 {
		t.Errorf("%d note POSTs reached Lever, want 1", n)
	}
}

func TestResultNoteWrittenOnceWhenTheNoteAnswerIsLost(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault levertest.Fault
	}{
		{"timeout", levertest.Fault{Delay: beyondClient}},
		{"connection reset", levertest.Fault{Reset: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, rigOptions{})
			id := "opp-" + strings.ReplaceAll(tt.name, " ", "-")
			r.invited(id)
			r.lev.FaultNext("POST", "/opportunities/"+id+"/notes", 1, tt.fault)
			r.submitted(id, 75)
			r.noteRecordedOnce(id)
		})
	}
}

// A backup taken after the result came in but before its note was
// recorded knows nothing of the note; restored, it must not post another.
func TestNoNoteWrittenTwiceAfterABackupIsRestored(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.invited("opp-restored")
	r.submitted("opp-restored", 88)
	r.noteRecordedOnce("opp-restored")

	inv := r.invitation("opp-restored", "Backend Challenge")
	if _, err := r.db.Writer().Exec(`UPDATE invitations SET note_id = '', note_attempted = 0 WHERE id = ?`, inv.ID); err != nil {
		t.Fatal(err)
	}
	// The result comes round again, as polling or a redelivery brings it.
	r.deliverResult(inv.ResultID, "submitted")
	r.eventually(30*time.Second, func() bool { return r.invitation("opp-restored", "Backend Challenge").NoteID != "" }, r.describe("opp-restored"))
	r.waitIdle()
	if notes := r.lev.Notes("opp-restored"); len(notes) != 1 || notes[0].ID != inv.NoteID {
		t.Fatalf("notes in Lever %s, want only the first, %s", describeNotes(notes), inv.NoteID)
	}
	if got := r.invitation("opp-restored", "Backend Challenge").NoteID; got != inv.NoteID {
		t.Errorf("restored invitation records note %q, want the one in Lever, %q", got, inv.NoteID)
	}
}

func describeNotes(notes []levertest.Note) string {
	ids := make([]string, len(notes))
	for i, n := range notes {
		ids[i] = n.ID
	}
	return fmt.Sprintf("%d %v", len(notes), ids)
}

// Every other write the app makes, answered 502 after it was made: the
// invitation and the tag changes are sent again in place (safe: Qualified
// does not e-mail an invited candidate again, tags are a set) and end right.
func TestInviteAndTagsAnswered502AfterTheChangeEndRightAndEmailOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.candidate("opp-gw", "Backend Challenge")
	r.qual.FaultNext("POST", "/v1/assessment_invitations", 1, qualifiedtest.Fault{Status: http.StatusBadGateway})
	r.lev.FaultNext("POST", "/opportunities/opp-gw/addTags", 1, levertest.Fault{Status: http.StatusBadGateway})
	r.lev.FaultNext("POST", "/opportunities/opp-gw/removeTags", 1, levertest.Fault{Status: http.StatusGatewayTimeout})
	r.move("opp-gw")
	r.invitedOnce("opp-gw")
	if n := len(r.qual.Invitations()); n != 1 {
		t.Errorf("%d invitations in Qualified, want 1", n)
	}
	if inv := r.invitation("opp-gw", "Backend Challenge"); inv.Status != backend.StatusInvited || inv.ResultID == "" {
		t.Errorf("stored invitation %+v", inv)
	}
}
