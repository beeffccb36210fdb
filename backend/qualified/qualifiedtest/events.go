package qualifiedtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
)

// Delivery is one webhook POST the server made.
type Delivery struct {
	URL        string
	Body       []byte
	StatusCode int
	// Err is set when the receiver could not be reached or timed out.
	Err error
}

// Open marks a result opened, as when the candidate follows the invite link.
func (s *Server) Open(resultID string) ([]Delivery, error) {
	return s.transition(resultID, func(r *result, _ *assessment) error {
		if r.state != "invited" {
			return fmt.Errorf("qualifiedtest: result %s is %s, not invited", oid(r.id), r.state)
		}
		r.state = "opened"
		r.openedAt = s.clock()
		return nil
	})
}

// Start marks a result started and delivers the webhooks.
func (s *Server) Start(resultID string) ([]Delivery, error) {
	return s.transition(resultID, func(r *result, _ *assessment) error {
		if r.state != "invited" && r.state != "opened" {
			return fmt.Errorf("qualifiedtest: result %s is %s and cannot start", oid(r.id), r.state)
		}
		if inv := s.invitations[r.invitationID]; inv != nil && s.invitationState(inv) == "expired" {
			return fmt.Errorf("qualifiedtest: the invitation of result %s has expired", oid(r.id))
		}
		now := s.clock()
		if r.openedAt.IsZero() {
			r.openedAt = now
		}
		r.state = "started"
		r.startedAt = now
		return nil
	})
}

// Submitting marks a started result "submitting", as Qualified does while it
// scores a submission, and delivers the webhooks. Until Submit, the result
// reports a score of 0.0, as one not yet scored does.
func (s *Server) Submitting(resultID string) ([]Delivery, error) {
	return s.transition(resultID, func(r *result, _ *assessment) error {
		if r.state != "started" {
			return fmt.Errorf("qualifiedtest: result %s is %s, not started", oid(r.id), r.state)
		}
		r.state = "submitting"
		return nil
	})
}

// Submit marks a result submitted with score (0–100) and delivers the
// webhooks. Challenge scores spread evenly around score, so their mean is
// score unless clamped at 0 or 100; the result passes when score meets the
// assessment's cut. A result not yet started is started first.
func (s *Server) Submit(resultID string, score float64) ([]Delivery, error) {
	if score < 0 || score > 100 || math.IsNaN(score) {
		return nil, fmt.Errorf("qualifiedtest: score %v is outside 0–100", score)
	}
	return s.transition(resultID, func(r *result, a *assessment) error {
		switch r.state {
		case "invited", "opened", "started", "submitting":
		default:
			return fmt.Errorf("qualifiedtest: result %s is %s and cannot be submitted", oid(r.id), r.state)
		}
		now := s.clock()
		if r.openedAt.IsZero() {
			r.openedAt = now
		}
		if r.startedAt.IsZero() {
			r.startedAt = now
		}
		r.state = "submitted"
		r.submittedAt = now
		r.closedReason = "candidate_submitted"
		r.score = &score
		passed := score >= float64(a.passingScore)
		r.passed = &passed
		// A clock that has not moved (a frozen test clock) still yields a
		// plausible time spent.
		r.accumulatedSeconds = int(now.Sub(r.startedAt).Seconds())
		if r.accumulatedSeconds <= 0 {
			r.accumulatedSeconds = 2700
		}
		r.solutions = solutions(a, score)
		return nil
	})
}

// Terminate closes a result without a submission, as a team does from
// Qualified's UI, and delivers the webhooks.
func (s *Server) Terminate(resultID string) ([]Delivery, error) {
	return s.close(resultID, "team_forced")
}

func (s *Server) close(resultID, reason string) ([]Delivery, error) {
	return s.transition(resultID, func(r *result, _ *assessment) error {
		if r.state == "submitted" || r.state == "terminated" {
			return fmt.Errorf("qualifiedtest: result %s is already %s", oid(r.id), r.state)
		}
		r.state = "terminated"
		r.closedReason = reason
		return nil
	})
}

var languages = []string{"javascript", "python", "java", "go"}

