// Command docent answers questions about a folder of documents, on the terminal or as a Discord bot.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// Main is the whole program behind main(): tests run it with their own streams and arguments.
type Main struct {
	Args   []string // without the program name
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Env    map[string]string // nil: the process environment
	Logger *slog.Logger      // nil: built from the configuration, writing to Stderr
}

// usageError marks a mistake in how docent was called: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Run runs one subcommand to completion.
func (m *Main) Run(ctx context.Context) error {
	if len(m.Args) == 0 {
		return usageError{"usage: docent <ask|index|sources|eval|extract|gaps|serve|version> [flags]"}
	}
	cmd, args := m.Args[0], m.Args[1:]
	run, ok := subcommands[cmd]
	if !ok {
		return usageError{fmt.Sprintf("unknown command %q; run docent with no arguments for the list", cmd)}
	}
	return run(ctx, m, args)
}

// subcommands maps a name to its implementation; each lives in its own file.
var subcommands = map[string]func(ctx context.Context, m *Main, args []string) error{
	"serve":   runServe,
	"gaps":    runGaps,
	"extract": runExtract,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	err := m.Run(ctx)
	os.Exit(exitCode(m.Stderr, err))
}

// exitCode prints err for a person and maps it to 0 (success), 1 (error) or 2 (usage).
func exitCode(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "docent:", err)
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}
