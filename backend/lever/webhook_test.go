package lever_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

func TestWebhookLifecycle(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	ctx := context.Background()
	created, err := c.CreateWebhook(ctx, "https://example.com/hooks/lever", lever.EventCandidateStageChange)
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == "" || len(created.SignatureToken) != 48 || !slices.Equal(created.Origins, lever.Origins) {
		t.Fatalf("created %+v", created)
	}
	if sim := srv.Webhooks(); len(sim) != 1 || sim[0].SignatureToken != created.SignatureToken {
		t.Fatalf("simulator has %+v", sim)
	}

	listed, err := c.Webhooks(ctx)
	if err != nil || len(listed) != 1 || listed[0].ID != created.ID || listed[0].SignatureToken != "" {
		t.Fatalf("Webhooks = %+v, %v (the token must not be listed)", listed, err)
	}

	if err := c.UpdateWebhookURL(ctx, created.ID, "https://new.example.com/hooks/lever"); err != nil {
		t.Fatal(err)
	}
	if got := srv.Webhooks()[0].URL; got != "https://new.example.com/hooks/lever" {
		t.Errorf("URL after update = %q", got)
	}

	if err := c.DeleteWebhook(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteWebhook(ctx, created.ID); !lever.IsNotFound(err) {
		t.Errorf("second delete: err = %v, want not found", err)
	}
}

func TestCreateWebhookWrappings(t *testing.T) {
	hook := `{"id":"wh-1","url":"https://example.com/h","event":"candidateStageChange","configuration":{"conditions":{"origins":["applied"]},"signatureToken":"tok"}}`
	tests := []struct {
		name    string
		answer  string
		wantErr error
		wantTok string
	}{
		{"wrapped once", `{"data":` + hook + `}`, nil, "tok"},
		{"wrapped twice", `{"data":{"data":` + hook + `}}`, nil, "tok"},
		{"no token", `{"data":{"id":"wh-1","url":"u","event":"e","configuration":{}}}`, lever.ErrNoSignatureToken, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got map[string]any
			h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				json.Unmarshal(body, &got)
				w.WriteHeader(http.StatusCreated)
				io.WriteString(w, tt.answer)
			}))
			defer h.Close()
			c := lever.New(h.URL, "k")
			wh, err := c.CreateWebhook(context.Background(), "https://example.com/h", "candidateStageChange")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if wh == nil || wh.ID != "wh-1" || wh.SignatureToken != tt.wantTok {
				t.Errorf("webhook = %+v", wh)
			}
			origins := got["configuration"].(map[string]any)["conditions"].(map[string]any)["origins"].([]any)
			if len(origins) != 6 {
				t.Errorf("request origins = %v, want all six", origins)
			}
		})
	}
}
