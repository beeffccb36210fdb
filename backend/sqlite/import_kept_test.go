package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// pastInvitations are n invitations of the past, every status, with
// results whose challenge scores do not add up exactly in floating point.
func pastInvitations(n int, from int, seed uint64) []backend.Invitation {
	rng := rand.New(rand.NewPCG(seed, 1))
	statuses := []backend.Status{backend.StatusPending, backend.StatusInvited, backend.StatusStarted, backend.StatusSubmitted,
		backend.StatusSubmitted, backend.StatusClosed, backend.StatusExpired, backend.StatusFailed}
	day := time.Date(2025, 2, 3, 9, 0, 0, 0, time.UTC)
	var out []backend.Invitation
	for i := range n {
		k := from + i
		opp := fmt.Sprintf("opp-%d", k/2)
		a := []string{"a-go", "a-sql", "a-ui"}[(k+k/2)%3]
		created := day.Add(time.Duration(rng.IntN(30*24)) * time.Hour)
		inv := backend.Invitation{OpportunityID: opp, AssessmentID: a, AssessmentTitle: a + " title", MatchedTag: a,
			TagPlace: backend.TagOnPosting, StageID: "st", Status: statuses[rng.IntN(len(statuses))], CreatedAt: created,
			Candidate: candidate(opp, fmt.Sprintf("Name %d", k/2), fmt.Sprintf("c%d@example.com", k/2),
				[]string{"p-eng", "p-data", ""}[k/2%3], "Posting")}
		if inv.Status != backend.StatusPending && inv.Status != backend.StatusFailed {
			inv.InvitedAt = created.Add(time.Hour)
		}
		if inv.Status == backend.StatusStarted || inv.Status == backend.StatusSubmitted || (inv.Status == backend.StatusClosed && k%2 == 0) {
			inv.StartedAt = created.Add(26 * time.Hour)
		}
		if inv.Status == backend.StatusSubmitted {
			inv.SubmittedAt = created.Add(28 * time.Hour)
			total := 0.0
			for c := range 1 + rng.IntN(4) {
				s := float64(rng.IntN(1000)) / 3
				if rng.IntN(4) == 0 {
					s = 0
				}
				inv.Challenges = append(inv.Challenges, backend.ChallengeScore{Title: fmt.Sprintf("Challenge %d", c+1), Score: s})
				total += s
			}
			inv.Score = ptr(total / float64(len(inv.Challenges)))
			inv.Passed = ptr(*inv.Score >= 50)
		}
		out = append(out, inv)
	}
	return out
}

// keptTables are every table the triggers on a new invitation keep.
var keptTables = []string{
	"invitation_counts", "invitation_filter_counts", "challenge_scores", "challenge_days", "insight_days", "scored_results",
	"(SELECT id, posting_id, candidate_name FROM %s.invitations)",
	"(SELECT rowid, name, email, title FROM %s.invitation_search)",
	"(SELECT rowid FROM %s.invitation_search WHERE invitation_search MATCH '\"Name 1\"')",
	"(SELECT type, name, tbl_name, sql FROM %s.sqlite_schema WHERE name NOT LIKE 'sqlite_%%')",
}

// An import writes what the triggers keep once, at its end, and makes the
// indexes again when the table was no bigger than the import: every kept
// table ends up as the triggers, row by row, leave it, to the last bit of
// each sum, and the schema as it was.
func TestImportKeepsWhatTheTriggersKeep(t *testing.T) {
	ctx := context.Background()
	pathA := filepath.Join(t.TempDir(), "imported.db")
	imported := openAt(t, pathA)
	// Into an empty database (the indexes made again afterwards), then
	// into one bigger than the import (written to as they are).
	first, second := pastInvitations(600, 0, 1), pastInvitations(150, 600, 2)
	if err := imported.ImportInvitations(ctx, first); err != nil {
		t.Fatal(err)
	}
	var lives []sqlite.PastLifecycle
	for i := 0; i < 300; i += 3 {
		lives = append(lives, sqlite.PastLifecycle{OpportunityID: fmt.Sprintf("opp-%d", i), State: "archived", StateAt: time.Now(),
			HiredAt: map[bool]time.Time{true: time.Now()}[i%2 == 0]})
	}
	if err := imported.ImportLifecycles(ctx, lives); err != nil {
		t.Fatal(err)
	}
	if err := imported.ImportInvitations(ctx, second); err != nil {
		t.Fatal(err)
	}
	if err := imported.Close(); err != nil {
		t.Fatal(err)
	}

	// The same rows written one by one, the triggers in place.
	byRow, _ := openDB(t)
	w := byRow.Writer()
	for _, stmt := range []string{
		`ATTACH '` + pathA + `' AS a`,
		`INSERT INTO candidates SELECT * FROM a.candidates`,
		`INSERT INTO invitations SELECT * FROM a.invitations WHERE id <= 600 ORDER BY id`,
		`INSERT INTO lever_lifecycle SELECT * FROM a.lever_lifecycle`,
		`INSERT INTO invitations SELECT * FROM a.invitations WHERE id > 600 ORDER BY id`,
	} {
		if _, err := w.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	for _, table := range keptTables {
		mine, theirs := "main."+table, "a."+table
		if table[0] == '(' {
			mine, theirs = fmt.Sprintf(table, "main"), fmt.Sprintf(table, "a")
		}
		var rows, differ int
		err := w.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM `+mine+`),
			(SELECT count(*) FROM (SELECT * FROM `+mine+` EXCEPT SELECT * FROM `+theirs+`)) +
			(SELECT count(*) FROM (SELECT * FROM `+theirs+` EXCEPT SELECT * FROM `+mine+`))`).Scan(&rows, &differ)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		if rows == 0 || differ != 0 {
			t.Errorf("%s: %d rows written by the triggers, %d differ from the import's", table, rows, differ)
		}
	}
}
