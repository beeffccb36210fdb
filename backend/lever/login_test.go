package lever_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/apicall/apitest"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// account starts a Lever account of its own: its own API key, its own
// access token and one stage named after it.
func account(t *testing.T, name string) *levertest.Server {
	t.Helper()
	srv := levertest.New(levertest.Options{APIKey: name + "-key", AccessToken: name + "-token", RatePerSecond: 100000, Burst: 100000})
	t.Cleanup(srv.Close)
	srv.AddStage("stage-"+name, name)
	return srv
}

// stageOf names the account a client reaches.
func stageOf(t *testing.T, c *lever.Client) string {
	t.Helper()
	name, err := reached(c)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// reached names the account a client reaches, for use off the test's own
// goroutine.
func reached(c *lever.Client) (string, error) {
	stages, err := c.Stages(context.Background())
	if err != nil {
		return "", err
	}
	if len(stages) != 1 {
		return "", fmt.Errorf("Stages = %+v", stages)
	}
	return stages[0].Text, nil
}

func TestNewLoginServesTheNextCall(t *testing.T) {
	production, sandbox := account(t, "production"), account(t, "sandbox")
	c := lever.New(production.URL, "production-key")
	if got := stageOf(t, c); got != "production" {
		t.Fatalf("first call reached %q", got)
	}
	c.UseAPIKey(sandbox.URL, "sandbox-key")
	if got := stageOf(t, c); got != "sandbox" {
		t.Fatalf("after UseAPIKey the call reached %q, want the sandbox", got)
	}
	c.UseLogin(production.URL, staticToken("production-token"))
	if got := stageOf(t, c); got != "production" {
		t.Fatalf("after UseLogin the call reached %q, want production", got)
	}

	sent := production.Stats().Requests + sandbox.Stats().Requests
	for name, disconnect := range map[string]func(){
		"Disconnect":          c.Disconnect,
		"UseAPIKey with none": func() { c.UseAPIKey(production.URL, "") },
	} {
		disconnect()
		_, err := c.Stages(context.Background())
		if !errors.Is(err, lever.ErrNotConnected) || !errors.Is(err, backend.ErrLeverLoginNeeded) {
			t.Errorf("after %s: err = %v, want ErrNotConnected and ErrLeverLoginNeeded", name, err)
		}
	}
	if now := production.Stats().Requests + sandbox.Stats().Requests; now != sent {
		t.Errorf("a client without a login sent %d requests", now-sent)
	}
	if st := c.Stats(); st.Requests != 3 {
		t.Errorf("client stats %+v, want the 3 calls sent across the logins", st)
	}

	c.UseAPIKey(sandbox.URL, "sandbox-key")
	if got := stageOf(t, c); got != "sandbox" {
		t.Fatalf("after reconnecting the call reached %q", got)
	}
}

// A call under way when the login changes finishes with the login it
// started with, retries included; the next call goes with the new one.
func TestCallUnderWayKeepsItsLogin(t *testing.T) {
	production, sandbox := account(t, "production"), account(t, "sandbox")
	production.FailNext("GET", "/stages", 1, http.StatusServiceUnavailable)
	held := apitest.NewHeldTransport()
	c := lever.New(production.URL, "production-key", lever.WithHTTPClient(&http.Client{Transport: held}))
	lever.SetBackoff(c, time.Millisecond, time.Millisecond)

	done := make(chan error, 1)
	var got string
	go func() {
		var err error
		got, err = reached(c)
		done <- err
	}()
	<-held.Held()
	c.UseAPIKey(sandbox.URL, "sandbox-key")
	held.Release()
	if err := <-done; err != nil || got != "production" {
		t.Fatalf("the call under way reached %q (%v), want production", got, err)
	}
	if n := production.Stats().ByRoute["GET /stages"]; n != 2 {
		t.Errorf("production saw %d requests, want the 503 and its retry", n)
	}
	if got := stageOf(t, c); got != "sandbox" {
		t.Errorf("the next call reached %q, want the sandbox", got)
	}
}

// Logins swapped back and forth while calls run never mix: no call sends
// one account's key to the other account.
func TestLoginsSwappedWhileCallsRun(t *testing.T) {
	a, b := account(t, "a"), account(t, "b")
	c := lever.New(a.URL, "a-key", lever.WithLimiter(lever.NewLimiter(100000, 100000)))
	stop := make(chan struct{})
	var swaps atomic.Int64
	swapper := sync.WaitGroup{}
	swapper.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			switch i % 3 {
			case 0:
				c.UseAPIKey(b.URL, "b-key")
			case 1:
				c.UseLogin(a.URL, staticToken("a-token"))
			case 2:
				c.UseAPIKey(a.URL, "a-key")
			}
			swaps.Add(1)
		}
	})
	var callers sync.WaitGroup
	for range 8 {
		callers.Go(func() {
			for range 25 {
				if _, err := c.Stages(context.Background()); err != nil {
					t.Errorf("a call during the swaps: %v", err)
					return
				}
			}
		})
	}
	callers.Wait()
	close(stop)
	swapper.Wait()
	if swaps.Load() == 0 {
		t.Fatal("no swap happened")
	}
	if got := a.Stats().Requests + b.Stats().Requests; got != 200 {
		t.Errorf("the accounts saw %d requests, want 200", got)
	}
}

// Lever refusing the current login is told to WithLoginRefused's function
// and reads as ErrLeverLoginNeeded; a refusal of a login already replaced
// is not told, since it says nothing of the new one.
func TestRefusedLoginIsToldOnlyWhileCurrent(t *testing.T) {
	production, sandbox := account(t, "production"), account(t, "sandbox")
	var refusals []error
	var mu sync.Mutex
	told := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		refusals = append(refusals, err)
	}
	refused := func() []error {
		mu.Lock()
		defer mu.Unlock()
		return append([]error(nil), refusals...)
	}

	c := lever.New(production.URL, "wrong-key", lever.WithLoginRefused(told))
	_, err := c.Stages(context.Background())
	if !errors.Is(err, backend.ErrLeverLoginNeeded) || !lever.IsUnauthorized(err) || backend.KindOf(err) != backend.FailureNeedsReconnect {
		t.Fatalf("err = %v, want a 401 read as ErrLeverLoginNeeded", err)
	}
	if got := refused(); len(got) != 1 || !lever.IsUnauthorized(got[0]) {
		t.Fatalf("told %v, want the one 401", got)
	}

	c.Disconnect()
	if _, err := c.Stages(context.Background()); !errors.Is(err, backend.ErrLeverLoginNeeded) {
		t.Fatalf("without a login: %v", err)
	}
	if got := refused(); len(got) != 1 {
		t.Errorf("a client without a login told %v: Lever refused nothing", got[1:])
	}

	held := apitest.NewHeldTransport()
	c = lever.New(production.URL, "wrong-key", lever.WithLoginRefused(told), lever.WithHTTPClient(&http.Client{Transport: held}))
	done := make(chan error, 1)
	go func() {
		_, err := c.Stages(context.Background())
		done <- err
	}()
	<-held.Held()
	c.UseAPIKey(sandbox.URL, "sandbox-key")
	held.Release()
	if err := <-done; !lever.IsUnauthorized(err) || !errors.Is(err, backend.ErrLeverLoginNeeded) {
		t.Fatalf("the old login's call: %v, want its 401", err)
	}
	if got := refused(); len(got) != 1 {
		t.Errorf("the replaced login's refusal was told: %v", got[1:])
	}
	if got := stageOf(t, c); got != "sandbox" {
		t.Errorf("the new login reached %q", got)
	}
}
