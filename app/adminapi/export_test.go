package adminapi

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// downloadCSV fetches the export at query and reads it as RFC 4180 CSV.
func downloadCSV(t *testing.T, url string) (*http.Response, [][]string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, body)
	}
	text, ok := strings.CutPrefix(string(body), "\ufeff")
	if !ok {
		t.Errorf("no byte-order mark: %q", body[:min(len(body), 20)])
	}
	if !strings.Contains(text, "\r\n") {
		t.Errorf("lines not ended by CRLF")
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, text)
	}
	return res, rows
}

// The candidates' list as a CSV file: every row the filters match, across
// pages, quoted as RFC 4180 says, no cell read as a formula.
func TestExportInvitationsCSV(t *testing.T) {
	srv, db := insightsServer(t, insightsNow, insightsData)
	ctx := context.Background()
	// Names a spreadsheet would take for formulas, and ones that need quoting.
	tricky := []struct{ name, email string }{
		{`=HYPERLINK("http://evil.example","Click")`, "formula@example.com"},
		{"+1 234", "plus@example.com"},
		{"-2+3", "minus@example.com"},
		{"@SUM(A1:A9)", "at@example.com"},
		{`O'Brien, "Jo"`, "quote@example.com"},
		{"Line\nbreak", "break@example.com"},
	}
	var invs []backend.Invitation
	for i, c := range tricky {
		opp := fmt.Sprintf("tricky-%d", i)
		invs = append(invs, backend.Invitation{OpportunityID: opp, AssessmentID: "a-back", AssessmentTitle: "Backend Challenge",
			MatchedTag: "Backend Challenge", TagPlace: backend.TagOnPosting, StageID: "s", Status: backend.StatusFailed,
			Error: "=cmd|' /C calc'!A0", CreatedAt: mar(14, 9), UpdatedAt: mar(14, 9),
			Candidate: backend.Candidate{OpportunityID: opp, Name: c.name, Email: c.email, PostingID: "post-tricky", PostingTitle: "Tricky, Inc."}})
	}
	// More than two of the export's pages of one posting.
	for i := range 1100 {
		opp := fmt.Sprintf("many-%04d", i)
		invs = append(invs, backend.Invitation{OpportunityID: opp, AssessmentID: "a-sql", AssessmentTitle: "SQL Basics",
			MatchedTag: "SQL Basics", TagPlace: backend.TagOnPosting, StageID: "s", Status: backend.StatusInvited,
			CreatedAt: mar(1, 0).Add(time.Duration(i) * time.Minute), InvitedAt: mar(1, 0).Add(time.Duration(i) * time.Minute),
			Candidate: backend.Candidate{OpportunityID: opp, Name: "Many " + opp, Email: opp + "@example.com", PostingID: "post-many", PostingTitle: "Many"}})
	}
	if err := db.ImportInvitations(ctx, invs); err != nil {
		t.Fatal(err)
	}

	res, rows := downloadCSV(t, srv.URL+"/api/invitations.csv?posting=post-tricky")
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="assessbridge-candidates-2025-03-20.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if strings.Join(rows[0], "|") != strings.Join(exportHeader, "|") || len(rows) != 1+len(tricky) {
		t.Fatalf("rows %q", rows)
	}
	// Oldest first, the order they were imported in (same time, by id).
	want := []string{`'=HYPERLINK("http://evil.example","Click")`, "'+1 234", "'-2+3", "'@SUM(A1:A9)", `O'Brien, "Jo"`, "Line\nbreak"}
	for i, w := range want {
		row := rows[1+i]
		if row[0] != w || row[1] != tricky[i].email || row[2] != "Tricky, Inc." || row[4] != "failed" || row[13] != "'=cmd|' /C calc'!A0" {
			t.Errorf("row %d: %q, want name %q", i, row, w)
		}
	}

	// Filters as the dashboard's: a status across both postings, an
	// assessment, a search; every matching row, across pages, once.
	for _, tt := range []struct {
		query string
		want  int
	}{
		{"posting=post-many", 1100},
		// invited: the 1,100, and c6, c7, c9, p2 of the data set.
		{"status=invited", 1104},
		{"status=invited&assessment=a-back", 2},
		// c1, c2, c3, c8, p1, p3 and p4.
		{"status=submitted,started&posting=post-back", 7},
		{"q=Many+many-00", 100},
		{"sort=name&posting=post-many", 1100},
		{"", len(insightsData) + len(invs)},
	} {
		_, rows := downloadCSV(t, srv.URL+"/api/invitations.csv?"+tt.query)
		seen := map[string]bool{}
		for _, r := range rows[1:] {
			if seen[r[1]] {
				t.Errorf("%s: %s written twice", tt.query, r[1])
			}
			seen[r[1]] = true
		}
		if len(rows)-1 != tt.want {
			t.Errorf("%s: %d rows, want %d", tt.query, len(rows)-1, tt.want)
		}
	}

	// A submitted row in full: c1 of the data set.
	_, rows = downloadCSV(t, srv.URL+"/api/invitations.csv?q=c1@example.com")
	if len(rows) != 2 {
		t.Fatalf("c1: %q", rows)
	}
	if got := strings.Join(rows[1], "|"); got != "Candidate c1|c1@example.com|Backend Engineer|Backend Challenge|submitted|90|yes|"+
		"2025-03-10T09:00:00Z|2025-03-10T09:30:00Z|2025-03-10T10:30:00Z|||https://hire.lever.co/candidates/c1|" {
		t.Errorf("c1: %q", got)
	}

	// An unknown status is refused as on the dashboard.
	r, err := http.Get(srv.URL + "/api/invitations.csv?status=hired")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown status: %d", r.StatusCode)
	}
}
