package adminapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// stream is a page reading /api/events: each write arrives on writes.
type stream struct {
	header http.Header
	writes chan string
}

func (s *stream) Header() http.Header         { return s.header }
func (s *stream) WriteHeader(int)             {}
func (s *stream) Write(b []byte) (int, error) { s.writes <- string(b); return len(b), nil }

// open starts a stream on e; it ends with the returned cancel, or when e closes.
func open(t *testing.T, e *Events) (*stream, context.CancelFunc, chan struct{}) {
	t.Helper()
	s := &stream{header: http.Header{}, writes: make(chan string, 16)}
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		e.ServeHTTP(s, httptest.NewRequest("GET", "/api/events", nil).WithContext(ctx))
	}()
	if got := <-s.writes; got != ": ok\n\n" {
		t.Fatalf("the stream opened with %q, want the comment that sends the headers", got)
	}
	return s, cancel, ended
}

func changed(topics string) string {
	return "event: change\ndata: {\"changed\":[" + topics + "]}\n\n"
}

func TestLiveUpdatesSayWhatChangedAndMergeABurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := NewEvents()
		s, cancel, ended := open(t, e)
		defer func() { cancel(); <-ended }()
		if got := s.header.Get("Content-Type"); got != "text/event-stream" {
			t.Errorf("Content-Type %q", got)
		}

		e.Notify(TopicSettings)
		if got := <-s.writes; got != changed(`"settings"`) {
			t.Errorf("first update %q", got)
		}
		// A burst while that send is being gathered after: one update, each
		// topic once, in a fixed order, a moment later.
		before := time.Now()
		e.Notify(TopicActivity, TopicInvitations)
		e.Notify(TopicStatus, TopicInvitations)
		e.Notify(TopicLever)
		if got := <-s.writes; got != changed(`"status","invitations","activity","lever"`) {
			t.Errorf("merged update %q", got)
		}
		if waited := time.Since(before); waited != e.coalesce {
			t.Errorf("the merged update came %s after the burst, want %s", waited, e.coalesce)
		}
		// Nothing pending: the stream only pings.
		synctest.Wait()
		select {
		case got := <-s.writes:
			t.Errorf("with nothing changed the stream sent %q", got)
		default:
		}
		time.Sleep(e.ping)
		if got := <-s.writes; got != ": ping\n\n" {
			t.Errorf("a quiet stream sent %q, want a ping", got)
		}
		e.Notify() // no topic: nothing to say
		synctest.Wait()
		if len(s.writes) != 0 {
			t.Errorf("a change of nothing was sent: %q", <-s.writes)
		}
	})
}

func TestEveryPageHearsEachChange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := NewEvents()
		a, cancelA, endedA := open(t, e)
		b, cancelB, endedB := open(t, e)
		e.Notify(TopicAssessments, TopicStatus)
		for _, s := range []*stream{a, b} {
			if got := <-s.writes; got != changed(`"status","assessments"`) {
				t.Errorf("update %q", got)
			}
		}
		// A page that leaves stops hearing; the other goes on.
		cancelA()
		<-endedA
		e.Notify(TopicTriggerStages)
		if got := <-b.writes; got != changed(`"triggerStages"`) {
			t.Errorf("update %q", got)
		}
		cancelB()
		<-endedB
	})
}

func TestClosingEndsEveryStreamAndRefusesNewOnes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := NewEvents()
		_, cancel, ended := open(t, e)
		defer cancel()
		e.Close()
		<-ended // the stream ends by itself
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest("GET", "/api/events", nil))
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "shutting down") {
			t.Errorf("a stream opened after closing: %d %q", rec.Code, rec.Body)
		}
		e.Notify(TopicStatus) // and telling nobody is fine
	})
}
