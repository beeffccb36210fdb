package apicall_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/apicall"
)

// With Throttled set, a 429 is told to the pace, and the call is sent again
// through Wait, with no backoff of its own: the pace decides when.
func TestA429IsToldToThePaceWhichDecidesWhenTheCallGoesAgain(t *testing.T) {
	srv, sent := serve(t, []answer{status(429), status(429), ok})
	var throttled, waits atomic.Int64
	c := caller(srv.URL, apicall.Config{
		Wait:      func(context.Context) error { waits.Add(1); return nil },
		Throttled: func() { throttled.Add(1) },
	})
	c.SetBackoff(time.Hour, time.Hour) // the call's own backoff would never end
	if err := c.Do(context.Background(), apicall.Call{Method: http.MethodPost, Path: "/notes", Body: map[string]string{"v": "x"}}, nil); err != nil {
		t.Fatal(err)
	}
	if sent.Load() != 3 || throttled.Load() != 2 || waits.Load() != 3 {
		t.Fatalf("sent %d, throttled %d, waited %d; want 3, 2, 3", sent.Load(), throttled.Load(), waits.Load())
	}
	if st := c.Stats(); st.RateLimited != 2 || st.Retries != 2 {
		t.Errorf("stats %+v", st)
	}
}
