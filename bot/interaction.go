package bot

import (
	"context"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/bot/feedback"
	"github.com/docent-bot/docent/retrieval"
)

// HandleInteraction serves one interaction: slash command, autocomplete or button. The
// first response goes through r within Discord's 3 seconds (slow work is deferred, then
// edited in over REST). It never panics; failures are logged with the interaction id and
// the user gets a short ephemeral message. ctx bounds the whole interaction and must
// outlive the transport's request (see InlineResponder).
func (b *Bot) HandleInteraction(ctx context.Context, i *discordgo.Interaction, r Responder) {
	c := &call{b: b, i: i, r: r, start: time.Now(), surface: SurfaceSlash,
		log: b.log.With("interaction", i.ID, "user", interactionUser(i))}
	defer func() {
		if p := recover(); p != nil {
			b.obs.Error("panic")
			c.log.Error("panic while handling an interaction", "panic", p, "stack", string(debug.Stack()))
			c.say(ctx, msgError)
		}
	}()
	c.log.Debug("interaction received", "type", i.Type)
	ctx = b.withScope(ctx, i.GuildID, i.ChannelID)
	if problem := checkInteraction(i); problem != "" {
		b.malformed(ctx, c, problem)
		return
	}
	switch i.Type {
	case discordgo.InteractionPing:
		r.Respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.autocomplete(ctx, c) // cheap, and Discord shows nothing for an unanswered one
		return
	}
	if !b.begin() {
		c.say(ctx, msgShuttingDown)
		return
	}
	defer b.end()
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		b.command(ctx, c)
	case discordgo.InteractionMessageComponent:
		c.surface = SurfaceButton
		b.component(ctx, c)
	case discordgo.InteractionModalSubmit:
		c.surface = SurfaceButton
		b.modalSubmit(ctx, c)
	default:
		c.log.Warn("unsupported interaction type", "type", i.Type)
		c.say(ctx, "I can't handle that kind of interaction.")
	}
}

func (b *Bot) command(ctx context.Context, c *call) {
	data := c.i.ApplicationCommandData()
	if b.messageCommand(ctx, c, data) {
		return
	}
	opts := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, o := range data.Options {
		opts[o.Name] = o
	}
	str := func(name string) string {
		if o, ok := opts[name]; ok && o.Type == discordgo.ApplicationCommandOptionString {
			return o.StringValue()
		}
		return ""
	}
	switch data.Name {
	case "ask":
		flag := func(name string) *bool {
			if o, ok := opts[name]; ok && o.Type == discordgo.ApplicationCommandOptionBoolean {
				v := o.BoolValue()
				return &v
			}
			return nil
		}
		public, thread := askMode(c.i.GuildID != "", flag("public"), flag("thread"), b.cfg.AskThreads)
		b.ask(ctx, c, str("question"), str("source"), public, thread)
	case "search":
		b.search(ctx, c, str("query"), str("source"))
	case "sources":
		c.respond(ctx, renderSources(b.sources(ctx)))
	case "help":
		c.respond(ctx, renderHelp(b.sources(ctx)))
	case "reindex":
		b.runReindex(ctx, c)
	default:
		c.log.Warn("unknown command", "name", data.Name)
		c.say(ctx, "I don't know that command; it may be left over from an older version. Try `/help`.")
	}
}

// admit checks the question and the user's rate limit, answering the user when either
// refuses it.
func (b *Bot) admit(ctx context.Context, c *call, question, source string) (state, bool) {
	q, problem := checkQuestion(question)
	if problem == "" {
		var id string
		id, _, problem = b.resolveSource(ctx, source)
		if problem == "" {
			if ok, wait := b.limiter.allow(c.userID()); !ok {
				c.say(ctx, msgSlowDown(waitSeconds(wait)))
				c.outcome(OutcomeRateLimited, 0)
				return state{}, false
			}
			return state{Question: q, DocID: id}, true
		}
	}
	c.say(ctx, problem)
	c.outcome(OutcomeInvalid, 0)
	return state{}, false
}

