package lever_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

func isStatus(err error, status int) bool {
	var e *lever.Error
	return errors.As(err, &e) && e.StatusCode == status
}

// events collects the webhook events Lever delivers to a receiver.
type events struct {
	mu   sync.Mutex
	seen []string
}

func (e *events) names() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.seen...)
}

// listen registers a receiver for each event and returns what it hears.
func listen(t *testing.T, c *lever.Client, evs ...string) *events {
	t.Helper()
	got := &events{}
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var d struct {
			Event string `json:"event"`
			Data  struct {
				ToStageID string `json:"toStageId"`
			} `json:"data"`
		}
		json.Unmarshal(b, &d)
		got.mu.Lock()
		got.seen = append(got.seen, d.Event+" "+d.Data.ToStageID)
		got.mu.Unlock()
	}))
	t.Cleanup(rcv.Close)
	for _, ev := range evs {
		if _, err := c.CreateWebhook(context.Background(), rcv.URL, ev); err != nil {
			t.Fatal(err)
		}
	}
	return got
}

func TestMoveToStageAsTheUserFiresAStageChange(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "phone-screen"})
	got := listen(t, c, lever.EventCandidateStageChange)
	ctx := context.Background()

	if err := c.MoveToStage(ctx, "opp-1", "offer", "user-1"); err != nil {
		t.Fatalf("MoveToStage: %v", err)
	}
	o, err := c.Opportunity(ctx, "opp-1")
	if err != nil || o.StageID != "offer" {
		t.Fatalf("opportunity %+v, %v; want it in offer", o, err)
	}
	last := o.StageChanges[len(o.StageChanges)-1]
	if last.ToStageID != "offer" || last.UserID != "user-1" {
		t.Errorf("last stage change %+v, want into offer by user-1", last)
	}
	if m := srv.Moves("opp-1"); len(m) != 1 || m[0] != (levertest.Move{ToStageID: "offer", PerformAs: "user-1"}) {
		t.Errorf("moves %+v", m)
	}
	if n := got.names(); len(n) != 1 || n[0] != "candidateStageChange offer" {
		t.Errorf("deliveries %q, want one stage change into offer", n)
	}
	// Into the stage it is in: nothing moves, nothing is sent.
	if err := c.MoveToStage(ctx, "opp-1", "offer", "user-1"); err != nil {
		t.Errorf("second MoveToStage: %v", err)
	}
	if n := got.names(); len(n) != 1 {
		t.Errorf("deliveries %q after a move into the same stage, want still one", n)
	}
	if err := c.MoveToStage(ctx, "opp-1", "no-such-stage", ""); !isStatus(err, http.StatusBadRequest) {
		t.Errorf("move to an unknown stage: %v, want a 400", err)
	}
}

func TestArchiveWithAReasonAndUnarchive(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "phone-screen"})
	got := listen(t, c, "candidateArchiveChange")
	ctx := context.Background()

	if err := c.Archive(ctx, "opp-1", "reason-withdrew", "user-1"); err != nil {
		t.Fatalf("Archive: %v", err)
	}
	o, err := c.Opportunity(ctx, "opp-1")
	if err != nil || o.Archived == nil || o.Archived.Reason != "reason-withdrew" {
		t.Fatalf("opportunity %+v, %v; want archived as withdrew", o, err)
	}
	if err := c.Archive(ctx, "opp-1", "no-such-reason", ""); !isStatus(err, http.StatusBadRequest) {
		t.Errorf("archive with an unknown reason: %v, want a 400", err)
	}
	if err := c.Unarchive(ctx, "opp-1", "user-1"); err != nil {
		t.Fatalf("Unarchive: %v", err)
	}
	if o, _ := c.Opportunity(ctx, "opp-1"); o.Archived != nil {
		t.Errorf("still archived: %+v", o.Archived)
	}
	if n := got.names(); len(n) != 2 {
		t.Errorf("deliveries %q, want an archive change each way", n)
	}
}

func TestArchiveReasonsListsHiredAndNonHired(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	srv.AddArchiveReason(levertest.ArchiveReason{ID: "reason-culture", Text: "Culture add elsewhere", Type: "non-hired"})
	reasons, err := c.ArchiveReasons(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byType := map[string]int{}
	texts := map[string]bool{}
	for _, r := range reasons {
		byType[r.Type]++
		texts[r.Text] = true
	}
	if byType["hired"] != 1 || byType["non-hired"] < 3 || !texts["Underqualified"] || !texts["Culture add elsewhere"] {
		t.Errorf("reasons %+v", reasons)
	}
}

// A move or an archive answered with a 5xx may have happened: the client
// hands the error back instead of sending it again, and the caller looks.
func TestMoveAndArchiveAreNotRepeatedAfter502(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "phone-screen"})
	ctx := context.Background()

	srv.FaultNext("PUT", "/opportunities/opp-1/stage", 1, levertest.Fault{Status: http.StatusBadGateway})
	if err := c.MoveToStage(ctx, "opp-1", "offer", "user-1"); err == nil {
		t.Error("MoveToStage succeeded though its answer was a 502")
	}
	if n := srv.Stats().ByRoute["PUT /opportunities/:id/stage"]; n != 1 {
		t.Errorf("%d moves reached Lever, want 1", n)
	}
	if o, _ := srv.Opportunity("opp-1"); o.StageID != "offer" {
		t.Errorf("stage %s: the move Lever made before the 502 is there to be found", o.StageID)
	}

	srv.FaultNext("PUT", "/opportunities/opp-1/archived", 1, levertest.Fault{Status: http.StatusGatewayTimeout})
	if err := c.Archive(ctx, "opp-1", "reason-underqualified", ""); err == nil {
		t.Error("Archive succeeded though its answer was a 504")
	}
	if n := srv.Stats().ByRoute["PUT /opportunities/:id/archived"]; n != 1 {
		t.Errorf("%d archives reached Lever, want 1", n)
	}
}
