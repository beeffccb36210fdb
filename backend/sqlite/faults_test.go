package sqlite_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// lockHolderEnv makes this test binary, started again as a child, hold the
// database named by the variable in an exclusive transaction: it writes one
// setting, says "locked", waits for a line on stdin, commits and says
// "released".
const lockHolderEnv = "ASSESSBRIDGE_TEST_LOCK_HOLDER"

func TestMain(m *testing.M) {
	if path := os.Getenv(lockHolderEnv); path != "" {
		os.Exit(holdLock(path))
	}
	os.Exit(m.Run())
}

func holdLock(path string) int {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	defer conn.Close()
	for _, q := range []string{`BEGIN EXCLUSIVE`, `INSERT INTO settings (key, value, updated_at) VALUES ('written_by_holder', 'yes', 0)`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			fmt.Println("error:", err)
			return 1
		}
	}
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n')
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("released")
	return 0
}

// lockHolder is another process holding the database's write lock.
type lockHolder struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
}

func startLockHolder(t *testing.T, path string) *lockHolder {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), lockHolderEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &lockHolder{cmd: cmd, stdin: stdin, out: bufio.NewReader(stdout)}
	t.Cleanup(func() {
		h.stdin.Close()
		if h.cmd.ProcessState == nil {
			h.cmd.Process.Kill()
			h.cmd.Wait()
		}
	})
	h.expect(t, "locked")
	return h
}

func (h *lockHolder) expect(t *testing.T, want string) {
	t.Helper()
	line, err := h.out.ReadString('\n')
	if strings.TrimSpace(line) != want {
		t.Fatalf("lock holder said %q (%v), want %q", line, err, want)
	}
}

func (h *lockHolder) release(t *testing.T) {
	t.Helper()
	io.WriteString(h.stdin, "go\n")
	h.expect(t, "released")
	if err := h.cmd.Wait(); err != nil {
		t.Fatalf("lock holder: %v", err)
	}
}

func TestWritesWaitForAnotherProcessLockThenFailClearly(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	if err := db.SetSetting(ctx, sqlite.SettingPerformAs, "user-before"); err != nil {
		t.Fatal(err)
	}
	holder := startLockHolder(t, db.Path())

	// Readers are not blocked: the dashboard stays up.
	start := time.Now()
	if got, err := db.Setting(ctx, sqlite.SettingPerformAs); err != nil || got != "user-before" {
		t.Errorf("read during the lock = %q, %v", got, err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("a read waited %s for the writer's lock", took)
	}

	// A write waits out busy_timeout (5 s), then fails and says why.
	start = time.Now()
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		return sqlite.SetSettingTx(ctx, tx, sqlite.SettingPollInterval, "7m", time.Now())
	})
	took := time.Since(start)
	if err == nil {
		t.Fatal("a write succeeded while another process held the lock")
	}
	t.Logf("write under lock failed after %s: %v", took.Round(time.Millisecond), err)
	if took < 4500*time.Millisecond || took > 15*time.Second {
		t.Errorf("the write failed after %s, want about the 5 s busy timeout", took)
	}
	if !sqlite.IsBusy(err) {
		t.Errorf("IsBusy(%v) = false", err)
	}
	for _, want := range []string{db.Path(), "locked by another program", "nothing was written"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	// A plain write fails the same way.
	if err := db.SetSetting(ctx, sqlite.SettingLeverEnvironment, "sandbox"); !sqlite.IsBusy(err) {
		t.Errorf("SetSetting under lock = %v, want a busy error", err)
	}

	// Opening the same file meanwhile (a second app on the same folder)
	// finds nothing to migrate, so nothing to write: it opens.
	second, err := sqlite.Open(ctx, db.Path())
	if err != nil {
		t.Logf("second Open under lock: %v", err)
		if !strings.Contains(err.Error(), "locked by another program") {
			t.Errorf("second Open under lock failed unclearly: %v", err)
		}
	} else {
		second.Close()
	}

	holder.release(t)
	// The other process's write is there; the refused one is not; writing works again.
	if got, _ := db.Setting(ctx, "written_by_holder"); got != "yes" {
		t.Errorf("the other process's committed write = %q", got)
	}
	if got, _ := db.Setting(ctx, sqlite.SettingPollInterval); got != "" {
		t.Errorf("the refused write left %q behind", got)
	}
	if err := db.Tx(ctx, func(tx *sql.Tx) error {
		return sqlite.SetSettingTx(ctx, tx, sqlite.SettingPollInterval, "7m", time.Now())
	}); err != nil {
		t.Fatalf("write after the lock was released: %v", err)
	}
	if got, _ := db.Setting(ctx, sqlite.SettingPollInterval); got != "7m" {
		t.Errorf("after release, setting = %q, want 7m", got)
	}
}

