package rank

import "github.com/docent-bot/docent/retrieval/analysis"

// commonShare is the share of passages above which a term counts as common. As in
// Lucene's common-terms query, common terms only add to the score of passages that match
// a rarer term of the question: they barely change the ranking but cost the most to
// search. Expansions are treated the same way, except the expansions of a word no passage
// holds, which stand in for it. SciFact train ranks the same with and without the split
// (docs/retrieval.md) and answers faster with it (p50 2.7 against 3.5 ms). Below
// splitMinPassages every term is searched alike: a small index is fast either way.
const (
	commonShare      = 0.15
	splitMinPassages = 2000
)

// SearchTerms splits a question's terms over n passages for the search: passages match
// any of terms; optional ones only add to the score of passages that match one of terms.
// Terms of weight 0 only count in the evidence, terms marked RescoreOnly only in the
// rescoring of what the search found. Past splitMinPassages passages, terms
// held by more than commonShare of them, and derived terms of words the index holds, are
// optional: they barely change the ranking but cost the most to search.
func SearchTerms(q *analysis.Question, n int) (terms, optional []analysis.QueryTerm) {
	var all, rare, common []analysis.QueryTerm
	for _, t := range q.Terms {
		if t.Weight <= 0 || t.RescoreOnly {
			continue
		}
		all = append(all, t)
		// a derived term that stands in for a word no passage holds counts as a word; the
		// joined form of a hyphenated word is written in the question as it is
		derived := t.Derived() && t.Kind != analysis.Joined && q.Terms[t.Of].DF > 0
		switch {
		case t.DF == 0: // matches nothing: a typo or a word the corpus lacks
		case derived || float64(t.DF) > commonShare*float64(n):
			common = append(common, t)
		default:
			rare = append(rare, t)
		}
	}
	if len(rare) == 0 || len(common) == 0 || n < splitMinPassages {
		return all, nil
	}
	return rare, common
}

// Question analyses a cleaned question into its terms over the corpus: its words, and
// the terms that stand for them (joined forms, lexicon expansions, near spellings of
// words the corpus lacks, abbreviations the corpus defines), weighted by p. A question
// with no searchable word (Words == 0) is returned without them.
func (e *Engine) Question(text string, p *Params) *analysis.Question {
	q := analysis.NewQuestion(text, p.Query, e.texts.Len(), e.fwd.docFreq)
	if q.Words == 0 {
		return q
	}
	q.MatchVocabulary(e.fwd.vocabulary(), p.Query)
	e.abbr.expand(text, q, *p)
	return q
}
