// Command icons writes the app's hicolor theme icons from one large PNG:
//
//	icons -in build/appicon.png -out DIR
//
// makes DIR/NxN/apps/assessbridge.png for each size in sizes, scaled down
// with Catmull-Rom resampling. The packages install DIR under
// /usr/share/icons/hicolor.
package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

// sizes are the hicolor sizes that desktops ask for: menus and panels use
// the small ones, launchers and app stores the large ones.
var sizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512}

const name = "assessbridge.png"

func main() {
	in := flag.String("in", "", "the source PNG: square, at least 512 px")
	out := flag.String("out", "", "the folder to write NxN/apps/"+name+" into")
	flag.Parse()
	if *in == "" || *out == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: icons -in SOURCE.png -out DIR")
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "icons:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	src, err := load(in)
	if err != nil {
		return err
	}
	for _, n := range sizes {
		path := filepath.Join(out, fmt.Sprintf("%dx%d", n, n), "apps", name)
		if err := write(path, scale(src, n)); err != nil {
			return err
		}
	}
	return nil
}

// load reads a PNG and refuses one that is not square or too small to
// scale down to the largest size.
func load(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() {
		return nil, fmt.Errorf("%s is %dx%d: an icon must be square", path, b.Dx(), b.Dy())
	}
	if largest := sizes[len(sizes)-1]; b.Dx() < largest {
		return nil, fmt.Errorf("%s is %dx%d: it must be at least %dx%d", path, b.Dx(), b.Dy(), largest, largest)
	}
	return img, nil
}

// scale resamples src to n×n pixels with the Catmull-Rom kernel, which
// widens with the ratio so that a 1024 px drawing keeps its shape at 16 px.
func scale(src image.Image, n int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, n, n))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
}

func write(path string, img image.Image) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	return png.Encode(f, img)
}
