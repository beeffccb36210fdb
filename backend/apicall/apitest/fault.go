// Package apitest is what the tests of the API clients and the API
// simulators (levertest, qualifiedtest) share: the misbehaviour a simulator
// can be told to show (a request refused with a status, or handled in full
// and then answered slowly, never, or garbled), a transport that holds a
// request back, and answers recorded from the real APIs. A test then asks
// the same of Lever and of Qualified.
package apitest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// Fault spoils the answer to a request that was otherwise handled in full:
// its effect stands (a tag added, a note posted, a candidate invited), only
// the answer is slow, lost or garbled, which is what makes a retry
// dangerous.
type Fault struct {
	// Delay holds the answer back this long, such as beyond a client's
	// timeout.
	Delay time.Duration
	// Reset closes the connection without answering.
	Reset bool
	// Malformed answers 200 with a body cut short: not JSON.
	Malformed bool
	// Status, when not zero, answers that status with a gateway's HTML
	// page instead of the real answer, as a proxy does when its upstream
	// was slow: the change was made, the caller is told it failed.
	Status int
}

// Queue holds what the next matching requests get: a status to refuse
// them with, or a Fault. It is not safe for concurrent use; a simulator
// uses it under its own lock. The zero Queue is empty.
type Queue[T any] struct {
	rules []*rule[T]
}

type rule[T any] struct {
	method, prefix string
	left           int
	v              T
}

// Add gives v to the next n requests whose method matches (any when empty,
// any case) and whose path starts with prefix.
func (q *Queue[T]) Add(method, prefix string, n int, v T) {
	if n > 0 {
		q.rules = append(q.rules, &rule[T]{method: method, prefix: prefix, left: n, v: v})
	}
}

// Take consumes the first rule that matches the request and returns its
// value; ok is false when none matches.
func (q *Queue[T]) Take(method, path string) (v T, ok bool) {
	for i, r := range q.rules {
		if (r.method == "" || strings.EqualFold(r.method, method)) && strings.HasPrefix(path, r.prefix) {
			r.left--
			if r.left == 0 {
				q.rules = append(q.rules[:i], q.rules[i+1:]...)
			}
			return r.v, true
		}
	}
	return v, false
}

// Clear drops every rule.
func (q *Queue[T]) Clear() { q.rules = nil }

// Serve has h handle the request in full, then answers as f says.
func Serve(w http.ResponseWriter, r *http.Request, h http.Handler, f Fault) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			// The client gave up: its connection is gone either way.
			return
		}
	}
	if f.Reset {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	if f.Status != 0 {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.Status)
		fmt.Fprintf(w, "<html><head><title>%[1]d %[2]s</title></head><body><center><h1>%[1]d %[2]s</h1></center><hr><center>nginx</center></body></html>\n",
			f.Status, http.StatusText(f.Status))
		return
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	body := rec.Body.Bytes()
	status := rec.Code
	if f.Malformed {
		body, status = body[:len(body)/2], http.StatusOK
		w.Header().Del("Content-Length")
	}
	w.WriteHeader(status)
	w.Write(body)
}
