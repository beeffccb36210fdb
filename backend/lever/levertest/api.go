package levertest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /v1/stages", s.listStages)
	m.HandleFunc("GET /v1/users", s.listUsers)
	m.Handle("GET /v1/postings/{id}", route(s.getPosting))
	m.Handle("GET /v1/opportunities", route(s.listOpportunities))
	m.Handle("GET /v1/opportunities/{id}", route(s.getOpportunity))
	m.Handle("GET /v1/opportunities/{id}/applications", route(s.listApplications))
	m.Handle("POST /v1/opportunities/{id}/addTags", s.changeTags(true))
	m.Handle("POST /v1/opportunities/{id}/removeTags", s.changeTags(false))
	m.Handle("GET /v1/opportunities/{id}/notes", route(s.listNotes))
	m.Handle("POST /v1/opportunities/{id}/notes", route(s.addNote))
	m.HandleFunc("GET /v1/tags", s.listTags)
	m.Handle("GET /v1/archive_reasons", route(s.listArchiveReasons))
	m.Handle("PUT /v1/opportunities/{id}/stage", route(s.putStage))
	m.Handle("PUT /v1/opportunities/{id}/archived", route(s.putArchived))
	m.HandleFunc("GET /v1/webhooks", s.listWebhooks)
	m.Handle("POST /v1/webhooks", route(s.createWebhook))
	m.Handle("PUT /v1/webhooks", route(s.updateWebhooks))
	m.Handle("DELETE /v1/webhooks/{id}", route(s.deleteWebhook))
	s.reportRoutes(m)
	m.Handle("/", route(func(_ http.ResponseWriter, r *http.Request) *refusal {
		return refuse(http.StatusNotFound, "No route for "+r.Method+" "+r.URL.Path)
	}))
	return m
}

// refusal is an error answer as Lever gives it: a status and a message.
type refusal struct {
	status  int
	message string
}

func refuse(status int, message string) *refusal { return &refusal{status, message} }

// route is an API handler that returns Lever's refusal, rather than
// writing it.
type route func(w http.ResponseWriter, r *http.Request) *refusal

func (h route) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e := h(w, r); e != nil {
		writeError(w, e.status, e.message)
	}
}

// withOpportunity has use answer about the live opportunity the request's
// {id} names, under s.mu.
func (s *Server) withOpportunity(r *http.Request, use func(o *opportunity) *refusal) *refusal {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.live(r.PathValue("id"))
	if o == nil {
		return refuse(http.StatusNotFound, "Opportunity not found")
	}
	return use(o)
}

// writeList answers one page of items. The offset token is opaque and
// already percent-encoded, like Lever's: sent back verbatim it decodes to
// `[index,"mac"]`; encoded a second time it is refused. s.mu held.
func (s *Server) writeList(w http.ResponseWriter, r *http.Request, items []any) {
	q := r.URL.Query()
	limit := 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeError(w, http.StatusBadRequest, "Invalid limit: must be an integer from 1 to 100")
			return
		}
		limit = n
	}
	route := r.Method + " " + r.URL.Path
	start := 0
	if q.Has("offset") {
		var ok bool
		if start, ok = s.parseOffset(route, q.Get("offset")); !ok || start > len(items) {
			writeError(w, http.StatusBadRequest, "Invalid offset token")
			return
		}
	}
	end := min(start+limit, len(items))
	page := struct {
		Data    []any  `json:"data"`
		HasNext bool   `json:"hasNext"`
		Next    string `json:"next,omitempty"`
	}{Data: items[start:end], HasNext: end < len(items)}
	if page.HasNext {
		raw := `[` + strconv.Itoa(end) + `,"` + s.offsetMAC(route, end) + `"]`
		page.Next = url.QueryEscape(raw)
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) parseOffset(route, token string) (int, bool) {
	var parts []json.RawMessage
	if json.Unmarshal([]byte(token), &parts) != nil || len(parts) != 2 {
		return 0, false
	}
	var idx int
	var mac string
	if json.Unmarshal(parts[0], &idx) != nil || json.Unmarshal(parts[1], &mac) != nil || idx < 0 {
		return 0, false
	}
	return idx, mac == s.offsetMAC(route, idx)
}

func (s *Server) listStages(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := make([]any, len(s.stages))
	for i, st := range s.stages {
		items[i] = st
	}
	s.writeList(w, r, items)
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	email := r.URL.Query().Get("email")
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []any{}
	for _, u := range s.users {
		if email != "" && !strings.EqualFold(u.Email, email) {
			continue
		}
		items = append(items, map[string]any{
			"id": u.ID, "name": u.Name, "username": strings.Split(u.Email, "@")[0], "email": u.Email,
			"accessRole": u.AccessRole, "photo": nil, "createdAt": 0, "deactivatedAt": nil,
		})
	}
	s.writeList(w, r, items)
}

