package webhook

import (
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/secrets"
)

// verifyLever reports whether a Lever delivery was signed by one of
// assessbridge's Lever webhooks. The webhook for the delivery's event is
// tried first; the others after it, because Lever's "test" button sends a
// candidateHired ping through every webhook, each signed with its own
// token. An empty token verifies nothing.
func (rc *Receiver) verifyLever(d *lever.Delivery) bool {
	if rc.SignatureTokens == nil {
		return rc.SignatureToken != nil && d.Verify(rc.SignatureToken())
	}
	tokens := rc.SignatureTokens()
	if d.Verify(tokens[d.Event]) {
		return true
	}
	for event, token := range tokens {
		if event != d.Event && d.Verify(token) {
			return true
		}
	}
	return false
}

// LeverTokens reads the signature token of each handled event's Lever
// webhook from the store, for Receiver.SignatureTokens. A token that cannot
// be read is left out.
func LeverTokens(store secrets.Store) map[string]string {
	out := make(map[string]string, len(lever.HandledEvents))
	for _, event := range lever.HandledEvents {
		if v, err := store.Get(secrets.LeverEventSignatureToken(event)); err == nil && v != "" {
			out[event] = v
		}
	}
	return out
}
