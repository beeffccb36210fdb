package workflow

import (
	"testing"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

func TestDecideRouting(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	yes, no := true, false
	submitted := func(score float64, passed *bool) backend.Invitation {
		return backend.Invitation{ID: 7, AssessmentTitle: "Go Basics", Status: backend.StatusSubmitted, StageID: "assess",
			Score: &score, Passed: passed, Candidate: backend.Candidate{Name: "Ada"}}
	}
	mine := backend.RoutingRules{Cut: backend.CutScore, CutScore: 70, ReviewFrom: f(60), OutcomeTags: true,
		PassStageID: "onsite", PassStageName: "On-site", FailArchive: backend.ArchiveSuggest,
		FailReasonID: "reason-underqualified", FailReasonText: "Underqualified"}
	auto := mine
	auto.FailArchive = backend.ArchiveAutomatic
	verdict := backend.RoutingRules{Cut: backend.CutVerdict, OutcomeTags: true}
	tagsOnly := backend.RoutingRules{Cut: backend.CutScore, CutScore: 50, OutcomeTags: true}

	tests := []struct {
		name    string
		rules   backend.RoutingRules
		inv     backend.Invitation
		cut     float64
		want    sqlite.Routed
		line    string
		decided bool
	}{
		{name: "no rules: nothing", rules: backend.RoutingRules{Cut: backend.CutVerdict}, inv: submitted(90, &yes)},
		{name: "not scored yet: nothing", rules: mine, inv: func() backend.Invitation { i := submitted(0, nil); i.Score = nil; return i }()},
		{name: "not submitted: nothing", rules: mine, inv: func() backend.Invitation { i := submitted(90, nil); i.Status = backend.StatusStarted; return i }()},
		{name: "a pass at the cut: tag and move", rules: mine, inv: submitted(70, &no), decided: true,
			want: sqlite.Routed{InvitationID: 7, Outcome: backend.ScorePassed, Tag: "Go Basics - Passed", MoveTo: "onsite", ArchiveMode: backend.ArchiveOff},
			line: "Ada passed Go Basics: 70% against your cut of 70%. Moving them to On-site."},
		{name: "in the review band: the tag only", rules: mine, inv: submitted(65, &no), decided: true,
			want: sqlite.Routed{InvitationID: 7, Outcome: backend.ScoreReview, Tag: "Go Basics - Review", ArchiveMode: backend.ArchiveOff},
			line: "Ada needs review on Go Basics: 65% against your cut of 70%, in the review band from 60%."},
		{name: "a fail: suggested for archiving", rules: mine, inv: submitted(59, &yes), decided: true,
			want: sqlite.Routed{InvitationID: 7, Outcome: backend.ScoreFailed, Tag: "Go Basics - Failed", ArchiveMode: backend.ArchiveSuggest,
				ArchiveReasonID: "reason-underqualified", ArchiveState: sqlite.StepSuggested},
			line: "Ada failed Go Basics: 59% against your cut of 70%. Suggested archiving (Underqualified): approve or dismiss it on the dashboard."},
		{name: "a fail, archived automatically", rules: auto, inv: submitted(10, nil), decided: true,
			want: sqlite.Routed{InvitationID: 7, Outcome: backend.ScoreFailed, Tag: "Go Basics - Failed", ArchiveMode: backend.ArchiveAutomatic,
				ArchiveReasonID: "reason-underqualified"},
			line: "Ada failed Go Basics: 10% against your cut of 70%. Archiving them (Underqualified)."},
		{name: "Qualified's verdict wins over the score", rules: verdict, inv: submitted(40, &yes), decided: true,
			want: sqlite.Routed{InvitationID: 7, Outcome: backend.ScorePassed, Tag: "Go Basics - Passed", ArchiveMode: backend.ArchiveOff},
			line: "Ada passed Go Basics: 40% by Qualified's verdict."},
		{name: "no verdict: Qualified's passing score", rules: verdict, inv: submitted(69, nil), cut: 70, decided: true,
			want: sqlite.Routed{InvitationID: 7, Outcome: backend.ScoreFailed, Tag: "Go Basics - Failed", ArchiveMode: backend.ArchiveOff},
			line: "Ada failed Go Basics: 69% against Qualified's passing score of 70%."},
		{name: "tags off, no move: a pass decides nothing to do but is still told", rules: backend.RoutingRules{Cut: backend.CutScore, CutScore: 50, FailArchive: backend.ArchiveSuggest, FailReasonID: "r"},
			inv: submitted(80, nil), decided: true,
			want: sqlite.Routed{InvitationID: 7, Outcome: backend.ScorePassed, ArchiveMode: backend.ArchiveOff},
			line: "Ada passed Go Basics: 80% against your cut of 50%."},
		{name: "outcome tags only, no band: a fail", rules: tagsOnly, inv: submitted(49.6, nil), decided: true,
			want: sqlite.Routed{InvitationID: 7, Outcome: backend.ScoreFailed, Tag: "Go Basics - Failed", ArchiveMode: backend.ArchiveOff},
			line: "Ada failed Go Basics: 49.6% against your cut of 50%."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, ok := decideRouting(tt.rules, tt.inv, tt.cut)
			if ok != tt.decided {
				t.Fatalf("decided = %v, want %v (%+v)", ok, tt.decided, plan)
			}
			if plan.Routed != tt.want || plan.Line != tt.line {
				t.Errorf("got  %+v\n%q\nwant %+v\n%q", plan.Routed, plan.Line, tt.want, tt.line)
			}
		})
	}
}

func TestMoveAndArchiveLookFirst(t *testing.T) {
	inv := backend.Invitation{StageID: "assess", Candidate: backend.Candidate{Name: "Ada"}}
	tests := []struct {
		name    string
		now     standing
		move    stepAction
		archive stepAction
	}{
		{"still where invited", standing{StageID: "assess"}, stepGo, stepGo},
		{"moved on by a recruiter", standing{StageID: "offer"}, stepLeaveAlone, stepLeaveAlone},
		{"already in the pass stage (a lost answer)", standing{StageID: "onsite"}, stepAlreadyDone, stepLeaveAlone},
		{"archived by a recruiter", standing{StageID: "assess", Archived: true, ArchiveReason: "reason-withdrew"}, stepLeaveAlone, stepLeaveAlone},
		{"archived with our reason (a lost answer)", standing{StageID: "assess", Archived: true, ArchiveReason: "reason-underqualified"}, stepLeaveAlone, stepAlreadyDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, why := moveStep(inv, tt.now, "onsite", "On-site"); got != tt.move || (got != stepGo && why == "") {
				t.Errorf("move: %v %q, want %v with why", got, why, tt.move)
			}
			if got, why := archiveStep(inv, tt.now, "reason-underqualified", "Underqualified"); got != tt.archive || (got != stepGo && why == "") {
				t.Errorf("archive: %v %q, want %v with why", got, why, tt.archive)
			}
		})
	}
}
