// Package app is the composition root: it reads the configuration, wires the
// backend packages together, and serves the admin API that the UI calls. It
// holds no business rules.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend/lever"
)

// Config is everything `assessbridge serve` can be told.
type Config struct {
	DataDir         string
	Listen          string
	WebhookListen   string
	PublicURL       string
	LeverAPIURL     string
	LeverAPIKey     string
	QualifiedAPIURL string
	QualifiedAPIKey string
	// QualifiedWebURL is where invitation links and reports point; derived
	// from QualifiedAPIURL when empty.
	QualifiedWebURL string
	// TriggerStages, when set, replace the stored trigger stages.
	TriggerStages []string
	PollInterval  time.Duration
	// Demo marks the app as running against the built-in simulators.
	Demo bool
	// SecretsInFile keeps secrets in the data folder's 0600 file even where
	// an OS keychain exists (the demo, whose data is thrown away).
	SecretsInFile bool
	// QuickTunnelService overrides cloudflared's quick-tunnel service
	// (ASSESSBRIDGE_QUICK_TUNNEL_SERVICE; tests point it at a local fake).
	QuickTunnelService string
	// LeverOAuth is the team's Lever partner app for "Log in to Lever".
	LeverOAuth *LeverOAuth
	// DemoKeys are the simulators' keys, shown in Setup when the demo starts unconnected.
	DemoKeys *DemoKeys
	// AdminToken is the admin UI's login: every /api/ request must carry it
	// or a session made with it. Given as ASSESSBRIDGE_ADMIN_TOKEN, it also
	// lets the admin listener be bound beyond loopback. `serve` always has
	// one (see AdminTokenKeptIn); the demo and the window have none.
	AdminToken string
	// Origins says where each setting that can be given in several places
	// (flag > env > stored > default) got its value.
	Origins Origins
	// AdminTokenKeptIn is the data folder's admin-token file when serve made
	// or read its own token because ASSESSBRIDGE_ADMIN_TOKEN was not set.
	// The admin then stays on loopback and answers only this machine's names.
	AdminTokenKeptIn string
}

// DemoKeys are the keys the demo's simulated accounts accept.
type DemoKeys = adminapi.DemoKeys

// Defaults.
const (
	DefaultListen        = "127.0.0.1:8765"
	DefaultWebhookListen = "127.0.0.1:8766"
	DefaultPollInterval  = 5 * time.Minute
	// MinPollInterval and MaxPollInterval bound the poll interval, given
	// as a flag or chosen in Settings alike: a value one accepts, the other
	// must not refuse. The minimum is low enough for tests and drills that
	// poll every few seconds.
	MinPollInterval = adminapi.MinPollInterval
	MaxPollInterval = adminapi.MaxPollInterval
	// DefaultQualifiedAPIURL is Qualified's API.
	DefaultQualifiedAPIURL = "https://www.qualified.io/api"
	// AdminTokenEnv names the environment variable that holds the admin token.
	AdminTokenEnv = "ASSESSBRIDGE_ADMIN_TOKEN"
	// MinAdminTokenLen is the shortest admin token accepted.
	MinAdminTokenLen = 24
)

type stageList []string

func (s *stageList) String() string { return strings.Join(*s, ",") }
func (s *stageList) Set(v string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return errors.New("a trigger stage id cannot be empty")
	}
	*s = append(*s, v)
	return nil
}

