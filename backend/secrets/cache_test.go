package secrets

import (
	"errors"
	"os"
	"sync"
	"testing"
)

// countingStore counts the reads that reach the file.
type countingStore struct {
	*File
	mu    sync.Mutex
	reads int
}

func (s *countingStore) Get(name string) (string, error) {
	s.mu.Lock()
	s.reads++
	s.mu.Unlock()
	return s.File.Get(name)
}

func TestCacheReadsTheStoreOncePerSecretAndWritesThrough(t *testing.T) {
	dir := t.TempDir()
	under := &countingStore{File: NewFile(dir)}
	if err := under.Set(LeverSignatureToken, "tok-1"); err != nil {
		t.Fatal(err)
	}
	c := NewCache(under)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := c.Get(LeverSignatureToken); err != nil || v != "tok-1" {
				t.Errorf("Get: %q, %v", v, err)
			}
			if _, err := c.Get(QualifiedAPIKey); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get of a secret never stored: %v, want ErrNotFound", err)
			}
		}()
	}
	wg.Wait()
	if under.reads != 2 {
		t.Fatalf("%d reads of the store for 2 secrets asked 100 times, want 2", under.reads)
	}

	if err := c.Set(LeverSignatureToken, "tok-2"); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Get(LeverSignatureToken); err != nil || v != "tok-2" {
		t.Fatalf("after Set: %q, %v", v, err)
	}
	if v, err := NewFile(dir).Get(LeverSignatureToken); err != nil || v != "tok-2" {
		t.Fatalf("Set did not reach the file: %q, %v", v, err)
	}
	if err := c.Delete(LeverSignatureToken); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(LeverSignatureToken); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after Delete: %v, want ErrNotFound", err)
	}
	if _, err := NewFile(dir).Get(LeverSignatureToken); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete did not reach the file: %v", err)
	}
	if under.reads != 2 {
		t.Fatalf("%d reads of the store, want still 2: what was written is known", under.reads)
	}
}

func TestCacheDoesNotRememberAFailedRead(t *testing.T) {
	dir := t.TempDir()
	under := NewFile(dir)
	if err := os.WriteFile(under.Path(), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := NewCache(under)
	if _, err := c.Get(LeverSignatureToken); err == nil || errors.Is(err, ErrNotFound) {
		t.Fatalf("damaged file: %v, want its error", err)
	}
	if err := c.Set(LeverSignatureToken, "tok"); err == nil {
		t.Fatal("damaged file overwritten")
	}
	if err := os.WriteFile(under.Path(), []byte(`{"lever_signature_token":"fixed"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Get(LeverSignatureToken); err != nil || v != "fixed" {
		t.Fatalf("after the file is mended: %q, %v, want the file's value", v, err)
	}
}