func solutions(a *assessment, score float64) []solution {
	n := len(a.challenges)
	out := make([]solution, n)
	for i, title := range a.challenges {
		// Offsets -5(n-1) … +5(n-1) in steps of 10 sum to zero.
		s := score + float64(2*i-(n-1))*5
		s = math.Round(math.Min(100, math.Max(0, s))*10) / 10
		out[i] = solution{
			title:       title,
			language:    languages[i%len(languages)],
			score:       s,
			passed:      s >= float64(a.passingScore),
			totalTests:  10,
			passedTests: int(math.Round(s / 10)),
		}
	}
	return out
}

type pending struct {
	url  string
	body []byte
}

// transition changes one result under the lock, bumps updatedAt, and then,
// with the lock released so a receiver may call back into the API, delivers
// the webhooks.
func (s *Server) transition(resultID string, change func(*result, *assessment) error) ([]Delivery, error) {
	s.mu.Lock()
	r := s.results[parseOID(resultID)]
	if r == nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("qualifiedtest: no result %q", resultID)
	}
	prev := r.state
	if err := change(r, s.assessments[r.assessmentID]); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	r.prevState = prev
	r.updatedAt = s.clock()
	var out []pending
	if !s.webhooksOff {
		for _, sub := range byIDOrder(s.subs) {
			if ev := eventFor(sub, r.state); ev != "" {
				b, _ := json.Marshal(s.webhookBody(ev, r))
				out = append(out, pending{url: sub.url, body: b})
			}
		}
	}
	s.mu.Unlock()

	deliveries := make([]Delivery, 0, len(out))
	for _, p := range out {
		deliveries = append(deliveries, s.deliver(p))
	}
	return deliveries, nil
}

// eventFor names the event a subscription receives for a result entering
// state, or "" when it did not ask for one.
func eventFor(sub *subscription, state string) string {
	switch {
	case sub.triggers["assessment_result_state_changed"]:
		return "assessment_result_state_changed"
	case state == "started" && sub.triggers["assessment_result_started"]:
		return "assessment_result_started"
	case state == "submitted" && sub.triggers["assessment_result_submitted"]:
		return "assessment_result_submitted"
	}
	return ""
}

// webhookBody is the delivery payload, snake_case unlike the API. Callers
// hold s.mu.
func (s *Server) webhookBody(event string, r *result) map[string]any {
	a := s.assessments[r.assessmentID]
	c := s.candidateByID(r.candidateID)
	sols := []map[string]any{}
	for _, sol := range r.solutions {
		sols = append(sols, map[string]any{
			"score":             sol.score,
			"passed_test_cases": sol.passedTests,
			"total_test_cases":  sol.totalTests,
			"language":          sol.language,
			"challenge":         map[string]any{"title": sol.title},
		})
	}
	// Like the API, a delivery carries a score of 0.0 and passing_score
	// false while the candidate is still working.
	score, passed := r.shownScore()
	data := map[string]any{
		"id":            oid(r.id),
		"state":         r.state,
		"score":         score,
		"passing_score": passed,
		"invited_at":    jsonTime(r.invitedAt),
		"started_at":    jsonTime(r.startedAt),
		"submitted_at":  jsonTime(r.submittedAt),
		"team_candidate": map[string]any{
			"id":         oid(r.candidateID),
			"state":      r.state,
			"prev_state": r.prevState,
		},
		"assessment": map[string]any{"id": oid(a.id), "title": a.title, "labels": nil},
		"solutions":  sols,
	}
	if c != nil {
		data["candidate"] = map[string]any{"email": c.email, "first_name": c.firstName, "last_name": c.lastName}
	}
	return map[string]any{"event": event, "data": data}
}

// deliver posts once; Qualified's single retry a minute later is left to the
// receiver's polling, which must cover missed deliveries anyway.
func (s *Server) deliver(p pending) Delivery {
	d := Delivery{URL: p.url, Body: p.body}
	req, err := http.NewRequest(http.MethodPost, p.url, bytes.NewReader(p.body))
	if err != nil {
		d.Err = err
		return d
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Qualified-Webhooks")
	resp, err := s.hooks.Do(req)
	if err != nil {
		d.Err = err
		return d
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	d.StatusCode = resp.StatusCode
	return d
}
