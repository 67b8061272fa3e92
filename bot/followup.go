package bot

import (
	"context"
	"strings"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/retrieval"
)

// Follow-ups. A follow-up is often elliptical ("and with Iran?", "when was that?", "who
// wrote it"): alone it names too little to find anything. It is completed from the
// conversation it continues, with one general rule: when it brings few content words of
// its own, the previous question's content words are added to it; and a follow-up that
// was completed, or that finds nothing good alone, prefers the document the previous
// answer cited.

// conversation is what a follow-up needs of the exchange it continues.
// Its JSON form is what the data folder keeps (convfile.go).
type conversation struct {
	Question string    `json:"question"`          // the previous question, as completed
	DocID    string    `json:"doc,omitempty"`     // its source filter, kept by the follow-up
	Cited    string    `json:"cited,omitempty"`   // document of the previous answer's first passage
	Channel  string    `json:"channel,omitempty"` // for a thread docent opened: the channel it is in, whose scope applies
	At       time.Time `json:"at"`
}

// ownWords is the most content words a follow-up may bring and still be completed from
// the previous question; with more it stands on its own.
const ownWords = 2

// carryWords caps the previous question's words carried over, so that they do not drown
// the follow-up's own.
const carryWords = 8

// completeFollowUp returns the text to search for next, following prev, and whether
// words of prev were carried into it.
func completeFollowUp(prev, next string) (string, bool) {
	own := contentWords(next)
	if len(own) > ownWords || strings.TrimSpace(prev) == "" {
		return next, false
	}
	have := map[string]bool{}
	for _, w := range own {
		have[w] = true
	}
	var carry []string
	for _, w := range contentWords(prev) {
		if !have[w] && len(carry) < carryWords {
			have[w] = true
			carry = append(carry, w)
		}
	}
	if len(carry) == 0 {
		return next, false
	}
	return cutWords(strings.TrimSpace(next)+" "+strings.Join(carry, " "), retrieval.MaxQueryRunes), true
}

// contentWords lists the words of s that carry meaning: lowercased, without function
// words and question words, in order.
func contentWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-'
	}) {
		w = strings.Trim(w, "'’-")
		if i := strings.IndexAny(w, "'’"); i > 0 { // Azerbaijan's → azerbaijan
			w = w[:i]
		}
		if len(w) > 1 && !functionWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// functionWords are English words that carry no topic: articles, pronouns, auxiliaries,
// prepositions, conjunctions, question words and the like. A general list, not tuned to
// any question set.
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the this that these those it its it's they them their theirs he him his
		she her hers we us our you your i me my mine one ones there here
		is are was were be been being am do does did done doing have has had having
		will would shall should can could may might must ought
		and or but nor so yet if then than also too very just only even still
		of in on at to from by for with without about into onto over under between among
		through during before after above below up down out off again further once
		what which who whom whose when where why how whether
		all any both each few more most other some such no not own same
		as like about against tell me please know say said says
		and about what's who's how's where's when's`) {
		m[w] = true
	}
	return m
}()

// asker answers a query; (*Bot).ask passes its slot-limited query.
type asker func(ctx context.Context, q retrieval.Query) (retrieval.Result, error)

// answerInContext answers text as a follow-up of conv. It returns the result and the
// state its reply carries: the completed question and the document it was limited to.
func answerInContext(ctx context.Context, ask asker, conv conversation, text string, k int) (retrieval.Result, state, error) {
	q, carried := completeFollowUp(conv.Question, text)
	st := state{Question: q, DocID: conv.DocID}
	res, err := ask(ctx, retrieval.Query{Text: queryText(q), K: k, DocID: conv.DocID})
	if err != nil || conv.DocID != "" || conv.Cited == "" {
		return res, st, err
	}
	weak := res.NoAnswer || res.Hedged || len(res.Passages) == 0
	if !carried && !weak {
		return res, st, nil
	}
	// The cited document breaks the tie: asked within it, an elliptical follow-up finds
	// what it refers to; a weak one gets a second chance there.
	in, err := ask(ctx, retrieval.Query{Text: queryText(q), K: k, DocID: conv.Cited})
	if err != nil || in.NoAnswer || len(in.Passages) == 0 {
		return res, st, nil
	}
	if weak || in.Confidence >= res.Confidence || topDoc(res) == conv.Cited {
		st.DocID = conv.Cited
		return in, st, nil
	}
	return res, st, nil
}

// topDoc is the document of a result's first passage, or "".
func topDoc(res retrieval.Result) string {
	if len(res.Passages) == 0 {
		return ""
	}
	return res.Passages[0].Citation.DocID
}

// followID is the custom id of an answer's "Follow up" button: it names the document the
// answer cited when that fits.
func followID(res retrieval.Result) string {
	id := idFollow + topDoc(res)
	if len(id) > maxCustomID || len(idFollowUp+topDoc(res)) > maxCustomID {
		return idFollow
	}
	return id
}

// followUpModal asks for the follow-up question.
func followUpModal(cited string) *discordgo.InteractionResponse {
	return modal(idFollowUp+cited, "Follow up",
		field{ID: "question", Label: "Your follow-up question", Required: true, Max: retrieval.MaxQueryRunes,
			Placeholder: "and what about…? when was that? who wrote it?"})
}

// followUp answers a submitted follow-up modal, in the context of the answer whose
// button opened it, privately to the member who asked.
func (b *Bot) followUp(ctx context.Context, c *call, cited, text string) {
	prev, ok := stateOf(c.i.Message)
	if !ok || prev.Search {
		c.say(ctx, msgStale)
		c.outcome(OutcomeInvalid, 0)
		return
	}
	q, problem := checkQuestion(text)
	if problem != "" {
		c.say(ctx, problem)
		c.outcome(OutcomeInvalid, 0)
		return
	}
	if ok, wait := b.limiter.allow(c.userID()); !ok {
		c.say(ctx, msgSlowDown(waitSeconds(wait)))
		c.outcome(OutcomeRateLimited, 0)
		return
	}
	if c.deferReply(ctx, true) != nil {
		return
	}
	conv := conversation{Question: prev.Question, DocID: prev.DocID, Cited: cited}
	res, st, lat, err := b.inContext(ctx, conv, q)
	if err != nil {
		msg, o := b.userError(c.log, err)
		c.say(ctx, msg)
		c.outcome(o, lat)
		return
	}
	c.log.Info("follow-up", "previous", prev.Question, "asked", st.Question, "doc", st.DocID)
	if res.NoAnswer || len(res.Passages) == 0 {
		b.noAnswer(ctx, st, c.userID(), c.i.GuildID, c.surface, passageIDsOf(res))
		c.edit(ctx, b.noAnswerReply(st, true))
		c.outcome(OutcomeNoAnswer, lat)
		return
	}
	c.edit(ctx, renderAnswer(res, answerView{State: st, SourceTitle: b.sourceTitle(ctx, st.DocID), Ephemeral: true,
		PageSize: b.cfg.PageSize, FollowUp: true, AskHuman: res.Hedged && b.helpOn()}))
	c.outcome(answeredOutcome(res), lat)
}

// inContext runs answerInContext through the bot's answer slots, returning the time the
// index took.
func (b *Bot) inContext(ctx context.Context, conv conversation, text string) (retrieval.Result, state, time.Duration, error) {
	var total time.Duration
	res, st, err := answerInContext(ctx, func(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
		res, lat, err := b.query(ctx, q)
		total += lat
		return res, err
	}, conv, text, b.cfg.PageSize)
	return res, st, total, err
}
