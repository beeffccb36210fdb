package app

import (
	"errors"
	"fmt"
	"path/filepath"

	"golang.org/x/sys/windows/registry"
)

// Where Windows keeps what starts at login, for this user, and the switch
// its Task Manager and Settings turn such an entry off with.
const (
	runKey             = `Software\Microsoft\Windows\CurrentVersion\Run`
	startupApprovedKey = `Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run`
)

// runKeyAutostart is the value "assessbridge" under HKCU\...\Run.
type runKeyAutostart struct{}

func platformAutostart(func(string) string) (autostarter, error) { return runKeyAutostart{}, nil }

func (runKeyAutostart) Enabled() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer k.Close()
	if _, _, err := k.GetStringValue(autostartName); errors.Is(err, registry.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	off, err := startupApprovedValue()
	if err != nil {
		return false, err
	}
	return !startupApprovedOff(off), nil
}

// startupApprovedValue is Windows' switch for our Run value, nil without one.
func startupApprovedValue() ([]byte, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, startupApprovedKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer k.Close()
	v, _, err := k.GetBinaryValue(autostartName)
	if errors.Is(err, registry.ErrNotExist) {
		return nil, nil
	}
	return v, err
}

// clearStartupApproved removes Windows' switch for our Run value: without
// one the entry is on.
func clearStartupApproved() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, startupApprovedKey, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer k.Close()
	if err := k.DeleteValue(autostartName); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return err
	}
	return nil
}

func (runKeyAutostart) Enable(exe string) error {
	if !filepath.IsAbs(exe) {
		return fmt.Errorf("the program's path %q is not absolute", exe)
	}
	v, err := windowsRunValue(exe)
	if err != nil {
		return err
	}
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	if err := k.SetStringValue(autostartName, v); err != nil {
		return err
	}
	// Turned off earlier in Task Manager, it would stay off.
	return clearStartupApproved()
}

func (runKeyAutostart) Disable() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil && !errors.Is(err, registry.ErrNotExist) {
		return err
	}
	if err == nil {
		defer k.Close()
		if err := k.DeleteValue(autostartName); err != nil && !errors.Is(err, registry.ErrNotExist) {
			return err
		}
	}
	return clearStartupApproved()
}
