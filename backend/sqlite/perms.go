package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The database holds candidates' names, e-mails, scores and their personal
// assessment links: only the user who runs assessbridge may read it.
const (
	privateFile   fs.FileMode = 0o600
	privateFolder fs.FileMode = 0o700
)

// The data folder's other files, which the app package names: its lock,
// its secrets file (when there is no keychain), serve's own admin token, the
// demo's marker and the folder of the log files (which the log keeps private
// itself).
var dataFolderFiles = []string{"assessbridge.lock", "secrets.json", "admin-token", ".assessbridge-demo", "logs"}

// FolderAccess is what Open found out about who may read the data folder,
// and what it did about it. The zero value means there is nothing to say:
// the folder was private already (or the platform has no such modes).
type FolderAccess struct {
	// Dir is the data folder.
	Dir string
	// WasOpen is true when other users of this computer could read or
	// enter the folder when assessbridge started.
	WasOpen bool
	// Tightened is true when assessbridge made the folder private itself.
	Tightened bool
	// Why says, when the folder was open and left so, why it was left.
	Why string
}

// Notice is the sentence Setup shows about the folder, or "" when the
// folder is private.
func (a FolderAccess) Notice() string {
	switch {
	case !a.WasOpen:
		return ""
	case a.Tightened:
		return "The data folder " + a.Dir + " could be read by other users of this computer. It holds candidates' names, " +
			"e-mails, scores and assessment links, so assessbridge has made it private to your user account."
	}
	return "The data folder " + a.Dir + " can be read by other users of this computer. assessbridge keeps its own files in it " +
		"private, but left the folder as it is because " + a.Why + ". Give assessbridge a folder of its own (--data-dir), " +
		"or make this one private (on Linux or macOS: chmod 700 '" + a.Dir + "')."
}

// madePrivate remembers, by folder, the folders this run of assessbridge
// found open and made private: a second Open in the same run (the desktop
// app reads a setting before it starts) finds the folder private already,
// yet Setup must still say what was found.
var madePrivate sync.Map

// ownFile reports whether name, in the folder of the database file db, is a
// file assessbridge writes: the database and its companions (-wal, -shm,
// the copy kept by a restore) or one of dataFolderFiles.
func ownFile(db, name string) bool {
	if strings.HasPrefix(name, filepath.Base(db)) {
		return true
	}
	for _, n := range dataFolderFiles {
		if name == n {
			return true
		}
	}
	return false
}

// makeDataFolderPrivate makes assessbridge's files in the folder of the
// database file db private, always, and the folder itself only when it is
// assessbridge's own: when it holds nothing but assessbridge's files. A
// folder that holds anything else (say the user pointed --data-dir at their
// home folder) is someone else's to decide about; it is reported instead.
func makeDataFolderPrivate(db string) (FolderAccess, error) {
	access, err := checkDataFolder(db)
	if err != nil {
		return access, err
	}
	key, _ := filepath.Abs(access.Dir)
	if access.Tightened {
		madePrivate.Store(key, access)
	} else if earlier, ok := madePrivate.Load(key); ok && !access.WasOpen {
		return earlier.(FolderAccess), nil
	}
	return access, nil
}

func checkDataFolder(db string) (FolderAccess, error) {
	dir := filepath.Dir(db)
	access := FolderAccess{Dir: dir}
	if !modesMatter {
		return access, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return access, fmt.Errorf("sqlite: data folder %s cannot be read: %w", dir, err)
	}
	foreign := ""
	for _, e := range entries {
		if !ownFile(db, e.Name()) {
			if foreign == "" {
				foreign = e.Name()
			}
			continue
		}
		if e.Type().IsRegular() {
			if err := tightenFile(filepath.Join(dir, e.Name())); err != nil {
				return access, err
			}
		}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return access, fmt.Errorf("sqlite: data folder %s: %w", dir, err)
	}
	if fi.Mode().Perm()&^privateFolder == 0 {
		return access, nil
	}
	access.WasOpen = true
	switch {
	case foreign != "":
		access.Why = "it holds other files too (such as " + foreign + ")"
	case !ownedByMe(fi):
		access.Why = "it belongs to another user account"
	default:
		if err := os.Chmod(dir, fi.Mode().Perm()&privateFolder); err != nil {
			access.Why = "it could not be changed (" + err.Error() + ")"
			return access, nil
		}
		access.Tightened = true
	}
	return access, nil
}

// tightenFile takes away other users' access to path, if it had any. A
// file of another user account is left alone (chmod would be refused).
func tightenFile(path string) error {
	if !modesMatter {
		return nil
	}
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() || fi.Mode().Perm()&^privateFile == 0 || !ownedByMe(fi) {
		return nil
	}
	if err := os.Chmod(path, fi.Mode().Perm()&privateFile); err != nil {
		return fmt.Errorf("sqlite: %s cannot be made private to your user account: %w", path, err)
	}
	return nil
}

// MakePrivate takes away other users' access to a database file at path and
// to its -wal and -shm files, where they have any (a backup, a database an
// earlier version wrote). Where file modes mean little (Windows), it does
// nothing: there the user's profile folder is private already.
func MakePrivate(path string) error {
	var errs []error
	for _, suffix := range []string{"", "-wal", "-shm"} {
		errs = append(errs, tightenFile(path+suffix))
	}
	return errors.Join(errs...)
}

// CreatePrivate makes an empty file at path that only this user may read,
// for SQLite to fill: SQLite keeps the mode of a file it finds (VACUUM INTO
// takes an empty one), and gives a database's -wal and -shm files the
// database file's mode. It fails if path exists.
func CreatePrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, privateFile)
	if err != nil {
		return err
	}
	return f.Close()
}
