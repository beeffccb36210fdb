package app

import (
	"testing"

	"github.com/assessbridge/assessbridge/backend/lever"
)

// stageChangeHooks returns the stage change webhooks among hooks, and (with
// t) checks that every handled event has a webhook at the same address.
func stageChangeHooks(t *testing.T, hooks []lever.Webhook) []lever.Webhook {
	var out []lever.Webhook
	for _, h := range hooks {
		if h.Event == lever.EventCandidateStageChange {
			out = append(out, h)
		}
	}
	if t != nil && len(out) == 1 {
		t.Helper()
		seen := map[string]int{}
		for _, h := range hooks {
			if h.URL == out[0].URL {
				seen[h.Event]++
			}
		}
		for _, event := range lever.HandledEvents {
			if seen[event] != 1 {
				t.Errorf("%d webhooks for %s at %s, want 1", seen[event], event, out[0].URL)
			}
		}
	}
	return out
}
