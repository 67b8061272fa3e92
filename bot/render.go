package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/retrieval"
)

// reply is one message as the bot renders it, before it is sent as an interaction
// response, a webhook edit or a channel message.
type reply struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Ephemeral  bool
}

const (
	colorAnswer = 0x2b6cb0
	colorSearch = 0x4a5568
	colorFull   = 0x2f855a
)

// Texts users read. They never carry error details; the log does.
const (
	msgNoAnswer     = "I couldn't find anything in the corpus that answers that. Try other words, or see what it covers with `/sources`."
	msgHedged       = "I'm not sure this answers it; these passages look closest."
	msgNoMore       = "There are no more passages for this question."
	msgError        = "Sorry, I couldn't search the corpus just now. Please try again in a moment."
	msgShuttingDown = "docent is restarting. Please ask again in a minute."
	msgEmpty        = "Ask me a question about the corpus, for example: `/ask question: What does the corpus say about energy?`"
	msgGone         = "That passage is no longer in the corpus; it may have been updated. Ask again to see the current text."
	msgStale        = "This message is too old to continue. Please ask again."
	msgThanks       = "Thanks for the feedback!"
	msgBusy         = "I'm answering a lot of questions right now. Please try again in a few seconds."
	msgPosted       = "Posted."
	msgNoPermission = "Only members with the Manage Server permission can rebuild the index."
)

func msgSlowDown(wait int) string {
	return fmt.Sprintf("Slow down a little: you can ask again in %d s.", wait)
}

func msgTooLong(n int) string {
	return fmt.Sprintf("That question is %d characters long; please keep it under %d.", n, retrieval.MaxQueryRunes)
}

// answerView holds what renderAnswer needs besides the result.
type answerView struct {
	State       state
	SourceTitle string // title of the source filter, for the footer
	Ephemeral   bool   // adds the "Post publicly" button
	PageSize    int
	FollowUp    bool // adds the "Follow up" button
	AskHuman    bool // adds the "Ask a human" row (a hedged answer, with the feature on)
}

// renderAnswer renders an /ask result: the answer sentence with its citation, then the
// passages as quotes with matched terms in bold, each with its citation.
func renderAnswer(res retrieval.Result, v answerView) reply {
	footer := v.State.footer(v.SourceTitle)
	title := cut(escapeMarkdown(v.State.Question), maxTitle)
	budget := min(maxDescription, maxEmbedTotal-runes(title)-runes(footer)) - 16

	var b strings.Builder
	if v.State.Page == 0 && res.Hedged {
		b.WriteString("*" + msgHedged + "*\n")
	} else if v.State.Page == 0 && res.Answer != "" {
		b.WriteString("**Answer:** " + highlight(res.Answer, res.AnswerMatches, 700) + "\n")
		b.WriteString("— " + cut(escapeMarkdown(res.AnswerCitation.String()), 300) + "\n")
	}
	head := b.String()
	if len(res.Passages) > 0 {
		per := (budget-runes(head))/len(res.Passages) - 6
		for _, p := range res.Passages {
			cite := "— " + cut(escapeMarkdown(p.Citation.String()), 300)
			quote := highlight(p.Text, p.Matches, max(per-runes(cite)-4, 80))
			b.WriteString("\n> " + strings.ReplaceAll(quote, "\n", "\n> ") + "\n" + cite + "\n")
		}
	}
	desc := strings.TrimSpace(b.String())
	if runes(desc) > budget {
		desc = cut(desc, budget)
	}
	e := &discordgo.MessageEmbed{Title: title, Description: desc, Color: colorAnswer,
		Footer: &discordgo.MessageEmbedFooter{Text: footer}}
	return reply{Embeds: []*discordgo.MessageEmbed{e}, Components: answerButtons(res, v), Ephemeral: v.Ephemeral}
}

