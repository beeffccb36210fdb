package workflow

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// Reading a bulk move in pages.
//
// When a recruiter moves many candidates into a trigger stage, each
// decision needs the candidate as Lever has them now: tags, e-mails,
// archived, applications, stage and stage changes. One
// GET /opportunities?stage_id=S&expand=applications page carries all of
// that for 100 candidates, where GET /opportunities/:id carries it for
// one. So while several decisions of one stage wait, the first of them
// reads the stage's recent arrivals in pages (a wave), and each decision
// takes its candidate from the wave rather than asking Lever again.
//
// What an invited candidate costs in Lever calls, then: the webhook carries
// neither tags nor e-mail, so the candidate must be read, and the status tag
// must be added ("Title - Invited") and, when the tag was on the candidate,
// the old one removed ("Title"); Lever has no call that changes tags on
// several candidates, nor one that both adds and removes. Read in pages, a
// bulk move costs 2 calls per candidate and a hundredth of a read, where
// read singly it cost 3 (TestLeverCallsPerInvitedCandidateAreTheMinimum in
// app, TestABulkMoveIsDecidedFromOnePage here).
//
// A wave answers for a candidate only when it cannot be older than what
// the app knows of them: its mark (the newest activity line when the first
// page was asked for) is at or past the candidate's newest line. The line
// of the delivery the decision is about is then older than the page, so
// the page shows the move; and no archive, deletion, hire or later move
// was recorded since the page was read, so the page is not overtaken by
// one. Every other case is read singly, as a lone stage change always is:
//   - nothing else waits for the stage: the candidate is read at once, with
//     no added wait;
//   - the candidate is not in the pages (moved on, deleted, moved long
//     before the delivery came, beyond the wave's last page);
//   - the page shows them in another stage, or shows an entry already
//     decided (a delivery sent twice, or a list behind a move out and
//     back in: the single read tells which);
//   - the wave failed (a 5xx or a lost answer that its retries did not
//     cure). A 429 its retries did not outlast is the decision's failure
//     instead: Lever refuses the key, a single read would be refused too,
//     and the decision is tried again later;
//   - the wave is older than waveFresh.

const (
	// waveSince is how long before the earliest waiting delivery a wave's
	// pages begin (advanced_at_start): Lever's clock and ours may differ,
	// and a delivery comes a moment after the move. A stage holding
	// thousands of older candidates costs a page or two, not dozens.
	waveSince = time.Minute
	// waveFresh is how long a wave answers for candidates: decisions of a
	// bulk move follow one another within seconds, and a candidate edited
	// in Lever since is seen as edited by a decision made later.
	waveFresh = 30 * time.Second
	// waveMost bounds the candidates a wave reads (ten pages), however
	// many moved in the last waveSince; those beyond are read singly.
	waveMost = 1000
	// waitingForgotten is how long a decision announced by a batch is
	// counted as waiting without starting: a job removed or long delayed
	// does not keep waves going.
	waitingForgotten = 10 * time.Minute
)

// stagePages is the engine's waves, by stage, and the decisions waiting
// for each stage. The zero value is ready.
type stagePages struct {
	mu     sync.Mutex
	stages map[string]*stageWaves
}

type stageWaves struct {
	// waiting counts the decisions not yet made, by opportunity.
	waiting map[string]*waitingDecision
	// wave is the latest wave, being read or read.
	wave *wave
}

type waitingDecision struct {
	n int
	// recorded is when the earliest of them was recorded; counted is when
	// it was first counted, for waitingForgotten.
	recorded, counted time.Time
}

// wave is one reading of a stage's recent arrivals in pages.
type wave struct {
	// done is closed once opps and err are set.
	done chan struct{}
	// mark is the newest activity line before the first page was asked
	// for; asked is when the wave began.
	mark  int64
	asked time.Time
	opps  map[string]*lever.Opportunity
	err   error
}

