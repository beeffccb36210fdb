package qualified_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend/qualified"
)

// webhookSeeds are FuzzQualifiedParseWebhook's seeds; testdata/fuzz holds
// the same inputs as files.
func webhookSeeds() []struct{ name, body string } {
	const submitted = `{"event":"assessment_result_submitted","data":{"id":4001,"state":"submitted","score":88.5,` +
		`"candidate":{"email":"ada@example.com","first_name":"Ada"},"assessment":{"id":1001,"title":"Go"}}}`
	return []struct{ name, body string }{
		{"result-submitted", submitted},
		{"result-started-string-id", `{"event":"assessment_result_started","data":{"id":"r-2","state":"started"}}`},
		{"state-changed", `{"event":"assessment_result_state_changed","data":{"id":7}}`},
		{"other-event", `{"event":"team_candidate_created","data":{"id":9}}`},
		// Ids as floats, huge, in exponent form, negative, null, of the wrong type.
		{"float-id", `{"event":"x","data":{"id":4001.0}}`},
		{"exponent-id", `{"event":"x","data":{"id":1e400}}`},
		{"500-digit-id", `{"event":"x","data":{"id":` + strings.Repeat("9", 500) + `}}`},
		{"minus-zero-id", `{"event":"x","data":{"id":-0}}`},
		{"null-id", `{"event":"x","data":{"id":null}}`},
		{"boolean-id", `{"event":"x","data":{"id":true}}`},
		{"object-id", `{"event":"x","data":{"id":{"id":1}}}`},
		{"array-assessment-id", `{"event":"x","data":{"id":1,"assessment":{"id":[1]}}}`},
		// Duplicate keys and keys in another case.
		{"duplicate-keys", `{"event":"a","event":"b","data":{"id":1,"id":2}}`},
		{"keys-in-another-case", `{"EVENT":"a","Data":{"ID":"3"}}`},
		// Trailing garbage, a second object, nothing at all.
		{"trailing-garbage", submitted + ` trailing`},
		{"two-objects", submitted + submitted},
		{"stray-bracket", submitted + `]`},
		{"empty", ``},
		{"blank", ` `},
		{"null", `null`},
		{"empty-object", `{}`},
		{"array", `[]`},
		{"string", `"event"`},
		// Deep nesting, inside data and at the top.
		{"deep-nesting-in-data", `{"event":"x","data":{"id":1,"extra":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}}`},
		{"deep-nesting-over-limit", strings.Repeat("[", 20000)},
		{"deep-object-nesting", strings.Repeat(`{"a":`, 3000) + "1" + strings.Repeat("}", 3000)},
		// Unicode, escapes and invalid UTF-8.
		{"unicode", `{"event":"assessment_result_submitted","data":{"id":"résultat-😀","candidate":{"email":"ü@exämple.com"}}}`},
		{"escapes-and-lone-surrogate", `{"event":"\u0061ssessment_result_submitted","data":{"id":"\ud800"}}`},
		{"invalid-utf8", "{\"event\":\"x\xff\",\"data\":{\"id\":\"\xfe\"}}"},
		{"utf8-bom", "\xef\xbb\xbf" + submitted},
	}
}

func FuzzQualifiedParseWebhook(f *testing.F) {
	for _, s := range webhookSeeds() {
		f.Add([]byte(s.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := qualified.ParseWebhook(body)
		if err != nil {
			if ev != nil {
				t.Fatalf("ParseWebhook returned an event with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "qualified: webhook: ") {
				t.Fatalf("error %q does not say where it comes from", err)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted a body that is not one JSON value: %q", body)
		}
		if ev.Event == "" || ev.ResultID == "" {
			t.Fatalf("accepted an event without a trigger or a result id: %+v", ev)
		}
		// What was read, written back as Qualified would, reads the same.
		again, err := json.Marshal(map[string]any{"event": ev.Event, "data": map[string]any{
			"id": ev.ResultID, "state": ev.State, "candidate": map[string]string{"email": ev.CandidateEmail},
			"assessment": map[string]string{"id": ev.AssessmentID}}})
		if err != nil {
			t.Fatal(err)
		}
		ev2, err := qualified.ParseWebhook(again)
		if err != nil {
			t.Fatalf("re-encoded event %s is refused: %v", again, err)
		}
		if *ev2 != *ev {
			t.Fatalf("re-encoded event reads %+v, first read %+v", *ev2, *ev)
		}
	})
}
