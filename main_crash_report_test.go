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

// TestKillNineAfterTheReportFileAndAfterTheFeedbackFormWritesEachOnce
// kills serve with SIGKILL right after Lever added a candidate's report
// file and before it was recorded, then right after Lever added a
// candidate's results form and before it was recorded. Started again on
// the same data folder, serve ends with one file on each note-mode
// candidate and one form (and no note) on each feedback-mode candidate.
func TestKillNineAfterTheReportFileAndAfterTheFeedbackFormWritesEachOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs serve four times")
	}
	lev := levertest.New(levertest.Options{})
	defer lev.Close()
	qual := qualifiedtest.New(qualifiedtest.Options{})
	defer qual.Close()
	for _, s := range [][2]string{{"screen", "Phone screen"}, {"assess", "Coding assessment"}} {
		lev.AddStage(s[0], s[1])
	}
	lev.AddUser("user-recruiter", "Riley Recruiter", "riley@example.com")
	backendID := qual.AddAssessment(qualifiedtest.Assessment{Title: "Backend Challenge", PassingScore: 70})
	sqlID := qual.AddAssessment(qualifiedtest.Assessment{Title: "SQL Basics", PassingScore: 60})
	c := &crashRig{t: t, lev: lev, qual: qual, assessment: backendID}
	// Candidates 0 and 1 get a note and a file; 2 and 3 a feedback form.
	const n = 4
	titleOf := func(i int) (string, string) {
		if i < 2 {
			return "Backend Challenge", backendID
		}
		return "SQL Basics", sqlID
	}
	for i := range n {
		title, _ := titleOf(i)
		lev.AddOpportunity(levertest.Opportunity{ID: crashID(i), Name: fmt.Sprintf("Crash Candidate%03d", i), Emails: []string{crashEmail(i)},
			Tags: []string{title}, StageID: "screen"})
	}
	dataDir := t.TempDir()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dataDir, app.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	err = db.SaveReportSettings(ctx, backend.ReportSettings{AssessmentID: backendID, DeliverAs: backend.DeliverNote, AttachReport: true})
	if err == nil {
		err = db.SaveReportSettings(ctx, backend.ReportSettings{AssessmentID: sqlID, DeliverAs: backend.DeliverFeedback})
	}
	if err == nil {
		err = db.SetSetting(ctx, sqlite.SettingPerformAs, "user-recruiter")
	}
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
			if _, id := titleOf(i); !hasResult(qual, i, id) {
				return false
			}
		}
		return true
	})
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()

	submit := func(from, to int) {
		for i := from; i < to; i++ {
			_, id := titleOf(i)
			res, _ := qual.ResultFor(crashEmail(i), id)
			if _, err := qual.Submit(res.ID, 85); err != nil {
				t.Fatal(err)
			}
		}
	}
	p = c.run("after-file:1")
	submit(0, 2)
	c.killed(p, "after-file:1")
	p = c.run("after-feedback:1")
	submit(2, 4)
	c.killed(p, "after-feedback:1")
	p = c.run("")
	waitFor(t, "every file and form written", 60*time.Second, func() bool {
		return len(lev.Files(crashID(0))) > 0 && len(lev.Files(crashID(1))) > 0 &&
			len(lev.Feedback(crashID(2))) > 0 && len(lev.Feedback(crashID(3))) > 0
	})
	// Recorded in the database means the job is past its write; stopping
	// serve then lets any job still running finish before counting.
	db, err = sqlite.Open(ctx, filepath.Join(dataDir, app.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "every file and form recorded", 60*time.Second, func() bool {
		for i := range n {
			title, _ := titleOf(i)
			invs, err := db.InvitationsForOpportunity(ctx, crashID(i))
			if err != nil || len(invs) != 1 || invs[0].AssessmentTitle != title {
				return false
			}
			w, err := db.ReportWritten(ctx, invs[0].ResultID)
			if err != nil || (i < 2 && w.FileState != sqlite.FileDone) || (i >= 2 && w.FeedbackID == "") {
				return false
			}
		}
		return true
	})
	db.Close()
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, p.stderr)
	}
	for i := range n {
		id := crashID(i)
		files, forms, notes := len(lev.Files(id)), len(lev.Feedback(id)), len(lev.Notes(id))
		if i < 2 && (files != 1 || notes != 1 || forms != 0) {
			t.Errorf("%s: %d files, %d notes, %d forms; want 1, 1, 0", id, files, notes, forms)
		}
		if i >= 2 && (files != 0 || notes != 0 || forms != 1) {
			t.Errorf("%s: %d files, %d notes, %d forms; want 0, 0, 1", id, files, notes, forms)
		}
	}
	if tmpls := len(lev.FeedbackTemplates()); tmpls != 1 {
		t.Errorf("%d feedback templates, want 1", tmpls)
	}
}

func hasResult(qual *qualifiedtest.Server, i int, assessmentID string) bool {
	_, ok := qual.ResultFor(crashEmail(i), assessmentID)
	return ok
}
