package app

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// The dashboard asks for the assessments again on every live update. Qualified
// is asked for its list at most once a minute for all of them, and again at
// once when the Qualified key is changed.
func TestAssessmentsAreNotReadFromQualifiedOnEveryRefresh(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	reads := func() int { return h.qual.Stats().ByRoute["GET /v1/assessments"] }
	list := func() []adminapi.Assessment {
		t.Helper()
		res := h.api("GET", "/api/assessments", nil)
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /api/assessments answered %d", res.StatusCode)
		}
		var body struct {
			Assessments []adminapi.Assessment `json:"assessments"`
		}
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		return body.Assessments
	}
	first := list()
	if len(first) == 0 {
		t.Fatal("no assessments listed")
	}
	before := reads()
	for range 20 {
		if got := list(); len(got) != len(first) {
			t.Fatalf("%d assessments listed, then %d", len(first), len(got))
		}
	}
	if n := reads() - before; n != 0 {
		t.Fatalf("Qualified asked %d times for 20 refreshes within a minute, want none", n)
	}

	// Connecting Qualified again (as with another account's key) forgets the list.
	res := h.api("POST", "/api/setup/qualified", map[string]string{"apiKey": qualifiedtest.DefaultAPIKey})
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("connecting Qualified answered %d", res.StatusCode)
	}
	before = reads()
	list()
	if n := reads() - before; n != 1 {
		t.Fatalf("Qualified asked %d times for the first list after reconnecting, want 1", n)
	}
}
