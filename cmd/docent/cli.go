package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// command is what a subcommand starts from: the configuration read once from the
// environment, its flags (which override the environment) and, once parsed, a logger.
type command struct {
	m       *Main
	name    string
	usage   string // the synopsis: "docent ask [flags] QUESTION..."
	summary string // what the command does, for -h
	fs      *flag.FlagSet
	cfg     Config
	probs   *configProblems
	fields  map[string]string // Config field → the flag that overrides it
	// NoConfig skips checking the configuration, for commands that do not use it.
	NoConfig bool
	// Quiet keeps the log at warnings unless DOCENT_LOG_LEVEL says otherwise: the default
	// for terminal commands, whose output is their answer.
	Quiet bool
	Log   *slog.Logger // set by parse
}

// newCommand reads the configuration and starts a flag set for subcommand name.
func (m *Main) newCommand(name, usage, summary string) *command {
	cfg, probs := loadConfig(m.Env)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse errors are returned, help is printed by parse
	fs.Usage = func() {}
	return &command{m: m, name: name, usage: usage, summary: summary, fs: fs, cfg: cfg,
		probs: probs, fields: map[string]string{}, Quiet: true}
}

func (c *command) stringVar(p *string, field, name, help string) {
	c.fields[field] = name
	c.fs.StringVar(p, name, *p, help)
}

func (c *command) intVar(p *int, field, name, help string) {
	c.fields[field] = name
	c.fs.IntVar(p, name, *p, help)
}

func (c *command) floatVar(p *float64, field, name, help string) {
	c.fields[field] = name
	c.fs.Float64Var(p, name, *p, help)
}

// corpusFlags adds --corpus and --index.
func (c *command) corpusFlags() {
	c.stringVar(&c.cfg.CorpusDir, "CorpusDir", "corpus",
		"`folder` of documents to answer from, or one file (default: the bundled corpus; DOCENT_CORPUS_DIR)")
	c.stringVar(&c.cfg.IndexDir, "IndexDir", "index",
		"`folder` of the search index (default: one per corpus under the user cache folder; DOCENT_INDEX_DIR)")
}

// parse parses args (flags may come before, between or after the arguments; "--" ends
// them), checks the whole configuration and builds the logger. It returns the arguments
// left, errHelp once help is printed, or an error listing every problem.
func (c *command) parse(args []string) ([]string, error) {
	var rest []string
	for {
		if err := c.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.printHelp(c.m.stdout())
				return nil, errHelp
			}
			return nil, usageError{fmt.Sprintf("%s: %v\nusage: %s\nrun 'docent %s -h' for its flags",
				c.name, err, c.usage, c.name)}
		}
		args = c.fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			rest = append(rest, args[1:]...)
			break
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
	if c.NoConfig {
		c.Log = c.m.logger(Config{}, c.Quiet)
		return rest, nil
	}
	set := map[string]bool{}
	c.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	c.cfg.check(c.probs, func(field string) (string, bool) {
		name, ok := c.fields[field]
		return name, ok && set[name]
	})
	if err := c.probs.err(); err != nil {
		return nil, err
	}
	c.Log = c.m.logger(c.cfg, c.Quiet)
	return rest, nil
}

// usageErr is a usage error about this command's arguments.
func (c *command) usageErr(format string, args ...any) error {
	return usageError{fmt.Sprintf("%s: %s\nusage: %s", c.name, fmt.Sprintf(format, args...), c.usage)}
}

func (c *command) printHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: %s\n\n%s\n", c.usage, c.summary)
	n := 0
	c.fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nflags:")
		c.fs.SetOutput(w)
		c.fs.PrintDefaults()
		c.fs.SetOutput(io.Discard)
	}
}

// logger builds the logger cfg asks for, writing to Stderr; m.Logger wins when set. Quiet
// lowers the default level to warnings when DOCENT_LOG_LEVEL is not set.
func (m *Main) logger(cfg Config, quiet bool) *slog.Logger {
	if m.Logger != nil {
		return m.Logger
	}
	level, _ := parseLevel(cfg.LogLevel)
	if quiet && lookupEnv(m.Env, "DOCENT_LOG_LEVEL") == "" {
		level = slog.LevelWarn
	}
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(cfg.LogFormat, "json") {
		return slog.New(slog.NewJSONHandler(m.stderr(), opts))
	}
	if quiet { // a terminal command: its warnings need no time stamp
		opts.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		}
	}
	return slog.New(slog.NewTextHandler(m.stderr(), opts))
}

// indexDir is where the index of cfg's corpus lives: DOCENT_INDEX_DIR when set, else a
// folder per corpus under the user cache folder (so two corpora never share an index).
func (m *Main) indexDir(cfg Config) (string, error) {
	if cfg.IndexDir != "" {
		return cfg.IndexDir, nil
	}
	cache := lookupEnv(m.Env, "XDG_CACHE_HOME")
	if cache == "" || !filepath.IsAbs(cache) {
		var err error
		if cache, err = os.UserCacheDir(); err != nil {
			return "", fmt.Errorf("no folder for the index: set DOCENT_INDEX_DIR (%w)", err)
		}
	}
	base := filepath.Join(cache, "docent", "index")
	if cfg.CorpusDir == "" {
		return filepath.Join(base, "bundled"), nil
	}
	abs, err := filepath.Abs(cfg.CorpusDir)
	if err != nil {
		return "", fmt.Errorf("corpus folder %s: %w", cfg.CorpusDir, err)
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(base, filepath.Base(abs)+"-"+hex.EncodeToString(sum[:6])), nil
}

// dataDir is where docent keeps its own data (feedback, unanswered questions):
// DOCENT_DATA_DIR when set, else $XDG_DATA_HOME/docent or ~/.local/share/docent.
func (m *Main) dataDir(cfg Config) (string, error) {
	if cfg.DataDir != "" {
		return cfg.DataDir, nil
	}
	if d := lookupEnv(m.Env, "XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "docent"), nil
	}
	home := lookupEnv(m.Env, "HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("no folder for docent's data: set DOCENT_DATA_DIR (%w)", err)
		}
	}
	return filepath.Join(home, ".local", "share", "docent"), nil
}
