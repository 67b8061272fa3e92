package bot_test

import (
	"strings"
	"testing"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/retrieval/retrievaltest"
)

const (
	docAfghan  = "000_bcba7ea90fc38e5c.txt"
	docEmbassy = "002_0ae4c268afa050ca.txt"
)

func TestE2EScopesAcrossGuilds(t *testing.T) {
	t.Parallel()
	scopes, err := bot.ParseScopes([]byte(`
default: []
guilds:
  "1":
    scope: [` + docAfghan + `]
  "2":
    scope: [` + docEmbassy + `]
    channels:
      "29": [nowhere/]
`))
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, setup{cfg: bot.Config{Community: bot.Community{Scopes: scopes}}})
	g1 := discordtest.Invoke{GuildID: "1", ChannelID: "11"}
	g2 := discordtest.Invoke{GuildID: "2", ChannelID: "21"}

	titles := map[string]string{}
	for _, s := range retrievaltest.BundledIndex(t).Sources() {
		titles[s.DocID] = s.Title
	}
	// cites lists the documents whose titles a reply's citations show.
	cites := func(m discordtest.Message) (docs []string) {
		for id, title := range titles {
			if strings.Contains(m.Text(), "“"+title+"”") {
				docs = append(docs, id)
			}
		}
		return docs
	}
	for _, tc := range []struct {
		who discordtest.Invoke
		doc string
	}{{g1, docAfghan}, {g2, docEmbassy}} {
		_, a := h.finished(h.fake.Command(tc.who, "ask", opt("question", embassyQ)))
		for _, d := range cites(a) {
			if d != tc.doc {
				t.Errorf("server %s (scope %s) cited %s:\n%s", tc.who.GuildID, tc.doc, d, a.Text())
			}
		}
		if tc.doc == docEmbassy && (len(a.Embeds) == 0 || !strings.Contains(a.Embeds[0].Description, "**Answer:**")) {
			t.Errorf("server 2 did not answer from its scope:\n%s", a.Text())
		}
	}
	_, a3 := h.finished(h.fake.Command(discordtest.Invoke{GuildID: "2", ChannelID: "29"}, "ask", opt("question", embassyQ)))
	if !strings.Contains(a3.Content, "couldn't find") {
		t.Errorf("a channel with an empty scope answered:\n%s", a3.Text())
	}
	_, dm := h.finished(h.fake.Command(discordtest.Invoke{}, "ask", opt("question", embassyQ)))
	if !strings.Contains(dm.Content, "couldn't find") {
		t.Errorf("a DM with an empty default scope answered:\n%s", dm.Text())
	}

	for _, tc := range []struct {
		who       discordtest.Invoke
		want, not string
	}{{g1, "Afghanistan", "Tehran"}, {g2, "Tehran", "Afghanistan"}} {
		_, src := h.finished(h.fake.Command(tc.who, "sources"))
		if !strings.Contains(src.Text(), "1 document") && strings.Count(src.Text(), "\n") > 20 {
			t.Errorf("/sources in server %s lists more than its scope:\n%s", tc.who.GuildID, src.Text())
		}
		ac := h.fake.Autocomplete(tc.who, "ask", opt("question", "x"), discordtest.Option{Name: "source", Type: 3, Value: "", Focused: true})
		h.fake.Wait(t, waitLong, "autocomplete", func() bool { in, _ := h.fake.Interaction(ac); return len(in.Callbacks) > 0 })
		cs := h.fake.Choices(ac)
		if len(cs) != 1 {
			t.Errorf("autocomplete in server %s = %+v; want its one document", tc.who.GuildID, cs)
		}
	}
	checkSafe(t, h.fake)
}

func TestParseScopes(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string // want: a problem containing this; "" none
	}{
		{"ok", "default: [faq/]\nguilds:\n  \"1\":\n    scope: [a.txt, tag:x]\n    channels:\n      \"2\": [b/]\n", ""},
		{"empty file", "", ""},
		{"unknown key", "default: [a]\nguild: {}\n", `line 2: unknown key "guild"`},
		{"guild not an id", "guilds:\n  myserver:\n    scope: [a]\n", `line 3: server "myserver" is not a Discord id`},
		{"scope not a list", "guilds:\n  \"1\":\n    scope: a.txt\n", "line 3: scope must be a list"},
		{"empty entry", "default: [\"\", tag:]\n", "line 1: default: an entry must be"},
		{"channel key", "guilds:\n  \"1\":\n    channels:\n      general: [a]\n", `line 4: channel "general" is not a Discord id`},
		{"bad yaml", "default: [a\n", "scopes: yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bot.ParseScopes([]byte(tc.yaml))
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("ParseScopes(%q) = %v; want no problem", tc.yaml, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("ParseScopes(%q) = %v; want a problem with %q", tc.yaml, err, tc.want)
			}
		})
	}
}