// ParseServeFlags reads `serve`'s flags and, for what they leave out, the
// environment, in the loader's one order (see configload.go); the stored
// settings are read once the data folder is open (New).
func ParseServeFlags(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	cfg := Config{}
	fs := flag.NewFlagSet("assessbridge serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.String(dataDirSetting.flag, "", "data folder [ASSESSBRIDGE_DATA_DIR] (default: the OS user config dir)")
	fs.StringVar(&cfg.Listen, "listen", DefaultListen, "admin UI/API address")
	fs.StringVar(&cfg.WebhookListen, "webhook-listen", DefaultWebhookListen, "webhook receiver address")
	fs.StringVar(&cfg.PublicURL, "public-url", "", "public base URL of the webhook receiver; no tunnel is started")
	fs.StringVar(&cfg.LeverAPIURL, "lever-api-url", lever.DefaultBaseURL, "Lever API base URL")
	fs.String(leverAPIKeySetting.flag, "", "Lever API key [LEVER_API_KEY]; visible to local users as a flag: prefer the variable or --lever-api-key-file")
	leverKeyFile := fs.String("lever-api-key-file", "", "file holding the Lever API key")
	fs.StringVar(&cfg.QualifiedAPIURL, "qualified-api-url", DefaultQualifiedAPIURL, "Qualified API base URL")
	fs.String(qualifiedAPIKeySetting.flag, "", "Qualified API key [QUALIFIED_API_KEY]; visible to local users as a flag: prefer the variable or --qualified-api-key-file")
	qualifiedKeyFile := fs.String("qualified-api-key-file", "", "file holding the Qualified API key")
	var stages stageList
	fs.Var(&stages, "trigger-stage", "Lever stage id whose new arrivals are invited; repeatable; replaces the stored trigger stages")
	fs.Duration(pollIntervalSetting.flag, 0, "reconciliation period [ASSESSBRIDGE_POLL_INTERVAL] (default: as chosen in Settings, else 5m)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	flags := givenFlags(fs)
	src := sources{flags: flags, getenv: getenv}
	cfg.TriggerStages = stages
	if len(stages) > 0 {
		cfg.Origins.TriggerStages = Origin{Source: FromFlag, Name: "--trigger-stage"}
	}
	// A key on the command line is in every local user's `ps`.
	for _, s := range []setting{leverAPIKeySetting, qualifiedAPIKeySetting} {
		if _, ok := flags[s.flag]; ok {
			fmt.Fprintf(stderr, "warning: --%s is visible to every user of this machine (ps, /proc); give it as %s or with --%s-file instead\n", s.flag, s.env, s.flag)
		}
	}
	ctx := context.Background()
	cfg.LeverAPIKey, cfg.Origins.LeverAPIKey, _ = src.lookup(ctx, leverAPIKeySetting)
	cfg.QualifiedAPIKey, cfg.Origins.QualifiedAPIKey, _ = src.lookup(ctx, qualifiedAPIKeySetting)
	for _, kf := range []struct {
		flag, path string
		key        *string
		from       *Origin
	}{{"--lever-api-key-file", *leverKeyFile, &cfg.LeverAPIKey, &cfg.Origins.LeverAPIKey},
		{"--qualified-api-key-file", *qualifiedKeyFile, &cfg.QualifiedAPIKey, &cfg.Origins.QualifiedAPIKey}} {
		if kf.path == "" {
			continue
		}
		key, err := readKeyFile(kf.path, stderr)
		if err != nil {
			return cfg, fmt.Errorf("%s: %w", kf.flag, err)
		}
		*kf.key, *kf.from = key, Origin{Source: FromFlag, Name: kf.flag}
	}
	var err error
	if cfg.PollInterval, cfg.Origins.PollInterval, err = pollIntervalSetting.given(flags, getenv, DefaultPollInterval); err != nil {
		return cfg, err
	}
	cfg.LeverOAuth = LeverOAuthFromEnv(getenv)
	cfg.QuickTunnelService = getenv("ASSESSBRIDGE_QUICK_TUNNEL_SERVICE")
	cfg.AdminToken = getenv(AdminTokenEnv)
	if cfg.AdminToken != "" {
		cfg.Origins.AdminToken = Origin{Source: FromEnv, Name: AdminTokenEnv}
	}
	if cfg.DataDir, cfg.Origins.DataDir, err = dataDir(flags, getenv); err != nil {
		return cfg, fmt.Errorf("no data folder: set --data-dir or ASSESSBRIDGE_DATA_DIR (%v)", err)
	}
	return cfg, cfg.Validate()
}

// Validate checks the configuration and says plainly what is wrong.
func (c *Config) Validate() error {
	if err := checkPollInterval(c.PollInterval); err != nil {
		name := c.Origins.PollInterval.Name
		if !c.Origins.PollInterval.Given() {
			name = "--poll-interval"
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, f := range []struct{ name, url string }{{"--lever-api-url", c.LeverAPIURL}, {"--qualified-api-url", c.QualifiedAPIURL}} {
		if err := checkRemoteURL(f.url); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	if c.PublicURL != "" {
		if err := checkRemoteURL(c.PublicURL); err != nil {
			return fmt.Errorf("--public-url: %w", err)
		}
	}
	if c.AdminToken != "" {
		if err := checkAdminToken(c.AdminToken); err != nil {
			return fmt.Errorf("%s: %w", AdminTokenEnv, err)
		}
	}
	if c.Listen != "" {
		if c.AdminToken == "" {
			if err := loopbackOnly(c.Listen); err != nil {
				return fmt.Errorf("--listen: %w; to serve it on the network, set %s to a secret of at least %d characters", err, AdminTokenEnv, MinAdminTokenLen)
			}
		} else if _, _, err := net.SplitHostPort(c.Listen); err != nil {
			return fmt.Errorf("--listen: %w", err)
		}
	}
	if _, _, err := net.SplitHostPort(c.WebhookListen); err != nil {
		return fmt.Errorf("--webhook-listen: %w", err)
	}
	return nil
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

// checkPollInterval keeps the poll interval within the one range that the
// flag and Settings share.
func checkPollInterval(d time.Duration) error {
	if d < MinPollInterval || d > MaxPollInterval {
		return fmt.Errorf("the poll interval %s must be between %s and %s, like 5m or 1h", d, shortDuration(MinPollInterval), shortDuration(MaxPollInterval))
	}
	return nil
}

// shortDuration writes 24h0m0s as 24h and 1m0s as 1m.
func shortDuration(d time.Duration) string {
	return adminapi.ShortDuration(d)
}

// checkRemoteURL accepts https, and http only to this machine (the
// simulators, a local proxy): keys, candidate data and webhook secrets
// must not cross a network in the clear.
func checkRemoteURL(s string) error {
	if err := checkURL(s); err != nil {
		return err
	}
	u, _ := url.Parse(s)
	if u.Scheme == "http" && !loopbackName(u.Hostname()) {
		return fmt.Errorf("%q is plain http to another machine; use https (http is accepted only for 127.0.0.1, localhost or [::1])", s)
	}
	return nil
}

// loopbackName reports whether host names this machine.
func loopbackName(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// readKeyFile reads an API key from a file, warning when other users can
// read it.
func readKeyFile(path string, stderr io.Writer) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	key := strings.TrimSpace(string(b))
	if key == "" {
		return "", fmt.Errorf("%s is empty", path)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(stderr, "warning: %s can be read by other users (mode %s); chmod 600 it\n", path, fi.Mode().Perm())
	}
	return key, nil
}

// loopbackOnly refuses to serve the admin API beyond this machine unless the
// recruiter chose an admin token: serve's own token lives in a file on this
// machine, for the people who can read it here.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("the admin UI is only served on a loopback address (127.0.0.1, ::1), not %q", host)
	}
	return nil
}

// checkAdminToken refuses an admin token that is short enough to guess or
// that cannot travel as typed in a header, a cookie and a URL.
func checkAdminToken(t string) error {
	if len(t) < MinAdminTokenLen {
		return fmt.Errorf("the admin token is %d characters long; use at least %d", len(t), MinAdminTokenLen)
	}
	for _, r := range t {
		if r <= ' ' || r > '~' {
			return errors.New("the admin token may hold only visible ASCII characters, without spaces")
		}
	}
	return nil
}
