package rank

import (
	"strings"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// analysed is what re-ranking needs of one passage: its analysed text and the terms of
// its heading, title and authors.
type analysed struct {
	toks  []token
	extra map[string]bool
}

// analysis returns the analysis of passage i, from the analyses made when the index
// opened (forward.go).
func (e *Engine) analysis(i int) *analysed {
	toks, ok := e.fwd.passageTokens(i)
	if !ok {
		toks = analyze(e.texts.Text(i))
	}
	return &analysed{toks: toks, extra: e.fwd.extraTerms(i, e.docOf[i])}
}

// extraTerms are the analysed terms of a passage's heading and its document's title and authors.
func (e *Engine) extraTerms(i int) map[string]bool {
	m := map[string]bool{}
	for _, t := range analyze(e.texts.Heading(i)) {
		m[t.Term] = true
	}
	d := &e.docs[e.docOf[i]]
	for _, t := range analyze(d.Title + "\n" + strings.Join(d.Authors, "\n")) {
		m[t.Term] = true
	}
	return m
}

// token is one analysed term of a text with its byte span in that text.
type token = analysis.Token

// analyze is the one place text becomes index terms: for passages at index time, for
// questions at query time and for highlighting, so the three always agree.
func analyze(text string) []token { return analysis.Tokens(text) }
