// Command pngtoico writes a Windows .ico holding a PNG image at 256, 64, 48,
// 32 and 16 pixels: the installer's and uninstaller's icon, made from the
// same build/appicon.png as the program's own icon.
//
//	go run ./pngtoico in.png out.ico
package main

import (
	"fmt"
	"image"
	_ "image/png"
	"os"

	"github.com/tc-hib/winres"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: pngtoico in.png out.ico")
		os.Exit(2)
	}
	if err := convert(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "pngtoico:", err)
		os.Exit(1)
	}
}

func convert(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	icon, err := winres.NewIconFromResizedImage(img, []int{256, 64, 48, 32, 16})
	if err != nil {
		return err
	}
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := icon.SaveICO(w); err != nil {
		w.Close()
		os.Remove(out)
		return err
	}
	return w.Close()
}
