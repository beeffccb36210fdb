// Package secrets keeps what must never reach a log or a plain database
// column: API keys, webhook signature tokens, the Qualified path secret.
package secrets

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Names of the secrets the app keeps.
const (
	LeverSignatureToken = "lever_signature_token"
	QualifiedPathSecret = "qualified_path_secret"
	LeverAPIKey         = "lever_api_key"
	QualifiedAPIKey     = "qualified_api_key"
	// LeverOAuthLogin is the Lever login made with "Log in to Lever".
	LeverOAuthLogin = "lever_oauth_token"
	// LeverOAuthClientSecret is the team's Lever partner app's secret.
	LeverOAuthClientSecret = "lever_oauth_client_secret"
	// TunnelToken is the named Cloudflare tunnel's token.
	TunnelToken           = "tunnel_token"
	fileName              = "secrets.json"
	filePermission        = 0o600
	randomSecretByteCount = 32
)

// ErrNotFound is returned for a secret that was never stored.
var ErrNotFound = errors.New("secrets: not found")

// Store keeps named secrets.
type Store interface {
	Get(name string) (string, error)
	Set(name, value string) error
	Delete(name string) error
}

// File is a Store in a 0600 JSON file in the data folder: the fallback where
// no OS keychain exists. Writes replace the file atomically.
type File struct {
	mu   sync.Mutex
	path string
}

// NewFile returns the file store in dir.
func NewFile(dir string) *File {
	return &File{path: filepath.Join(dir, fileName)}
}

// Path is where the secrets live.
func (f *File) Path() string { return f.path }

func (f *File) read() (map[string]string, error) {
	b, err := os.ReadFile(f.path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("secrets: %s is damaged: %w", f.path, err)
	}
	return m, nil
}

func (f *File) write(m map[string]string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".secrets-*")
	if err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(filePermission); err != nil {
		tmp.Close()
		return fmt.Errorf("secrets: %w", err)
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("secrets: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("secrets: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	return nil
}

// Get returns a secret or ErrNotFound.
func (f *File) Get(name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.read()
	if err != nil {
		return "", err
	}
	v, ok := m[name]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

// Set stores a secret.
func (f *File) Set(name, value string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.read()
	if err != nil {
		return err
	}
	m[name] = value
	return f.write(m)
}

// Delete removes a secret; removing an absent one is no error.
func (f *File) Delete(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.read()
	if err != nil {
		return err
	}
	if _, ok := m[name]; !ok {
		return nil
	}
	delete(m, name)
	return f.write(m)
}

// GetOrCreate returns the named secret, creating a random one on first use.
func GetOrCreate(s Store, name string) (string, error) {
	v, err := s.Get(name)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	b := make([]byte, randomSecretByteCount)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	v = hex.EncodeToString(b)
	return v, s.Set(name, v)
}
