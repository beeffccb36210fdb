package adminapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/tunnel"
)

// Status is what /api/status answers: the connections and Setup's checklist.
func (s *Server) Status(ctx context.Context) (Status, error) {
	c := s.Connections.State()
	v := Status{
		Demo:      s.Facts.Demo,
		DemoKeys:  s.Facts.DemoKeys,
		DataDir:   s.Facts.DataDir,
		Lever:     LeverConnection{Connected: c.LeverConnected, Environment: c.Environment, Error: c.LeverError},
		Qualified: QualifiedConnection{Connected: c.QualifiedConnected},
		PublicURL: s.Public.URL(),
		Secrets:   s.Facts.Secrets,
	}
	if c.LeverConnected {
		v.Lever.Method = c.Method
	}
	if err := s.Login.Unavailable(ctx, c.Environment); err != nil {
		v.Lever.OAuthReason = backend.ErrorMessage(err)
	} else {
		v.Lever.OAuthAvailable = true
	}
	var err error
	if v.Webhook, err = s.Connections.Webhook(ctx); err != nil {
		return v, err
	}
	if last, _ := s.Store.Setting(ctx, sqlite.SettingLastLeverDelivery); last != "" {
		v.Webhook.LastDeliveryAt = &last
	}
	stages, err := s.Store.TriggerStages(ctx)
	if err != nil {
		return v, err
	}
	v.TriggerStages = triggerStagesOf(stages)
	v.PublicAddress = s.Public.Current(ctx)
	v.Setup = setupSteps(v, s.Store.FolderAccess())
	return v, nil
}

// setupSteps is Setup's checklist, in order, from the status.
func setupSteps(v Status, folder sqlite.FolderAccess) []SetupStep {
	var steps []SetupStep
	step := func(id, title string, done bool, detail string) {
		steps = append(steps, SetupStep{ID: id, Title: title, Done: done, Detail: detail})
	}
	leverOK := v.Lever.Connected
	leverDetail := choose(leverOK,
		choose(v.Lever.Method == "oauth", "Connected by logging in to Lever.", "Connected with an API key."),
		"Paste a Lever API key. A Super Admin creates one in Lever: Settings → Integrations and API → API Credentials.")
	if v.Lever.Error != "" {
		leverDetail = v.Lever.Error
	}
	step("lever", "Connect Lever", leverOK && v.Lever.Error == "", leverDetail)
	step("environment", "Choose sandbox or production", leverOK, choose(v.Lever.Environment == EnvironmentSandbox,
		"Using Lever's sandbox: its e-mail is off, so use it for trying things out.",
		"Using your production Lever account."))
	qualOK := v.Qualified.Connected
	step("qualified", "Connect Qualified", qualOK, choose(qualOK,
		"Connected with an API key.",
		"Paste a Qualified API key (Qualified: Account → Integrations → API). The API comes with Qualified's custom plans."))
	pubDone, pubDetail := publicAddressStep(v.PublicAddress)
	step("publicUrl", "Public address for webhooks", pubDone, pubDetail)
	webhookDetail := "Lever will send stage changes to " + v.Webhook.URL + "."
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
		"A Lever Super Admin must switch it on: Lever → Settings → Integrations and API → Webhooks → enable \"Candidate Stage Change\". Then move any candidate, or press Lever's test button, and check here."+
			" Switch on "+lifecycleGroups()+" there too, so that an archived or deleted candidate's invitation is cancelled and a hire is recorded."))
	names := make([]string, len(v.TriggerStages))
	for i, s := range v.TriggerStages {
		names[i] = s.Name
		if names[i] == "" {
			names[i] = s.StageID
		}
	}
	chosen := len(names) > 0
	step("triggerStage", "Choose a trigger stage", chosen, choose(chosen,
		"Candidates who newly enter "+strings.Join(names, " or ")+" are invited.",
		"Pick the Lever stage whose new arrivals get an assessment."))
	// Shown only when other users of this computer could read the data
	// folder: done once assessbridge has made it private itself.
	if folder.Notice() != "" {
		step("dataFolder", "Keep candidates' data private", folder.Tightened, folder.Notice())
	}
	return steps
}

// publicAddressStep describes the public address for Setup.
func publicAddressStep(v PublicAddress) (bool, string) {
	switch tunnel.State(v.State) {
	case tunnel.StateConnected:
		return true, "Lever and Qualified reach assessbridge at " + v.URL + "."
	case tunnel.StateReconnecting:
		return true, "Reconnecting to " + v.URL + "…"
	case tunnel.StateStarting:
		return false, "Opening a secure public address for Lever and Qualified…"
	case tunnel.StateFailed:
		return false, "The public address could not be opened: " + v.Error
	}
	return false, "No public address yet: choose how Lever and Qualified reach assessbridge."
}

func choose(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

// TimeOrNil is t as the API sends a moment: RFC 3339 in UTC, or null.
func TimeOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func (s *Server) getStatus(w http.ResponseWriter, r *http.Request) {
	v, err := s.Status(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, v)
}

// change is a handler that checks its request body, does it (within the
// check timeout: it may call Lever or Qualified), tells the pages what
// changed and answers as answer does.
func change[T any, P interface {
	*T
	Validate() error
}](s *Server, do func(context.Context, T) error, answer http.HandlerFunc, topics ...Topic) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body T
		if err := decodeBody(r, P(&body)); err != nil {
			s.fail(w, r, err)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
		defer cancel()
		if err := do(ctx, body); err != nil {
			s.fail(w, r, err)
			return
		}
		s.Events.Notify(topics...)
		answer(w, r)
	}
}

func (s *Server) registerWebhooks(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	if err := s.Connections.RegisterWebhooks(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Events.Notify(TopicStatus)
	s.getStatus(w, r)
}

func (s *Server) disconnectLever(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	warning, err := s.Connections.DisconnectLever(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Events.Notify(TopicStatus, TopicLever)
	v, err := s.Status(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, LeverDisconnected{Status: v, Warning: warning})
}

func (s *Server) checkDelivery(w http.ResponseWriter, r *http.Request) {
	last, err := s.Store.Setting(r.Context(), sqlite.SettingLastLeverDelivery)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := DeliveryCheck{Arrived: last != ""}
	if last != "" {
		v.LastDeliveryAt = &last
	}
	WriteJSON(w, http.StatusOK, v)
}

func (s *Server) startLogin(w http.ResponseWriter, r *http.Request) {
	var body StartLogin
	if err := decodeBody(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.Login.Start(r.Context(), body.Environment)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, v)
}
