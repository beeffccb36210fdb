package app

import (
	"context"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/tunnel"
)

// How Lever and Qualified reach the webhook receiver.
const (
	// ModeFlag: --public-url was given; no tunnel is started.
	ModeFlag = "flag"
	// ModeQuick: an embedded cloudflared quick tunnel, no account needed.
	ModeQuick = adminapi.AddressQuick
	// ModeNamed: an embedded cloudflared named tunnel from a token.
	ModeNamed = adminapi.AddressNamed
	// ModeOwn: "I have my own public URL".
	ModeOwn = adminapi.AddressOwn

	tunnelStopTimeout   = 10 * time.Second
	registerRetryPeriod = time.Minute
	tunnelRetryFirst    = 15 * time.Second
	tunnelRetryMax      = 5 * time.Minute
)

// publicAddress is the receiver's public URL and the tunnel behind it.
type publicAddress struct {
	mu     sync.Mutex
	mode   string
	tunnel tunnel.Tunnel
	status tunnel.Status
	// registered is the URL the webhooks were last pointed at.
	registered string
	stop       context.CancelFunc
}

// publicURL is the current public base URL, "" while there is none.
func (a *App) publicURL() string {
	a.pub.mu.Lock()
	defer a.pub.mu.Unlock()
	if a.pub.status.State != tunnel.StateConnected && a.pub.status.State != tunnel.StateReconnecting {
		return ""
	}
	return a.pub.status.URL
}

// addressMode is how the public URL is made: the flag, or the recruiter's choice (quick by default).
func (a *App) addressMode(ctx context.Context) string {
	if a.cfg.PublicURL != "" {
		return ModeFlag
	}
	if m, _ := a.db.Setting(ctx, sqlite.SettingPublicAddressMode); m != "" {
		return m
	}
	return ModeQuick
}

// newTunnel builds the tunnel for a mode; it points only at the webhook receiver.
func (a *App) newTunnel(ctx context.Context, mode string) tunnel.Tunnel {
	origin := "http://" + a.hooksAddr
	switch mode {
	case ModeFlag:
		return tunnel.Static(a.cfg.PublicURL)
	case ModeOwn:
		u, _ := a.db.Setting(ctx, sqlite.SettingPublicAddressURL)
		return tunnel.Static(u)
	case ModeNamed:
		token, _ := a.secrets.Get(secrets.TunnelToken)
		host, _ := a.db.Setting(ctx, sqlite.SettingTunnelHostname)
		return tunnel.Named(token, origin, tunnel.NamedOptions{Hostname: host, Logger: a.log})
	}
	return tunnel.Quick(origin, tunnel.QuickOptions{ServiceURL: a.cfg.QuickTunnelService, Logger: a.log})
}

// startPublicAddress brings up the public URL and keeps the webhooks
// pointed at it: a quick tunnel has a new URL on every start.
func (a *App) startPublicAddress(ctx context.Context) {
	mode := a.addressMode(ctx)
	t := a.newTunnel(ctx, mode)
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.pub.mu.Lock()
	a.pub.mode, a.pub.tunnel, a.pub.stop = mode, t, cancel
	a.pub.mu.Unlock()
	if err := t.Start(ctx); err != nil {
		a.log.Error("public address not started", "mode", mode, "err", err)
	}
	a.onTunnelStatus(ctx, t.Status())
	go a.watchTunnel(wctx, t)
}

func (a *App) watchTunnel(ctx context.Context, t tunnel.Tunnel) {
	retry := time.NewTicker(registerRetryPeriod)
	defer retry.Stop()
	// A tunnel that failed (offline at start, the service refusing) is
	// started again, waiting longer each time.
	restart := time.NewTimer(0)
	<-restart.C
	backoff := tunnelRetryFirst
	for {
		select {
		case <-ctx.Done():
			restart.Stop()
			return
		case st := <-t.Updates():
			a.onTunnelStatus(ctx, st)
			switch st.State {
			case tunnel.StateFailed:
				restart.Reset(backoff)
				backoff = min(2*backoff, tunnelRetryMax)
			case tunnel.StateConnected:
				backoff = tunnelRetryFirst
			}
		case <-restart.C:
			if err := t.Start(ctx); err != nil {
				a.log.Warn("public address not restarted", "err", err)
			}
		case <-retry.C:
			// Registration that failed (no keys yet, Lever unreachable) is tried again.
			a.onTunnelStatus(ctx, t.Status())
		}
	}
}

