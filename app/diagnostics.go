package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// A diagnostics file is what a recruiter sends to whoever helps them: a
// text file a person can read, with what assessbridge knows about itself,
// its settings and connections, the last day's activity and the end of its
// log. It never holds a key, a token or a webhook secret: what it quotes
// holds none, and every secret value assessbridge knows is hidden from the
// whole text before it is written, in case one slipped into a log line.
const (
	diagnosticsLogLines      = 500
	diagnosticsActivitySpan  = 24 * time.Hour
	diagnosticsActivityLines = 5000
)

// secretNames are every secret the app keeps in the secret store.
var secretNames = append([]string{secrets.LeverAPIKey, secrets.QualifiedAPIKey, secrets.LeverSignatureToken,
	secrets.QualifiedPathSecret, secrets.LeverOAuthLogin, secrets.LeverOAuthClientSecret, secrets.TunnelToken},
	lifecycleTokenNames()...)

// lifecycleTokenNames are the signature tokens of the Lever webhooks for
// the events after a stage change.
func lifecycleTokenNames() []string {
	var out []string
	for _, event := range lever.HandledEvents[1:] {
		out = append(out, secrets.LeverEventSignatureToken(event))
	}
	return out
}

// secretValues is every secret value the app knows: the keys it was given,
// its admin token, and what its secret store holds.
func (a *App) secretValues() []string {
	return append(a.configSecrets(), a.storedSecrets()...)
}

// configSecrets are the secrets assessbridge was started with.
func (a *App) configSecrets() []string {
	out := []string{a.cfg.LeverAPIKey, a.cfg.QualifiedAPIKey, a.cfg.AdminToken}
	if o := a.cfg.LeverOAuth; o != nil {
		out = append(out, o.ClientSecret)
	}
	if k := a.cfg.DemoKeys; k != nil {
		out = append(out, k.Lever, k.Qualified)
	}
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

// storedSecrets is what the secret store holds now: the Lever login's
// tokens one by one as well as whole (every refreshed token is kept before
// it is used).
func (a *App) storedSecrets() []string {
	var out []string
	for _, name := range secretNames {
		v, err := a.secrets.Get(name)
		if err != nil || v == "" {
			continue
		}
		out = append(out, v)
		if name == secrets.LeverOAuthLogin {
			var l storedLogin
			if json.Unmarshal([]byte(v), &l) == nil {
				out = append(out, l.AccessToken, l.RefreshToken)
			}
		}
	}
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

// secretsForLog is what a log sink hides: the secrets the app was started
// with (read now, once: Setup may change the configuration while a line is
// logged) and, at each asking, what the secret store holds.
func (a *App) secretsForLog() func() []string {
	fixed := a.configSecrets()
	return func() []string { return append(slices.Clone(fixed), a.storedSecrets()...) }
}

// diagnosticsFileName names a diagnostics file written at t:
// assessbridge-diagnostics-YYYYMMDD-HHMM.txt, in local time.
func diagnosticsFileName(t time.Time) string {
	return "assessbridge-diagnostics-" + t.Format("20060102-1504") + ".txt"
}

// diagnostics writes the diagnostics text as of now.
func (a *App) diagnostics(ctx context.Context, now time.Time) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	heading := func(title string) { line("\n%s\n%s", title, strings.Repeat("-", len([]rune(title)))) }
	field := func(name, value string) { line("%-26s %s", name+":", value) }

	build := BuildVersion()
	line("assessbridge diagnostics")
	line("========================")
	line("Send this file to whoever helps you with assessbridge. It holds no API key, token or webhook secret;")
	line("it does hold the last day's activity, which names candidates and their Lever ids.")
	line("")
	field("Written", now.Format("2006-01-02 15:04:05 -0700 MST"))
	field("Version", build.String())
	field("Version number", build.Version)
	field("Commit", cmpOr(build.Commit, "unknown")+choose(build.Modified, " (modified)", ""))
	field("System", build.OS+"/"+build.Arch)
	field("Go", build.Go)
	field("Runs as", a.runMode())
	field("Data folder", a.cfg.DataDir)
	field("Log file", LogFilePath(a.cfg.DataDir))
	field("Keys kept in", a.keysKeptIn())
	if a.secretsInfo.Warning != "" {
		field("Keys note", a.secretsInfo.Warning)
	}

	heading("Settings")
	if s, err := a.settingsForDiagnostics(ctx); err != nil {
		line("The settings could not be read: %v", err)
	} else {
		field("Perform actions as", cmpOr(s.PerformAs, "(not chosen)"))
		field("Check for missed updates", s.PollInterval)
		field("Lever login client id", cmpOr(s.LeverOAuthClientID, "(none)"))
		field("Lever login redirect", cmpOr(s.LeverOAuthRedirectURL, "(none)"))
		field("Lever login secret kept", choose(s.LeverOAuthSecretKept, "yes", "no"))
		if s.SecretsFile != "" {
			field("Secrets file", s.SecretsFile)
		}
	}

	heading("Connections")
	if st, err := a.status(ctx); err != nil {
		line("The connection state could not be read: %v", err)
	} else {
		lev := choose(st.Lever.Connected, "connected ("+st.Lever.Environment+", "+choose(st.Lever.Method == "oauth", "logged in", "API key")+")", "not connected")
		field("Lever", lev)
		if st.Lever.Error != "" {
			field("Lever problem", st.Lever.Error)
		}
		field("Qualified", choose(st.Qualified.Connected, "connected", "not connected"))
		p := st.PublicAddress
		field("Public address", cmpOr(st.PublicURL, "(none yet)"))
		field("Public address mode", p.Mode+", "+p.State+choose(p.Hostname != "", ", "+p.Hostname, ""))
		if p.Error != "" {
			field("Public address problem", p.Error)
		}
		field("Lever webhook", choose(st.Webhook.Registered, "registered at "+st.Webhook.URL, "not registered"))
		if st.Webhook.Error != "" {
			field("Webhook problem", st.Webhook.Error)
		}
		if st.Webhook.ManualWhere != "" {
			field("Webhook to add by hand", st.Webhook.ManualWhere)
		}
		if last := st.Webhook.LastDeliveryAt; last != nil && *last != "" {
			field("Last Lever delivery", *last)
		} else {
			field("Last Lever delivery", "none yet")
		}
		if len(st.TriggerStages) == 0 {
			field("Trigger stages", "none chosen")
		}
		for _, s := range st.TriggerStages {
			field("Trigger stage", fmt.Sprintf("%s (%s), since %s", cmpOr(s.Name, "unnamed"), s.StageID, s.Since))
		}
		line("")
		line("Setup:")
		for _, s := range st.Setup {
			line("  [%s] %s: %s", choose(s.Done, "x", " "), s.Title, s.Detail)
		}
	}

	heading("Invitations by status")
	a.writeCounts(ctx, &b)

	heading(fmt.Sprintf("Activity of the last %d hours", int(diagnosticsActivitySpan.Hours())))
	a.writeActivity(ctx, &b, now.Add(-diagnosticsActivitySpan))

	heading(fmt.Sprintf("Log, last %d lines", diagnosticsLogLines))
	lines, err := lastLogLines(LogFilePath(a.cfg.DataDir), diagnosticsLogLines)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		line("There is no log file yet.")
	case err != nil:
		line("The log file could not be read: %v", err)
	case len(lines) == 0:
		line("The log file is empty.")
	}
	for _, l := range lines {
		line("%s", l)
	}
	return hideSecrets(b.String(), a.secretValues())
}

