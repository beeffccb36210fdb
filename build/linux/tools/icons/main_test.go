package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A rounded teal square like the app icon: transparent corners, an opaque
// teal middle.
func drawing(n int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	r := n / 6
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			cx, cy := clamp(x, r, n-1-r), clamp(y, r, n-1-r)
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r {
				img.Set(x, y, color.NRGBA{0x0f, 0x76, 0x6e, 0xff})
			}
		}
	}
	return img
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func TestRunWritesEveryHicolorSizeWithTheDrawingKept(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "appicon.png")
	writePNG(t, src, drawing(1024))
	out := filepath.Join(dir, "hicolor")
	if err := run(src, out); err != nil {
		t.Fatal(err)
	}
	for _, n := range sizes {
		path := filepath.Join(out, fmt.Sprintf("%dx%d", n, n), "apps", "assessbridge.png")
		f, err := os.Open(path)
		if err != nil {
			t.Fatalf("size %d: %v", n, err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if b := img.Bounds(); b.Dx() != n || b.Dy() != n {
			t.Fatalf("%s is %dx%d, want %dx%d", path, b.Dx(), b.Dy(), n, n)
		}
		// The rounded corner stays see-through; at 16 px its anti-aliased
		// edge reaches into the corner pixel a little.
		if _, _, _, a := img.At(0, 0).RGBA(); a>>8 >= 0x40 {
			t.Errorf("%s: corner alpha %d, want mostly transparent", path, a>>8)
		}
		r, g, b, a := img.At(n/2, n/2).RGBA()
		if a>>8 != 0xff || r>>8 != 0x0f || g>>8 != 0x76 || b>>8 != 0x6e {
			t.Errorf("%s: middle is %02x%02x%02x alpha %02x, want opaque 0f766e", path, r>>8, g>>8, b>>8, a>>8)
		}
	}
}

func TestRunRefusesANonSquareOrSmallSourceAndWritesNothing(t *testing.T) {
	for _, c := range []struct {
		name string
		img  image.Image
		want string
	}{
		{"wide", image.NewNRGBA(image.Rect(0, 0, 1024, 512)), "must be square"},
		{"small", image.NewNRGBA(image.Rect(0, 0, 256, 256)), "at least 512x512"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "appicon.png")
			writePNG(t, src, c.img)
			out := filepath.Join(dir, "hicolor")
			err := run(src, out)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("run = %v, want an error saying %q", err, c.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("%s was made (%v): a refused source must write nothing", out, err)
			}
		})
	}
}
