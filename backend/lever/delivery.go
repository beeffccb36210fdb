package lever

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Delivery is one webhook delivery from Lever. Its signature is in the body,
// not a header.
type Delivery struct {
	// TriggeredAt is when Lever sent it, in Unix milliseconds.
	TriggeredAt int64
	Event       string
	Data        DeliveryData
	Signature   string
	// Token is random per delivery; remembering tokens rejects replays.
	Token string
}

// DeliveryData is the part of a delivery's data this project reads. Other
// events carry other fields, which are ignored.
type DeliveryData struct {
	OpportunityID string
	// CandidateID is Lever's deprecated alias of OpportunityID.
	CandidateID string
	ContactID   string
	FromStageID string
	ToStageID   string
}

// ParseDelivery reads a delivery body strictly: triggeredAt must be a JSON
// integer (a float would lose the milliseconds the signature covers), event,
// token and signature must be present, and nothing may follow the object.
// It does not verify the signature; call Verify.
func ParseDelivery(body []byte) (*Delivery, error) {
	var w struct {
		TriggeredAt json.RawMessage `json:"triggeredAt"`
		Event       string          `json:"event"`
		Data        *struct {
			OpportunityID string `json:"opportunityId"`
			CandidateID   string `json:"candidateId"`
			ContactID     string `json:"contactId"`
			FromStageID   string `json:"fromStageId"`
			ToStageID     string `json:"toStageId"`
		} `json:"data"`
		Signature string `json:"signature"`
		Token     string `json:"token"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("lever: delivery: malformed JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("lever: delivery: malformed JSON: data after the object")
	}
	raw := string(w.TriggeredAt)
	if raw == "" || raw == "null" {
		return nil, errors.New("lever: delivery: triggeredAt is missing")
	}
	at, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || at <= 0 {
		return nil, fmt.Errorf("lever: delivery: triggeredAt %.40s is not a positive integer", raw)
	}
	switch {
	case w.Event == "":
		return nil, errors.New("lever: delivery: event is missing")
	case w.Token == "":
		return nil, errors.New("lever: delivery: token is missing")
	case w.Signature == "":
		return nil, errors.New("lever: delivery: signature is missing")
	}
	d := &Delivery{TriggeredAt: at, Event: w.Event, Signature: w.Signature, Token: w.Token}
	if w.Data != nil {
		d.Data = DeliveryData(*w.Data)
		if d.Data.OpportunityID == "" {
			d.Data.OpportunityID = d.Data.CandidateID
		}
	}
	return d, nil
}

// Sign returns Lever's signature of a delivery: hex HMAC-SHA256 keyed with
// the webhook's signature token over token followed by triggeredAt in
// decimal.
func Sign(signatureToken, token string, triggeredAt int64) string {
	return hex.EncodeToString(mac(signatureToken, token, triggeredAt))
}

func mac(signatureToken, token string, triggeredAt int64) []byte {
	m := hmac.New(sha256.New, []byte(signatureToken))
	m.Write([]byte(token))
	m.Write([]byte(strconv.FormatInt(triggeredAt, 10)))
	return m.Sum(nil)
}

// Verify reports whether d was signed with signatureToken. An empty
// signatureToken verifies nothing, so a missing setting cannot open the door.
func (d *Delivery) Verify(signatureToken string) bool {
	if signatureToken == "" {
		return false
	}
	got, err := hex.DecodeString(d.Signature)
	if err != nil {
		return false
	}
	return hmac.Equal(got, mac(signatureToken, d.Token, d.TriggeredAt))
}
