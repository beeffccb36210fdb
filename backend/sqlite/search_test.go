package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// The search index follows renamed candidates, changed e-mails and retitled
// assessments; short searches, too short for trigrams, still work.
func TestSearchFollowsChangesToNamesEmailsAndTitles(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	ensure(t, db, candidate("opp-1", "Ada Lovelace", "ada@example.com", "p-1", "Job"), intent("opp-1", "a-go", "Go Backend"), c.Now())
	ensure(t, db, candidate("opp-2", "Grace Hopper", "grace@example.com", "p-1", "Job"), intent("opp-2", "a-sql", "SQL Basics"), c.Now())
	find := func(q string) []string {
		t.Helper()
		page, err := db.ListInvitations(ctx, sqlite.InvitationFilter{Search: q})
		if err != nil {
			t.Fatal(err)
		}
		var opps []string
		for _, inv := range page.Invitations {
			opps = append(opps, inv.OpportunityID)
		}
		return opps
	}
	for q, want := range map[string]string{"ovelac": "opp-1", "GRACE@": "opp-2", "sql ba": "opp-2", "Ad": "opp-1", `a"d`: ""} {
		got := find(q)
		if (want == "" && len(got) != 0) || (want != "" && (len(got) != 1 || got[0] != want)) {
			t.Errorf("search %q found %v, want %q", q, got, want)
		}
	}
	// Ada marries and changes her address; the assessment is retitled.
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		return sqlite.UpsertCandidate(ctx, tx, candidate("opp-1", "Ada King", "ada.king@example.com", "p-1", "Job"), c.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := find("Lovelace"); len(got) != 0 {
		t.Errorf("the old name is still found: %v", got)
	}
	if got := find("ada.king"); len(got) != 1 || got[0] != "opp-1" {
		t.Errorf("the new e-mail is not found: %v", got)
	}
	inv, _ := ensure(t, db, candidate("opp-1", "Ada King", "ada.king@example.com", "p-1", "Job"), intent("opp-1", "a-go", "Go Backend"), c.Now())
	if _, err := db.Writer().Exec(`UPDATE invitations SET assessment_title = 'Go Services' WHERE id = ?`, inv.ID); err != nil {
		t.Fatal(err)
	}
	if got := find("Services"); len(got) != 1 || got[0] != "opp-1" {
		t.Errorf("the new title is not found: %v", got)
	}
}
