package adminapi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend"
)

// validated runs Validate and says how it ended: "" when it passed, else
// the code and message of the domain error.
func validated(t *testing.T, v interface{ Validate() error }) (code, msg string) {
	t.Helper()
	err := v.Validate()
	if err == nil {
		return "", ""
	}
	if status, _, _ := Problem(err); status != http.StatusBadRequest {
		t.Errorf("%T.Validate() = %v, answered %d, want 400", v, err, status)
	}
	return backend.ErrorCode(err), backend.ErrorMessage(err)
}

func ptr(s string) *string { return &s }

func TestRequestsValidate(t *testing.T) {
	yes := true
	for _, tt := range []struct {
		name string
		req  interface{ Validate() error }
		// want is part of the refusal's sentence, "" when the request is fine.
		want string
	}{
		{"lever key, production by default", &ConnectLever{APIKey: " key "}, ""},
		{"lever key, sandbox", &ConnectLever{APIKey: "key", Environment: "sandbox"}, ""},
		{"lever key, an unknown environment", &ConnectLever{APIKey: "key", Environment: "staging"}, "production or sandbox"},
		{"lever, no key", &ConnectLever{APIKey: "  "}, "Paste the Lever API key"},
		{"qualified key", &ConnectQualified{APIKey: "key"}, ""},
		{"qualified, no key", &ConnectQualified{APIKey: "\t"}, "Paste the Qualified API key"},
		{"login", &StartLogin{Environment: "anything"}, ""},
		{"quick tunnel", &PublicAddressChoice{Mode: "quick"}, ""},
		{"own address", &PublicAddressChoice{Mode: "own", URL: "https://hooks.example.com/"}, ""},
		{"own address, not a URL", &PublicAddressChoice{Mode: "own", URL: "not a url"}, "https://"},
		{"own address, another scheme", &PublicAddressChoice{Mode: "own", URL: "ftp://hooks.example.com"}, "https://"},
		{"named tunnel", &PublicAddressChoice{Mode: "named", Hostname: "hooks.example.com"}, ""},
		{"named tunnel, no host", &PublicAddressChoice{Mode: "named", Token: "t"}, "hostname"},
		{"the flag's mode", &PublicAddressChoice{Mode: "flag"}, "quick, named or own"},
		{"no mode", &PublicAddressChoice{}, "quick, named or own"},
		{"trigger stages", &TriggerStagesChange{StageIDs: []string{"a", " b "}}, ""},
		{"no trigger stages", &TriggerStagesChange{}, ""},
		{"an empty trigger stage", &TriggerStagesChange{StageIDs: []string{"a", " "}}, "cannot be empty"},
		{"no settings", &SettingsChange{}, ""},
		{"every setting", &SettingsChange{PerformAs: ptr("u"), PollInterval: ptr(" 1h "), LeverOAuthClientID: ptr("c"),
			LeverOAuthClientSecret: ptr("s"), LeverOAuthRedirectURL: ptr("https://ab.example.com/oauth/callback")}, ""},
		{"no redirect address", &SettingsChange{LeverOAuthRedirectURL: ptr("")}, ""},
		{"a redirect elsewhere", &SettingsChange{LeverOAuthRedirectURL: ptr("https://ab.example.com/elsewhere")}, "ending in /oauth/callback"},
		{"a redirect that is no address", &SettingsChange{LeverOAuthRedirectURL: ptr("/oauth/callback")}, "ending in /oauth/callback"},
		{"the shortest poll interval", &SettingsChange{PollInterval: ptr("1s")}, ""},
		{"the longest poll interval", &SettingsChange{PollInterval: ptr("24h")}, ""},
		{"a poll interval too short", &SettingsChange{PollInterval: ptr("10ms")}, "between 1s and 24h"},
		{"a poll interval too long", &SettingsChange{PollInterval: ptr("25h")}, "between 1s and 24h"},
		{"a poll interval that is no duration", &SettingsChange{PollInterval: ptr("soon")}, "between 1s and 24h"},
		{"start at login", &StartAtLoginChange{Enabled: &yes}, ""},
		{"start at login, no answer", &StartAtLoginChange{}, "start at login"},
		{"the demo workspace", &Workspace{Workspace: "demo"}, ""},
		{"the real workspace", &Workspace{Workspace: "real"}, ""},
		{"an unknown workspace", &Workspace{Workspace: "other"}, `"real" or "demo"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, msg := validated(t, tt.req)
			switch {
			case tt.want == "" && code != "":
				t.Errorf("refused: %s %q", code, msg)
			case tt.want != "" && (code != backend.EINVALID || !strings.Contains(msg, tt.want)):
				t.Errorf("got %q %q, want invalid saying %q", code, msg, tt.want)
			}
		})
	}
}

// Validate leaves the request as it is acted on: trimmed, defaulted,
// without repeats.
func TestValidateTrims(t *testing.T) {
	l := ConnectLever{APIKey: " key\n"}
	q := ConnectQualified{APIKey: " qkey "}
	p := PublicAddressChoice{Mode: "own", URL: " https://hooks.example.com/ ", Hostname: " h ", Token: " t "}
	s := StartLogin{Environment: "staging"}
	ts := TriggerStagesChange{StageIDs: []string{" a", "b", "a "}}
	set := SettingsChange{PerformAs: ptr(" u "), PollInterval: ptr(" 90s ")}
	for _, v := range []interface{ Validate() error }{&l, &q, &p, &s, &ts, &set} {
		if err := v.Validate(); err != nil {
			t.Fatalf("%T: %v", v, err)
		}
	}
	d, ok := set.Interval()
	for _, c := range []struct{ got, want any }{
		{l.APIKey, "key"}, {l.Environment, EnvironmentProduction}, {q.APIKey, "qkey"},
		{p.URL, "https://hooks.example.com"}, {p.Hostname, "h"}, {p.Token, "t"},
		{s.Environment, EnvironmentProduction}, {strings.Join(ts.StageIDs, ","), "a,b"},
		{*set.PerformAs, "u"}, {ok, true}, {d.String(), "1m30s"},
	} {
		if c.got != c.want {
			t.Errorf("got %v, want %v", c.got, c.want)
		}
	}
}

func TestInviteExistingValidate(t *testing.T) {
	ok := &InviteExisting{StageID: " st ", OpportunityIDs: []string{" a ", "a", "", "b"}}
	if code, msg := validated(t, ok); code != "" || ok.StageID != "st" || strings.Join(ok.OpportunityIDs, ",") != "a,b" {
		t.Errorf("%s %s: %+v", code, msg, ok)
	}
	many := make([]string, MaxInviteExisting+1)
	for i := range many {
		many[i] = strings.Repeat("x", i+1)
	}
	for _, tt := range []struct {
		req  *InviteExisting
		want string
	}{
		{&InviteExisting{OpportunityIDs: []string{"a"}}, "which stage"},
		{&InviteExisting{StageID: "st", OpportunityIDs: []string{" "}}, "No candidates"},
		{&InviteExisting{StageID: "st", OpportunityIDs: many}, "At most 200"},
	} {
		if _, msg := validated(t, tt.req); !strings.Contains(msg, tt.want) {
			t.Errorf("%+v: %q, want %q", tt.req, msg, tt.want)
		}
	}
}
