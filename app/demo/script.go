package demo

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// script is the demo's account and its flow of candidates.
type script struct {
	lever *levertest.Server
	qual  *qualifiedtest.Server
	rng   *rand.Rand

	assessments map[string]string // title → Qualified id
	catalog     []Assessment      // the published ones, for the history
	people      []person
	onExpire    func(resultID string) // see Accounts.OnExpire
}

type person struct {
	id, name, email, posting string
	tags                     []string
	// plan: what the candidate does once invited.
	starts, submits, archived, moveElsewhere bool
	// archiveInvited: archived in Lever once invited; hired: hired in
	// Lever after the on-site (see lifecycle.go).
	archiveInvited, hired   bool
	lapses                  bool // lets the invitation run out
	score                   float64
	startAfter, submitAfter time.Duration
}

func newScript(l *levertest.Server, q *qualifiedtest.Server) *script {
	return &script{lever: l, qual: q, rng: rand.New(rand.NewPCG(7, 42)), assessments: map[string]string{}}
}

var firstNames = []string{"Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia",
	"Edsger", "Frances", "Donald", "Hedy", "Tim", "Shafi", "Guido", "Annie", "Bjarne", "Sophie", "Yukihiro", "Joan",
	"Leslie", "Mary", "Niklaus", "Jean", "Vint", "Adele", "Whitfield", "Lynn", "John", "Evelyn", "Ivan", "Carol", "Rasmus", "Dorothy"}

var lastNames = []string{"Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Perlman",
	"Dijkstra", "Allen", "Knuth", "Lamarr", "Berners-Lee", "Goldwasser", "van Rossum", "Easley", "Stroustrup", "Wilson", "Matsumoto", "Clarke",
	"Lamport", "Keller", "Wirth", "Bartik", "Cerf", "Goldberg", "Diffie", "Conway", "Backus", "Boyd", "Sutherland", "Shaw", "Lerdorf", "Vaughan"}

func (s *script) seed() {
	for _, st := range [][2]string{{"lead-new", "New lead"}, {stageApplicant, "New applicant"}, {stageScreen, "Recruiter screen"},
		{TriggerStage, "Coding assessment"}, {stageOnsite, "On-site interview"}, {stageOffer, "Offer"}} {
		s.lever.AddStage(st[0], st[1])
	}
	s.lever.AddUser(Recruiter, "Riley Recruiter", "riley@example.com")
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
			s.catalog = append(s.catalog, Assessment{ID: s.assessments[a.Title], Title: a.Title, Cut: float64(a.PassingScore),
				Challenges: a.Challenges, Languages: Languages[a.Title]})
		}
	}
	s.lever.AddPosting(levertest.Posting{ID: "demo-post-backend", Text: "Senior Backend Engineer", Tags: []string{"Engineering", "Backend Challenge"}})
	s.lever.AddPosting(levertest.Posting{ID: "demo-post-frontend", Text: "Frontend Engineer", Tags: []string{"Engineering", "Frontend Challenge"}})
	s.lever.AddPosting(levertest.Posting{ID: "demo-post-data", Text: "Data Analyst", Tags: []string{"Analytics"}})
	s.lever.AddPosting(levertest.Posting{ID: "demo-post-design", Text: "Product Designer", Tags: []string{"Design"}})
	postings := []string{"demo-post-backend", "demo-post-frontend", "demo-post-data", "demo-post-backend", "demo-post-design", "demo-post-frontend"}
	for i := range firstNames {
		p := person{
			id:      fmt.Sprintf("demo-opp-%02d", i+1),
			name:    firstNames[i] + " " + lastNames[i],
			posting: postings[i%len(postings)],
		}
		p.email = strings.ToLower(firstNames[i]+"."+strings.ReplaceAll(lastNames[i], " ", "")) + "@example.com"
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
	s.people[13].archiveInvited, s.people[13].starts = true, false // archived while invited: the invitation is cancelled
	s.people[0].hired = true
	// A Backend Challenge candidate who fails: routing by score suggests
	// archiving them on the dashboard.
	s.people[3].starts, s.people[3].submits, s.people[3].score = true, true, demoFailScore
	s.people[lapser].starts, s.people[lapser].submits, s.people[lapser].lapses = false, false, true
	for i, p := range s.people {
		emails := []string{p.email}
		if p.email == "" {
			emails = nil
		}
		stage := stageApplicant
		if i%3 == 0 {
			stage = stageScreen
		}
		s.lever.AddOpportunity(levertest.Opportunity{ID: p.id, Name: p.name, Emails: emails, Tags: p.tags, StageID: stage, PostingIDs: []string{p.posting}})
	}
	// Already in the trigger stage before it became one: skipped, as the product promises.
	s.lever.AddOpportunity(levertest.Opportunity{ID: "demo-opp-early", Name: "Erin Early", Emails: []string{"erin.early@example.com"},
		StageID: TriggerStage, PostingIDs: []string{"demo-post-backend"}, EnteredStageAt: time.Now().Add(-72 * time.Hour)})
	s.seedAlreadyThere()
}

// run plays the flow: candidates arrive in the trigger stage a few seconds
// apart, then start and submit their assessments.
func (s *script) run(ctx context.Context, pace float64, log *slog.Logger) {
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
			s.lever.MoveToStage(p.id, stageOnsite)
		} else if _, err := s.lever.MoveToStage(p.id, TriggerStage); err != nil {
			log.Debug("demo move", "err", err)
		}
		wg.Add(1)
		go func(p person) {
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
func (s *script) follow(ctx context.Context, p person, sleep func(time.Duration) bool) {
	if p.archiveInvited {
		s.archiveOnceInvited(p, sleep)
		return
	}
	if p.email == "" || p.archived || p.moveElsewhere || (!p.starts && !p.lapses) {
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
	if p.lapses {
		s.lapse(results)
		return
	}
	for _, id := range results {
		s.qual.Start(id)
	}
	if !p.submits || !sleep(p.submitAfter) {
		return
	}
	for i, id := range results {
		score := min(100, p.score+float64(i*7))
		s.qual.SetSimilarityRisk(id, similarityFor(score)...)
		s.qual.Submit(id, score)
	}
	// The Backend Challenge's passes are moved by its routing rules; the
	// recruiter moves the other passes by hand.
	if p.score >= 70 && p.posting != "demo-post-backend" && sleep(6*time.Second) {
		s.lever.MoveToStage(p.id, stageOnsite)
	}
	if p.hired {
		s.hireAfterOnsite(p, sleep)
	}
}

// hireAfterOnsite hires p once they reach the on-site interview, moved
// there by the routing rules or by hand.
func (s *script) hireAfterOnsite(p person, sleep func(time.Duration) bool) {
	for range 120 {
		if o, ok := s.lever.Opportunity(p.id); ok && o.StageID == stageOnsite {
			if sleep(8 * time.Second) {
				s.lever.Hire(p.id)
			}
			return
		}
		if !sleep(500 * time.Millisecond) {
			return
		}
	}
}
