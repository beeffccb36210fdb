package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// The demo's Lever account: stage ids as Lever spells them.
const (
	demoStageApplicant = "applicant-new"
	demoStageScreen    = "demo-phone-screen"
	demoStageTrigger   = "demo-coding-assessment"
	demoStageOnsite    = "demo-onsite"
	demoStageOffer     = "offer"
	demoRecruiter      = "demo-user-riley"
	demoLeverKey       = "lever-test-key"
)

// Demo is a running demo: the app wired to simulated Lever and Qualified
// accounts, with a scripted flow of candidates.
type Demo struct {
	App       *App
	Lever     *levertest.Server
	Qualified *qualifiedtest.Server
	log       *slog.Logger
	stop      context.CancelFunc
	done      chan struct{}
}

// DemoConfig is what `assessbridge demo` can be told.
type DemoConfig struct {
	DataDir string
	Listen  string
	// Pace scales the script's timing: 1 plays it over about two minutes.
	Pace float64
	// Window opens the desktop window where one can be opened.
	Window bool
	// Setup starts with nothing connected, to walk through Setup; the flow
	// begins once a trigger stage is chosen and the webhook registered.
	Setup bool
	// History is how many past invitations the dashboard starts with.
	History int
}

// ParseDemoFlags reads `demo`'s flags.
func ParseDemoFlags(args []string, getenv func(string) string, stderr io.Writer) (DemoConfig, error) {
	cfg := DemoConfig{}
	fs := flag.NewFlagSet("assessbridge demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DataDir, "data-dir", "", "demo data folder, wiped at start: a new or empty folder, or one an earlier demo made\n(default: assessbridge-demo in the OS user config dir)")
	fs.StringVar(&cfg.Listen, "listen", DefaultListen, "admin UI/API address when no window is opened")
	fs.Float64Var(&cfg.Pace, "pace", 1, "script speed: 2 plays it twice as fast")
	noWindow := fs.Bool("no-window", false, "serve the UI on --listen instead of opening the desktop window")
	fs.BoolVar(&cfg.Setup, "setup", false, "start with nothing connected, to walk through Setup (the demo keys are shown there)")
	fs.IntVar(&cfg.History, "history", 0, "start with `N` past invitations on the dashboard (every status, several postings),\nto see it as a busy hiring team does; try 50000")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg.Window = !*noWindow && CanOpenWindow()
	if cfg.Pace <= 0 {
		return cfg, errors.New("--pace must be positive")
	}
	if cfg.History < 0 || cfg.History > maxDemoHistory {
		return cfg, fmt.Errorf("--history must be between 0 and %d", maxDemoHistory)
	}
	if cfg.DataDir == "" {
		if cfg.DataDir = defaultDemoDir(); cfg.DataDir == "" {
			return cfg, errors.New("no data folder: set --data-dir (the OS has no user config folder)")
		}
	}
	if err := loopbackOnly(cfg.Listen); err != nil {
		return cfg, fmt.Errorf("--listen: %w", err)
	}
	return cfg, nil
}

// StartDemo starts the simulators, the app on a fresh demo data folder, and
// the script.
func StartDemo(ctx context.Context, cfg DemoConfig, log *slog.Logger) (*Demo, error) {
	// The demo's data lives and dies with its simulators, but never under a
	// demo that is still running, and only in a folder the demo made.
	if err := claimDemoFolder(cfg.DataDir, cfg.DataDir == defaultDemoDir()); err != nil {
		return nil, err
	}
	release, err := lockDataDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	release()
	for _, name := range []string{DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm", "secrets.json"} {
		if err := os.Remove(filepath.Join(cfg.DataDir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("demo data folder: %w", err)
		}
	}
	d := &Demo{log: log, done: make(chan struct{})}
	// The simulated Lever also plays Lever's login, so "Log in to Lever" works in the demo.
	d.Lever = levertest.New(levertest.Options{OAuth: &levertest.OAuthOptions{}})
	d.Qualified = qualifiedtest.New(qualifiedtest.Options{})
	s := newDemoScript(d.Lever, d.Qualified)
	s.seed()
	if cfg.History > 0 {
		for _, p := range demoPastPostings {
			d.Lever.AddPosting(p)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		d.closeSimulators()
		return nil, err
	}
	hookAddr := ln.Addr().String()
	ln.Close()
	listen := cfg.Listen
	if cfg.Window {
		listen = ""
	}
	appCfg := Config{
		DataDir:         cfg.DataDir,
		Listen:          listen,
		WebhookListen:   hookAddr,
		LeverAPIURL:     d.Lever.URL,
		LeverAPIKey:     demoLeverKey,
		QualifiedAPIURL: d.Qualified.URL,
		QualifiedWebURL: d.Qualified.WebURL,
		QualifiedAPIKey: qualifiedtest.DefaultAPIKey,
		TriggerStages:   []string{demoStageTrigger},
		PollInterval:    20 * time.Second,
		Demo:            true,
		SecretsInFile:   true,
	}
	callback := listen
	if callback == "" {
		// In the window there is no admin listener: the login comes back to
		// a loopback port of its own.
		if callback, err = freeLoopbackAddr(); err != nil {
			d.closeSimulators()
			return nil, err
		}
	}
	appCfg.LeverOAuth = &LeverOAuth{ClientID: levertest.DefaultOAuthClientID, ClientSecret: levertest.DefaultOAuthClientSecret,
		RedirectURL: "http://" + callback + OAuthCallbackPath, AuthURL: d.Lever.AuthURL, TokenURL: d.Lever.TokenURL, Audience: d.Lever.Audience}
	if cfg.Setup {
		appCfg.LeverAPIKey, appCfg.QualifiedAPIKey, appCfg.TriggerStages = "", "", nil
		appCfg.DemoKeys = &DemoKeys{Lever: demoLeverKey, Qualified: qualifiedtest.DefaultAPIKey}
	}
	a, err := New(ctx, appCfg, log)
	if err != nil {
		d.closeSimulators()
		return nil, err
	}
	// The simulators are reached on this machine: the demo's public address
	// is the webhook receiver itself, as "my own public address" (so Setup
	// can show changing it).
	for k, v := range map[string]string{sqlite.SettingPerformAs: demoRecruiter, settingAddressMode: ModeOwn, settingOwnURL: "http://" + hookAddr} {
		if err = a.DB().SetSetting(ctx, k, v); err != nil {
			break
		}
	}
	if err == nil && cfg.History > 0 {
		began := time.Now()
		if err = a.DB().ImportInvitations(ctx, demoHistory(cfg.History, began, s.catalog, d.Qualified.WebURL)); err == nil {
			log.Info("demo history written", "invitations", cfg.History, "took", time.Since(began).Round(time.Millisecond))
		}
	}
	if err != nil {
		a.Shutdown(context.Background())
		d.closeSimulators()
		return nil, err
	}
	if err := a.Start(ctx); err != nil {
		a.Shutdown(context.Background())
		d.closeSimulators()
		return nil, err
	}
	d.App = a
	sctx, cancel := context.WithCancel(context.Background())
	d.stop = cancel
	go func() {
		defer close(d.done)
		if cfg.Setup && !d.waitForSetup(sctx) {
			return
		}
		s.run(sctx, cfg.Pace, log)
	}()
	return d, nil
}

// startWindowDemo starts the demo to be shown in the desktop window, as
// `assessbridge demo` does and as the desktop app's switch to the demo does.
func startWindowDemo(ctx context.Context, cfg DemoConfig, log *slog.Logger) (*Demo, error) {
	cfg.Window = true
	d, err := StartDemo(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	d.App.window = true
	return d, nil
}

func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// waitForSetup waits until Setup is far enough for candidates to flow: a
// trigger stage chosen and the webhook registered.
func (d *Demo) waitForSetup(ctx context.Context) bool {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
		st, err := d.App.status(ctx)
		if err == nil && len(st.TriggerStages) > 0 && st.Webhook.Registered {
			return true
		}
	}
}

func (d *Demo) closeSimulators() {
	d.Lever.Close()
	d.Qualified.Close()
}

// Shutdown stops the script, the app and the simulators.
func (d *Demo) Shutdown(ctx context.Context) error {
	d.stop()
	<-d.done
	err := d.App.Shutdown(ctx)
	d.closeSimulators()
	return err
}

// RunDemo runs `assessbridge demo` until ctx ends or the window closes.
func RunDemo(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := ParseDemoFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	// The folder is claimed before the first log line: the log file it would
	// make first would have a new folder look like someone else's.
	if err := claimDemoFolder(cfg.DataDir, cfg.DataDir == defaultDemoDir()); err != nil {
		return err
	}
	log, logs := newLogger(cfg.DataDir, stderr, slog.LevelInfo)
	defer logs.Close()
	var d *Demo
	defer func() {
		if d != nil {
			sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			d.Shutdown(sctx)
		}
	}()
	if cfg.Window {
		log.Info("assessbridge demo: simulated Lever and Qualified; opening the window", "data", cfg.DataDir)
		err := OpenWindow(ctx, "assessbridge — demo", startOnFirstRequest(func() (http.Handler, error) {
			var err error
			d, err = startWindowDemo(ctx, cfg, log)
			if err != nil {
				return nil, err
			}
			return d.App.WindowHandler(), nil
		}))
		if !errors.Is(err, ErrNoDesktop) || d != nil {
			return err
		}
		log.Warn("the desktop window could not be opened; serving the demo in the browser instead")
		cfg.Window = false
	}
	if d, err = StartDemo(ctx, cfg, log); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "\nassessbridge demo is running with simulated Lever and Qualified accounts.\nOpen http://%s in a browser. Press Ctrl+C to stop.\n\n", d.App.AdminAddr())
	<-ctx.Done()
	return nil
}

// demoScript is the demo's account and its flow of candidates.
type demoScript struct {
	lever *levertest.Server
	qual  *qualifiedtest.Server
	rng   *rand.Rand

	assessments map[string]string // title → Qualified id
	catalog     []demoAssessment  // the published ones, for the history
	people      []demoPerson
}

type demoPerson struct {
	id, name, email, posting string
	tags                     []string
	// plan: what the candidate does once invited.
	starts, submits, archived, moveElsewhere bool
	score                                    float64
	startAfter, submitAfter                  time.Duration
}

func newDemoScript(l *levertest.Server, q *qualifiedtest.Server) *demoScript {
	return &demoScript{lever: l, qual: q, rng: rand.New(rand.NewPCG(7, 42)), assessments: map[string]string{}}
}

var demoFirst = []string{"Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia",
	"Edsger", "Frances", "Donald", "Hedy", "Tim", "Shafi", "Guido", "Annie", "Bjarne", "Sophie", "Yukihiro", "Joan",
	"Leslie", "Mary", "Niklaus", "Jean", "Vint", "Adele", "Whitfield", "Lynn", "John", "Evelyn", "Ivan", "Carol", "Rasmus", "Dorothy"}

var demoLast = []string{"Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Perlman",
	"Dijkstra", "Allen", "Knuth", "Lamarr", "Berners-Lee", "Goldwasser", "van Rossum", "Easley", "Stroustrup", "Wilson", "Matsumoto", "Clarke",
	"Lamport", "Keller", "Wirth", "Bartik", "Cerf", "Goldberg", "Diffie", "Conway", "Backus", "Boyd", "Sutherland", "Shaw", "Lerdorf", "Vaughan"}

func (s *demoScript) seed() {
	for _, st := range [][2]string{{"lead-new", "New lead"}, {demoStageApplicant, "New applicant"}, {demoStageScreen, "Recruiter screen"},
		{demoStageTrigger, "Coding assessment"}, {demoStageOnsite, "On-site interview"}, {demoStageOffer, "Offer"}} {
		s.lever.AddStage(st[0], st[1])
	}
	s.lever.AddUser(demoRecruiter, "Riley Recruiter", "riley@example.com")
	s.lever.AddUser("demo-user-morgan", "Morgan Hiring-Manager", "morgan@example.com")
	for _, a := range []qualifiedtest.Assessment{
		{Title: "Backend Challenge", PassingScore: 70, Challenges: []string{"Rate limiter", "LRU cache", "Log parser"}},
		{Title: "Frontend Challenge", PassingScore: 65, Challenges: []string{"Accessible dropdown", "Infinite list"}},
		{Title: "SQL Basics", PassingScore: 60, Challenges: []string{"Joins", "Window functions"}},
		{Title: "Data Structures", PassingScore: 75},
		{Title: "Mobile Challenge (draft)", State: "draft"},
	} {
		s.assessments[a.Title] = s.qual.AddAssessment(a)
		if a.State != "draft" {
			s.catalog = append(s.catalog, demoAssessment{id: s.assessments[a.Title], title: a.Title, cut: float64(a.PassingScore),
				challenges: a.Challenges, languages: demoLanguages[a.Title]})
		}
	}
	s.lever.AddPosting(levertest.Posting{ID: "demo-post-backend", Text: "Senior Backend Engineer", Tags: []string{"Engineering", "Backend Challenge"}})
	s.lever.AddPosting(levertest.Posting{ID: "demo-post-frontend", Text: "Frontend Engineer", Tags: []string{"Engineering", "Frontend Challenge"}})
	s.lever.AddPosting(levertest.Posting{ID: "demo-post-data", Text: "Data Analyst", Tags: []string{"Analytics"}})
	s.lever.AddPosting(levertest.Posting{ID: "demo-post-design", Text: "Product Designer", Tags: []string{"Design"}})
	postings := []string{"demo-post-backend", "demo-post-frontend", "demo-post-data", "demo-post-backend", "demo-post-design", "demo-post-frontend"}
	for i := range demoFirst {
		p := demoPerson{
			id:      fmt.Sprintf("demo-opp-%02d", i+1),
			name:    demoFirst[i] + " " + demoLast[i],
			posting: postings[i%len(postings)],
		}
		p.email = strings.ToLower(demoFirst[i]+"."+strings.ReplaceAll(demoLast[i], " ", "")) + "@example.com"
		switch p.posting {
		case "demo-post-data":
			p.tags = []string{"SQL Basics"}
		case "demo-post-backend":
			if i%4 == 0 {
				p.tags = []string{"data structures"} // a second assessment, tagged on the candidate
			}
		}
		p.starts = s.rng.Float64() < 0.85
		p.submits = p.starts && s.rng.Float64() < 0.9
		p.score = float64(35 + s.rng.IntN(64))
		p.startAfter = time.Duration(4+s.rng.IntN(20)) * time.Second
		p.submitAfter = time.Duration(8+s.rng.IntN(30)) * time.Second
		s.people = append(s.people, p)
	}
	// The first candidate always takes their assessment to the end, so the
	// whole journey can be watched from the first minute.
	s.people[0].starts, s.people[0].submits, s.people[0].score = true, true, 84
	// A few special cases, so every state shows up.
	s.people[5].email = ""       // no e-mail: a visible failure with a retry
	s.people[11].archived = true // archived before the move: skipped
	s.people[17].moveElsewhere = true
	for i, p := range s.people {
		emails := []string{p.email}
		if p.email == "" {
			emails = nil
		}
		stage := demoStageApplicant
		if i%3 == 0 {
			stage = demoStageScreen
		}
		s.lever.AddOpportunity(levertest.Opportunity{ID: p.id, Name: p.name, Emails: emails, Tags: p.tags, StageID: stage, PostingIDs: []string{p.posting}})
	}
	// Already in the trigger stage before it became one: skipped, as the product promises.
	s.lever.AddOpportunity(levertest.Opportunity{ID: "demo-opp-early", Name: "Erin Early", Emails: []string{"erin.early@example.com"},
		StageID: demoStageTrigger, PostingIDs: []string{"demo-post-backend"}, EnteredStageAt: time.Now().Add(-72 * time.Hour)})
}

// run plays the flow: candidates arrive in the trigger stage a few seconds
// apart, then start and submit their assessments.
func (s *demoScript) run(ctx context.Context, pace float64, log *slog.Logger) {
	sleep := func(d time.Duration) bool {
		t := time.NewTimer(time.Duration(float64(d) / pace))
		defer t.Stop()
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		}
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	if !sleep(2 * time.Second) {
		return
	}
	for i, p := range s.people {
		if i == 9 {
			// Qualified refuses one invitation (as when the account's seats
			// run out): a failure in the activity log, which Retry then sends.
			s.qual.FailNext("POST", "/v1/assessment_invitations", 1, 422)
		}
		if p.archived {
			s.lever.Archive(p.id)
		}
		if p.moveElsewhere {
			s.lever.MoveToStage(p.id, demoStageOnsite)
		} else if _, err := s.lever.MoveToStage(p.id, demoStageTrigger); err != nil {
			log.Debug("demo move", "err", err)
		}
		wg.Add(1)
		go func(p demoPerson) {
			defer wg.Done()
			s.follow(ctx, p, sleep)
		}(p)
		gap := time.Duration(1500+s.rng.IntN(2500)) * time.Millisecond
		if i < 4 {
			gap = 800 * time.Millisecond
		}
		if !sleep(gap) {
			return
		}
	}
}

// follow plays one candidate taking their assessments.
func (s *demoScript) follow(ctx context.Context, p demoPerson, sleep func(time.Duration) bool) {
	if p.email == "" || p.archived || p.moveElsewhere || !p.starts {
		return
	}
	if !sleep(p.startAfter) {
		return
	}
	var results []string
	for range 40 {
		results = results[:0]
		for _, id := range s.assessments {
			if r, ok := s.qual.ResultFor(p.email, id); ok {
				results = append(results, r.ID)
			}
		}
		if len(results) > 0 {
			break
		}
		if !sleep(500 * time.Millisecond) {
			return
		}
	}
	for _, id := range results {
		s.qual.Start(id)
	}
	if !p.submits || !sleep(p.submitAfter) {
		return
	}
	for i, id := range results {
		s.qual.Submit(id, min(100, p.score+float64(i*7)))
	}
	if p.score >= 70 && sleep(6*time.Second) {
		s.lever.MoveToStage(p.id, demoStageOnsite)
	}
}
