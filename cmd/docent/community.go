package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/docent-bot/docent/bot"
)

// checkCommunity adds to probs every problem of the community settings (serve only).
func checkCommunity(cfg Config, probs *configProblems) {
	snowflake := func(name, v string) {
		if v != "" && strings.Trim(v, "0123456789") != "" {
			probs.add(false, "%s=%q is not a Discord id (copy it with Developer Mode: right click → Copy ID)", name, v)
		}
	}
	snowflake("DOCENT_FAQ_ROLE", cfg.FAQRole)
	snowflake("DOCENT_HELP_ROLE", cfg.HelpRole)
	snowflake("DOCENT_HELP_CHANNEL", cfg.HelpChannel)
	for _, id := range cfg.AutoChannels {
		snowflake("DOCENT_AUTO_CHANNELS", strings.TrimSpace(id))
	}
	if c := cfg.AutoConfidence; c < 0 || c > 1 || math.IsNaN(c) {
		probs.add(false, "DOCENT_AUTO_CONFIDENCE must be between 0 and 1 (0: answer only what docent is confident of), not %v", c)
	}
	if cfg.AutoRate < 0 {
		probs.add(false, "DOCENT_AUTO_RATE must be 1 or more questions per channel per minute, not %d", cfg.AutoRate)
	}
	if r := cfg.AutoReact; r != "" && (strings.ContainsAny(r, " ,/") || len(r) > 100) {
		probs.add(false, "DOCENT_AUTO_REACT=%q is not one emoji (a Unicode emoji such as 🤔, or name:id of a server emoji)", r)
	}
	if cfg.Scopes != "" {
		if _, err := readScopes(cfg.Scopes); err != nil {
			probs.add(false, "DOCENT_SCOPES=%s: %v", cfg.Scopes, err)
		}
	}
	if (cfg.HelpRole == "") != (cfg.HelpChannel == "") {
		probs.add(false, "DOCENT_HELP_ROLE and DOCENT_HELP_CHANNEL go together: set both to offer \"Ask a human\", or neither")
	}
	if cfg.FAQRole != "" && cfg.FAQDir == "" {
		probs.add(false, "DOCENT_FAQ_ROLE is set but DOCENT_FAQ_DIR is not: saving answers needs a folder")
	}
	if cfg.FAQDir != "" {
		if !inside(cfg.FAQDir, cfg.CorpusDir) {
			probs.add(false, "DOCENT_FAQ_DIR=%s must be inside DOCENT_CORPUS_DIR (%s): saved answers are indexed from the corpus folder", cfg.FAQDir, orBundled(cfg.CorpusDir))
		}
	}
}

// inside tells whether dir is corpus or a folder below it; false for the bundled corpus or
// a single-file corpus.
func inside(dir, corpus string) bool {
	if corpus == "" {
		return false
	}
	if fi, err := os.Stat(corpus); err == nil && !fi.IsDir() {
		return false
	}
	d, err1 := filepath.Abs(dir)
	c, err2 := filepath.Abs(corpus)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(c, d)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// readScopes reads and checks the DOCENT_SCOPES file; "" is no scopes.
func readScopes(path string) (*bot.Scopes, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scopes: %w", err)
	}
	return bot.ParseScopes(data)
}

// communityConfig is the bot's share of the community settings (the scopes file was
// checked at start).
func communityConfig(cfg Config) bot.Community {
	scopes, _ := readScopes(cfg.Scopes)
	return bot.Community{FAQDir: cfg.FAQDir, FAQRole: cfg.FAQRole, HelpRole: cfg.HelpRole, HelpChannel: cfg.HelpChannel,
		AutoChannels: cfg.AutoChannels, AutoConfidence: cfg.AutoConfidence, AutoReact: cfg.AutoReact,
		AutoRate: cfg.AutoRate, MessageContent: cfg.MessageContent, AskThreads: cfg.AskThreads, Scopes: scopes}
}
