package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// seedSettings writes settings into the data folder before the app starts.
func seedSettings(t *testing.T, dataDir string, kv map[string]string) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(dataDir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for k, v := range kv {
		if err := db.SetSetting(context.Background(), k, v); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOwnPublicURLIsUsedAndAChangeRePointsTheWebhooks(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.stop()
	own := h.cfg.PublicURL
	h.cfg.PublicURL = ""
	seedSettings(t, h.cfg.DataDir, map[string]string{sqlite.SettingPublicAddressMode: ModeOwn, sqlite.SettingPublicAddressURL: own})
	h.start()
	st := h.status()
	if st.PublicAddress.Mode != ModeOwn || st.PublicAddress.State != "connected" || st.PublicURL != own || !st.PublicAddress.Editable {
		t.Fatalf("public address: %+v", st.PublicAddress)
	}
	// Candidates flow through the user's own address.
	h.candidate("opp-own", "Owen Own", []string{"Backend Challenge"})
	h.move("opp-own", stageAssessment)
	h.eventually(wait, func() bool { return h.hasTags("opp-own", "Backend Challenge - Invited") }, h.describe("opp-own"))

	// A bad address is refused and changes nothing.
	if res := h.api("PUT", "/api/setup/public-address", map[string]string{"mode": "own", "url": "not a url"}); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("a bad address answered %d", res.StatusCode)
	}
	// The address moves: both webhooks follow, without duplicates.
	if res := h.api("PUT", "/api/setup/public-address", map[string]string{"mode": "own", "url": "https://hooks.example.com/"}); res.StatusCode != http.StatusOK {
		t.Fatalf("changing the address answered %d", res.StatusCode)
	}
	h.eventually(wait, func() bool {
		hooks := stageChangeHooks(nil, h.lever.Webhooks())
		return len(hooks) == 1 && hooks[0].URL == "https://hooks.example.com/webhooks/lever"
	}, func() string { return "the Lever webhook was not re-pointed" })
	subs := h.qual.Subscriptions()
	if len(subs) != 1 || !strings.HasPrefix(subs[0].URL, "https://hooks.example.com/webhooks/qualified/") {
		t.Fatalf("Qualified subscriptions: %+v", subs)
	}
	if st := h.status(); st.PublicURL != "https://hooks.example.com" || !st.Webhook.Registered {
		t.Fatalf("after the move: %+v %+v", st.PublicAddress, st.Webhook)
	}
}

func TestPublicURLFlagCannotBeChangedFromTheUI(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	if st := h.status(); st.PublicAddress.Mode != ModeFlag || st.PublicAddress.Editable {
		t.Fatalf("public address: %+v", st.PublicAddress)
	}
	if res := h.api("PUT", "/api/setup/public-address", map[string]string{"mode": "quick"}); res.StatusCode != http.StatusConflict {
		t.Fatalf("changing a --public-url address answered %d", res.StatusCode)
	}
}

func TestQuickTunnelFailureIsShownInSetupNotSwallowed(t *testing.T) {
	// A local stand-in for the quick-tunnel service that refuses, as the
	// real one does when it is rate limited.
	service := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"success":false,"errors":[{"code":1015,"message":"too many quick tunnels from this address"}]}`)
	}))
	defer service.Close()
	h := newHarness(t, harnessOptions{})
	h.stop()
	h.cfg.PublicURL = ""
	h.cfg.QuickTunnelService = service.URL
	h.start()
	h.eventually(wait, func() bool { return h.status().PublicAddress.State == "failed" },
		func() string { return fmt.Sprintf("public address: %+v", h.status().PublicAddress) })
	st := h.status()
	if st.PublicAddress.Mode != ModeQuick || !strings.Contains(st.PublicAddress.Error, "too many quick tunnels") {
		t.Fatalf("the failure's reason is not shown: %+v", st.PublicAddress)
	}
	var step adminapi.SetupStep
	for _, s := range st.Setup {
		if s.ID == "publicUrl" {
			step = s
		}
	}
	if step.Done || !strings.Contains(step.Detail, "too many quick tunnels") {
		t.Fatalf("Setup step: %+v", step)
	}
	if st.PublicURL != "" || st.Webhook.Registered {
		t.Fatalf("a failed tunnel left an address: %+v", st)
	}
	// Choosing one's own address instead stops the tunnel and connects.
	if res := h.api("PUT", "/api/setup/public-address", map[string]string{"mode": "own", "url": "https://hooks.example.com"}); res.StatusCode != http.StatusOK {
		t.Fatalf("switching to an own address answered %d", res.StatusCode)
	}
	h.eventually(wait, func() bool { return h.status().PublicURL == "https://hooks.example.com" },
		func() string { return fmt.Sprintf("public address: %+v", h.status().PublicAddress) })
}