// runMode says how this assessbridge runs, in the recruiter's words.
func (a *App) runMode() string {
	switch {
	case a.cfg.Demo && a.window:
		return "demo, in the desktop window"
	case a.cfg.Demo:
		return "demo, in the browser"
	case a.window:
		return "desktop window"
	case a.cfg.AdminToken != "":
		return "server (assessbridge serve), with an admin login"
	}
	return "server (assessbridge serve)"
}

// keysKeptIn says where the keys are: the keychain, or the file.
func (a *App) keysKeptIn() string {
	if f, ok := a.secrets.Store().(*secrets.File); ok {
		return "a file readable only by you: " + f.Path()
	}
	return "the system keychain"
}

// keysBackend is "keychain" or "file".
func (a *App) keysBackend() string {
	if _, ok := a.secrets.Store().(*secrets.File); ok {
		return secrets.BackendFile
	}
	return secrets.BackendKeychain
}

// settingsForDiagnostics is what GET /api/settings shows, from the same
// source.
func (a *App) settingsForDiagnostics(ctx context.Context) (adminapi.Settings, error) {
	return (*appSettings)(a).Settings(ctx)
}

func (a *App) writeCounts(ctx context.Context, b *strings.Builder) {
	counts, err := a.db.StatusCounts(ctx)
	if err != nil {
		fmt.Fprintf(b, "The counts could not be read: %v\n", err)
		return
	}
	titles := map[string]string{}
	if steps, err := a.db.Funnel(ctx); err == nil {
		for _, s := range steps {
			titles[s.AssessmentID] = s.Title
		}
	}
	total := map[backend.Status]int{}
	ids := make([]string, 0, len(counts))
	for id, byStatus := range counts {
		ids = append(ids, id)
		for s, n := range byStatus {
			total[s] += n
		}
	}
	slices.SortFunc(ids, func(x, y string) int {
		return strings.Compare(strings.ToLower(titles[x]+x), strings.ToLower(titles[y]+y))
	})
	row := func(name string, byStatus map[backend.Status]int) {
		parts := make([]string, 0, len(backend.Statuses))
		sum := 0
		for _, s := range backend.Statuses {
			parts = append(parts, fmt.Sprintf("%s %d", s, byStatus[s]))
			sum += byStatus[s]
		}
		fmt.Fprintf(b, "%-32s %s (total %d)\n", name, strings.Join(parts, ", "), sum)
	}
	row("All assessments", total)
	for _, id := range ids {
		row(cmpOr(titles[id], id), counts[id])
	}
}

