package demo

import "github.com/assessbridge/assessbridge/backend"

// The demo's routing by score: the Backend Challenge's rules are set, so
// the flow shows a pass moved to the on-site interview and a fail
// suggested for archiving on the dashboard.
const (
	routedTitle   = "Backend Challenge"
	demoFailScore = 45
)

// RoutingRules are the rules the demo's app starts with: cut 70%, review
// from 60%, outcome tags, passes moved to "On-site interview", fails
// suggested for archiving as "Underqualified".
func (a *Accounts) RoutingRules() []backend.RoutingRules {
	review := 60.0
	return []backend.RoutingRules{{
		AssessmentID: a.script.assessments[routedTitle], Cut: backend.CutScore, CutScore: 70, ReviewFrom: &review, OutcomeTags: true,
		PassStageID: stageOnsite, PassStageName: "On-site interview",
		FailArchive: backend.ArchiveSuggest, FailReasonID: "reason-underqualified", FailReasonText: "Underqualified",
	}}
}