// stage returns the stage's state, made when missing. p.mu held.
func (p *stagePages) stage(id string) *stageWaves {
	if p.stages == nil {
		p.stages = map[string]*stageWaves{}
	}
	st := p.stages[id]
	if st == nil {
		st = &stageWaves{waiting: map[string]*waitingDecision{}}
		p.stages[id] = st
	}
	return st
}

// expect counts decisions queued for a stage, recorded at recorded.
func (p *stagePages) expect(stageID string, opportunityIDs []string, recorded time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.stage(stageID)
	now := time.Now()
	for _, id := range opportunityIDs {
		w := st.waiting[id]
		if w == nil {
			w = &waitingDecision{recorded: recorded, counted: now}
			st.waiting[id] = w
		}
		w.n++
	}
}

// unexpect takes back what expect counted, for decisions that were not
// queued after all.
func (p *stagePages) unexpect(stageID string, opportunityIDs []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.stage(stageID)
	for _, id := range opportunityIDs {
		if w := st.waiting[id]; w != nil {
			if w.n--; w.n <= 0 {
				delete(st.waiting, id)
			}
		}
	}
}

// begin counts a decision that starts, unless a batch counted it already,
// and returns the function that ends its count.
func (p *stagePages) begin(stageID, opportunityID string, recorded time.Time) (end func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.stage(stageID)
	if st.waiting[opportunityID] == nil {
		st.waiting[opportunityID] = &waitingDecision{n: 1, recorded: recorded, counted: time.Now()}
	}
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		st := p.stage(stageID)
		if w := st.waiting[opportunityID]; w != nil {
			if w.n--; w.n <= 0 {
				delete(st.waiting, opportunityID)
			}
		}
		if len(st.waiting) == 0 && (st.wave == nil || time.Since(st.wave.asked) > waveFresh) {
			delete(p.stages, stageID)
		}
	}
}

// othersWaiting counts the decisions waiting for the stage besides the
// candidate's own, and returns when the earliest of all was recorded.
// p.mu held.
func (st *stageWaves) othersWaiting(opportunityID string) (int, time.Time) {
	n := 0
	var earliest time.Time
	for id, w := range st.waiting {
		if time.Since(w.counted) > waitingForgotten {
			delete(st.waiting, id)
			continue
		}
		if earliest.IsZero() || w.recorded.Before(earliest) {
			earliest = w.recorded
		}
		if id == opportunityID {
			n += w.n - 1
		} else {
			n += w.n
		}
	}
	return n, earliest
}

// fromPage returns the candidate as a wave of their stage's pages shows
// them, and the wave's mark; ok is false when the decision reads them
// singly instead (see the top of this file). newest is the candidate's
// newest activity line.
func (e *Engine) fromPage(ctx context.Context, stageID, opportunityID string, newest int64) (opp *lever.Opportunity, mark int64, ok bool, err error) {
	// A Lever without pages (stageLister, inviteexisting.go) reads every
	// candidate singly.
	lister, can := e.lever.(stageLister)
	if !can || newest == 0 {
		return nil, 0, false, nil
	}
	p := &e.pages
	for {
		// The mark a wave started now would have: read before the lock, and
		// before any page is asked for.
		markNow, err := e.newestLine(ctx, "")
		if err != nil {
			return nil, 0, false, nil
		}
		p.mu.Lock()
		st := p.stage(stageID)
		w := st.wave
		if w != nil && w.mark >= newest && time.Since(w.asked) <= waveFresh {
			p.mu.Unlock()
			if !waitFor(ctx, w) {
				return nil, 0, false, nil
			}
			if w.err != nil {
				if rateLimited(w.err) {
					// Lever refuses everyone on the key: single reads would
					// be refused too. The decision is tried again later,
					// with a page again when others still wait.
					return nil, 0, false, w.err
				}
				return nil, 0, false, nil
			}
			o, found := w.opps[opportunityID]
			if !found {
				return nil, 0, false, nil
			}
			c := *o
			return &c, w.mark, true, nil
		}
		if w != nil && !isDone(w) {
			// Asked before this delivery was recorded: it cannot answer for
			// the candidate, but the next wave starts when it ends.
			p.mu.Unlock()
			if !waitFor(ctx, w) {
				return nil, 0, false, nil
			}
			continue
		}
		others, earliest := st.othersWaiting(opportunityID)
		if others == 0 {
			p.mu.Unlock()
			return nil, 0, false, nil
		}
		w = &wave{done: make(chan struct{}), mark: markNow, asked: time.Now()}
		st.wave = w
		p.mu.Unlock()
		f := lever.OpportunityFilter{StageIDs: []string{stageID}, AdvancedAtStart: earliest.Add(-waveSince)}
		// Every page of the stage's recent arrivals, up to waveMost: a wave
		// cut short would leave those waiting beyond its last page to be
		// read singly.
		list, _, err := lister.OpportunitiesUpTo(ctx, f, waveMost)
		w.opps, w.err = make(map[string]*lever.Opportunity, len(list)), err
		for i := range list {
			w.opps[list[i].ID] = &list[i]
		}
		close(w.done)
		if err != nil {
			e.log.Warn("a stage's candidates could not be read in pages; each is read on its own", "stage", stageID, "err", err)
		}
	}
}

