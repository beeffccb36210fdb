package lever

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// The pace: Lever allows 10 requests a second per key with bursts to 20.
// Running just under both uses what Lever allows: at 9.8 a second Lever's
// bucket gains 0.2 tokens a second on ours, and a burst of 17 leaves Lever 3
// tokens, so a request held up to 0.3 s on its way (a busy machine, a slow
// connection) and then sent together with the next ones is still inside
// Lever's limit. A bulk move then costs about calls ÷ 9.8 seconds, 2 % over
// Lever's own bound, where 9 a second with bursts of 10 cost 11 %. Should
// Lever still refuse one (another integration on the same key), the limiter
// pauses every caller (see Throttled). This is the one place the pace is
// set: the app and every client without a limiter of its own use it.
const (
	DefaultRatePerSecond = 9.8
	DefaultBurst         = 17
)

// The pause after a 429: Lever sends no Retry-After, so the first refusal
// pauses every request on the key for about pauseBase, each further refusal
// within pauseCalm of the last doubles it, up to pauseCap; each pause is
// jittered to between half and all of it, so that clients sharing a key do
// not come back in step. Lever's bucket earns 10 tokens in a second, so
// pausing longer rarely helps and only delays the candidates.
const (
	pauseBase = 250 * time.Millisecond
	pauseCap  = time.Second
	pauseCalm = 10 * time.Second
)

// Limiter paces requests to Lever: a token bucket of perSecond tokens a
// second holding at most burst, which every request takes one token from.
// Lever's bucket is per API key, so share one Limiter among every Client
// that uses the same key. It is safe for concurrent use.
type Limiter struct {
	mu     sync.Mutex
	rate   float64 // tokens a second
	burst  float64
	tokens float64 // may be negative: requests already promised a later turn
	last   time.Time
	// pausedUntil is when the pause after a 429 ends; epoch counts the
	// pauses, so a request promised a turn before one queues again after it.
	pausedUntil time.Time
	epoch       uint64
	strikes     int
	lastStrike  time.Time
	// now and jitter are time.Now and a uniform pick below d, but for tests.
	now    func() time.Time
	jitter func(d time.Duration) time.Duration
}

// NewLimiter returns a limiter allowing perSecond requests a second with
// bursts of burst. Zero or negative values take DefaultRatePerSecond and
// DefaultBurst.
func NewLimiter(perSecond float64, burst int) *Limiter {
	if perSecond <= 0 {
		perSecond = DefaultRatePerSecond
	}
	if burst <= 0 {
		burst = DefaultBurst
	}
	return &Limiter{rate: perSecond, burst: float64(burst), tokens: float64(burst), last: time.Now(),
		now: time.Now, jitter: func(d time.Duration) time.Duration { return rand.N(d) }}
}

// Wait blocks until a request may be sent or ctx is done. A wait that would
// outlast ctx's deadline is refused at once, as context.DeadlineExceeded.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		l.mu.Lock()
		now := l.now()
		if now.Before(l.pausedUntil) {
			wait := l.pausedUntil.Sub(now)
			l.mu.Unlock()
			if err := sleep(ctx, now, wait); err != nil {
				return err
			}
			continue
		}
		l.refill(now)
		l.tokens--
		if l.tokens >= 0 {
			l.mu.Unlock()
			return nil
		}
		wait := time.Duration(-l.tokens / l.rate * float64(time.Second))
		epoch := l.epoch
		l.mu.Unlock()
		err := sleep(ctx, now, wait)
		l.mu.Lock()
		again := l.epoch != epoch
		if err != nil && !again {
			// The turn is not taken: the token goes back for the next one.
			l.tokens++
		}
		l.mu.Unlock()
		if err != nil {
			return err
		}
		if !again {
			return nil
		}
		// A pause began while this request waited its turn: it queues
		// again once the pause is over.
	}
}

// refill adds the tokens earned since the last refill. l.mu held.
func (l *Limiter) refill(now time.Time) {
	if elapsed := now.Sub(l.last).Seconds(); elapsed > 0 {
		l.tokens = min(l.burst, l.tokens+elapsed*l.rate)
		l.last = now
	}
}

// Throttled is told of each 429 Lever answers. Every request on the key
// then pauses, the first time for about pauseBase, doubling with each
// further refusal that comes within pauseCalm of the last (up to pauseCap);
// after the pause requests go at the steady pace, without a burst, and the
// burst comes back as the bucket fills again. A 429 answering a request
// sent before the pause began changes nothing: the pause is already on.
func (l *Limiter) Throttled() {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Before(l.pausedUntil) {
		return
	}
	if now.Sub(l.lastStrike) > pauseCalm {
		l.strikes = 0
	}
	l.strikes++
	l.lastStrike = now
	d := pauseCap
	if l.strikes < 8 {
		d = min(pauseCap, pauseBase<<(l.strikes-1))
	}
	d = d/2 + l.jitter(d/2)
	l.pausedUntil = now.Add(d)
	l.tokens, l.last = 0, l.pausedUntil
	l.epoch++
}

// sleep waits d from now, or until ctx is done. A wait that would end after
// ctx's deadline is refused at once.
func sleep(ctx context.Context, now time.Time, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if deadline, ok := ctx.Deadline(); ok && now.Add(d).After(deadline) {
		return fmt.Errorf("%w: the Lever rate limit's wait of %s would outlast the deadline", context.DeadlineExceeded, d.Round(time.Millisecond))
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
