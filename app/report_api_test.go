package app

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
)

// The full report's settings and preview through the admin API, on the
// real wiring: defaults, validation, a preview before anyone submitted, and
// one that renders exactly the note a real submission got.
func TestReportSettingsAndPreviewThroughTheAPI(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	id := h.ids["Backend Challenge"]
	path := "/api/assessments/" + id + "/report"

	def := decodeAnswer[adminapi.ReportSettings](t, h.api("GET", path, nil), 200)
	if def.Saved || def.DeliverAs != "note" || def.AttachReport || def.Integrity || def.NoteTemplate != "" ||
		def.DefaultTemplate != backend.DefaultNoteTemplate || len(def.Fields) != len(backend.ReportFields) {
		t.Fatalf("settings before any were saved: %+v", def)
	}

	for name, tt := range map[string]struct {
		body map[string]any
		says string
	}{
		"an unknown field":      {map[string]any{"deliverAs": "note", "noteTemplate": "Score {score} {grade}"}, "{grade}"},
		"a brace left open":     {map[string]any{"deliverAs": "note", "noteTemplate": "Score {score"}, `"{" without its "}"`},
		"a brace never opened":  {map[string]any{"deliverAs": "note", "noteTemplate": "Score score}"}, `"}" without its "{"`},
		"an unknown delivery":   {map[string]any{"deliverAs": "email"}, "a note or a feedback form"},
		"an unknown body field": {map[string]any{"deliverAs": "note", "template": "x"}, "not valid"},
	} {
		for _, p := range []string{path, path + "/preview"} {
			method := "PUT"
			if strings.HasSuffix(p, "/preview") {
				method = "POST"
			}
			res := h.api(method, p, tt.body)
			var e adminapi.ErrorBody
			decodeInto(t, res, &e)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(e.Error, tt.says) {
				t.Errorf("%s %s with %s: %d %q, want 400 naming %s", method, p, name, res.StatusCode, e.Error, tt.says)
			}
		}
	}
	if again := decodeAnswer[adminapi.ReportSettings](t, h.api("GET", path, nil), 200); again.Saved {
		t.Fatalf("a refused change was saved: %+v", again)
	}

	// Before anyone submitted: a made-up candidate.
	ex := decodeAnswer[adminapi.ReportPreview](t, h.api("POST", path+"/preview",
		map[string]any{"deliverAs": "note", "attachReport": true, "integrity": true, "noteTemplate": ""}), 200)
	if ex.Sample != "example" || !strings.Contains(ex.Note, "Qualified assessment submitted: Backend Challenge") ||
		!strings.Contains(ex.Note, "Integrity: ") || ex.FileName == "" || !strings.Contains(ex.FileNote, "example") {
		t.Fatalf("example preview %+v", ex)
	}

	tmpl := "{title}: {score} ({verdict})\nChallenges:\n{challenges}\nIntegrity: {integrity}\nFull report: {report}"
	saved := decodeAnswer[adminapi.ReportSettings](t, h.api("PUT", path,
		map[string]any{"deliverAs": "note", "attachReport": true, "integrity": true, "noteTemplate": tmpl}), 200)
	if !saved.Saved || !saved.AttachReport || !saved.Integrity || saved.NoteTemplate != tmpl {
		t.Fatalf("saved %+v", saved)
	}
	if !containsText(h.activity("ok"), "Results of Backend Challenge will be written in Lever as a note in the recruiter's own template, with Qualified's PDF report as a file and the integrity check.") {
		t.Errorf("lines %q", h.activity("ok"))
	}

	h.candidate("opp-ada", "Ada Pass", []string{"Backend Challenge"})
	h.move("opp-ada", stageAssessment)
	h.eventually(20*time.Second, func() bool { return h.hasTags("opp-ada", "Backend Challenge - Invited") }, h.describe("opp-ada"))
	res, ok := h.qual.ResultFor(h.email("opp-ada"), id)
	if !ok {
		t.Fatal("no result")
	}
	if err := h.qual.SetSimilarityRisk(res.ID, "medium"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.qual.Submit(res.ID, 88); err != nil {
		t.Fatal(err)
	}
	h.eventually(20*time.Second, func() bool { return len(h.lever.Files("opp-ada")) == 1 }, h.describe("opp-ada"))
	notes := h.lever.Notes("opp-ada")
	if len(notes) != 1 {
		t.Fatalf("%d notes", len(notes))
	}

	real := decodeAnswer[adminapi.ReportPreview](t, h.api("POST", path+"/preview",
		map[string]any{"deliverAs": "note", "attachReport": true, "integrity": true, "noteTemplate": tmpl}), 200)
	if real.Sample != "result" || real.CandidateName != "Ada Pass" || real.SubmittedAt == "" {
		t.Fatalf("preview of a real result %+v", real)
	}
	if real.Note != notes[0].Value {
		t.Errorf("preview:\n%s\nLever's note:\n%s", real.Note, notes[0].Value)
	}
	if real.FileName != h.lever.Files("opp-ada")[0].Name || !strings.Contains(real.FileNote, "has a PDF") {
		t.Errorf("file %q (%q), Lever has %q", real.FileName, real.FileNote, h.lever.Files("opp-ada")[0].Name)
	}
	h.qual.SetPDFReports(false)
	nopdf := decodeAnswer[adminapi.ReportPreview](t, h.api("POST", path+"/preview",
		map[string]any{"deliverAs": "feedback", "attachReport": true, "integrity": false, "noteTemplate": ""}), 200)
	if !strings.Contains(nopdf.FileNote, "no PDF") || nopdf.Note != "" || nopdf.FeedbackTitle == "" ||
		len(nopdf.Feedback) != len(backend.FeedbackFieldTitles) || nopdf.Feedback[0].Value != "Backend Challenge" ||
		!strings.HasPrefix(nopdf.Feedback[len(nopdf.Feedback)-1].Value, "(Qualified result ") {
		t.Errorf("feedback preview without a PDF %+v", nopdf)
	}
}

func decodeInto(t *testing.T, res *http.Response, v any) {
	t.Helper()
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}
