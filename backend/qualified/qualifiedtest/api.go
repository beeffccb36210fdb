package qualifiedtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

func (s *Server) routeAPI(m *http.ServeMux) {
	m.Handle("GET /api/v1/assessments", route(s.listAssessments))
	m.Handle("GET /api/v1/assessments/{id}", getRecord(s, s.assessments, "Assessment", "Assessment", (*assessment).json))
	m.Handle("POST /api/v1/assessment_invitations/invite_candidates", route(s.inviteCandidates))
	m.Handle("GET /api/v1/assessment_invitations", route(s.listInvitations))
	m.Handle("DELETE /api/v1/assessment_invitations/{id}", route(s.cancelInvitation))
	m.Handle("GET /api/v1/assessment_results", route(s.listResults))
	m.Handle("GET /api/v1/assessment_results/{id}", getRecord(s, s.results, "Assessment result", "AssessmentResult", s.resultJSON))
	m.Handle("GET /api/v1/assessment_results/{id}/exhibit", route(s.getExhibit))
	m.Handle("GET /api/v1/assessment_results/{id}/share", route(s.getShare))
	m.Handle("GET /api/v1/webhook_subscriptions", route(s.listSubscriptions))
	m.Handle("POST /api/v1/webhook_subscriptions", s.saveSubscription(true))
	m.Handle("GET /api/v1/webhook_subscriptions/{id}", getRecord(s, s.subs, "Webhook subscription", "WebhookSubscription", (*subscription).json))
	m.Handle("PUT /api/v1/webhook_subscriptions/{id}", s.saveSubscription(false))
	m.Handle("DELETE /api/v1/webhook_subscriptions/{id}", route(s.deleteSubscription))
	m.Handle("/api/", route(func(_ http.ResponseWriter, r *http.Request) *apiError {
		return errorf(http.StatusNotFound, "No route %s %s", r.Method, r.URL.Path)
	}))
}

// route is an API handler that returns the error Qualified answers with,
// rather than writing it.
type route func(w http.ResponseWriter, r *http.Request) *apiError

func (h route) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if aerr := h(w, r); aerr != nil {
		writeError(w, aerr)
	}
}

// byID finds the record the request's {id} names, or the 404 Qualified
// answers. Callers hold s.mu.
func byID[T any](records map[int]*T, r *http.Request, what string) (*T, *apiError) {
	v := records[parseOID(r.PathValue("id"))]
	if v == nil {
		return nil, errorf(http.StatusNotFound, "%s not found", what)
	}
	return v, nil
}

// getRecord is the route that answers with the record of records (one of
// the server's maps, made once in New) that the request's {id} names, as
// render renders it, of Qualified's type typ.
func getRecord[T any](s *Server, records map[int]*T, what, typ string, render func(*T) map[string]any) route {
	return func(w http.ResponseWriter, r *http.Request) *apiError {
		s.mu.Lock()
		defer s.mu.Unlock()
		rec, aerr := byID(records, r, what)
		if aerr != nil {
			return aerr
		}
		s.writeObject(w, http.StatusOK, typ, render(rec))
		return nil
	}
}

// writeMatching answers with a page of the records that meet where, in
// the order records (called under s.mu) gives them, as render renders them.
func writeMatching[T interface{ field(string) (value, bool) }](s *Server, w http.ResponseWriter, r *http.Request,
	where conditions, typ string, records func() []T, render func(T) map[string]any) *apiError {
	s.mu.Lock()
	var items []map[string]any
	for _, rec := range records() {
		ok, aerr := where.match(rec.field)
		if aerr != nil {
			s.mu.Unlock()
			return aerr
		}
		if ok {
			items = append(items, render(rec))
		}
	}
	s.mu.Unlock()
	s.writeList(w, r, typ, items)
	return nil
}

// Lists are paged like Qualified's: page from 1, limit up to 100.
const (
	defaultLimit = 20
	maxLimit     = 100
)

