package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/assessbridge/assessbridge/backend"
)

// InvitationFilter narrows the dashboard's list.
type InvitationFilter struct {
	Statuses     []backend.Status
	AssessmentID string
	PostingID    string
	// Search matches candidate name, e-mail or assessment title.
	Search string
	// Sort is "newest" (default), "oldest", "name", "score" or "updated".
	Sort   string
	Limit  int
	Offset int
}

// maxPage bounds one page of the dashboard's list.
const maxPage = 500

// InvitationPage is one page of the dashboard's list.
type InvitationPage struct {
	Invitations []backend.Invitation
	Total       int
	// Routed is what routing rules decided, by invitation id; an invitation
	// no rules decided for is absent.
	Routed map[int64]RoutedRow
}

// listOrder is one of the dashboard's orders and the indexes that hold it.
type listOrder struct {
	// by is the ORDER BY; its last term, the id, makes it total.
	by string
	// walk holds the order for every invitation, with the filters' columns
	// beside it (migration 00013).
	walk string
	// status and assessmentStatus hold the order within one status, and
	// within one assessment and status; "" where no index does.
	status, assessmentStatus string
	// byStatus, where set, holds the order within each status with the
	// other filters' columns: a page under a status filter is merged from
	// each status's range. key is what the order reads, and merged the
	// order of the merged ranges' (id, key).
	byStatus, key, merged string
}

var listOrders = map[string]listOrder{
	"newest":  {by: "i.created_at DESC, i.id DESC", walk: "invitations_created_list", status: "invitations_status", assessmentStatus: "invitations_assessment"},
	"oldest":  {by: "i.created_at, i.id", walk: "invitations_created_list", status: "invitations_status", assessmentStatus: "invitations_assessment"},
	"updated": {by: "i.updated_at DESC, i.id DESC", walk: "invitations_updated_list", status: "invitations_status_updated", assessmentStatus: "invitations_assessment_updated"},
	"name":    {by: "i.candidate_name COLLATE NOCASE, i.id", walk: "invitations_name_list"},
	// SQLite puts NULL last in a descending order: unscored invitations
	// follow the scored ones, as the dashboard shows them.
	"score": {by: "i.score DESC, i.id DESC", walk: "invitations_score_list",
		byStatus: "invitations_status_score", key: "i.score", merged: "2 DESC, 1 DESC"},
}

// walkCost is how many index entries read in order cost as much as one
// matching invitation gathered and sorted: a filter that most invitations
// pass is read in order, one that few pass is gathered and sorted.
var walkCost int64 = 4

// ListInvitations serves the dashboard: newest first unless told otherwise.
//
// The total under a filter without a text search is read from the counts
// kept by migration 00013's triggers. The page's ids are then found from one
// index alone, in the way the exact total says is cheaper: read in order,
// skipping the invitations the filter leaves out, when most pass it; or
// gathered from the filter's own index and sorted, when few do. Only those
// ids' rows are then read whole.
func (db *DB) ListInvitations(ctx context.Context, f InvitationFilter) (InvitationPage, error) {
	var page InvitationPage
	p, err := db.planList(ctx, f)
	page.Total = p.total
	if err != nil || p.ids == "" {
		return page, err
	}
	invs, routed, err := db.queryInvitationsRouted(ctx, db.reader, `SELECT `+invitationColumns+routedRowColumns+invitationFrom+routedRowJoin+
		` WHERE i.id IN (`+p.ids+`) ORDER BY `+p.order, p.args...)
	page.Invitations, page.Routed = invs, routed
	return page, err
}

// listPlan is how a page of the dashboard's list is found.
type listPlan struct {
	total int
	// ids selects the page's ids with args; "" when the page is past the end.
	ids   string
	args  []any
	order string
}

