package app

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// autostarter starts the desktop app when the user logs in to this computer,
// with its window hidden (HiddenFlag). Each system has its own entry for it:
// an XDG autostart file on Linux, a LaunchAgent on macOS, a Run value in the
// registry on Windows. Whether it is on is read from that entry every time,
// never kept elsewhere: the user can remove it with the system's own tools.
type autostarter interface {
	// Enabled reports whether the entry is there, and not turned off with the
	// system's own settings.
	Enabled() (bool, error)
	// Enable writes the entry, starting exe, replacing one that starts
	// another program (the app was moved).
	Enable(exe string) error
	// Disable removes the entry; without one it does nothing.
	Disable() error
}

// errNoAutostart is platformAutostart's answer on a system with none.
var errNoAutostart = errors.New("starting at login is not available on this system")

// launchAgentLabel names the macOS LaunchAgent (and its file).
const launchAgentLabel = "io.github.assessbridge.desktop"

// autostartName names the Linux autostart file and the Windows Run value.
const autostartName = "assessbridge"

// checkAutostartExe refuses a program path no login entry can hold.
func checkAutostartExe(exe string) error {
	if exe == "" {
		return errors.New("no program to start at login")
	}
	if i := strings.IndexFunc(exe, unicode.IsControl); i >= 0 {
		return fmt.Errorf("the program's path %q has a control character", exe)
	}
	return nil
}

// --- Linux: an XDG autostart desktop entry ---

// xdgExecArg is s as one argument of a desktop entry's Exec key: in double
// quotes, with ", `, $ and \ escaped by a backslash, and then every
// backslash doubled, as the string escapes of a desktop entry's values come
// before its quoting (the Desktop Entry Specification, "The Exec key").
func xdgExecArg(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '`', '$':
			b.WriteString(`\\`) // the quoting's backslash, itself escaped
			b.WriteRune(r)
		case '\\':
			b.WriteString(`\\\\`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// xdgAutostartEntry is the autostart file that starts exe, hidden, at login.
func xdgAutostartEntry(exe string) (string, error) {
	if err := checkAutostartExe(exe); err != nil {
		return "", err
	}
	// The spec's %% is not understood by GLib (GNOME), which looks for the
	// program with the %% left in and so never starts it.
	if strings.Contains(exe, "%") {
		return "", fmt.Errorf("the program's path %q has a %%, which the desktop's login start cannot run: "+
			"move assessbridge to a folder whose name has no %%", exe)
	}
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=assessbridge\n" +
		"Comment=Invites candidates to their assessments while you are logged in\n" +
		"Exec=" + xdgExecArg(exe) + " " + HiddenFlag + "\n" +
		"Icon=assessbridge\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n", nil
}

// xdgEntryOn reports whether an autostart file starts its program: desktops
// turn one off with Hidden=true, and GNOME with X-GNOME-Autostart-enabled=false.
func xdgEntryOn(text string) bool {
	group := ""
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			group = line
			continue
		}
		if group != "[Desktop Entry]" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		switch k, v = strings.TrimSpace(k), strings.TrimSpace(v); {
		case k == "Hidden" && v == "true", k == "X-GNOME-Autostart-enabled" && v == "false":
			return false
		}
	}
	return true
}

// --- macOS: a LaunchAgent ---

// launchAgentPlist is the LaunchAgent that starts exe, hidden, when the user
// logs in (RunAtLoad), in graphical sessions only.
func launchAgentPlist(exe string) (string, error) {
	if err := checkAutostartExe(exe); err != nil {
		return "", err
	}
	var esc bytes.Buffer
	xml.EscapeText(&esc, []byte(exe))
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + launchAgentLabel + `</string>
	<key>ProgramArguments</key>
	<array>
		<string>` + esc.String() + `</string>
		<string>` + HiddenFlag + `</string>
	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>LimitLoadToSessionType</key>
	<string>Aqua</string>
	<key>ProcessType</key>
	<string>Interactive</string>
</dict>
</plist>
`, nil
}

// launchAgent is what a LaunchAgent file says: its program and arguments,
// and whether it is turned off (Disabled).
type launchAgent struct {
	args     []string
	disabled bool
}

// parseLaunchAgent reads a LaunchAgent's XML property list.
func parseLaunchAgent(data []byte) (launchAgent, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return launchAgent{}, fmt.Errorf("launch agent: no <dict>: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "dict" {
			v, err := plistValue(d, se)
			if err != nil {
				return launchAgent{}, fmt.Errorf("launch agent: %w", err)
			}
			dict := v.(map[string]any)
			var la launchAgent
			if arr, ok := dict["ProgramArguments"].([]any); ok {
				for _, a := range arr {
					if s, ok := a.(string); ok {
						la.args = append(la.args, s)
					}
				}
			} else if p, ok := dict["Program"].(string); ok {
				la.args = []string{p}
			}
			la.disabled, _ = dict["Disabled"].(bool)
			return la, nil
		}
	}
}

// plistValue reads the value that start opened: a dict, an array, a
// boolean, or any other element as its text.
func plistValue(d *xml.Decoder, start xml.StartElement) (any, error) {
	switch start.Name.Local {
	case "dict":
		m := map[string]any{}
		key := ""
		err := plistChildren(d, func(t xml.StartElement) error {
			if t.Name.Local == "key" {
				return d.DecodeElement(&key, &t)
			}
			v, err := plistValue(d, t)
			m[key] = v
			return err
		})
		return m, err
	case "array":
		var arr []any
		err := plistChildren(d, func(t xml.StartElement) error {
			v, err := plistValue(d, t)
			arr = append(arr, v)
			return err
		})
		return arr, err
	case "true", "false":
		return start.Name.Local == "true", d.Skip()
	}
	var s string
	err := d.DecodeElement(&s, &start)
	return s, err
}

// plistChildren calls each for every element inside the one just opened,
// until it closes.
func plistChildren(d *xml.Decoder, each func(xml.StartElement) error) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if err := each(t); err != nil {
				return err
			}
		}
	}
}

// --- Windows: a value under HKCU\...\Run ---

// windowsRunValue is the Run value that starts exe, hidden, at login.
func windowsRunValue(exe string) (string, error) {
	if err := checkAutostartExe(exe); err != nil {
		return "", err
	}
	if strings.Contains(exe, `"`) {
		return "", fmt.Errorf("the program's path %q has a double quote", exe)
	}
	return `"` + exe + `" ` + HiddenFlag, nil
}

// startupApprovedOff reports whether Windows' own switch for a Run value
// (Task Manager's Startup tab, Settings' Startup apps) turned it off: its
// value under Explorer\StartupApproved\Run starts with an odd byte (03, 07)
// when off and an even one (02, 06) when on.
func startupApprovedOff(data []byte) bool {
	return len(data) > 0 && data[0]&1 == 1
}

// --- files ---

// writeFileAtomic writes data to path through a temporary file in the same
// folder, so that a login never finds half an entry.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := io.Copy(f, bytes.NewReader(data)); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// removeFile removes path; a file already gone is no error.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
