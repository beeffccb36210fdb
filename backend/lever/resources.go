package lever

import (
	"context"
	"net/http"
	"net/url"
)

// Stage is a pipeline stage. Default stage ids are words ("lead-new",
// "applicant-new", "offer"), not UUIDs.
type Stage struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// User is a Lever user, whom changes can be performed as.
type User struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	AccessRole string `json:"accessRole"`
}

// Posting is a job posting.
type Posting struct {
	ID    string   `json:"id"`
	Text  string   `json:"text"`
	State string   `json:"state"`
	Tags  []string `json:"tags"`
}

// Stages returns every pipeline stage, in pipeline order.
func (c *Client) Stages(ctx context.Context) ([]Stage, error) {
	return list[Stage](ctx, c, "/stages", nil)
}

// Users returns every active user.
func (c *Client) Users(ctx context.Context) ([]User, error) {
	return list[User](ctx, c, "/users", nil)
}

// Posting returns one posting.
func (c *Client) Posting(ctx context.Context, id string) (*Posting, error) {
	var out data[Posting]
	if err := c.do(ctx, http.MethodGet, "/postings/"+url.PathEscape(id), nil, "", nil, &out); err != nil {
		return nil, err
	}
	return &out.Data, nil
}
