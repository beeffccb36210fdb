package app

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/webhook"
)

// checkTimeout bounds a Setup check against Lever or Qualified.
const checkTimeout = 20 * time.Second

type connectionView struct {
	Connected   bool   `json:"connected"`
	Environment string `json:"environment,omitempty"`
	Method      string `json:"method,omitempty"`
	Error       string `json:"error"`
	// OAuth says whether "Log in to Lever" can be used, and if not, why.
	OAuthAvailable bool   `json:"oauthAvailable"`
	OAuthReason    string `json:"oauthReason,omitempty"`
}

type webhookView struct {
	Registered     bool   `json:"registered"`
	URL            string `json:"url"`
	LastDeliveryAt any    `json:"lastDeliveryAt"`
	Error          string `json:"error"`
	// ManualURL is set when assessbridge may not register a webhook itself:
	// the address to paste, with ManualWhere saying where.
	ManualURL   string `json:"manualUrl,omitempty"`
	ManualWhere string `json:"manualWhere,omitempty"`
}

type setupStep struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Done   bool   `json:"done"`
	Detail string `json:"detail"`
}

type statusView struct {
	Demo          bool               `json:"demo"`
	DemoKeys      *DemoKeys          `json:"demoKeys,omitempty"`
	DataDir       string             `json:"dataDir"`
	Lever         connectionView     `json:"lever"`
	Qualified     connectionView     `json:"qualified"`
	PublicURL     string             `json:"publicUrl"`
	PublicAddress publicAddressView  `json:"publicAddress"`
	Webhook       webhookView        `json:"webhook"`
	TriggerStages []triggerStageView `json:"triggerStages"`
	Setup         []setupStep        `json:"setup"`
	// Secrets says where keys are kept ("keychain" or "file") and warns when
	// no keychain is available.
	Secrets secretsView `json:"secrets"`
}

type secretsView struct {
	Backend string `json:"backend"`
	Warning string `json:"warning,omitempty"`
}

