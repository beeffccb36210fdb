package secrets

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/zalando/go-keyring"
)

// ServiceName is the keychain service every assessbridge item is filed
// under, before the per-data-folder suffix.
const ServiceName = "assessbridge"

// Keychain is a Store in the operating system's keychain: the macOS
// Keychain, the Windows Credential Manager, or a Secret Service (GNOME
// Keyring, KWallet) on Linux. Each secret is one item, named by the secret's
// name, under one service.
type Keychain struct {
	service string
}

// NewKeychain returns the keychain store for service. Open derives the
// service from the data folder; see ServiceFor.
func NewKeychain(service string) *Keychain {
	return &Keychain{service: service}
}

// ServiceFor returns the keychain service for a data folder:
// "assessbridge:" and a short hash of the folder's absolute path, so that a
// demo or a second data folder never reads or overwrites another's keys.
func ServiceFor(dataDir string) string {
	sum := sha256.Sum256([]byte(absolute(dataDir)))
	return ServiceName + ":" + hex.EncodeToString(sum[:6])
}

// Service is the keychain service the secrets are filed under.
func (k *Keychain) Service() string { return k.service }

// Get returns a secret or ErrNotFound.
func (k *Keychain) Get(name string) (string, error) {
	v, err := keyring.Get(k.service, name)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("secrets: keychain: %w", err)
	}
	return v, nil
}

// Set stores a secret.
func (k *Keychain) Set(name, value string) error {
	if err := keyring.Set(k.service, name, value); err != nil {
		return fmt.Errorf("secrets: keychain: %w", err)
	}
	return nil
}

// Delete removes a secret; removing an absent one is no error.
func (k *Keychain) Delete(name string) error {
	err := keyring.Delete(k.service, name)
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("secrets: keychain: %w", err)
	}
	return nil
}

// check writes, reads back and deletes a throwaway item: a keychain that
// cannot do all three is no place for keys.
func (k *Keychain) check() error {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	name, want := "probe-"+hex.EncodeToString(b), "ok"
	if err := k.Set(name, want); err != nil {
		return err
	}
	got, err := k.Get(name)
	if err != nil {
		_ = k.Delete(name)
		return err
	}
	if err := k.Delete(name); err != nil {
		return err
	}
	if got != want {
		return errors.New("secrets: keychain returned a different value than was stored")
	}
	return nil
}
