package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// The demo's history (`demo --history N`): the past of a busy hiring team,
// so the dashboard can be seen at scale. It is made up once, before the
// scripted flow starts, and is older than anything the flow adds.

// Assessment is one of the demo's Qualified assessments as the history
// needs it.
type Assessment struct {
	ID, Title  string
	Cut        float64
	Challenges []string
	// Languages are those its candidates chose; none when not known.
	Languages []string
}

// pastOpening is a posting candidates of the past applied to, and the
// assessments its tags (or its candidates' tags) named.
type pastOpening struct {
	id, title string
	// onPosting are assessment titles tagged on the posting; onCandidate
	// are tagged on some of its candidates (lower-cased, as recruiters type).
	onPosting, onCandidate []string
	weight                 int
}

// pastPostings are postings that only the history uses: a team that
// has hired for a while has more openings than the demo's four.
var pastPostings = []levertest.Posting{
	{ID: "demo-post-platform", Text: "Platform Engineer", Tags: []string{"Engineering", "Backend Challenge", "Data Structures"}},
	{ID: "demo-post-fullstack", Text: "Full-Stack Engineer", Tags: []string{"Engineering", "Frontend Challenge", "Backend Challenge"}},
	{ID: "demo-post-data-eng", Text: "Data Engineer", Tags: []string{"Analytics", "SQL Basics"}},
	{ID: "demo-post-mobile", Text: "Mobile Engineer", Tags: []string{"Engineering", "Frontend Challenge"}},
	{ID: "demo-post-intern", Text: "Software Engineering Intern", Tags: []string{"Early careers", "Data Structures"}},
}

var openings = []pastOpening{
	{id: "demo-post-backend", title: "Senior Backend Engineer", onPosting: []string{"Backend Challenge"}, onCandidate: []string{"Data Structures"}, weight: 5},
	{id: "demo-post-frontend", title: "Frontend Engineer", onPosting: []string{"Frontend Challenge"}, weight: 4},
	{id: "demo-post-data", title: "Data Analyst", onCandidate: []string{"SQL Basics"}, weight: 3},
	{id: "demo-post-design", title: "Product Designer", onCandidate: []string{"Frontend Challenge"}, weight: 1},
	{id: "demo-post-platform", title: "Platform Engineer", onPosting: []string{"Backend Challenge", "Data Structures"}, weight: 2},
	{id: "demo-post-fullstack", title: "Full-Stack Engineer", onPosting: []string{"Frontend Challenge", "Backend Challenge"}, weight: 2},
	{id: "demo-post-data-eng", title: "Data Engineer", onPosting: []string{"SQL Basics"}, onCandidate: []string{"Data Structures"}, weight: 2},
	{id: "demo-post-mobile", title: "Mobile Engineer", onPosting: []string{"Frontend Challenge"}, weight: 1},
	{id: "demo-post-intern", title: "Software Engineering Intern", onPosting: []string{"Data Structures"}, weight: 2},
}

var pastFirstNames = []string{"Aisha", "Alejandro", "Amara", "Andrei", "Anika", "Arjun", "Beatriz", "Bilal", "Camille", "Carlos",
	"Chen", "Chiara", "Daniel", "Dmitri", "Elena", "Emeka", "Emma", "Fatima", "Felix", "Freya", "Gabriel", "Hana", "Hiroshi",
	"Ingrid", "Isabel", "Ivan", "Jamal", "Javier", "Jia", "Jonas", "Julia", "Kai", "Kavya", "Kenji", "Laila", "Lars", "Leila",
	"Lucas", "Maya", "Mateo", "Mei", "Mohammed", "Nadia", "Naveen", "Nia", "Noah", "Olga", "Omar", "Priya", "Rafael", "Rosa",
	"Sakura", "Samuel", "Sara", "Sofia", "Tariq", "Thomas", "Valentina", "Wei", "Yara", "Yusuf", "Zainab", "Zoe", "Oliver",
	"Amelia", "Ethan", "Chloe", "Liam", "Grace", "Mason", "Harper", "Diego", "Lucia", "Tomasz", "Ayumi", "Kwame", "Ines"}

