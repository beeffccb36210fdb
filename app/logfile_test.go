package app

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a stderr that many goroutines may write at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != want {
		t.Errorf("%s has mode %v, want %v", path, fi.Mode().Perm(), want)
	}
}

func TestLogFileRotatesBySizeAndKeepsThreeOldFiles(t *testing.T) {
	dir := t.TempDir()
	var stderr lockedBuffer
	const limit = 2000
	log, sink, err := newLoggerSized(dir, &stderr, slog.LevelInfo, limit, 3)
	if err != nil {
		t.Fatal(err)
	}
	const lines = 200
	for i := range lines {
		log.Info("line", "n", i)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	path := LogFilePath(dir)
	if path != filepath.Join(dir, "logs", "assessbridge.log") {
		t.Fatalf("log file at %s", path)
	}
	wantMode(t, filepath.Dir(path), 0o700)
	// The newest lines are in the log, the ones before in .1, .2 and .3,
	// each file under the limit and each line whole; older ones are gone.
	var all []string
	for _, p := range []string{path + ".3", path + ".2", path + ".1", path} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > limit || len(b) == 0 {
			t.Errorf("%s holds %d bytes, want 1 to %d", p, len(b), limit)
		}
		if !bytes.HasSuffix(b, []byte("\n")) {
			t.Errorf("%s ends in the middle of a line", p)
		}
		wantMode(t, p, 0o600)
		all = append(all, strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")...)
	}
	if _, err := os.Stat(path + ".4"); !os.IsNotExist(err) {
		t.Errorf("a fourth old file was kept: %v", err)
	}
	first := lines - len(all)
	if first <= 0 {
		t.Fatalf("all %d lines are still kept: nothing rotated away", lines)
	}
	for i, l := range all {
		if !strings.HasSuffix(l, fmt.Sprintf("msg=line n=%d", first+i)) {
			t.Fatalf("line %d of the kept files is %q, want line %d: lines are lost or out of order", i, l, first+i)
		}
	}
	// stderr still gets everything, as before there was a file.
	if n := strings.Count(stderr.String(), "msg=line"); n != lines {
		t.Errorf("stderr got %d lines, want %d", n, lines)
	}
}

func TestLogFileAndFolderAreMadePrivateWhenFoundOpen(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps files private by the profile folder's access list, not by modes")
	}
	dir := t.TempDir()
	path := LogFilePath(dir)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + ".1"} {
		if err := os.WriteFile(p, []byte("earlier\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(filepath.Dir(path), 0o755)
	log, sink, err := newLogger(dir, nil, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("later")
	sink.Close()
	wantMode(t, filepath.Dir(path), 0o700)
	wantMode(t, path, 0o600)
	wantMode(t, path+".1", 0o600)
	b, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(b), "earlier\n") || !strings.Contains(string(b), "msg=later") {
		t.Errorf("the log was not appended to: %q", b)
	}
}

func TestLoggerWithoutAFileStillWritesToStderr(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a file in the way of the folder is refused alike, but the test relies on unix errors")
	}
	dir := t.TempDir()
	// A file where the logs folder should be.
	if err := os.WriteFile(filepath.Join(dir, LogFolder), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	log, sink, err := newLogger(dir, &stderr, slog.LevelInfo)
	if err == nil {
		t.Fatal("no error for a log folder that cannot be made")
	}
	log.Info("still said")
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "still said") {
		t.Errorf("stderr: %q", stderr.String())
	}
}

func TestLogSinkHidesKnownSecretsInEveryForm(t *testing.T) {
	dir := t.TempDir()
	var stderr lockedBuffer
	log, sink, err := newLogger(dir, &stderr, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	secret := "s3cret/with space+plus&amp"
	replaced := "old-key-0123456789abcdef"
	current := []string{replaced, secret}
	var mu sync.Mutex
	sink.hide(dir, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), current...)
	})
	log.Info("a call failed", "err", fmt.Errorf("Get \"https://example.com/x?key=%s\": refused", url.QueryEscape(secret)))
	log.Warn("path "+url.PathEscape(secret), "raw", secret, "quoted", `"`+secret+`"`)
	log.Info("key " + replaced)
	// The key is replaced in Setup: the old one stays hidden.
	mu.Lock()
	current = []string{secret}
	mu.Unlock()
	time.Sleep(secretsRefresh + 100*time.Millisecond)
	log.Info("after the change", "old", replaced)
	sink.Close()
	file, _ := os.ReadFile(LogFilePath(dir))
	for name, out := range map[string]string{"log file": string(file), "stderr": stderr.String()} {
		if found := leaks(out, map[string]string{"secret": secret, "replaced key": replaced}); len(found) > 0 {
			t.Errorf("%s shows %v:\n%s", name, found, out)
		}
		if n := strings.Count(out, hiddenSecret); n < 6 {
			t.Errorf("%s hides %d values, want 6 or more:\n%s", name, n, out)
		}
		if !strings.Contains(out, "a call failed") || !strings.Contains(out, "after the change") {
			t.Errorf("%s lost the lines themselves:\n%s", name, out)
		}
	}
}

