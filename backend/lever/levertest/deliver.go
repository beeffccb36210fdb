package levertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
)

// Delivery is one webhook POST the simulator made.
type Delivery struct {
	ID        string
	WebhookID string
	URL       string
	Body      []byte
	// StatusCode is the receiver's answer; 0 when it could not be reached.
	StatusCode int
	// Err is set when the delivery failed: no answer, or a non-2xx one
	// (Lever counts 3xx as failures too).
	Err error
	At  time.Time
	// Took is from the POST to the receiver's answer, as Lever's sender
	// sees it.
	Took time.Duration
}

// deliveryRecord keeps what a Rerun needs besides the Delivery.
type deliveryRecord struct {
	Delivery
	event string
	data  any
}

// stageChangeData is candidateStageChange's data, in Lever's field order.
type stageChangeData struct {
	OpportunityID string `json:"opportunityId"`
	CandidateID   string `json:"candidateId"`
	ContactID     string `json:"contactId"`
	FromStageID   string `json:"fromStageId"`
	ToStageID     string `json:"toStageId"`
}

// MoveToStage moves an opportunity to a stage, as a recruiter would, and
// delivers candidateStageChange to every matching webhook before returning.
// Archived opportunities move and deliver too, as in Lever. Moving to the
// current stage is an error: Lever offers no such move.
func (s *Server) MoveToStage(oppID, stageID string) ([]Delivery, error) {
	s.mu.Lock()
	o := s.live(oppID)
	idx := s.stageIndex(stageID)
	switch {
	case o == nil:
		s.mu.Unlock()
		return nil, fmt.Errorf("levertest: no opportunity %q", oppID)
	case idx < 0:
		s.mu.Unlock()
		return nil, fmt.Errorf("levertest: no stage %q", stageID)
	case o.StageID == stageID:
		s.mu.Unlock()
		return nil, fmt.Errorf("levertest: opportunity %s is already in stage %s", oppID, stageID)
	}
	recs := s.move(o, stageID, nil)
	s.mu.Unlock()
	return s.send(recs), nil
}

// Archive archives an opportunity, as a recruiter would, with
// DefaultArchiveReason, and delivers candidateArchiveChange to matching
// webhooks. Archiving twice does nothing.
func (s *Server) Archive(oppID string) {
	s.ArchiveWithReason(oppID, DefaultArchiveReason)
}

// Delete deletes an opportunity: the API answers 404 for it from then on.
// It delivers candidateDeleted to matching webhooks.
func (s *Server) Delete(oppID string) {
	s.mu.Lock()
	o := s.live(oppID)
	if o == nil {
		s.mu.Unlock()
		return
	}
	o.deleted = true
	data := map[string]any{"opportunityId": o.ID, "candidateId": o.ID, "contactId": o.ContactID, "deletedBy": s.actingUser()}
	recs := s.prepare("candidateDeleted", data, o.Origin)
	s.mu.Unlock()
	s.send(recs)
}

// SendTestPing sends what Lever's webhook settings "test" button sends, a
// signed candidateHired with empty data, to every webhook.
func (s *Server) SendTestPing() ([]Delivery, error) {
	s.mu.Lock()
	var recs []*deliveryRecord
	for _, h := range s.webhooks {
		recs = append(recs, s.record(h, "candidateHired", struct{}{}))
	}
	s.mu.Unlock()
	return s.send(recs), nil
}

// Rerun redelivers a delivery's change as Lever's manual "Rerun" does: the
// same event and data with a new token and triggeredAt, signed anew, to
// the webhook's current URL.
func (s *Server) Rerun(deliveryID string) (Delivery, error) {
	return s.redeliver(deliveryID, func(old *deliveryRecord) (*deliveryRecord, error) {
		h := s.webhook(old.WebhookID)
		if h == nil {
			return nil, fmt.Errorf("levertest: webhook %s of delivery %s was deleted", old.WebhookID, deliveryID)
		}
		return s.record(h, old.event, old.data), nil
	})
}

// Replay sends a delivery's exact body again to the same URL, as an
// attacker who captured it would.
func (s *Server) Replay(deliveryID string) (Delivery, error) {
	return s.redeliver(deliveryID, func(old *deliveryRecord) (*deliveryRecord, error) {
		return &deliveryRecord{
			Delivery: Delivery{ID: s.nextDeliveryID(), WebhookID: old.WebhookID, URL: old.URL, Body: old.Body},
			event:    old.event, data: old.data,
		}, nil
	})
}

// redeliver sends what again makes, under s.mu, of the delivery
// deliveryID names.
func (s *Server) redeliver(deliveryID string, again func(old *deliveryRecord) (*deliveryRecord, error)) (Delivery, error) {
	s.mu.Lock()
	old := s.findDelivery(deliveryID)
	if old == nil {
		s.mu.Unlock()
		return Delivery{}, fmt.Errorf("levertest: no delivery %q", deliveryID)
	}
	rec, err := again(old)
	s.mu.Unlock()
	if err != nil {
		return Delivery{}, err
	}
	return s.send([]*deliveryRecord{rec})[0], nil
}

// Deliveries returns every delivery made, oldest first.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Delivery, len(s.deliveries))
	for i, d := range s.deliveries {
		out[i] = d.Delivery
	}
	return out
}

// prepare builds a signed delivery of event for every webhook that listens
// for it and accepts the opportunity's origin. s.mu held.
func (s *Server) prepare(event string, data any, origin string) []*deliveryRecord {
	var recs []*deliveryRecord
	for _, h := range s.webhooks {
		if h.event == event && (len(h.origins) == 0 || slices.Contains(h.origins, origin)) {
			recs = append(recs, s.record(h, event, data))
		}
	}
	return recs
}

// record builds one signed delivery to h. s.mu held.
func (s *Server) record(h *webhook, event string, data any) *deliveryRecord {
	triggeredAt := s.opts.Now().UnixMilli()
	token := randomToken(48)
	body, _ := json.Marshal(struct {
		TriggeredAt int64  `json:"triggeredAt"`
		Event       string `json:"event"`
		Data        any    `json:"data"`
		Signature   string `json:"signature"`
		Token       string `json:"token"`
	}{triggeredAt, event, data, lever.Sign(h.signatureToken, token, triggeredAt), token})
	return &deliveryRecord{
		Delivery: Delivery{ID: s.nextDeliveryID(), WebhookID: h.id, URL: h.url, Body: body},
		event:    event, data: data,
	}
}

// nextDeliveryID. s.mu held.
func (s *Server) nextDeliveryID() string {
	s.seq++
	return "delivery-" + strconv.Itoa(s.seq)
}

// findDelivery. s.mu held.
func (s *Server) findDelivery(id string) *deliveryRecord {
	for _, d := range s.deliveries {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// send POSTs each delivery in turn and records the outcome. It runs without
// s.mu, since receivers call the API back while handling a delivery.
func (s *Server) send(recs []*deliveryRecord) []Delivery {
	out := make([]Delivery, 0, len(recs))
	for _, rec := range recs {
		rec.At = s.opts.Now()
		sent := time.Now()
		rec.StatusCode, rec.Err = s.post(rec.URL, rec.Body)
		rec.Took = time.Since(sent)
		s.mu.Lock()
		s.deliveries = append(s.deliveries, rec)
		s.mu.Unlock()
		out = append(out, rec.Delivery)
	}
	return out
}

func (s *Server) post(url string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("levertest: delivery: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Lever-Webhooks")
	resp, err := s.delivery.Do(req)
	if err != nil {
		return 0, fmt.Errorf("levertest: delivery: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("levertest: delivery answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}