func (s *Server) getPosting(w http.ResponseWriter, r *http.Request) *refusal {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.postings[r.PathValue("id")]
	if !ok {
		return refuse(http.StatusNotFound, "Posting not found")
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
		"id": p.ID, "text": p.Text, "state": p.State, "tags": nonNil(p.Tags),
		"confidentiality": "non-confidential", "categories": map[string]any{},
		"owner": nil, "hiringManager": nil, "distributionChannels": []string{},
	}})
	return nil
}

// opportunityJSON is Lever's opportunity as sent, expansions applied.
// s.mu held.
func (s *Server) opportunityJSON(o *opportunity, expand []string) map[string]any {
	var stage any = o.StageID
	if slices.Contains(expand, "stage") {
		if i := s.stageIndex(o.StageID); i >= 0 {
			stage = s.stages[i]
		}
	}
	apps := []any{}
	for _, a := range s.applications(o) {
		if slices.Contains(expand, "applications") {
			apps = append(apps, a)
		} else {
			apps = append(apps, a["id"])
		}
	}
	var archived, archivedAt, archiveReason any
	if o.Archived {
		if s.opts.ArchiveAtTopLevel {
			archivedAt, archiveReason = o.archivedAt, o.archiveReason
		} else {
			archived = map[string]any{"archivedAt": o.archivedAt, "reason": o.archiveReason}
		}
	}
	out := map[string]any{
		"id": o.ID, "name": o.Name, "headline": "", "contact": o.ContactID,
		"emails": nonNil(o.Emails), "phones": []any{}, "confidentiality": "non-confidential",
		"location": "", "origin": o.Origin, "sources": []string{}, "tags": nonNil(o.Tags),
		"stage": stage, "stageChanges": o.stageChanges, "owner": nil, "followers": []string{},
		"applications": apps, "archived": archived, "createdAt": o.createdAt,
		"updatedAt": o.updatedAt, "lastInteractionAt": o.updatedAt,
		"lastAdvancedAt": o.lastAdvancedAt, "snoozedUntil": nil, "isAnonymized": false,
		"urls": map[string]string{
			"list": "https://hire.lever.co/candidates",
			"show": "https://hire.lever.co/candidates/" + o.ID,
		},
	}
	if s.opts.ArchiveAtTopLevel {
		delete(out, "archived")
		out["archivedAt"], out["archiveReason"] = archivedAt, archiveReason
	}
	return out
}

// applications are an opportunity's applications, one per posting, with
// ids derived from both so they stay stable. s.mu held.
func (s *Server) applications(o *opportunity) []map[string]any {
	out := []map[string]any{}
	for _, p := range o.PostingIDs {
		out = append(out, map[string]any{
			"id": "app-" + o.ID + "-" + p, "type": "posting", "posting": p,
			"opportunityId": o.ID, "candidateId": o.ID, "createdAt": o.createdAt,
			"user": nil, "postingOwner": nil, "postingHiringManager": nil,
		})
	}
	return out
}

func (s *Server) getOpportunity(w http.ResponseWriter, r *http.Request) *refusal {
	return s.withOpportunity(r, func(o *opportunity) *refusal {
		writeJSON(w, http.StatusOK, map[string]any{"data": s.opportunityJSON(o, r.URL.Query()["expand"])})
		return nil
	})
}

func (s *Server) listApplications(w http.ResponseWriter, r *http.Request) *refusal {
	return s.withOpportunity(r, func(o *opportunity) *refusal {
		var items []any
		for _, a := range s.applications(o) {
			items = append(items, a)
		}
		s.writeList(w, r, items)
		return nil
	})
}

