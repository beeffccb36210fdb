package backend

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// ResultNote is the note written on the candidate in Lever when an
// assessment is submitted. It ends with a line naming the result, which is
// how a retried job recognises a note it already posted.
func ResultNote(inv Invitation, cut float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Qualified assessment submitted: %s\n", inv.AssessmentTitle)
	score := "not scored"
	if inv.Score != nil {
		score = fmt.Sprintf("%s%%", formatPercent(*inv.Score))
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
			verdict += fmt.Sprintf("; cut %s%%", formatPercent(cut))
		}
		verdict += ")"
	}
	fmt.Fprintf(&b, "Score: %s%s\n", score, verdict)
	if inv.TimeSpent > 0 {
		fmt.Fprintf(&b, "Time spent: %s\n", FormatDuration(inv.TimeSpent))
	}
	if len(inv.Challenges) > 0 {
		b.WriteString("Challenges:\n")
		for _, c := range inv.Challenges {
			lang := ""
			if c.Language != "" {
				lang = " (" + c.Language + ")"
			}
			fmt.Fprintf(&b, "- %s%s: %s%%\n", c.Title, lang, formatPercent(c.Score))
		}
	}
	if inv.ReportURL != "" {
		fmt.Fprintf(&b, "Report: %s\n", inv.ReportURL)
	}
	b.WriteString(NoteMarker(inv.ResultID))
	return b.String()
}

// NoteMarker is the last line of a result note.
func NoteMarker(resultID string) string {
	return fmt.Sprintf("(Qualified result %s, posted by assessbridge)", resultID)
}

func formatPercent(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// FormatDuration prints a duration the way a recruiter reads it: "1h 05m", "42m", "35s".
func FormatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh %02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%ds", s)
}
