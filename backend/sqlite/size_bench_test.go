package sqlite_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/clocktest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// A busy team's day, account-wide: every stage change in the Lever account
// is delivered to assessbridge (Lever has no per-stage subscription).
const (
	stageChangesPerDay  = 300 // ~20 recruiters' worth
	triggerEntriesDay   = 30  // of which into a trigger stage
	invitationsPerDay   = 20  // of which lead to an invitation
	retentionDays       = 90  // workflow.ActivityRetention
	deliveryMemoryHours = 48  // workflow's deliveryMemory
)

// BenchmarkDatabaseSizeAfterAYear simulates a year of a busy team through the
// store's own functions (each delivery, decision, invitation, result, tag
// and note with the activity lines the workflow writes for it), with and
// without the daily pruning, and reports the database's size at the end:
// MB is the file, live-MB the pages in use (pruning frees pages that later
// writes reuse; the file does not shrink). River's own tables are left out:
// River deletes finished jobs itself after a day.
//
// Run: go test -run '^$' -bench DatabaseSizeAfterAYear -benchtime 1x ./backend/sqlite/
func BenchmarkDatabaseSizeAfterAYear(b *testing.B) {
	for _, prune := range []bool{false, true} {
		name := "unpruned"
		if prune {
			name = "pruned-daily"
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				file, live, rows := simulateYear(b, prune)
				b.ReportMetric(file/1e6, "MB")
				b.ReportMetric(live/1e6, "live-MB")
				b.ReportMetric(float64(rows["activity"]), "activity-lines")
				b.ReportMetric(float64(rows["seen_deliveries"]), "delivery-tokens")
				b.ReportMetric(float64(rows["stage_entries"]), "stage-entries")
			}
		})
	}
}

