package app

import (
	"bytes"
	"context"
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
	log, sink := newLoggerSized(dir, &stderr, slog.LevelInfo, limit, 3)
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
	log, sink := newLogger(dir, nil, slog.LevelInfo)
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

func TestLoggerWithoutAFileStillWritesToStderrAndSaysWhy(t *testing.T) {
	dir := t.TempDir()
	// A file where the logs folder should be.
	if err := os.WriteFile(filepath.Join(dir, LogFolder), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	log, sink := newLogger(dir, &stderr, slog.LevelInfo)
	log.Info("still said")
	log.Info("said again")
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	out := stderr.String()
	if !strings.Contains(out, "still said") || !strings.Contains(out, "said again") {
		t.Errorf("stderr lost lines: %q", out)
	}
	if n := strings.Count(out, "cannot be written"); n != 1 {
		t.Errorf("stderr says %d times that the log file cannot be written, want once: %q", n, out)
	}
}

func TestLogFileIsMadeOnlyAtTheFirstLine(t *testing.T) {
	dir := t.TempDir()
	log, sink := newLogger(dir, nil, slog.LevelInfo)
	defer sink.Close()
	// Until something is logged the data folder holds nothing of the log's:
	// the store's privacy check (which counts only assessbridge's own files)
	// runs before the first line.
	if _, err := os.Stat(filepath.Join(dir, LogFolder)); !os.IsNotExist(err) {
		t.Fatalf("the logs folder exists before any line: %v", err)
	}
	log.Info("first")
	if _, err := os.Stat(LogFilePath(dir)); err != nil {
		t.Fatal(err)
	}
}

func TestServeMakesANewDataFolderPrivateWithItsLogInside(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps files private by the profile folder's access list, not by modes")
	}
	// A folder made with the usual mkdir, readable by others, and empty.
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	ctx, cancel := context.WithCancel(context.Background())
	env := map[string]string{"LEVER_API_KEY": "lever-test-key", "QUALIFIED_API_KEY": "qualified-test-key", "ASSESSBRIDGE_SECRETS": "file"}
	args := []string{"--data-dir", dir, "--listen", "127.0.0.1:0", "--webhook-listen", "127.0.0.1:0", "--public-url", "https://hooks.example.com",
		"--lever-api-url", "http://127.0.0.1:9", "--qualified-api-url", "http://127.0.0.1:9", "--trigger-stage", "assess"}
	var stderr lockedBuffer
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, args, func(k string) string { return env[k] }, &stderr) }()
	deadline := time.Now().Add(wait)
	for !strings.Contains(stderr.String(), "assessbridge is running") {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	}
	wantMode(t, dir, 0o700)
	wantMode(t, LogFilePath(dir), 0o600)
	b, _ := os.ReadFile(LogFilePath(dir))
	if !strings.Contains(string(b), "assessbridge is running") {
		t.Errorf("the log file: %s", b)
	}
}

func TestLogSinkHidesKnownSecretsInEveryForm(t *testing.T) {
	dir := t.TempDir()
	var stderr lockedBuffer
	log, sink := newLogger(dir, &stderr, slog.LevelInfo)
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
	log, sink := newLogger(dir, nil, slog.LevelInfo)
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
	first := newRotatingFile(path, 150, 3)
	defer first.Close()
	second := newRotatingFile(path, 150, 3)
	defer second.Close()
	line := []byte(strings.Repeat("a", 59) + "\n")
	first.Write(line)
	second.Write(line)
	second.Write(line) // rotates: the log, with both lines, becomes .1
	first.Write(line)  // still in the file it opened, now .1
	first.Write(line)  // its size says rotate, but the file was rotated already
	for p, want := range map[string]int{path + ".1": 3, path: 2, path + ".2": -1} {
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
	log, sink := newLogger(dir, nil, slog.LevelInfo)
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
