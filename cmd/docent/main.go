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
	"slices"
	"strings"
	"sync"
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

	mu      sync.Mutex
	closers []io.Closer // opened by Run, closed by Close
}

// usageError marks a mistake in how docent was called: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errHelp reports that help was asked for and printed: exit code 0, nothing more to say.
var errHelp = errors.New("help printed")

// commandHelp is the one-line summary of each subcommand, in the order help lists them.
var commandHelp = [][2]string{
	{"ask", "answer a question from the corpus, with cited passages"},
	{"sources", "list the documents in the corpus"},
	{"index", "build or refresh the search index"},
	{"eval", "measure answers against a question file or a BEIR benchmark"},
	{"extract", "show the text docent would index from files"},
	{"gaps", "list questions docent could not answer"},
	{"serve", "run the Discord bot"},
	{"version", "print the version"},
}

// Run runs one subcommand to completion.
func (m *Main) Run(ctx context.Context) error {
	if len(m.Args) == 0 {
		return usageError{usage()}
	}
	cmd, args := m.Args[0], m.Args[1:]
	if cmd == "help" || cmd == "-h" || cmd == "-help" || cmd == "--help" {
		fmt.Fprintln(m.stdout(), usage())
		return nil
	}
	run, ok := subcommands[cmd]
	if !ok {
		return usageError{fmt.Sprintf("unknown command %q; run docent with no arguments for the list", cmd)}
	}
	return run(ctx, m, args)
}

// usage lists the subcommands.
func usage() string {
	var b strings.Builder
	b.WriteString("usage: docent <command> [flags] [arguments]\n\ncommands:\n")
	for _, c := range commandHelp {
		if _, ok := subcommands[c[0]]; ok {
			fmt.Fprintf(&b, "  %-8s %s\n", c[0], c[1])
		}
	}
	b.WriteString("\nrun 'docent <command> -h' for a command's flags")
	return b.String()
}

// subcommands maps a name to its implementation; each lives in its own file.
var subcommands = map[string]func(ctx context.Context, m *Main, args []string) error{
	"ask":     runAsk,
	"index":   runIndex,
	"sources": runSources,
	"eval":    runEval,
	"extract": runExtract,
	"version": runVersion,
	"serve":   runServe,
	"gaps":    runGaps,
}

// Close releases what Run opened (indexes); it is safe to call more than once.
func (m *Main) Close() error {
	m.mu.Lock()
	cs := m.closers
	m.closers = nil
	m.mu.Unlock()
	var errs []error
	for _, c := range slices.Backward(cs) {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// onClose registers c to be closed by Close.
func (m *Main) onClose(c io.Closer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closers = append(m.closers, c)
}

func (m *Main) stdout() io.Writer {
	if m.Stdout == nil {
		return io.Discard
	}
	return m.Stdout
}

func (m *Main) stderr() io.Writer {
	if m.Stderr == nil {
		return io.Discard
	}
	return m.Stderr
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C ends docent at once
	}()
	m := &Main{Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	err := m.Run(ctx)
	if cerr := m.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close: %w", cerr)
	}
	stop()
	os.Exit(exitCode(m.Stderr, err))
}

// exitCode prints err for a person and maps it to 0 (success), 1 (error) or 2 (usage).
func exitCode(stderr io.Writer, err error) int {
	if err == nil || errors.Is(err, errHelp) {
		return 0
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "docent: interrupted")
		return 1
	}
	fmt.Fprintln(stderr, "docent:", err)
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}
