package qualified_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/apicall/apitest"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

func TestNewKeyServesTheNextCall(t *testing.T) {
	sim, _ := setup(t, nil)
	c := qualified.New(sim.URL, "old-key")
	if _, err := c.Assessments(context.Background()); backend.KindOf(err) != backend.FailureNeedsReconnect {
		t.Fatalf("with a wrong key: %v, want a 401", err)
	}
	c.UseAPIKey(qualifiedtest.DefaultAPIKey)
	if _, err := c.Assessments(context.Background()); err != nil {
		t.Fatalf("after UseAPIKey: %v", err)
	}
}

// A call under way when the key changes finishes with the key it started
// with, its retry included; the next call goes with the new one.
func TestCallUnderWayKeepsItsKey(t *testing.T) {
	sim, _ := setup(t, nil)
	sim.FailNext("GET", "/v1/assessments", 1, http.StatusServiceUnavailable)
	held := apitest.NewHeldTransport()
	c := qualified.New(sim.URL, qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(&http.Client{Transport: held}))
	done := make(chan error, 1)
	go func() {
		_, err := c.Assessments(context.Background())
		done <- err
	}()
	<-held.Held()
	c.UseAPIKey("replaced-key")
	held.Release()
	if err := <-done; err != nil {
		t.Fatalf("the call under way: %v", err)
	}
	if st := c.Stats(); st.Requests != 2 {
		t.Errorf("stats %+v, want the 503 and its retry", st)
	}
	if _, err := c.Assessments(context.Background()); backend.KindOf(err) != backend.FailureNeedsReconnect {
		t.Errorf("the next call: %v, want the new key refused", err)
	}
}

// Keys swapped while calls run: every call goes with one whole key.
func TestKeysSwappedWhileCallsRun(t *testing.T) {
	sim, c := setup(t, nil)
	var callers sync.WaitGroup
	for range 8 {
		callers.Go(func() {
			for range 10 {
				c.UseAPIKey(qualifiedtest.DefaultAPIKey)
				if _, err := c.Assessments(context.Background()); err != nil {
					t.Errorf("a call among the swaps: %v", err)
					return
				}
			}
		})
	}
	callers.Wait()
	if n := sim.Stats().Requests; n != 80 {
		t.Errorf("Qualified saw %d requests, want 80", n)
	}
}
