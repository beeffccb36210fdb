package main

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// crashRig runs `serve` again and again on one data folder against one
// pair of simulators, each run told where to kill itself.
type crashRig struct {
	t          *testing.T
	lev        *levertest.Server
	qual       *qualifiedtest.Server
	assessment string
	args       string
	hooks      string
	keys       []string

	mu     sync.Mutex
	failed []string // Lever deliveries that never reached a running app
}

const crashCandidates = 100

func crashID(i int) string { return fmt.Sprintf("opp-crash-%03d", i) }
func crashEmail(i int) string {
	return fmt.Sprintf("candidate%03d@example.com", i)
}

// run starts serve with the crash point (none when empty) and waits until
// its webhook receiver answers.
func (c *crashRig) run(crashAt string) *process {
	c.t.Helper()
	env := append([]string{workflow.CrashPointEnv + "=" + crashAt}, c.keys...)
	p := startServe(c.t, c.args, env...)
	waitFor(c.t, "the webhook receiver", 20*time.Second, func() bool {
		res, err := http.Get("http://" + c.hooks + "/healthz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200 && len(c.lev.Webhooks()) == len(lever.HandledEvents)
	})
	return p
}

// killed waits for p to kill itself with SIGKILL at its crash point.
func (c *crashRig) killed(p *process, crashAt string) {
	c.t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		c.t.Fatalf("serve never reached %s", crashAt)
	}
	ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		c.t.Fatalf("serve ended with %v, not killed at %s:\n%s", p.cmd.ProcessState, crashAt, p.stderr)
	}
	c.t.Logf("killed at %s", crashAt)
}

// rerunFailed reruns every failed delivery, as Lever retries them; those
// that fail again are kept for the next run.
func (c *crashRig) rerunFailed() {
	c.mu.Lock()
	failed := c.failed
	c.failed = nil
	c.mu.Unlock()
	for _, id := range failed {
		c.deliver(c.lev.Rerun(id))
	}
}

func (c *crashRig) deliver(d levertest.Delivery, err error) {
	if err != nil {
		c.t.Error(err)
		return
	}
	if d.Err != nil {
		c.mu.Lock()
		c.failed = append(c.failed, d.ID)
		c.mu.Unlock()
	}
}

