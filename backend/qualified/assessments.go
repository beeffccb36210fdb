package qualified

import (
	"context"

	"github.com/assessbridge/assessbridge/backend"
)

type apiAssessment struct {
	ID           id        `json:"id"`
	Title        string    `json:"title"`
	State        string    `json:"state"`
	PassingScore number    `json:"passingScore"`
	ArchivedAt   timestamp `json:"archivedAt"`
	ExpireDays   number    `json:"defaultExpirationDays"`
	RemindDays   number    `json:"defaultReminderDays"`
}

// Assessments lists every assessment in the account, published or not.
func (c *Client) Assessments(ctx context.Context) ([]backend.Assessment, error) {
	var out []backend.Assessment
	err := list(ctx, c, "/v1/assessments", nil, func(items []apiAssessment) {
		for _, a := range items {
			out = append(out, backend.Assessment{
				ID:           string(a.ID),
				Title:        a.Title,
				PassingScore: a.PassingScore.v,
				// An archived assessment keeps its state, so both are checked.
				Published:             a.State == "published" && a.ArchivedAt.Time().IsZero(),
				DefaultExpirationDays: int(a.ExpireDays.v),
				DefaultReminderDays:   int(a.RemindDays.v),
			})
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
