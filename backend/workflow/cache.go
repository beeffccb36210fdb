package workflow

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
)

// cache keeps the assessment list and postings for a short while: a burst of
// candidates for one job costs one posting read, not one each. Reads that
// miss together wait for one call rather than each making their own.
type cache struct {
	ttl time.Duration
	now func() time.Time

	mu            sync.Mutex
	assessments   []backend.Assessment
	assessmentsAt time.Time
	// assessmentsGen counts forgets: a read begun before one is neither
	// joined nor kept after it.
	assessmentsGen int
	postings       map[string]cachedPosting
	inFlight       map[string]*fetch
}

// fetch is a read under way that others may wait for.
type fetch struct {
	done chan struct{}
	val  any
	err  error
}

// once runs read for key unless a read for key is already under way, in
// which case it waits for that one's outcome.
func (c *cache) once(ctx context.Context, key string, read func() (any, error)) (any, error) {
	c.mu.Lock()
	if f, ok := c.inFlight[key]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
			return f.val, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &fetch{done: make(chan struct{})}
	c.inFlight[key] = f
	c.mu.Unlock()
	f.val, f.err = read()
	c.mu.Lock()
	delete(c.inFlight, key)
	c.mu.Unlock()
	close(f.done)
	return f.val, f.err
}

type cachedPosting struct {
	posting *lever.Posting
	at      time.Time
}

func newCache(ttl time.Duration, now func() time.Time) *cache {
	return &cache{ttl: ttl, now: now, postings: map[string]cachedPosting{}, inFlight: map[string]*fetch{}}
}

// Assessments returns the account's assessments, re-reading them when stale.
func (c *cache) Assessments(ctx context.Context, p backend.Provider) ([]backend.Assessment, error) {
	c.mu.Lock()
	if c.assessments != nil && c.now().Sub(c.assessmentsAt) < c.ttl {
		a := c.assessments
		c.mu.Unlock()
		return a, nil
	}
	gen := c.assessmentsGen
	c.mu.Unlock()
	v, err := c.once(ctx, "assessments#"+strconv.Itoa(gen), func() (any, error) {
		a, err := p.Assessments(ctx)
		if err == nil {
			c.mu.Lock()
			if c.assessmentsGen == gen {
				c.assessments, c.assessmentsAt = a, c.now()
			}
			c.mu.Unlock()
		}
		return a, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]backend.Assessment), nil
}

// forgetAssessments drops the cached list: the next read asks again, and a
// read already under way (perhaps of another account) is not kept.
func (c *cache) forgetAssessments() {
	c.mu.Lock()
	c.assessments = nil
	c.assessmentsGen++
	c.mu.Unlock()
}

// Assessment returns one assessment from the cached list.
func (c *cache) Assessment(ctx context.Context, p backend.Provider, id string) (backend.Assessment, bool) {
	all, err := c.Assessments(ctx, p)
	if err != nil {
		return backend.Assessment{}, false
	}
	for _, a := range all {
		if a.ID == id {
			return a, true
		}
	}
	return backend.Assessment{}, false
}

// Posting returns a posting, re-reading it when stale.
func (c *cache) Posting(ctx context.Context, l Lever, id string) (*lever.Posting, error) {
	c.mu.Lock()
	if cp, ok := c.postings[id]; ok && c.now().Sub(cp.at) < c.ttl {
		c.mu.Unlock()
		return cp.posting, nil
	}
	c.mu.Unlock()
	v, err := c.once(ctx, "posting "+id, func() (any, error) {
		p, err := l.Posting(ctx, id)
		if err == nil {
			c.mu.Lock()
			c.postings[id] = cachedPosting{posting: p, at: c.now()}
			c.mu.Unlock()
		}
		return p, err
	})
	if err != nil {
		return nil, err
	}
	return v.(*lever.Posting), nil
}
