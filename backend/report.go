package backend

import (
	"context"
	"fmt"
	"strings"
)

// What assessbridge writes in Lever when a candidate submits, per
// assessment: a note (from a template the recruiter may edit) or a feedback
// form, Qualified's report as a file, and a word on integrity.

// ReportDelivery is where the results go in Lever.
type ReportDelivery string

// The deliveries.
const (
	// DeliverNote writes a note on the candidate (the default).
	DeliverNote ReportDelivery = "note"
	// DeliverFeedback fills a feedback form of assessbridge's own template.
	DeliverFeedback ReportDelivery = "feedback"
)

// ReportSettings is what one assessment's submissions write in Lever.
type ReportSettings struct {
	AssessmentID string
	DeliverAs    ReportDelivery
	// AttachReport adds Qualified's PDF report as a file on the candidate
	// where the account has it; the note's report link stays either way.
	AttachReport bool
	// Integrity adds Qualified's highest code-similarity risk, where
	// Qualified gives one.
	Integrity bool
	// NoteTemplate is the note's text with {field} names; empty means
	// DefaultNoteTemplate.
	NoteTemplate string
}

// DefaultReportSettings are the settings of an assessment nobody changed:
// today's note, no file, no integrity line.
func DefaultReportSettings(assessmentID string) ReportSettings {
	return ReportSettings{AssessmentID: assessmentID, DeliverAs: DeliverNote}
}

// Template is the note template in force.
func (s ReportSettings) Template() string {
	if strings.TrimSpace(s.NoteTemplate) == "" {
		return DefaultNoteTemplate
	}
	return s.NoteTemplate
}

// Validate checks settings a recruiter sent, naming what is wrong.
func (s ReportSettings) Validate() error {
	switch s.DeliverAs {
	case DeliverNote, DeliverFeedback:
	default:
		return Errorf(EINVALID, "Choose where the results go: a note or a feedback form.")
	}
	if len(s.NoteTemplate) > MaxNoteTemplate {
		return Errorf(EINVALID, "The note template is too long: keep it under %d characters.", MaxNoteTemplate)
	}
	return ValidateNoteTemplate(s.NoteTemplate)
}

// MaxNoteTemplate bounds a note template's length.
const MaxNoteTemplate = 4000

// DefaultNoteTemplate renders exactly the note assessbridge has always
// written (ResultNote). A line whose fields are all empty is left out, and
// so is a heading line ("Challenges:") just above one.
const DefaultNoteTemplate = `Qualified assessment submitted: {title}
Score: {score} ({verdict})
Time spent: {time}
Challenges:
{challenges}
Report: {report}
Integrity: {integrity}`

// ReportFieldInfo is one field a note template can name.
type ReportFieldInfo struct {
	Name        string
	Description string
}

// ReportFields are the fields a note template can name, in the order a
// recruiter reads them.
var ReportFields = []ReportFieldInfo{
	{"title", "The assessment's title."},
	{"score", `The score, such as "82%", or "not scored".`},
	{"cut", `The assessment's cut, such as "70%"; empty when it has none.`},
	{"verdict", `"passed" or "did not pass", with the cut when there is one; empty when Qualified gives no verdict.`},
	{"time", `Time spent, such as "40m"; empty when unknown.`},
	{"challenges", "One line per challenge: its title, language and score."},
	{"report", "A link to Qualified's report."},
	{"integrity", "Qualified's code-similarity check, in a sentence; empty when Qualified gives none or the setting is off."},
}

func knownField(name string) bool {
	for _, f := range ReportFields {
		if f.Name == name {
			return true
		}
	}
	return false
}

func fieldNames() string {
	names := make([]string, len(ReportFields))
	for i, f := range ReportFields {
		names[i] = "{" + f.Name + "}"
	}
	return strings.Join(names, " ")
}

// ValidateNoteTemplate checks a note template: every {name} is a field,
// and every brace is paired.
func ValidateNoteTemplate(tmpl string) error {
	_, err := parseTemplate(tmpl)
	return err
}

// piece is a run of literal text, or a field.
type piece struct {
	text  string
	field bool
}

