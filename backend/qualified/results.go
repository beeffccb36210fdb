package qualified

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

type apiPerson struct {
	Email string `json:"email"`
}

type apiResult struct {
	ID                 id         `json:"id"`
	State              string     `json:"state"`
	Score              number     `json:"score"`
	PassingScore       flag       `json:"passingScore"`
	InvitedAt          timestamp  `json:"invitedAt"`
	StartedAt          timestamp  `json:"startedAt"`
	SubmittedAt        timestamp  `json:"submittedAt"`
	UpdatedAt          timestamp  `json:"updatedAt"`
	AccumulatedSeconds number     `json:"accumulatedSeconds"`
	ClosedReason       word       `json:"closedReason"`
	AssessmentID       id         `json:"assessmentId"`
	CandidateEmail     string     `json:"candidateEmail"`
	TeamCandidate      *apiPerson `json:"teamCandidate"`
	Candidate          *apiPerson `json:"candidate"`
	Assessment         *struct {
		ID    id     `json:"id"`
		Title string `json:"title"`
	} `json:"assessment"`
}

func (r apiResult) toResult() backend.Result {
	res := backend.Result{
		ID:           string(r.ID),
		AssessmentID: string(r.AssessmentID),
		State:        r.State,
		Status:       backend.StatusForState(r.State),
		InvitedAt:    r.InvitedAt.Time(),
		StartedAt:    r.StartedAt.Time(),
		SubmittedAt:  r.SubmittedAt.Time(),
		UpdatedAt:    r.UpdatedAt.Time(),
		TimeSpent:    time.Duration(r.AccumulatedSeconds.v * float64(time.Second)),
		ClosedReason: closedReason(string(r.ClosedReason)),
	}
	// Where the candidate's e-mail sits depends on the includes Qualified
	// chose; take the first one present.
	switch {
	case r.TeamCandidate != nil && r.TeamCandidate.Email != "":
		res.CandidateEmail = r.TeamCandidate.Email
	case r.Candidate != nil && r.Candidate.Email != "":
		res.CandidateEmail = r.Candidate.Email
	default:
		res.CandidateEmail = r.CandidateEmail
	}
	if r.Assessment != nil {
		res.AssessmentTitle = r.Assessment.Title
		if res.AssessmentID == "" {
			res.AssessmentID = string(r.Assessment.ID)
		}
	}
	// A running attempt reports a score of 0.0, and so may one Qualified is
	// still scoring ("submitting"): a score means something only once the
	// result is submitted, or a candidate still at work would read as 0%.
	if r.State == "submitted" {
		res.Score = r.Score.ptr()
		res.Passed = r.PassingScore.ptr()
	}
	return res
}

// apiExhibit is the consumer view of a result. GET /assessment_results/:id
// carries no e-mail, title or passingScore; the exhibit has them.
type apiExhibit struct {
	State         string     `json:"state"`
	Score         number     `json:"score"`
	PassingScore  flag       `json:"passingScore"`
	TeamCandidate *apiPerson `json:"teamCandidate"`
	Assessment    *struct {
		Title string `json:"title"`
	} `json:"assessment"`
	Solutions []struct {
		Score    number `json:"score"`
		Language string `json:"language"`
		// SimilarityRiskLevel is null where Qualified's code-similarity
		// check is off.
		SimilarityRiskLevel word `json:"similarityRiskLevel"`
		Challenge           *struct {
			Title string `json:"title"`
		} `json:"challenge"`
	} `json:"solutions"`
}

// Result re-reads one result. Once it is submitted it also carries the
// per-challenge scores and a link to the report.
func (c *Client) Result(ctx context.Context, resultID string) (backend.Result, error) {
	base := "/v1/assessment_results/" + url.PathEscape(resultID)
	var r apiResult
	if err := c.getObject(ctx, base, &r); err != nil {
		return backend.Result{}, err
	}
	res := r.toResult()
	if res.ID == "" {
		res.ID = resultID
	}
	// While Qualified is still scoring ("submitting") the exhibit has no
	// score to give yet: the caller waits and reads again.
	if res.State != "submitted" {
		return res, nil
	}

	var ex apiExhibit
	if err := c.getObject(ctx, base+"/exhibit", &ex); err != nil {
		return backend.Result{}, err
	}
	var risks []string
	for _, s := range ex.Solutions {
		risks = append(risks, string(s.SimilarityRiskLevel))
		cs := backend.ChallengeScore{Score: s.Score.v, Language: s.Language}
		if s.Challenge != nil {
			cs.Title = s.Challenge.Title
		}
		res.Challenges = append(res.Challenges, cs)
	}
	res.SimilarityRisk = backend.HighestRisk(risks)
	if res.AssessmentTitle == "" && ex.Assessment != nil {
		res.AssessmentTitle = ex.Assessment.Title
	}
	if res.CandidateEmail == "" && ex.TeamCandidate != nil {
		res.CandidateEmail = ex.TeamCandidate.Email
	}
	if ex.State == "" || ex.State == "submitted" {
		if res.Score == nil {
			res.Score = ex.Score.ptr()
		}
		if res.Passed == nil {
			res.Passed = ex.PassingScore.ptr()
		}
	}

	var share struct {
		URL string `json:"url"`
	}
	err := c.getObject(ctx, base+"/share", &share)
	var apiErr *Error
	switch {
	case err == nil && share.URL != "":
		res.ReportURL = share.URL
	case err == nil || errors.As(err, &apiErr) && (apiErr.FailureKind() == backend.FailureForbidden || apiErr.FailureKind() == backend.FailureNotFound):
		// Sharing is a per-plan feature; the team's own result page is
		// always there for a reviewer who can sign in.
		res.ReportURL = c.webURL("/hire/assessment_results/" + url.PathEscape(res.ID))
	default:
		return backend.Result{}, err
	}
	return res, nil
}

// ResultsUpdatedSince lists results changed at or after since, without
// per-challenge scores.
func (c *Client) ResultsUpdatedSince(ctx context.Context, since time.Time) ([]backend.Result, error) {
	// Rounding down to the second keeps the lower bound inclusive whatever
	// precision Qualified compares at.
	where := map[string]any{"updated_at": map[string]any{
		">=": since.UTC().Truncate(time.Second).Format(time.RFC3339),
	}}
	return c.results(ctx, where)
}

// ResultsByIDs reads the given results in as few calls as the page size
// allows, without per-challenge scores. Unknown ids are left out.
func (c *Client) ResultsByIDs(ctx context.Context, ids []string) ([]backend.Result, error) {
	var out []backend.Result
	for start := 0; start < len(ids); start += pageLimit {
		chunk := ids[start:min(start+pageLimit, len(ids))]
		in := make([]any, len(chunk))
		for i, s := range chunk {
			// Qualified's ids are 24-hex-digit ObjectId strings (too long to
			// be taken for a number); a number is kept a number in case an
			// account still answers with numeric ids.
			if _, err := strconv.ParseInt(s, 10, 64); err == nil {
				in[i] = json.Number(s)
			} else {
				in[i] = s
			}
		}
		res, err := c.results(ctx, map[string]any{"id": map[string]any{"in": in}})
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}

func (c *Client) results(ctx context.Context, where map[string]any) ([]backend.Result, error) {
	w, err := json.Marshal(where)
	if err != nil {
		return nil, err
	}
	var out []backend.Result
	err = list(ctx, c, "/v1/assessment_results", url.Values{"where": {string(w)}}, func(items []apiResult) {
		for _, r := range items {
			out = append(out, r.toResult())
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
