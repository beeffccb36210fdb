package workflow

import (
	"os"
	"strconv"
	"strings"
	"sync"
)

// CrashPointEnv names the environment variable that makes the process kill
// itself at one step of the work, to prove that a kill -9 at that step
// loses nothing and repeats nothing. Its value is "POINT:N": the N-th time
// POINT is reached, the process sends itself SIGKILL (on Windows,
// TerminateProcess). Unset, empty or malformed, it does nothing. The
// points are:
//
//	before-queue    webhooks are recorded with their work in the inbox, not yet queued
//	before-invite   the invitation is recorded as intent, Qualified not yet asked
//	after-invite    Qualified accepted the invitation, not yet recorded
//	between-tags    the new tag was added in Lever, the replaced ones not yet removed
//	before-note     the note is recorded as attempted, Lever not yet asked
//	after-note      Lever accepted the note, its id not yet recorded
//	after-invite-existing  "Invite these N" is queued, its answer not yet sent
//	before-move     routing's outcome tag is on, the candidate not yet moved
//	after-move      Lever moved the candidate, not yet recorded
//	before-resend   a resend click is recorded as calling, Qualified not yet asked
//	after-resend    Qualified answered the resend, the answer not yet recorded
//	after-cancel    Qualified cancelled the invitation on a cancel click, not yet recorded
//	after-retry     Qualified gave a second go, not yet recorded
//	before-archive-cancel  a candidate archived or gone in Lever: Qualified not yet asked to cancel
//	after-archive-cancel   Qualified cancelled that invitation, not yet recorded
//	before-file     the report's PDF is downloaded, Lever not yet asked to add it
//	after-file      Lever added the report's file, not yet recorded
//	before-feedback the results form is recorded as attempted, Lever not yet asked
//	after-feedback  Lever added the results form, its id not yet recorded
const CrashPointEnv = "ASSESSBRIDGE_CRASH_POINT"

// Crash points.
const (
	crashBeforeInvite = "before-invite"
	crashAfterInvite  = "after-invite"
	crashBetweenTags  = "between-tags"
	crashBeforeNote   = "before-note"
	crashAfterNote    = "after-note"
	crashAfterTag     = "after-tag"
	crashBeforeMove   = "before-move"
	crashAfterMove    = "after-move"
	// The full report (report.go).
	crashBeforeFile     = "before-file"
	crashAfterFile      = "after-file"
	crashBeforeFeedback = "before-feedback"
	crashAfterFeedback  = "after-feedback"
)

var crashAt = struct {
	once  sync.Once
	mu    sync.Mutex
	point string
	left  int
}{}

// crashPoint is reached at each of the steps above; it kills the process
// when CrashPointEnv says so, and is otherwise a no-op.
func crashPoint(name string) {
	crashAt.once.Do(func() {
		point, n, ok := strings.Cut(os.Getenv(CrashPointEnv), ":")
		if left, err := strconv.Atoi(n); ok && err == nil && left > 0 {
			crashAt.point, crashAt.left = point, left
		}
	})
	if crashAt.point != name {
		return
	}
	crashAt.mu.Lock()
	crashAt.left--
	now := crashAt.left == 0
	crashAt.mu.Unlock()
	if !now {
		return
	}
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		p.Kill()
	}
	select {} // never go past the point while the signal lands
}
