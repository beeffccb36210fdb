package workflow

import (
	"reflect"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// "Invite these N" lifts one rule of the decision, and only that one.
func TestInviteExistingLiftsOnlyTheAlreadyThereRule(t *testing.T) {
	since := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	stage := backend.TriggerStage{StageID: "st-assess", Name: "Coding assessment", Since: since}
	ada := arrival{OpportunityID: "opp-1", Name: "Ada Lovelace", StageID: "st-assess", EnteredAt: since.Add(-time.Hour),
		Email: "ada@example.com", InviteExisting: true}
	tests := []struct {
		name   string
		change func(*arrival)
		admit  bool
		why    string
	}{
		{name: "there before the stage became a trigger: admitted", change: func(*arrival) {}, admit: true},
		{name: "the usual rule still skips them", change: func(a *arrival) { a.InviteExisting = false },
			why: "Ada Lovelace: was already in Coding assessment before it became a trigger stage, so was skipped."},
		{name: "archived", change: func(a *arrival) { a.Archived = true }, why: "Ada Lovelace: archived in Lever, not invited."},
		{name: "moved on", change: func(a *arrival) { a.StageID = "st-onsite" }, why: "Ada Lovelace: no longer in Coding assessment, not invited."},
		{name: "decided with invitations already (a second click, or the webhook's job first)", change: func(a *arrival) { a.DecidedAlready = true },
			why: "Ada Lovelace: this move into Coding assessment was handled already."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ada
			tt.change(&a)
			d, ok := admit(stage, a)
			if ok != tt.admit || d.Skipped != tt.why {
				t.Errorf("admit = %v, %q; want %v, %q", ok, d.Skipped, tt.admit, tt.why)
			}
		})
	}
}

