package qualified_test

import (
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend/qualified"
)

func TestParseWebhook(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    qualified.WebhookEvent
		wantErr string
	}{
		{
			name: "numeric ids",
			body: `{"event":"assessment_result_submitted","data":{"id":4001,"state":"submitted","score":88.5,"candidate":{"email":"ada@example.com"},"assessment":{"id":1001,"title":"Go"},"extra":true}}`,
			want: qualified.WebhookEvent{Event: "assessment_result_submitted", ResultID: "4001", State: "submitted", CandidateEmail: "ada@example.com", AssessmentID: "1001"},
		},
		{
			name: "string id, nothing else",
			body: ` {"event":"assessment_result_started","data":{"id":"abc"}} ` + "\n",
			want: qualified.WebhookEvent{Event: "assessment_result_started", ResultID: "abc"},
		},
		{name: "empty", body: "", wantErr: "empty body"},
		{name: "blank", body: " \n", wantErr: "empty body"},
		{name: "truncated", body: `{"event":"x","data":{"id":1}`, wantErr: "invalid JSON"},
		{name: "not an object", body: `[1,2]`, wantErr: "invalid JSON"},
		{name: "null", body: `null`, wantErr: "missing event"},
		{name: "no event", body: `{"data":{"id":1}}`, wantErr: "missing event"},
		{name: "empty event", body: `{"event":"","data":{"id":1}}`, wantErr: "missing event"},
		{name: "event not a string", body: `{"event":3,"data":{"id":1}}`, wantErr: "invalid JSON"},
		{name: "no data", body: `{"event":"x"}`, wantErr: "missing data"},
		{name: "data not an object", body: `{"event":"x","data":[]}`, wantErr: "invalid JSON"},
		{name: "no id", body: `{"event":"x","data":{"state":"started"}}`, wantErr: "missing data.id"},
		{name: "null id", body: `{"event":"x","data":{"id":null}}`, wantErr: "missing data.id"},
		{name: "boolean id", body: `{"event":"x","data":{"id":true}}`, wantErr: "invalid JSON"},
		{name: "trailing data", body: `{"event":"x","data":{"id":1}} {"event":"y"}`, wantErr: "unexpected data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := qualified.ParseWebhook([]byte(tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "qualified: webhook: ") {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got != tt.want {
				t.Errorf("got %+v, want %+v", *got, tt.want)
			}
		})
	}
}
