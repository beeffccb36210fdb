package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// xdgInTemp is the autostart of a user whose $XDG_CONFIG_HOME is a new folder.
func xdgInTemp(t *testing.T) (autostarter, string) {
	t.Helper()
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	s, err := platformAutostart(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	return s, filepath.Join(config, "autostart", "assessbridge.desktop")
}

func TestXDGAutostartEnableReadBackDisable(t *testing.T) {
	s, file := xdgInTemp(t)
	if on, err := s.Enabled(); on || err != nil {
		t.Fatalf("before Enable: Enabled() = %v, %v", on, err)
	}
	exe := "/opt/assess bridge/bin/assessbridge"
	if err := s.Enable(exe); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\nExec=\"/opt/assess bridge/bin/assessbridge\" --hidden\n") {
		t.Errorf("the entry's Exec line does not quote the path:\n%s", data)
	}
	if fi, _ := os.Stat(file); fi.Mode().Perm() != 0o644 {
		t.Errorf("entry mode %v, want 0644", fi.Mode().Perm())
	}
	if on, err := s.Enabled(); !on || err != nil {
		t.Errorf("after Enable: Enabled() = %v, %v", on, err)
	}

	// Another program's entry in the same folder stays; the folder stays.
	other := filepath.Join(filepath.Dir(file), "other.desktop")
	if err := os.WriteFile(other, []byte("[Desktop Entry]\nExec=other\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Disable(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("after Disable the entry is still there (%v)", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("Disable touched another program's entry: %v", err)
	}
	if on, err := s.Enabled(); on || err != nil {
		t.Errorf("after Disable: Enabled() = %v, %v", on, err)
	}
	// Disable without an entry, even without the folder, is no error and
	// removes nothing more.
	os.Remove(other)
	if err := s.Disable(); err != nil {
		t.Errorf("second Disable: %v", err)
	}
	if fi, err := os.Stat(filepath.Dir(file)); err != nil || !fi.IsDir() {
		t.Errorf("the autostart folder went: %v", err)
	}
	if err := os.Remove(filepath.Dir(file)); err != nil {
		t.Fatal(err)
	}
	if err := s.Disable(); err != nil {
		t.Errorf("Disable without the folder: %v", err)
	}
}

func TestXDGAutostartEnableRewritesAMovedApp(t *testing.T) {
	s, file := xdgInTemp(t)
	if err := s.Enable("/old/place/assessbridge"); err != nil {
		t.Fatal(err)
	}
	if err := s.Enable("/new/place/assessbridge"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if strings.Contains(string(data), "/old/place") || !strings.Contains(string(data), `Exec="/new/place/assessbridge" --hidden`) {
		t.Errorf("the entry was not rewritten for the new place:\n%s", data)
	}
	entries, _ := os.ReadDir(filepath.Dir(file))
	if len(entries) != 1 {
		t.Errorf("the autostart folder holds %d files, want only the entry (no temporary file left)", len(entries))
	}
}

func TestXDGAutostartTurnedOffByTheDesktopReadsOff(t *testing.T) {
	s, file := xdgInTemp(t)
	if err := s.Enable("/usr/bin/assessbridge"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	// GNOME's Tweaks turns an entry off by rewriting this line.
	off := strings.Replace(string(data), "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false", 1)
	if err := os.WriteFile(file, []byte(off), 0o644); err != nil {
		t.Fatal(err)
	}
	if on, err := s.Enabled(); on || err != nil {
		t.Errorf("Enabled() = %v, %v for an entry the desktop turned off", on, err)
	}
	if err := s.Enable("/usr/bin/assessbridge"); err != nil {
		t.Fatal(err)
	}
	if on, _ := s.Enabled(); !on {
		t.Error("Enable did not turn the entry back on")
	}
}

func TestXDGAutostartRefusesARelativePath(t *testing.T) {
	s, file := xdgInTemp(t)
	if err := s.Enable("assessbridge"); err == nil {
		t.Error("Enable accepted a relative path")
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("a refused Enable left an entry (%v)", err)
	}
}

func TestXDGAutostartFolder(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_CONFIG_HOME": "/x/config", "HOME": "/home/r"}, "/x/config/autostart"},
		{map[string]string{"HOME": "/home/r"}, "/home/r/.config/autostart"},
		// The spec ignores a relative XDG_CONFIG_HOME.
		{map[string]string{"XDG_CONFIG_HOME": "config", "HOME": "/home/r"}, "/home/r/.config/autostart"},
	} {
		s, err := platformAutostart(func(k string) string { return tc.env[k] })
		if err != nil {
			t.Fatal(err)
		}
		if got := s.(xdgAutostart).dir; got != tc.want {
			t.Errorf("%v: folder %s, want %s", tc.env, got, tc.want)
		}
	}
	if _, err := platformAutostart(func(string) string { return "" }); err == nil {
		t.Error("no error without a home folder")
	}
}

// TestXDGAutostartEntryLaunchesWithGLib has GLib, which GNOME's session
// uses to read autostart entries, start the entry written: the program at a
// path with spaces, quotes and a dollar sign gets exactly --hidden.
func TestXDGAutostartEntryLaunchesWithGLib(t *testing.T) {
	gio, err := exec.LookPath("gio")
	if err != nil {
		t.Skip("gio (libglib2.0-bin) not installed")
	}
	s, file := xdgInTemp(t)
	dir := filepath.Join(t.TempDir(), `My "Apps" $HOME back\slash`)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "args")
	exe := filepath.Join(dir, "assessbridge")
	script := "#!/bin/sh\nfor a in \"$0\" \"$@\"; do printf '%s\\n' \"$a\"; done > '" + out + "'\n"
	if err := os.WriteFile(exe, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := s.Enable(exe); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(gio, "launch", file).CombinedOutput(); err != nil {
		t.Fatalf("gio launch: %v: %s", err, msg)
	}
	want := exe + "\n--hidden\n"
	var got []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got, _ = os.ReadFile(out); string(got) == want {
			return
		}
	}
	t.Errorf("GLib started the entry with %q, want %q", got, want)
}