func (s *Server) listOpportunities(w http.ResponseWriter, r *http.Request) *refusal {
	q := r.URL.Query()
	var archived *bool
	if v := q.Get("archived"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil || (v != "true" && v != "false") {
			return refuse(http.StatusBadRequest, "Invalid archived: must be true or false")
		}
		archived = &b
	}
	bounds := map[string]int64{}
	for _, k := range []string{"advanced_at_start", "advanced_at_end", "updated_at_start", "updated_at_end"} {
		if v := q.Get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return refuse(http.StatusBadRequest, "Invalid "+k+": must be a timestamp in milliseconds")
			}
			bounds[k] = n
		}
	}
	inRange := func(t int64, start, end string) bool {
		if b, ok := bounds[start]; ok && t < b {
			return false
		}
		if b, ok := bounds[end]; ok && t > b {
			return false
		}
		return true
	}
	anyOf := func(want, have []string) bool {
		return len(want) == 0 || slices.ContainsFunc(want, func(x string) bool { return slices.Contains(have, x) })
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.oppPages = append(s.oppPages, q)
	items := []any{}
	for _, id := range s.oppList {
		o := s.live(id)
		switch {
		case o == nil,
			!anyOf(q["stage_id"], []string{o.StageID}),
			!anyOf(q["tag"], o.Tags),
			!anyOf(q["posting_id"], o.PostingIDs),
			archived != nil && *archived != o.Archived,
			!inRange(o.lastAdvancedAt, "advanced_at_start", "advanced_at_end"),
			!inRange(o.updatedAt, "updated_at_start", "updated_at_end"):
			continue
		}
		items = append(items, s.opportunityJSON(o, q["expand"]))
	}
	s.writeList(w, r, items)
	return nil
}

// performAs reads the perform_as query, which must name a known user when
// given. s.mu held.
func (s *Server) performAs(r *http.Request) (string, *refusal) {
	q := r.URL.Query()
	if !q.Has("perform_as") {
		return "", nil
	}
	id := q.Get("perform_as")
	if !s.userExists(id) {
		return "", refuse(http.StatusBadRequest, "Invalid perform_as: no user with id "+id)
	}
	return id, nil
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) *refusal {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
		return refuse(http.StatusBadRequest, "Invalid JSON body: "+err.Error())
	}
	return nil
}

// changeOpportunity has change make its change to the live opportunity the
// request's {id} names, as the user perform_as names, under s.mu.
func (s *Server) changeOpportunity(r *http.Request, change func(o *opportunity, who string)) *refusal {
	return s.withOpportunity(r, func(o *opportunity) *refusal {
		who, e := s.performAs(r)
		if e == nil {
			change(o, who)
		}
		return e
	})
}

func (s *Server) changeTags(add bool) route {
	return func(w http.ResponseWriter, r *http.Request) *refusal {
		var body struct {
			Tags *[]string `json:"tags"`
		}
		if e := decodeBody(w, r, &body); e != nil {
			return e
		}
		if body.Tags == nil {
			return refuse(http.StatusBadRequest, "Missing tags: must be an array of strings")
		}
		return s.changeOpportunity(r, func(o *opportunity, who string) {
			tags := *body.Tags
			if add {
				o.Tags = dedupe(append(o.Tags, tags...))
			} else {
				o.Tags = slices.DeleteFunc(o.Tags, func(t string) bool { return slices.Contains(tags, t) })
			}
			o.updatedAt = s.opts.Now().UnixMilli()
			s.tagOps[o.ID] = append(s.tagOps[o.ID], TagOp{Add: add, Tags: slices.Clone(tags), PerformAs: who})
			writeJSON(w, http.StatusOK, map[string]any{"data": s.opportunityJSON(o, nil)})
		})
	}
}

func (s *Server) addNote(w http.ResponseWriter, r *http.Request) *refusal {
	var body struct {
		Value           *string `json:"value"`
		Secret          bool    `json:"secret"`
		Score           *int    `json:"score"`
		NotifyFollowers bool    `json:"notifyFollowers"`
	}
	if e := decodeBody(w, r, &body); e != nil {
		return e
	}
	if body.Value == nil || *body.Value == "" {
		return refuse(http.StatusBadRequest, "Missing value")
	}
	if body.Score != nil && (*body.Score < 1 || *body.Score > 4) {
		return refuse(http.StatusBadRequest, "Invalid score: must be 1 to 4")
	}
	return s.changeOpportunity(r, func(o *opportunity, who string) {
		n := Note{ID: newID(), Value: *body.Value, PerformAs: who, CreatedAt: s.opts.Now()}
		s.notes[o.ID] = append(s.notes[o.ID], n)
		writeJSON(w, http.StatusCreated, map[string]any{"data": map[string]string{"noteId": n.ID}})
	})
}

func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) *refusal {
	return s.withOpportunity(r, func(o *opportunity) *refusal {
		items := []any{}
		for _, n := range s.notes[o.ID] {
			var user any
			if n.PerformAs != "" {
				user = n.PerformAs
			}
			items = append(items, map[string]any{
				"id": n.ID, "text": "Note", "user": user, "secret": false,
				"fields":      []map[string]any{{"type": "note", "text": "Note", "value": n.Value}},
				"createdAt":   n.CreatedAt.UnixMilli(),
				"completedAt": nil, "deletedAt": nil,
			})
		}
		s.writeList(w, r, items)
		return nil
	})
}