func parseTemplate(tmpl string) ([]piece, error) {
	var out []piece
	for len(tmpl) > 0 {
		open, close := strings.IndexByte(tmpl, '{'), strings.IndexByte(tmpl, '}')
		switch {
		case open < 0 && close < 0:
			return append(out, piece{text: tmpl}), nil
		case open < 0 || (close >= 0 && close < open):
			return nil, Errorf(EINVALID, "The note template has a \"}\" without its \"{\" (after %q).", excerpt(tmpl[:close]))
		}
		if open > 0 {
			out = append(out, piece{text: tmpl[:open]})
		}
		rest := tmpl[open+1:]
		end := strings.IndexAny(rest, "{}\n")
		if end < 0 || rest[end] != '}' {
			return nil, Errorf(EINVALID, "The note template has a \"{\" without its \"}\" (at %q).", excerpt(tmpl[open:]))
		}
		name := rest[:end]
		if !knownField(name) {
			return nil, Errorf(EINVALID, "The note template names {%s}, which is not a field. The fields are %s.", name, fieldNames())
		}
		out = append(out, piece{text: name, field: true})
		tmpl = rest[end+1:]
	}
	return out, nil
}

func excerpt(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

// ReportFacts is what a note, a feedback form or a file is made of: one
// submitted invitation, its assessment's cut, and Qualified's integrity
// word when the setting asks for it.
type ReportFacts struct {
	Invitation Invitation
	Cut        float64
	// Integrity is the highest similarity risk ("low", "medium", "high"),
	// or "" when Qualified gave none or the setting is off.
	Integrity string
}

// Values are the fields of facts as a template shows them.
func (f ReportFacts) Values() map[string]string {
	inv := f.Invitation
	v := map[string]string{"title": inv.AssessmentTitle, "score": "not scored", "report": inv.ReportURL,
		"integrity": IntegritySentence(f.Integrity)}
	if inv.Score != nil {
		v["score"] = formatPercent(*inv.Score) + "%"
	}
	if f.Cut > 0 {
		v["cut"] = formatPercent(f.Cut) + "%"
	}
	if inv.Passed != nil {
		v["verdict"] = "did not pass"
		if *inv.Passed {
			v["verdict"] = "passed"
		}
		if f.Cut > 0 {
			v["verdict"] += "; cut " + v["cut"]
		}
	}
	if inv.TimeSpent > 0 {
		v["time"] = FormatDuration(inv.TimeSpent)
	}
	lines := make([]string, 0, len(inv.Challenges))
	for _, c := range inv.Challenges {
		lines = append(lines, "- "+ChallengeLine(c))
	}
	v["challenges"] = strings.Join(lines, "\n")
	return v
}

// ChallengeLine is one challenge's title, language and score.
func ChallengeLine(c ChallengeScore) string {
	lang := ""
	if c.Language != "" {
		lang = " (" + c.Language + ")"
	}
	return fmt.Sprintf("%s%s: %s%%", c.Title, lang, formatPercent(c.Score))
}

// RenderNote is the note written for facts with the template tmpl (empty:
// the default). The marker line that makes the note found again is always
// added last, whatever the template. tmpl must be valid
// (ValidateNoteTemplate); an invalid one falls back to the default.
func RenderNote(tmpl string, facts ReportFacts) string {
	if strings.TrimSpace(tmpl) == "" {
		tmpl = DefaultNoteTemplate
	}
	pieces, err := parseTemplate(tmpl)
	if err != nil {
		pieces, _ = parseTemplate(DefaultNoteTemplate)
	}
	values := facts.Values()
	// Split into lines, each a list of pieces, so an empty line can go.
	var lines [][]piece
	cur := []piece{}
	for _, p := range pieces {
		if p.field {
			cur = append(cur, p)
			continue
		}
		parts := strings.Split(p.text, "\n")
		for i, part := range parts {
			if i > 0 {
				lines = append(lines, cur)
				cur = []piece{}
			}
			if part != "" {
				cur = append(cur, piece{text: part})
			}
		}
	}
	lines = append(lines, cur)

	var kept []string
	var heading []piece // a field-less line ending in ":" waiting for what follows it
	flush := func() {
		if heading != nil {
			kept = append(kept, renderLine(heading, values))
			heading = nil
		}
	}
	for _, l := range lines {
		hasField, allEmpty := false, true
		for _, p := range l {
			if p.field {
				hasField = true
				if values[p.text] != "" {
					allEmpty = false
				}
			}
		}
		switch {
		case hasField && allEmpty:
			heading = nil // the heading goes with the empty line under it
		case !hasField && strings.HasSuffix(strings.TrimSpace(renderLine(l, values)), ":"):
			flush()
			heading = l
		default:
			flush()
			kept = append(kept, renderLine(l, values))
		}
	}
	flush()
	body := strings.TrimRight(strings.Join(kept, "\n"), "\n \t")
	if body != "" {
		body += "\n"
	}
	return body + NoteMarker(facts.Invitation.ResultID)
}

// renderLine fills one line. A bracket "( … )" whose fields are all empty
// is left out with the space before it, so "Score: {score} ({verdict})"
// reads "Score: 82%" when there is no verdict.
func renderLine(l []piece, values map[string]string) string {
	var b strings.Builder
	for _, p := range l {
		if p.field {
			b.WriteString("\x00" + p.text + "\x00")
		} else {
			b.WriteString(p.text)
		}
	}
	s := b.String()
	var out strings.Builder
	for {
		open := strings.IndexByte(s, '(')
		if open < 0 {
			break
		}
		close := strings.IndexByte(s[open:], ')')
		if close < 0 {
			break
		}
		close += open
		inner := s[open+1 : close]
		fields, filled := 0, 0
		for i, part := range strings.Split(inner, "\x00") {
			if i%2 == 1 {
				fields++
				if values[part] != "" {
					filled++
				}
			}
		}
		if fields > 0 && filled == 0 {
			out.WriteString(strings.TrimRight(s[:open], " "))
		} else {
			out.WriteString(s[:close+1])
		}
		s = s[close+1:]
	}
	out.WriteString(s)
	parts := strings.Split(out.String(), "\x00")
	for i := 1; i < len(parts); i += 2 {
		parts[i] = values[parts[i]]
	}
	return strings.Join(parts, "")
}

// The similarity risk levels Qualified gives, lowest first.
var riskOrder = map[string]int{"low": 1, "medium": 2, "high": 3}

// HighestRisk is the highest of Qualified's similarity risk levels; words
// it does not know are left out, and none gives "".
func HighestRisk(levels []string) string {
	best := ""
	for _, l := range levels {
		l = strings.ToLower(strings.TrimSpace(l))
		if riskOrder[l] > riskOrder[best] {
			best = l
		}
	}
	return best
}

// IntegritySentence words a similarity risk level for a hiring manager;
// "" for none.
func IntegritySentence(level string) string {
	switch level {
	case "high":
		return "Qualified's code-similarity check rated the risk high on at least one challenge — review the solutions before deciding."
	case "medium":
		return "Qualified's code-similarity check rated the risk medium on at least one challenge — worth a look at the solutions."
	case "low":
		return "Qualified's code-similarity check rated the risk low on every challenge it checked."
	}
	return ""
}

// ReportFileName is the name of the report's file on the candidate in
// Lever. It carries the result id, which is how a retried upload finds a
// file it already added.
func ReportFileName(title, resultID string) string {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|':
			return '-'
		}
		if r < ' ' {
			return -1
		}
		return r
	}, title)
	return fmt.Sprintf("Qualified report - %s - %s.pdf", strings.TrimSpace(clean), resultID)
}

