package app

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// The configuration is read in one order, the same for `serve`, `demo`
// and the desktop window: a flag beats an environment variable, which
// beats what was chosen in Settings (stored in the database), which beats
// the default. Flags and variables are read at start; the stored values
// once the data folder is locked and its database open (see New), so the
// database is opened once, by the one assessbridge that holds the folder.

// Source is where a setting's value came from.
type Source string

// The sources, strongest first.
const (
	FromFlag    Source = "flag"
	FromEnv     Source = "env"
	FromStored  Source = "stored"
	FromDefault Source = "default"
)

// Origin says where a setting's value came from, so that Settings can say
// "set by ASSESSBRIDGE_POLL_INTERVAL" next to a value the recruiter cannot
// change there.
type Origin struct {
	Source Source `json:"source"`
	// Name is the flag (as typed, with its dashes), the environment
	// variable, or the stored setting's key; empty for a default.
	Name string `json:"name,omitempty"`
}

// Given reports whether the value was given at start (a flag or an
// environment variable), which a stored one does not override.
func (o Origin) Given() bool { return o.Source == FromFlag || o.Source == FromEnv }

// String says where the value came from, in a recruiter's words.
func (o Origin) String() string {
	switch o.Source {
	case FromFlag, FromEnv:
		return "set by " + o.Name
	case FromStored:
		return "chosen in Settings"
	}
	return "the default"
}

// Origins says where each setting that can be given in more than one place
// got its value.
type Origins struct {
	DataDir         Origin `json:"dataDir"`
	PollInterval    Origin `json:"pollInterval"`
	LeverAPIKey     Origin `json:"leverApiKey"`
	QualifiedAPIKey Origin `json:"qualifiedApiKey"`
	TriggerStages   Origin `json:"triggerStages"`
	AdminToken      Origin `json:"adminToken"`
}

// setting names the places one setting can be given; an empty name means
// it cannot be given there.
type setting struct {
	flag, env, stored string
}

var (
	dataDirSetting         = setting{flag: "data-dir", env: "ASSESSBRIDGE_DATA_DIR"}
	pollIntervalSetting    = setting{flag: "poll-interval", env: "ASSESSBRIDGE_POLL_INTERVAL", stored: sqlite.SettingPollInterval}
	leverAPIKeySetting     = setting{flag: "lever-api-key", env: "LEVER_API_KEY"}
	qualifiedAPIKeySetting = setting{flag: "qualified-api-key", env: "QUALIFIED_API_KEY"}
)

// sources are the places settings are read from. flags holds the flags
// given on the command line, by name; stored reads a setting kept in the
// database, and is nil until the database is open.
type sources struct {
	flags  map[string]string
	getenv func(string) string
	stored func(ctx context.Context, key string) (string, error)
}

// givenFlags are the flags set on the command line, by name.
func givenFlags(fs *flag.FlagSet) map[string]string {
	flags := map[string]string{}
	fs.Visit(func(f *flag.Flag) { flags[f.Name] = f.Value.String() })
	return flags
}

// lookup is the one order: the first place that holds a value for s gives
// it. Nothing found is the default, "" with FromDefault.
func (src sources) lookup(ctx context.Context, s setting) (string, Origin, error) {
	// An empty value is no value, as for a variable set to "".
	if v := src.flags[s.flag]; v != "" && s.flag != "" {
		return v, Origin{Source: FromFlag, Name: "--" + s.flag}, nil
	}
	if src.getenv != nil && s.env != "" {
		if v := src.getenv(s.env); v != "" {
			return v, Origin{Source: FromEnv, Name: s.env}, nil
		}
	}
	if src.stored != nil && s.stored != "" {
		v, err := src.stored(ctx, s.stored)
		if err != nil {
			return "", Origin{}, err
		}
		if v != "" {
			return v, Origin{Source: FromStored, Name: s.stored}, nil
		}
	}
	return "", Origin{Source: FromDefault}, nil
}

// duration looks up a duration setting: def when nothing gives it.
func (src sources) duration(ctx context.Context, s setting, def time.Duration) (time.Duration, Origin, error) {
	v, o, err := src.lookup(ctx, s)
	if err != nil || o.Source == FromDefault {
		return def, o, err
	}
	d, err := time.ParseDuration(v)
	if err == nil {
		err = checkPollInterval(d)
	}
	if err != nil {
		return def, o, fmt.Errorf("%s: %w", o.Name, err)
	}
	return d, o, nil
}

// given looks up a setting in the flags and the environment only: what is
// known before the database is open.
func (s setting) given(flags map[string]string, getenv func(string) string, def time.Duration) (time.Duration, Origin, error) {
	return sources{flags: flags, getenv: getenv}.duration(context.Background(), s, def)
}

// dataDir is the data folder: --data-dir, ASSESSBRIDGE_DATA_DIR, or
// assessbridge in the OS user config folder (the error says why there is
// none).
func dataDir(flags map[string]string, getenv func(string) string) (string, Origin, error) {
	dir, o, _ := sources{flags: flags, getenv: getenv}.lookup(context.Background(), dataDirSetting)
	if o.Source != FromDefault {
		return dir, o, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", o, err
	}
	return filepath.Join(base, "assessbridge"), o, nil
}

// loadStored completes the configuration from the open database, in the
// one order: a setting given as a flag or variable keeps its value; any
// other takes the stored one, if there is one; the rest keep the value the
// Config was made with (its default). A stored value that no longer
// passes is skipped with a warning: the app still starts.
func (c *Config) loadStored(ctx context.Context, db *sqlite.DB, warn func(msg string, args ...any)) error {
	if c.Origins.PollInterval.Given() {
		return nil
	}
	def := c.PollInterval
	if def == 0 {
		def = DefaultPollInterval
	}
	src := sources{stored: db.Setting}
	d, o, err := src.duration(ctx, pollIntervalSetting, def)
	if err != nil && o.Source == FromStored {
		warn("the stored poll interval is not used", "err", err, "using", shortDuration(def))
		d, o, err = def, Origin{Source: FromDefault}, nil
	}
	if err != nil {
		return err
	}
	c.PollInterval = d
	if o.Source == FromStored || c.Origins.PollInterval.Source == "" {
		c.Origins.PollInterval = o
	}
	return nil
}
