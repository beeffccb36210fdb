package lever

import "time"

// SetBackoff shrinks a client's retry delays so tests of exhausted retries
// stay fast.
func SetBackoff(c *Client, base, ceil time.Duration) {
	c.api.SetBackoff(base, ceil)
}

// SetOAuthClock makes cfg, and token sources made from it, read time from
// now, so tests can move expiry closer without waiting.
func SetOAuthClock(cfg *OAuthConfig, now func() time.Time) {
	cfg.now = now
}
