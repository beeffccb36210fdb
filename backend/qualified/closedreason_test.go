package qualified

import (
	"encoding/json"
	"testing"
)

func TestClosedReasonIsReadTolerantly(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{`{"state":"terminated","closedReason":"invitation_canceled"}`, "invitation_canceled"},
		{`{"state":"terminated","closedReason":"invitationCanceled"}`, "invitation_canceled"},
		{`{"state":"terminated","closedReason":"INVITATION_CANCELLED"}`, "invitation_canceled"},
		{`{"state":"terminated","closedReason":"timer_ran_out"}`, "timer_ran_out"},
		{`{"state":"started","closedReason":null}`, ""},
		{`{"state":"terminated"}`, ""},
		{`{"state":"terminated","closedReason":{"code":1}}`, ""},
		{`{"state":"terminated","closedReason":7}`, ""},
	} {
		var r apiResult
		if err := json.Unmarshal([]byte(tt.body), &r); err != nil {
			t.Errorf("%s: %v", tt.body, err)
			continue
		}
		if got := r.toResult().ClosedReason; got != tt.want {
			t.Errorf("%s: closed reason %q, want %q", tt.body, got, tt.want)
		}
	}
}
