package retrieval

// analysed is what re-ranking needs of one passage: its analysed text and the terms of
// its heading, title and authors.
type analysed struct {
	toks  []token
	extra map[string]bool
}

// analysis returns the analysis of passage i, from the analyses made when the index
// opened (forward.go).
func (ix *Index) analysis(i int) *analysed {
	toks, ok := ix.fwd.passageTokens(i)
	if !ok {
		toks = analyze(ix.passages[i].Text)
	}
	return &analysed{toks: toks, extra: ix.fwd.extraTerms(i, ix.docOf[i])}
}