// The preview, read as a table: who is in the stage, and why each would or
// would not be invited by "Invite these N".
func TestPreview(t *testing.T) {
	since := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	trigger := backend.TriggerStage{StageID: "st-assess", Name: "Coding assessment", Since: since}
	notYet := backend.TriggerStage{StageID: "st-assess", Name: "Coding assessment"}
	known := []backend.Assessment{
		{ID: "a-backend", Title: "Backend Challenge", Published: true},
		{ID: "a-sql", Title: "SQL Basics", Published: true},
	}
	jobTags := map[string][]string{"post-sql": {"SQL Basics"}, "post-plain": {"Remote"}}
	before := since.Add(-24 * time.Hour)
	base := Occupant{OpportunityID: "opp-1", Name: "Ada", Email: "ada@example.com", StageID: "st-assess", EnteredAt: before,
		PostingIDs: []string{"post-plain"}, PostingTitle: "Backend Engineer"}
	with := func(change func(*Occupant)) Occupant {
		o := base
		change(&o)
		return o
	}
	tests := []struct {
		name    string
		stage   backend.TriggerStage
		who     Occupant
		invited map[string]bool
		want    PreviewRow
	}{
		{name: "tagged, there before the stage became a trigger",
			who:  with(func(o *Occupant) { o.Tags = []string{"backend challenge"} }),
			want: PreviewRow{Assessments: []string{"Backend Challenge"}, Reason: ReasonAlreadyThere, Why: "Was in the stage before it became a trigger stage, so the usual rule skipped them."}},
		{name: "a job's tag is enough",
			who:  with(func(o *Occupant) { o.PostingIDs = []string{"post-sql"} }),
			want: PreviewRow{Assessments: []string{"SQL Basics"}, Reason: ReasonAlreadyThere, Why: "Was in the stage before it became a trigger stage, so the usual rule skipped them."}},
		{name: "not a trigger stage yet: the check before turning it on", stage: notYet,
			who:  with(func(o *Occupant) { o.Tags = []string{"Backend Challenge"}; o.EnteredAt = since.Add(time.Hour) }),
			want: PreviewRow{Assessments: []string{"Backend Challenge"}, Reason: ReasonAlreadyThere, Why: "Already in the stage: once it is a trigger stage, the usual rule skips them."}},
		{name: "entered since, not invited yet",
			who:  with(func(o *Occupant) { o.Tags = []string{"Backend Challenge"}; o.EnteredAt = since.Add(time.Hour) }),
			want: PreviewRow{Assessments: []string{"Backend Challenge"}, Reason: ReasonNotYetInvited, Why: "Entered since it became a trigger stage and is not invited yet (no tag named an assessment then, or it is being handled now)."}},
		{name: "archived",
			who:  with(func(o *Occupant) { o.Tags = []string{"Backend Challenge"}; o.Archived = true }),
			want: PreviewRow{Reason: ReasonArchived, Why: "Archived in Lever: archived candidates are never invited."}},
		{name: "moved on since Lever was read",
			who:  with(func(o *Occupant) { o.Tags = []string{"Backend Challenge"}; o.StageID = "st-onsite" }),
			want: PreviewRow{Reason: ReasonMovedOn, Why: "No longer in Coding assessment."}},
		{name: "no e-mail address",
			who:  with(func(o *Occupant) { o.Tags = []string{"Backend Challenge"}; o.Email = "" }),
			want: PreviewRow{Assessments: []string{"Backend Challenge"}, Reason: ReasonNoEmail, Why: "No e-mail address in Lever: add one in Lever to invite them."}},
		{name: "no tag names an assessment",
			who:  with(func(o *Occupant) { o.Tags = []string{"Referral"} }),
			want: PreviewRow{Reason: ReasonNoTag, Why: "No tag on the candidate or the job names an assessment (tags: Referral)."}},
		{name: "already invited to everything tagged",
			who:     with(func(o *Occupant) { o.Tags = []string{"Backend Challenge"} }),
			invited: map[string]bool{"a-backend": true},
			want:    PreviewRow{Assessments: []string{"Backend Challenge"}, Reason: ReasonInvited, Why: "Already invited to Backend Challenge."}},
		{name: "invited to one, the other still due",
			who:     with(func(o *Occupant) { o.Tags = []string{"Backend Challenge"}; o.PostingIDs = []string{"post-sql"} }),
			invited: map[string]bool{"a-backend": true},
			want: PreviewRow{Assessments: []string{"SQL Basics"}, Reason: ReasonAlreadyThere,
				Why: "Was in the stage before it became a trigger stage, so the usual rule skipped them. Already invited to Backend Challenge."}},
		{name: "already invited, the tag moved on to Title - Invited",
			who:     with(func(o *Occupant) { o.Tags = []string{"Backend Challenge - Invited"} }),
			invited: map[string]bool{"a-backend": true},
			want:    PreviewRow{Assessments: []string{"Backend Challenge"}, Reason: ReasonInvited, Why: "Already invited to Backend Challenge."}},
		{name: "already invited and no e-mail: already invited is the reason",
			who:     with(func(o *Occupant) { o.Tags = []string{"Backend Challenge"}; o.Email = "" }),
			invited: map[string]bool{"a-backend": true},
			want:    PreviewRow{Assessments: []string{"Backend Challenge"}, Reason: ReasonInvited, Why: "Already invited to Backend Challenge."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stage := trigger
			if tt.stage.StageID != "" {
				stage = tt.stage
			}
			got := Preview(stage, []Occupant{tt.who}, known, jobTags, map[string]map[string]bool{"opp-1": tt.invited})
			want := tt.want
			want.OpportunityID, want.Name, want.PostingTitle = "opp-1", "Ada", "Backend Engineer"
			if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
				t.Errorf("Preview =\n%#v\nwant\n%#v", got, want)
			}
			if got[0].Reason.Invites() != (want.Reason == ReasonAlreadyThere || want.Reason == ReasonNotYetInvited) {
				t.Errorf("Invites() = %v for %s", got[0].Reason.Invites(), want.Reason)
			}
		})
	}
}
