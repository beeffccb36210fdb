package app

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/demo"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// storePollInterval stores in dataDir's database the poll interval as
// Settings does ("" stores none), and closes it.
func storePollInterval(t *testing.T, dataDir, poll string) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(dataDir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetSetting(context.Background(), sqlite.SettingPollInterval, poll); err != nil {
		t.Fatal(err)
	}
}

// storedDB is a real database, open, with the poll interval stored as
// Settings stores it.
func storedDB(t *testing.T, poll string) *sqlite.DB {
	t.Helper()
	dir := t.TempDir()
	storePollInterval(t, dir, poll)
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// A setting is read in one order, whichever way assessbridge runs: a flag
// beats a variable, which beats what Settings stored, which beats the
// default; and the configuration says which it was.
func TestOneOrderFlagBeatsEnvBeatsStoredBeatsDefault(t *testing.T) {
	const env = "ASSESSBRIDGE_POLL_INTERVAL"
	modes := []struct {
		name string
		// load reads the configuration as the mode does before its data
		// folder is open.
		load func(t *testing.T, flag string, getenv func(string) string) Config
		def  time.Duration
	}{
		{"serve", func(t *testing.T, flag string, getenv func(string) string) Config {
			args := []string{"--data-dir", t.TempDir()}
			if flag != "" {
				args = append(args, "--poll-interval", flag)
			}
			cfg, err := ParseServeFlags(args, getenv, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			return cfg
		}, DefaultPollInterval},
		{"demo", func(t *testing.T, flag string, getenv func(string) string) Config {
			if flag != "" {
				t.Skip("the demo has no --poll-interval")
			}
			dc, err := ParseDemoFlags([]string{"--data-dir", t.TempDir(), "--no-window"}, getenv, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			cfg := Config{PollInterval: dc.PollInterval}
			cfg.Origins.PollInterval = dc.PollIntervalFrom
			return cfg
		}, demo.PollInterval},
		{"window", func(t *testing.T, flag string, getenv func(string) string) Config {
			if flag != "" {
				t.Skip("the window has no flags")
			}
			d, from, err := pollIntervalSetting.given(nil, getenv, DefaultPollInterval)
			if err != nil {
				t.Fatal(err)
			}
			cfg := Config{PollInterval: d}
			cfg.Origins.PollInterval = from
			return cfg
		}, DefaultPollInterval},
	}
	for _, mode := range modes {
		for _, tt := range []struct {
			name, flag, env, stored string
			want                    time.Duration
			from                    Origin
		}{
			{"all three", "2m", "3m", "4m", 2 * time.Minute, Origin{FromFlag, "--poll-interval"}},
			{"flag and stored", "2m", "", "4m", 2 * time.Minute, Origin{FromFlag, "--poll-interval"}},
			{"env and stored", "", "3m", "4m", 3 * time.Minute, Origin{FromEnv, env}},
			{"stored only", "", "", "4m", 4 * time.Minute, Origin{FromStored, sqlite.SettingPollInterval}},
			{"nothing", "", "", "", 0, Origin{Source: FromDefault}},
			{"a stored value out of range", "", "", "100h", 0, Origin{Source: FromDefault}},
		} {
			t.Run(mode.name+"/"+tt.name, func(t *testing.T) {
				getenv := func(k string) string {
					if k == env {
						return tt.env
					}
					return ""
				}
				cfg := mode.load(t, tt.flag, getenv)
				var warned []string
				warn := func(msg string, _ ...any) { warned = append(warned, msg) }
				if err := cfg.loadStored(context.Background(), storedDB(t, tt.stored), warn); err != nil {
					t.Fatal(err)
				}
				want := tt.want
				if want == 0 {
					want = mode.def
				}
				if cfg.PollInterval != want || cfg.Origins.PollInterval != tt.from {
					t.Errorf("poll interval %s from %+v, want %s from %+v", cfg.PollInterval, cfg.Origins.PollInterval, want, tt.from)
				}
				if (tt.stored == "100h") != (len(warned) == 1) {
					t.Errorf("warnings %q", warned)
				}
			})
		}
	}
}

// A variable that is not a poll interval stops serve at start, naming the
// variable, as a bad flag does.
func TestAPollIntervalOutOfRangeNamesWhereItCameFrom(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  string
		says string
	}{
		{[]string{"--poll-interval", "100h"}, "", "--poll-interval"},
		{nil, "100h", "ASSESSBRIDGE_POLL_INTERVAL"},
		{nil, "soon", "ASSESSBRIDGE_POLL_INTERVAL"},
	} {
		args := append([]string{"--data-dir", t.TempDir()}, tt.args...)
		_, err := ParseServeFlags(args, func(k string) string {
			if k == "ASSESSBRIDGE_POLL_INTERVAL" {
				return tt.env
			}
			return ""
		}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%v with %q: %v, want an error naming %s", tt.args, tt.env, err, tt.says)
		}
	}
}

// The other settings given in more than one place follow the same order
// and say where they came from.
func TestDataFolderAndKeysSayWhereTheyCameFrom(t *testing.T) {
	flagDir, envDir := t.TempDir(), t.TempDir()
	keyFile := filepath.Join(t.TempDir(), "lever.key")
	if err := os.WriteFile(keyFile, []byte("from-the-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"ASSESSBRIDGE_DATA_DIR": envDir, "LEVER_API_KEY": "from-env", "QUALIFIED_API_KEY": "q-from-env"}
	getenv := func(k string) string { return vars[k] }
	for _, tt := range []struct {
		args               []string
		dir, lever, qual   string
		dirFrom, leverFrom Origin
		qualifiedKeyOrigin Origin
	}{
		{nil, envDir, "from-env", "q-from-env", Origin{FromEnv, "ASSESSBRIDGE_DATA_DIR"}, Origin{FromEnv, "LEVER_API_KEY"}, Origin{FromEnv, "QUALIFIED_API_KEY"}},
		{[]string{"--data-dir", flagDir, "--lever-api-key", "from-flag"}, flagDir, "from-flag", "q-from-env",
			Origin{FromFlag, "--data-dir"}, Origin{FromFlag, "--lever-api-key"}, Origin{FromEnv, "QUALIFIED_API_KEY"}},
		{[]string{"--lever-api-key", "from-flag", "--lever-api-key-file", keyFile}, envDir, "from-the-file", "q-from-env",
			Origin{FromEnv, "ASSESSBRIDGE_DATA_DIR"}, Origin{FromFlag, "--lever-api-key-file"}, Origin{FromEnv, "QUALIFIED_API_KEY"}},
	} {
		cfg, err := ParseServeFlags(tt.args, getenv, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.DataDir != tt.dir || cfg.LeverAPIKey != tt.lever || cfg.QualifiedAPIKey != tt.qual ||
			cfg.Origins.DataDir != tt.dirFrom || cfg.Origins.LeverAPIKey != tt.leverFrom || cfg.Origins.QualifiedAPIKey != tt.qualifiedKeyOrigin {
			t.Errorf("%v: %s %s %s from %+v", tt.args, cfg.DataDir, cfg.LeverAPIKey, cfg.QualifiedAPIKey, cfg.Origins)
		}
	}
	if got := (Origin{FromEnv, "ASSESSBRIDGE_POLL_INTERVAL"}).String(); got != "set by ASSESSBRIDGE_POLL_INTERVAL" {
		t.Errorf("an origin says %q", got)
	}
}

// Settings shows the poll interval stored there; serve now runs with it
// (it used to run with its default while Settings showed the stored one).
// The stored 1s shows in Lever's log: the catch-up that asks it for
// candidates runs again and again, where the default would run it once.
func TestServeRunsWithTheStoredPollInterval(t *testing.T) {
	lev := levertest.New(levertest.Options{})
	defer lev.Close()
	lev.AddStage("assess", "Coding assessment")
	qual := qualifiedtest.New(qualifiedtest.Options{})
	defer qual.Close()
	dataDir := t.TempDir()
	storePollInterval(t, dataDir, "1s")
	hooks := "127.0.0.1:" + freePort(t)
	env := map[string]string{"LEVER_API_KEY": "lever-test-key", "QUALIFIED_API_KEY": qualifiedtest.DefaultAPIKey, "ASSESSBRIDGE_SECRETS": "file"}
	args := []string{"--data-dir", dataDir, "--listen", "127.0.0.1:0", "--webhook-listen", hooks, "--public-url", "http://" + hooks,
		"--lever-api-url", lev.URL, "--qualified-api-url", qual.URL, "--trigger-stage", "assess"}
	ctx, stop := context.WithCancel(context.Background())
	var stderr lockedBuffer
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, args, func(k string) string { return env[k] }, &stderr) }()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	asked := func() int { return lev.Stats().ByRoute["GET /opportunities"] }
	deadline := time.Now().Add(45 * time.Second)
	for asked() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("Lever was asked for missed candidates %d times in 45 s (routes %v)\nstderr:\n%s", asked(), lev.Stats().ByRoute, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), `msg="poll interval" every=1s from="chosen in Settings"`) {
		t.Errorf("serve does not say it polls every second, as chosen in Settings:\n%s", stderr.String())
	}
}

// The window reads the stored poll interval as serve does: from the one
// database it opens once it holds the data folder. A variable beats it.
func TestTheWindowRunsWithTheStoredPollIntervalUnlessAVariableSetsIt(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  string
		want time.Duration
		from Origin
	}{
		{"stored", "", 7 * time.Minute, Origin{FromStored, sqlite.SettingPollInterval}},
		{"variable", "90s", 90 * time.Second, Origin{FromEnv, "ASSESSBRIDGE_POLL_INTERVAL"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := realConfig(t)
			var err error
			cfg.PollInterval, cfg.Origins.PollInterval, err = pollIntervalSetting.given(nil, func(k string) string {
				if k == "ASSESSBRIDGE_POLL_INTERVAL" {
					return tt.env
				}
				return ""
			}, DefaultPollInterval)
			if err != nil {
				t.Fatal(err)
			}
			storePollInterval(t, cfg.DataDir, "7m")
			r := newDesktopRig(t, cfg, DemoConfig{DataDir: filepath.Join(t.TempDir(), "demo"), Pace: 20})
			if got := r.workspace(); got != WorkspaceReal {
				t.Fatalf("workspace %q", got)
			}
			r.ws.mu.Lock()
			got := r.ws.cur.app.cfg
			r.ws.mu.Unlock()
			if got.PollInterval != tt.want || got.Origins.PollInterval != tt.from {
				t.Errorf("the window polls every %s (%+v), want %s (%+v)", got.PollInterval, got.Origins.PollInterval, tt.want, tt.from)
			}
		})
	}
}
