package apicall_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/apicall"
)

// statusError is what the test API's DecodeError makes of a non-2xx answer.
type statusError int

func (e statusError) Error() string { return fmt.Sprintf("test: %d", int(e)) }

// answer is how the test server answers one attempt.
type answer func(w http.ResponseWriter)

func status(code int) answer {
	return func(w http.ResponseWriter) {
		w.WriteHeader(code)
		fmt.Fprint(w, `{"error":"x"}`)
	}
}

var (
	ok        answer = func(w http.ResponseWriter) { fmt.Fprint(w, `{"id":"a1"}`) }
	cutShort  answer = func(w http.ResponseWriter) { fmt.Fprint(w, `{"id":"a`) }
	hangUp    answer = func(w http.ResponseWriter) { panic(http.ErrAbortHandler) }
	noAnswers        = []answer{}
)

// serve starts an API that answers attempt n with answers[n] (the last one
// once they run out) and counts the attempts.
func serve(t *testing.T, answers []answer) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if len(answers) == 0 {
			ok(w)
			return
		}
		answers[min(i, len(answers)-1)](w)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func caller(baseURL string, cfg apicall.Config) *apicall.Caller {
	cfg.Name, cfg.Login.BaseURL = "test", baseURL
	cfg.DecodeError = func(s int, _ []byte) error { return statusError(s) }
	cfg.Policy = apicall.Policy{MaxAttempts: 4, BackoffBase: time.Millisecond, BackoffCap: 2 * time.Millisecond}
	return apicall.New(cfg)
}

