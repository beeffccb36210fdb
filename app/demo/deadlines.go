package demo

// The demo's deadline rule: invitations to DeadlineAssessment expire after
// DeadlineExpireDays, with a reminder after DeadlineRemindDays.
const (
	DeadlineAssessment = "Frontend Challenge"
	DeadlineExpireDays = 3
	DeadlineRemindDays = 2
)

// lapser is the scripted candidate who never opens their invitation and
// lets it run out.
const lapser = 7

// DeadlineAssessmentID is the Qualified id of DeadlineAssessment.
func (a *Accounts) DeadlineAssessmentID() string { return a.script.assessments[DeadlineAssessment] }

// OnExpire sets what is called with the result of the invitation the
// scripted candidate lets run out, once Qualified's deadline for it has
// been moved to now. The app keeps its own record of the deadline, so it
// moves that too: days pass in a moment. Set it before Play.
func (a *Accounts) OnExpire(fn func(resultID string)) { a.script.onExpire = fn }

// lapse lets the invitations behind results run out in Qualified.
func (s *script) lapse(results []string) {
	for _, id := range results {
		if s.qual.Expire(id) == nil && s.onExpire != nil {
			s.onExpire(id)
		}
	}
}
