package app

import (
	"runtime"
	"strings"
	"testing"
)

// A release says which version and commit it is; a build from source says
// "dev" rather than pretend to be a release.
func TestEveryBinaryKnowsItsVersionAndCommit(t *testing.T) {
	defer func(v, c string) { version, commit = v, c }(version, commit)
	version, commit = "", ""
	if b := BuildVersion(); b.Version != "dev" || b.OS != runtime.GOOS || b.Arch != runtime.GOARCH {
		t.Errorf("a build without a version: %+v", b)
	}
	version, commit = "1.2.3", "0123456789ab"
	b := BuildVersion()
	if b.Version != "1.2.3" || b.Commit != "0123456789ab" || b.Modified {
		t.Errorf("a release build: %+v", b)
	}
	if s := b.String(); !strings.HasPrefix(s, "assessbridge 1.2.3 (commit 0123456789ab) "+runtime.GOOS+"/"+runtime.GOARCH) {
		t.Errorf("version line %q", s)
	}
}
