package demo

import (
	"time"

	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// seedAlreadyThere puts a few more candidates in the trigger stage since
// before it became one, so the Trigger stages screen's "Already in this
// stage" has something to show: two the recruiter can invite on purpose,
// one whose job and tags name no assessment, one without an e-mail address,
// and one archived (not read at all).
func (s *script) seedAlreadyThere() {
	before := time.Now().Add(-96 * time.Hour)
	for _, o := range []levertest.Opportunity{
		{ID: "demo-opp-early-2", Name: "Parker Waiting", Emails: []string{"parker.waiting@example.com"}, PostingIDs: []string{"demo-post-frontend"}},
		{ID: "demo-opp-early-3", Name: "Quinn Patient", Emails: []string{"quinn.patient@example.com"}, Tags: []string{"SQL Basics"},
			PostingIDs: []string{"demo-post-data"}},
		{ID: "demo-opp-early-4", Name: "Reese Untagged", Emails: []string{"reese.untagged@example.com"}, PostingIDs: []string{"demo-post-design"}},
		{ID: "demo-opp-early-5", Name: "Sky Noaddress", Tags: []string{"Data Structures"}, PostingIDs: []string{"demo-post-design"}},
		{ID: "demo-opp-early-6", Name: "Toby Archived", Emails: []string{"toby.archived@example.com"}, PostingIDs: []string{"demo-post-backend"},
			Archived: true},
	} {
		o.StageID, o.EnteredStageAt = TriggerStage, before
		s.lever.AddOpportunity(o)
	}
}
