package app

import (
	"strings"
	"testing"
)

func TestXDGAutostartEntryQuotesTheProgram(t *testing.T) {
	for _, tc := range []struct{ exe, exec string }{
		{"/usr/bin/assessbridge", `Exec="/usr/bin/assessbridge" --hidden`},
		{"/home/riley/My Apps/assessbridge", `Exec="/home/riley/My Apps/assessbridge" --hidden`},
		// ", `, $ and \ are escaped for the quoting, and that backslash
		// again for the value's string escapes.
		{`/opt/a "b"/x`, `Exec="/opt/a \\"b\\"/x" --hidden`},
		{"/opt/$HOME`id`/x", "Exec=\"/opt/\\\\$HOME\\\\`id\\\\`/x\" --hidden"},
		{`/opt/back\slash/x`, `Exec="/opt/back\\\\slash/x" --hidden`},
	} {
		entry, err := xdgAutostartEntry(tc.exe)
		if err != nil {
			t.Fatalf("%q: %v", tc.exe, err)
		}
		if !strings.Contains(entry, "\n"+tc.exec+"\n") {
			t.Errorf("%q: entry has no line %s:\n%s", tc.exe, tc.exec, entry)
		}
		for _, line := range []string{"[Desktop Entry]", "Type=Application", "X-GNOME-Autostart-enabled=true"} {
			if !strings.Contains(entry, line+"\n") {
				t.Errorf("%q: entry has no line %s", tc.exe, line)
			}
		}
		if !xdgEntryOn(entry) {
			t.Errorf("%q: the entry written reads as turned off", tc.exe)
		}
	}
}

func TestAutostartEntriesRefuseAPathTheyCannotHold(t *testing.T) {
	for _, exe := range []string{"", "/opt/a\nExec=/bin/sh", "/opt/tab\there"} {
		if _, err := xdgAutostartEntry(exe); err == nil {
			t.Errorf("xdgAutostartEntry(%q) = nil error", exe)
		}
		if _, err := launchAgentPlist(exe); err == nil {
			t.Errorf("launchAgentPlist(%q) = nil error", exe)
		}
		if _, err := windowsRunValue(exe); err == nil {
			t.Errorf("windowsRunValue(%q) = nil error", exe)
		}
	}
	// GLib, GNOME's reader of autostart entries, cannot run a path with a %.
	if _, err := xdgAutostartEntry("/opt/100%/assessbridge"); err == nil {
		t.Error("xdgAutostartEntry accepted a path with a %")
	}
	if _, err := windowsRunValue(`C:\a"b\assessbridge.exe`); err == nil {
		t.Error("windowsRunValue accepted a path with a double quote")
	}
}

func TestXDGEntryOn(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"[Desktop Entry]\nExec=x\n", true},
		{"[Desktop Entry]\nExec=x\nX-GNOME-Autostart-enabled=true\n", true},
		{"[Desktop Entry]\nExec=x\nX-GNOME-Autostart-enabled=false\n", false},
		{"[Desktop Entry]\nExec=x\nHidden=true\n", false},
		{"[Desktop Entry]\nExec=x\nHidden = true\n", false},
		{"[Desktop Entry]\nExec=x\nHidden=false\n", true},
		// Only the main group counts.
		{"[Desktop Entry]\nExec=x\n[Desktop Action Other]\nHidden=true\n", true},
	} {
		if got := xdgEntryOn(tc.text); got != tc.want {
			t.Errorf("xdgEntryOn(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestLaunchAgentPlist(t *testing.T) {
	for _, exe := range []string{
		"/Applications/assessbridge.app/Contents/MacOS/assessbridge",
		"/Users/riley/My Apps/assessbridge & co/<x>/assessbridge",
	} {
		text, err := launchAgentPlist(exe)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"<key>Label</key>\n\t<string>io.github.assessbridge.desktop</string>", "<key>RunAtLoad</key>\n\t<true/>"} {
			if !strings.Contains(text, want) {
				t.Errorf("%q: plist lacks %q:\n%s", exe, want, text)
			}
		}
		la, err := parseLaunchAgent([]byte(text))
		if err != nil {
			t.Fatalf("%q: %v\n%s", exe, err, text)
		}
		if len(la.args) != 2 || la.args[0] != exe || la.args[1] != "--hidden" || la.disabled {
			t.Errorf("%q: read back %+v", exe, la)
		}
	}
}

func TestParseLaunchAgent(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>Label</key><string>x</string>`
	for _, tc := range []struct {
		text     string
		args     []string
		disabled bool
	}{
		{head + `<key>ProgramArguments</key><array><string>/a b</string><string>--hidden</string></array></dict></plist>`, []string{"/a b", "--hidden"}, false},
		{head + `<key>Program</key><string>/bin/x</string><key>Disabled</key><true/></dict></plist>`, []string{"/bin/x"}, true},
		{head + `<key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict><key>ProgramArguments</key><array><string>/c</string></array><key>Disabled</key><false/></dict></plist>`, []string{"/c"}, false},
	} {
		la, err := parseLaunchAgent([]byte(tc.text))
		if err != nil {
			t.Fatalf("%s: %v", tc.text, err)
		}
		if strings.Join(la.args, "|") != strings.Join(tc.args, "|") || la.disabled != tc.disabled {
			t.Errorf("%s: got %+v, want %v disabled=%v", tc.text, la, tc.args, tc.disabled)
		}
	}
	if _, err := parseLaunchAgent([]byte("not a plist")); err == nil {
		t.Error("parseLaunchAgent accepted text that is no property list")
	}
}

func TestWindowsRunValue(t *testing.T) {
	for exe, want := range map[string]string{
		`C:\Program Files\assessbridge\assessbridge.exe`:             `"C:\Program Files\assessbridge\assessbridge.exe" --hidden`,
		`C:\Users\Riley\AppData\Local\assessbridge\assessbridge.exe`: `"C:\Users\Riley\AppData\Local\assessbridge\assessbridge.exe" --hidden`,
	} {
		got, err := windowsRunValue(exe)
		if err != nil || got != want {
			t.Errorf("windowsRunValue(%q) = %q, %v; want %q", exe, got, err, want)
		}
	}
}

func TestStartupApprovedOff(t *testing.T) {
	for _, tc := range []struct {
		data []byte
		off  bool
	}{
		{nil, false},
		{[]byte{0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false},
		{[]byte{0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false},
		{[]byte{0x03, 0, 0, 0, 0x10, 0x5a, 0xe3, 0x91, 0x2c, 0x4d, 0xd9, 0x01}, true},
		{[]byte{0x07, 0, 0, 0}, true},
	} {
		if got := startupApprovedOff(tc.data); got != tc.off {
			t.Errorf("startupApprovedOff(% x) = %v, want %v", tc.data, got, tc.off)
		}
	}
}