// writeList answers a page as Qualified does: the items' type, the page
// counts beside the data, and a meta of its own.
func (s *Server) writeList(w http.ResponseWriter, r *http.Request, typ string, items []map[string]any) {
	q := r.URL.Query()
	page, limit := 1, defaultLimit
	if v, err := strconv.Atoi(q.Get("page")); err == nil && v > 0 {
		page = v
	}
	if v, err := strconv.Atoi(q.Get("limit")); err == nil && v > 0 {
		limit = min(v, maxLimit)
	}
	total := len(items)
	pages := max(1, (total+limit-1)/limit)
	start := min((page-1)*limit, total)
	end := min(start+limit, total)
	data := items[start:end]
	if data == nil {
		data = []map[string]any{}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"type":        typ,
		"data":        data,
		"currentPage": page,
		"totalPages":  pages,
		"totalCount":  total,
		"meta":        s.meta(),
	})
}

// writeObject answers one record as Qualified does: {id, type, data, meta},
// the id repeated outside the data.
func (s *Server) writeObject(w http.ResponseWriter, status int, typ string, v map[string]any) {
	writeJSON(w, status, map[string]any{"id": v["id"], "type": typ, "data": v, "meta": s.meta()})
}

// meta is the meta object every answer carries.
func (s *Server) meta() map[string]any {
	return map[string]any{"timestamp": s.clock().Format(time.RFC3339Nano), "includes": []string{}}
}

// fields is a request's data object with keys in snake_case, whichever case
// the caller used.
type fields map[string]json.RawMessage

func readData(r *http.Request) (fields, *apiError) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "Could not read the request body")
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, errorf(http.StatusBadRequest, "Request body must be a JSON object")
	}
	raw, ok := env["data"]
	if !ok {
		return nil, errorf(http.StatusBadRequest, `Request body must be wrapped in {"data": {...}}`)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, errorf(http.StatusBadRequest, "data must be an object")
	}
	f := fields{}
	for k, v := range m {
		f[snake(k)] = v
	}
	return f, nil
}

func (f fields) has(k string) bool {
	v, ok := f[k]
	return ok && string(bytes.TrimSpace(v)) != "null"
}

func (f fields) str(k string) (string, *apiError) {
	if !f.has(k) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(f[k], &s); err != nil {
		return "", errorf(http.StatusUnprocessableEntity, "%s must be a string", k)
	}
	return s, nil
}

func (f fields) boolean(k string, def bool) (bool, *apiError) {
	if !f.has(k) {
		return def, nil
	}
	var b bool
	if err := json.Unmarshal(f[k], &b); err != nil {
		return false, errorf(http.StatusUnprocessableEntity, "%s must be true or false", k)
	}
	return b, nil
}

