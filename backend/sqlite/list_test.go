package sqlite_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// dashboard is a small recruiting pipeline. Invitations are created a minute
// apart in the order listed, so "newest" is the reverse of this order.
type dashboard struct {
	db  *sqlite.DB
	ids map[string]int64 // by key below
}

func seedDashboard(t *testing.T) dashboard {
	t.Helper()
	ctx := context.Background()
	db, c := openDB(t)
	rows := []struct {
		key        string
		cand       backend.Candidate
		assessment string
		title      string
		status     backend.Status
		score      *float64
	}{
		{"ada-go", candidate("opp-ada", "Ada Lovelace", "ada@example.com", "p-eng", "Backend Engineer"), "a-go", "Go Backend", backend.StatusSubmitted, ptr(90.0)},
		{"grace-go", candidate("opp-grace", "Grace Hopper", "grace@navy.example", "p-eng", "Backend Engineer"), "a-go", "Go Backend", backend.StatusStarted, nil},
		{"percy-sql", candidate("opp-percy", "Percy 100% Sure", "percy@example.com", "p-data", "Data Analyst"), "a-sql", "SQL Basics", backend.StatusInvited, nil},
		{"john-go", candidate("opp-john", "John Doe", "j_doe@example.com", "p-eng", "Backend Engineer"), "a-go", "Go Backend", backend.StatusFailed, nil},
		{"jade-sql", candidate("opp-jade", "Jade Ng", "jade@example.com", "", ""), "a-sql", "SQL Basics", backend.StatusSubmitted, ptr(55.0)},
		{"alan-sql", candidate("opp-alan", "alan turing", "alan@example.com", "p-data", "Data Analyst"), "a-sql", "SQL Basics", backend.StatusPending, nil},
		{"ada-sql", candidate("opp-ada", "Ada Lovelace", "ada@example.com", "p-eng", "Backend Engineer"), "a-sql", "SQL Basics", backend.StatusClosed, nil},
	}
	d := dashboard{db: db, ids: map[string]int64{}}
	for _, r := range rows {
		c.Advance(time.Minute)
		now := c.Now()
		inv, _ := ensure(t, db, r.cand, intent(r.cand.OpportunityID, r.assessment, r.title), now)
		d.ids[r.key] = inv.ID
		var err error
		switch r.status {
		case backend.StatusFailed:
			err = db.MarkFailed(ctx, inv.ID, "No e-mail.")
		case backend.StatusPending:
		default:
			err = db.MarkInvited(ctx, inv.ID, backend.ProviderInvitation{InvitationID: "qi-" + r.key, ResultID: "res-" + r.key})
		}
		if err != nil {
			t.Fatal(err)
		}
		switch r.status {
		case backend.StatusStarted, backend.StatusSubmitted, backend.StatusClosed:
			res := backend.Result{Status: r.status, Score: r.score, StartedAt: now}
			if _, err := db.ApplyResult(ctx, inv.ID, res); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Touch one invitation last, for the "updated" order.
	c.Advance(time.Hour)
	if err := db.SetAppliedTag(ctx, d.ids["grace-go"], "Go Backend - Started"); err != nil {
		t.Fatal(err)
	}
	return d
}

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

func (d dashboard) keys(t *testing.T, invs []backend.Invitation) []string {
	t.Helper()
	byID := map[int64]string{}
	for k, id := range d.ids {
		byID[id] = k
	}
	out := make([]string, len(invs))
	for i, inv := range invs {
		out[i] = byID[inv.ID]
	}
	return out
}

func TestListInvitations(t *testing.T) {
	d := seedDashboard(t)
	newest := []string{"ada-sql", "alan-sql", "jade-sql", "john-go", "percy-sql", "grace-go", "ada-go"}
	tests := []struct {
		name      string
		filter    sqlite.InvitationFilter
		want      []string
		wantTotal int
	}{
		{"everything, newest first", sqlite.InvitationFilter{}, newest, 7},
		{"one status", sqlite.InvitationFilter{Statuses: []backend.Status{backend.StatusSubmitted}}, []string{"jade-sql", "ada-go"}, 2},
		{"several statuses", sqlite.InvitationFilter{Statuses: []backend.Status{backend.StatusInvited, backend.StatusStarted, backend.StatusFailed}},
			[]string{"john-go", "percy-sql", "grace-go"}, 3},
		{"a status nobody has", sqlite.InvitationFilter{Statuses: []backend.Status{"bogus"}}, []string{}, 0},
		{"assessment", sqlite.InvitationFilter{AssessmentID: "a-go"}, []string{"john-go", "grace-go", "ada-go"}, 3},
		{"posting", sqlite.InvitationFilter{PostingID: "p-data"}, []string{"alan-sql", "percy-sql"}, 2},
		{"assessment and status", sqlite.InvitationFilter{AssessmentID: "a-sql", Statuses: []backend.Status{backend.StatusSubmitted, backend.StatusClosed}},
			[]string{"ada-sql", "jade-sql"}, 2},
		{"posting and assessment", sqlite.InvitationFilter{PostingID: "p-eng", AssessmentID: "a-sql"}, []string{"ada-sql"}, 1},

		{"search by name, any case", sqlite.InvitationFilter{Search: "LOVELACE"}, []string{"ada-sql", "ada-go"}, 2},
		{"search by part of a name", sqlite.InvitationFilter{Search: "hop"}, []string{"grace-go"}, 1},
		{"search by e-mail", sqlite.InvitationFilter{Search: "navy.example"}, []string{"grace-go"}, 1},
		{"search by title", sqlite.InvitationFilter{Search: "sql basics"}, []string{"ada-sql", "alan-sql", "jade-sql", "percy-sql"}, 4},
		{"search is trimmed", sqlite.InvitationFilter{Search: "  turing  "}, []string{"alan-sql"}, 1},
		{"blank search is no search", sqlite.InvitationFilter{Search: "   "}, newest, 7},
		{"search with filters", sqlite.InvitationFilter{Search: "ada", AssessmentID: "a-go"}, []string{"ada-go"}, 1},
		{"search finds nothing", sqlite.InvitationFilter{Search: "nobody"}, []string{}, 0},

		// LIKE metacharacters in a search are plain characters.
		{"percent is literal", sqlite.InvitationFilter{Search: "%"}, []string{"percy-sql"}, 1},
		{"percent inside a word", sqlite.InvitationFilter{Search: "100%"}, []string{"percy-sql"}, 1},
		{"percent does not span", sqlite.InvitationFilter{Search: "a%e"}, []string{}, 0},
		{"underscore is literal", sqlite.InvitationFilter{Search: "_"}, []string{"john-go"}, 1},
		{"underscore is not any letter", sqlite.InvitationFilter{Search: "j_d"}, []string{"john-go"}, 1},
		{"backslash is literal", sqlite.InvitationFilter{Search: `\`}, []string{}, 0},

		{"oldest first", sqlite.InvitationFilter{Sort: "oldest"}, reversed(newest), 7},
		{"by name, ignoring case", sqlite.InvitationFilter{Sort: "name"},
			[]string{"ada-go", "ada-sql", "alan-sql", "grace-go", "jade-sql", "john-go", "percy-sql"}, 7},
		{"by score, unscored last", sqlite.InvitationFilter{Sort: "score"},
			[]string{"ada-go", "jade-sql", "ada-sql", "alan-sql", "john-go", "percy-sql", "grace-go"}, 7},
		{"recently updated first", sqlite.InvitationFilter{Sort: "updated"},
			[]string{"grace-go", "ada-sql", "alan-sql", "jade-sql", "john-go", "percy-sql", "ada-go"}, 7},
		{"unknown sort is newest", sqlite.InvitationFilter{Sort: "random"}, newest, 7},

		{"first page", sqlite.InvitationFilter{Limit: 3}, newest[:3], 7},
		{"second page", sqlite.InvitationFilter{Limit: 3, Offset: 3}, newest[3:6], 7},
		{"last page", sqlite.InvitationFilter{Limit: 3, Offset: 6}, newest[6:], 7},
		{"past the end", sqlite.InvitationFilter{Limit: 3, Offset: 9}, []string{}, 7},
		{"page of a filtered list", sqlite.InvitationFilter{AssessmentID: "a-sql", Sort: "oldest", Limit: 2, Offset: 1},
			[]string{"jade-sql", "alan-sql"}, 4},
		{"second page by name", sqlite.InvitationFilter{Sort: "name", Limit: 3, Offset: 3},
			[]string{"grace-go", "jade-sql", "john-go"}, 7},
		{"second page by score", sqlite.InvitationFilter{Sort: "score", Limit: 3, Offset: 3},
			[]string{"alan-sql", "john-go", "percy-sql"}, 7},
		{"second page recently updated", sqlite.InvitationFilter{Sort: "updated", Limit: 3, Offset: 3},
			[]string{"jade-sql", "john-go", "percy-sql"}, 7},
		{"second page of one status, recently updated", sqlite.InvitationFilter{Statuses: []backend.Status{backend.StatusSubmitted}, Sort: "updated", Limit: 1, Offset: 1},
			[]string{"ada-go"}, 2},
		{"zero limit means the default", sqlite.InvitationFilter{Limit: 0}, newest, 7},
		{"negative limit means the default", sqlite.InvitationFilter{Limit: -5}, newest, 7},
		{"a huge limit is capped, not ignored", sqlite.InvitationFilter{Limit: 100000}, newest, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := d.db.ListInvitations(context.Background(), tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.keys(t, page.Invitations); !slices.Equal(got, tt.want) {
				t.Errorf("invitations = %v, want %v", got, tt.want)
			}
			if page.Total != tt.wantTotal {
				t.Errorf("Total = %d, want %d", page.Total, tt.wantTotal)
			}
		})
	}
}

func TestListInvitationsCarriesTheCandidate(t *testing.T) {
	d := seedDashboard(t)
	page, err := d.db.ListInvitations(context.Background(), sqlite.InvitationFilter{Search: "jade"})
	if err != nil || len(page.Invitations) != 1 {
		t.Fatalf("page = %+v, %v", page, err)
	}
	inv := page.Invitations[0]
	if inv.Candidate.Name != "Jade Ng" || inv.Candidate.Email != "jade@example.com" || inv.AssessmentTitle != "SQL Basics" ||
		inv.Status != backend.StatusSubmitted || inv.Score == nil || *inv.Score != 55 {
		t.Errorf("invitation = %+v", inv)
	}
}

func TestListInvitationsDefaultLimit(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	for i := range 60 {
		opp := "opp-" + string(rune('a'+i/26)) + string(rune('a'+i%26))
		c.Advance(time.Second)
		ensure(t, db, candidate(opp, "Candidate "+opp, opp+"@example.com", "p-1", "Job"), intent(opp, "a-go", "Go"), c.Now())
	}
	tests := []struct {
		limit, want int
	}{
		{0, 50},
		{10, 10},
		{500, 60},
		{501, 60}, // past the maximum: capped at 500, so all 60
	}
	for _, tt := range tests {
		page, err := db.ListInvitations(ctx, sqlite.InvitationFilter{Limit: tt.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Invitations) != tt.want || page.Total != 60 {
			t.Errorf("Limit %d: %d invitations, Total %d; want %d of 60", tt.limit, len(page.Invitations), page.Total, tt.want)
		}
	}
}

func TestStatusCounts(t *testing.T) {
	d := seedDashboard(t)
	got, err := d.db.StatusCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[backend.Status]int{
		"a-go":  {backend.StatusSubmitted: 1, backend.StatusStarted: 1, backend.StatusFailed: 1},
		"a-sql": {backend.StatusInvited: 1, backend.StatusSubmitted: 1, backend.StatusPending: 1, backend.StatusClosed: 1},
	}
	if !maps.EqualFunc(got, want, maps.Equal) {
		t.Errorf("StatusCounts = %v, want %v", got, want)
	}
}

func TestStatusCountsEmpty(t *testing.T) {
	db, _ := openDB(t)
	got, err := db.StatusCounts(context.Background())
	if err != nil || len(got) != 0 {
		t.Errorf("StatusCounts = %v, %v; want empty", got, err)
	}
}

func TestFunnel(t *testing.T) {
	d := seedDashboard(t)
	got, err := d.db.Funnel(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// a-go: ada submitted, grace started, john failed (never invited).
	// a-sql: percy invited, jade submitted, alan pending, ada closed after starting.
	want := []sqlite.FunnelStep{
		{AssessmentID: "a-go", Title: "Go Backend", Invited: 2, Started: 2, Submitted: 1},
		{AssessmentID: "a-sql", Title: "SQL Basics", Invited: 3, Started: 2, Submitted: 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Funnel = %+v, want %+v", got, want)
	}
	for _, f := range got {
		if f.Submitted > f.Started || f.Started > f.Invited {
			t.Errorf("%s: submitted %d ⊄ started %d ⊄ invited %d", f.AssessmentID, f.Submitted, f.Started, f.Invited)
		}
	}
}

// TestFunnelClosedWithoutStarting: an invitation that expired before the
// candidate began (Qualified "terminated" with no start time) did not get
// as far as "started".
func TestFunnelClosedWithoutStarting(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	inv := invitationIn(t, db, c, "opp-1", backend.StatusInvited)
	c.Advance(7 * 24 * time.Hour)
	if _, err := db.ApplyResult(ctx, inv.ID, backend.Result{State: "terminated", Status: backend.StatusClosed}); err != nil {
		t.Fatal(err)
	}
	if got := mustInvitation(t, db, inv.ID); !got.StartedAt.IsZero() {
		t.Errorf("StartedAt = %v for an invitation that was never started", got.StartedAt)
	}
	got, err := db.Funnel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []sqlite.FunnelStep{{AssessmentID: "a-go", Title: "Go Backend", Invited: 1, Started: 0, Submitted: 0}}
	if !slices.Equal(got, want) {
		t.Errorf("Funnel = %+v, want %+v", got, want)
	}
}

func TestPostings(t *testing.T) {
	d := seedDashboard(t)
	got, err := d.db.Postings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// By title; a candidate without a posting adds none.
	want := []sqlite.Posting{{ID: "p-eng", Title: "Backend Engineer"}, {ID: "p-data", Title: "Data Analyst"}}
	if !slices.Equal(got, want) {
		t.Errorf("Postings = %+v, want %+v", got, want)
	}
}

// TestPostingsCaseAndRenames: each posting of a known candidate once, by title whatever
// its case, with the greatest of its titles when its candidates were seen
// under several; candidates without a posting are not a posting.
func TestPostingsCaseAndRenames(t *testing.T) {
	db, c := openDB(t)
	for _, x := range []backend.Candidate{
		candidate("opp-1", "A", "a@example.com", "p-eng", "Backend Engineer"),
		candidate("opp-2", "B", "b@example.com", "p-eng", "Backend Engineer"),
		candidate("opp-3", "C", "c@example.com", "p-data", "data Analyst"),
		candidate("opp-4", "D", "d@example.com", "", ""),
		candidate("opp-5", "E", "e@example.com", "p-eng", "Backend Engineer II"),
		candidate("opp-6", "F", "f@example.com", "p-zz", "Account Executive"),
	} {
		c.Advance(time.Second)
		ensure(t, db, x, intent(x.OpportunityID, "a-go", "Go"), c.Now())
	}
	got, err := db.Postings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []sqlite.Posting{{ID: "p-zz", Title: "Account Executive"}, {ID: "p-eng", Title: "Backend Engineer II"}, {ID: "p-data", Title: "data Analyst"}}
	if !slices.Equal(got, want) {
		t.Errorf("Postings = %+v, want %+v", got, want)
	}
	empty, _ := openDB(t)
	if got, err := empty.Postings(context.Background()); err != nil || len(got) != 0 {
		t.Errorf("no candidates: Postings = %+v, %v", got, err)
	}
}
