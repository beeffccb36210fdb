package workflow

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// Routing by score: after a submission's note, the assessment's rules say
// whether the candidate passed, needs review or failed, which outcome tag
// goes on, and whether they are moved (a pass) or archived (a fail, or only
// suggested for the recruiter to approve). Plain values in and out; the
// job in routing_job.go makes the calls, each once.

// routingPlan is what the rules decided for one submission: the decision
// as kept (sqlite.Routed) and the activity line that tells it.
type routingPlan struct {
	Routed sqlite.Routed
	Line   string
}

// decideRouting decides a submitted invitation under the rules. It reports
// false when the rules do nothing, or there is no score to judge yet.
// qualifiedCut is the assessment's passing score in Qualified, used with
// the verdict cut when Qualified sent no verdict.
func decideRouting(rules backend.RoutingRules, inv backend.Invitation, qualifiedCut float64) (routingPlan, bool) {
	if !rules.Active() || inv.Status != backend.StatusSubmitted || inv.Score == nil {
		return routingPlan{}, false
	}
	score := *inv.Score
	outcome, against := scoreOutcome(rules, score, inv.Passed, qualifiedCut)
	r := sqlite.Routed{InvitationID: inv.ID, Outcome: outcome, ArchiveMode: backend.ArchiveOff}
	if rules.OutcomeTags {
		r.Tag = backend.OutcomeTagFor(inv.AssessmentTitle, outcome)
	}
	next := ""
	switch {
	case outcome == backend.ScorePassed && rules.PassStageID != "":
		r.MoveTo = rules.PassStageID
		next = fmt.Sprintf(" Moving them to %s.", nameOr(rules.PassStageName, rules.PassStageID))
	case outcome == backend.ScoreFailed && rules.FailReasonID != "" &&
		(rules.FailArchive == backend.ArchiveSuggest || rules.FailArchive == backend.ArchiveAutomatic):
		r.ArchiveMode, r.ArchiveReasonID = rules.FailArchive, rules.FailReasonID
		reason := nameOr(rules.FailReasonText, rules.FailReasonID)
		if rules.FailArchive == backend.ArchiveAutomatic {
			next = fmt.Sprintf(" Archiving them (%s).", reason)
		} else {
			r.ArchiveState = sqlite.StepSuggested
			next = fmt.Sprintf(" Suggested archiving (%s): approve or dismiss it on the dashboard.", reason)
		}
	}
	line := fmt.Sprintf("%s %s %s: %s %s.%s", inv.Candidate.Name, outcomeVerb(outcome), inv.AssessmentTitle, pct(score), against, next)
	return routingPlan{Routed: r, Line: line}, true
}

// scoreOutcome judges a score against the cut and the review band, and
// says against what, for the line.
func scoreOutcome(rules backend.RoutingRules, score float64, verdict *bool, qualifiedCut float64) (backend.ScoreOutcome, string) {
	var passed bool
	var against string
	switch {
	case rules.Cut == backend.CutScore:
		passed = score >= rules.CutScore
		against = "against your cut of " + pct(rules.CutScore)
	case verdict != nil:
		passed = *verdict
		against = "by Qualified's verdict"
	default:
		// No verdict from Qualified: its passing score decides, as it would.
		passed = score >= qualifiedCut
		against = "against Qualified's passing score of " + pct(qualifiedCut)
	}
	switch {
	case passed:
		return backend.ScorePassed, against
	case rules.ReviewFrom != nil && score >= *rules.ReviewFrom:
		return backend.ScoreReview, against + ", in the review band from " + pct(*rules.ReviewFrom)
	}
	return backend.ScoreFailed, against
}

func outcomeVerb(o backend.ScoreOutcome) string {
	switch o {
	case backend.ScorePassed:
		return "passed"
	case backend.ScoreReview:
		return "needs review on"
	}
	return "failed"
}

// ownMoveWindow is how far apart assessbridge's record of its own move and
// Lever's time of the stage entry may be and still be the same move: the
// call's duration and the two clocks' difference, with room to spare.
const ownMoveWindow = 10 * time.Minute

// standingOf is where Lever shows the candidate now.
func standingOf(opp *lever.Opportunity) standing {
	s := standing{StageID: opp.StageID, Archived: opp.Archived != nil}
	if opp.Archived != nil {
		s.ArchiveReason = opp.Archived.Reason
	}
	return s
}

// standing is where a candidate stands in Lever now, as plain values.
type standing struct {
	StageID  string
	Archived bool
	// ArchiveReason is the archive reason's id when archived.
	ArchiveReason string
}

// stepAction is what to do about one move or archive, looking at Lever first.
type stepAction int

const (
	// stepGo: make the call.
	stepGo stepAction = iota
	// stepAlreadyDone: Lever shows it done (by an earlier attempt whose
	// answer was lost, or the same choice made by a recruiter).
	stepAlreadyDone
	// stepLeaveAlone: a recruiter moved or archived the candidate after the
	// invitation; their choice stands.
	stepLeaveAlone
)

// moveStep decides a pass's move given where the candidate stands now. They
// are moved only from the stage they were invited from.
func moveStep(inv backend.Invitation, now standing, target, targetName string) (stepAction, string) {
	name := inv.Candidate.Name
	switch {
	case now.StageID == target:
		return stepAlreadyDone, fmt.Sprintf("%s is in %s.", name, targetName)
	case now.Archived:
		return stepLeaveAlone, fmt.Sprintf("%s was not moved to %s: someone archived them in Lever after the invitation.", name, targetName)
	case now.StageID != inv.StageID:
		return stepLeaveAlone, fmt.Sprintf("%s was not moved to %s: someone moved them to another stage in Lever after the invitation.", name, targetName)
	}
	return stepGo, ""
}

// archiveStep decides a fail's archive given where the candidate stands
// now: only a candidate still active in the stage they were invited from
// is archived.
func archiveStep(inv backend.Invitation, now standing, reasonID, reasonText string) (stepAction, string) {
	name := inv.Candidate.Name
	switch {
	case now.Archived && now.ArchiveReason == reasonID:
		return stepAlreadyDone, fmt.Sprintf("%s is archived (%s).", name, reasonText)
	case now.Archived:
		return stepLeaveAlone, fmt.Sprintf("%s was not archived by assessbridge: someone archived them in Lever already, with another reason.", name)
	case now.StageID != inv.StageID:
		return stepLeaveAlone, fmt.Sprintf("%s was not archived: someone moved them to another stage in Lever after the invitation.", name)
	}
	return stepGo, ""
}

// pct shows a score as the recruiter set or read it: 70%, 49.6%.
func pct(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + "%"
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
