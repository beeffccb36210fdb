package lever

import (
	"context"
	"fmt"

	"golang.org/x/time/rate"
)

// The pace: Lever allows 10 requests a second per key with bursts to 20;
// staying under both makes a 429 the exception and leaves room for clock
// skew and other callers. This is the one place the pace is set: the app
// and every client without a limiter of its own use it.
const (
	DefaultRatePerSecond = 9
	DefaultBurst         = 10
)

// Limiter paces requests to Lever. Lever's bucket is per API key, so share
// one Limiter among every Client that uses the same key.
type Limiter struct {
	l *rate.Limiter
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
	return &Limiter{l: rate.NewLimiter(rate.Limit(perSecond), burst)}
}

// Wait blocks until a request may be sent or ctx is done.
func (l *Limiter) Wait(ctx context.Context) error {
	err := l.l.Wait(ctx)
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if _, ok := ctx.Deadline(); ok {
		// The limiter refuses early when the wait would outlast the
		// deadline; callers see it as the deadline it is.
		return fmt.Errorf("%w: %v", context.DeadlineExceeded, err)
	}
	return err
}
