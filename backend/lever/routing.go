package lever

import (
	"context"
	"net/http"
	"net/url"
)

// ArchiveReason is one of the account's reasons for archiving a
// candidate. Type is "hired" or "non-hired".
type ArchiveReason struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Status string `json:"status"`
	Type   string `json:"type"`
}

// ArchiveReasons returns every archive reason of the account, hired and
// non-hired.
func (c *Client) ArchiveReasons(ctx context.Context) ([]ArchiveReason, error) {
	return list[ArchiveReason](ctx, c, "/archive_reasons", nil)
}

// MoveToStage moves an opportunity to a stage, shown as done by the
// performAs user (empty: the API key's owner). Lever fires
// candidateStageChange for it as for a recruiter's move. A move answered
// with an error may still have happened, and a second one would be a
// second stage change: the caller reads the opportunity (already in that
// stage → done) before trying again, and the client never repeats it.
func (c *Client) MoveToStage(ctx context.Context, opportunityID, stageID, performAs string) error {
	body := struct {
		Stage string `json:"stage"`
	}{stageID}
	return c.do(ctx, http.MethodPut, archivedOrStagePath(opportunityID, "stage"), performAsQuery(performAs), "", body, nil)
}

// Archive archives an opportunity with the archive reason reasonID, shown
// as done by performAs. Lever fires candidateArchiveChange. Like
// MoveToStage, a failed archive is looked for (the opportunity already
// archived → done) rather than repeated.
func (c *Client) Archive(ctx context.Context, opportunityID, reasonID, performAs string) error {
	body := struct {
		Reason          *string `json:"reason"`
		CleanInterviews bool    `json:"cleanInterviews"`
	}{&reasonID, false}
	return c.do(ctx, http.MethodPut, archivedOrStagePath(opportunityID, "archived"), performAsQuery(performAs), "", body, nil)
}

// Unarchive restores an archived opportunity, shown as done by performAs.
func (c *Client) Unarchive(ctx context.Context, opportunityID, performAs string) error {
	body := struct {
		Reason *string `json:"reason"`
	}{nil}
	return c.do(ctx, http.MethodPut, archivedOrStagePath(opportunityID, "archived"), performAsQuery(performAs), "", body, nil)
}

func archivedOrStagePath(opportunityID, what string) string {
	return "/opportunities/" + url.PathEscape(opportunityID) + "/" + what
}