func answerButtons(res retrieval.Result, v answerView) []discordgo.MessageComponent {
	top := []discordgo.MessageComponent{}
	shown := v.State.Page*v.PageSize + len(res.Passages)
	if res.Total > shown && len(res.Passages) > 0 {
		top = append(top, button("More passages", idMore+strconv.Itoa(v.State.Page+1), discordgo.PrimaryButton))
	}
	if v.FollowUp {
		top = append(top, button("Follow up", followID(res), discordgo.PrimaryButton))
	}
	if v.Ephemeral {
		top = append(top, button("Post publicly", idPublic, discordgo.SecondaryButton))
	}
	top = append(top,
		emojiButton("👍", "Helpful", idUp), emojiButton("👎", "Not helpful", idDown))
	rows := []discordgo.MessageComponent{discordgo.ActionsRow{Components: top}}
	if v.AskHuman {
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			button("Ask a human", idHuman, discordgo.SecondaryButton)}})
	}
	var full []discordgo.MessageComponent
	for _, p := range res.Passages {
		id := idFull + p.ID
		if len(id) > maxCustomID {
			id = idFullRank + strconv.Itoa(p.Rank)
		}
		full = append(full, button("Full passage "+strconv.Itoa(p.Rank), id, discordgo.SecondaryButton))
	}
	for len(full) > 0 && len(rows) < 5 {
		n := min(5, len(full))
		rows = append(rows, discordgo.ActionsRow{Components: full[:n]})
		full = full[n:]
	}
	return rows
}

func button(label, id string, style discordgo.ButtonStyle) discordgo.Button {
	return discordgo.Button{Label: cut(label, maxButtonLabel), CustomID: id, Style: style}
}

func emojiButton(emoji, label, id string) discordgo.Button {
	return discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: emoji}, Label: label, CustomID: id, Style: discordgo.SecondaryButton}
}

// answeredOutcome tells a confident answer from a hedged one, for the metrics.
func answeredOutcome(res retrieval.Result) Outcome {
	if res.Hedged {
		return OutcomeHedged
	}
	return OutcomeAnswered
}

// renderNoAnswer says plainly that nothing answers; it never pads with weak matches.
func renderNoAnswer(ephemeral bool) reply {
	return reply{Content: msgNoAnswer, Ephemeral: ephemeral}
}

// renderSearch renders one page of /search: a ranked list of passages with citations.
func renderSearch(res retrieval.Result, st state, sourceTitle string, pageSize int) reply {
	if len(res.Passages) == 0 {
		if st.Page > 0 {
			return reply{Content: msgNoMore, Ephemeral: true}
		}
		return reply{Content: "No passage matches that search. See what the corpus covers with `/sources`.", Ephemeral: true}
	}
	st.Pages = (res.Total + pageSize - 1) / pageSize
	footer := st.footer(sourceTitle)
	title := cut("Search: "+escapeMarkdown(st.Question), maxTitle)
	desc := fmt.Sprintf("%d passages match.", res.Total)
	budget := maxEmbedTotal - runes(title) - runes(footer) - runes(desc) - 32
	per := min(maxFieldValue, budget/len(res.Passages)-120)
	fields := make([]*discordgo.MessageEmbedField, 0, len(res.Passages))
	for _, p := range res.Passages {
		c := p.Citation
		c.ParaFirst, c.ParaLast = 0, 0
		src := strings.TrimSuffix(c.String(), ", "+c.Paragraph())
		name := fmt.Sprintf("%d. %s, %s", p.Rank, cut(escapeMarkdown(src), 90), p.Citation.Paragraph())
		fields = append(fields, &discordgo.MessageEmbedField{Name: name, Value: highlight(p.Text, p.Matches, max(per, 60))})
	}
	e := &discordgo.MessageEmbed{Title: title, Description: desc, Color: colorSearch, Fields: fields,
		Footer: &discordgo.MessageEmbedFooter{Text: footer}}
	var nav []discordgo.MessageComponent
	if st.Page > 0 {
		nav = append(nav, button("◀ Previous", idSearch+strconv.Itoa(st.Page-1), discordgo.SecondaryButton))
	}
	if (st.Page+1)*pageSize < res.Total {
		nav = append(nav, button("Next ▶", idSearch+strconv.Itoa(st.Page+1), discordgo.SecondaryButton))
	}
	r := reply{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}
	if len(nav) > 0 {
		r.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: nav}}
	}
	return r
}

