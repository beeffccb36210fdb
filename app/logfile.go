package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// The log file: <data folder>/logs/assessbridge.log, readable by the user
// alone, cut at LogMaxBytes into assessbridge.log.1 (the newest old one) up
// to assessbridge.log.3. A recruiter sends it, or the diagnostics file that
// quotes it, to whoever helps them.
const (
	LogFolder     = "logs"
	LogFileName   = "assessbridge.log"
	LogMaxBytes   = 5 << 20
	LogKeptFiles  = 3
	hiddenSecret  = "[hidden]"
	logFileMode   = 0o600
	logFolderMode = 0o700
)

// LogFilePath is where the log of the data folder dataDir is written.
func LogFilePath(dataDir string) string {
	return filepath.Join(dataDir, LogFolder, LogFileName)
}

// rotatingFile is an append-only file that, before a write would take it
// past max bytes, is renamed to path.1 (path.1 to path.2, and so on up to
// path.<keep>; the oldest is removed) and started again. Every file it
// makes is 0600, its folder 0700.
type rotatingFile struct {
	mu     sync.Mutex
	path   string
	max    int64
	keep   int
	f      *os.File
	size   int64
	closed bool
	// prepared is set once the folder is made and private; failed is the
	// last failure to open, at failedAt.
	prepared bool
	failed   error
	failedAt time.Time
	// opened is the file being rotated, as it was before it was closed.
	opened os.FileInfo
}

// stillOurs reports whether the file at path is the one this writer wrote.
func (r *rotatingFile) stillOurs() bool {
	fi, err := os.Stat(r.path)
	return err == nil && os.SameFile(fi, r.opened)
}

// newRotatingFile is the log at path. Nothing is made until the first
// line: the data folder's privacy check, when the store opens, finds
// assessbridge's files alone in a folder that was new.
func newRotatingFile(path string, limit int64, keep int) *rotatingFile {
	return &rotatingFile{path: path, max: max(limit, 1), keep: max(keep, 0)}
}

// ensureOpen opens the file, making its folder, at the first line and after
// a failure (at most once a minute, so a folder that cannot be written does
// not cost a try per line).
func (r *rotatingFile) ensureOpen() error {
	if r.f != nil {
		return nil
	}
	if r.failed != nil && time.Since(r.failedAt) < time.Minute {
		return r.failed
	}
	err := r.prepare()
	if err == nil {
		err = r.open()
	}
	r.failed, r.failedAt = err, time.Now()
	return err
}

// prepare makes the folder and takes other users' access away from it and
// from the files of an earlier run (made looser by hand or by a umask).
func (r *rotatingFile) prepare() error {
	if r.prepared {
		return nil
	}
	dir := filepath.Dir(r.path)
	if err := os.MkdirAll(dir, logFolderMode); err != nil {
		return fmt.Errorf("log folder: %w", err)
	}
	if err := makePrivate(dir, logFolderMode); err != nil {
		return err
	}
	for i := range r.keep {
		if err := makePrivate(r.old(i+1), logFileMode); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	r.prepared = true
	return nil
}

// makePrivate takes other users' access away from path, where file modes
// say who may read a file (not on Windows, where the user's profile folder
// is private already).
func makePrivate(path string, mode os.FileMode) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&^mode == 0 {
		return nil
	}
	if err := os.Chmod(path, fi.Mode().Perm()&mode); err != nil {
		return fmt.Errorf("log file: %s cannot be made private to your user account: %w", path, err)
	}
	return nil
}

func (r *rotatingFile) old(i int) string { return fmt.Sprintf("%s.%d", r.path, i) }

func (r *rotatingFile) open() error {
	f, err := os.OpenFile(r.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, logFileMode)
	if err != nil {
		return fmt.Errorf("log file: %w", err)
	}
	if err := makePrivate(r.path, logFileMode); err != nil {
		f.Close()
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("log file: %w", err)
	}
	r.f, r.size = f, fi.Size()
	return nil
}

