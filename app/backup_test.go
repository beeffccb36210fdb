package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/sqlite/sqlitetest"
)

type invitationKey struct {
	ID                      int64
	Opportunity, Assessment string
	Status                  backend.Status
	Tag, ProviderInvitation string
}

func invitationKeys(t testing.TB, db *sqlite.DB) []invitationKey {
	t.Helper()
	page, err := db.ListInvitations(context.Background(), sqlite.InvitationFilter{Sort: "oldest", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]invitationKey, len(page.Invitations))
	for i, inv := range page.Invitations {
		out[i] = invitationKey{inv.ID, inv.OpportunityID, inv.AssessmentID, inv.Status, inv.AppliedTag, inv.ProviderInvitationID}
	}
	return out
}

func TestBackupDuringABurstThenRestoreIntoANewFolder(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, harnessOptions{})
	const n = 40
	backups := t.TempDir()

	// Snapshots every 200 ms while the burst is taken in and worked off.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var snaps []string
	var took []time.Duration
	var backupErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
			dest := filepath.Join(backups, fmt.Sprintf("during-%03d.db", i))
			start := time.Now()
			if err := Backup(ctx, h.cfg.DataDir, dest); err != nil {
				backupErr = err
				return
			}
			took = append(took, time.Since(start))
			snaps = append(snaps, dest)
		}
	}()
	burst(t, h, n)
	h.waitIdle()
	close(stop)
	wg.Wait()
	if backupErr != nil {
		t.Fatalf("backup while the app works: %v", backupErr)
	}
	checkExactlyOnce(t, h, n)
	if len(snaps) < 3 {
		t.Fatalf("only %d backups were taken during the burst", len(snaps))
	}
	counts := make([]int, len(snaps))
	for i, s := range snaps {
		counts[i] = sqlitetest.Whole(t, s)
		if i > 0 && counts[i] < counts[i-1] {
			t.Errorf("backup %d has %d invitations, fewer than the one before (%d)", i, counts[i], counts[i-1])
		}
	}
	var slowest time.Duration
	for _, d := range took {
		slowest = max(slowest, d)
	}
	t.Logf("%d backups during the burst, slowest %s; invitations in them: %v", len(snaps), slowest.Round(time.Millisecond), counts)

	final := filepath.Join(backups, "final.db")
	if err := Backup(ctx, h.cfg.DataDir, final); err != nil {
		t.Fatal(err)
	}
	if got := sqlitetest.Whole(t, final); got != n {
		t.Fatalf("final backup has %d invitations, want %d", got, n)
	}
	// Backing up onto the database itself is refused.
	if err := Backup(ctx, h.cfg.DataDir, filepath.Join(h.cfg.DataDir, DatabaseFile)); err == nil || !strings.Contains(err.Error(), "the database itself") {
		t.Errorf("backup onto the live file: %v", err)
	}
	// Restoring over the running app's database is refused, and changes nothing.
	err := Restore(ctx, final, h.cfg.DataDir)
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("restore over the running app = %v, want it refused as in use", err)
	}
	if _, err := os.Stat(filepath.Join(h.cfg.DataDir, DatabaseFile+BeforeRestoreSuffix)); err == nil {
		t.Error("a refused restore moved the live database")
	}
	want := invitationKeys(t, h.app.DB())
	if len(want) != n {
		t.Fatalf("the app lists %d invitations, want %d", len(want), n)
	}
	h.stop()
	// With the app stopped, a backup works too and leaves the folder as it was.
	before, _ := os.ReadDir(h.cfg.DataDir)
	if err := Backup(ctx, h.cfg.DataDir, filepath.Join(backups, "stopped.db")); err != nil {
		t.Fatalf("backup of a stopped app: %v", err)
	}
	if got := sqlitetest.Whole(t, filepath.Join(backups, "stopped.db")); got != n {
		t.Errorf("backup of the stopped app has %d invitations", got)
	}
	if after, _ := os.ReadDir(h.cfg.DataDir); len(after) != len(before) {
		t.Errorf("backup changed the data folder: %v, then %v", before, after)
	}

	// A new data folder, restored, and the app started on it.
	newDir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(ctx, final, newDir); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(newDir)
	for _, e := range entries {
		// The lock file is the data folder's, as every run of the app leaves it.
		if e.Name() != DatabaseFile && e.Name() != "assessbridge.lock" {
			t.Errorf("restore into an empty folder left %s", e.Name())
		}
	}
	h.cfg.DataDir = newDir
	h.start()
	got := invitationKeys(t, h.app.DB())
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after restore the app lists\n%v\nwant\n%v", got, want)
	}
	h.waitIdle()
	checkExactlyOnce(t, h, n)
	h.stop()

	// A second restore over it keeps the replaced database; a third is
	// refused while that one is still there.
	// The first backup with at least half the invitations: work was under way.
	midIndex := len(snaps) / 2
	for i, c := range counts {
		if c >= n/2 {
			midIndex = i
			break
		}
	}
	mid := snaps[midIndex]
	if err := Restore(ctx, mid, newDir); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(newDir, DatabaseFile+BeforeRestoreSuffix)
	if got := sqlitetest.Whole(t, kept); got != n {
		t.Errorf("the kept database has %d invitations, want %d", got, n)
	}
	if err := Restore(ctx, final, newDir); err == nil || !strings.Contains(err.Error(), "earlier restore") {
		t.Errorf("restore with a kept database already there = %v", err)
	}

	// The app resumes from the mid-burst backup, as after a crash: whatever
	// it redoes, nobody is e-mailed twice.
	h.start()
	h.waitIdle()
	known := len(invitationKeys(t, h.app.DB()))
	if known < counts[midIndex] {
		t.Errorf("the resumed app knows %d invitations, fewer than the %d in its backup", known, counts[midIndex])
	}
	for i := range n {
		id := fmt.Sprintf("opp-burst-%04d", i)
		if got := h.qual.EmailsSent(h.email(id), h.ids["Backend Challenge"]); got != 1 {
			t.Errorf("%s: %d e-mails after resuming from a mid-burst backup", id, got)
		}
	}
	t.Logf("resumed from backup %s (%d invitations in it): the app knows %d of %d invitations", filepath.Base(mid), counts[midIndex], known, n)
}

func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not sqlite ", 500)), 0o600)
	other := filepath.Join(dir, "other.db")
	sqlitetest.OtherProgramsDatabase(t, other)
	dataDir := filepath.Join(dir, "data")
	sqlitetest.Seeded(t, filepath.Join(dataDir, DatabaseFile), "kept")
	for _, tt := range []struct{ file, says string }{
		{junk, "damaged or is not a database"},
		{other, "another program's SQLite database"},
		{filepath.Join(dir, "missing.db"), "no such file"},
	} {
		err := Restore(ctx, tt.file, dataDir)
		if err == nil || !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), tt.file) {
			t.Errorf("Restore(%s) = %v, want an error naming it and saying %q", filepath.Base(tt.file), err, tt.says)
		}
	}
	entries, _ := os.ReadDir(dataDir)
	if len(entries) != 1 {
		t.Errorf("refused restores left files: %v", entries)
	}
	if got := sqlitetest.Setting(t, filepath.Join(dataDir, DatabaseFile), sqlite.SettingPerformAs); got != "kept" {
		t.Errorf("the live database changed: %q", got)
	}
}
