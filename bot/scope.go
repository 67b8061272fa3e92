package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/docent-bot/docent/retrieval"
)

// Scopes map servers, categories and channels to parts of the corpus (DOCENT_SCOPES): a
// question is answered only from its channel's scope, and /sources and autocomplete list
// only its documents. A scope is a list of entries: a document id, a sub-folder ending in
// "/", or "tag:NAME" (see retrieval.InScope). The file, in YAML:
//
//	default: [public/]            # DMs and servers not listed; absent: the whole corpus
//	guilds:
//	  "111":                      # a server id
//	    scope: [team-a/, tag:faq] # its channels not listed below; absent: default
//	    categories:
//	      "333": [team-a/ops/]    # the channels of a category, and their threads
//	    channels:
//	      "222": [team-a/billing/] # a channel (or forum) id, and its threads
//
// The most specific entry wins: the channel (or thread) itself, then a thread's parent
// channel, then the category, then the server, then default.
type Scopes struct {
	Default []string
	Guilds  map[string]GuildScope
}

// GuildScope is one server's share of Scopes.
type GuildScope struct {
	Scope      []string
	Categories map[string][]string
	Channels   map[string][]string
}

// of returns the scope of a channel of a guild ("" for a DM); nil: the whole corpus.
// ancestors gives the channel's parent channel (when it is a thread) and its category; it
// is called only when a parent could decide, since finding them may ask Discord.
func (s *Scopes) of(guild, channel string, ancestors func() (parent, category string)) []string {
	if s == nil {
		return nil
	}
	g, ok := s.Guilds[guild]
	if guild == "" || !ok {
		return s.Default
	}
	if c, ok := g.Channels[channel]; ok {
		return c
	}
	if len(g.Channels) > 0 || len(g.Categories) > 0 {
		parent, category := ancestors()
		if c, ok := g.Channels[parent]; ok && parent != "" {
			return c
		}
		if c, ok := g.Categories[category]; ok && category != "" {
			return c
		}
	}
	if g.Scope != nil {
		return g.Scope
	}
	return s.Default
}

// needsParents tells whether some channel's scope depends on its parent or category, so
// that docent must learn the servers' channels (the Guilds intent).
func (s *Scopes) needsParents() bool {
	if s == nil {
		return false
	}
	for _, g := range s.Guilds {
		if len(g.Channels) > 0 || len(g.Categories) > 0 {
			return true
		}
	}
	return false
}

// ParseScopes reads a scopes file; every problem is reported with its line.
func ParseScopes(data []byte) (*Scopes, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("scopes: %w", err)
	}
	p := &scopeParser{}
	s := &Scopes{Guilds: map[string]GuildScope{}}
	if len(root.Content) == 1 {
		p.mapping(root.Content[0], "the file", func(k string, v *yaml.Node) {
			switch k {
			case "default":
				s.Default = p.list(v, "default")
			case "guilds":
				p.mapping(v, "guilds", func(id string, g *yaml.Node) {
					p.id(g, id, "server")
					var gs GuildScope
					p.mapping(g, "server "+id, func(k string, v *yaml.Node) {
						switch k {
						case "scope":
							gs.Scope = p.list(v, "scope")
						case "categories":
							gs.Categories = p.ids(v, "categories", "category")
						case "channels":
							gs.Channels = p.ids(v, "channels", "channel")
						default:
							p.fail(v, "unknown key %q in server %s (want scope, categories or channels)", k, id)
						}
					})
					s.Guilds[id] = gs
				})
			default:
				p.fail(v, "unknown key %q (want default or guilds)", k)
			}
		})
	}
	if len(p.problems) > 0 {
		return nil, fmt.Errorf("scopes: %s", strings.Join(p.problems, "; "))
	}
	return s, nil
}

type scopeParser struct{ problems []string }

func (p *scopeParser) fail(n *yaml.Node, format string, args ...any) {
	p.problems = append(p.problems, fmt.Sprintf("line %d: ", n.Line)+fmt.Sprintf(format, args...))
}

func (p *scopeParser) mapping(n *yaml.Node, what string, each func(k string, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.fail(n, "%s must be a mapping", what)
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		each(n.Content[i].Value, n.Content[i+1])
	}
}

func (p *scopeParser) id(n *yaml.Node, id, what string) {
	if id == "" || strings.Trim(id, "0123456789") != "" {
		p.fail(n, "%s %q is not a Discord id (quote it, and copy it with Developer Mode: right click → Copy ID)", what, id)
	}
}

// ids reads a mapping of Discord ids (of kind what) to scopes.
func (p *scopeParser) ids(n *yaml.Node, key, what string) map[string][]string {
	out := map[string][]string{}
	p.mapping(n, key, func(id string, v *yaml.Node) {
		p.id(v, id, what)
		out[id] = p.list(v, what+" "+id)
	})
	return out
}

func (p *scopeParser) list(n *yaml.Node, what string) []string {
	if n.Kind != yaml.SequenceNode {
		p.fail(n, "%s must be a list of document ids, folders ending in / or tag:NAME", what)
		return nil
	}
	out := []string{} // an empty list is an empty scope, not the whole corpus
	for _, e := range n.Content {
		v := strings.TrimSpace(e.Value)
		if e.Kind != yaml.ScalarNode || v == "" || v == "tag:" {
			p.fail(e, "%s: an entry must be a document id, a folder ending in / or tag:NAME", what)
			continue
		}
		out = append(out, v)
	}
	return out
}

type scopeKey struct{}

// lazyScope is a channel's scope, resolved when first needed: finding the channel's
// parent may ask Discord, which must not delay an interaction's first response, nor
// happen for a click that needs no scope.
type lazyScope struct {
	once    sync.Once
	resolve func() []string
	scope   []string
}

// withScope puts the scope of a guild's channel in ctx, for query and sources.
func (b *Bot) withScope(ctx context.Context, guild, channel string) context.Context {
	if b.cfg.Scopes == nil {
		return ctx
	}
	return context.WithValue(ctx, scopeKey{}, &lazyScope{resolve: func() []string {
		return b.cfg.Scopes.of(guild, channel, func() (string, string) { return b.parents.ancestors(ctx, channel) })
	}})
}

func scopeOf(ctx context.Context) ([]string, bool) {
	l, ok := ctx.Value(scopeKey{}).(*lazyScope)
	if !ok {
		return nil, false
	}
	l.once.Do(func() { l.scope = l.resolve() })
	return l.scope, true
}

// sources lists the documents of ctx's scope.
func (b *Bot) sources(ctx context.Context) []retrieval.Source {
	all := b.lib.Sources()
	scope, ok := scopeOf(ctx)
	if !ok || scope == nil {
		return all
	}
	var out []retrieval.Source
	for _, s := range all {
		if retrieval.InScope(s.DocID, s.Tags, scope) {
			out = append(out, s)
		}
	}
	return out
}
