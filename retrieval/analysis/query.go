package analysis

// Query settings measured on SciFact's training split and the bundled dev set
// (docs/retrieval.md): the best of each experiment that helped one without hurting the other.
const (
	// JoinedWeight weights the joined form of a hyphenated question word ("il6" for
	// "IL-6") against its parts: at full weight the word counts three times.
	JoinedWeight = 0.2
	// ExpansionWeight weights a term's lexicon expansions.
	ExpansionWeight = 0.3
	// ExpandBelowDF expands only terms found in fewer passages than this: rare or absent
	// words are where a question and the corpus use different words; expanding common
	// words drowned SciFact's ranking in synonyms.
	ExpandBelowDF = 3
	// BM25K1 and BM25B are the BM25 parameters to set in bleve's search.BM25_k1 and
	// search.BM25_b (package globals, default 1.2 and 0.75). bleve divides a field's length
	// by its dictionary size per document, not by the average length, so a small b keeps
	// length normalisation sane.
	BM25K1 = 2.0
	BM25B  = 0.1
)

// QueryTerm is one distinct weighted term of a question.
type QueryTerm struct {
	Term   string
	Weight float64 // 1 for a question word, JoinedWeight or ExpansionWeight (times its source's) otherwise
	Pos    int     // position in the question of the word it comes from
	// Of is the index in the returned slice of the question term an expansion expands;
	// for a question term, its own index.
	Of        int
	Expansion bool
}

// QueryTerms analyses a question into its distinct terms with their recommended weights:
// question words first, in order, then lexicon expansions of the rare ones. df reports in
// how many passages a term occurs; nil expands every term.
//
// Query each term as its own clause of one disjunction over a single text field that also
// holds the title and heading: bleve multiplies a disjunction's score by the share of its
// clauses that match, so per-field clauses, phrase clauses or nested groups all distort
// the ranking (each measured in docs/retrieval.md).
func (a *Analyzer) QueryTerms(question string, df func(term string) int) []QueryTerm {
	var out []QueryTerm
	seen := map[string]int{}
	for _, t := range a.Tokens(question) {
		w := 1.0
		if t.Joined {
			w = JoinedWeight
		}
		if i, ok := seen[t.Term]; ok {
			out[i].Weight = max(out[i].Weight, w)
			continue
		}
		seen[t.Term] = len(out)
		out = append(out, QueryTerm{Term: t.Term, Weight: w, Pos: t.Pos, Of: len(out)})
	}
	n := len(out)
	for i := range n {
		q := out[i]
		if df != nil && df(q.Term) >= ExpandBelowDF {
			continue
		}
		for _, s := range a.Expand(q.Term) {
			if _, ok := seen[s]; ok {
				continue
			}
			seen[s] = len(out)
			out = append(out, QueryTerm{Term: s, Weight: ExpansionWeight * q.Weight, Pos: q.Pos, Of: i, Expansion: true})
		}
	}
	return out
}

// QueryTerms analyses a question with the default Analyzer; see Analyzer.QueryTerms.
func QueryTerms(question string, df func(term string) int) []QueryTerm {
	return Default().QueryTerms(question, df)
}
