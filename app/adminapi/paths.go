package adminapi

import (
	"net/url"
	"strings"
	"time"
)

// OAuthCallbackPath is where Lever's OAuth login lands.
const OAuthCallbackPath = "/oauth/callback"

// The poll interval's range, one for the flag and Settings.
const (
	MinPollInterval = time.Second
	MaxPollInterval = 24 * time.Hour
)

// Lever's environments.
const (
	EnvironmentProduction = "production"
	EnvironmentSandbox    = "sandbox"
)

// How Lever and Qualified reach the webhook receiver, as Setup chooses it.
const (
	// AddressQuick is an embedded cloudflared quick tunnel, no account needed.
	AddressQuick = "quick"
	// AddressNamed is an embedded cloudflared named tunnel from a token.
	AddressNamed = "named"
	// AddressOwn is "I have my own public URL".
	AddressOwn = "own"
)

// The desktop app's two workspaces.
const (
	WorkspaceReal = "real"
	WorkspaceDemo = "demo"
)

// httpURL reports whether s is an absolute http(s) address.
func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// ShortDuration writes 24h0m0s as 24h and 1m0s as 1m, as Settings lists
// intervals.
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