// onTunnelStatus records the tunnel's status and, once it has a URL that
// the webhooks do not point at yet, re-points them.
func (a *App) onTunnelStatus(ctx context.Context, st tunnel.Status) {
	a.pub.mu.Lock()
	a.pub.status = st
	due := st.State == tunnel.StateConnected && st.URL != "" && st.URL != a.pub.registered
	a.pub.mu.Unlock()
	a.events.Notify(adminapi.TopicStatus)
	if !due {
		return
	}
	if leverOK, _, qualOK := a.conns.state(); !leverOK || !qualOK {
		return
	}
	if err := a.RegisterWebhooks(ctx); err != nil {
		a.log.Error("webhooks not registered", "err", err)
		return
	}
	a.pub.mu.Lock()
	a.pub.registered = st.URL
	a.pub.mu.Unlock()
	a.events.Notify(adminapi.TopicStatus)
}

func (a *App) stopPublicAddress(ctx context.Context) error {
	a.pub.mu.Lock()
	t, stop := a.pub.tunnel, a.pub.stop
	a.pub.tunnel, a.pub.stop, a.pub.registered = nil, nil, ""
	a.pub.mu.Unlock()
	if stop != nil {
		stop()
	}
	if t == nil {
		return nil
	}
	sctx, cancel := context.WithTimeout(ctx, tunnelStopTimeout)
	defer cancel()
	return t.Stop(sctx)
}

// publicAddresses is the public address as the admin API shows and
// changes it.
type publicAddresses App

// URL is the current public base URL, "" while there is none.
func (p *publicAddresses) URL() string { return (*App)(p).publicURL() }

// Current is the public address and the state of the tunnel behind it.
func (p *publicAddresses) Current(ctx context.Context) adminapi.PublicAddress {
	a := (*App)(p)
	a.pub.mu.Lock()
	v := adminapi.PublicAddress{Mode: a.pub.mode, State: string(a.pub.status.State), URL: a.pub.status.URL, Error: a.pub.status.Error,
		Since: adminapi.TimeOrNil(a.pub.status.Since), Editable: a.pub.mode != ModeFlag}
	a.pub.mu.Unlock()
	if v.State == "" {
		v.State = string(tunnel.StateStopped)
	}
	if v.Mode == ModeNamed {
		v.Hostname, _ = a.db.Setting(ctx, sqlite.SettingTunnelHostname)
	}
	return v
}

// Choose switches how the public URL is made, and starts it.
func (p *publicAddresses) Choose(ctx context.Context, c adminapi.PublicAddressChoice) error {
	a := (*App)(p)
	if a.cfg.PublicURL != "" {
		return backend.Errorf(backend.ECONFLICT, "The public address is set with --public-url; change it there.")
	}
	switch c.Mode {
	case ModeOwn:
		if err := a.db.SetSetting(ctx, sqlite.SettingPublicAddressURL, c.URL); err != nil {
			return err
		}
	case ModeNamed:
		if c.Token != "" {
			if err := a.secrets.Set(secrets.TunnelToken, c.Token); err != nil {
				return err
			}
		} else if _, err := a.secrets.Get(secrets.TunnelToken); err != nil {
			return backend.Errorf(backend.EINVALID, "Paste the tunnel token from Cloudflare (Zero Trust → Networks → Tunnels).")
		}
		if err := a.db.SetSetting(ctx, sqlite.SettingTunnelHostname, c.Hostname); err != nil {
			return err
		}
	}
	if err := a.db.SetSetting(ctx, sqlite.SettingPublicAddressMode, c.Mode); err != nil {
		return err
	}
	if err := a.stopPublicAddress(ctx); err != nil {
		a.log.Warn("tunnel stop", "err", err)
	}
	a.startPublicAddress(a.baseCtx)
	return nil
}
