package adminapi

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// exportPage is how many rows the export reads at a time: the dashboard's
// largest page.
const exportPage = 500

// exportHeader names the columns of GET /api/invitations.csv.
var exportHeader = []string{"Candidate", "E-mail", "Posting", "Assessment", "Status", "Score", "Passed",
	"Invited", "Started", "Submitted", "Time spent (minutes)", "Report", "Lever profile", "Problem"}

// exportInvitations serves GET /api/invitations.csv: every invitation the
// dashboard's filters (GET /api/invitations) match, as a CSV file, read and
// written a page at a time. Without a sort it lists the oldest first, so
// that an invitation sent during the download comes after the rows already
// written rather than shifting them.
func (s *Server) exportInvitations(w http.ResponseWriter, r *http.Request) {
	f, err := invitationFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Sort == "" {
		f.Sort = "oldest"
	}
	f.Limit, f.Offset = exportPage, 0
	page, err := s.Store.ListInvitations(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var today time.Time
	if s.Insights != nil {
		today = s.Insights.Now()
	} else {
		today = time.Now()
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="assessbridge-candidates-%s.csv"`, today.UTC().Format("2006-01-02")))
	w.WriteHeader(http.StatusOK)
	// The byte-order mark tells spreadsheet programs the file is UTF-8, so
	// accented names open as written.
	w.Write([]byte("\ufeff"))
	out := csv.NewWriter(w)
	out.UseCRLF = true // RFC 4180
	out.Write(exportHeader)
	// A row moved by a change during the download (sorted by last update)
	// can come round again: it is written once.
	written := map[int64]bool{}
	for {
		for _, inv := range page.Invitations {
			if written[inv.ID] {
				continue
			}
			written[inv.ID] = true
			out.Write(exportRow(inv))
		}
		out.Flush()
		if len(page.Invitations) < exportPage {
			break
		}
		f.Offset += exportPage
		if page, err = s.Store.ListInvitations(r.Context(), f); err != nil {
			// The status has gone out: the download is broken off, so the
			// browser shows it failed rather than keeping a shorter file.
			s.Log.Error("candidates export broken off", "err", err, "rows", len(written))
			panic(http.ErrAbortHandler)
		}
	}
	if err := out.Error(); err != nil {
		s.Log.Info("candidates export not received whole", "err", err)
	}
}

// exportRow is one invitation's row, each cell guarded.
func exportRow(inv backend.Invitation) []string {
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	score, passed := "", ""
	if inv.Score != nil {
		score = strconv.FormatFloat(*inv.Score, 'f', -1, 64)
	}
	if inv.Passed != nil {
		passed = "no"
		if *inv.Passed {
			passed = "yes"
		}
	}
	spent := ""
	if inv.TimeSpent > 0 {
		spent = strconv.FormatInt(int64(inv.TimeSpent/time.Minute), 10)
	}
	row := []string{inv.Candidate.Name, inv.Candidate.Email, inv.Candidate.PostingTitle, inv.AssessmentTitle, string(inv.Status),
		score, passed, at(inv.InvitedAt), at(inv.StartedAt), at(inv.SubmittedAt), spent, inv.ReportURL, inv.Candidate.ProfileURL, inv.Error}
	for i, cell := range row {
		row[i] = spreadsheetSafe(cell)
	}
	return row
}

// spreadsheetSafe keeps a spreadsheet from reading a cell as a formula: one
// that starts with = + - @ (or a tab or carriage return, which some read
// past) is written after an apostrophe, which spreadsheets show as text.
func spreadsheetSafe(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
