package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docent-bot/docent/bot"
)

func TestCheckCommunity(t *testing.T) {
	corpusDir := t.TempDir()
	file := filepath.Join(corpusDir, "corpus.jsonl")
	os.WriteFile(file, []byte("{}\n"), 0o644)
	scopes := filepath.Join(corpusDir, "scopes.yaml")
	os.WriteFile(scopes, []byte("default: [faq/]\nguilds:\n  server: {}\n"), 0o644)
	for _, tc := range []struct {
		name string
		cfg  Config
		want string // a problem containing this; "" for none
	}{
		{"off", Config{AutoRate: 6}, ""},
		{"faq inside corpus", Config{CorpusDir: corpusDir, FAQDir: filepath.Join(corpusDir, "faq"), FAQRole: "123"}, ""},
		{"faq is the corpus", Config{CorpusDir: corpusDir, FAQDir: corpusDir}, ""},
		{"faq outside corpus", Config{CorpusDir: corpusDir, FAQDir: t.TempDir()}, "must be inside DOCENT_CORPUS_DIR"},
		{"faq with the bundled corpus", Config{FAQDir: t.TempDir()}, "must be inside DOCENT_CORPUS_DIR"},
		{"faq beside a single-file corpus", Config{CorpusDir: file, FAQDir: filepath.Join(corpusDir, "faq")}, "must be inside"},
		{"climbing out", Config{CorpusDir: corpusDir, FAQDir: filepath.Join(corpusDir, "..", "x")}, "must be inside"},
		{"role not an id", Config{CorpusDir: corpusDir, FAQDir: corpusDir, FAQRole: "mods"}, "DOCENT_FAQ_ROLE=\"mods\" is not a Discord id"},
		{"role without folder", Config{FAQRole: "123"}, "DOCENT_FAQ_DIR is not"},
		{"help", Config{HelpRole: "1", HelpChannel: "2"}, ""},
		{"help role alone", Config{HelpRole: "1"}, "go together"},
		{"help channel alone", Config{HelpChannel: "2"}, "go together"},
		{"help channel a name", Config{HelpRole: "1", HelpChannel: "#help"}, "DOCENT_HELP_CHANNEL=\"#help\" is not a Discord id"},
		{"scopes invalid", Config{Scopes: scopes}, `line 3: server "server" is not a Discord id`},
		{"scopes missing", Config{Scopes: scopes + ".x"}, "DOCENT_SCOPES="},
		{"auto", Config{AutoChannels: []string{"1", " 2"}, AutoConfidence: 0.6, AutoReact: "🤔", AutoRate: 6}, ""},
		{"auto channel a name", Config{AutoChannels: []string{"help"}, AutoRate: 6}, "DOCENT_AUTO_CHANNELS=\"help\" is not a Discord id"},
		{"auto confidence above 1", Config{AutoConfidence: 1.5, AutoRate: 6}, "DOCENT_AUTO_CONFIDENCE must be between 0 and 1"},
		{"auto rate negative", Config{AutoRate: -1}, "DOCENT_AUTO_RATE must be 1 or more"},
		{"auto react two emoji", Config{AutoReact: "🤔 👀", AutoRate: 6}, "is not one emoji"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probs := &configProblems{}
			checkCommunity(tc.cfg, probs)
			err := probs.err()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("checkCommunity(%+v) = %v; want no problem", tc.cfg, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("checkCommunity(%+v) = %v; want a problem with %q", tc.cfg, err, tc.want)
			}
		})
	}
}

func TestCommunityConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want func(bot.Community) bool
	}{
		{"threads off by default", Config{}, func(c bot.Community) bool { return !c.AskThreads && !c.MessageContent }},
		{"threads", Config{AskThreads: true}, func(c bot.Community) bool { return c.AskThreads }},
		{"threads with message content", Config{AskThreads: true, MessageContent: true},
			func(c bot.Community) bool { return c.AskThreads && c.MessageContent }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := communityConfig(tc.cfg); !tc.want(got) {
				t.Errorf("communityConfig(%+v) = %+v", tc.cfg, got)
			}
		})
	}
}
