//go:build !unix

package app

// lockDataDir is a no-op where flock is unavailable; the desktop window's
// single-instance lock still keeps a second window away.
func lockDataDir(string) (func(), error) { return func() {}, nil }