// renderFull renders one whole passage (split over several fields when it is long).
func renderFull(p retrieval.Passage) reply {
	title := cut(escapeMarkdown(orDefault(p.Citation.Title, p.Citation.DocID)), maxTitle)
	footer := cut(plain(p.Citation.String()), maxFooter)
	text := renderSpans(p.Text, nil)
	budget := maxEmbedTotal - runes(title) - runes(footer) - 16
	if runes(text) > budget {
		text = cut(text, budget)
	}
	e := &discordgo.MessageEmbed{Title: title, Color: colorFull, Footer: &discordgo.MessageEmbedFooter{Text: footer}}
	if p.Heading != "" {
		e.Author = &discordgo.MessageEmbedAuthor{Name: cut(plain(p.Heading), 256)}
	}
	if runes(text) <= maxDescription {
		e.Description = text
	} else {
		end := cutPoint(text, maxDescription)
		e.Description = strings.TrimSpace(text[:end])
		rest := strings.TrimSpace(text[end:])
		for rest != "" && len(e.Fields) < 25 {
			end := cutPoint(rest, maxFieldValue)
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "…", Value: strings.TrimSpace(rest[:end])})
			rest = strings.TrimSpace(rest[end:])
		}
	}
	return reply{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}
}

// renderSources lists the documents with title, author, date and passage count.
func renderSources(srcs []retrieval.Source) reply {
	if len(srcs) == 0 {
		return reply{Content: "The corpus is empty right now.", Ephemeral: true}
	}
	var b strings.Builder
	for i, s := range srcs {
		line := "• **" + cut(escapeMarkdown(orDefault(s.Title, s.DocID)), 200) + "**"
		var meta []string
		for _, x := range []string{s.Author, s.Publication, s.Date()} {
			if x != "" {
				meta = append(meta, cut(escapeMarkdown(x), 100))
			}
		}
		meta = append(meta, plural(s.Passages, "passage"))
		line += " — " + strings.Join(meta, ", ") + "\n"
		more := fmt.Sprintf("…and %d more. Type a title or author in the `source` option of `/ask` to find one.", len(srcs)-i)
		if runes(b.String())+runes(line)+runes(more) > maxDescription-64 {
			b.WriteString(more)
			break
		}
		b.WriteString(line)
	}
	e := &discordgo.MessageEmbed{Title: "Sources", Description: strings.TrimSpace(b.String()), Color: colorSearch,
		Footer: &discordgo.MessageEmbedFooter{Text: plural(len(srcs), "document")}}
	return reply{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}
}

// renderHelp explains how to ask, what the corpus holds and how citations read.
func renderHelp(srcs []retrieval.Source) reply {
	passages := 0
	for _, s := range srcs {
		passages += s.Passages
	}
	desc := strings.Join([]string{
		"I answer questions from a fixed set of documents and show the passages I found, with citations.",
		"",
		"**Asking**",
		"• `/ask question:` — the best answering sentence, then the passages it comes from. Add `source:` to search one document (start typing a title or author), `public: True` to answer in the channel, `thread: True` to answer in the channel and open a thread for follow-ups.",
		"• `/search query:` — a ranked list of matching passages, 10 a page.",
		"• `/sources` — every document in the corpus.",
		"• Send me a direct message, or mention me in a channel, and I answer it like `/ask`.",
		"",
		"**The corpus**",
		fmt.Sprintf("%s, cut into %s.", plural(len(srcs), "document"), plural(passages, "passage")),
		"",
		"**Citations**",
		"“Title”, author, publication, date, ¶ paragraph — `¶ 4` is the 4th paragraph of the document, `¶¶ 4–5` two adjacent ones. Matched words are in **bold**. If nothing in the corpus answers, I say so rather than guess; when I'm not sure, I say so and show the closest passages.",
		"",
		"Answers are private to you unless you press **Post publicly**, or ask with `thread: true` (some servers do so by default) to post the answer with a thread for follow-ups; 👍 and 👎 tell the maintainers what worked.",
	}, "\n")
	e := &discordgo.MessageEmbed{Title: "How to use docent", Description: desc, Color: colorAnswer}
	return reply{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
