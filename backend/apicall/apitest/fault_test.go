package apitest

import (
	"slices"
	"testing"
)

// A rule serves its n matching requests, first rule first, and then is
// gone; a request it does not match passes it by.
func TestQueueServesEachRuleItsCount(t *testing.T) {
	var q Queue[int]
	q.Add("post", "/notes", 2, 502)
	q.Add("", "/", 1, 429)
	q.Add("GET", "/x", 0, 500) // nothing to serve
	take := func(method, path string) int {
		v, ok := q.Take(method, path)
		if ok != (v != 0) {
			t.Fatalf("Take(%s %s) = %d, %v", method, path, v, ok)
		}
		return v
	}
	got := []int{take("GET", "/notes"), take("POST", "/notes/1"), take("GET", "/x"), take("POST", "/notes"), take("POST", "/notes")}
	if want := []int{429, 502, 0, 502, 0}; !slices.Equal(got, want) {
		t.Errorf("served %v, want %v", got, want)
	}
	q.Add("", "/", 5, 503)
	q.Clear()
	if _, ok := q.Take("GET", "/"); ok {
		t.Error("a cleared queue still serves")
	}
}