// fillUntilFull writes 2 KB settings one commit at a time until a write
// fails; it returns how many were committed and the failure.
func fillUntilFull(t *testing.T, db *sqlite.DB, max int) (int, error) {
	t.Helper()
	ctx := context.Background()
	value := strings.Repeat("x", 2048)
	for i := range max {
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			return sqlite.SetSettingTx(ctx, tx, fmt.Sprintf("fill-%05d", i), value, time.Now())
		})
		if err != nil {
			return i, err
		}
	}
	t.Fatalf("%d writes of 2 KB all succeeded: the database never filled up", max)
	return 0, nil
}

func countFill(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	var first, last sql.NullString
	if err := db.QueryRow(`SELECT count(*), min(key), max(key) FROM settings WHERE key LIKE 'fill-%'`).Scan(&n, &first, &last); err != nil {
		t.Fatal(err)
	}
	if n > 0 && (first.String != "fill-00000" || last.String != fmt.Sprintf("fill-%05d", n-1)) {
		t.Errorf("the %d surviving writes are not the first ones: %s … %s", n, first.String, last.String)
	}
	return n
}

func integrity(t *testing.T, db *sql.DB) {
	t.Helper()
	var verdict string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&verdict); err != nil || verdict != "ok" {
		t.Errorf("integrity_check = %q, %v", verdict, err)
	}
}

