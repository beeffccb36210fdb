// Package workflow holds the rules: a Lever stage change becomes invitations,
// a Qualified result moves tags forward and ends in a note. Every step is a
// durable, idempotent River job in the app's SQLite file, so a crash, a
// retry or a duplicate delivery never e-mails a candidate twice.
package workflow

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// Lever is what the rules need from Lever.
type Lever interface {
	Opportunity(ctx context.Context, id string) (*lever.Opportunity, error)
	Opportunities(ctx context.Context, f lever.OpportunityFilter) ([]lever.Opportunity, error)
	Posting(ctx context.Context, id string) (*lever.Posting, error)
	AddTags(ctx context.Context, opportunityID string, tags []string, performAs string) error
	RemoveTags(ctx context.Context, opportunityID string, tags []string, performAs string) error
	AddNote(ctx context.Context, opportunityID, value, performAs string) (string, error)
	Notes(ctx context.Context, opportunityID string) ([]lever.Note, error)
	// Routing by score (routing_job.go).
	MoveToStage(ctx context.Context, opportunityID, stageID, performAs string) error
	Archive(ctx context.Context, opportunityID, reasonID, performAs string) error
	// The full report: a file and a feedback form (report.go).
	reportLever
}

// Config wires an Engine.
type Config struct {
	DB       *sqlite.DB
	Lever    Lever
	Provider backend.Provider
	Logger   *slog.Logger
	// PollInterval is how often results are polled and Lever is asked for
	// stage entries that no webhook announced. Default 5 minutes.
	PollInterval time.Duration
	// Workers is how many jobs run at once. Default 10.
	Workers int
	// FetchPollInterval is how often idle workers look for new jobs.
	FetchPollInterval time.Duration
	// CacheTTL bounds how long assessments and postings are reused. Default 1 minute.
	CacheTTL time.Duration
	// RetryDelay is how long a failed job waits before its next attempt
	// (attempt counts from 1). Default River's: attempt⁴ seconds.
	RetryDelay func(attempt int) time.Duration
	// MaxAttempts bounds how often a job is tried before its failure is
	// shown to the recruiter with a Retry. Default 8.
	MaxAttempts int
	// SweepInterval is how often work that is neither done nor queued is
	// looked for (see workSweep). Default 5 minutes.
	SweepInterval time.Duration
	Now           func() time.Time
}

// Engine runs the rules as jobs.
type Engine struct {
	db       *sqlite.DB
	lever    Lever
	provider backend.Provider
	log      *slog.Logger
	now      func() time.Time
	river    *river.Client[*sql.Tx]
	locks    keyedMutex
	cache    *cache
	// pages reads the candidates of a bulk move in pages (pagedread.go).
	pages stagePages

	// OnChange is called after anything the dashboard shows has changed.
	onChange func()

	pausedMu sync.Mutex
	paused   bool

	// Lever deliveries waiting to be recorded together (see AcceptLever).
	acceptMu  sync.Mutex
	accepting []*leverAccept
	draining  bool
	// lastDelivery is when the latest Lever delivery arrived, in Unix
	// nanoseconds (see yieldToWebhooks).
	lastDelivery atomic.Int64

	// The inbox's mover (inbox.go).
	inboxWake   chan struct{}
	inboxDone   chan struct{}
	inboxCancel context.CancelFunc
}

