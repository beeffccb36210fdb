package main

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// TestKillNineBetweenOutcomeTagAndMoveDoesEachOnce kills serve with
// SIGKILL after a passing candidate's outcome tag is on and before the
// move, then again right after Lever made a move and before it was
// recorded. Started again each time on the same data folder, serve ends
// with every pass tagged once, moved once and noted once.
func TestKillNineBetweenOutcomeTagAndMoveDoesEachOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs serve four times")
	}
	lev := levertest.New(levertest.Options{})
	defer lev.Close()
	qual := qualifiedtest.New(qualifiedtest.Options{})
	defer qual.Close()
	for _, s := range [][2]string{{"screen", "Phone screen"}, {"assess", "Coding assessment"}, {"onsite", "On-site"}} {
		lev.AddStage(s[0], s[1])
	}
	lev.AddUser("user-recruiter", "Riley Recruiter", "riley@example.com")
	c := &crashRig{t: t, lev: lev, qual: qual, assessment: qual.AddAssessment(qualifiedtest.Assessment{Title: "Backend Challenge", PassingScore: 70})}
	const n = 4
	for i := range n {
		lev.AddOpportunity(levertest.Opportunity{ID: crashID(i), Name: fmt.Sprintf("Crash Candidate%03d", i), Emails: []string{crashEmail(i)},
			Tags: []string{"Backend Challenge"}, StageID: "screen"})
	}
	dataDir := t.TempDir()
	db, err := sqlite.Open(context.Background(), filepath.Join(dataDir, app.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	err = db.SaveRoutingRules(context.Background(), backend.RoutingRules{AssessmentID: c.assessment, Cut: backend.CutScore, CutScore: 70,
		OutcomeTags: true, PassStageID: "onsite", PassStageName: "On-site", FailArchive: backend.ArchiveOff})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	admin := freeAddr(t)
	c.hooks = freeAddr(t)
	c.args = fmt.Sprintf("serve --data-dir %s --listen %s --webhook-listen %s --public-url http://%s --lever-api-url %s --qualified-api-url %s --trigger-stage assess --poll-interval 2s",
		dataDir, admin, c.hooks, c.hooks, lev.URL, qual.URL)
	c.keys = []string{"LEVER_API_KEY=lever-test-key", "QUALIFIED_API_KEY=" + qualifiedtest.DefaultAPIKey}

	p := c.run("")
	for i := range n {
		ds, err := lev.MoveToStage(crashID(i), "assess")
		if err != nil || len(ds) != 1 {
			t.Fatalf("move %d: %+v %v", i, ds, err)
		}
	}
	waitFor(t, "every candidate invited", 30*time.Second, func() bool {
		for i := range n {
			if _, ok := qual.ResultFor(crashEmail(i), c.assessment); !ok {
				return false
			}
		}
		return true
	})
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()

	// The first kill comes between Lever's answer to the outcome tag and its
	// record, the second between a tag's record and the move.
	p = c.run("after-tag:1")
	for i := range n {
		res, _ := qual.ResultFor(crashEmail(i), c.assessment)
		qual.Submit(res.ID, 90)
	}
	c.killed(p, "after-tag:1")
	p = c.run("before-move:2")
	c.killed(p, "before-move:2")
	p = c.run("after-move:1")
	c.killed(p, "after-move:1")
	p = c.run("")
	defer func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		p.cmd.Wait()
	}()
	waitFor(t, "every pass moved", 60*time.Second, func() bool {
		for i := range n {
			if o, _ := lev.Opportunity(crashID(i)); o.StageID != "onsite" {
				return false
			}
		}
		return true
	})
	time.Sleep(time.Second) // anything still running would move or tag a second time now
	for i := range n {
		id := crashID(i)
		if m := lev.Moves(id); len(m) != 1 {
			t.Errorf("%s: %d moves, want 1", id, len(m))
		}
		adds := 0
		for _, op := range lev.TagOps(id) {
			if op.Add && len(op.Tags) == 1 && op.Tags[0] == "Backend Challenge - Passed" {
				adds++
			}
		}
		// A tag sent and not recorded (the kill at after-tag, or a kill at
		// another candidate's crash point while this one's answer was on its
		// way) is looked for in Lever before it is sent again.
		if adds != 1 {
			t.Errorf("%s: outcome tag added %d times, want 1", id, adds)
		}
		if notes := len(lev.Notes(id)); notes != 1 {
			t.Errorf("%s: %d notes", id, notes)
		}
	}
}