func checkFullError(t *testing.T, db *sqlite.DB, err error) {
	t.Helper()
	if !sqlite.IsFull(err) {
		t.Fatalf("the failing write said %v, want SQLite's database or disk is full", err)
	}
	for _, want := range []string{db.Path(), "disk is full", "not written"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestDatabaseAtItsSizeLimitFailsClearlyAndStaysWhole(t *testing.T) {
	ctx := context.Background()
	// No background checkpoint: the limit is met by the writes alone.
	db, _ := openDB(t, sqlite.CheckpointEvery(0))
	var pages int
	if err := db.Writer().QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	// The writer pool has one connection, so the limit sticks to it.
	if _, err := db.Writer().Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+20)); err != nil {
		t.Fatal(err)
	}
	n, err := fillUntilFull(t, db, 10_000)
	t.Logf("full after %d writes: %v", n, err)
	checkFullError(t, db, err)
	if got := countFill(t, db.Writer()); got != n {
		t.Errorf("%d writes succeeded but %d are there", n, got)
	}
	integrity(t, db.Writer())
	if _, err := db.Writer().Exec(`PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, "after-full", "ok"); err != nil {
		t.Fatalf("write after room was made: %v", err)
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := countFill(t, again.Writer()); got != n {
		t.Errorf("after reopening, %d of %d writes are there", got, n)
	}
	integrity(t, again.Writer())
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// seededFile makes an assessbridge database with n committed settings and
// closes it (checkpointed: no WAL left).
func seededFile(t *testing.T, dir string, n int) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, "assessbridge.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := db.SetSetting(ctx, fmt.Sprintf("fill-%05d", i), strings.Repeat("v", 500)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenRefusesADamagedFileUntouched(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, dir string) string
		says []string
	}{
		{
			name: "random bytes",
			make: func(t *testing.T, dir string) string {
				path := filepath.Join(dir, "assessbridge.db")
				junk := make([]byte, 64<<10)
				rand.Read(junk)
				if err := os.WriteFile(path, junk, 0o600); err != nil {
					t.Fatal(err)
				}
				return path
			},
			says: []string{"damaged or is not a database", "backup", "assessbridge restore"},
		},
		{
			name: "another program's database",
			make: func(t *testing.T, dir string) string {
				path := filepath.Join(dir, "assessbridge.db")
				other, err := sql.Open("sqlite", "file:"+path)
				if err != nil {
					t.Fatal(err)
				}
				defer other.Close()
				for _, q := range []string{`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)`, `CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER)`,
					`INSERT INTO users (name) VALUES ('ada'), ('grace')`} {
					if _, err := other.Exec(q); err != nil {
						t.Fatal(err)
					}
				}
				return path
			},
			says: []string{"another program's SQLite database", "orders, users", "left as it is", "backup"},
		},
		{
			name: "truncated to half",
			make: func(t *testing.T, dir string) string {
				path := seededFile(t, dir, 400)
				fi, _ := os.Stat(path)
				if err := os.Truncate(path, fi.Size()/2); err != nil {
					t.Fatal(err)
				}
				return path
			},
			says: []string{"damaged", "backup", "left as it is"},
		},
		{
			name: "a page overwritten",
			make: func(t *testing.T, dir string) string {
				path := seededFile(t, dir, 400)
				f, err := os.OpenFile(path, os.O_RDWR, 0)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				junk := make([]byte, 4096)
				rand.Read(junk)
				fi, _ := f.Stat()
				// A page in the middle of the settings table's leaves.
				if _, err := f.WriteAt(junk, (fi.Size()/4096/2)*4096); err != nil {
					t.Fatal(err)
				}
				return path
			},
			says: []string{"damaged", "backup", "left as it is"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.make(t, dir)
			before := fileSum(t, path)
			db, err := sqlite.Open(context.Background(), path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			t.Logf("Open: %v", err)
			for _, want := range append([]string{"sqlite: " + path}, tt.says...) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not say %q", want)
				}
			}
			if fileSum(t, path) != before {
				t.Error("the refused file was changed")
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "assessbridge.db" {
					t.Errorf("Open left %s behind", e.Name())
				}
			}
		})
	}
}

// crashImage copies a live database and its WAL, as a kill -9 or a power
// cut would leave them: committed writes only in the WAL.
func crashImage(t *testing.T, n int) (dir string, walSize int64) {
	t.Helper()
	ctx := context.Background()
	db, _ := openDB(t)
	// Keep everything in the WAL.
	if _, err := db.Writer().Exec(`PRAGMA wal_autocheckpoint = 0`); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := db.SetSetting(ctx, fmt.Sprintf("fill-%05d", i), strings.Repeat("w", 300)); err != nil {
			t.Fatal(err)
		}
	}
	dir = t.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(db.Path() + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "assessbridge.db"+suffix), b, 0o600); err != nil {
			t.Fatal(err)
		}
		if suffix == "-wal" {
			walSize = int64(len(b))
		}
	}
	return dir, walSize
}

func TestOpenAfterACrashWithATruncatedWAL(t *testing.T) {
	const n = 200
	tests := []struct {
		name     string
		cut      func(size int64) int64
		min, max int // surviving writes
	}{
		{"whole WAL", func(size int64) int64 { return size }, n, n},
		{"torn last frames", func(size int64) int64 { return size - 3000 }, 1, n - 1},
		{"cut in half", func(size int64) int64 { return size / 2 }, 1, n - 1},
		{"only part of the header", func(int64) int64 { return 20 }, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, size := crashImage(t, n)
			path := filepath.Join(dir, "assessbridge.db")
			if err := os.Truncate(path+"-wal", tt.cut(size)); err != nil {
				t.Fatal(err)
			}
			db, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatalf("Open after a crash: %v", err)
			}
			defer db.Close()
			got := countFill(t, db.Writer()) // a prefix of the commits, never a hole
			if got < tt.min || got > tt.max {
				t.Errorf("%d of %d writes survived, want %d…%d", got, n, tt.min, tt.max)
			}
			integrity(t, db.Writer())
			if err := db.SetSetting(context.Background(), "after-crash", "ok"); err != nil {
				t.Errorf("write after recovery: %v", err)
			}
		})
	}
}

func TestOpenInAFolderWhoseNameLooksLikeAURI(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"C# projects", "50% done?", "a b&c=d"} {
		dir := filepath.Join(t.TempDir(), name)
		path := filepath.Join(dir, "assessbridge.db")
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if err := db.SetSetting(ctx, sqlite.SettingPerformAs, "u"); err != nil {
			t.Errorf("%q: %v", name, err)
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%q: the database is not where asked: %v", name, err)
		}
		entries, _ := os.ReadDir(filepath.Dir(dir))
		if len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("%q: files made beside the folder: %v", name, names)
		}
	}
}

// BenchmarkCheck50k measures the look Open takes at a file before using it,
// on 50,000 invitations.
func BenchmarkCheck50k(b *testing.B) {
	db := seed50k(b)
	path := db.Path()
	db.Close()
	fi, _ := os.Stat(path)
	for b.Loop() {
		if err := sqlite.Check(context.Background(), path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "MB")
}