func (b *Bot) ask(ctx context.Context, c *call, question, source string, public, thread bool) {
	if c.i.GuildID == "" && c.i.ChannelID != "" {
		b.conversations().drop(c.i.ChannelID) // /ask in a DM starts afresh
	}
	st, ok := b.admit(ctx, c, question, source)
	if !ok || c.deferReply(ctx, !public) != nil {
		return
	}
	res, lat, err := b.query(ctx, retrieval.Query{Text: queryText(st.Question), K: b.cfg.PageSize, DocID: st.DocID})
	if err != nil {
		msg, o := b.userError(c.log, err)
		c.say(ctx, msg)
		c.outcome(o, lat)
		return
	}
	if res.NoAnswer || len(res.Passages) == 0 {
		b.noAnswer(ctx, st, c.userID(), c.i.GuildID, c.surface, passageIDsOf(res))
		c.edit(ctx, b.noAnswerReply(st, !public))
		c.outcome(OutcomeNoAnswer, lat)
		return
	}
	m, err := c.edited(ctx, renderAnswer(res, answerView{State: st, SourceTitle: b.sourceTitle(ctx, st.DocID), Ephemeral: !public,
		PageSize: b.cfg.PageSize, FollowUp: true, AskHuman: res.Hedged && b.helpOn()}))
	c.outcome(answeredOutcome(res), lat)
	if err == nil && thread {
		b.openThread(ctx, c, m, conversation{Question: st.Question, DocID: st.DocID, Cited: topDoc(res)})
	}
}

const searchPage = 10

func (b *Bot) search(ctx context.Context, c *call, query, source string) {
	st, ok := b.admit(ctx, c, query, source)
	if !ok || c.deferReply(ctx, true) != nil {
		return
	}
	st.Search = true
	b.searchPage(ctx, c, st)
}

// searchPage runs and renders one page of a search into the acknowledged interaction.
func (b *Bot) searchPage(ctx context.Context, c *call, st state) {
	res, lat, err := b.query(ctx, retrieval.Query{Text: queryText(st.Question), K: searchPage, Offset: st.Page * searchPage, DocID: st.DocID})
	if err != nil {
		msg, o := b.userError(c.log, err)
		c.say(ctx, msg)
		c.outcome(o, lat)
		return
	}
	r := renderSearch(res, st, b.sourceTitle(ctx, st.DocID), searchPage)
	if len(res.Passages) == 0 {
		c.say(ctx, r.Content)
		c.outcome(OutcomeNoAnswer, lat)
		return
	}
	c.edit(ctx, r)
	c.outcome(OutcomeAnswered, lat)
}

func (b *Bot) autocomplete(ctx context.Context, c *call) {
	var value string
	for _, o := range c.i.ApplicationCommandData().Options {
		if o.Focused && o.Type == discordgo.ApplicationCommandOptionString {
			value = o.StringValue()
		}
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, ch := range b.sourceChoices(ctx, value) {
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: ch.Name, Value: ch.Value})
	}
	err := c.r.Respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices}})
	if err != nil {
		b.obs.Error("respond")
		c.log.Error("answer autocomplete", "err", err)
	}
}

func (b *Bot) component(ctx context.Context, c *call) {
	id := c.i.MessageComponentData().CustomID
	switch {
	case strings.HasPrefix(id, idMore):
		b.more(ctx, c, strings.TrimPrefix(id, idMore))
	case strings.HasPrefix(id, idFollow):
		c.showModal(ctx, followUpModal(strings.TrimPrefix(id, idFollow)))
	case strings.HasPrefix(id, idSearch):
		b.searchMore(ctx, c, strings.TrimPrefix(id, idSearch))
	case strings.HasPrefix(id, idFullRank):
		b.fullByRank(ctx, c, strings.TrimPrefix(id, idFullRank))
	case strings.HasPrefix(id, idFull):
		p, ok := b.lib.Passage(strings.TrimPrefix(id, idFull))
		if !ok {
			c.say(ctx, msgGone)
			return
		}
		c.respond(ctx, renderFull(p))
	case id == idPublic:
		b.postPublicly(ctx, c)
	case id == idHuman:
		b.askHuman(ctx, c)
	case id == idUp || id == idDown:
		b.feedback(ctx, c, id == idUp)
	default:
		c.log.Warn("unknown button", "custom_id", id)
		c.say(ctx, msgStale)
	}
}

// clickState reads a button's page and its message's state; false (after telling the
// user) when the message is not one of ours or is from an incompatible version.
func (b *Bot) clickState(ctx context.Context, c *call, pageArg string, search bool) (state, bool) {
	st, ok := stateOf(c.i.Message)
	page, err := strconv.Atoi(pageArg)
	if !ok || err != nil || page < 0 || page > retrieval.MaxK || st.Search != search {
		c.say(ctx, msgStale)
		c.outcome(OutcomeInvalid, 0)
		return state{}, false
	}
	if ok, wait := b.limiter.allow(c.userID()); !ok {
		c.say(ctx, msgSlowDown(waitSeconds(wait)))
		c.outcome(OutcomeRateLimited, 0)
		return state{}, false
	}
	st.Page = page
	// On the clicker's own ephemeral reply the page changes in place; on a public message
	// the clicker gets a new ephemeral one, and the message stays as everyone sees it.
	var ackErr error
	if c.i.Message.Flags&discordgo.MessageFlagsEphemeral != 0 {
		ackErr = c.deferUpdate(ctx)
	} else {
		ackErr = c.deferReply(ctx, true)
	}
	return st, ackErr == nil
}