func (s *Server) listTags(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	counts := map[string]int{}
	var order []string
	for _, id := range s.oppList {
		if o := s.live(id); o != nil {
			for _, t := range o.Tags {
				if counts[t] == 0 {
					order = append(order, t)
				}
				counts[t]++
			}
		}
	}
	items := []any{}
	for _, t := range order {
		items = append(items, map[string]any{"text": t, "count": counts[t]})
	}
	s.writeList(w, r, items)
}

// nonNil keeps empty lists as [] rather than null, as Lever sends them.
func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// webhookEvents are the events Lever accepts webhooks for.
var webhookEvents = []string{
	"applicationCreated", "candidateHired", "candidateStageChange", "candidateArchiveChange",
	"candidateDeleted", "interviewCreated", "interviewUpdated", "interviewDeleted",
	"contactCreated", "contactUpdated",
}

type webhook struct {
	id, url, event, signatureToken string
	origins                        []string
	createdAt                      time.Time
}

func (h *webhook) json(withToken bool) map[string]any {
	cfg := map[string]any{"conditions": map[string]any{"origins": nonNil(h.origins)}}
	if withToken {
		cfg["signatureToken"] = h.signatureToken
	}
	return map[string]any{
		"id": h.id, "url": h.url, "event": h.event,
		"configuration": cfg, "createdAt": h.createdAt.UnixMilli(),
	}
}

type webhookConfiguration struct {
	Conditions struct {
		Origins []string `json:"origins"`
	} `json:"conditions"`
}

func validWebhookURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != ""
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []any{}
	for _, h := range s.webhooks {
		items = append(items, h.json(false))
	}
	s.writeList(w, r, items)
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) *refusal {
	var body struct {
		URL           string                `json:"url"`
		Event         string                `json:"event"`
		Configuration *webhookConfiguration `json:"configuration"`
	}
	if e := decodeBody(w, r, &body); e != nil {
		return e
	}
	if !validWebhookURL(body.URL) {
		return refuse(http.StatusBadRequest, "Invalid url")
	}
	if !slices.Contains(webhookEvents, body.Event) {
		return refuse(http.StatusBadRequest, "Invalid event "+body.Event)
	}
	h := &webhook{
		id: newID(), url: body.URL, event: body.Event,
		signatureToken: randomToken(48), createdAt: s.opts.Now(),
	}
	if body.Configuration != nil {
		h.origins = slices.Clone(body.Configuration.Conditions.Origins)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhooks = append(s.webhooks, h)
	// Lever has been seen wrapping this one answer in "data" twice.
	writeJSON(w, http.StatusCreated, map[string]any{"data": map[string]any{"data": h.json(true)}})
	return nil
}

func (s *Server) updateWebhooks(w http.ResponseWriter, r *http.Request) *refusal {
	var body struct {
		Data []struct {
			ID            string                `json:"id"`
			URL           string                `json:"url"`
			Configuration *webhookConfiguration `json:"configuration"`
		} `json:"data"`
	}
	if e := decodeBody(w, r, &body); e != nil {
		return e
	}
	if len(body.Data) == 0 {
		return refuse(http.StatusBadRequest, "Missing data: must be an array of webhooks")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Check everything before changing anything, so a bad item changes none.
	targets := make([]*webhook, len(body.Data))
	for i, d := range body.Data {
		if targets[i] = s.webhook(d.ID); targets[i] == nil {
			return refuse(http.StatusNotFound, "Webhook not found: "+d.ID)
		}
		if d.URL != "" && !validWebhookURL(d.URL) {
			return refuse(http.StatusBadRequest, "Invalid url")
		}
	}
	out := []any{}
	for i, d := range body.Data {
		h := targets[i]
		if d.URL != "" {
			h.url = d.URL
		}
		if d.Configuration != nil {
			h.origins = slices.Clone(d.Configuration.Conditions.Origins)
		}
		out = append(out, h.json(false))
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": out})
	return nil
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) *refusal {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	i := slices.IndexFunc(s.webhooks, func(h *webhook) bool { return h.id == id })
	if i < 0 {
		return refuse(http.StatusNotFound, "Webhook not found")
	}
	s.webhooks = slices.Delete(s.webhooks, i, i+1)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// webhook finds a webhook by id. s.mu held.
func (s *Server) webhook(id string) *webhook {
	for _, h := range s.webhooks {
		if h.id == id {
			return h
		}
	}
	return nil
}