// TestKillNineAtAnyStepNeverMissesOrDoublesACandidate moves a burst of
// candidates into the trigger stage and kills serve with SIGKILL at each
// step where work is half done: as the webhooks' work is queued, before
// Qualified is asked to invite, after it invited but before that is
// recorded, between adding the new tag and removing the old one, and around
// posting a results note. Each time serve
// is started again on the same data folder. In the end every candidate has
// exactly one invitation e-mail, the right tags, and at most one note.
func TestKillNineAtAnyStepNeverMissesOrDoublesACandidate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs serve five times against a paced Lever")
	}
	start := time.Now()
	// Lever's own limits; serve paces itself below them, so this burst is
	// bound by the rate limit: about 35 s for one pass over 100 candidates.
	lev := levertest.New(levertest.Options{RatePerSecond: 10, Burst: 20})
	defer lev.Close()
	qual := qualifiedtest.New(qualifiedtest.Options{})
	defer qual.Close()
	lev.AddStage("screen", "Phone screen")
	lev.AddStage("assess", "Coding assessment")
	lev.AddUser("user-recruiter", "Riley Recruiter", "riley@example.com")
	c := &crashRig{t: t, lev: lev, qual: qual, assessment: qual.AddAssessment(qualifiedtest.Assessment{Title: "Backend Challenge", PassingScore: 70})}
	for i := range crashCandidates {
		lev.AddOpportunity(levertest.Opportunity{ID: crashID(i), Name: fmt.Sprintf("Crash Candidate%03d", i), Emails: []string{crashEmail(i)},
			Tags: []string{"Backend Challenge", "Referral"}, StageID: "screen"})
	}
	admin := freeAddr(t)
	c.hooks = freeAddr(t)
	c.args = fmt.Sprintf("serve --data-dir %s --listen %s --webhook-listen %s --public-url http://%s --lever-api-url %s --qualified-api-url %s --trigger-stage assess --poll-interval 3s",
		t.TempDir(), admin, c.hooks, c.hooks, lev.URL, qual.URL)
	c.keys = []string{"LEVER_API_KEY=lever-test-key", "QUALIFIED_API_KEY=" + qualifiedtest.DefaultAPIKey}

	// The burst starts while serve runs, and goes on while it is down.
	// The first kill comes as the webhooks' recorded work is handed to the
	// queue: what the inbox held is queued by the next start.
	p := c.run("before-queue:1")
	var wg sync.WaitGroup
	next := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ds, err := lev.MoveToStage(crashID(i), "assess")
				if err != nil || len(ds) != 1 {
					t.Errorf("move %d: %+v %v", i, ds, err)
					continue
				}
				c.deliver(ds[0], nil)
			}
		}()
	}
	go func() {
		for i := range crashCandidates {
			next <- i
		}
		close(next)
	}()
	c.killed(p, "before-queue:1")
	wg.Wait()

	for _, at := range []string{"before-invite:10", "after-invite:15", "between-tags:20"} {
		p = c.run(at)
		c.rerunFailed()
		c.killed(p, at)
	}

	p = c.run("")
	c.rerunFailed()
	invited := func(i int) bool {
		o, _ := lev.Opportunity(crashID(i))
		tags := slices.Clone(o.Tags)
		slices.Sort(tags)
		return slices.Equal(tags, []string{"Backend Challenge - Invited", "Referral"})
	}
	waitFor(t, "every candidate invited and tagged", 90*time.Second, func() bool {
		for i := range crashCandidates {
			if !invited(i) {
				return false
			}
		}
		return true
	})
	t.Logf("all %d invited and tagged after %s", crashCandidates, time.Since(start).Round(time.Second))
	for i := range crashCandidates {
		if n := qual.EmailsSent(crashEmail(i), c.assessment); n != 1 {
			t.Errorf("%s: %d invitation e-mails", crashID(i), n)
		}
	}
	if n := len(qual.Invitations()); n != crashCandidates {
		t.Errorf("%d invitations in Qualified", n)
	}

	// Results come in; serve is killed just before a note is posted, then
	// just after one is posted and before it is recorded.
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
	const submitters = 12
	p = c.run("before-note:3")
	var swg sync.WaitGroup
	for i := range submitters {
		swg.Add(1)
		go func() {
			defer swg.Done()
			res, ok := qual.ResultFor(crashEmail(i), c.assessment)
			if !ok {
				t.Errorf("%s has no result", crashID(i))
				return
			}
			if i%2 == 0 {
				qual.Start(res.ID)
			}
			qual.Submit(res.ID, float64(50+i))
		}()
	}
	c.killed(p, "before-note:3")
	swg.Wait()
	p = c.run("after-note:3")
	c.killed(p, "after-note:3")
	p = c.run("")
	submitted := func(i int) bool {
		o, _ := lev.Opportunity(crashID(i))
		tags := slices.Clone(o.Tags)
		slices.Sort(tags)
		return slices.Equal(tags, []string{"Backend Challenge - Submitted", "Referral"}) && len(lev.Notes(crashID(i))) > 0
	}
	waitFor(t, "every submission tagged and noted", 60*time.Second, func() bool {
		for i := range submitters {
			if !submitted(i) {
				return false
			}
		}
		return true
	})
	time.Sleep(time.Second) // anything still running would post a second note now
	for i := range crashCandidates {
		want := 0
		if i < submitters {
			want = 1
		}
		if n := len(lev.Notes(crashID(i))); n != want {
			t.Errorf("%s: %d notes, want %d", crashID(i), n, want)
		}
		if i >= submitters && !invited(i) {
			t.Errorf("%s lost its tag", crashID(i))
		}
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, p.stderr)
	}
	t.Logf("done in %s", time.Since(start).Round(time.Second))
}
