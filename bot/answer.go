package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/docent-bot/docent/bot/feedback"
	"github.com/docent-bot/docent/retrieval"
)

var errBusy = errors.New("no free answer slot")

// query asks the index, within the concurrency cap and AnswerTimeout, and returns how long
// the index took.
func (b *Bot) query(ctx context.Context, q retrieval.Query) (retrieval.Result, time.Duration, error) {
	wait, cancel := context.WithTimeout(ctx, b.cfg.QueueTimeout)
	select {
	case b.slots <- struct{}{}:
		cancel()
	case <-wait.Done():
		cancel()
		if ctx.Err() != nil {
			return retrieval.Result{}, 0, ctx.Err()
		}
		return retrieval.Result{}, 0, errBusy
	}
	defer func() { <-b.slots }()
	ctx, cancel = context.WithTimeout(ctx, b.cfg.AnswerTimeout)
	defer cancel()
	if scope, ok := scopeOf(ctx); ok && scope != nil && q.Scope == nil {
		if len(scope) == 0 {
			return retrieval.Result{Question: q.Text, NoAnswer: true}, 0, nil // an empty scope answers nothing
		}
		q.Scope = scope
	}
	start := time.Now()
	res, err := b.answer.Answer(ctx, q)
	return res, time.Since(start), err
}

// userError turns an answering failure into what the user reads and the outcome; the
// log gets the details.
func (b *Bot) userError(log interface{ Error(string, ...any) }, err error) (string, Outcome) {
	var qe *retrieval.QueryError
	switch {
	case errors.As(err, &qe):
		return escapeMarkdown(qe.Error()), OutcomeInvalid
	case errors.Is(err, errBusy):
		return msgBusy, OutcomeRateLimited
	}
	b.obs.Error("answer")
	log.Error("answer failed", "err", err)
	return msgError, OutcomeError
}

// checkQuestion returns the cleaned question, or what to tell the user instead.
func checkQuestion(q string) (string, string) {
	q = cleanQuestion(q)
	switch n := runes(q); {
	case n == 0:
		return "", msgEmpty
	case n > retrieval.MaxQueryRunes:
		return "", msgTooLong(n)
	}
	return q, ""
}

var mentionToken = regexp.MustCompile(`<(@[!&]?|#)\d+>|@everyone|@here`)

// queryText is the question as the index gets it: mentions carry no meaning for the
// corpus and would only dilute the match. What the user sees keeps them (escaped).
func queryText(q string) string {
	if t := cleanQuestion(mentionToken.ReplaceAllString(q, " ")); t != "" {
		return t
	}
	return q
}

// resolveSource finds the document a source option names: the id autocomplete put there,
// or a title typed by hand. It returns the id and title, or a message for the user.
func (b *Bot) resolveSource(ctx context.Context, input string) (id, title, problem string) {
	input = strings.TrimSpace(input)
	if input == "" {
		return "", "", ""
	}
	srcs := b.sources(ctx)
	for _, s := range srcs {
		if s.DocID == input {
			return s.DocID, s.Title, ""
		}
	}
	var found []retrieval.Source
	for _, s := range srcs {
		if strings.EqualFold(s.Title, input) {
			return s.DocID, s.Title, ""
		}
		if strings.Contains(strings.ToLower(s.Title), strings.ToLower(input)) {
			found = append(found, s)
		}
	}
	if len(found) == 1 {
		return found[0].DocID, found[0].Title, ""
	}
	return "", "", fmt.Sprintf("I don't know a source called “%s”. Start typing in the `source` option and pick one from the list, or see `/sources`.",
		cut(escapeMarkdown(input), 100))
}

func (b *Bot) sourceTitle(ctx context.Context, id string) string {
	if id == "" {
		return ""
	}
	for _, s := range b.sources(ctx) {
		if s.DocID == id {
			return s.Title
		}
	}
	return ""
}

// sourceChoices ranks documents for autocomplete: title prefix, then a word of the title
// or author starting with the input, then anywhere; at most 25.
func (b *Bot) sourceChoices(ctx context.Context, input string) []choice {
	in := strings.ToLower(strings.TrimSpace(input))
	type scored struct {
		s     retrieval.Source
		score int
		i     int
	}
	var hits []scored
	for i, s := range b.sources(ctx) {
		if runes(s.DocID) > maxChoiceName {
			continue // cannot be a choice value
		}
		title, author := strings.ToLower(s.Title), strings.ToLower(s.Author)
		score := -1
		switch {
		case in == "":
			score = 3
		case strings.HasPrefix(title, in):
			score = 0
		case wordPrefix(title, in) || wordPrefix(author, in):
			score = 1
		case strings.Contains(title, in) || strings.Contains(author, in) || strings.Contains(strings.ToLower(s.DocID), in):
			score = 2
		}
		if score >= 0 {
			hits = append(hits, scored{s, score, i})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int { return a.score - b.score })
	var out []choice
	for _, h := range hits {
		if len(out) == maxChoices {
			break
		}
		name := orDefault(h.s.Title, h.s.DocID)
		if h.s.Author != "" {
			name += " — " + h.s.Author
		}
		out = append(out, choice{Name: cut(plain(name), maxChoiceName), Value: h.s.DocID})
	}
	return out
}

type choice struct{ Name, Value string }

func wordPrefix(s, prefix string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == ',' }) {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}

// noAnswer records a question nothing answered, for docent gaps.
func (b *Bot) noAnswer(ctx context.Context, st state, user, guild string, s Surface, ids []string) {
	b.log.Info("no answer", "question", st.Question, "doc", st.DocID, "surface", s)
	b.record(ctx, feedback.Entry{Kind: feedback.NoAnswer, Question: st.Question, DocID: st.DocID,
		UserID: user, GuildID: guild, Surface: s, Passages: ids})
}

func (b *Bot) record(ctx context.Context, e feedback.Entry) {
	if b.fb == nil {
		return
	}
	if err := b.fb.Add(context.WithoutCancel(ctx), e); err != nil {
		b.obs.Error("feedback")
		b.log.Error("record feedback", "kind", e.Kind, "err", err)
	}
}

func passageIDsOf(res retrieval.Result) []string {
	ids := make([]string, 0, len(res.Passages))
	for _, p := range res.Passages {
		ids = append(ids, p.ID)
	}
	return ids
}
