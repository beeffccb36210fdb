package qualifiedtest

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
)

// The web side stands in for Qualified's site: the link a candidate gets,
// with buttons to start and submit so a demo can be driven from a browser,
// and the report pages a reviewer opens.
func (s *Server) routeWeb(m *http.ServeMux) {
	m.HandleFunc("GET /assess/{id}", s.candidatePage)
	m.HandleFunc("POST /assess/{id}/start", s.candidateStart)
	m.HandleFunc("POST /assess/{id}/submit", s.candidateSubmit)
	m.HandleFunc("GET /hire/assessment_results/{id}", s.reportPage)
	m.HandleFunc("GET /share/{token}", s.sharePage)
}

var pages = template.Must(template.New("candidate").Parse(`<!doctype html>
<title>{{.Title}}</title>
<h1>{{.Title}}</h1>
<p>Candidate: {{.Email}} — state: <b>{{.State}}</b></p>
{{if .CanStart}}<form method="post" action="/assess/{{.AssessmentID}}/start?invite={{.Code}}"><button>Start</button></form>{{end}}
{{if .CanSubmit}}<form method="post" action="/assess/{{.AssessmentID}}/submit?invite={{.Code}}">
<label>Score <input name="score" type="number" min="0" max="100" value="80"></label> <button>Submit</button></form>{{end}}
`))

var report = template.Must(template.New("report").Parse(`<!doctype html>
<title>Result {{.ID}}</title>
<h1>{{.Title}}</h1>
<p>{{.Email}} — {{.State}}{{if .Submitted}} — score {{.Score}}% ({{if .Passed}}passed{{else}}below the cut{{end}}){{end}}</p>
<ul>{{range .Challenges}}<li>{{.Title}} ({{.Language}}): {{.Score}}%</li>{{end}}</ul>
`))

type candidateView struct {
	Title, Email, State, Code string
	AssessmentID              string
	CanStart, CanSubmit       bool
}

// invitationByCode finds the invitation an invite link names.
func (s *Server) invitationByCode(r *http.Request) *invitation {
	code, assessmentID := r.URL.Query().Get("invite"), parseOID(r.PathValue("id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, inv := range s.invitations {
		if inv.code == code && inv.assessmentID == assessmentID {
			return inv
		}
	}
	return nil
}

func (s *Server) candidatePage(w http.ResponseWriter, r *http.Request) {
	inv := s.invitationByCode(r)
	if inv == nil {
		http.Error(w, "This invitation link is not valid.", http.StatusNotFound)
		return
	}
	// Following the link is what Qualified records as "opened".
	_, _ = s.Open(oid(inv.resultID))
	s.mu.Lock()
	res, a := s.results[inv.resultID], s.assessments[inv.assessmentID]
	v := candidateView{
		Title: a.title, Email: inv.email, State: res.state, Code: inv.code, AssessmentID: oid(a.id),
		CanStart:  res.state == "invited" || res.state == "opened",
		CanSubmit: res.state == "started",
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pages.Execute(w, v)
}

func (s *Server) candidateStart(w http.ResponseWriter, r *http.Request) {
	inv := s.invitationByCode(r)
	if inv == nil {
		http.Error(w, "This invitation link is not valid.", http.StatusNotFound)
		return
	}
	if _, err := s.Start(oid(inv.resultID)); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	http.Redirect(w, r, "/assess/"+r.PathValue("id")+"?invite="+inv.code, http.StatusSeeOther)
}

func (s *Server) candidateSubmit(w http.ResponseWriter, r *http.Request) {
	inv := s.invitationByCode(r)
	if inv == nil {
		http.Error(w, "This invitation link is not valid.", http.StatusNotFound)
		return
	}
	score, err := strconv.ParseFloat(r.FormValue("score"), 64)
	if err != nil {
		http.Error(w, "score must be a number", http.StatusBadRequest)
		return
	}
	if _, err := s.Submit(oid(inv.resultID), score); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	http.Redirect(w, r, "/assess/"+r.PathValue("id")+"?invite="+inv.code, http.StatusSeeOther)
}

type reportView struct {
	ID, Title, Email, State string
	Submitted, Passed       bool
	Score                   float64
	Challenges              []struct {
		Title, Language string
		Score           float64
	}
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) {
	s.writeReport(w, parseOID(r.PathValue("id")))
}

func (s *Server) sharePage(w http.ResponseWriter, r *http.Request) {
	tok := r.PathValue("token")
	pdf := strings.HasSuffix(tok, ".pdf")
	tok = strings.TrimSuffix(tok, ".pdf")
	s.mu.Lock()
	id := 0
	for _, res := range s.results {
		if res.shareToken == tok {
			id = res.id
		}
	}
	s.mu.Unlock()
	if pdf {
		// A stand-in document: the link must resolve, its content is not
		// what anyone checks.
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write([]byte("%PDF-1.4\n% result " + oid(id) + "\n%%EOF\n"))
		return
	}
	s.writeReport(w, id)
}

func (s *Server) writeReport(w http.ResponseWriter, id int) {
	s.mu.Lock()
	res := s.results[id]
	if res == nil {
		s.mu.Unlock()
		http.Error(w, "Result not found.", http.StatusNotFound)
		return
	}
	v := reportView{ID: oid(res.id), State: res.state, Title: s.assessments[res.assessmentID].title, Submitted: res.score != nil}
	if c := s.candidateByID(res.candidateID); c != nil {
		v.Email = c.email
	}
	if res.score != nil {
		v.Score, v.Passed = *res.score, *res.passed
	}
	for _, sol := range res.solutions {
		v.Challenges = append(v.Challenges, struct {
			Title, Language string
			Score           float64
		}{sol.title, sol.language, sol.score})
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = report.Execute(w, v)
}
