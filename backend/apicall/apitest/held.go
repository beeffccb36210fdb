package apitest

import (
	"net/http"
	"sync"
)

// HeldTransport is a client-side http.RoundTripper that holds the first
// request back, credentials already on it, until Release: a test can then
// change things while that request is under way. Later requests pass.
type HeldTransport struct {
	held     chan struct{}
	released chan struct{}
	first    sync.Once
	release  sync.Once
}

// NewHeldTransport returns a transport holding its first request.
func NewHeldTransport() *HeldTransport {
	return &HeldTransport{held: make(chan struct{}), released: make(chan struct{})}
}

// Held is closed once the first request is being held.
func (h *HeldTransport) Held() <-chan struct{} { return h.held }

// Release lets the held request go on.
func (h *HeldTransport) Release() { h.release.Do(func() { close(h.released) }) }

// RoundTrip sends r with http.DefaultTransport, the first one after Release.
func (h *HeldTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	first := false
	h.first.Do(func() { first = true })
	if first {
		close(h.held)
		select {
		case <-h.released:
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}
