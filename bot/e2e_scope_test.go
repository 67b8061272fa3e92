package bot_test

import (
	"maps"
	"slices"
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

	cites := citations(t)
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

// citations returns a function that lists the bundled documents whose titles a reply's
// citations show.
func citations(t *testing.T) func(discordtest.Message) []string {
	titles := map[string]string{}
	for _, s := range retrievaltest.BundledIndex(t).Sources() {
		titles[s.DocID] = s.Title
	}
	return func(m discordtest.Message) (docs []string) {
		for id, title := range titles {
			if strings.Contains(m.Text(), "“"+title+"”") {
				docs = append(docs, id)
			}
		}
		return docs
	}
}

// categoryScopes gives server 3 the Afghanistan article, and its category 300 the
// embassy one.
func categoryScopes(t *testing.T) *bot.Scopes {
	t.Helper()
	scopes, err := bot.ParseScopes([]byte(`
guilds:
  "3":
    scope: [` + docAfghan + `]
    categories:
      "300": [` + docEmbassy + `]
`))
	if err != nil {
		t.Fatal(err)
	}
	return scopes
}

func TestE2EScopesByCategory(t *testing.T) {
	t.Parallel()
	scopes := categoryScopes(t)
	h := start(t, setup{cfg: bot.Config{RateLimit: -1, Community: bot.Community{Scopes: scopes}}})
	// Discord sends the server's channels when docent connects; one channel of the
	// category is created later and reaches docent only through GET /channels/{id}.
	h.fake.GuildCreate(0, "3",
		discordtest.Channel{ID: "300", Type: discordtest.ChannelCategory, Name: "team"},
		discordtest.Channel{ID: "301", Type: discordtest.ChannelText, ParentID: "300", Name: "team-chat"},
		discordtest.Channel{ID: "303", Type: discordtest.ChannelPublicThread, ParentID: "301", Name: "a thread"},
		discordtest.Channel{ID: "304", Type: discordtest.ChannelText, ParentID: "399", Name: "elsewhere"})
	h.fake.AddChannel(discordtest.Channel{ID: "302", Type: discordtest.ChannelText, GuildID: "3", ParentID: "300", Name: "new"})
	if id := h.fake.Identifies()[0]; id.Intents&(1<<0) == 0 {
		t.Errorf("IDENTIFY intents %b; want Guilds (1), which brings the channels", id.Intents)
	}

	cites := citations(t)
	for _, tc := range []struct{ name, channel, doc string }{
		{"channel of the category, from the gateway", "301", docEmbassy},
		{"channel of the category, fetched", "302", docEmbassy},
		{"thread in a channel of the category", "303", docEmbassy},
		{"channel of another category", "304", docAfghan},
		{"unknown channel: the server's scope", "305", docAfghan},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 2 { // the second time, the parent comes from memory
				_, a := h.finished(h.fake.Command(discordtest.Invoke{GuildID: "3", ChannelID: tc.channel}, "ask", opt("question", embassyQ)))
				if docs := cites(a); len(docs) == 0 || slices.ContainsFunc(docs, func(d string) bool { return d != tc.doc }) {
					t.Errorf("channel %s cited %v; want %s only:\n%s", tc.channel, docs, tc.doc, a.Text())
				}
			}
		})
	}
	fetched := map[string]int{}
	for _, r := range h.fake.Requests() {
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/channels/") {
			fetched[strings.TrimPrefix(r.Path, "/channels/")]++
		}
	}
	if want := map[string]int{"302": 1, "305": 1}; !maps.Equal(fetched, want) {
		t.Errorf("channels fetched %v; want %v (the others are in the gateway's state; each fetch remembered)", fetched, want)
	}
	if n := strings.Count(h.logs.String(), "cannot look up a channel's parent"); n != 1 {
		t.Errorf("the failed lookup of channel 305 was logged %d times; want once", n)
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
		{"categories", "guilds:\n  \"1\":\n    categories:\n      \"3\": [team/]\n", ""},
		{"category key", "guilds:\n  \"1\":\n    categories:\n      team: [a]\n", `line 4: category "team" is not a Discord id`},
		{"category not a list", "guilds:\n  \"1\":\n    categories:\n      \"3\": team/\n", "line 4: category 3 must be a list"},
		{"categories not a mapping", "guilds:\n  \"1\":\n    categories: [3]\n", "line 3: categories must be a mapping"},
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

// TestE2EArchivedThreadLeavesTheCache: the gateway's cache lets an archived thread go,
// so it holds the live threads rather than every thread seen; a question asked in the
// archived thread then finds its parent from Discord, and keeps its scope.
func TestE2EArchivedThreadLeavesTheCache(t *testing.T) {
	t.Parallel()
	scopes := categoryScopes(t)
	h := start(t, setup{cfg: bot.Config{RateLimit: -1, Community: bot.Community{Scopes: scopes}}})
	thread := discordtest.Channel{ID: "303", Type: discordtest.ChannelPublicThread, ParentID: "301", Name: "a thread", GuildID: "3"}
	h.fake.GuildCreate(0, "3",
		discordtest.Channel{ID: "300", Type: discordtest.ChannelCategory, Name: "team"},
		discordtest.Channel{ID: "301", Type: discordtest.ChannelText, ParentID: "300", Name: "team-chat"},
		thread)
	cites := citations(t)
	ask := func(step string) {
		t.Helper()
		_, a := h.finished(h.fake.Command(discordtest.Invoke{GuildID: "3", ChannelID: "303"}, "ask", opt("question", embassyQ)))
		if docs := cites(a); len(docs) == 0 || slices.ContainsFunc(docs, func(d string) bool { return d != docEmbassy }) {
			t.Errorf("%s: the thread cited %v; want %s only", step, docs, docEmbassy)
		}
	}
	fetches := func() int { return channelFetches(h.fake, "303") }
	ask("live thread")
	if n := fetches(); n != 0 {
		t.Fatalf("a live thread fetched %d times; want 0 (it is in the gateway's cache)", n)
	}
	h.fake.Dispatch(0, "THREAD_UPDATE", map[string]any{"id": "303", "type": discordtest.ChannelPublicThread,
		"guild_id": "3", "parent_id": "301", "name": "a thread", "thread_metadata": map[string]any{"archived": true}})
	h.fake.Wait(t, waitLong, "the archived thread asked about", func() bool {
		_, a := h.finished(h.fake.Command(discordtest.Invoke{GuildID: "3", ChannelID: "303"}, "ask", opt("question", embassyQ)))
		return len(cites(a)) > 0 && fetches() == 1
	})
	ask("archived thread")
}

// TestE2ELeftGuildLeavesTheCache: the channels of a guild docent leaves go from the shared
// gateway cache (discordgo keeps them), so a later question from one is looked up again;
// a guild that is only unavailable (an outage) keeps them.
func TestE2ELeftGuildLeavesTheCache(t *testing.T) {
	t.Parallel()
	scopes := categoryScopes(t)
	h := start(t, setup{cfg: bot.Config{RateLimit: -1, Community: bot.Community{Scopes: scopes}}})
	h.fake.GuildCreate(0, "3",
		discordtest.Channel{ID: "300", Type: discordtest.ChannelCategory, Name: "team"},
		discordtest.Channel{ID: "301", Type: discordtest.ChannelText, ParentID: "300", Name: "team-chat"})
	fetches := func() int { return channelFetches(h.fake, "301") }
	ask := func() {
		t.Helper()
		h.finished(h.fake.Command(discordtest.Invoke{GuildID: "3", ChannelID: "301"}, "ask", opt("question", embassyQ)))
	}
	ask()
	h.fake.Dispatch(0, "GUILD_DELETE", map[string]any{"id": "3", "unavailable": true})
	ask()
	if n := fetches(); n != 0 {
		t.Fatalf("the channel was fetched %d times while its guild was cached or only unavailable; want 0", n)
	}
	h.fake.GuildCreate(0, "3",
		discordtest.Channel{ID: "300", Type: discordtest.ChannelCategory, Name: "team"},
		discordtest.Channel{ID: "301", Type: discordtest.ChannelText, ParentID: "300", Name: "team-chat"})
	h.fake.Dispatch(0, "GUILD_DELETE", map[string]any{"id": "3"})
	h.fake.Wait(t, waitLong, "the channel of the guild left looked up again", func() bool {
		ask()
		return fetches() >= 1
	})
}

// channelFetches counts the GET /channels/{id} requests docent made of the fake.
func channelFetches(fake *discordtest.Server, id string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == "GET" && r.Path == "/channels/"+id {
			n++
		}
	}
	return n
}
