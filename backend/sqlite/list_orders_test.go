package sqlite_test

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// listRow is what the dashboard's filters and orders read of an
// invitation, from the candidates table itself.
type listRow struct {
	id                          int64
	status, assessment, posting string
	name, email, title          string
	score                       *float64
	created, updated            int64
}

func listRows(t *testing.T, db *sqlite.DB) []listRow {
	t.Helper()
	rows, err := db.Writer().Query(`SELECT i.id, i.status, i.assessment_id, c.posting_id, c.name, c.email, i.assessment_title,
		i.score, i.created_at, i.updated_at FROM invitations i JOIN candidates c ON c.opportunity_id = i.opportunity_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []listRow
	for rows.Next() {
		var r listRow
		var score sql.NullFloat64
		if err := rows.Scan(&r.id, &r.status, &r.assessment, &r.posting, &r.name, &r.email, &r.title, &score, &r.created, &r.updated); err != nil {
			t.Fatal(err)
		}
		if score.Valid {
			r.score = &score.Float64
		}
		out = append(out, r)
	}
	return out
}

// wantList is the dashboard's list as its filters and orders say, worked
// out here from every row.
func wantList(rows []listRow, f sqlite.InvitationFilter) []int64 {
	var out []listRow
	q := strings.ToLower(strings.TrimSpace(f.Search))
	for _, r := range rows {
		switch {
		case len(f.Statuses) > 0 && !slices.Contains(f.Statuses, backend.Status(r.status)),
			f.AssessmentID != "" && r.assessment != f.AssessmentID,
			f.PostingID != "" && r.posting != f.PostingID,
			q != "" && !strings.Contains(strings.ToLower(r.name), q) && !strings.Contains(strings.ToLower(r.email), q) &&
				!strings.Contains(strings.ToLower(r.title), q):
			continue
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b listRow) int {
		switch f.Sort {
		case "oldest":
			return cmp.Or(cmp.Compare(a.created, b.created), cmp.Compare(a.id, b.id))
		case "updated":
			return cmp.Or(cmp.Compare(b.updated, a.updated), cmp.Compare(b.id, a.id))
		case "name":
			// NOCASE folds ASCII letters only.
			return cmp.Or(strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)), cmp.Compare(a.id, b.id))
		case "score":
			if (a.score == nil) != (b.score == nil) {
				if a.score == nil {
					return 1
				}
				return -1
			}
			if a.score != nil && *a.score != *b.score {
				return cmp.Compare(*b.score, *a.score)
			}
			return cmp.Compare(b.id, a.id)
		default:
			return cmp.Or(cmp.Compare(b.created, a.created), cmp.Compare(b.id, a.id))
		}
	})
	ids := make([]int64, len(out))
	for i, r := range out {
		ids[i] = r.id
	}
	return ids
}

// seedOrders imports invitations whose orders tie often: a few creation
// and update times, a few scores and none, names that differ only in case,
// candidates with several invitations, one without a posting.
func seedOrders(t *testing.T, db *sqlite.DB, n int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 13))
	names := []string{"ada Lovelace", "Ada Lovelace", "ADA LOVELACE", "Grace Hopper", "Alan Turing", "alan turing", "Okafor Nwosu", "Zoe Okafor", "Jo"}
	postings := []string{"p-eng", "p-data", "p-design", ""}
	assessments := []string{"a-go", "a-sql", "a-ui"}
	statuses := []backend.Status{backend.StatusPending, backend.StatusInvited, backend.StatusStarted, backend.StatusSubmitted,
		backend.StatusClosed, backend.StatusExpired, backend.StatusFailed}
	base := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	var invs []backend.Invitation
	for i := range n {
		opp := fmt.Sprintf("opp-%d", i/2) // two invitations to most candidates
		name := names[(i/2)%len(names)]
		posting := postings[(i/2)%len(postings)]
		a := assessments[i%len(assessments)]
		if i%2 == 1 {
			a = assessments[(i+1)%len(assessments)]
		}
		inv := backend.Invitation{OpportunityID: opp, AssessmentID: a, AssessmentTitle: strings.ToUpper(a[2:]) + " Challenge", MatchedTag: a,
			TagPlace: backend.TagOnCandidate, StageID: "st", Status: statuses[rng.IntN(len(statuses))],
			CreatedAt: base.Add(time.Duration(rng.IntN(5)) * time.Hour),
			UpdatedAt: base.Add(time.Duration(5+rng.IntN(5)) * time.Hour),
			Candidate: candidate(opp, name, strings.ReplaceAll(strings.ToLower(name), " ", ".")+"@example.com", posting, "Posting "+posting)}
		if inv.Status == backend.StatusSubmitted && rng.IntN(4) > 0 {
			inv.Score = ptr(float64(50 + 10*rng.IntN(4)))
		}
		invs = append(invs, inv)
	}
	if err := db.ImportInvitations(context.Background(), invs); err != nil {
		t.Fatal(err)
	}
}

// Every order under every filter, alone and combined, page by page across
// each page's end, read in order and gathered: the pages are the list the
// filters and the order say, and the total is its length.
func TestListInvitationsEveryOrderAndFilter(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	seedOrders(t, db, 240)
	// A candidate moved to another posting and renamed after their
	// invitations were written: the list follows the candidate.
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		return sqlite.UpsertCandidate(ctx, tx, candidate("opp-3", "aDA lovelace", "moved@example.com", "p-design", "Posting p-design"), c.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	// And a live invitation, written as the workflow does.
	ensure(t, db, candidate("opp-new", "Ada Lovelace", "new@example.com", "p-eng", "Posting p-eng"), intent("opp-new", "a-go", "GO Challenge"), c.Now())
	rows := listRows(t, db)

	st := func(s ...backend.Status) []backend.Status { return s }
	filters := []sqlite.InvitationFilter{
		{}, {Statuses: st(backend.StatusSubmitted)}, {Statuses: st(backend.StatusInvited, backend.StatusStarted)},
		{AssessmentID: "a-go"}, {AssessmentID: "a-go", Statuses: st(backend.StatusSubmitted)},
		{AssessmentID: "a-sql", Statuses: st(backend.StatusFailed, backend.StatusPending)},
		{PostingID: "p-eng"}, {PostingID: "p-design", Statuses: st(backend.StatusSubmitted)}, {PostingID: "p-data", AssessmentID: "a-ui"},
		{PostingID: "p-eng", AssessmentID: "a-go", Statuses: st(backend.StatusSubmitted, backend.StatusClosed)},
		{PostingID: "p-none"}, {AssessmentID: "a-none"},
		{Search: "lovelace"}, {Search: "OKAFOR", Statuses: st(backend.StatusSubmitted)}, {Search: "ada", PostingID: "p-design"},
		{Search: "sql chall", AssessmentID: "a-sql"}, {Search: "jo"}, {Search: "Jo", PostingID: "p-eng"},
	}
	for _, sort := range []string{"newest", "oldest", "updated", "name", "score", ""} {
		for _, f := range filters {
			f.Sort = sort
			want := wantList(rows, f)
			for _, inOrder := range []bool{true, false} {
				restore := sqlite.ReadPagesInOrder(inOrder)
				var got []int64
				for offset := 0; offset < len(want)+7; offset += 7 {
					f.Limit, f.Offset = 7, offset
					page, err := db.ListInvitations(ctx, f)
					if err != nil {
						t.Fatalf("%+v: %v", f, err)
					}
					if page.Total != len(want) {
						t.Fatalf("%+v (in order %v): total %d, want %d", f, inOrder, page.Total, len(want))
					}
					for _, inv := range page.Invitations {
						got = append(got, inv.ID)
					}
				}
				restore()
				if !slices.Equal(got, want) {
					t.Errorf("%+v (in order %v):\n got %v\nwant %v", f, inOrder, got, want)
				}
			}
		}
	}
}

// checkFilterCounts compares the dashboard's kept totals, and each
// invitation's copy of its candidate's posting and name, with the
// candidates and invitations themselves.
func checkFilterCounts(t *testing.T, db *sqlite.DB, after string) {
	t.Helper()
	read := func(query string) []string {
		rows, err := db.Writer().Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var a, b, c, d string
			if err := rows.Scan(&a, &b, &c, &d); err != nil {
				t.Fatal(err)
			}
			out = append(out, a+"|"+b+"|"+c+"|"+d)
		}
		return out
	}
	kept := read(`SELECT posting_id, assessment_id, status, n FROM invitation_filter_counts WHERE n > 0 ORDER BY 1, 2, 3`)
	counted := read(`SELECT c.posting_id, i.assessment_id, i.status, count(*) FROM invitations i JOIN candidates c USING (opportunity_id)
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
	if !slices.Equal(kept, counted) || len(counted) == 0 {
		t.Errorf("after %s: kept %v, counted %v", after, kept, counted)
	}
	if stale := read(`SELECT i.id, i.posting_id, i.candidate_name, c.posting_id || ' ' || c.name FROM invitations i
		JOIN candidates c USING (opportunity_id) WHERE i.posting_id IS NOT c.posting_id OR i.candidate_name IS NOT c.name`); len(stale) > 0 {
		t.Errorf("after %s: invitations not following their candidate: %v", after, stale)
	}
}

// The totals the dashboard shows under its filters are kept by triggers:
// whatever changes an invitation or its candidate, they stay what a count
// would give.
func TestFilterCountsFollowEveryChange(t *testing.T) {
	ctx := context.Background()
	d := seedDashboard(t)
	db := d.db
	checkFilterCounts(t, db, "new invitations walked to every status")
	john := d.ids["john-go"]
	if err := db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := sqlite.RetryInvitation(ctx, tx, john, time.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	checkFilterCounts(t, db, "a retry")
	if err := db.MarkInvited(ctx, john, backend.ProviderInvitation{InvitationID: "qi-john", ResultID: "res-john"}); err != nil {
		t.Fatal(err)
	}
	checkFilterCounts(t, db, "an invitation")
	// Ada moves to another posting and changes her name; Jade, without a
	// posting, gets one.
	for _, c := range []backend.Candidate{candidate("opp-ada", "Ada King", "ada@example.com", "p-data", "Data Analyst"),
		candidate("opp-jade", "Jade Ng", "jade@example.com", "p-eng", "Backend Engineer")} {
		if err := db.Tx(ctx, func(tx *sql.Tx) error { return sqlite.UpsertCandidate(ctx, tx, c, time.Now()) }); err != nil {
			t.Fatal(err)
		}
		checkFilterCounts(t, db, "a candidate's move to "+c.PostingID)
	}
	for _, q := range []string{
		`UPDATE invitations SET status = status, posting_id = posting_id`,
		`UPDATE invitations SET assessment_id = 'a-go' WHERE id = ` + fmt.Sprint(d.ids["percy-sql"]),
		// Moved to another candidate: it takes theirs.
		`UPDATE invitations SET opportunity_id = 'opp-grace' WHERE id = ` + fmt.Sprint(d.ids["alan-sql"]),
		`DELETE FROM invitation_history WHERE invitation_id = ` + fmt.Sprint(d.ids["percy-sql"]),
		`DELETE FROM invitations WHERE id = ` + fmt.Sprint(d.ids["percy-sql"]),
	} {
		if _, err := db.Writer().Exec(q); err != nil {
			t.Fatal(err)
		}
		checkFilterCounts(t, db, q)
	}
	if _, err := db.ForgetCandidate(ctx, "opp-grace"); err != nil {
		t.Fatal(err)
	}
	checkFilterCounts(t, db, "a candidate forgotten")
	seedOrders(t, db, 40)
	checkFilterCounts(t, db, "an import")
	page, err := db.ListInvitations(ctx, sqlite.InvitationFilter{PostingID: "p-data", Sort: "name", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(wantList(listRows(t, db), sqlite.InvitationFilter{PostingID: "p-data"})); page.Total != want || len(page.Invitations) != want {
		t.Errorf("posting p-data: total %d, %d listed; want %d", page.Total, len(page.Invitations), want)
	}

	// The migration fills the copies and the counts from what is there, and
	// its way down leaves the schema as it was.
	migrations, err := goose.NewProvider(goose.DialectSQLite3, db.Writer(), os.DirFS("migrations"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.DownTo(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if tableExists(t, db, "invitation_filter_counts") {
		t.Fatal("set-up: the counts are still there after migrating down")
	}
	if _, err := migrations.Up(ctx); err != nil {
		t.Fatal(err)
	}
	checkFilterCounts(t, db, "migrating a database with invitations")
}
