package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// BeforeRestoreSuffix names what Restore keeps of the database it replaced:
// assessbridge.db.before-restore (with its -wal and -shm, if any).
const BeforeRestoreSuffix = sqlite.BeforeRestoreSuffix

// Backup writes a consistent snapshot of the data folder's database to
// dest, safe while the app runs (see sqlite.Backup). Secrets are not in the
// database: they stay in the keychain (or the secrets file of the data
// folder).
func Backup(ctx context.Context, dataDir, dest string) error {
	src := filepath.Join(dataDir, DatabaseFile)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: no database in %s: %w", dataDir, err)
	}
	return sqlite.Backup(ctx, src, dest)
}

// Restore replaces the data folder's database with a backup (see
// sqlite.Restore), holding the data folder's own lock meanwhile: it refuses
// while an assessbridge runs on the folder (quit it first), and none can
// start on it until the database is swapped.
func Restore(ctx context.Context, backupFile, dataDir string) error {
	return sqlite.Restore(ctx, backupFile, filepath.Join(dataDir, DatabaseFile), func() (func(), error) {
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("restore: data folder %s: %w", dataDir, err)
		}
		release, err := lockDataDir(dataDir)
		if errors.Is(err, ErrDataDirInUse) {
			return nil, fmt.Errorf("restore: the data folder %s is in use by a running assessbridge; quit it, then restore", dataDir)
		}
		if err != nil {
			return nil, fmt.Errorf("restore: %w", err)
		}
		return release, nil
	})
}

// dataFolderCommand is the flag set of a command on a data folder (backup,
// restore): its usage, and --data-dir read in the same order as serve's.
func dataFolderCommand(name, usage string, getenv func(string) string, stderr io.Writer) (*flag.FlagSet, func() (string, error)) {
	fs := flag.NewFlagSet("assessbridge "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s\n%s\n\n", usage, secretsNotInBackup)
		fs.PrintDefaults()
	}
	fs.String(dataDirSetting.flag, "", "data folder [ASSESSBRIDGE_DATA_DIR] (default: the OS user config dir)")
	return fs, func() (string, error) {
		dir, _, err := dataDir(givenFlags(fs), getenv)
		if err != nil {
			return "", fmt.Errorf("no data folder: set --data-dir or ASSESSBRIDGE_DATA_DIR (%v)", err)
		}
		return dir, nil
	}
}

const secretsNotInBackup = "Keys and secrets are not in the backup: they stay in the keychain or the data folder's secrets file, so on another machine connect Lever and Qualified again in Setup."

// RunBackup runs `assessbridge backup --to FILE`.
func RunBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, folder := dataFolderCommand("backup", "Usage: assessbridge backup --to FILE [--data-dir DIR]\n\nCopies the database consistently, even while assessbridge runs.",
		getenv, stderr)
	to := fs.String("to", "", "the backup file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("backup needs --to FILE and nothing else")
	}
	dir, err := folder()
	if err != nil {
		return err
	}
	if err := Backup(ctx, dir, *to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s.\n%s\n", filepath.Join(dir, DatabaseFile), *to, secretsNotInBackup)
	return nil
}

// RunRestore runs `assessbridge restore FILE`.
func RunRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, folder := dataFolderCommand("restore", "Usage: assessbridge restore FILE [--data-dir DIR]\n\n"+
		"Replaces the database with a backup; quit assessbridge first. The replaced database is kept beside it.", getenv, stderr)
	files, err := parseAnyOrder(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fs.Usage()
		return errors.New("restore needs the backup file, and only one")
	}
	dir, err := folder()
	if err != nil {
		return err
	}
	if err := Restore(ctx, files[0], dir); err != nil {
		return err
	}
	kept := filepath.Join(dir, DatabaseFile+BeforeRestoreSuffix)
	if _, err := os.Lstat(kept); err != nil {
		fmt.Fprintf(stdout, "Restored %s into %s.\n", files[0], dir)
		return nil
	}
	fmt.Fprintf(stdout, "Restored %s into %s; the previous database is kept as %s.\n", files[0], dir, kept)
	return nil
}

// parseAnyOrder parses flags wherever they are among args and returns the
// other arguments: `restore FILE --data-dir DIR`, as the usage shows it,
// and `restore --data-dir DIR FILE` alike (the flag package alone stops at
// the first argument that is not a flag, which would make the folder an
// extra file). After "--" everything is an argument.
func parseAnyOrder(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			return append(rest, left...), nil
		}
		if len(left) == 0 {
			return rest, nil
		}
		rest, args = append(rest, left[0]), left[1:]
	}
}
