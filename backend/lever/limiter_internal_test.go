package lever

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// waitAll has n requests wait on l at once and returns when each was let
// go, measured from start, in the order they went.
func waitAll(t *testing.T, l *Limiter, n int, start time.Time) []time.Duration {
	t.Helper()
	var mu sync.Mutex
	var out []time.Duration
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if err := l.Wait(context.Background()); err != nil {
				t.Error(err)
			}
			mu.Lock()
			out = append(out, time.Since(start))
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

func TestLimiterSpendsItsBurstThenKeepsItsPace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewLimiter(10, 5)
		got := waitAll(t, l, 15, time.Now())
		for i, d := range got {
			want := time.Duration(0)
			if i >= 5 {
				want = time.Duration(i-4) * 100 * time.Millisecond
			}
			if d < want-time.Millisecond || d > want+time.Millisecond {
				t.Errorf("request %d went at %s, want %s", i, d, want)
			}
		}
	})
}

// A 429 pauses every request on the key; further 429s soon after pause
// longer, up to the cap; after a calm spell the pause is short again. After
// each pause requests go at the steady pace, not in a burst.
func TestLimiterPausesEveryoneOnA429AndRecovers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewLimiter(10, 5)
		l.jitter = func(d time.Duration) time.Duration { return d - 1 } // the longest pause
		start := time.Now()
		// A request already promised a later turn when the 429 comes.
		waitAll(t, l, 5, start)
		promised := make(chan time.Duration)
		go func() {
			l.Wait(context.Background())
			promised <- time.Since(start)
		}()
		synctest.Wait()
		l.Throttled()
		// A 429 for a request sent before the pause changes nothing.
		l.Throttled()
		if got := l.pausedUntil.Sub(start); got != pauseBase-time.Nanosecond {
			t.Fatalf("first pause ends after %s, want about %s", got, pauseBase)
		}
		// Queued again after the pause, at the steady pace: one token's time.
		if got, want := <-promised, pauseBase+100*time.Millisecond; got < want-time.Millisecond || got > want+time.Millisecond {
			t.Errorf("the request promised a turn went at %s, want %s", got, want)
		}
		got := waitAll(t, l, 3, start)
		for i, d := range got {
			want := pauseBase + time.Duration(i+2)*100*time.Millisecond
			if d < want-time.Millisecond || d > want+time.Millisecond {
				t.Errorf("after the pause, request %d went at %s, want %s (no burst)", i, d, want)
			}
		}
		// Refused again and again: the pause doubles, up to its cap.
		var pauses []time.Duration
		for range 6 {
			now := time.Now()
			l.Throttled()
			pauses = append(pauses, l.pausedUntil.Sub(now))
			time.Sleep(l.pausedUntil.Sub(now))
		}
		want := []time.Duration{2 * pauseBase, 4 * pauseBase, pauseCap, pauseCap, pauseCap, pauseCap}
		for i := range want {
			if pauses[i] != want[i]-time.Nanosecond {
				t.Errorf("pause %d: %s, want %s", i+2, pauses[i], want[i])
			}
		}
		// After a calm spell, the burst is back and the next 429 pauses
		// for the shortest time again.
		time.Sleep(pauseCalm + time.Second)
		t0 := time.Now()
		for i, d := range waitAll(t, l, 5, t0) {
			if d != 0 {
				t.Errorf("after the calm, request %d of the burst waited %s", i, d)
			}
		}
		l.Throttled()
		if got := l.pausedUntil.Sub(t0); got != pauseBase-time.Nanosecond {
			t.Errorf("after the calm the pause is %s, want about %s", got, pauseBase)
		}
	})
}

func TestLimiterJitterKeepsPausesBetweenHalfAndAll(t *testing.T) {
	l := NewLimiter(10, 5)
	for range 200 {
		now := time.Now()
		l.mu.Lock()
		l.pausedUntil, l.strikes = time.Time{}, 0
		l.mu.Unlock()
		l.Throttled()
		if d := l.pausedUntil.Sub(now); d < pauseBase/2 || d > pauseBase+50*time.Millisecond {
			t.Fatalf("pause %s, want between %s and %s", d, pauseBase/2, pauseBase)
		}
	}
}

func TestLimiterRefusesAWaitBeyondTheDeadlineAndGivesTheTurnBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewLimiter(10, 1)
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		if err := l.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want deadline exceeded", err)
		}
		start := time.Now()
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d != 100*time.Millisecond {
			t.Errorf("the next request waited %s, want 100ms: the refused wait kept its turn", d)
		}
	})
}
