package app

import (
	"runtime"
	"runtime/debug"
)

// version and commit are set when a release is built:
//
//	-ldflags "-X github.com/assessbridge/assessbridge/app.version=1.2.0 -X github.com/assessbridge/assessbridge/app.commit=abc1234"
//
// A plain `go build` leaves them empty, and BuildVersion falls back on what Go
// recorded of the checkout it was built from.
var version, commit string

// Build is what a binary knows of itself: shown by `assessbridge version`,
// in Settings → About and in a diagnostics file.
type Build struct {
	Version  string `json:"version"`  // "1.2.0", or "dev" for a build from source
	Commit   string `json:"commit"`   // the commit it was built from, "" if unknown
	Modified bool   `json:"modified"` // built from a checkout with uncommitted changes
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	Go       string `json:"go"`
}

// BuildVersion reports this binary's version and commit.
func BuildVersion() Build {
	b := Build{Version: version, Commit: commit, OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version()}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" && len(s.Value) >= 12 {
					b.Commit = s.Value[:12]
				}
			case "vcs.modified":
				b.Modified = s.Value == "true" && commit == ""
			}
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	return b
}

// String is the line `assessbridge version` prints.
func (b Build) String() string {
	s := "assessbridge " + b.Version
	if b.Commit != "" {
		s += " (commit " + b.Commit
		if b.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return s + " " + b.OS + "/" + b.Arch + " " + b.Go
}
