package workflow

import (
	"reflect"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// The decision on a stage change, read as a table: plain values in, what to
// do and why out; no River, no SQLite, no simulator.
func TestDecideStageChange(t *testing.T) {
	since := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	stage := backend.TriggerStage{StageID: "st-assess", Name: "Coding assessment", Since: since}
	known := []backend.Assessment{
		{ID: "a-backend", Title: "Backend Challenge", Published: true},
		{ID: "a-sql", Title: "  SQL Basics ", Published: true},
		{ID: "a-draft", Title: "Draft Quiz"},
		{ID: "a-backend-copy", Title: "backend challenge", Published: true},
		{ID: "a-untitled", Title: " ", Published: true},
	}
	ada := arrival{OpportunityID: "opp-1", Name: "Ada Lovelace", StageID: "st-assess", EnteredAt: since.Add(time.Hour), Email: "ada@example.com"}
	with := func(change func(*arrival)) arrival {
		a := ada
		change(&a)
		return a
	}
	tagged := func(tags ...string) arrival { return with(func(a *arrival) { a.Tags = tags }) }
	invite := func(id, title, tag string, place backend.TagPlace) backend.Invitation {
		return backend.Invitation{OpportunityID: "opp-1", AssessmentID: id, AssessmentTitle: title, MatchedTag: tag, TagPlace: place,
			StageID: "st-assess", Status: backend.StatusPending}
	}
	noEmailInvite := invite("a-backend", "Backend Challenge", "Backend Challenge", backend.TagOnCandidate)
	noEmailInvite.Status, noEmailInvite.Error = backend.StatusFailed, "The candidate has no e-mail address in Lever. Add one, then retry."

	tests := []struct {
		name    string
		stage   backend.TriggerStage
		arrival arrival
		jobTags []string
		want    stageDecision
	}{
		{name: "archived, tags and all", arrival: with(func(a *arrival) { a.Archived = true; a.Tags = []string{"Backend Challenge"} }),
			want: stageDecision{Skipped: "Ada Lovelace: archived in Lever, not invited."}},
		{name: "moved on to another stage", arrival: with(func(a *arrival) { a.StageID = "st-onsite"; a.Tags = []string{"Backend Challenge"} }),
			want: stageDecision{Skipped: "Ada Lovelace: no longer in Coding assessment, not invited."}},
		{name: "a stage without a name is named by its id", stage: backend.TriggerStage{StageID: "st-assess", Since: since}, arrival: with(func(a *arrival) { a.StageID = "st-onsite" }),
			want: stageDecision{Skipped: "Ada Lovelace: no longer in st-assess, not invited."}},
		{name: "there before the stage became a trigger", arrival: with(func(a *arrival) { a.EnteredAt = since.Add(-time.Millisecond); a.Tags = []string{"Backend Challenge"} }),
			want: stageDecision{Entry: "already-there", Skipped: "Ada Lovelace: was already in Coding assessment before it became a trigger stage, so was skipped."}},
		{name: "entered the moment it became a trigger", arrival: with(func(a *arrival) { a.EnteredAt = since; a.Tags = []string{"Backend Challenge"} }),
			want: stageDecision{Entry: "decided", Invitations: []backend.Invitation{invite("a-backend", "Backend Challenge", "Backend Challenge", backend.TagOnCandidate)}}},
		{name: "no tags", arrival: ada,
			want: stageDecision{Entry: "no-tag", Skipped: "Ada Lovelace: no tag on the candidate or the job names an assessment (tags: none)."}},
		{name: "tags that name no assessment", arrival: tagged("Referral", "Senior"), jobTags: []string{"Remote"},
			want: stageDecision{Entry: "no-tag", Skipped: "Ada Lovelace: no tag on the candidate or the job names an assessment (tags: Referral, Senior)."}},
		{name: "a draft's title names nothing", arrival: tagged("Draft Quiz"),
			want: stageDecision{Entry: "no-tag", Skipped: "Ada Lovelace: no tag on the candidate or the job names an assessment (tags: Draft Quiz)."}},
		{name: "a blank tag names nothing, not even a blank title", arrival: tagged(" "),
			want: stageDecision{Entry: "no-tag", Skipped: "Ada Lovelace: no tag on the candidate or the job names an assessment (tags:  )."}},
		{name: "a candidate's tag, case and spaces aside", arrival: tagged("Referral", " backend CHALLENGE "),
			want: stageDecision{Entry: "decided", Invitations: []backend.Invitation{invite("a-backend", "Backend Challenge", " backend CHALLENGE ", backend.TagOnCandidate)}}},
		{name: "a job's tag", arrival: tagged("Referral"), jobTags: []string{"SQL Basics"},
			want: stageDecision{Entry: "decided", Invitations: []backend.Invitation{invite("a-sql", "SQL Basics", "SQL Basics", backend.TagOnPosting)}}},
		{name: "the same on the candidate and the job: the candidate's wins", arrival: tagged("backend challenge"), jobTags: []string{"Backend Challenge"},
			want: stageDecision{Entry: "decided", Invitations: []backend.Invitation{invite("a-backend", "Backend Challenge", "backend challenge", backend.TagOnCandidate)}}},
		{name: "two titles alike: the first assessment", arrival: tagged("Backend Challenge", "BACKEND CHALLENGE"),
			want: stageDecision{Entry: "decided", Invitations: []backend.Invitation{invite("a-backend", "Backend Challenge", "Backend Challenge", backend.TagOnCandidate)}}},
		{name: "one invitation per assessment named, the candidate's first", arrival: tagged("Backend Challenge"), jobTags: []string{"Remote", "sql basics"},
			want: stageDecision{Entry: "decided", Invitations: []backend.Invitation{
				invite("a-backend", "Backend Challenge", "Backend Challenge", backend.TagOnCandidate),
				invite("a-sql", "SQL Basics", "sql basics", backend.TagOnPosting)}}},
		{name: "a move handled already (a webhook and the catch-up both queued it)", arrival: with(func(a *arrival) { a.DecidedAlready = true; a.Email = ""; a.Tags = []string{"Backend Challenge"} }),
			want: stageDecision{Skipped: "Ada Lovelace: this move into Coding assessment was handled already."}},
		{name: "moved in by assessbridge's own routing: no loop", arrival: with(func(a *arrival) { a.OwnMove = true; a.Tags = []string{"Backend Challenge"} }),
			want: stageDecision{Entry: "own-move", Skipped: "Ada Lovelace: moved into Coding assessment by assessbridge (routing by score), so this move invites no one."}},
		{name: "no e-mail address: decided, failed with why", arrival: with(func(a *arrival) { a.Email = ""; a.Tags = []string{"Backend Challenge"} }),
			want: stageDecision{Entry: "decided", Invitations: []backend.Invitation{noEmailInvite}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := stage
			if tt.stage.StageID != "" {
				s = tt.stage
			}
			got := decideStageChange(s, tt.arrival, known, tt.jobTags)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("decideStageChange:\n got %+v\nwant %+v", got, tt.want)
			}
			// The first half alone admits exactly what the whole does not skip before the tags.
			if _, admitted := admit(s, tt.arrival); admitted != (got.Entry == "decided" || got.Entry == "no-tag") {
				t.Errorf("admit = %v for a decision %+v", admitted, got)
			}
		})
	}
}

