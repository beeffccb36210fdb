package adminapi

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// topicOrder is the order topics are listed in a live update.
var topicOrder = []Topic{TopicStatus, TopicInvitations, TopicActivity, TopicSettings, TopicTriggerStages, TopicLever, TopicAssessments}

// Events tells every open page what changed, over Server-Sent Events
// (GET /api/events). Changes arriving close together are sent once, their
// topics merged.
type Events struct {
	// coalesce is how long after a send further changes are gathered into
	// the next one; ping how often a quiet stream says it is alive.
	coalesce, ping time.Duration

	mu     sync.Mutex
	subs   map[*subscriber]struct{}
	closed bool
}

// subscriber is one open page.
type subscriber struct {
	wake    chan struct{} // a change is pending
	done    chan struct{} // closed when the app stops
	pending map[Topic]bool
}

// NewEvents returns the live updates of one app.
func NewEvents() *Events {
	return &Events{coalesce: 200 * time.Millisecond, ping: 20 * time.Second, subs: map[*subscriber]struct{}{}}
}

// Notify tells every open page that what the topics cover changed.
func (e *Events) Notify(topics ...Topic) {
	if len(topics) == 0 {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for s := range e.subs {
		for _, t := range topics {
			s.pending[t] = true
		}
		select {
		case s.wake <- struct{}{}:
		default: // a change is already pending for this page
		}
	}
}

// Close ends every stream, and refuses new ones: the app is stopping.
func (e *Events) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	for s := range e.subs {
		close(s.done)
		delete(e.subs, s)
	}
}

func (e *Events) subscribe() *subscriber {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	s := &subscriber{wake: make(chan struct{}, 1), done: make(chan struct{}), pending: map[Topic]bool{}}
	e.subs[s] = struct{}{}
	return s
}

func (e *Events) unsubscribe(s *subscriber) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.subs, s)
}

// take empties what is pending for s, in topicOrder.
func (e *Events) take(s *subscriber) Change {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := Change{Changed: []Topic{}}
	for _, t := range topicOrder {
		if s.pending[t] {
			c.Changed = append(c.Changed, t)
		}
	}
	clear(s.pending)
	return c
}

// ServeHTTP streams "change" events whose data is a Change. It writes at
// once (headers reach a Wails page only with the first bytes) and pings, so
// that a closed page is noticed: inside Wails the request's context is
// never cancelled.
func (e *Events) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := e.subscribe()
	if s == nil {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer e.unsubscribe(s)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	flusher, _ := w.(http.Flusher)
	write := func(s string) bool {
		if _, err := w.Write([]byte(s)); err != nil {
			return false
		}
		if flusher != nil {
			flusher.Flush()
		}
		return true
	}
	if !write(": ok\n\n") {
		return
	}
	ping := time.NewTicker(e.ping)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-s.wake:
			c := e.take(s)
			if len(c.Changed) == 0 {
				continue
			}
			data, _ := json.Marshal(c)
			if !write("event: change\ndata: " + string(data) + "\n\n") {
				return
			}
			// Gather a burst of changes into one refresh: what arrives
			// meanwhile waits, merged, for the next send.
			gather := time.NewTimer(e.coalesce)
			select {
			case <-gather.C:
			case <-r.Context().Done():
				gather.Stop()
				return
			case <-s.done:
				gather.Stop()
				return
			}
		case <-ping.C:
			if !write(": ping\n\n") {
				return
			}
		}
	}
}
