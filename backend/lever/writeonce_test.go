package lever_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// Each test here spoils the answer to a write that Lever has already made,
// as a gateway or a dropped connection does, and checks the client does
// not make it a second time: a note or a webhook written twice cannot be
// taken back. Writes that are safe to repeat (tags, a set) are repeated and
// end right.

const notesRoute = "POST /opportunities/:id/notes"

func TestNoNoteWrittenTwiceWhenLeverAnswers502AfterStoring(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			srv, c := newSim(t, levertest.Options{})
			srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "offer"})
			srv.FaultNext("POST", "/opportunities/opp-1/notes", 1, levertest.Fault{Status: status})

			_, err := c.AddNote(context.Background(), "opp-1", "Go Basics: 92%", "user-1")
			if n := len(srv.Notes("opp-1")); n != 1 {
				t.Errorf("%d notes in Lever, want exactly 1", n)
			}
			if n := srv.Stats().ByRoute[notesRoute]; n != 1 {
				t.Errorf("%d note POSTs reached Lever, want 1", n)
			}
			// The job is told, so it can look for the note before writing again.
			var e *lever.Error
			if !errors.As(err, &e) || e.StatusCode != status {
				t.Errorf("err = %v, want the %d handed back", err, status)
			}
		})
	}
}

func TestNoNoteWrittenTwiceWhenTheAnswerIsLostAfterStoring(t *testing.T) {
	tests := []struct {
		name  string
		fault levertest.Fault
	}{
		{"timeout", levertest.Fault{Delay: 2 * time.Second}},
		{"connection reset", levertest.Fault{Reset: true}},
		{"answer cut short", levertest.Fault{Malformed: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := newSim(t, levertest.Options{}, lever.WithHTTPClient(&http.Client{Timeout: 300 * time.Millisecond}))
			srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "offer"})
			srv.FaultNext("POST", "/opportunities/opp-1/notes", 1, tt.fault)

			if _, err := c.AddNote(context.Background(), "opp-1", "Go Basics: 92%", ""); err == nil {
				t.Fatal("AddNote succeeded though its answer was lost")
			}
			if n := len(srv.Notes("opp-1")); n != 1 {
				t.Errorf("%d notes in Lever, want exactly 1", n)
			}
			if n := srv.Stats().ByRoute[notesRoute]; n != 1 {
				t.Errorf("%d note POSTs reached Lever, want 1", n)
			}
		})
	}
}

func TestNoSecondWebhookWhenLeverAnswers502AfterCreating(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	srv.FaultNext("POST", "/webhooks", 1, levertest.Fault{Status: http.StatusBadGateway})

	hook, err := c.CreateWebhook(context.Background(), "https://bridge.example.com/webhooks/lever", "candidateStageChange")
	if n := srv.Stats().ByRoute["POST /webhooks"]; n != 1 {
		t.Errorf("%d webhook POSTs reached Lever, want 1", n)
	}
	var e *lever.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusBadGateway || hook != nil {
		t.Errorf("CreateWebhook = %+v, %v; want the 502 handed back", hook, err)
	}
	// The one webhook Lever made is there to be found by its URL.
	if hooks := srv.Webhooks(); len(hooks) != 1 || hooks[0].URL != "https://bridge.example.com/webhooks/lever" {
		t.Errorf("webhooks in Lever = %+v, want exactly the one", hooks)
	}
}

func TestTagChangesRepeatedAfter502EndRight(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "offer", Tags: []string{"Go Basics"}})
	ctx := context.Background()

	srv.FaultNext("POST", "/opportunities/opp-1/addTags", 1, levertest.Fault{Status: http.StatusBadGateway})
	if err := c.AddTags(ctx, "opp-1", []string{"Go Basics - Invited"}, "user-1"); err != nil {
		t.Fatalf("AddTags: %v", err)
	}
	srv.FaultNext("POST", "/opportunities/opp-1/removeTags", 1, levertest.Fault{Status: http.StatusGatewayTimeout})
	if err := c.RemoveTags(ctx, "opp-1", []string{"Go Basics"}, "user-1"); err != nil {
		t.Fatalf("RemoveTags: %v", err)
	}
	o, _ := srv.Opportunity("opp-1")
	if !slices.Equal(o.Tags, []string{"Go Basics - Invited"}) {
		t.Errorf("tags %q, want only %q", o.Tags, "Go Basics - Invited")
	}
	// Each change reached Lever twice: repeated, and harmless.
	if ops := srv.TagOps("opp-1"); len(ops) != 4 {
		t.Errorf("%d tag changes reached Lever, want 4 (each sent again after its 5xx)", len(ops))
	}
}

// A 429 and a connection that was never made happen before Lever does
// anything, so even a note is sent again.
func TestNoteRefusedBeforeAnythingHappenedIsSentAgain(t *testing.T) {
	t.Run("429", func(t *testing.T) {
		srv, c := newSim(t, levertest.Options{})
		srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "offer"})
		srv.FailNext("POST", "/opportunities/opp-1/notes", 2, http.StatusTooManyRequests)
		if _, err := c.AddNote(context.Background(), "opp-1", "Go Basics: 92%", ""); err != nil {
			t.Fatalf("AddNote: %v", err)
		}
		if n := len(srv.Notes("opp-1")); n != 1 {
			t.Errorf("%d notes, want 1", n)
		}
		if st := c.Stats(); st.Requests != 3 || st.RateLimited != 2 {
			t.Errorf("stats %+v, want 3 requests, 2 rate limited", st)
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		dead := httptest.NewServer(http.NotFoundHandler())
		dead.Close()
		c := lever.New(dead.URL, "lever-test-key")
		lever.SetBackoff(c, time.Millisecond, 5*time.Millisecond)
		if _, err := c.AddNote(context.Background(), "opp-1", "Go Basics: 92%", ""); err == nil {
			t.Fatal("AddNote to a closed port succeeded")
		}
		if st := c.Stats(); st.Requests != 6 {
			t.Errorf("stats %+v, want all 6 attempts for a request that never left", st)
		}
	})
}

// A gateway's page stands in for Lever's answer; the recruiter reads the
// error, so it says the status, not the page's markup.
func TestGatewayPageReadsAsItsStatus(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "offer"})
	srv.FaultNext("POST", "/opportunities/opp-1/notes", 1, levertest.Fault{Status: http.StatusBadGateway})
	_, err := c.AddNote(context.Background(), "opp-1", "Go Basics: 92%", "")
	if err == nil || err.Error() != "lever: 502: Bad Gateway" {
		t.Errorf("err = %v, want %q", err, "lever: 502: Bad Gateway")
	}
}

func TestWebhookDeletedOnceWhenLeverAnswers502AfterDeleting(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	ctx := context.Background()
	hook, err := c.CreateWebhook(ctx, "https://old.example.com/webhooks/lever", "candidateStageChange")
	if err != nil {
		t.Fatal(err)
	}
	srv.FaultNext("DELETE", "/webhooks/", 1, levertest.Fault{Status: http.StatusBadGateway})
	if err := c.DeleteWebhook(ctx, hook.ID); err != nil {
		t.Errorf("DeleteWebhook: %v; the repeat found it gone, which is what was asked", err)
	}
	if hooks := srv.Webhooks(); len(hooks) != 0 {
		t.Errorf("webhooks left in Lever: %+v", hooks)
	}
}
