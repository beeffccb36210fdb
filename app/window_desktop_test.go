//go:build desktop

package app

import (
	"bytes"
	"image/png"
	"testing"
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

func TestDesktopBuildCanOpenWindowWithDisplay(t *testing.T) {
	t.Setenv("DISPLAY", ":99")
	if !CanOpenWindow() {
		t.Error("CanOpenWindow() = false in a desktop build with a display")
	}
}