var pastLastNames = []string{"Abara", "Ahmed", "Alvarez", "Andersen", "Bauer", "Becker", "Bianchi", "Brown", "Castro", "Chen",
	"Costa", "Da Silva", "Dubois", "Eriksson", "Fernandes", "Fischer", "García", "Gonzalez", "Gupta", "Haddad", "Hansen",
	"Hernández", "Huang", "Ibrahim", "Ito", "Ivanova", "Jensen", "Johnson", "Kaur", "Khan", "Kim", "Kowalski", "Kumar",
	"Larsen", "Lee", "Li", "Lopez", "Martin", "Müller", "Nakamura", "Nguyen", "Novak", "Obi", "Okafor", "O'Brien", "Patel",
	"Pereira", "Petrov", "Popescu", "Rahman", "Rossi", "Santos", "Sato", "Schmidt", "Singh", "Smith", "Suzuki", "Tanaka",
	"Taylor", "Nowak", "Walker", "Wang", "Williams", "Yamamoto", "Yilmaz", "Zhang", "Mensah", "Van der Berg", "MacLeod", "Nair"}

var pastDomains = []string{"example.com", "example.org", "example.net", "mail.example.com", "students.example.edu"}

// outcomes is how past invitations ended, with their weights out of 1000.
var outcomes = []struct {
	status backend.Status
	weight int
}{
	{backend.StatusSubmitted, 560}, {backend.StatusInvited, 130}, {backend.StatusStarted, 60},
	{backend.StatusClosed, 150}, {backend.StatusExpired, 40}, {backend.StatusFailed, 55}, {backend.StatusPending, 5},
}

// History makes n past invitations over the demo's assessments and
// postings, spread over the six months before now. The same n always makes
// the same candidates, names and scores.
func History(n int, now time.Time, assessments []Assessment, reportBase string) []backend.Invitation {
	invs, _ := Past(n, now, assessments, reportBase)
	return invs
}

// PastLife is what Lever said of a candidate of the past after their
// assessment: archived (at ArchivedAt), and hired (at HiredAt, archived
// then too). A candidate still in process has neither.
type PastLife struct {
	OpportunityID string
	ArchivedAt    time.Time
	HiredAt       time.Time
}

// Past is History with what became of its candidates in Lever: the hires
// (a share of those who passed, more of the higher scores, a few who did
// not pass, some weeks after they submitted) and the candidates archived
// without a hire. The team's invitations grow in number over the six
// months, and more of its candidates start and pass as it goes.
func Past(n int, now time.Time, assessments []Assessment, reportBase string) ([]backend.Invitation, []PastLife) {
	rng := rand.New(rand.NewPCG(2024, uint64(n)))
	byTitle := map[string]Assessment{}
	for _, a := range assessments {
		byTitle[a.Title] = a
	}
	totalWeight := 0
	for _, o := range openings {
		totalWeight += o.weight
	}
	pick := func() pastOpening {
		w := rng.IntN(totalWeight)
		for _, o := range openings {
			if w -= o.weight; w < 0 {
				return o
			}
		}
		return openings[0]
	}
	// Everything in the history is over before the scripted flow begins.
	horizon := now.Add(-time.Hour)
	const span = 180 * 24 * time.Hour
	emails := map[string]int{}
	out := make([]backend.Invitation, 0, n)
	var lives []PastLife
	for person := 1; len(out) < n; person++ {
		opening := pick()
		first := pastFirstNames[rng.IntN(len(pastFirstNames))]
		last := pastLastNames[rng.IntN(len(pastLastNames))]
		local := strings.ToLower(first + "." + strings.NewReplacer(" ", "", "'", "").Replace(last))
		emails[local]++
		if k := emails[local]; k > 1 {
			local = fmt.Sprintf("%s%d", local, k)
		}
		opp := fmt.Sprintf("demo-past-%06d", person)
		c := backend.Candidate{OpportunityID: opp, ContactID: "contact-" + opp, Name: first + " " + last,
			Email: local + "@" + pastDomains[rng.IntN(len(pastDomains))], PostingID: opening.id, PostingTitle: opening.title,
			ProfileURL: "https://hire.lever.co/candidates/" + opp}
		type match struct {
			title string
			place backend.TagPlace
		}
		var matches []match
		for _, t := range opening.onPosting {
			matches = append(matches, match{t, backend.TagOnPosting})
		}
		for _, t := range opening.onCandidate {
			if len(matches) == 0 || rng.IntN(3) == 0 {
				matches = append(matches, match{t, backend.TagOnCandidate})
			}
		}
		// More invitations lately: a team that grows. progress is 0 six
		// months ago, 1 now.
		progress := math.Sqrt(rng.Float64())
		invitedAt := horizon.Add(-time.Duration((1 - progress) * float64(span)))
		noEmail := rng.IntN(200) == 0
		if noEmail {
			c.Email = ""
		}
		mine := len(out)
		for _, m := range matches {
			if len(out) == n {
				break
			}
			a, ok := byTitle[m.title]
			if !ok {
				continue
			}
			tag := a.Title
			if m.place == backend.TagOnCandidate {
				tag = strings.ToLower(a.Title)
			}
			inv := backend.Invitation{OpportunityID: opp, AssessmentID: a.ID, AssessmentTitle: a.Title, MatchedTag: tag,
				TagPlace: m.place, StageID: TriggerStage, Candidate: c}
			pastOutcome(rng, &inv, a, invitedAt, horizon, noEmail, reportBase, len(out)+1, progress)
			out = append(out, inv)
		}
		if life, ok := pastLife(rng, out[mine:], horizon); ok {
			lives = append(lives, life)
		}
	}
	return out, lives
}

