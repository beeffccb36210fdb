//go:build desktop

package app

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
)

func TestAppIcon(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(appIcon(64)))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 64 || b.Dy() != 64 {
		t.Fatalf("icon is %v, want 64×64", b)
	}
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Errorf("corner alpha = %d, want transparent", a)
	}
	if r, g, b, _ := img.At(32, 10).RGBA(); r>>8 != 0x0f || g>>8 != 0x76 || b>>8 != 0x6e {
		t.Errorf("background = %02x%02x%02x, want teal", r>>8, g>>8, b>>8)
	}
	if r, g, b, _ := img.At(32, 21).RGBA(); r>>8 != 0xff || g>>8 != 0xff || b>>8 != 0xff {
		t.Errorf("deck = %02x%02x%02x, want white", r>>8, g>>8, b>>8)
	}
}

func TestWindowIconIsTheDrawing(t *testing.T) {
	drawn := appIcon(256)
	if os.Getenv("ASSESSBRIDGE_DRAW_ICON") == "1" {
		if err := os.WriteFile("window_icon.png", drawn, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("window_icon.png drawn again")
		return
	}
	kept, err := png.Decode(bytes.NewReader(windowIcon))
	if err != nil {
		t.Fatal(err)
	}
	want, err := png.Decode(bytes.NewReader(drawn))
	if err != nil {
		t.Fatal(err)
	}
	if kept.Bounds() != want.Bounds() {
		t.Fatalf("window_icon.png is %v, the drawing %v", kept.Bounds(), want.Bounds())
	}
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if kept.At(x, y) != want.At(x, y) {
				t.Fatalf("window_icon.png differs from appIcon(256) at (%d, %d): run ASSESSBRIDGE_DRAW_ICON=1 go test -tags desktop,webkit2_41 -run TestWindowIconIsTheDrawing ./app", x, y)
			}
		}
	}
}

func TestDesktopBuildCanOpenWindowWithDisplay(t *testing.T) {
	t.Setenv("DISPLAY", ":99")
	if !CanOpenWindow() {
		t.Error("CanOpenWindow() = false in a desktop build with a display")
	}
}

// memNotes keeps the window's notes in memory.
type memNotes struct {
	mu        sync.Mutex
	explained bool
}

func (n *memNotes) closeExplained() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.explained
}

func (n *memNotes) setCloseExplained() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.explained = true
	return nil
}

// screen records what the window showed and hid.
type screen struct {
	mu             sync.Mutex
	dialogs, hides int
	message        string
}

func (s *screen) counts() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dialogs, s.hides
}

func windowOnScreen(notes windowNotes) (*wailsWindow, *screen) {
	s := &screen{}
	w := &wailsWindow{
		dialog: func(_ context.Context, _, message string) error {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.dialogs++
			s.message = message
			return nil
		},
		hide: func(context.Context) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.hides++
		},
	}
	if notes != nil {
		w.attach(notes)
	}
	return w, s
}

// closeAndWait closes w as the close button does, and waits for it to hide.
func closeAndWait(t *testing.T, w *wailsWindow, s *screen) {
	t.Helper()
	_, before := s.counts()
	if !w.beforeClose(context.Background()) {
		t.Fatal("closing the window was let through: the app would quit")
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if _, hides := s.counts(); hides > before {
			return
		}
	}
	t.Fatal("closing did not hide the window")
}

func TestClosingTheWindowHidesItAndExplainsOnce(t *testing.T) {
	notes := &memNotes{}
	w, s := windowOnScreen(notes)
	closeAndWait(t, w, s)
	if d, _ := s.counts(); d != 1 {
		t.Fatalf("first close showed %d dialogs, want 1", d)
	}
	if !strings.Contains(s.message, "still running") {
		t.Errorf("the dialog says %q", s.message)
	}
	if !notes.closeExplained() {
		t.Error("the window did not remember that it explained closing")
	}
	closeAndWait(t, w, s)
	if d, h := s.counts(); d != 1 || h != 2 {
		t.Errorf("after two closes: %d dialogs, %d hides; want 1 and 2", d, h)
	}
}

func TestClosingExplainedInAnEarlierRunIsNotExplainedAgain(t *testing.T) {
	w, s := windowOnScreen(&memNotes{explained: true})
	closeAndWait(t, w, s)
	if d, _ := s.counts(); d != 0 {
		t.Errorf("showed %d dialogs, want none", d)
	}
}

func TestWindowWithoutNotesExplainsOncePerRun(t *testing.T) {
	w, s := windowOnScreen(nil)
	closeAndWait(t, w, s)
	closeAndWait(t, w, s)
	if d, _ := s.counts(); d != 1 {
		t.Errorf("showed %d dialogs, want 1", d)
	}
}

func TestQuitClosesTheWindowForGood(t *testing.T) {
	w, s := windowOnScreen(&memNotes{})
	if w.quit() {
		t.Error("quit() = true with no window up")
	}
	if w.beforeClose(context.Background()) {
		t.Error("after quit the close was prevented: the app would not end")
	}
	time.Sleep(50 * time.Millisecond)
	if d, h := s.counts(); d != 0 || h != 0 {
		t.Errorf("quitting showed %d dialogs and hid %d times", d, h)
	}
}

func TestAQuitUnderWayIsNotMetByTheExplanation(t *testing.T) {
	// SIGTERM: Wails closes the window as its close button does, and the
	// app quits a moment later.
	w, s := windowOnScreen(&memNotes{})
	w.beforeClose(context.Background())
	w.quit()
	time.Sleep(quitGrace + 200*time.Millisecond)
	if d, h := s.counts(); d != 0 || h != 0 {
		t.Errorf("a quit under way met %d dialogs and %d hides", d, h)
	}
}

func TestOnMacOSTheSystemsQuitGoesThrough(t *testing.T) {
	// There Wails hides a closed window itself; what reaches OnBeforeClose
	// is the Dock's Quit or a logout, which must not be refused.
	saved := closeHidesOnItsOwn
	closeHidesOnItsOwn = true
	defer func() { closeHidesOnItsOwn = saved }()
	w, s := windowOnScreen(&memNotes{})
	if w.beforeClose(context.Background()) {
		t.Error("the system's Quit was refused")
	}
	time.Sleep(quitGrace + 100*time.Millisecond)
	if d, h := s.counts(); d != 0 || h != 0 {
		t.Errorf("the system's Quit met %d dialogs and %d hides", d, h)
	}
}

func TestMenuQuitsWithCtrlQ(t *testing.T) {
	if runtime.GOOS == "darwin" {
		t.Skip("Wails' own application menu")
	}
	w, _ := windowOnScreen(&memNotes{})
	var quitItem *menu.MenuItem
	for _, top := range w.appMenu().Items {
		if top.SubMenu == nil {
			continue
		}
		for _, it := range top.SubMenu.Items {
			if it.Label == "Quit assessbridge" {
				quitItem = it
			}
		}
	}
	if quitItem == nil {
		t.Fatal("the menu has no Quit assessbridge")
	}
	if a := quitItem.Accelerator; a == nil || a.Key != "q" || len(a.Modifiers) != 1 || a.Modifiers[0] != keys.CmdOrCtrlKey {
		t.Errorf("Quit's shortcut is %+v, want Ctrl+Q", a)
	}
	quitItem.Click(&menu.CallbackData{MenuItem: quitItem})
	if !w.quitting.Load() {
		t.Error("Quit assessbridge did not quit")
	}
}
