package main

import (
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

// communityConfig is the bot's share of the community settings.
func communityConfig(cfg Config) bot.Community {
	return bot.Community{FAQDir: cfg.FAQDir, FAQRole: cfg.FAQRole, HelpRole: cfg.HelpRole, HelpChannel: cfg.HelpChannel}
}