// FeedbackTemplateName is the name of assessbridge's own feedback template
// in Lever, by which it is found again.
const FeedbackTemplateName = "Qualified assessment (assessbridge)"

// FeedbackFieldTitles are the fields of assessbridge's feedback template,
// in order; FeedbackValues fills them.
var FeedbackFieldTitles = []string{"Assessment", "Score", "Verdict", "Time spent", "Challenges", "Report", "Integrity", "Reference"}

// FeedbackValues fills the feedback form for facts, in the order of
// FeedbackFieldTitles. The last one is the marker, by which a form whose
// answer was lost is found again.
func FeedbackValues(facts ReportFacts) []string {
	v := facts.Values()
	verdict := v["verdict"]
	if verdict == "" {
		verdict = "not given"
	}
	lines := make([]string, 0, len(facts.Invitation.Challenges))
	for _, c := range facts.Invitation.Challenges {
		lines = append(lines, ChallengeLine(c))
	}
	orNone := func(s, none string) string {
		if s == "" {
			return none
		}
		return s
	}
	integrity := v["integrity"]
	if integrity == "" {
		integrity = "Not given by Qualified."
	}
	return []string{v["title"], v["score"], verdict, orNone(v["time"], "unknown"),
		orNone(strings.Join(lines, "\n"), "none"), orNone(v["report"], "none"), integrity, NoteMarker(facts.Invitation.ResultID)}
}

// SharedReport is what the provider shares of a result: a link anyone
// with it can open, and a PDF where the account has the feature.
type SharedReport struct {
	URL string
	// PDF is the PDF's address; "" where the account does not have it.
	PDF string
}

// ReportSource is what the report needs from the provider.
type ReportSource interface {
	// Share returns the shared report of a result.
	Share(ctx context.Context, resultID string) (SharedReport, error)
	// ReportPDF downloads the PDF at the address Share gave.
	ReportPDF(ctx context.Context, pdfURL string) ([]byte, error)
}
