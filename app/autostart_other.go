//go:build !linux && !darwin && !windows

package app

func platformAutostart(func(string) string) (autostarter, error) { return nil, errNoAutostart }