// pastLife decides what became of a candidate in Lever after their
// invitations: hired some weeks after their best submission (likelier the
// higher they scored; rarely without a pass), archived without a hire
// (most who failed, some who passed, most whose invitation was closed or
// expired), or still in process. Nothing happens after the horizon.
func pastLife(rng *rand.Rand, invs []backend.Invitation, horizon time.Time) (PastLife, bool) {
	if len(invs) == 0 {
		return PastLife{}, false
	}
	life := PastLife{OpportunityID: invs[0].OpportunityID}
	var best *backend.Invitation
	ended := time.Time{}
	for i := range invs {
		inv := &invs[i]
		if inv.Score != nil && (best == nil || *inv.Score > *best.Score) {
			best = inv
		}
		if (inv.Status == backend.StatusClosed || inv.Status == backend.StatusExpired) && inv.UpdatedAt.After(ended) {
			ended = inv.UpdatedAt
		}
	}
	days := func(lo, hi int) time.Duration { return time.Duration(lo*24*60+rng.IntN((hi-lo)*24*60+1)) * time.Minute }
	switch {
	case best != nil:
		passed := best.Passed != nil && *best.Passed
		hire := 0.015 // a few hired on the interviews despite the score
		if passed {
			// From 5% just over the cut to about 40% for the best.
			hire = 0.05 + 0.35/(1+math.Exp(-(*best.Score-82)/5))
		}
		roll := rng.Float64()
		switch {
		case roll < hire:
			at := best.SubmittedAt.Add(days(14, 49))
			if at.After(horizon) {
				return life, false // still interviewing
			}
			life.HiredAt, life.ArchivedAt = at, at
		case !passed && roll < 0.75 || passed && roll < 0.45:
			at := best.SubmittedAt.Add(days(1, 28))
			if at.After(horizon) {
				return life, false
			}
			life.ArchivedAt = at
		default:
			return life, false
		}
	case !ended.IsZero() && rng.IntN(10) < 7:
		life.ArchivedAt = ended.Add(-days(0, 2))
	default:
		return life, false
	}
	return life, true
}

