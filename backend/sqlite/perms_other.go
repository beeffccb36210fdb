//go:build !unix

package sqlite

import "io/fs"

// modesMatter: on Windows the mode bits say only read-only or not; who may
// read a file is its access list, which a file in the user's profile
// (where the data folder is by default) inherits private to that user.
const modesMatter = false

func ownedByMe(fs.FileInfo) bool { return true }