func simulateYear(b *testing.B, prune bool) (file, live float64, rows map[string]int) {
	b.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "year.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	c := clocktest.New(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC))
	db.SetClock(c.Now)
	id := func() string {
		var p [16]byte
		rand.Read(p[:])
		return hex.EncodeToString(p[:])
	}
	titles := []string{"Backend Challenge", "SQL Basics", "Frontend Take-home", "Data Structures"}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	for day := range 365 {
		start := c.Now()
		// The day's deliveries, recorded as AcceptLever does: a token and a line each.
		var entries []string
		must(db.Tx(ctx, func(tx *sql.Tx) error {
			for i := range stageChangesPerDay {
				now := start.Add(time.Duration(i) * 100 * time.Second)
				if _, err := sqlite.RememberDelivery(ctx, tx, id()+id(), now); err != nil {
					return err
				}
				opp := id()
				a := backend.Activity{Kind: backend.KindWebhook, Source: "lever", Event: "candidateStageChange", OpportunityID: opp,
					Outcome: backend.OutcomeIgnored, Message: "Moved to stage 3d0b1f6e-8a52-4c4e-9b53-2f4d7c1a9e10, which is not a trigger stage."}
				if i < triggerEntriesDay {
					a.Outcome, a.Message = backend.OutcomeOK, "Moved into the trigger stage Coding assessment."
					entries = append(entries, opp)
				}
				if err := sqlite.LogActivity(ctx, tx, a, now); err != nil {
					return err
				}
			}
			return nil
		}))
		// The decisions: an invitation for some, a skip for the others.
		for i, opp := range entries {
			c.Advance(time.Minute)
			now := c.Now()
			act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "stage change", OpportunityID: opp, StageID: "stage-assess"}
			if i >= invitationsPerDay {
				must(db.Tx(ctx, func(tx *sql.Tx) error {
					act.Outcome, act.Message = backend.OutcomeSkipped, "Grace Hopper: no tag on the candidate or the job names an assessment (tags: Senior, Remote)."
					if err := sqlite.LogActivity(ctx, tx, act, now); err != nil {
						return err
					}
					return sqlite.RecordStageEntry(ctx, tx, opp, "stage-assess", now.Add(-time.Minute), "no-tag", now)
				}))
				continue
			}
			title := titles[i%len(titles)]
			var inv backend.Invitation
			must(db.Tx(ctx, func(tx *sql.Tx) error {
				cand := backend.Candidate{OpportunityID: opp, ContactID: id(), Name: fmt.Sprintf("Candidate %d-%d Lastname", day, i),
					Email: fmt.Sprintf("candidate.%d.%d@example.com", day, i), PostingID: id(), PostingTitle: "Senior Backend Engineer",
					ProfileURL: "https://hire.lever.co/candidates/" + opp}
				if err := sqlite.UpsertCandidate(ctx, tx, cand, now); err != nil {
					return err
				}
				var err error
				inv, _, err = sqlite.EnsureInvitation(ctx, tx, backend.Invitation{OpportunityID: opp, AssessmentID: id()[:24], AssessmentTitle: title,
					MatchedTag: title, TagPlace: backend.TagOnCandidate, StageID: "stage-assess", Status: backend.StatusPending}, now)
				if err != nil {
					return err
				}
				act.InvitationID, act.Outcome = inv.ID, backend.OutcomeOK
				act.Message = fmt.Sprintf("%s entered Coding assessment: inviting to %s (tag %q on the candidate).", cand.Name, title, title)
				if err := sqlite.LogActivity(ctx, tx, act, now); err != nil {
					return err
				}
				return sqlite.RecordStageEntry(ctx, tx, opp, "stage-assess", now.Add(-time.Minute), "decided", now)
			}))
			line := func(event, msg string) backend.Activity {
				return backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: event, OpportunityID: opp, InvitationID: inv.ID, Outcome: backend.OutcomeOK, Message: msg}
			}
			webhook := func(state string) backend.Activity {
				return backend.Activity{Kind: backend.KindWebhook, Source: "qualified", Event: "assessment_result_" + state, OpportunityID: opp, InvitationID: inv.ID,
					Outcome: backend.OutcomeOK, Message: fmt.Sprintf("Candidate %d-%d Lastname: %s is now %q.", day, i, title, state)}
			}
			result := id()[:24]
			must(db.MarkInvited(ctx, inv.ID, backend.ProviderInvitation{InvitationID: id()[:24], ResultID: result,
				InviteURL: "https://www.qualified.io/assess/" + id()}, line("invite", "Invited to "+title+"; Qualified e-mailed the candidate.")))
			must(db.SetAppliedTag(ctx, inv.ID, backend.TagFor(title, backend.StatusInvited), line("tag", "Tag "+title+" is now "+title+" - Invited.")))
			// Most candidates take the assessment within days; the rest never do.
			if i%5 == 4 {
				continue
			}
			must(db.LogActivity(ctx, webhook("started")))
			score, passed := 72.5, true
			if _, err := db.ApplyResult(ctx, inv.ID, backend.Result{ID: result, Status: backend.StatusStarted, State: "started"}, line("result", title+" started.")); err != nil {
				b.Fatal(err)
			}
			must(db.SetAppliedTag(ctx, inv.ID, backend.TagFor(title, backend.StatusStarted), line("tag", "Tag is now "+title+" - Started.")))
			must(db.LogActivity(ctx, webhook("submitted")))
			if _, err := db.ApplyResult(ctx, inv.ID, backend.Result{ID: result, Status: backend.StatusSubmitted, State: "submitted", Score: &score, Passed: &passed,
				TimeSpent: 47 * time.Minute, ReportURL: "https://www.qualified.io/hire/results/" + result,
				Challenges: []backend.ChallengeScore{{Title: "Rate limiter", Score: 80}, {Title: "SQL join", Score: 65}}}, line("result", title+" submitted: 72.5%, passed.")); err != nil {
				b.Fatal(err)
			}
			must(db.SetAppliedTag(ctx, inv.ID, backend.TagFor(title, backend.StatusSubmitted), line("tag", "Tag is now "+title+" - Submitted.")))
			must(db.SetNoteID(ctx, inv.ID, id(), line("note", "Results note added in Lever.")))
		}
		next := start.Add(24 * time.Hour)
		c.Set(next)
		if prune {
			_, err := db.Prune(ctx, sqlite.Retention{
				ActivityBefore:            next.Add(-retentionDays * 24 * time.Hour),
				DeliveriesBefore:          next.Add(-deliveryMemoryHours * time.Hour),
				StageEntriesEnteredBefore: next.Add(-2 * time.Hour), // a catch-up every 5 minutes, less its hour of overlap
				StageEntriesDecidedBefore: next.Add(-deliveryMemoryHours * time.Hour),
			}, nil)
			must(err)
		}
	}
	must(db.Checkpoint(ctx))
	var pages, free, size int64
	w := db.Writer()
	must(w.QueryRow(`PRAGMA page_count`).Scan(&pages))
	must(w.QueryRow(`PRAGMA freelist_count`).Scan(&free))
	must(w.QueryRow(`PRAGMA page_size`).Scan(&size))
	rows = map[string]int{}
	for _, table := range []string{"activity", "seen_deliveries", "stage_entries", "invitations"} {
		var n int
		must(w.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n))
		rows[table] = n
	}
	return float64(pages * size), float64((pages - free) * size), rows
}
