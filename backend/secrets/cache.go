package secrets

import (
	"errors"
	"sync"
)

// Cache is a Store that remembers what it has read, so that a secret asked
// for on every webhook (the Lever signature token, the Qualified path
// secret) is not read again from the keychain or the file each time: a
// keychain call can take milliseconds and goes through the session bus. It
// writes through to the store beneath, and is right for as long as it is the
// only writer, which the data folder's lock makes it.
type Cache struct {
	store Store
	mu    sync.RWMutex
	known map[string]cached
}

type cached struct {
	value string
	found bool
}

func (k cached) get() (string, error) {
	if !k.found {
		return "", ErrNotFound
	}
	return k.value, nil
}

// NewCache returns a Cache over store.
func NewCache(store Store) *Cache {
	return &Cache{store: store, known: map[string]cached{}}
}

// Store is the store beneath.
func (c *Cache) Store() Store { return c.store }

// Get returns a secret or ErrNotFound, from memory after the first read.
// Errors other than ErrNotFound are not remembered: the next Get tries the
// store again.
func (c *Cache) Get(name string) (string, error) {
	c.mu.RLock()
	k, ok := c.known[name]
	c.mu.RUnlock()
	if ok {
		return k.get()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := c.known[name]; ok { // read meanwhile
		return k.get()
	}
	v, err := c.store.Get(name)
	switch {
	case errors.Is(err, ErrNotFound):
		c.known[name] = cached{}
	case err == nil:
		c.known[name] = cached{value: v, found: true}
	}
	return v, err
}

// Set stores a secret, then remembers it. A failed write forgets the name,
// so that the next Get asks the store what it now holds.
func (c *Cache) Set(name, value string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.store.Set(name, value); err != nil {
		delete(c.known, name)
		return err
	}
	c.known[name] = cached{value: value, found: true}
	return nil
}

// Delete removes a secret, then remembers it is gone.
func (c *Cache) Delete(name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.store.Delete(name); err != nil {
		delete(c.known, name)
		return err
	}
	c.known[name] = cached{}
	return nil
}
