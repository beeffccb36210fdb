package workflow

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// listingProvider answers Assessments with its list, once release is closed
// (at once when it is nil); it has nothing else.
type listingProvider struct {
	backend.Provider
	list    []backend.Assessment
	release chan struct{}
	calls   atomic.Int32
}

func (p *listingProvider) Assessments(ctx context.Context) ([]backend.Assessment, error) {
	p.calls.Add(1)
	if p.release != nil {
		<-p.release
	}
	return p.list, nil
}

// TestForgottenAssessmentsAreNotKeptFromAReadUnderWay: when Qualified is
// connected again while the old account's list is being read, a new read
// does not wait for that one, and its answer is not kept as the new
// account's list.
func TestForgottenAssessmentsAreNotKeptFromAReadUnderWay(t *testing.T) {
	ctx := context.Background()
	c := newCache(time.Minute, time.Now)
	old := &listingProvider{list: []backend.Assessment{{ID: "old"}}, release: make(chan struct{})}
	oldDone := make(chan []backend.Assessment)
	go func() {
		list, _ := c.Assessments(ctx, old)
		oldDone <- list
	}()
	for old.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}

	c.forgetAssessments()
	fresh := &listingProvider{list: []backend.Assessment{{ID: "new"}}}
	got := make(chan []backend.Assessment)
	go func() {
		list, _ := c.Assessments(ctx, fresh)
		got <- list
	}()
	select {
	case list := <-got:
		if len(list) != 1 || list[0].ID != "new" {
			t.Fatalf("after the forget: %+v, want the new account's list", list)
		}
	case <-time.After(10 * time.Second):
		close(old.release)
		t.Fatal("the read after the forget waited for the old account's read")
	}

	close(old.release)
	if list := <-oldDone; len(list) != 1 || list[0].ID != "old" {
		t.Fatalf("the read begun before the forget got %+v", list)
	}
	list, err := c.Assessments(ctx, fresh)
	if err != nil || len(list) != 1 || list[0].ID != "new" {
		t.Fatalf("later: %+v, %v; want the new account's list, kept", list, err)
	}
	if n := fresh.calls.Load(); n != 1 {
		t.Errorf("the new account was asked %d times, want once (its list kept)", n)
	}
}