// newestLine is the id of the newest activity line about the candidate
// (about anything, for ""), 0 when there is none.
func (e *Engine) newestLine(ctx context.Context, opportunityID string) (int64, error) {
	lines, err := e.db.ListActivity(ctx, sqlite.ActivityFilter{OpportunityID: opportunityID, Limit: 1})
	if err != nil || len(lines) == 0 {
		return 0, err
	}
	return lines[0].ID, nil
}

func isDone(w *wave) bool {
	select {
	case <-w.done:
		return true
	default:
		return false
	}
}

// waitFor waits until w is read; false when ctx ends first.
func waitFor(ctx context.Context, w *wave) bool {
	select {
	case <-w.done:
		return true
	case <-ctx.Done():
		return false
	}
}

// opportunityForDecision reads the candidate a stage change is about: from
// a wave of pages when the change came by webhook and others of the stage
// wait with it, else singly. paged tells which. A decision tried again
// after a failure reads its candidate afresh, singly.
func (e *Engine) opportunityForDecision(ctx context.Context, a StageChangeArgs, attempt int) (opp *lever.Opportunity, paged bool, err error) {
	if a.Source == SourceWebhook && attempt <= 1 {
		opp, ok, err := e.pagedOpportunity(ctx, a)
		if ok || err != nil {
			return opp, ok, err
		}
	}
	opp, err = e.lever.Opportunity(ctx, a.OpportunityID)
	return opp, false, err
}

// pagedOpportunity is the candidate from a wave, checked again against
// what was recorded while the wave was read.
func (e *Engine) pagedOpportunity(ctx context.Context, a StageChangeArgs) (*lever.Opportunity, bool, error) {
	newest, err := e.newestLine(ctx, a.OpportunityID)
	if err != nil {
		return nil, false, nil
	}
	opp, mark, ok, err := e.fromPage(ctx, a.StageID, a.OpportunityID, newest)
	if err != nil {
		return nil, false, err
	}
	if !ok || opp.StageID != a.StageID {
		return nil, false, nil
	}
	// An archive, deletion, hire or move recorded while the wave was read
	// or waited for overtakes the page.
	if newest, err = e.newestLine(ctx, a.OpportunityID); err != nil || newest > mark {
		return nil, false, nil
	}
	// An entry already decided is read again: a list behind a move out of
	// the stage and back would show the earlier entry.
	decided, err := e.db.StageEntryDecided(ctx, a.OpportunityID, a.StageID, enteredStageAt(opp, a.StageID))
	if err != nil || decided {
		return nil, false, nil
	}
	return opp, true, nil
}

// rateLimited reports Lever's 429, which the wave's own retries did not
// outlast.
func rateLimited(err error) bool {
	var le *lever.Error
	return errors.As(err, &le) && le.StatusCode == http.StatusTooManyRequests
}
