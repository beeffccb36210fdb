package lever

import "time"

// SetBackoff shrinks a client's retry delays so tests of exhausted retries
// stay fast.
func SetBackoff(c *Client, base, ceil time.Duration) {
	c.backoffBase, c.backoffCap = base, ceil
}
