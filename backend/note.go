package backend

import (
	"fmt"
	"math"
	"time"
)

// ResultNote is the note written on the candidate in Lever when an
// assessment is submitted. It ends with a line naming the result, which is
// how a retried job recognises a note it already posted.
func ResultNote(inv Invitation, cut float64) string {
	return RenderNote("", ReportFacts{Invitation: inv, Cut: cut})
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
