package backend_test

import (
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

func ptr[T any](v T) *T { return &v }

func TestResultNote(t *testing.T) {
	full := backend.Invitation{
		AssessmentTitle: "Go Backend",
		ResultID:        "r-42",
		Score:           ptr(87.5),
		Passed:          ptr(true),
		TimeSpent:       65*time.Minute + 10*time.Second,
		Challenges: []backend.ChallengeScore{
			{Title: "Rate limiter", Score: 100, Language: "go"},
			{Title: "SQL report", Score: 62.5},
		},
		ReportURL: "https://www.qualified.io/r/abc",
	}
	tests := []struct {
		name    string
		inv     backend.Invitation
		cut     float64
		want    []string // lines that must appear, in this order
		wantNot []string
	}{
		{
			name: "passed with everything",
			inv:  full,
			cut:  70,
			want: []string{
				"Qualified assessment submitted: Go Backend",
				"Score: 87.5% (passed; cut 70%)",
				"Time spent: 1h 05m",
				"Challenges:",
				"- Rate limiter (go): 100%",
				"- SQL report: 62.5%",
				"Report: https://www.qualified.io/r/abc",
				"(Qualified result r-42, posted by assessbridge)",
			},
			wantNot: []string{"did not pass", "not scored"},
		},
		{
			name: "did not pass",
			inv: backend.Invitation{AssessmentTitle: "Go Backend", ResultID: "r-1",
				Score: ptr(40.0), Passed: ptr(false), TimeSpent: 42 * time.Minute},
			cut: 65.5,
			want: []string{
				"Qualified assessment submitted: Go Backend",
				"Score: 40% (did not pass; cut 65.5%)",
				"Time spent: 42m",
			},
			wantNot: []string{"(passed", "Challenges:", "Report:"},
		},
		{
			name:    "verdict without a cut",
			inv:     backend.Invitation{AssessmentTitle: "Go", ResultID: "r-2", Score: ptr(90.0), Passed: ptr(true)},
			want:    []string{"Score: 90% (passed)"},
			wantNot: []string{"cut", "Time spent:"},
		},
		{
			name:    "score without a verdict shows no cut",
			inv:     backend.Invitation{AssessmentTitle: "Go", ResultID: "r-3", Score: ptr(55.0)},
			cut:     70,
			want:    []string{"Score: 55%\n"},
			wantNot: []string{"passed", "pass", "cut"},
		},
		{
			name:    "no score",
			inv:     backend.Invitation{AssessmentTitle: "Python", ResultID: "r-4"},
			want:    []string{"Qualified assessment submitted: Python", "Score: not scored\n"},
			wantNot: []string{"%", "Time spent:", "Challenges:", "Report:"},
		},
		{
			name: "no score but a verdict",
			inv:  backend.Invitation{AssessmentTitle: "Python", ResultID: "r-5", Passed: ptr(false)},
			cut:  50,
			want: []string{"Score: not scored (did not pass; cut 50%)"},
		},
		{
			name:    "zero score is a score",
			inv:     backend.Invitation{AssessmentTitle: "Python", ResultID: "r-6", Score: ptr(0.0), Passed: ptr(false)},
			want:    []string{"Score: 0% (did not pass)"},
			wantNot: []string{"not scored"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := backend.ResultNote(tt.inv, tt.cut)
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("note lacks %q (in order):\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
			for _, w := range tt.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("note contains %q:\n%s", w, got)
				}
			}
			if marker := backend.NoteMarker(tt.inv.ResultID); !strings.HasSuffix(got, "\n"+marker) {
				t.Errorf("note does not end with its marker line %q:\n%s", marker, got)
			}
		})
	}
}

func TestNoteMarkerNamesTheResult(t *testing.T) {
	a, b := backend.NoteMarker("r-1"), backend.NoteMarker("r-12")
	if !strings.Contains(a, "r-1") || a == b {
		t.Errorf("markers %q and %q", a, b)
	}
	if strings.Contains(a, "\n") {
		t.Errorf("marker %q spans lines", a)
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{400 * time.Millisecond, "0s"},
		{600 * time.Millisecond, "1s"},
		{35 * time.Second, "35s"},
		{59 * time.Second, "59s"},
		{59*time.Second + 600*time.Millisecond, "1m"},
		{time.Minute, "1m"},
		{42*time.Minute + 59*time.Second, "42m"}, // seconds are dropped once there are minutes
		{59 * time.Minute, "59m"},
		{time.Hour, "1h 00m"},
		{time.Hour + 5*time.Minute, "1h 05m"},
		{time.Hour + 5*time.Minute + 30*time.Second, "1h 05m"},
		{2*time.Hour + 45*time.Minute, "2h 45m"},
		{26 * time.Hour, "26h 00m"},
	}
	for _, tt := range tests {
		if got := backend.FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
