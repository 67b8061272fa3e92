package retrieval

import (
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// Ranking follows the settings measured in docs/retrieval.md: one text field holding a
// passage's document title, heading and text; one disjunction of the question's terms
// weighted as analysis.Question weights them; and bleve's BM25 with analysis.BM25K1 and
// BM25B.

var bm25Once sync.Once

// setBM25 sets bleve's BM25 parameters, package globals, to analysis.BM25K1 and BM25B.
// Open calls it before building or searching any index, once per process: an import
// alone changes nothing, so other bleve users in the process (the experiment harness)
// keep their own settings until an Index is opened.
func setBM25() {
	bm25Once.Do(func() {
		search.BM25_k1 = analysis.BM25K1
		search.BM25_b = analysis.BM25B
	})
}

// indexedText is what the text field of a passage holds: its document's title, its
// heading and its text, so a question's words count alike wherever the passage holds
// them. (A disjunction over separate fields scores lower the more fields it names: bleve
// multiplies its score by the share of clauses that match.)
func indexedText(title, heading, text string) string {
	return title + "\n" + heading + "\n" + text
}

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

// rankQuery builds the ranking query over n passages: one disjunction of term queries on
// the text field, each boosted by its weight; terms of weight 0 only count in the
// evidence. Past splitMinPassages passages, terms held by more than commonShare of them,
// and derived terms of words the index holds, only add to the score of passages that match
// a rarer term: they barely change the ranking but cost the most to search. It is built
// from analysed terms only, never parsed from the user's text.
func rankQuery(q *analysis.Question, n int) query.Query {
	var all, rare, common []analysis.QueryTerm
	for _, t := range q.Terms {
		if t.Weight <= 0 {
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
		return termDisjunction(all)
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(termDisjunction(rare))
	bq.AddShould(termDisjunction(common))
	return bq
}

// termDisjunction matches passages holding any of terms in their text field.
func termDisjunction(terms []analysis.QueryTerm) query.Query {
	should := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		tq := bleve.NewTermQuery(t.Term)
		tq.SetField(fieldText)
		tq.SetBoost(t.Weight)
		should = append(should, tq)
	}
	return bleve.NewDisjunctionQuery(should...)
}
