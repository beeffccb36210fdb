package levertest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// The simulator answers as Lever's documentation and its seen answers do: a
// created webhook wrapped in "data" twice, and, when asked, an archived
// opportunity with archivedAt and archiveReason at the top level as in
// Lever's documented example.
func TestAnswersHaveLeversDocumentedShapes(t *testing.T) {
	srv := seeded(t, levertest.Options{ArchiveAtTopLevel: true})
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-gone", Name: "Gone", StageID: "phone-screen", Archived: true})

	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhooks",
		strings.NewReader(`{"url":"https://example.com/hook","event":"candidateStageChange"}`))
	req.SetBasicAuth("lever-test-key", "")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var created struct {
		Data struct {
			Data struct {
				ID            string `json:"id"`
				Configuration struct {
					SignatureToken string `json:"signatureToken"`
				} `json:"configuration"`
			} `json:"data"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&created); err != nil || resp.StatusCode != http.StatusCreated ||
		created.Data.Data.ID == "" || created.Data.Data.Configuration.SignatureToken == "" {
		t.Errorf("create webhook: %d %+v %v, want 201 wrapped in data twice with the token", resp.StatusCode, created, err)
	}

	_, body, _ := get(t, srv, "/opportunities/opp-gone", "lever-test-key")
	o, _ := body["data"].(map[string]any)
	if _, has := o["archived"]; has || o["archivedAt"] == nil || o["archiveReason"] == nil {
		t.Errorf("archived opportunity = %v, want archivedAt and archiveReason at the top level", o)
	}
	_, body, _ = get(t, srv, "/opportunities/opp-1", "lever-test-key")
	if o, _ := body["data"].(map[string]any); o["archivedAt"] != nil || o["archiveReason"] != nil {
		t.Errorf("active opportunity = %v, want archivedAt and archiveReason null", o)
	}
}
