package demo

import "github.com/assessbridge/assessbridge/backend"

// The demo's full report in Lever: the demo's Qualified account has PDF
// reports and the code-similarity check, so the Backend Challenge's notes
// say what the check found and carry the PDF as a file, and SQL Basics
// writes its results as a feedback form instead of a note.

// ReportSettings are the report settings the demo's app starts with.
func (a *Accounts) ReportSettings() []backend.ReportSettings {
	return []backend.ReportSettings{
		{AssessmentID: a.script.assessments["Backend Challenge"], DeliverAs: backend.DeliverNote, AttachReport: true, Integrity: true},
		{AssessmentID: a.script.assessments["SQL Basics"], DeliverAs: backend.DeliverFeedback, AttachReport: true, Integrity: true},
	}
}

// similarityFor is the code-similarity risk the demo's Qualified gives a
// submission's challenges: most look like the candidate's own work, a weak
// score now and then comes with a high risk on one challenge.
func similarityFor(score float64) []string {
	switch {
	case score < 50:
		return []string{"low", "high", "medium"}
	case score < 70:
		return []string{"medium", "low", "low"}
	}
	return []string{"low", "low", "low"}
}
