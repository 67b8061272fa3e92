package bleveindex

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// Ranking follows the settings measured in docs/retrieval.md: one text field holding a
// passage's document title, heading and text; one disjunction of the question's terms
// weighted as analysis.Question weights them; and bleve's BM25 with analysis.BM25K1 and
// BM25B.

// indexedText is what the text field of a passage holds: its document's title, its
// heading and its text, so a question's words count alike wherever the passage holds
// them. (A disjunction over separate fields scores lower the more fields it names: bleve
// multiplies its score by the share of clauses that match.)
func indexedText(title, heading, text string) string {
	return title + "\n" + heading + "\n" + text
}

// Query is a search of the passages' text field. It is built from analysed terms only,
// never parsed from the user's text.
type Query struct {
	// Terms match passages holding any of them, each boosted by its weight.
	Terms []analysis.QueryTerm
	// Optional terms, when there are any, only add to the score of passages that match
	// one of Terms.
	Optional []analysis.QueryTerm
	// Docs, when not nil, keeps only the passages of these documents.
	Docs []string
	// Size is the number of hits wanted, best first.
	Size int
}

// Hit is one passage a search found.
type Hit struct {
	ID    string  // the passage id
	Score float64 // bleve's BM25 score
}

// Search runs q and returns its hits, best first, and the number of passages that matched.
func (x *Index) Search(ctx context.Context, q Query) ([]Hit, int, error) {
	qry := termDisjunction(q.Terms)
	if len(q.Optional) > 0 {
		bq := bleve.NewBooleanQuery()
		bq.AddMust(qry)
		bq.AddShould(termDisjunction(q.Optional))
		qry = bq
	}
	if q.Docs != nil {
		bq := bleve.NewBooleanQuery()
		bq.AddMust(qry)
		bq.AddFilter(docFilter(q.Docs))
		qry = bq
	}
	req := bleve.NewSearchRequestOptions(qry, q.Size, 0, false)
	sr, err := x.bi.SearchInContext(x.searchContext(ctx), req)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, len(sr.Hits))
	for i, h := range sr.Hits {
		hits[i] = Hit{ID: h.ID, Score: h.Score}
	}
	return hits, int(sr.Total), nil
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

// docFilter matches the passages of the documents ids.
func docFilter(ids []string) query.Query {
	qs := make([]query.Query, len(ids))
	for i, id := range ids {
		tq := bleve.NewTermQuery(id)
		tq.SetField(fieldDoc)
		qs[i] = tq
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// DocFreqs returns the number of passages whose text field holds each term, as bleve
// counts them, for checking the counts ranking makes of its own.
func (x *Index) DocFreqs(ctx context.Context) (map[string]int, error) {
	adv, err := x.bi.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	dict, err := r.FieldDict(fieldText)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	out := make(map[string]int)
	for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
		if err != nil {
			return nil, err
		}
		// a dictionary entry's count is per segment: a term reader counts them all
		tfr, err := r.TermFieldReader(ctx, []byte(e.Term), fieldText, false, false, false)
		if err != nil {
			return nil, err
		}
		out[e.Term] = int(tfr.Count())
		_ = tfr.Close()
	}
	return out, nil
}

// MeasuredFieldTerms returns the statistic bleve measures on the open index, for checking
// FieldTerms against it.
func (x *Index) MeasuredFieldTerms() (map[string]int, error) {
	adv, err := x.bi.Advanced()
	if err != nil {
		return nil, err
	}
	return fieldTerms(adv)
}