// strings reads a list of strings; a single string counts as a list of one.
func (f fields) strings(k string) ([]string, *apiError) {
	if !f.has(k) {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal(f[k], &list); err == nil {
		return list, nil
	}
	var one string
	if err := json.Unmarshal(f[k], &one); err == nil {
		return []string{one}, nil
	}
	return nil, errorf(http.StatusUnprocessableEntity, "%s must be a list of strings", k)
}

// id reads an ObjectId string; 0 when absent, -1 for a string that names no
// record (so the lookup answers 404). A number is no id, as in Qualified.
func (f fields) id(k string) (int, *apiError) {
	if !f.has(k) {
		return 0, nil
	}
	var s string
	if err := json.Unmarshal(f[k], &s); err != nil {
		return 0, errorf(http.StatusUnprocessableEntity, "%s is not a valid id", k)
	}
	return parseOID(s), nil
}

func (s *Server) listAssessments(w http.ResponseWriter, r *http.Request) *apiError {
	where, aerr := parseWhere(r.URL.Query().Get("where"))
	if aerr != nil {
		return aerr
	}
	return writeMatching(s, w, r, where, "Assessment", func() []*assessment { return byIDOrder(s.assessments) }, (*assessment).json)
}

func (s *Server) inviteCandidates(w http.ResponseWriter, r *http.Request) *apiError {
	f, aerr := readData(r)
	if aerr != nil {
		return aerr
	}
	resp, aerr := s.invite(f)
	if aerr != nil {
		return aerr
	}
	// A list without page counts, unlike GET lists.
	writeJSON(w, http.StatusOK, map[string]any{"type": "AssessmentInvitation", "data": resp, "meta": s.meta()})
	return nil
}

// invite applies invite_candidates: one team candidate per e-mail, one
// invitation and result per (candidate, assessment), and an e-mail for each
// new invitation or, unless skip_email_resend, each repeat.
func (s *Server) invite(f fields) ([]map[string]any, *apiError) {
	emails, aerr := f.strings("candidates")
	if aerr != nil {
		return nil, aerr
	}
	if len(emails) == 0 {
		return nil, errorf(http.StatusUnprocessableEntity, "candidates is required")
	}
	if !f.has("assessment_id") {
		return nil, errorf(http.StatusUnprocessableEntity, "assessment_id is required")
	}
	assessmentID, aerr := f.id("assessment_id")
	if aerr != nil {
		return nil, aerr
	}
	var first, last, alternate, expires, remind, retry string
	for k, dst := range map[string]*string{"first_name": &first, "last_name": &last, "alternate_id": &alternate,
		"expires_at": &expires, "reminder_at": &remind, "retry_action": &retry} {
		if *dst, aerr = f.str(k); aerr != nil {
			return nil, aerr
		}
	}
	if len(emails) > 1 && (first != "" || last != "") {
		return nil, errorf(http.StatusUnprocessableEntity, "first_name and last_name can only be given with a single candidate")
	}
	if retry != "" && retry != "reopen" && retry != "retake" {
		return nil, errorf(http.StatusUnprocessableEntity, "retry_action must be reopen or retake")
	}
	send, aerr := f.boolean("send_email_to_candidate", true)
	if aerr != nil {
		return nil, aerr
	}
	skipResend, aerr := f.boolean("skip_email_resend", false)
	if aerr != nil {
		return nil, aerr
	}
	dayDefaults, aerr := f.boolean("apply_day_defaults", false)
	if aerr != nil {
		return nil, aerr
	}
	for i, e := range emails {
		e = strings.TrimSpace(e)
		if at := strings.Index(e, "@"); at <= 0 || at == len(e)-1 || strings.ContainsAny(e, " \t\n,;") {
			return nil, errorf(http.StatusUnprocessableEntity, "%q is not a valid e-mail address", e)
		}
		emails[i] = e
	}
	var expiresAt, reminderAt time.Time
	for _, t := range []struct {
		name string
		raw  string
		dst  *time.Time
	}{{"expires_at", expires, &expiresAt}, {"reminder_at", remind, &reminderAt}} {
		if t.raw == "" {
			continue
		}
		v, err := time.Parse(time.RFC3339Nano, t.raw)
		if err != nil {
			return nil, errorf(http.StatusUnprocessableEntity, "%s must be an ISO 8601 time", t.name)
		}
		*t.dst = v.UTC()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.assessments[assessmentID]
	switch {
	case a == nil:
		return nil, errorf(http.StatusNotFound, "Assessment not found")
	case !a.archivedAt.IsZero():
		return nil, errorf(http.StatusUnprocessableEntity, "Assessment is archived")
	case a.state != "published":
		return nil, errorf(http.StatusUnprocessableEntity, "Assessment is not published")
	}
	now := s.clock()
	if dayDefaults {
		if expiresAt.IsZero() {
			expiresAt = now.AddDate(0, 0, a.expireDays)
		}
		if reminderAt.IsZero() {
			reminderAt = now.AddDate(0, 0, a.remindDays)
		}
	}
	var out []map[string]any
	for _, email := range emails {
		key := strings.ToLower(email)
		c := s.candidates[key]
		if c == nil {
			c = &teamCandidate{id: s.newID("candidate"), email: email, createdAt: now}
			s.candidates[key] = c
		}
		if c.firstName == "" && c.lastName == "" {
			c.firstName, c.lastName = first, last
		}
		inv := s.invitationFor(email, a.id)
		switch {
		case inv == nil:
			inv = &invitation{
				id:           s.newID("invitation"),
				candidateID:  c.id,
				assessmentID: a.id,
				email:        email,
				firstName:    first,
				lastName:     last,
				alternateID:  alternate,
				code:         token(),
				createdAt:    now,
				expiresAt:    now.AddDate(0, 0, 7),
				reminderAt:   reminderAt,
				takes:        1,
			}
			if !expiresAt.IsZero() {
				inv.expiresAt = expiresAt
			}
			s.newTake(inv, 0, now)
			s.invitations[inv.id] = inv
			if send {
				inv.emailsSent++
			}
		case retry != "" && s.retry(inv, retry, expiresAt, reminderAt, now):
			// A second go is a new e-mail, whatever skip_email_resend says.
			if send {
				inv.emailsSent++
			}
		case send && !skipResend:
			// Inviting again never moves the deadline of an invitation
			// already sent: whether Qualified's API can change one is not
			// documented, so the simulator assumes it cannot.
			inv.emailsSent++
		}
		if inv.alternateID == "" {
			inv.alternateID = alternate
		}
		out = append(out, s.invitationJSON(inv))
	}
	return out, nil
}

// newTake opens a new result for inv, the take-th attempt (from 0). Callers
// hold s.mu.
func (s *Server) newTake(inv *invitation, take int, now time.Time) {
	res := &result{
		id:           s.newID("result"),
		assessmentID: inv.assessmentID,
		candidateID:  inv.candidateID,
		invitationID: inv.id,
		state:        "invited",
		take:         take,
		createdAt:    now,
		invitedAt:    now,
		updatedAt:    now,
		shareToken:   token(),
	}
	inv.resultID = res.id
	s.results[res.id] = res
}

// retry applies retry_action to an existing invitation and reports whether
// it gave the candidate a second go. A second go is for an attempt that is
// over: handed in, closed, cancelled, or past its deadline. "retake" opens a
// new result (the old one keeps its state and is no longer the current
// take); "reopen" lets the candidate back into the same result. Either
// takes the deadline and reminder given with it, or a week when none is
// given, as a new invitation does. An attempt still under way is left alone
// (the invite is then a plain repeat). Callers hold s.mu.
func (s *Server) retry(inv *invitation, action string, expiresAt, reminderAt, now time.Time) bool {
	r := s.results[inv.resultID]
	over := r == nil || r.state == "submitted" || r.state == "terminated" ||
		(!inv.expiresAt.IsZero() && !now.Before(inv.expiresAt))
	if !over {
		return false
	}
	if expiresAt.IsZero() {
		expiresAt = now.AddDate(0, 0, 7)
	}
	inv.expiresAt, inv.reminderAt = expiresAt, reminderAt
	if action == "retake" || r == nil {
		inv.takes++
		s.newTake(inv, inv.takes-1, now)
		return true
	}
	r.prevState = r.state
	r.state, r.closedReason = "invited", ""
	if !r.startedAt.IsZero() {
		r.state = "started"
	}
	r.score, r.passed, r.solutions, r.submittedAt = nil, nil, nil, time.Time{}
	r.updatedAt = now
	return true
}

func (s *Server) listInvitations(w http.ResponseWriter, r *http.Request) *apiError {
	q := r.URL.Query()
	filter := map[string]int{}
	for _, k := range []string{"team_candidate_id", "assessment_id"} {
		v := q.Get(k)
		if v == "" {
			v = q.Get(camel(k))
		}
		if v != "" {
			filter[k] = parseOID(v)
		}
	}
	s.mu.Lock()
	var items []map[string]any
	for _, inv := range byIDOrder(s.invitations) {
		if id, ok := filter["team_candidate_id"]; ok && inv.candidateID != id {
			continue
		}
		if id, ok := filter["assessment_id"]; ok && inv.assessmentID != id {
			continue
		}
		items = append(items, s.invitationJSON(inv))
	}
	s.mu.Unlock()
	s.writeList(w, r, "AssessmentInvitation", items)
	return nil
}

// cancelInvitation withdraws an invitation; its result closes as Qualified
// closes it.
func (s *Server) cancelInvitation(w http.ResponseWriter, r *http.Request) *apiError {
	s.mu.Lock()
	inv, aerr := byID(s.invitations, r, "Invitation")
	var res *result
	if aerr == nil {
		res = s.results[inv.resultID]
	}
	s.mu.Unlock()
	if aerr != nil {
		return aerr
	}
	// Cancelling again is answered as the first time was, so a DELETE whose
	// answer was lost may be repeated. A handed-in result cannot be
	// cancelled.
	s.mu.Lock()
	already := res.closedReason == "invitation_canceled"
	s.mu.Unlock()
	if already {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	if _, err := s.close(oid(inv.resultID), "invitation_canceled"); err != nil {
		return errorf(http.StatusUnprocessableEntity, "%s", err.Error())
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listResults(w http.ResponseWriter, r *http.Request) *apiError {
	q := r.URL.Query()
	where, aerr := parseWhere(q.Get("where"))
	if aerr != nil {
		return aerr
	}
	// The plain filters are shorthand for equality conditions.
	for _, k := range []string{"assessment_id", "team_candidate_id", "state"} {
		v := q.Get(k)
		if v == "" {
			v = q.Get(camel(k))
		}
		if v != "" {
			where = append(where, condition{field: k, op: "==", operand: v})
		}
	}
	return writeMatching(s, w, r, where, "AssessmentResult", func() []*result { return byIDOrder(s.results) }, s.resultJSON)
}

func (s *Server) getExhibit(w http.ResponseWriter, r *http.Request) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, aerr := byID(s.results, r, "Assessment result")
	if aerr != nil {
		return aerr
	}
	a := s.assessments[res.assessmentID]
	solutions := []map[string]any{}
	for i, sol := range res.solutions {
		risk := ""
		if i < len(res.similarity) {
			risk = res.similarity[i]
		}
		solutions = append(solutions, map[string]any{
			"score":               sol.score,
			"passingScore":        sol.passed,
			"language":            sol.language,
			"passedTestCases":     sol.passedTests,
			"totalTestCases":      sol.totalTests,
			"challenge":           map[string]any{"title": sol.title},
			"similarityRiskLevel": nilIfEmpty(risk),
		})
	}
	score, passed := res.shownScore()
	ex := map[string]any{
		"assessmentId":    oid(res.assessmentID),
		"teamCandidateId": oid(res.candidateID),
		"state":           res.state,
		"score":           score,
		"passingScore":    passed,
		"submittedAt":     jsonTime(res.submittedAt),
		"closedReason":    nilIfEmpty(res.closedReason),
		"assessment":      map[string]any{"id": oid(a.id), "title": a.title, "labels": nil},
		"solutions":       solutions,
		"passedAll":       res.passed,
	}
	if c := s.candidateByID(res.candidateID); c != nil {
		ex["teamCandidate"] = c.json()
	}
	// The exhibit comes as {id, data}: no type and no meta.
	writeJSON(w, http.StatusOK, map[string]any{"id": oid(res.id), "data": ex})
	return nil
}

func (s *Server) getShare(w http.ResponseWriter, r *http.Request) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, aerr := byID(s.results, r, "Assessment result")
	if aerr != nil {
		return aerr
	}
	link := s.WebURL + "/share/" + res.shareToken
	// Recorded bare: no envelope at all. Without the PDF feature the
	// answer carries no "pdf".
	share := map[string]any{"id": oid(res.id), "url": link, "solutions": []any{}}
	if !s.pdfOff {
		share["pdf"] = link + ".pdf"
	}
	writeJSON(w, http.StatusOK, share)
	return nil
}

// Webhook subscriptions.

// knownTriggers are the event triggers Qualified accepts. The simulator
// fires only the assessment_result ones.
var knownTriggers = map[string]bool{
	"team_candidate_started_assessment": true, "team_candidate_submitted_assessment": true,
	"team_candidate_label_added": true, "team_candidate_label_removed": true, "team_candidate_state_changed": true,
	"challenge_created": true, "challenge_updated": true, "challenge_published": true, "challenge_destroyed": true,
	"solution_created": true, "solution_updated": true,
	"assessment_created": true, "assessment_updated": true, "assessment_published": true, "assessment_destroyed": true,
	"assessment_result_state_changed": true, "assessment_result_started": true, "assessment_result_submitted": true,
	"assessment_result_review_created": true, "assessment_result_review_updated": true,
	"assessment_result_review_submitted": true, "assessment_result_review_destroyed": true,
	"note_created": true,
}

// subscriptionFields validates a subscription body; on create, url and
// event_triggers are required.
func subscriptionFields(f fields, create bool) (hookURL, name string, triggers map[string]bool, aerr *apiError) {
	if hookURL, aerr = f.str("url"); aerr != nil {
		return
	}
	if hookURL != "" || create {
		u, err := url.Parse(hookURL)
		if hookURL == "" {
			return "", "", nil, errorf(http.StatusUnprocessableEntity, "url is required")
		}
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", "", nil, errorf(http.StatusUnprocessableEntity, "url must be an absolute http(s) URL")
		}
	}
	if name, aerr = f.str("name"); aerr != nil {
		return
	}
	if !f.has("event_triggers") {
		if create {
			aerr = errorf(http.StatusUnprocessableEntity, "event_triggers is required")
		}
		return
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(f["event_triggers"], &raw); err != nil {
		return "", "", nil, errorf(http.StatusUnprocessableEntity, "event_triggers must map event names to true or false")
	}
	triggers = map[string]bool{}
	for k, v := range raw {
		if k == "id" {
			// A client sending back what it read carries the triggers' id.
			continue
		}
		var on bool
		if err := json.Unmarshal(v, &on); err != nil {
			return "", "", nil, errorf(http.StatusUnprocessableEntity, "event_triggers must map event names to true or false")
		}
		k = snake(k)
		if !knownTriggers[k] {
			return "", "", nil, errorf(http.StatusUnprocessableEntity, "unknown event trigger %q", k)
		}
		if on {
			triggers[k] = true
		}
	}
	if len(triggers) == 0 {
		return "", "", nil, errorf(http.StatusUnprocessableEntity, "event_triggers must enable at least one event")
	}
	if triggers["assessment_result_state_changed"] && len(triggers) > 1 {
		return "", "", nil, errorf(http.StatusUnprocessableEntity, "assessment_result_state_changed cannot be combined with other triggers")
	}
	return
}

func (s *Server) listSubscriptions(w http.ResponseWriter, r *http.Request) *apiError {
	s.mu.Lock()
	var items []map[string]any
	for _, sub := range byIDOrder(s.subs) {
		items = append(items, sub.json())
	}
	s.mu.Unlock()
	s.writeList(w, r, "WebhookSubscription", items)
	return nil
}

// saveSubscription is the route that creates a subscription (create) or
// changes the one the request's {id} names, where only the fields given
// change.
func (s *Server) saveSubscription(create bool) route {
	return func(w http.ResponseWriter, r *http.Request) *apiError {
		f, aerr := readData(r)
		if aerr != nil {
			return aerr
		}
		hookURL, name, triggers, aerr := subscriptionFields(f, create)
		if aerr != nil {
			return aerr
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		now := s.clock()
		var sub *subscription
		if create {
			sub = &subscription{id: s.newID("subscription"), triggersID: s.newID("triggers"), createdAt: now}
			s.subs[sub.id] = sub
		} else if sub, aerr = byID(s.subs, r, "Webhook subscription"); aerr != nil {
			return aerr
		}
		if hookURL != "" {
			sub.url = hookURL
		}
		if f.has("name") {
			sub.name = name
		}
		if triggers != nil {
			sub.triggers = triggers
		}
		sub.updatedAt = now
		// Qualified answers a creation with 200, not 201.
		s.writeObject(w, http.StatusOK, "WebhookSubscription", sub.json())
		return nil
	}
}

func (s *Server) deleteSubscription(w http.ResponseWriter, r *http.Request) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, aerr := byID(s.subs, r, "Webhook subscription")
	if aerr != nil {
		return aerr
	}
	delete(s.subs, sub.id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
