package secrets

import (
	"errors"
	"os"
	"testing"
)

func TestFileKeepsSecretsPrivateAndAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	s := NewFile(dir)
	if _, err := s.Get(LeverSignatureToken); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get on empty store: %v, want ErrNotFound", err)
	}
	if err := s.Set(LeverSignatureToken, "tok"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file mode %v, want 0600", st.Mode().Perm())
	}
	again := NewFile(dir)
	if v, err := again.Get(LeverSignatureToken); err != nil || v != "tok" {
		t.Fatalf("after reopen: %q, %v", v, err)
	}
	first, err := GetOrCreate(again, QualifiedPathSecret)
	if err != nil || len(first) != 64 {
		t.Fatalf("GetOrCreate: %q, %v", first, err)
	}
	second, _ := GetOrCreate(s, QualifiedPathSecret)
	if first != second {
		t.Fatal("GetOrCreate made a second secret")
	}
	if err := s.Delete(LeverSignatureToken); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(LeverSignatureToken); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestFileRefusesDamagedFile(t *testing.T) {
	dir := t.TempDir()
	s := NewFile(dir)
	if err := os.WriteFile(s.Path(), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("x"); err == nil {
		t.Fatal("damaged file read without error")
	}
	if err := s.Set("x", "y"); err == nil {
		t.Fatal("damaged file overwritten: secrets would be lost")
	}
}