// TestOnlyWhatIsSafeIsSentAgain walks the rule in the package comment: a
// write that may have happened goes back to its caller; a refusal before
// anything happened, or a repeatable call, is sent again.
func TestOnlyWhatIsSafeIsSentAgain(t *testing.T) {
	tests := []struct {
		name       string
		repeatable bool
		answers    []answer
		wantSent   int64
		wantErr    func(error) bool
	}{
		{"write answered 502 goes back", false, []answer{status(502), ok}, 1, isStatus(502)},
		{"write answered 504 goes back", false, []answer{status(504), ok}, 1, isStatus(504)},
		{"write whose connection drops goes back", false, []answer{hangUp, ok}, 1, anyErr},
		{"write answered cut short goes back", false, []answer{cutShort, ok}, 1, isMalformed},
		{"write refused with 429 is sent again", false, []answer{status(429), status(429), ok}, 3, nil},
		{"write answered 400 goes back", false, []answer{status(400), ok}, 1, isStatus(400)},
		{"repeatable call answered 502 is sent again", true, []answer{status(502), ok}, 2, nil},
		{"repeatable call whose connection drops is sent again", true, []answer{hangUp, ok}, 2, nil},
		{"repeatable call answered cut short is sent again", true, []answer{cutShort, ok}, 2, nil},
		{"repeatable call gives up after its attempts", true, []answer{status(503)}, 4, isStatus(503)},
		{"repeatable call answered 404 goes back", true, []answer{status(404), ok}, 1, isStatus(404)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, sent := serve(t, tt.answers)
			c := caller(srv.URL, apicall.Config{})
			var out struct{ ID string }
			err := c.Do(context.Background(), apicall.Call{Method: "POST", Path: "/things", Body: map[string]string{"a": "b"}, Repeatable: tt.repeatable}, &out)
			if n := sent.Load(); n != tt.wantSent {
				t.Errorf("sent %d times, want %d", n, tt.wantSent)
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("err = %v", err)
			case tt.wantErr == nil && out.ID != "a1":
				t.Errorf("decoded %+v", out)
			case tt.wantErr != nil && !tt.wantErr(err):
				t.Errorf("err = %v", err)
			}
			if st := c.Stats(); st.Requests != tt.wantSent || st.Retries != tt.wantSent-1 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func isStatus(code int) func(error) bool {
	return func(err error) bool {
		var s statusError
		return errors.As(err, &s) && int(s) == code
	}
}

func anyErr(err error) bool { return err != nil }

func isMalformed(err error) bool { return errors.Is(err, apicall.ErrMalformed) }

// A request that never left (nothing listens on the port) is sent again
// whatever it does.
func TestWriteThatNeverLeftIsSentAgain(t *testing.T) {
	srv, _ := serve(t, noAnswers)
	url := srv.URL
	srv.Close()
	c := caller(url, apicall.Config{})
	err := c.Do(context.Background(), apicall.Call{Method: "POST", Path: "/notes", Body: "x"}, nil)
	if err == nil {
		t.Fatal("a call to a closed port succeeded")
	}
	if st := c.Stats(); st.Requests != 4 {
		t.Errorf("stats %+v, want all 4 attempts", st)
	}
}

func TestRefusedCredentialsAreRenewedOnce(t *testing.T) {
	srv, sent := serve(t, []answer{status(401)})
	renewals := 0
	c := caller(srv.URL, apicall.Config{Login: apicall.Login{
		Authorize: func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", fmt.Sprintf("Bearer token-%d", renewals))
			return nil
		},
		Renew: func(refused *http.Request) bool {
			if refused.Header.Get("Authorization") != fmt.Sprintf("Bearer token-%d", renewals) {
				t.Errorf("renew told of %q", refused.Header.Get("Authorization"))
			}
			renewals++
			return true
		},
	}})
	err := c.Do(context.Background(), apicall.Call{Method: "POST", Path: "/notes"}, nil)
	if !isStatus(401)(err) || sent.Load() != 2 || renewals != 1 {
		t.Errorf("err %v after %d attempts and %d renewals, want 401 after 2 and 1", err, sent.Load(), renewals)
	}
}

func TestCredentialsThatCannotBeHadSendNothing(t *testing.T) {
	srv, sent := serve(t, noAnswers)
	gone := errors.New("login revoked")
	c := caller(srv.URL, apicall.Config{Login: apicall.Login{Authorize: func(context.Context, *http.Request) error { return gone }}})
	err := c.Do(context.Background(), apicall.Call{Method: "GET", Path: "/x", Repeatable: true}, nil)
	if !errors.Is(err, gone) || sent.Load() != 0 {
		t.Errorf("err %v after %d attempts, want the login error and none", err, sent.Load())
	}
}

// A DELETE whose first answer was lost, repeated, finds nothing left to
// delete: that is what was asked. A 404 on a first try is still an error.
func TestRepeatedDeleteThatFindsNothingIsDone(t *testing.T) {
	tests := []struct {
		name    string
		answers []answer
		wantErr bool
	}{
		{"502 then 404", []answer{status(502), status(404)}, false},
		{"connection dropped then 404", []answer{hangUp, status(404)}, false},
		{"429 then 404", []answer{status(429), status(404)}, true},
		{"404 at once", []answer{status(404)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := serve(t, tt.answers)
			c := caller(srv.URL, apicall.Config{})
			err := c.Do(context.Background(), apicall.Call{Method: "DELETE", Path: "/webhooks/w1", Repeatable: true}, nil)
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}

// keyLogin signs with key at baseURL.
func keyLogin(baseURL, key string) apicall.Login {
	return apicall.Login{BaseURL: baseURL, Authorize: func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", key)
		return nil
	}}
}

// A new login takes effect for the next call, and a call under way keeps
// the login it started with through its retries, even when the new login
// points at another server.
func TestSwappedLoginServesTheNextCallNotTheOneUnderWay(t *testing.T) {
	type seen struct{ server, key string }
	got := make(chan seen, 8)
	firstAnswered := make(chan struct{})
	proceed := make(chan struct{})
	var attempts atomic.Int64
	handler := func(server string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			got <- seen{server, r.Header.Get("Authorization")}
			if server == "old" && attempts.Add(1) == 1 {
				// The first attempt fails only once the login has been swapped.
				close(firstAnswered)
				<-proceed
				status(503)(w)
				return
			}
			ok(w)
		}
	}
	oldSrv := httptest.NewServer(handler("old"))
	t.Cleanup(oldSrv.Close)
	newSrv := httptest.NewServer(handler("new"))
	t.Cleanup(newSrv.Close)

	c := caller(oldSrv.URL, apicall.Config{Login: keyLogin("", "old-key")})
	done := make(chan error, 1)
	go func() {
		done <- c.Do(context.Background(), apicall.Call{Method: "GET", Path: "/x", Repeatable: true}, nil)
	}()
	<-firstAnswered
	c.SetLogin(keyLogin(newSrv.URL, "new-key"))
	close(proceed)
	if err := <-done; err != nil {
		t.Fatalf("the call under way: %v", err)
	}
	if err := c.Do(context.Background(), apicall.Call{Method: "GET", Path: "/x"}, nil); err != nil {
		t.Fatalf("the next call: %v", err)
	}
	close(got)
	var all []seen
	for s := range got {
		all = append(all, s)
	}
	want := []seen{{"old", "old-key"}, {"old", "old-key"}, {"new", "new-key"}}
	if fmt.Sprint(all) != fmt.Sprint(want) {
		t.Errorf("attempts went to %v, want %v", all, want)
	}
}

// A call given the login it started with (Caller.Login) keeps it however
// often the login is swapped, and the caller can tell afterwards whether
// it is still the current one.
func TestCallPinnedToALogin(t *testing.T) {
	srv, _ := serve(t, noAnswers)
	c := caller(srv.URL, apicall.Config{})
	pinned := c.Login()
	c.SetLogin(apicall.Login{BaseURL: "http://127.0.0.1:1"})
	if err := c.Do(context.Background(), apicall.Call{Method: "GET", Path: "/x", Login: pinned}, nil); err != nil {
		t.Fatalf("the pinned call: %v", err)
	}
	if c.Login() == pinned {
		t.Error("the swapped login still reads as the pinned one")
	}
}
