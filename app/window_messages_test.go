package app

import (
	"reflect"
	"strings"
	"testing"
)

// Wails hands some of these to fmt.Errorf as the format: a percent sign would
// garble the one message a recruiter sees when the window cannot open.
func TestWindowsWebView2MessagesAreAllSaidAndPrintable(t *testing.T) {
	v := reflect.ValueOf(webView2Messages)
	for i := range v.NumField() {
		name, s := v.Type().Field(i).Name, v.Field(i).String()
		if strings.TrimSpace(s) == "" {
			t.Errorf("%s is empty: Wails would show its own English", name)
		}
		if strings.Contains(s, "%") {
			t.Errorf("%s holds a percent sign: %q", name, s)
		}
		if strings.Contains(strings.ToLower(s), "runtime") {
			t.Errorf("%s speaks of a runtime: %q", name, s)
		}
	}
}
