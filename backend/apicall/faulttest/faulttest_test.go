package faulttest

import "testing"

// A rule serves its n matching requests, first rule first, and then is
// gone; a request it does not match passes it by.
func TestQueueServesEachRuleItsCount(t *testing.T) {
	var q Queue[int]
	q.Add("post", "/notes", 2, 502)
	q.Add("", "/", 1, 429)
	q.Add("GET", "/x", 0, 500) // nothing to serve
	steps := []struct {
		method, path string
		want         int
	}{
		{"GET", "/notes", 429},
		{"POST", "/notes/1", 502},
		{"GET", "/x", 0},
		{"POST", "/notes", 502},
		{"POST", "/notes", 0},
	}
	for i, s := range steps {
		got, ok := q.Take(s.method, s.path)
		if got != s.want || ok != (s.want != 0) {
			t.Errorf("step %d, %s %s: %d %v, want %d", i, s.method, s.path, got, ok, s.want)
		}
	}
	q.Add("", "/", 5, 503)
	q.Clear()
	if _, ok := q.Take("GET", "/"); ok {
		t.Error("a cleared queue still serves")
	}
}
