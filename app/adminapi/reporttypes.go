package adminapi

// What assessbridge writes in Lever when a candidate submits, per
// assessment (GET/PUT /api/assessments/{id}/report, POST
// /api/assessments/{id}/report/preview).

// ReportField is one field a note template can name, as {name}.
type ReportField struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// ReportSettings answers GET and PUT /api/assessments/{id}/report.
type ReportSettings struct {
	AssessmentID string `json:"assessmentId"`
	// Saved is false while the assessment runs on the defaults.
	Saved bool `json:"saved"`
	// DeliverAs is "note" (a note on the candidate) or "feedback" (a
	// feedback form of assessbridge's own template, for Lever's scorecards).
	DeliverAs string `json:"deliverAs" tstype:"ReportDelivery"`
	// AttachReport adds Qualified's PDF report as a file on the candidate
	// where the account has it; otherwise the note links to the report.
	AttachReport bool `json:"attachReport"`
	// Integrity says the highest similarity risk across the solutions,
	// where Qualified provides it.
	Integrity bool `json:"integrity"`
	// NoteTemplate is the note's text with {field} names; empty is the
	// default (DefaultTemplate).
	NoteTemplate    string        `json:"noteTemplate"`
	DefaultTemplate string        `json:"defaultTemplate"`
	Fields          []ReportField `json:"fields"`
}

// ReportFeedbackField is one field of the feedback form as it will be
// filled.
type ReportFeedbackField struct {
	Text  string `json:"text"`
	Value string `json:"value"`
}

// ReportPreview answers POST /api/assessments/{id}/report/preview: exactly
// what would be written for a real result of the assessment, with the
// settings sent (saved or not).
type ReportPreview struct {
	// Sample is "result" (the latest submitted result of the assessment)
	// or "example" (none yet: a made-up candidate).
	Sample        string `json:"sample"`
	CandidateName string `json:"candidateName"`
	SubmittedAt   string `json:"submittedAt,omitempty" tstype:"Time"`
	// Note is the note's text as it will be written (DeliverAs "note").
	Note string `json:"note,omitempty"`
	// FeedbackTitle and Feedback are the form as it will be filled
	// (DeliverAs "feedback").
	FeedbackTitle string                `json:"feedbackTitle,omitempty"`
	Feedback      []ReportFeedbackField `json:"feedback,omitempty"`
	// FileName is the file that will be added, when AttachReport is on;
	// FileNote says whether Qualified's PDF is there or the note links to
	// the report instead.
	FileName string `json:"fileName,omitempty"`
	FileNote string `json:"fileNote,omitempty"`
}

// ReportSettingsChange is the body of PUT /api/assessments/{id}/report and
// of POST /api/assessments/{id}/report/preview.
type ReportSettingsChange struct {
	DeliverAs    string `json:"deliverAs" tstype:"ReportDelivery"`
	AttachReport bool   `json:"attachReport"`
	Integrity    bool   `json:"integrity"`
	NoteTemplate string `json:"noteTemplate"`
}
