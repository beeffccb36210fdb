//go:build unix

package sqlite

import (
	"io/fs"
	"os"
	"syscall"
)

// modesMatter: on unix the mode bits are who may read a file.
const modesMatter = true

// ownedByMe reports whether fi belongs to the user running assessbridge.
func ownedByMe(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Getuid()
}
