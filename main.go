// Command assessbridge connects a hiring team's Lever account to its
// Qualified assessments: `assessbridge serve` runs it headless.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/assessbridge/assessbridge/app"
)

const usage = `assessbridge connects Lever to Qualified: candidates who enter a trigger stage
are invited to the assessment named by a tag, and their results come back to Lever.

Usage:
  assessbridge                 open the desktop window
  assessbridge --hidden        start the desktop app without showing its window (as at login)
  assessbridge serve [flags]   run headless; the admin UI is served on 127.0.0.1
  assessbridge demo [flags]    try it with simulated Lever and Qualified accounts
  assessbridge backup --to F   copy the database to F (safe while running)
  assessbridge restore F       replace the database with the backup F (quit first)
  assessbridge version         show the version and the commit it was built from
  assessbridge help            show this help

Run "assessbridge serve -h" or "assessbridge demo -h" for their flags.

Every way of running it reads a setting in one order: a flag, then an
environment variable (ASSESSBRIDGE_DATA_DIR, ASSESSBRIDGE_POLL_INTERVAL,
LEVER_API_KEY, QUALIFIED_API_KEY), then what was chosen in Settings, then
the default.
`

// The desktop window's toolkit must run on the main thread.
func init() { runtime.LockOSThread() }

func main() {
	app.StartTrace("main")
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "assessbridge:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	// Started at login, the desktop app starts with its window hidden:
	// opening assessbridge again shows it.
	if len(args) == 1 && args[0] == app.HiddenFlag {
		app.StartHidden()
		args = nil
	}
	if len(args) == 0 {
		err := app.RunDesktop(ctx, os.Getenv, os.Stderr)
		if errors.Is(err, app.ErrNoDesktop) {
			fmt.Fprint(os.Stderr, usage)
		}
		return err
	}
	switch args[0] {
	case "serve":
		return app.Serve(ctx, args[1:], os.Getenv, os.Stderr)
	case "demo":
		return app.RunDemo(ctx, args[1:], os.Getenv, os.Stderr)
	case "backup":
		return app.RunBackup(ctx, args[1:], os.Getenv, os.Stdout, os.Stderr)
	case "restore":
		return app.RunRestore(ctx, args[1:], os.Getenv, os.Stdout, os.Stderr)
	case "version", "--version":
		fmt.Println(app.BuildVersion())
		return nil
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
