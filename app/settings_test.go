package app

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend/secrets"
)

// settingsNow reads the settings as the UI does.
func (h *harness) settingsNow() adminapi.Settings {
	h.t.Helper()
	var v adminapi.Settings
	res := h.api("GET", "/api/settings", nil)
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		h.t.Fatal(err)
	}
	return v
}

// refuseWrites makes SQLite itself refuse writes to table (for settings,
// only of key), as a full disk or a lock held too long would.
func (h *harness) refuseWrites(table, when string) {
	h.t.Helper()
	for _, op := range []string{"INSERT", "UPDATE"} {
		if _, err := h.app.DB().Writer().Exec(`CREATE TEMP TRIGGER refuse_` + op + ` BEFORE ` + op + ` ON main.` + table +
			` WHEN ` + when + ` BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
			h.t.Fatal(err)
		}
	}
}

func TestASettingsChangeWithOneBadFieldChangesNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	before := h.settingsNow()
	for _, bad := range []map[string]string{
		{"pollInterval": "10ms"},
		{"pollInterval": "soon"},
		{"leverOAuthRedirectUrl": "https://assessbridge.example.com/elsewhere"},
	} {
		body := map[string]string{"performAs": "user-recruiter", "leverOAuthClientId": "client-new",
			"leverOAuthRedirectUrl": "https://assessbridge.example.com/oauth/callback", "leverOAuthClientSecret": "secret-new", "pollInterval": "1h"}
		for k, v := range bad {
			body[k] = v
		}
		res := h.api("PUT", "/api/settings", body)
		msg, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("with %v: %d %s, want 400", bad, res.StatusCode, msg)
		}
		if after := h.settingsNow(); after != before {
			t.Errorf("with %v the settings changed:\n before %+v\n after  %+v", bad, before, after)
		}
		if _, err := h.app.secrets.Get(secrets.LeverOAuthClientSecret); err == nil {
			t.Errorf("with %v the client secret was kept", bad)
		}
	}
}

func TestSettingsTheDatabaseRefusesAnswer500AndChangeNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	before := h.settingsNow()
	h.refuseWrites("settings", "NEW.key = 'perform_as'")
	res := h.api("PUT", "/api/settings", map[string]string{"leverOAuthClientId": "client-new",
		"leverOAuthRedirectUrl": "https://assessbridge.example.com/oauth/callback", "pollInterval": "1h", "performAs": "user-recruiter"})
	var e struct{ Error, Code string }
	json.NewDecoder(res.Body).Decode(&e)
	res.Body.Close()
	if res.StatusCode != http.StatusInternalServerError || e.Error == "" {
		t.Errorf("settings PUT the database refused: %d %+v, want 500 with a sentence", res.StatusCode, e)
	}
	if after := h.settingsNow(); after != before {
		t.Errorf("the settings changed in part:\n before %+v\n after  %+v", before, after)
	}
}

func TestTriggerStagesTheDatabaseRefusesAnswer500(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.refuseWrites("trigger_stages", "1")
	res := h.api("PUT", "/api/trigger-stages", map[string]any{"stageIds": []string{stageScreen}})
	res.Body.Close()
	if res.StatusCode != http.StatusInternalServerError {
		t.Errorf("trigger stages the database refused: %d, want 500 (the recruiter's request was fine)", res.StatusCode)
	}
}

func TestUnknownTriggerStagesAreRefusedOrKeptUnverifiedWhenLeverIsDown(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	put := func(ids ...string) (int, map[string]any) {
		res := h.api("PUT", "/api/trigger-stages", map[string]any{"stageIds": ids})
		defer res.Body.Close()
		var v map[string]any
		json.NewDecoder(res.Body).Decode(&v)
		return res.StatusCode, v
	}
	if code, v := put(stageScreen, "no-such-stage"); code != http.StatusBadRequest {
		t.Errorf("an unknown stage: %d %v, want 400", code, v)
	}
	if code, v := put(stageScreen, " "); code != http.StatusBadRequest {
		t.Errorf("an empty stage id: %d %v, want 400", code, v)
	}
	if code, v := put(stageScreen); code != 200 || v["verified"] != true {
		t.Errorf("a known stage: %d %v, want 200 verified", code, v)
	}
	// Lever does not answer: the ids are kept, and the answer says they are unchecked.
	h.lever.FailNext("GET", "/stages", 1000, http.StatusServiceUnavailable)
	code, v := put(stageScreen, "stage-lever-cannot-confirm")
	if code != 200 || v["verified"] != false || v["warning"] == nil {
		t.Errorf("while Lever is down: %d %v, want 200, unverified, with a warning", code, v)
	}
}

// Settings lists the poll intervals as "5m", "1h": the interval in effect
// must read the same way, or the list shows an extra "Every 5m0s".
func TestSettingsSayThePollIntervalAsTheListDoes(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.app.cfg.PollInterval = 5 * time.Minute
	if got := h.settingsNow().PollInterval; got != "5m" {
		t.Errorf("the poll interval in effect, 5 minutes, is shown as %q", got)
	}
	for _, tt := range []struct{ put, want string }{{"5m", "5m"}, {"1h", "1h"}, {"90s", "1m30s"}} {
		res := h.api("PUT", "/api/settings", map[string]string{"pollInterval": tt.put})
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("PUT %s: %d", tt.put, res.StatusCode)
		}
		if got := h.settingsNow().PollInterval; got != tt.want {
			t.Errorf("after choosing %s, Settings shows %q, want %q", tt.put, got, tt.want)
		}
	}
}

// A choice saved in Settings is taken at the next start, and a flag or an
// environment variable outranks it: Settings says which interval is in
// effect and what sets it, rather than showing a choice that is not.
func TestSettingsSayWhichPollIntervalIsInEffectAndWhatSetsIt(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.app.cfg.PollInterval = 10 * time.Minute
	h.app.cfg.Origins.PollInterval = Origin{Source: FromEnv, Name: "ASSESSBRIDGE_POLL_INTERVAL"}
	res := h.api("PUT", "/api/settings", map[string]string{"pollInterval": "1h"})
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	got := h.settingsNow()
	if got.PollInterval != "1h" || got.PollIntervalInEffect != "10m" || got.PollIntervalSetBy != "ASSESSBRIDGE_POLL_INTERVAL" {
		t.Errorf("Settings shows the choice %q, in effect %q, set by %q; want 1h, 10m, ASSESSBRIDGE_POLL_INTERVAL",
			got.PollInterval, got.PollIntervalInEffect, got.PollIntervalSetBy)
	}
	h.app.cfg.Origins.PollInterval = Origin{Source: FromStored, Name: "poll_interval"}
	if got := h.settingsNow(); got.PollIntervalSetBy != "" {
		t.Errorf("a stored interval is shown as set by %q", got.PollIntervalSetBy)
	}
}