func (a *App) status(ctx context.Context) (statusView, error) {
	leverOK, env, qualOK := a.conns.state()
	v := statusView{
		Demo:      a.cfg.Demo,
		DemoKeys:  a.cfg.DemoKeys,
		DataDir:   a.cfg.DataDir,
		Lever:     connectionView{Connected: leverOK, Environment: env, Method: a.conns.method()},
		Qualified: connectionView{Connected: qualOK},
		PublicURL: a.publicURL(),
		Secrets:   secretsView{Backend: a.secretsInfo.Backend, Warning: a.secretsInfo.Warning},
	}
	if !leverOK {
		v.Lever.Method = ""
	}
	authErr := a.conns.authError()
	v.Lever.Error = authErr
	if _, err := a.oauthConfig(ctx, env); err != nil {
		v.Lever.OAuthReason = backend.ErrorMessage(err)
	} else {
		v.Lever.OAuthAvailable = true
	}
	hookURL, err := a.db.Setting(ctx, sqlite.SettingLeverWebhookURL)
	if err != nil {
		return v, err
	}
	_, tokenErr := a.secrets.Get(secrets.LeverSignatureToken)
	v.Webhook.URL = hookURL
	v.Webhook.Registered = hookURL != "" && tokenErr == nil && v.PublicURL != "" &&
		hookURL == strings.TrimRight(v.PublicURL, "/")+webhook.LeverPath
	a.mu.Lock()
	v.Webhook.Error = a.registerErr
	if m := a.registerManual; m != nil {
		v.Webhook.ManualURL, v.Webhook.ManualWhere = m.URL, m.Where
	}
	a.mu.Unlock()
	if last, _ := a.db.Setting(ctx, sqlite.SettingLastLeverDelivery); last != "" {
		v.Webhook.LastDeliveryAt = last
	}
	stages, err := a.db.TriggerStages(ctx)
	if err != nil {
		return v, err
	}
	v.TriggerStages = stageViews(stages)

	step := func(id, title string, done bool, detail string) {
		v.Setup = append(v.Setup, setupStep{ID: id, Title: title, Done: done, Detail: detail})
	}
	leverDetail := choose(leverOK,
		choose(v.Lever.Method == "oauth", "Connected by logging in to Lever.", "Connected with an API key."),
		"Paste a Lever API key. A Super Admin creates one in Lever: Settings → Integrations and API → API Credentials.")
	if authErr != "" {
		leverDetail = authErr
	}
	step("lever", "Connect Lever", leverOK && authErr == "", leverDetail)
	step("environment", "Choose sandbox or production", leverOK, choose(env == "sandbox",
		"Using Lever's sandbox: its e-mail is off, so use it for trying things out.",
		"Using your production Lever account."))
	step("qualified", "Connect Qualified", qualOK, choose(qualOK,
		"Connected with an API key.",
		"Paste a Qualified API key (Qualified: Account → Integrations → API). The API comes with Qualified's custom plans."))
	v.PublicAddress = a.publicAddressView(ctx)
	pubDone, pubDetail := publicAddressStep(v.PublicAddress)
	step("publicUrl", "Public address for webhooks", pubDone, pubDetail)
	webhookDetail := "Lever will send stage changes to " + hookURL + "."
	if !v.Webhook.Registered {
		webhookDetail = "Register the webhook so Lever tells assessbridge when a candidate changes stage."
		if v.Webhook.Error != "" {
			webhookDetail = v.Webhook.Error
		}
	}
	step("webhook", "Register the webhook", v.Webhook.Registered, webhookDetail)
	arrived := v.Webhook.LastDeliveryAt != nil
	step("stageChangeToggle", "Turn on \"Candidate Stage Change\" in Lever", arrived, choose(arrived,
		"A delivery from Lever has arrived: the webhook is on.",
		"A Lever Super Admin must switch it on: Lever → Settings → Integrations and API → Webhooks → enable \"Candidate Stage Change\". Then move any candidate, or press Lever's test button, and check here."))
	names := make([]string, len(stages))
	for i, s := range stages {
		names[i] = s.Name
		if names[i] == "" {
			names[i] = s.StageID
		}
	}
	step("triggerStage", "Choose a trigger stage", len(stages) > 0, choose(len(stages) > 0,
		"Candidates who newly enter "+strings.Join(names, " or ")+" are invited.",
		"Pick the Lever stage whose new arrivals get an assessment."))
	// Shown only when other users of this computer could read the data
	// folder: done once assessbridge has made it private itself.
	if folder := a.db.FolderAccess(); folder.Notice() != "" {
		step("dataFolder", "Keep candidates' data private", folder.Tightened, folder.Notice())
	}
	return v, nil
}