// Write appends p, whole, to the current file: a line is never split
// between two files. A line longer than the limit gets a file of its own.
func (r *rotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, os.ErrClosed
	}
	var rerr error
	if r.f != nil && r.size > 0 && r.size+int64(len(p)) > r.max {
		rerr = r.rotate()
	}
	if err := r.ensureOpen(); err != nil {
		return 0, errors.Join(rerr, err)
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, errors.Join(rerr, err)
}

func (r *rotatingFile) rotate() error {
	open, err := r.f.Stat()
	if err != nil {
		return fmt.Errorf("log file: %w", err)
	}
	r.opened = open
	if err := r.f.Close(); err != nil {
		return fmt.Errorf("log file: %w", err)
	}
	r.f = nil
	var errs []error
	switch {
	case !r.stillOurs():
		// Another assessbridge on this folder (one refused by its lock,
		// say) rotated it meanwhile: write on in the file it started.
	case r.keep == 0:
		errs = append(errs, os.Remove(r.path))
	default:
		if err := os.Remove(r.old(r.keep)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
		for i := r.keep - 1; i >= 1; i-- {
			if err := os.Rename(r.old(i), r.old(i+1)); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
		errs = append(errs, os.Rename(r.path, r.old(1)))
	}
	// Whatever went wrong above, logging goes on in a fresh file.
	if err := r.open(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("log file rotation: %w", err)
	}
	return nil
}

// Close closes the current file.
func (r *rotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}

// logSink is where the app's log lines go: the rotating file and stderr,
// each line with every known secret value replaced by [hidden]. Hiding is
// the last line of defence: no code logs a secret (see
// TestServeLogsHoldNoSecret), and a line that had to be hidden shows that
// one did.
type logSink struct {
	file   *rotatingFile
	stderr io.Writer

	mu sync.Mutex
	// secrets are the sources of the values to hide, one per data folder:
	// the desktop app runs a demo beside the real workspace on one log.
	secrets map[string]func() []string
	known   []string // secretForms of the last answer
	checked time.Time
	// pending is the answer being waited for, nil when none is asked.
	pending chan []string
	// told is the last failure of the file said on stderr.
	told string
}

// Write sends one log line to the file and to stderr. A stderr that cannot
// be written (a desktop app started without a console) does not stop the
// file.
func (s *logSink) Write(p []byte) (int, error) {
	line := s.scrub(p)
	var err error
	if s.file != nil {
		_, err = s.file.Write(line)
	}
	if s.stderr != nil {
		s.stderr.Write(line)
		if err != nil && s.reportOnce(err) {
			fmt.Fprintf(s.stderr, "assessbridge: the log file %s cannot be written, so the log goes to this output only: %v\n", s.file.path, err)
		}
	}
	return len(p), err
}

// reportOnce reports whether err differs from the last failure told.
func (s *logSink) reportOnce(err error) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err.Error() == s.told {
		return false
	}
	s.told = err.Error()
	return true
}

// secretsRefresh bounds how often the sink asks for the current secrets, and
// secretsWait how long a log line waits for the answer (a keychain that
// hangs must not stop logging: the line then goes with the last list).
const (
	secretsRefresh = time.Second
	secretsWait    = 200 * time.Millisecond
)

func (s *logSink) scrub(p []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.secrets) == 0 {
		return p
	}
	wait := time.Duration(0)
	if s.pending == nil && time.Since(s.checked) > secretsRefresh {
		ch, sources := make(chan []string, 1), slices.Collect(maps.Values(s.secrets))
		go func() {
			var all []string
			for _, fn := range sources {
				all = append(all, fn()...)
			}
			ch <- all
		}()
		s.pending, wait = ch, secretsWait
	}
	if s.pending != nil {
		timer := time.NewTimer(wait)
		select {
		case v := <-s.pending:
			s.known, s.checked, s.pending = keepForms(s.known, v), time.Now(), nil
		case <-timer.C:
		}
		timer.Stop()
	}
	out := p
	for _, v := range s.known {
		if bytes.Contains(out, []byte(v)) {
			out = bytes.ReplaceAll(out, []byte(v), []byte(hiddenSecret))
		}
	}
	return out
}

