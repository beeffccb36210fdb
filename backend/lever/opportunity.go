package lever

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Archived tells when and why an opportunity was archived. "Hired" is an
// archive reason in Lever, not a stage.
type Archived struct {
	ArchivedAt int64
	// Reason is the archive reason's id.
	Reason string
}

// StageChange is one move of an opportunity into a stage.
type StageChange struct {
	ToStageID    string
	ToStageIndex int
	UserID       string
	UpdatedAt    int64
}

// Opportunity is one candidacy in Lever: a contact applying for (or sourced
// for) postings. Tags and notes live here, not on the contact. Times are
// Unix milliseconds.
type Opportunity struct {
	ID        string
	Name      string
	ContactID string
	Emails    []string
	Tags      []string
	// StageID is the current stage; Lever sends it as an id, or as an
	// object under expand=stage.
	StageID      string
	StageChanges []StageChange
	// Archived is nil while the opportunity is active.
	Archived        *Archived
	Confidentiality string
	// PostingIDs are the postings of the opportunity's applications.
	PostingIDs     []string
	CreatedAt      int64
	UpdatedAt      int64
	LastAdvancedAt int64
	URLs           struct{ List, Show string }
}

// UnmarshalJSON reads Lever's opportunity, whichever expansions were asked.
func (o *Opportunity) UnmarshalJSON(b []byte) error {
	var w struct {
		ID           string          `json:"id"`
		Name         string          `json:"name"`
		Contact      string          `json:"contact"`
		Emails       []string        `json:"emails"`
		Tags         []string        `json:"tags"`
		Stage        json.RawMessage `json:"stage"`
		StageChanges []struct {
			ToStageID    string `json:"toStageId"`
			ToStageIndex int    `json:"toStageIndex"`
			UserID       string `json:"userId"`
			UpdatedAt    int64  `json:"updatedAt"`
		} `json:"stageChanges"`
		Archived *struct {
			ArchivedAt int64  `json:"archivedAt"`
			Reason     string `json:"reason"`
		} `json:"archived"`
		// Lever's documented example shows these at the top level instead.
		ArchivedAt      *int64            `json:"archivedAt"`
		ArchiveReason   *string           `json:"archiveReason"`
		Confidentiality string            `json:"confidentiality"`
		Applications    []json.RawMessage `json:"applications"`
		CreatedAt       int64             `json:"createdAt"`
		UpdatedAt       int64             `json:"updatedAt"`
		LastAdvancedAt  int64             `json:"lastAdvancedAt"`
		URLs            struct {
			List string `json:"list"`
			Show string `json:"show"`
		} `json:"urls"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	stageID, err := idOrObject(w.Stage)
	if err != nil {
		return fmt.Errorf("stage: %w", err)
	}
	*o = Opportunity{
		ID:              w.ID,
		Name:            w.Name,
		ContactID:       w.Contact,
		Emails:          w.Emails,
		Tags:            w.Tags,
		StageID:         stageID,
		Confidentiality: w.Confidentiality,
		CreatedAt:       w.CreatedAt,
		UpdatedAt:       w.UpdatedAt,
		LastAdvancedAt:  w.LastAdvancedAt,
	}
	o.URLs.List, o.URLs.Show = w.URLs.List, w.URLs.Show
	for _, sc := range w.StageChanges {
		o.StageChanges = append(o.StageChanges, StageChange(sc))
	}
	switch {
	case w.Archived != nil:
		o.Archived = &Archived{ArchivedAt: w.Archived.ArchivedAt, Reason: w.Archived.Reason}
	case w.ArchivedAt != nil || w.ArchiveReason != nil && *w.ArchiveReason != "":
		// Either one present means archived: acting on an archived
		// candidate is worse than skipping one.
		o.Archived = &Archived{}
		if w.ArchivedAt != nil {
			o.Archived.ArchivedAt = *w.ArchivedAt
		}
		if w.ArchiveReason != nil {
			o.Archived.Reason = *w.ArchiveReason
		}
	}
	for _, raw := range w.Applications {
		// Unexpanded applications are bare application ids, which say
		// nothing about the posting; only objects carry one.
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			var app struct {
				Posting json.RawMessage `json:"posting"`
			}
			if err := json.Unmarshal(raw, &app); err != nil {
				return fmt.Errorf("applications: %w", err)
			}
			id, err := idOrObject(app.Posting)
			if err != nil {
				return fmt.Errorf("applications: posting: %w", err)
			}
			if id != "" {
				o.PostingIDs = append(o.PostingIDs, id)
			}
		}
	}
	return nil
}

// idOrObject reads a field Lever sends as an id, or as an object with an id
// when expanded.
func idOrObject(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", nil
	}
	if raw[0] == '{' {
		var obj struct {
			ID string `json:"id"`
		}
		err := json.Unmarshal(raw, &obj)
		return obj.ID, err
	}
	var id string
	err := json.Unmarshal(raw, &id)
	return id, err
}

// Opportunity returns one opportunity, with its applications expanded so
// PostingIDs is filled. A deleted or unknown opportunity is an error that
// IsNotFound recognises.
func (c *Client) Opportunity(ctx context.Context, id string) (*Opportunity, error) {
	var out data[Opportunity]
	q := url.Values{"expand": {"applications"}}
	if err := c.do(ctx, http.MethodGet, "/opportunities/"+url.PathEscape(id), q, "", nil, &out); err != nil {
		return nil, err
	}
	return &out.Data, nil
}

// OpportunityFilter narrows Opportunities. Zero fields do not filter; several
// stage ids or tags match any of them.
type OpportunityFilter struct {
	StageIDs []string
	// AdvancedAtStart and AdvancedAtEnd bound when opportunities last moved
	// stage: the catch-up after downtime asks for moves it may have missed.
	AdvancedAtStart time.Time
	AdvancedAtEnd   time.Time
	Archived        *bool
	Tags            []string
}

func (f OpportunityFilter) query() url.Values {
	q := url.Values{"expand": {"applications"}}
	for _, id := range f.StageIDs {
		q.Add("stage_id", id)
	}
	for _, t := range f.Tags {
		q.Add("tag", t)
	}
	if !f.AdvancedAtStart.IsZero() {
		q.Set("advanced_at_start", strconv.FormatInt(f.AdvancedAtStart.UnixMilli(), 10))
	}
	if !f.AdvancedAtEnd.IsZero() {
		q.Set("advanced_at_end", strconv.FormatInt(f.AdvancedAtEnd.UnixMilli(), 10))
	}
	if f.Archived != nil {
		q.Set("archived", strconv.FormatBool(*f.Archived))
	}
	return q
}

// Opportunities returns every opportunity matching f, walking all pages.
func (c *Client) Opportunities(ctx context.Context, f OpportunityFilter) ([]Opportunity, error) {
	return list[Opportunity](ctx, c, "/opportunities", f.query())
}

// AddTags adds tags to an opportunity. Lever keeps tags as a set, so adding
// one already there changes nothing. performAs is the Lever user id the
// change is shown as made by; empty means the API key's owner.
func (c *Client) AddTags(ctx context.Context, opportunityID string, tags []string, performAs string) error {
	return c.changeTags(ctx, "addTags", opportunityID, tags, performAs)
}

// RemoveTags removes tags from an opportunity; removing an absent tag is not
// an error. Tags are case-sensitive.
func (c *Client) RemoveTags(ctx context.Context, opportunityID string, tags []string, performAs string) error {
	return c.changeTags(ctx, "removeTags", opportunityID, tags, performAs)
}

func (c *Client) changeTags(ctx context.Context, op, opportunityID string, tags []string, performAs string) error {
	if tags == nil {
		tags = []string{}
	}
	body := struct {
		Tags []string `json:"tags"`
	}{tags}
	path := "/opportunities/" + url.PathEscape(opportunityID) + "/" + op
	return c.do(ctx, http.MethodPost, path, performAsQuery(performAs), "", body, nil)
}

func performAsQuery(performAs string) url.Values {
	if performAs == "" {
		return nil
	}
	return url.Values{"perform_as": {performAs}}
}