func TestLogSinkDoesNotWaitForASecretStoreThatHangs(t *testing.T) {
	dir := t.TempDir()
	log, sink, err := newLogger(dir, nil, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	release := make(chan struct{})
	defer close(release)
	sink.hide(dir, func() []string { <-release; return nil })
	began := time.Now()
	for range 50 {
		log.Info("line")
	}
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("50 lines took %s while the secret store hung", took)
	}
	b, _ := os.ReadFile(LogFilePath(dir))
	if n := strings.Count(string(b), "msg=line"); n != 50 {
		t.Errorf("%d lines written, want 50", n)
	}
}

func TestLogFileRotatedByAnotherWriterIsNotRotatedAgain(t *testing.T) {
	dir := t.TempDir()
	path := LogFilePath(dir)
	first, err := openRotatingFile(path, 100, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := openRotatingFile(path, 100, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	line := []byte(strings.Repeat("a", 59) + "\n")
	first.Write(line)
	second.Write(line)
	second.Write(line) // rotates: the log, with both lines, becomes .1
	first.Write(line)  // its size says rotate, but the file was rotated already
	for p, want := range map[string]int{path + ".1": 2, path: 2, path + ".2": -1} {
		b, err := os.ReadFile(p)
		switch {
		case want < 0 && !os.IsNotExist(err):
			t.Errorf("%s exists: both writers rotated", p)
		case want >= 0 && strings.Count(string(b), "\n") != want:
			t.Errorf("%s holds %d lines, want %d", p, strings.Count(string(b), "\n"), want)
		}
	}
}

func TestLogSinkHidesTheSecretsOfEveryDataFolderOnIt(t *testing.T) {
	dir := t.TempDir()
	log, sink, err := newLogger(dir, nil, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	// The desktop window's real workspace and its demo, on one log.
	sink.hide("real", func() []string { return []string{"real-key-0123456789"} })
	sink.hide("demo", func() []string { return []string{"demo-key-0123456789"} })
	log.Info("keys", "real", "real-key-0123456789", "demo", "demo-key-0123456789")
	// The real workspace is opened again, with another key.
	sink.hide("real", func() []string { return []string{"new-real-key-0123456789"} })
	log.Info("again", "new", "new-real-key-0123456789", "demo", "demo-key-0123456789")
	sink.Close()
	b, _ := os.ReadFile(LogFilePath(dir))
	if found := leaks(string(b), map[string]string{"real": "real-key-0123456789", "demo": "demo-key-0123456789", "new": "new-real-key-0123456789"}); len(found) > 0 {
		t.Errorf("the log shows %v:\n%s", found, b)
	}
	if n := strings.Count(string(b), hiddenSecret); n != 4 {
		t.Errorf("%d values hidden, want 4:\n%s", n, b)
	}
}