func (db *DB) planList(ctx context.Context, f InvitationFilter) (listPlan, error) {
	var p listPlan
	var where []string
	var args []any
	if len(f.Statuses) > 0 {
		cond, in := inList("i.status", f.Statuses)
		where, args = append(where, cond), append(args, in...)
	}
	// The filters but the status, for the order read status by status.
	var others []string
	var othersArgs []any
	if f.AssessmentID != "" {
		others = append(others, "i.assessment_id = ?")
		othersArgs = append(othersArgs, f.AssessmentID)
	}
	if f.PostingID != "" {
		others = append(others, "i.posting_id = ?")
		othersArgs = append(othersArgs, f.PostingID)
	}
	where, args = append(where, others...), append(args, othersArgs...)
	search, short := strings.TrimSpace(f.Search), false
	if search != "" {
		if utf8.RuneCountInString(search) >= 3 {
			// The trigram index finds any part of a name, e-mail or title.
			where = append(where, `i.id IN (SELECT rowid FROM invitation_search WHERE invitation_search MATCH ?)`)
			args = append(args, `"`+strings.ReplaceAll(search, `"`, `""`)+`"`)
		} else {
			// Too short for trigrams: scan.
			p := likePattern(search)
			where = append(where, `(c.name LIKE ? ESCAPE '\' OR c.email LIKE ? ESCAPE '\' OR i.assessment_title LIKE ? ESCAPE '\')`)
			args = append(args, p, p, p)
			short = true
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	order, ok := listOrders[f.Sort]
	if !ok {
		order = listOrders["newest"]
	}
	p.order = order.by
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = 50
	case limit > maxPage:
		limit = maxPage
	}
	offset := max(f.Offset, 0)

	from := ` FROM invitations i`
	if short {
		from = invitationFrom
	}
	total, all, err := db.keptTotal(ctx, f)
	if err == nil && search != "" {
		counted := from
		if !short {
			// From the search's matches, each found by its id: an index of
			// a filter beside the search read every invitation it holds.
			counted += " INDEXED BY invitations_search_list"
		}
		err = db.reader.QueryRowContext(ctx, `SELECT count(*)`+counted+cond, args...).Scan(&total)
	}
	if err != nil {
		return p, fmt.Errorf("sqlite: count invitations: %w", err)
	}
	p.total = total
	if total <= offset {
		return p, nil
	}
	if order.byStatus != "" && len(f.Statuses) > 0 && search == "" {
		// Only submitted invitations have a score: in score order, the
		// others all come after every scored one, and reading that order
		// for them passed every scored invitation first. Each status is
		// read in order from its own range of the index instead, and the
		// ranges merged as they are read.
		var arms []string
		var armsArgs []any
		for _, s := range slices.Compact(slices.Sorted(slices.Values(f.Statuses))) {
			arms = append(arms, `SELECT i.id, `+order.key+` FROM invitations i INDEXED BY `+order.byStatus+
				` WHERE `+strings.Join(append([]string{"i.status = ?"}, others...), " AND "))
			armsArgs = append(append(armsArgs, string(s)), othersArgs...)
		}
		p.ids = `SELECT id FROM (` + strings.Join(arms, ` UNION ALL `) + ` ORDER BY ` + order.merged + ` LIMIT ? OFFSET ?)`
		p.args = append(armsArgs, limit, offset)
		return p, nil
	}
	p.ids = `SELECT i.id` + from + listIndex(f, order, search, total, all, offset+limit) + cond + ` ORDER BY ` + order.by + ` LIMIT ? OFFSET ?`
	p.args = append(args, limit, offset)
	return p, nil
}

// listIndex is the INDEXED BY (or NOT INDEXED) clause that finds a page
// ending at the end'th invitation of total matching, of all invitations; ""
// leaves the choice to SQLite.
func listIndex(f InvitationFilter, order listOrder, search string, total, all, end int) string {
	if search != "" && utf8.RuneCountInString(search) < 3 {
		return ""
	}
	// One status, alone or with an assessment: an index holds exactly the
	// matching invitations in order.
	if len(f.Statuses) == 1 && f.PostingID == "" && search == "" {
		if f.AssessmentID == "" && order.status != "" {
			return " INDEXED BY " + order.status
		}
		if f.AssessmentID != "" && order.assessmentStatus != "" {
			return " INDEXED BY " + order.assessmentStatus
		}
	}
	filtered := len(f.Statuses) > 0 || f.AssessmentID != "" || f.PostingID != "" || search != ""
	if !filtered {
		return " INDEXED BY " + order.walk
	}
	// Reading in order passes about end × all / total invitations to find
	// the page; gathering reads the total and sorts it.
	if all > 0 && total > 0 && int64(end)*int64(all)/int64(total) <= walkCost*int64(total) {
		return " INDEXED BY " + order.walk
	}
	switch {
	case search != "":
		// The search's own matches, each found by its id.
		return " INDEXED BY invitations_search_list"
	case f.PostingID != "":
		return " INDEXED BY invitations_posting_list"
	case f.AssessmentID != "":
		return " INDEXED BY invitations_assessment"
	default:
		return " INDEXED BY invitations_status"
	}
}

// keptTotal is how many invitations the filter (without a text search)
// matches, and how many there are, from the counts kept by triggers.
func (db *DB) keptTotal(ctx context.Context, f InvitationFilter) (total, all int, err error) {
	var where []string
	var args []any
	if len(f.Statuses) > 0 {
		cond, in := inList("status", f.Statuses)
		where, args = append(where, cond), append(args, in...)
	}
	if f.AssessmentID != "" {
		where = append(where, "assessment_id = ?")
		args = append(args, f.AssessmentID)
	}
	if f.PostingID != "" {
		where = append(where, "posting_id = ?")
		args = append(args, f.PostingID)
	}
	matching := "n"
	if len(where) > 0 {
		matching = "CASE WHEN " + strings.Join(where, " AND ") + " THEN n ELSE 0 END"
	}
	err = db.reader.QueryRowContext(ctx, `SELECT coalesce(sum(`+matching+`), 0), coalesce(sum(n), 0) FROM invitation_filter_counts`, args...).Scan(&total, &all)
	return total, all, err
}
