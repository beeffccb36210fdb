// Package demo is assessbridge's demo: simulated Lever and Qualified
// accounts (levertest and qualifiedtest) seeded as a small hiring team's,
// a scripted flow of candidates played in them, and, when asked, a made-up
// past of many invitations. It knows nothing of the app: the app wires its
// accounts in as it would a team's real ones.
package demo

import (
	"context"
	"log/slog"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// The demo's accounts: the keys they accept, the stage whose arrivals are
// invited, and the Lever user notes are posted as.
const (
	LeverKey     = "lever-test-key"
	QualifiedKey = qualifiedtest.DefaultAPIKey
	TriggerStage = "demo-coding-assessment"
	Recruiter    = "demo-user-riley"
)

// The other stages of the demo's Lever account, as Lever spells their ids.
const (
	stageApplicant = "applicant-new"
	stageScreen    = "demo-phone-screen"
	stageOnsite    = "demo-onsite"
	stageOffer     = "offer"
)

// PollInterval is how often the app checks the demo's accounts for what
// no webhook said: often, since the whole demo lasts minutes.
const PollInterval = 20 * time.Second

// MaxHistory bounds the history: a million invitations is more than a team
// sends in years.
const MaxHistory = 1_000_000

// Options is what the demo's accounts are made with.
type Options struct {
	// History is how many past invitations the accounts will have behind
	// them: the postings only the past uses are added for it.
	History int
}

// Accounts are the demo's simulated Lever and Qualified accounts and the
// scripted flow of candidates played in them.
type Accounts struct {
	Lever     *levertest.Server
	Qualified *qualifiedtest.Server
	script    *script
	stop      context.CancelFunc
	done      chan struct{}
}

// LeverLogin is the simulated Lever's side of "Log in to Lever".
type LeverLogin struct {
	ClientID, ClientSecret      string
	AuthURL, TokenURL, Audience string
}

// Start starts the simulators and seeds the accounts; no candidate moves
// until Play.
func Start(opts Options) *Accounts {
	// The simulated Lever also plays Lever's login, so "Log in to Lever" works in the demo.
	a := &Accounts{
		Lever:     levertest.New(levertest.Options{OAuth: &levertest.OAuthOptions{}}),
		Qualified: qualifiedtest.New(qualifiedtest.Options{}),
		stop:      func() {},
	}
	a.script = newScript(a.Lever, a.Qualified)
	a.script.seed()
	if opts.History > 0 {
		for _, p := range pastPostings {
			a.Lever.AddPosting(p)
		}
	}
	return a
}

// LeverLogin is what the app needs to log in to the simulated Lever.
func (a *Accounts) LeverLogin() LeverLogin {
	return LeverLogin{ClientID: levertest.DefaultOAuthClientID, ClientSecret: levertest.DefaultOAuthClientSecret,
		AuthURL: a.Lever.AuthURL, TokenURL: a.Lever.TokenURL, Audience: a.Lever.Audience}
}

// History makes n past invitations over the accounts' published
// assessments, all over before now.
func (a *Accounts) History(n int, now time.Time) []backend.Invitation {
	return History(n, now, a.script.catalog, a.Qualified.WebURL)
}

// Play plays the flow of candidates in the background at pace (1 plays it
// over about two minutes). Given ready, it waits until ready says the app
// is set up for candidates to flow, asking every half second.
func (a *Accounts) Play(pace float64, log *slog.Logger, ready func(context.Context) bool) {
	ctx, cancel := context.WithCancel(context.Background())
	a.stop, a.done = cancel, make(chan struct{})
	go func() {
		defer close(a.done)
		if ready != nil && !waitUntil(ctx, ready) {
			return
		}
		a.script.run(ctx, pace, log)
	}()
}

// waitUntil asks ready every half second until it says yes (true) or ctx
// ends (false).
func waitUntil(ctx context.Context, ready func(context.Context) bool) bool {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
		if ready(ctx) {
			return true
		}
	}
}

// Stop ends the flow and waits for it.
func (a *Accounts) Stop() {
	a.stop()
	if a.done != nil {
		<-a.done
	}
}

// Close ends the flow and stops the simulators.
func (a *Accounts) Close() {
	a.Stop()
	a.Lever.Close()
	a.Qualified.Close()
}