// hide makes the sink replace, in every line from now on, the values
// secrets returns (asked again at most once a second), in place of those of
// an earlier call for the same data folder. A nil sink (no log file)
// ignores it.
func (s *logSink) hide(dataDir string, secrets func() []string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	if s.secrets == nil {
		s.secrets = map[string]func() []string{}
	}
	s.secrets[dataDir], s.checked, s.pending = secrets, time.Time{}, nil
	s.mu.Unlock()
}

// sinkHandler is the logger's handler, through which an App finds the sink
// of the logger it was given (see hideSecretsInLog).
type sinkHandler struct {
	slog.Handler
	sink *logSink
}

func (h sinkHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return sinkHandler{h.Handler.WithAttrs(attrs), h.sink}
}

func (h sinkHandler) WithGroup(name string) slog.Handler {
	return sinkHandler{h.Handler.WithGroup(name), h.sink}
}

// hideSecretsInLog makes the app's log, if newLogger made it, hide every
// secret the app knows. Serve calls it once the App is made; every App
// calls it when it builds its routes, so the desktop window and the demo
// need nothing more than newLogger.
func (a *App) hideSecretsInLog() {
	if a.log == nil {
		return
	}
	if h, ok := a.log.Handler().(sinkHandler); ok {
		h.sink.hide(a.cfg.DataDir, a.secretsForLog())
	}
}

// Close closes the log file. A nil sink has nothing to close.
func (s *logSink) Close() error {
	if s == nil || s.file == nil {
		return nil
	}
	return s.file.Close()
}

// secretForms is every secret as it may appear in a line of text: as it
// is, and escaped for a URL or a JSON string. Longest first, so that a
// secret that holds another is hidden whole. Empty values are dropped.
func secretForms(values []string) []string {
	var out []string
	for _, v := range values {
		if v == "" {
			continue
		}
		j, _ := json.Marshal(v)
		for _, f := range []string{v, url.QueryEscape(v), url.PathEscape(v), strings.Trim(string(j), `"`)} {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// maxHiddenForms bounds what a sink remembers of secrets no longer held
// (a key replaced in Setup, a refreshed login token): each is still hidden,
// up to this many forms in all.
const maxHiddenForms = 256

// keepForms is the forms of values, then those of known not among them, up
// to maxHiddenForms, longest first.
func keepForms(known, values []string) []string {
	out := secretForms(values)
	for _, f := range known {
		if len(out) >= maxHiddenForms {
			break
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// hideSecrets replaces every form of every secret value in text.
func hideSecrets(text string, values []string) string {
	for _, f := range secretForms(values) {
		text = strings.ReplaceAll(text, f, hiddenSecret)
	}
	return text
}

// newLogger is the log of an assessbridge on the data folder dataDir: text
// lines at level and above, to <dataDir>/logs/assessbridge.log (rotated at
// LogMaxBytes, LogKeptFiles old files kept) and to stderr, hiding the
// secrets of every App given it (see hideSecretsInLog). The file is made at
// the first line; when it cannot be written, stderr says so once and gets
// the lines all the same. Close the sink at the end.
func newLogger(dataDir string, stderr io.Writer, level slog.Level) (*slog.Logger, *logSink) {
	return newLoggerSized(dataDir, stderr, level, LogMaxBytes, LogKeptFiles)
}

func newLoggerSized(dataDir string, stderr io.Writer, level slog.Level, limit int64, keep int) (*slog.Logger, *logSink) {
	sink := &logSink{file: newRotatingFile(LogFilePath(dataDir), limit, keep), stderr: stderr}
	return slog.New(sinkHandler{slog.NewTextHandler(sink, &slog.HandlerOptions{Level: level}), sink}), sink
}