// pastOutcome plays one past invitation to its end: when it was sent, when
// the candidate started and submitted, the score, or why it failed.
//
// progress runs from 0 (six months ago) to 1 (now): later candidates are
// less often left waiting and score a little higher, so the trend shows.
func pastOutcome(rng *rand.Rand, inv *backend.Invitation, a Assessment, at, horizon time.Time, noEmail bool, reportBase string, nth int, progress float64) {
	status := backend.StatusSubmitted
	w := rng.IntN(1000)
	for _, o := range outcomes {
		weight := o.weight
		switch o.status {
		case backend.StatusInvited:
			// From 16% of candidates never starting to 9%.
			weight = 160 - int(70*progress)
		case backend.StatusSubmitted:
			weight = 530 + int(70*progress)
		}
		if w -= weight; w < 0 {
			status = o.status
			break
		}
	}
	if noEmail {
		status = backend.StatusFailed
	}
	inv.Status = status
	inv.CreatedAt = at
	// No result ids: the simulated account does not know past results, and
	// the safety net that polls results in flight leaves these alone.
	defer endBefore(inv, horizon)
	minutes := func(lo, hi int) time.Duration { return time.Duration(lo+rng.IntN(hi-lo+1)) * time.Minute }
	// How long candidates take: most start within a day, some after a
	// weekend, a few after a week or more; most submit in one sitting of an
	// hour or two, some come back the next day.
	toStart := func() time.Duration {
		h := math.Exp(math.Log(9) + rng.NormFloat64()*1.3)
		return time.Duration(min(max(h, 0.2), 16*24) * float64(time.Hour))
	}
	toSubmit := func() time.Duration {
		if rng.IntN(12) == 0 {
			return minutes(16*60, 40*60)
		}
		m := math.Exp(math.Log(80) + rng.NormFloat64()*0.45)
		return time.Duration(min(max(m, 20), 300) * float64(time.Minute))
	}
	switch status {
	case backend.StatusPending:
		// Still waiting to be sent: among the last of the history.
		inv.CreatedAt = horizon.Add(-minutes(1, 60))
		inv.UpdatedAt = inv.CreatedAt
		return
	case backend.StatusFailed:
		inv.UpdatedAt = at.Add(time.Duration(1+rng.IntN(30)) * time.Second)
		if noEmail {
			inv.Error = "The candidate has no e-mail address in Lever. Add one, then retry."
		} else {
			inv.Error = "Qualified did not accept the invitation: qualified: 422 Unprocessable Entity: the account has no seats left"
			inv.Attempt = 1 + rng.IntN(2)
		}
		return
	}
	inv.InvitedAt = at.Add(time.Duration(2+rng.IntN(40)) * time.Second)
	inv.AppliedTag = backend.TagFor(a.Title, backend.StatusInvited)
	inv.UpdatedAt = inv.InvitedAt
	started := rng.IntN(10) < 7
	switch status {
	case backend.StatusInvited:
		return
	case backend.StatusClosed, backend.StatusExpired:
		// Expired a week after the invitation, started or not.
		if started {
			inv.StartedAt = inv.InvitedAt.Add(min(toStart(), 6*24*time.Hour))
			inv.AppliedTag = backend.TagFor(a.Title, backend.StatusStarted)
		}
		if status == backend.StatusExpired {
			inv.AppliedTag = backend.TagFor(a.Title, backend.StatusExpired)
		}
		inv.UpdatedAt = inv.InvitedAt.Add(7 * 24 * time.Hour)
		return
	}
	inv.StartedAt = inv.InvitedAt.Add(toStart())
	inv.AppliedTag = backend.TagFor(a.Title, backend.StatusStarted)
	inv.UpdatedAt = inv.StartedAt
	if status == backend.StatusStarted {
		return
	}
	inv.SubmittedAt = inv.StartedAt.Add(toSubmit())
	inv.UpdatedAt = inv.SubmittedAt.Add(time.Duration(3+rng.IntN(20)) * time.Second)
	inv.AppliedTag = backend.TagFor(a.Title, backend.StatusSubmitted)
	inv.TimeSpent = inv.SubmittedAt.Sub(inv.StartedAt).Truncate(time.Second)
	ability := 64 + 5*progress + rng.NormFloat64()*18
	score := math.Round(max(0, min(100, ability))*10) / 10
	lang := "" // an assessment may not say which languages its candidates chose
	if len(a.Languages) > 0 {
		lang = a.Languages[rng.IntN(len(a.Languages))]
	}
	if len(a.Challenges) > 0 {
		// The last challenge is the one candidates most often leave blank,
		// running out of time; the weaker, the likelier. The score is then
		// the mean of the challenges'.
		blank := len(a.Challenges) > 1 && rng.Float64() < 0.12+0.25*(1-max(0, min(1, ability/100)))
		sum := 0.0
		for i, title := range a.Challenges {
			s := math.Round(max(0, min(100, ability+rng.NormFloat64()*12))*10) / 10
			if blank && i == len(a.Challenges)-1 {
				s = 0
			}
			sum += s
			inv.Challenges = append(inv.Challenges, backend.ChallengeScore{Title: title, Score: s, Language: lang})
		}
		score = math.Round(sum/float64(len(a.Challenges))*10) / 10
	}
	passed := score >= a.Cut
	inv.Score, inv.Passed = &score, &passed
	inv.ReportURL = fmt.Sprintf("%s/hire/assessment_results/past-%d", reportBase, nth)
	inv.NoteID = fmt.Sprintf("demo-past-note-%d", nth)
}

// endBefore moves a past invitation's whole story back when its last event
// would run into the live flow.
func endBefore(inv *backend.Invitation, horizon time.Time) {
	late := inv.UpdatedAt.Sub(horizon)
	if late <= 0 {
		return
	}
	for _, t := range []*time.Time{&inv.CreatedAt, &inv.InvitedAt, &inv.StartedAt, &inv.SubmittedAt, &inv.UpdatedAt} {
		if !t.IsZero() {
			*t = t.Add(-late)
		}
	}
}

// Languages are the languages candidates of the past chose, by assessment.
var Languages = map[string][]string{
	"Backend Challenge":  {"go", "python", "java", "ruby"},
	"Frontend Challenge": {"typescript", "javascript"},
	"SQL Basics":         {"sql"},
	"Data Structures":    {"python", "java", "cpp", "go"},
}

// Past makes n past invitations over the accounts' published assessments
// (see History), with what became of their candidates in Lever.
func (a *Accounts) Past(n int, now time.Time) ([]backend.Invitation, []PastLife) {
	return Past(n, now, a.script.catalog, a.Qualified.WebURL)
}