// New builds an Engine; Start runs it.
func New(cfg Config) (*Engine, error) {
	if cfg.DB == nil || cfg.Lever == nil || cfg.Provider == nil {
		return nil, errors.New("workflow: DB, Lever and Provider are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 5 * time.Minute
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 10
	}
	if cfg.FetchPollInterval <= 0 {
		cfg.FetchPollInterval = 250 * time.Millisecond
	}
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = time.Minute
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = maxAttempts
	}
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	e := &Engine{
		db: cfg.DB, lever: cfg.Lever, provider: cfg.Provider, log: cfg.Logger, now: cfg.Now,
		cache:     newCache(cfg.CacheTTL, cfg.Now),
		onChange:  func() {},
		inboxWake: make(chan struct{}, 1),
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(e.workStageChange))
	river.AddWorker(workers, river.WorkFunc(e.workStageChanges))
	river.AddWorker(workers, river.WorkFunc(e.workInvite))
	river.AddWorker(workers, river.WorkFunc(e.workResult))
	river.AddWorker(workers, river.WorkFunc(e.workPollResults))
	river.AddWorker(workers, river.WorkFunc(e.workCatchUp))
	river.AddWorker(workers, river.WorkFunc(e.workSweep))
	river.AddWorker(workers, river.WorkFunc(e.workPrune))
	e.addDeadlineWorkers(workers)
	river.AddWorker(workers, river.WorkFunc(e.workLifecycle))
	river.AddWorker(workers, river.WorkFunc(e.workArchive))
	periodic := []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(cfg.PollInterval),
			func() (river.JobArgs, *river.InsertOpts) { return PollResultsArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "poll_results"}),
		river.NewPeriodicJob(river.PeriodicInterval(cfg.PollInterval),
			func() (river.JobArgs, *river.InsertOpts) { return CatchUpArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "catch_up"}),
		river.NewPeriodicJob(river.PeriodicInterval(cfg.SweepInterval),
			func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "sweep"}),
		river.NewPeriodicJob(river.PeriodicInterval(cfg.SweepInterval),
			func() (river.JobArgs, *river.InsertOpts) { return ExpireArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "expire"}),
		river.NewPeriodicJob(river.PeriodicInterval(PruneInterval),
			func() (river.JobArgs, *river.InsertOpts) { return PruneArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "prune"}),
	}
	var retry river.ClientRetryPolicy
	if cfg.RetryDelay != nil {
		retry = retryDelay(cfg.RetryDelay)
	}
	rc, err := river.NewClient(riversqlite.New(cfg.DB.Writer()), &river.Config{
		Logger:            quietLogger(cfg.Logger),
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:           workers,
		PeriodicJobs:      periodic,
		FetchPollInterval: cfg.FetchPollInterval,
		FetchCooldown:     cfg.FetchPollInterval / 5,
		JobTimeout:        5 * time.Minute,
		MaxAttempts:       cfg.MaxAttempts,
		RetryPolicy:       retry,
		// Every way a job can end without success passes here: an error, a
		// timeout, a panic (see lastattempt.go).
		ErrorHandler: lastAttempt{e},
	})
	if err != nil {
		return nil, fmt.Errorf("workflow: jobs: %w", err)
	}
	e.river = rc
	return e, nil
}

// retryDelay is a River retry policy from a function of the attempt.
type retryDelay func(attempt int) time.Duration

func (f retryDelay) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(f(max(job.Attempt, 1)))
}

// maxAttempts bounds a job's retries by default; the last failure is shown
// to the recruiter with a retry button instead.
const maxAttempts = 8

// quietLogger keeps River's own chatter to warnings.
func quietLogger(l *slog.Logger) *slog.Logger {
	return slog.New(levelFilter{Handler: l.Handler(), min: slog.LevelWarn})
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (f levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= f.min && f.Handler.Enabled(ctx, l)
}

// Assessments is the Qualified account's list of assessments as the engine
// knows it: read again when a minute old (Config.CacheTTL), so that screens
// refreshed on every change do not each ask Qualified.
func (e *Engine) Assessments(ctx context.Context) ([]backend.Assessment, error) {
	return e.cache.Assessments(ctx, e.provider)
}

// ForgetAssessments drops the known list of assessments, as when another
// Qualified account is connected.
func (e *Engine) ForgetAssessments() { e.cache.forgetAssessments() }

// OnChange registers a function called after anything the dashboard shows has changed.
func (e *Engine) OnChange(fn func()) { e.onChange = fn }

// Start runs the workers and the periodic safety nets. Work that a killed
// process left half done is taken up again at once.
func (e *Engine) Start(ctx context.Context) error {
	if err := e.recoverInterrupted(ctx); err != nil {
		return err
	}
	if err := e.river.Start(ctx); err != nil {
		return fmt.Errorf("workflow: start: %w", err)
	}
	// Webhooks' work a stop left in the inbox is queued at once.
	inboxCtx, cancel := context.WithCancel(ctx)
	e.inboxCancel, e.inboxDone = cancel, make(chan struct{})
	go e.runInbox(inboxCtx)
	return nil
}

// Stop lets running jobs finish (until ctx ends), then stops. What the
// inbox holds then stays there for the next start.
func (e *Engine) Stop(ctx context.Context) error {
	if e.inboxCancel != nil {
		e.inboxCancel()
		<-e.inboxDone
	}
	return e.river.Stop(ctx)
}

// logActivity writes to the activity log; a failure to log is itself logged,
// never allowed to undo the work it describes.
func (e *Engine) logActivity(ctx context.Context, a backend.Activity) {
	if err := e.db.LogActivity(context.WithoutCancel(ctx), a); err != nil {
		e.log.Error("activity log", "err", err)
	}
	e.onChange()
}

// keyedMutex serialises work on one opportunity: its tags and notes are
// changed by one job at a time, so tags never flip back and forth.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[string]*keyedLock
}

type keyedLock struct {
	mu   sync.Mutex
	refs int
}

func (k *keyedMutex) Lock(key string) (unlock func()) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*keyedLock{}
	}
	l := k.locks[key]
	if l == nil {
		l = &keyedLock{}
		k.locks[key] = l
	}
	l.refs++
	k.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		k.mu.Lock()
		l.refs--
		if l.refs == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}
