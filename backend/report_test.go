package backend_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// todaysNote is the note assessbridge wrote before notes had templates,
// kept here so the default template is held to it, character for character.
func todaysNote(inv backend.Invitation, cut float64) string {
	pct := func(v float64) string {
		if v == math.Trunc(v) {
			return fmt.Sprintf("%.0f", v)
		}
		return fmt.Sprintf("%.1f", v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Qualified assessment submitted: %s\n", inv.AssessmentTitle)
	score := "not scored"
	if inv.Score != nil {
		score = pct(*inv.Score) + "%"
	}
	verdict := ""
	switch {
	case inv.Passed != nil && *inv.Passed:
		verdict = " (passed"
	case inv.Passed != nil:
		verdict = " (did not pass"
	}
	if verdict != "" {
		if cut > 0 {
			verdict += "; cut " + pct(cut) + "%"
		}
		verdict += ")"
	}
	fmt.Fprintf(&b, "Score: %s%s\n", score, verdict)
	if inv.TimeSpent > 0 {
		fmt.Fprintf(&b, "Time spent: %s\n", backend.FormatDuration(inv.TimeSpent))
	}
	if len(inv.Challenges) > 0 {
		b.WriteString("Challenges:\n")
		for _, c := range inv.Challenges {
			lang := ""
			if c.Language != "" {
				lang = " (" + c.Language + ")"
			}
			fmt.Fprintf(&b, "- %s%s: %s%%\n", c.Title, lang, pct(c.Score))
		}
	}
	if inv.ReportURL != "" {
		fmt.Fprintf(&b, "Report: %s\n", inv.ReportURL)
	}
	b.WriteString(backend.NoteMarker(inv.ResultID))
	return b.String()
}

func TestDefaultTemplateWritesTodaysNoteExactly(t *testing.T) {
	yes, no := true, false
	scores := []*float64{nil, fptr(0), fptr(82.5), fptr(100)}
	verdicts := []*bool{nil, &yes, &no}
	challenges := [][]backend.ChallengeScore{nil, {{Title: "Rate limiter", Language: "go", Score: 82.5}, {Title: "SQL", Score: 40}}}
	n := 0
	for _, score := range scores {
		for _, passed := range verdicts {
			for _, cut := range []float64{0, 70, 62.5} {
				for _, ch := range challenges {
					for _, spent := range []time.Duration{0, 47 * time.Minute} {
						for _, report := range []string{"", "https://www.qualified.io/share/abc"} {
							inv := backend.Invitation{AssessmentTitle: "Backend Challenge", ResultID: "r-1", Score: score, Passed: passed,
								Challenges: ch, TimeSpent: spent, ReportURL: report}
							want := todaysNote(inv, cut)
							for _, tmpl := range []string{"", backend.DefaultNoteTemplate} {
								if got := backend.RenderNote(tmpl, backend.ReportFacts{Invitation: inv, Cut: cut}); got != want {
									t.Fatalf("template %q:\n%s\nwant:\n%s", tmpl, got, want)
								}
							}
							if got := backend.ResultNote(inv, cut); got != want {
								t.Fatalf("ResultNote:\n%s\nwant:\n%s", got, want)
							}
							n++
						}
					}
				}
			}
		}
	}
	if n != 288 {
		t.Fatalf("%d cases", n)
	}
}

func TestRenderNoteWithTheRecruitersTemplate(t *testing.T) {
	yes := true
	full := backend.Invitation{AssessmentTitle: "SQL Basics", ResultID: "r-9", Score: fptr(64), Passed: &yes, TimeSpent: 65 * time.Minute,
		Challenges: []backend.ChallengeScore{{Title: "Joins", Language: "sql", Score: 64}}, ReportURL: "https://q/share/x"}
	bare := backend.Invitation{AssessmentTitle: "SQL Basics", ResultID: "r-9"}
	marker := "\n" + backend.NoteMarker("r-9")
	for _, tt := range []struct {
		name, tmpl string
		inv        backend.Invitation
		cut        float64
		risk       string
		want       string
	}{
		{"every field", "{title}|{score}|{cut}|{verdict}|{time}|{report}|{integrity}", full, 60, "medium",
			"SQL Basics|64%|60%|passed; cut 60%|1h 05m|https://q/share/x|" + backend.IntegritySentence("medium")},
		{"challenges on lines of their own", "Challenges:\n{challenges}", full, 0, "", "Challenges:\n- Joins (sql): 64%"},
		{"a heading over nothing goes with it", "{title}\nChallenges:\n{challenges}\nEnd", bare, 0, "", "SQL Basics\nEnd"},
		{"a line of empty fields goes", "{title}\nIntegrity: {integrity}\nTime: {time}", bare, 0, "", "SQL Basics"},
		{"a bracket of empty fields goes", "Score {score} ({verdict}) [{cut}]", bare, 0, "", "Score not scored [60%]"},
		{"a bracket without fields stays", "Score {score} (out of 100)", bare, 0, "", "Score not scored (out of 100)"},
		{"the high risk, worded", "{integrity}", full, 0, "high",
			"Qualified's code-similarity check rated the risk high on at least one challenge — review the solutions before deciding."},
		{"no risk given: nothing said", "A\n{integrity}", full, 0, "", "A"},
		{"a template of nothing still has the marker", "Integrity: {integrity}", bare, 0, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cut := tt.cut
			if tt.name == "a bracket of empty fields goes" {
				cut = 60
			}
			got := backend.RenderNote(tt.tmpl, backend.ReportFacts{Invitation: tt.inv, Cut: cut, Integrity: tt.risk})
			want := tt.want + marker
			if tt.want == "" {
				want = backend.NoteMarker("r-9")
			}
			if got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestReportSettingsValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		s    backend.ReportSettings
		says string // "" for valid
	}{
		{"the default", backend.DefaultReportSettings("a"), ""},
		{"feedback", backend.ReportSettings{DeliverAs: backend.DeliverFeedback}, ""},
		{"every field", backend.ReportSettings{DeliverAs: backend.DeliverNote, NoteTemplate: "{title} {score} {cut} {verdict} {time} {challenges} {report} {integrity}"}, ""},
		{"no delivery", backend.ReportSettings{}, "a note or a feedback form"},
		{"an unknown delivery", backend.ReportSettings{DeliverAs: "email"}, "a note or a feedback form"},
		{"an unknown field", backend.ReportSettings{DeliverAs: backend.DeliverNote, NoteTemplate: "Hi {name}"}, "names {name}, which is not a field"},
		{"a field in capitals", backend.ReportSettings{DeliverAs: backend.DeliverNote, NoteTemplate: "{Score}"}, "{Score}"},
		{"an empty name", backend.ReportSettings{DeliverAs: backend.DeliverNote, NoteTemplate: "{}"}, "names {}"},
		{"an open brace", backend.ReportSettings{DeliverAs: backend.DeliverNote, NoteTemplate: "Score {score"}, `"{" without its "}"`},
		{"an open brace across lines", backend.ReportSettings{DeliverAs: backend.DeliverNote, NoteTemplate: "{score\n}"}, `"{" without its "}"`},
		{"a nested brace", backend.ReportSettings{DeliverAs: backend.DeliverNote, NoteTemplate: "{sc{ore}"}, `"{" without its "}"`},
		{"a close brace alone", backend.ReportSettings{DeliverAs: backend.DeliverNote, NoteTemplate: "Score} {score}"}, `"}" without its "{"`},
		{"too long", backend.ReportSettings{DeliverAs: backend.DeliverNote, NoteTemplate: strings.Repeat("x", backend.MaxNoteTemplate+1)}, "too long"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			switch {
			case tt.says == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.says != "" && (err == nil || !strings.Contains(err.Error(), tt.says) || backend.ErrorCode(err) != backend.EINVALID):
				t.Errorf("error %v, want an invalid one saying %q", err, tt.says)
			}
		})
	}
}

func TestHighestRiskAndFileName(t *testing.T) {
	for _, tt := range []struct {
		levels []string
		want   string
	}{
		{nil, ""}, {[]string{"", ""}, ""}, {[]string{"low"}, "low"}, {[]string{"low", "HIGH", "medium"}, "high"},
		{[]string{"medium", "unknown"}, "medium"}, {[]string{"none"}, ""},
	} {
		if got := backend.HighestRisk(tt.levels); got != tt.want {
			t.Errorf("HighestRisk(%q) = %q, want %q", tt.levels, got, tt.want)
		}
	}
	if got := backend.ReportFileName("Back/end: \"Go\"", "r-1"); got != "Qualified report - Back-end- -Go- - r-1.pdf" {
		t.Errorf("file name %q", got)
	}
	v := backend.FeedbackValues(backend.ReportFacts{Invitation: backend.Invitation{AssessmentTitle: "T", ResultID: "r-2"}})
	if len(v) != len(backend.FeedbackFieldTitles) || v[len(v)-1] != backend.NoteMarker("r-2") || v[2] != "not given" {
		t.Errorf("feedback values %q", v)
	}
}
func fptr(v float64) *float64 { return &v }
