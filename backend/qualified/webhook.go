package qualified

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// WebhookEvent is what a webhook delivery says happened. It is never trusted
// for state: it only names the result to re-read through the API.
type WebhookEvent struct {
	// Event is the trigger, such as "assessment_result_state_changed".
	Event          string
	ResultID       string
	State          string
	CandidateEmail string
	AssessmentID   string
}

type webhookBody struct {
	Event *string `json:"event"`
	Data  *struct {
		ID        id     `json:"id"`
		State     string `json:"state"`
		Candidate *struct {
			Email string `json:"email"`
		} `json:"candidate"`
		Assessment *struct {
			ID id `json:"id"`
		} `json:"assessment"`
	} `json:"data"`
}

// ParseWebhook reads a webhook delivery body. It requires exactly one JSON
// object with an event and a data.id, and tolerates fields it does not know.
func ParseWebhook(body []byte) (*WebhookEvent, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errors.New("qualified: webhook: empty body")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var b webhookBody
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("qualified: webhook: invalid JSON: %w", err)
	}
	// Trailing content means the body is not what Qualified sends.
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("qualified: webhook: unexpected data after the JSON object")
	}
	if b.Event == nil || *b.Event == "" {
		return nil, errors.New("qualified: webhook: missing event")
	}
	if b.Data == nil {
		return nil, errors.New("qualified: webhook: missing data")
	}
	if b.Data.ID == "" {
		return nil, errors.New("qualified: webhook: missing data.id")
	}
	ev := &WebhookEvent{Event: *b.Event, ResultID: string(b.Data.ID), State: b.Data.State}
	if b.Data.Candidate != nil {
		ev.CandidateEmail = b.Data.Candidate.Email
	}
	if b.Data.Assessment != nil {
		ev.AssessmentID = string(b.Data.Assessment.ID)
	}
	return ev, nil
}
