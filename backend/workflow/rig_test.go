package workflow_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// rig runs the engine on a SQLite file against the Lever and Qualified
// simulators, through the real clients with a short timeout, and with
// retries a tenth of a second apart instead of River's attempt⁴ seconds.
type rig struct {
	t    testing.TB
	db   *sqlite.DB
	lev  *levertest.Server
	qual *qualifiedtest.Server
	eng  *workflow.Engine
	ids  map[string]string // assessment ids by title
	// queue reads River's jobs through River's own API.
	queue *river.Client[*sql.Tx]
	// build makes another engine on the same file and simulators, as a
	// restart does.
	build func() *workflow.Engine
}

const (
	stageScreen  = "phone-screen"
	stageAssess  = "assessment-stage"
	recruiter    = "user-recruiter"
	clientWait   = time.Second
	beyondClient = 3 * time.Second
)

type rigOptions struct {
	pollInterval time.Duration
	cacheTTL     time.Duration
	// sweep is the sweep's interval; default the engine's.
	sweep time.Duration
	// maxAttempts is how often a job is tried before its failure is shown;
	// default the engine's.
	maxAttempts int
	// wrap, when set, stands between the engine and the Qualified client.
	wrap func(backend.Provider) backend.Provider
}

func newRig(t testing.TB, o rigOptions) *rig {
	t.Helper()
	if o.pollInterval == 0 {
		o.pollInterval = time.Hour
	}
	if o.cacheTTL == 0 {
		o.cacheTTL = 10 * time.Millisecond
	}
	ctx := context.Background()
	r := &rig{t: t, ids: map[string]string{}}
	r.lev = levertest.New(levertest.Options{RatePerSecond: 1000, Burst: 1000})
	t.Cleanup(r.lev.Close)
	r.lev.AddStage(stageScreen, "Phone screen")
	r.lev.AddStage(stageAssess, "Coding assessment")
	r.lev.AddUser(recruiter, "Riley Recruiter", "riley@example.com")
	r.qual = qualifiedtest.New(qualifiedtest.Options{})
	t.Cleanup(r.qual.Close)
	for _, a := range []qualifiedtest.Assessment{{Title: "Backend Challenge", PassingScore: 70}, {Title: "SQL Basics", PassingScore: 60}} {
		r.ids[a.Title] = r.qual.AddAssessment(a)
	}
	db := workflow.OpenTestDB(t)
	r.db = db
	if _, err := db.ReplaceTriggerStages(ctx, []backend.TriggerStage{{StageID: stageAssess, Name: "Coding assessment"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, sqlite.SettingPerformAs, recruiter); err != nil {
		t.Fatal(err)
	}
	lc := lever.New(r.lev.URL, "lever-test-key", lever.WithHTTPClient(&http.Client{Timeout: clientWait}), lever.WithLimiter(lever.NewLimiter(1000, 1000)))
	qc := qualified.New(r.qual.URL, qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(&http.Client{Timeout: clientWait}), qualified.WithWebBaseURL(r.qual.WebURL))
	var provider backend.Provider = qc
	if o.wrap != nil {
		provider = o.wrap(provider)
	}
	var err error
	if r.queue, err = river.NewClient(riversqlite.New(db.Writer()), &river.Config{}); err != nil {
		t.Fatal(err)
	}
	r.build = func() *workflow.Engine {
		eng, err := workflow.New(workflow.Config{
			DB: db, Lever: lc, Provider: provider, Logger: workflow.QuietLogger(),
			PollInterval: o.pollInterval, FetchPollInterval: 20 * time.Millisecond, CacheTTL: o.cacheTTL,
			RetryDelay:  func(int) time.Duration { return 100 * time.Millisecond },
			MaxAttempts: o.maxAttempts, SweepInterval: o.sweep,
		})
		if err != nil {
			t.Fatal(err)
		}
		return eng
	}
	r.eng = r.build()
	workflow.StartTestEngine(t, r.eng)
	return r
}

func email(id string) string { return id + "@example.com" }

// candidate seeds an opportunity in the screen stage.
func (r *rig) candidate(id string, tags ...string) {
	r.lev.AddOpportunity(levertest.Opportunity{ID: id, Name: "Cand " + id, Emails: []string{email(id)}, Tags: tags, StageID: stageScreen})
}

// move moves a candidate into the trigger stage and hands the engine the
// delivery Lever would send.
func (r *rig) move(id string) {
	r.t.Helper()
	if _, err := r.lev.MoveToStage(id, stageAssess); err != nil {
		r.t.Fatal(err)
	}
	r.accept(id)
}

func (r *rig) accept(id string) {
	r.t.Helper()
	if err := r.eng.AcceptLever(context.Background(), moveDelivery(id)); err != nil {
		r.t.Fatal(err)
	}
}

// moveDelivery is the verified delivery Lever sends when id enters the
// trigger stage, with a token of its own.
func moveDelivery(id string) *lever.Delivery {
	b := make([]byte, 24)
	rand.Read(b)
	return &lever.Delivery{TriggeredAt: time.Now().UnixMilli(), Event: "candidateStageChange", Token: hex.EncodeToString(b),
		Data: lever.DeliveryData{OpportunityID: id, CandidateID: id, FromStageID: stageScreen, ToStageID: stageAssess}}
}

// deliverResult hands the engine the webhook Qualified sends for a result.
func (r *rig) deliverResult(resultID, state string) {
	r.t.Helper()
	if err := r.eng.AcceptQualified(context.Background(), backend.ResultNotice{Event: "assessment_result_state_changed", ResultID: resultID, State: state}); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) result(id, title string) qualifiedtest.Result {
	r.t.Helper()
	res, ok := r.qual.ResultFor(email(id), r.ids[title])
	if !ok {
		r.t.Fatalf("%s has no result for %s in Qualified", id, title)
	}
	return res
}

func (r *rig) eventually(timeout time.Duration, cond func() bool, describe func() string) {
	r.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.t.Fatalf("timed out after %s: %s", timeout, describe())
}

func (r *rig) tags(id string) []string {
	o, _ := r.lev.Opportunity(id)
	t := slices.Clone(o.Tags)
	slices.Sort(t)
	return t
}

func (r *rig) hasExactly(id string, want ...string) bool {
	want = slices.Clone(want)
	slices.Sort(want)
	return slices.Equal(r.tags(id), want)
}

func (r *rig) emails(id, title string) int { return r.qual.EmailsSent(email(id), r.ids[title]) }

func (r *rig) invitation(id, title string) backend.Invitation {
	invs, err := r.db.InvitationsForOpportunity(context.Background(), id)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, inv := range invs {
		if inv.AssessmentTitle == title {
			return inv
		}
	}
	return backend.Invitation{}
}

func (r *rig) activity(outcome backend.Outcome) []backend.Activity {
	list, err := r.db.ListActivity(context.Background(), sqlite.ActivityFilter{Outcomes: []backend.Outcome{outcome}, Limit: 1000})
	if err != nil {
		r.t.Fatal(err)
	}
	return list
}

func (r *rig) messages(outcome backend.Outcome) []string {
	var out []string
	for _, a := range r.activity(outcome) {
		out = append(out, a.Message)
	}
	return out
}

func (r *rig) describe(ids ...string) func() string {
	return func() string {
		var b strings.Builder
		for _, id := range ids {
			fmt.Fprintf(&b, "%s: tags %v, invitation %+v\n", id, r.tags(id), r.invitation(id, "Backend Challenge"))
		}
		fmt.Fprintf(&b, "retrying: %q\nfailed: %q", r.messages(backend.OutcomeRetrying), r.messages(backend.OutcomeFailed))
		return b.String()
	}
}

// jobs lists River's jobs of the given kinds (every kind when none) in the
// given states (every state when none), in one read.
func (r *rig) jobs(kinds []string, states ...rivertype.JobState) []*rivertype.JobRow {
	r.t.Helper()
	params := river.NewJobListParams().First(10_000)
	if len(kinds) > 0 {
		params = params.Kinds(kinds...)
	}
	if len(states) > 0 {
		params = params.States(states...)
	}
	res, err := r.queue.JobList(context.Background(), params)
	if err != nil {
		r.t.Fatal(err)
	}
	return res.Jobs
}

// jobsIn counts the jobs of a kind in a state.
func (r *rig) jobsIn(kind string, state rivertype.JobState) int {
	return len(r.jobs([]string{kind}, state))
}

// pollRounds waits until n more rounds of result polling have run.
func (r *rig) pollRounds(n int) {
	r.t.Helper()
	rounds := r.jobsIn("poll_results", rivertype.JobStateCompleted) + n
	r.eventually(30*time.Second, func() bool { return r.jobsIn("poll_results", rivertype.JobStateCompleted) >= rounds },
		func() string { return "polling stopped" })
}

// waitIdle waits until no job but the periodic ones is queued or running.
func (r *rig) waitIdle() {
	r.t.Helper()
	r.eventually(30*time.Second, func() bool {
		// The inbox first: its rows become jobs in one transaction.
		var inbox int
		if err := r.db.Writer().QueryRow(`SELECT count(*) FROM inbox`).Scan(&inbox); err != nil || inbox > 0 {
			return false
		}
		for _, j := range r.jobs(nil, rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStateRetryable,
			rivertype.JobStateScheduled, rivertype.JobStatePending) {
			if j.Kind != (workflow.PollResultsArgs{}).Kind() && j.Kind != (workflow.CatchUpArgs{}).Kind() {
				return false
			}
		}
		return true
	}, func() string { return "jobs still queued" })
}

// invited seeds id tagged with the Backend Challenge, moves them into the
// trigger stage, checks they are invited once, and returns their result in
// Qualified.
func (r *rig) invited(id string) qualifiedtest.Result {
	r.t.Helper()
	r.candidate(id, "Backend Challenge")
	r.move(id)
	r.invitedOnce(id)
	return r.result(id, "Backend Challenge")
}

// started takes id's result from invited to started in Qualified and hands
// the engine the result webhook.
func (r *rig) started(id string) {
	r.t.Helper()
	res := r.result(id, "Backend Challenge")
	if _, err := r.qual.Start(res.ID); err != nil {
		r.t.Fatal(err)
	}
	r.deliverResult(res.ID, "started")
}

// submitted takes id from invited to submitted in Qualified and hands the
// engine the result webhook.
func (r *rig) submitted(id string, score float64) {
	r.t.Helper()
	res := r.result(id, "Backend Challenge")
	if _, err := r.qual.Submit(res.ID, score); err != nil {
		r.t.Fatal(err)
	}
	r.deliverResult(res.ID, "submitted")
}

// resultNoted waits until id is tagged Submitted with one results note in
// Lever.
func (r *rig) resultNoted(id string, within time.Duration) {
	r.t.Helper()
	r.eventually(within, func() bool {
		return r.hasExactly(id, "Backend Challenge - Submitted") && len(r.lev.Notes(id)) == 1
	}, r.describe(id))
}

// invitedOnce checks, in the simulators, one e-mail and the invited tag in
// place of the assessment's tag.
func (r *rig) invitedOnce(ids ...string) {
	r.t.Helper()
	for _, id := range ids {
		r.eventually(30*time.Second, func() bool { return r.hasExactly(id, "Backend Challenge - Invited") }, r.describe(id))
	}
	r.waitIdle()
	for _, id := range ids {
		if n := r.emails(id, "Backend Challenge"); n != 1 {
			r.t.Fatalf("%s: %d invitation e-mails", id, n)
		}
		if !r.hasExactly(id, "Backend Challenge - Invited") {
			r.t.Fatalf("%s: tags %v", id, r.tags(id))
		}
	}
}

func contains(list []string, s string) bool {
	return slices.ContainsFunc(list, func(m string) bool { return strings.Contains(m, s) })
}
