package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Channel parents, for scopes by category. Interactions and messages name only their
// channel (discordgo v0.29 decodes no parent from them); a thread's parent channel and a
// channel's category come from the gateway's state cache, which GUILD_CREATE, CHANNEL_*
// and THREAD_* events fill, or else (HTTP interactions, a server not yet sent) from
// GET /channels/{id}, remembered for a while. A lookup that fails costs precision, never
// an answer: the server's scope applies.

const (
	parentLookupTimeout = time.Second      // longest a lookup may hold an answer back
	parentsTTL          = time.Hour        // how long a fetched parent is trusted; moves are rare
	parentsFailTTL      = 10 * time.Minute // how long a failed lookup is neither retried nor logged again
	parentsMax          = 10000            // fetched channels remembered
)

// channelInfo is what scopes need of a channel.
type channelInfo struct {
	parent string // a thread's channel, or a channel's category
	thread bool
}

// channelParents finds channels' parents: from the gateway's state, else from Discord.
type channelParents struct {
	state *discordgo.State
	fetch func(ctx context.Context, id string) (*discordgo.Channel, error)
	log   *slog.Logger
	now   func() time.Time

	mu      sync.Mutex
	fetched map[string]fetchedChannel
}

type fetchedChannel struct {
	info channelInfo
	ok   bool // false: the lookup failed
	at   time.Time
}

func newChannelParents(state *discordgo.State, fetch func(context.Context, string) (*discordgo.Channel, error), log *slog.Logger) *channelParents {
	return &channelParents{state: state, fetch: fetch, log: log, now: time.Now, fetched: map[string]fetchedChannel{}}
}

// newChannelState is the gateway's cache, shared by the shards. It keeps channels and
// threads only: all docent reads from it is a channel's parent.
func newChannelState() *discordgo.State {
	st := discordgo.NewState()
	st.TrackEmojis, st.TrackStickers, st.TrackMembers, st.TrackThreadMembers = false, false, false, false
	st.TrackRoles, st.TrackVoice, st.TrackPresences = false, false, false
	return st
}

// ancestors returns a channel's parent channel (when it is a thread) and its category
// (the parent channel's, for a thread); "" for what is unknown.
func (p *channelParents) ancestors(ctx context.Context, channel string) (parent, category string) {
	c, ok := p.lookup(ctx, channel)
	if !ok || !c.thread {
		return "", c.parent
	}
	pc, _ := p.lookup(ctx, c.parent)
	return c.parent, pc.parent
}

// lookup finds a channel's parent; false when neither the state nor Discord could tell.
func (p *channelParents) lookup(ctx context.Context, id string) (channelInfo, bool) {
	if id == "" {
		return channelInfo{}, false
	}
	if c, err := p.state.Channel(id); err == nil {
		p.state.RLock() // events update the channel in place
		defer p.state.RUnlock()
		return channelInfo{parent: c.ParentID, thread: c.IsThread()}, true
	}
	if f, ok := p.remembered(id); ok {
		return f.info, f.ok
	}
	fctx, cancel := context.WithTimeout(ctx, parentLookupTimeout)
	defer cancel()
	ch, err := p.fetch(fctx, id)
	switch {
	case ctx.Err() != nil:
		return channelInfo{}, false // shutting down: nothing learnt
	case err != nil:
		p.log.Warn("cannot look up a channel's parent; the server's scope applies there (may docent view the channel?)",
			"channel", id, "err", err, "retry_in", parentsFailTTL)
		p.remember(id, fetchedChannel{})
		return channelInfo{}, false
	}
	info := channelInfo{parent: ch.ParentID, thread: ch.IsThread()}
	p.remember(id, fetchedChannel{info: info, ok: true})
	return info, true
}

func (p *channelParents) remembered(id string) (fetchedChannel, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f, ok := p.fetched[id]
	if ok && p.expired(f) {
		delete(p.fetched, id)
		return fetchedChannel{}, false
	}
	return f, ok
}

func (p *channelParents) expired(f fetchedChannel) bool {
	ttl := parentsTTL
	if !f.ok {
		ttl = parentsFailTTL
	}
	return p.now().Sub(f.at) > ttl
}

// remember keeps f; when full it forgets the expired, else any one.
func (p *channelParents) remember(id string, f fetchedChannel) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f.at = p.now()
	if _, ok := p.fetched[id]; !ok && len(p.fetched) >= parentsMax {
		for k, v := range p.fetched {
			if p.expired(v) {
				delete(p.fetched, k)
			}
		}
		for k := range p.fetched {
			if len(p.fetched) < parentsMax {
				break
			}
			delete(p.fetched, k)
		}
	}
	p.fetched[id] = f
}

// fetchChannel asks Discord for a channel.
func (b *Bot) fetchChannel(ctx context.Context, id string) (*discordgo.Channel, error) {
	var ch *discordgo.Channel
	err := b.call(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		ch, err = b.rest.Channel(id, opts...)
		return err
	})
	return ch, err
}
