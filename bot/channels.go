package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
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
	parentFetchTimeout  = 10 * time.Second // longest a fetch may go on in the background
	parentsTTL          = time.Hour        // how long a fetched parent is trusted; moves are rare
	parentsFailTTL      = 10 * time.Minute // how long a refused lookup (403, 404) is neither retried nor logged again
	parentsRetryTTL     = 30 * time.Second // the same for a lookup that failed otherwise (timeout, 5xx): soon retried
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
	pending map[string]*pendingLookup // one fetch per channel at a time, shared by who asks
}

type fetchedChannel struct {
	info    channelInfo
	ok      bool // false: the lookup failed
	refused bool // Discord refused it (403, 404): not soon worth asking again
	at      time.Time
}

// pendingLookup is a fetch under way; done is closed when info and ok are set.
type pendingLookup struct {
	done chan struct{}
	info channelInfo
	ok   bool
}

func newChannelParents(state *discordgo.State, fetch func(context.Context, string) (*discordgo.Channel, error), log *slog.Logger) *channelParents {
	return &channelParents{state: state, fetch: fetch, log: log, now: time.Now,
		fetched: map[string]fetchedChannel{}, pending: map[string]*pendingLookup{}}
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
	// The fetch goes on in the background: discordgo waits out a rate limit without
	// looking at ctx, and what it learns serves the next question even when this one
	// could not wait for it.
	pl := p.start(id)
	t := time.NewTimer(parentLookupTimeout)
	defer t.Stop()
	select {
	case <-pl.done:
		return pl.info, pl.ok
	case <-t.C:
		return channelInfo{}, false
	case <-ctx.Done():
		return channelInfo{}, false
	}
}

// start returns the fetch of id under way, starting one when there is none.
func (p *channelParents) start(id string) *pendingLookup {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pl, ok := p.pending[id]; ok {
		return pl
	}
	pl := &pendingLookup{done: make(chan struct{})}
	p.pending[id] = pl
	go p.fetchParent(id, pl)
	return pl
}

// fetchParent asks Discord for channel id, remembers what it learnt and ends pl.
func (p *channelParents) fetchParent(id string, pl *pendingLookup) {
	ctx, cancel := context.WithTimeout(context.Background(), parentFetchTimeout)
	defer cancel()
	ch, err := p.fetch(ctx, id)
	f := fetchedChannel{}
	if err != nil {
		var re *discordgo.RESTError
		f.refused = errors.As(err, &re) && re.Response != nil &&
			(re.Response.StatusCode == http.StatusForbidden || re.Response.StatusCode == http.StatusNotFound)
		retry := parentsRetryTTL
		if f.refused {
			retry = parentsFailTTL
		}
		p.log.Warn("cannot look up a channel's parent; the server's scope applies there (may docent view the channel?)",
			"channel", id, "err", err, "retry_in", retry)
	} else {
		f.info, f.ok = channelInfo{parent: ch.ParentID, thread: ch.IsThread()}, true
	}
	p.remember(id, f)
	p.mu.Lock()
	delete(p.pending, id)
	p.mu.Unlock()
	pl.info, pl.ok = f.info, f.ok
	close(pl.done)
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
	switch {
	case f.refused:
		ttl = parentsFailTTL
	case !f.ok:
		ttl = parentsRetryTTL
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