func choose(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

func (a *App) getStatus(w http.ResponseWriter, r *http.Request) {
	v, err := a.status(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (a *App) connectLever(w http.ResponseWriter, r *http.Request) {
	var body struct {
		APIKey      string `json:"apiKey"`
		Environment string `json:"environment"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeError(w, err)
		return
	}
	key := strings.TrimSpace(body.APIKey)
	env := body.Environment
	if env == "" {
		env = "production"
	}
	if env != "production" && env != "sandbox" {
		writeError(w, backend.Errorf(backend.EINVALID, "The environment must be production or sandbox."))
		return
	}
	if key == "" {
		writeError(w, backend.Errorf(backend.EINVALID, "Paste the Lever API key first."))
		return
	}
	url := a.leverURL(env)
	client := a.newLeverClient(url, key)
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	if _, err := client.Stages(ctx); err != nil {
		writeError(w, backend.Errorf(backend.EINVALID, "%s", explainLever(err, env, url)))
		return
	}
	if err := a.secrets.Set(secrets.LeverAPIKey, key); err != nil {
		writeError(w, err)
		return
	}
	// One way in at a time: a kept OAuth login gives way to the key.
	if err := a.forgetLogin(); err != nil {
		writeError(w, err)
		return
	}
	if err := a.db.SetSetting(r.Context(), sqlite.SettingLeverEnvironment, env); err != nil {
		writeError(w, err)
		return
	}
	a.conns.setLever(client, true, env)
	a.engine.Resume(r.Context())
	a.events.notify()
	a.getStatus(w, r)
}

func (a *App) connectQualified(w http.ResponseWriter, r *http.Request) {
	var body struct {
		APIKey string `json:"apiKey"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeError(w, err)
		return
	}
	key := strings.TrimSpace(body.APIKey)
	if key == "" {
		writeError(w, backend.Errorf(backend.EINVALID, "Paste the Qualified API key first."))
		return
	}
	client := a.newQualifiedClient(key)
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	if _, err := client.Assessments(ctx); err != nil {
		writeError(w, backend.Errorf(backend.EINVALID, "%s", explainQualified(err, a.cfg.QualifiedAPIURL)))
		return
	}
	if err := a.secrets.Set(secrets.QualifiedAPIKey, key); err != nil {
		writeError(w, err)
		return
	}
	a.conns.setQualified(client, true)
	a.engine.ForgetAssessments()
	a.events.notify()
	a.getStatus(w, r)
}

func (a *App) registerWebhooks(w http.ResponseWriter, r *http.Request) {
	leverOK, _, qualOK := a.conns.state()
	switch {
	case a.publicURL() == "":
		writeError(w, backend.Errorf(backend.ECONFLICT, "There is no public address yet for Lever and Qualified to reach assessbridge."))
		return
	case !leverOK || !qualOK:
		writeError(w, backend.Errorf(backend.ECONFLICT, "Connect Lever and Qualified first."))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	if err := a.RegisterWebhooks(ctx); err != nil {
		writeError(w, backend.Errorf(backend.EINVALID, "%s", err.Error()))
		return
	}
	a.events.notify()
	a.getStatus(w, r)
}

func (a *App) disconnectLever(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	warning := ""
	if err := a.registrar().Unregister(ctx); err != nil {
		// Disconnecting still goes ahead: the recruiter may be removing a key Lever no longer accepts.
		warning = err.Error() + " Remove it in Lever: Settings → Integrations and API → Webhooks."
	}
	if err := a.forgetLogin(); err != nil {
		writeError(w, err)
		return
	}
	if err := a.secrets.Delete(secrets.LeverAPIKey); err != nil {
		writeError(w, err)
		return
	}
	a.cfg.LeverAPIKey = ""
	_, env, _ := a.conns.state()
	a.conns.setLever(a.newLeverClient(a.leverURL(env), ""), false, env)
	a.mu.Lock()
	a.registerErr, a.registerManual = "", nil
	a.mu.Unlock()
	a.events.notify()
	v, err := a.status(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": v, "warning": warning})
}

func (a *App) checkDelivery(w http.ResponseWriter, r *http.Request) {
	last, err := a.db.Setting(r.Context(), sqlite.SettingLastLeverDelivery)
	if err != nil {
		writeError(w, err)
		return
	}
	v := map[string]any{"arrived": last != "", "lastDeliveryAt": nil}
	if last != "" {
		v["lastDeliveryAt"] = last
	}
	writeJSON(w, http.StatusOK, v)
}

type stageView struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Trigger bool   `json:"trigger"`
	Since   any    `json:"since"`
}

func (a *App) listStages(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	if ok, _, _ := a.conns.state(); !ok {
		writeError(w, backend.Errorf(backend.ECONFLICT, "Connect Lever first: the stages come from your Lever account."))
		return
	}
	stages, err := a.conns.currentLever().Stages(ctx)
	if err != nil {
		writeError(w, backend.Errorf(backend.EINVALID, "%s", explainLever(err, "Lever", a.cfg.LeverAPIURL)))
		return
	}
	triggers, err := a.db.TriggerStages(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	since := map[string]time.Time{}
	for _, t := range triggers {
		since[t.StageID] = t.Since
	}
	out := make([]stageView, len(stages))
	for i, s := range stages {
		t, ok := since[s.ID]
		out[i] = stageView{ID: s.ID, Text: s.Text, Trigger: ok}
		if ok {
			out[i].Since = t.UTC().Format(time.RFC3339)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"stages": out})
}

type assessmentView struct {
	ID           string                 `json:"id"`
	Title        string                 `json:"title"`
	PassingScore *float64               `json:"passingScore"`
	Published    bool                   `json:"published"`
	Tag          string                 `json:"tag"`
	Tags         map[string]string      `json:"tags"`
	Counts       map[backend.Status]int `json:"counts"`
}

func (a *App) listAssessments(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := a.conns.state(); !ok {
		writeError(w, backend.Errorf(backend.ECONFLICT, "Connect Qualified first: the assessments come from your Qualified account."))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	// The list the engine works from, read at most once a minute: this is
	// asked again on every live update while the dashboard is open.
	list, err := a.engine.Assessments(ctx)
	if err != nil {
		writeError(w, backend.Errorf(backend.EINVALID, "%s", explainQualified(err, a.cfg.QualifiedAPIURL)))
		return
	}
	counts, err := a.db.StatusCounts(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	out := make([]assessmentView, len(list))
	for i, x := range list {
		title := strings.TrimSpace(x.Title)
		c := map[backend.Status]int{}
		for _, s := range backend.Statuses {
			c[s] = counts[x.ID][s]
		}
		var cut *float64
		if x.PassingScore > 0 {
			cut = &x.PassingScore
		}
		out[i] = assessmentView{ID: x.ID, Title: title, PassingScore: cut, Published: x.Published, Tag: title,
			Tags: map[string]string{
				"invited":   backend.TagFor(title, backend.StatusInvited),
				"started":   backend.TagFor(title, backend.StatusStarted),
				"submitted": backend.TagFor(title, backend.StatusSubmitted),
			}, Counts: c}
	}
	writeJSON(w, http.StatusOK, map[string]any{"assessments": out})
}

func (a *App) listPostings(w http.ResponseWriter, r *http.Request) {
	list, err := a.db.Postings(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	out := make([]map[string]string, len(list))
	for i, p := range list {
		out[i] = map[string]string{"id": p.ID, "title": p.Title}
	}
	writeJSON(w, http.StatusOK, map[string]any{"postings": out})
}

func (a *App) getFunnel(w http.ResponseWriter, r *http.Request) {
	list, err := a.db.Funnel(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	out := make([]map[string]any, len(list))
	for i, f := range list {
		out[i] = map[string]any{"assessmentId": f.AssessmentID, "title": f.Title, "invited": f.Invited, "started": f.Started, "submitted": f.Submitted}
	}
	writeJSON(w, http.StatusOK, map[string]any{"funnel": out})
}

func (a *App) listUsers(w http.ResponseWriter, r *http.Request) {
	if ok, _, _ := a.conns.state(); !ok {
		writeError(w, backend.Errorf(backend.ECONFLICT, "Connect Lever first: the users come from your Lever account."))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	users, err := a.conns.currentLever().Users(ctx)
	if err != nil {
		writeError(w, backend.Errorf(backend.EINVALID, "%s", explainLever(err, "Lever", a.cfg.LeverAPIURL)))
		return
	}
	out := make([]map[string]string, len(users))
	for i, u := range users {
		out[i] = map[string]string{"id": u.ID, "name": u.Name, "email": u.Email}
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": out})
}

func (a *App) retryActivity(w http.ResponseWriter, r *http.Request) {
	retryByID(w, r, "Activity", a.engine.RetryActivity)
}

// notePreview shows the note format on a made-up submission.
func notePreview() string {
	score, passed := 82.0, true
	return backend.ResultNote(backend.Invitation{
		AssessmentTitle: "Backend Challenge", ResultID: "12345", Score: &score, Passed: &passed,
		TimeSpent: 65 * time.Minute, ReportURL: "https://www.qualified.io/hire/assessment_results/12345",
		Challenges: []backend.ChallengeScore{{Title: "Rate limiter", Score: 90, Language: "Go"}, {Title: "LRU cache", Score: 74, Language: "Go"}},
	}, 70)
}