func TestInvitationLines(t *testing.T) {
	stage := backend.TriggerStage{StageID: "st-assess", Name: "Coding assessment"}
	pending := backend.Invitation{AssessmentTitle: "Backend Challenge", MatchedTag: "backend challenge", TagPlace: backend.TagOnPosting, Status: backend.StatusPending}
	failed := backend.Invitation{AssessmentTitle: "Backend Challenge", Status: backend.StatusFailed, Error: "The candidate has no e-mail address in Lever. Add one, then retry."}
	for _, tt := range []struct {
		inv     backend.Invitation
		outcome backend.Outcome
		line    string
	}{
		{pending, backend.OutcomeOK, `Ada Lovelace entered Coding assessment: inviting to Backend Challenge (tag "backend challenge" on the posting).`},
		{failed, backend.OutcomeFailed, "Ada Lovelace: not invited to Backend Challenge. The candidate has no e-mail address in Lever. Add one, then retry."},
	} {
		if outcome, line := invitationLine("Ada Lovelace", stage, tt.inv); outcome != tt.outcome || line != tt.line {
			t.Errorf("invitationLine(%s) = %s %q, want %s %q", tt.inv.Status, outcome, line, tt.outcome, tt.line)
		}
	}
	if got := alreadyInvited("Ada Lovelace"); got != "Ada Lovelace: already invited to every tagged assessment." {
		t.Errorf("alreadyInvited = %q", got)
	}
}