func (a *App) writeActivity(ctx context.Context, b *strings.Builder, since time.Time) {
	var lines []backend.Activity
	before := int64(0)
	for len(lines) < diagnosticsActivityLines {
		page, err := a.db.ListActivity(ctx, sqlite.ActivityFilter{Limit: 1000, Before: before})
		if err != nil {
			fmt.Fprintf(b, "The activity could not be read: %v\n", err)
			return
		}
		done := len(page) < 1000
		for _, x := range page {
			if x.At.Before(since) {
				done = true
				break
			}
			lines = append(lines, x)
		}
		if done || len(page) == 0 {
			break
		}
		before = page[len(page)-1].ID
	}
	if len(lines) == 0 {
		fmt.Fprintln(b, "Nothing happened in the last 24 hours.")
		return
	}
	if len(lines) >= diagnosticsActivityLines {
		fmt.Fprintf(b, "(the newest %d lines)\n", diagnosticsActivityLines)
	}
	// Oldest first, as a log reads.
	for i := len(lines) - 1; i >= 0; i-- {
		x := lines[i]
		fmt.Fprintf(b, "%s  %-8s %-7s %-10s %-24s %-14s %s\n", x.At.UTC().Format(time.RFC3339), x.Outcome, x.Kind, x.Source, x.Event,
			cmpOr(x.OpportunityID, "-"), strings.ReplaceAll(x.Message, "\n", " "))
	}
}

// lastLogLines is the last n lines of the log at path, reaching into the
// newest rotated file when the current one holds fewer.
func lastLogLines(path string, n int) ([]string, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	if len(lines) < n {
		if older, err := readLines(path + ".1"); err == nil {
			lines = append(older, lines...)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines, nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 64<<10), 1<<20)
	for s.Scan() {
		lines = append(lines, s.Text())
	}
	return lines, s.Err()
}

// saveDiagnosticsFile writes text as name in dir, readable by the user
// alone, never over a file that is there: a taken name gets -2, -3, … before
// its extension. It returns the path written.
func saveDiagnosticsFile(dir, name, text string) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i <= 100; i++ {
		p := filepath.Join(dir, name)
		if i > 1 {
			p = filepath.Join(dir, fmt.Sprintf("%s-%d%s", base, i, ext))
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = io.Copy(f, bytes.NewBufferString(text))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(p)
			return "", err
		}
		return p, nil
	}
	return "", fmt.Errorf("%s already holds 100 files named %s-…%s", dir, base, ext)
}

// downloadsFolder is where a saved diagnostics file goes: the user's
// Downloads folder, or their home folder when there is none.
func downloadsFolder(getenv func(string) string, goos string) (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home folder to save into: %w", err)
	}
	if goos != "windows" && goos != "darwin" {
		// The freedesktop.org user folders, which may be named in the user's language.
		if d := xdgDownloadDir(home, getenv); d != "" && isDir(d) {
			return d, nil
		}
	}
	if d := filepath.Join(home, "Downloads"); isDir(d) {
		return d, nil
	}
	return home, nil
}

// xdgDownloadDir reads XDG_DOWNLOAD_DIR from user-dirs.dirs, "" when unset.
func xdgDownloadDir(home string, getenv func(string) string) string {
	if d := getenv("XDG_DOWNLOAD_DIR"); d != "" {
		return d
	}
	config := getenv("XDG_CONFIG_HOME")
	if config == "" {
		config = filepath.Join(home, ".config")
	}
	b, err := os.ReadFile(filepath.Join(config, "user-dirs.dirs"))
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(b), "\n") {
		v, ok := strings.CutPrefix(strings.TrimSpace(l), "XDG_DOWNLOAD_DIR=")
		if !ok {
			continue
		}
		v = strings.Trim(v, `"`)
		if rest, ok := strings.CutPrefix(v, "$HOME"); ok {
			v = home + rest
		}
		if !filepath.IsAbs(v) {
			return ""
		}
		return filepath.Clean(v)
	}
	return ""
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