func (b *Bot) more(ctx context.Context, c *call, pageArg string) {
	st, ok := b.clickState(ctx, c, pageArg, false)
	if !ok {
		return
	}
	k := b.cfg.PageSize
	res, lat, err := b.query(ctx, retrieval.Query{Text: queryText(st.Question), K: k, Offset: st.Page * k, DocID: st.DocID})
	if err != nil {
		msg, o := b.userError(c.log, err)
		c.say(ctx, msg)
		c.outcome(o, lat)
		return
	}
	if len(res.Passages) == 0 {
		c.say(ctx, msgNoMore)
		c.outcome(OutcomeNoAnswer, lat)
		return
	}
	c.edit(ctx, renderAnswer(res, answerView{State: st, SourceTitle: b.sourceTitle(ctx, st.DocID), Ephemeral: true, PageSize: k}))
	c.outcome(OutcomeAnswered, lat)
}

func (b *Bot) searchMore(ctx context.Context, c *call, pageArg string) {
	st, ok := b.clickState(ctx, c, pageArg, true)
	if !ok {
		return
	}
	b.searchPage(ctx, c, st)
}

// postPublicly reposts an ephemeral answer in the channel, without its "Post publicly"
// button.
func (b *Bot) postPublicly(ctx context.Context, c *call) {
	m := c.i.Message
	if _, ok := stateOf(m); !ok {
		c.say(ctx, msgStale)
		return
	}
	var rows []discordgo.MessageComponent
	for _, comp := range m.Components {
		row, ok := comp.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		var keep []discordgo.MessageComponent
		for _, x := range row.Components {
			if btn, ok := x.(*discordgo.Button); ok && btn.CustomID != idPublic {
				keep = append(keep, *btn)
			}
		}
		if len(keep) > 0 {
			rows = append(rows, discordgo.ActionsRow{Components: keep})
		}
	}
	c.respond(ctx, reply{Embeds: m.Embeds, Components: rows})
	c.log.Info("answer posted publicly", "channel", c.i.ChannelID)
}

func (b *Bot) feedback(ctx context.Context, c *call, up bool) {
	st, _ := stateOf(c.i.Message)
	kind := feedback.Down
	if up {
		kind = feedback.Up
	}
	if up {
		c.say(ctx, msgThanks)
	} else {
		c.respond(ctx, b.downReply(c.i.Message, st))
	}
	ids := passageIDs(c.i.Message)
	c.log.Info("feedback", "kind", kind, "question", st.Question, "doc", st.DocID, "passages", ids)
	b.record(ctx, feedback.Entry{Kind: kind, Question: st.Question, DocID: st.DocID, UserID: c.userID(),
		GuildID: c.i.GuildID, Surface: SurfaceButton, Passages: ids})
}

func (b *Bot) runReindex(ctx context.Context, c *call) {
	if b.reindex == nil {
		c.say(ctx, "Rebuilding the index is not enabled here.")
		return
	}
	if c.i.Member == nil || c.i.Member.Permissions&discordgo.PermissionManageGuild == 0 {
		c.log.Warn("reindex refused: no Manage Server permission")
		c.say(ctx, msgNoPermission)
		return
	}
	if c.deferReply(ctx, true) != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 14*time.Minute) // the interaction token lives 15
	defer cancel()
	c.log.Info("reindex requested")
	if err := b.reindex.Reindex(ctx); err != nil {
		b.obs.Error("reindex")
		c.log.Error("reindex failed", "err", err)
		c.say(ctx, "The rebuild failed; the previous index keeps answering. The log has the details.")
		return
	}
	c.say(ctx, "The index was rebuilt from the corpus.")
}

// fullByRank shows the whole passage at a rank of the message's question: the fallback of
// "Full passage" for passage ids too long to fit a custom id. The ranking is recomputed,
// so the click needs no state beyond the message.
func (b *Bot) fullByRank(ctx context.Context, c *call, rankArg string) {
	st, ok := stateOf(c.i.Message)
	rank, err := strconv.Atoi(rankArg)
	if !ok || err != nil || rank < 1 || rank > retrieval.MaxK {
		c.say(ctx, msgStale)
		return
	}
	if c.deferReply(ctx, true) != nil {
		return
	}
	res, _, err := b.query(ctx, retrieval.Query{Text: queryText(st.Question), K: 1, Offset: rank - 1, DocID: st.DocID, NoMatches: true})
	if err != nil {
		msg, _ := b.userError(c.log, err)
		c.say(ctx, msg)
		return
	}
	if len(res.Passages) == 0 {
		c.say(ctx, msgGone)
		return
	}
	c.edit(ctx, renderFull(res.Passages[0]))
}
