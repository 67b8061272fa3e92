package analysis

// The first-stage BM25 parameters bleve reads from its package globals search.BM25_k1 and
// search.BM25_b (default 1.2 and 0.75). bleve divides a field's length by its dictionary
// size per document, not by the average length, so a small b keeps length normalisation
// sane. They are process-wide, so they are not part of the per-index Params of retrieval.
const (
	BM25K1 = 2.0
	BM25B  = 0.1
)

// QueryParams weight the terms a question adds to its own words. retrieval.Params holds
// them with every other fitted number; the defaults live there.
type QueryParams struct {
	// JoinedWeight weights the joined form of a hyphenated question word ("il6" for
	// "IL-6") in the ranking: its parts already count in full.
	JoinedWeight float64
	// ExpansionWeight weights the lexicon's expansions (synonyms, derivations, demonyms)
	// of a question word found in fewer than ExpandBelowDF passages: rare or absent words
	// are where a question and the corpus use different words.
	ExpansionWeight float64
	ExpandBelowDF   int
	// CommonExpansionWeight weights the expansions of the other question words.
	CommonExpansionWeight float64
	// DerivedCredit is how much a derived term found in a text counts toward the question
	// word it stands for, in the evidence measures (coverage, the no-answer decision); the
	// word itself counts 1.
	DerivedCredit float64
	// NumberWeight weights the other form of a number ("3" for "three", "twenti" for "20").
	NumberWeight float64
	// FuzzyWeight weights the corpus word a misspelt question word (one the corpus lacks)
	// is one edit from; half that at two edits. FuzzyCredit is what finding it counts.
	FuzzyWeight, FuzzyCredit float64
	// SplitWeight weights the parts of a question word the corpus has only apart
	// ("centralasia") and the joined form of two question words it has only together.
	SplitWeight float64
}

// TermKind says where a question term comes from.
type TermKind uint8

const (
	Word         TermKind = iota // a word of the question
	Joined                       // the joined form of a hyphenated word
	Expansion                    // a lexicon expansion of a word
	Abbreviation                 // the other form of an abbreviation the corpus defines
	Fuzzy                        // a corpus word a misspelt question word is close to
	NumberForm                   // the digits of a number word, or the word of a number
)

// QueryTerm is one distinct term of a question. Ranking, re-ranking, the answer sentence
// and the no-answer decision all read the same terms: Weight is what a term counts in the
// ranking, Credit what finding it counts in the evidence.
type QueryTerm struct {
	Term string
	Kind TermKind
	// Weight multiplies the term's idf in the ranking; 0 leaves it out of the ranking.
	Weight float64
	// Credit is how much finding the term counts toward the question word it stands for:
	// 1 for the word itself, QueryParams.DerivedCredit for a derived term.
	Credit float64
	Pos    int // position in the question of the word it comes from
	// Of is the index of the question word a derived term stands for; for a word, its own.
	Of  int
	DF  int     // passages holding the term
	IDF float64 // BM25 idf of the term among the index's passages
	// Word is the question's text of a word, as typed; empty for a derived term.
	Word string
	// RescoreOnly marks a term that scores the candidates the search found but does not
	// find any itself: an expansion of a word many passages hold. Searching the postings of
	// every synonym of a common word costs the most and changes few candidates.
	RescoreOnly bool
}

// Derived reports whether t stands for a question word rather than being one.
func (t QueryTerm) Derived() bool { return t.Kind != Word }

// Question is a question analysed once into its distinct terms: its words first, in
// question order (Terms[:Words]), then the terms derived from them.
type Question struct {
	Terms []QueryTerm
	Words int
	// Type is what the question asks for (a number, a date, a person...), from its wording.
	Type AnswerType
	// Passages is the number of passages idf is computed over.
	Passages int
	seen     map[string]bool
	df       func(string) int
}

// NewQuestion analyses a question over an index of n passages whose passage frequencies
// df reports: its words, the joined forms of its hyphenated words and the lexicon
// expansions of every word, each weighted by p.
func (a *Analyzer) NewQuestion(text string, p QueryParams, n int, df func(term string) int) *Question {
	q := &Question{Passages: n, seen: map[string]bool{}, df: df, Type: QuestionType(text)}
	var joined []Token
	for _, t := range a.Tokens(text) {
		if q.seen[t.Term] || !searchable(t.Term) || IsCasualStop(t.Term) {
			continue
		}
		if t.Joined {
			joined = append(joined, t)
			continue
		}
		q.addWord(text, t)
	}
	if len(q.Terms) == 0 && len(joined) > 0 {
		// a hyphenated word whose parts are all stop words ("A-A") is a word of its own
		q.addWord(text, joined[0])
		joined = joined[1:]
	}
	q.Words = len(q.Terms)
	for _, t := range joined {
		of := 0
		for i := range q.Words {
			if q.Terms[i].Pos == t.Pos {
				of = i
			}
		}
		q.Add(t.Term, Joined, of, p.JoinedWeight, p.DerivedCredit)
	}
	for i := range q.Words {
		w, common := p.CommonExpansionWeight, q.Terms[i].DF >= p.ExpandBelowDF
		if !common {
			w = p.ExpansionWeight
		}
		for _, s := range a.Expand(q.Terms[i].Term) {
			if q.Add(s, Expansion, i, w, p.DerivedCredit) {
				q.Terms[len(q.Terms)-1].RescoreOnly = common
			}
		}
	}
	return q
}

// MatchVocabulary adds the corpus' forms of the question's words that v knows and the
// question does not: the other form of each number; for a word no passage holds, the
// corpus word its misspelling is nearest to (only for words that look misspelt, not
// for words English knows), or else its parts when the corpus has them apart; and the
// joined form of two neighbouring words the corpus has only together.
func (q *Question) MatchVocabulary(v *Vocabulary, p QueryParams) {
	for i := range q.Words {
		w := q.Terms[i]
		for _, n := range NumberTerms(w.Term) {
			if v.DF(n) > 0 {
				q.Add(n, NumberForm, i, p.NumberWeight, 1)
			}
		}
		if w.DF > 0 {
			continue
		}
		if LikelyTypo(w.Word) {
			if ms := v.NearWord(w.Word, 1); len(ms) > 0 {
				weight := p.FuzzyWeight
				if ms[0].Distance > 1 {
					weight /= 2
				}
				q.Add(ms[0].Term, Fuzzy, i, weight, p.FuzzyCredit)
				continue
			}
		}
		for _, m := range v.SplitWord(w.Word) {
			q.Add(m.Term, Fuzzy, i, p.SplitWeight, p.FuzzyCredit)
		}
	}
	for i := 0; i+1 < q.Words; i++ {
		a, b := q.Terms[i], q.Terms[i+1]
		if b.Pos != a.Pos+1 || a.Word == "" || b.Word == "" {
			continue
		}
		if m, ok := v.JoinWords(a.Word, b.Word); ok {
			q.Add(m.Term, Fuzzy, i, p.SplitWeight, p.FuzzyCredit)
		}
	}
}

// addWord appends token t of text as a word of the question.
func (q *Question) addWord(text string, t Token) {
	q.seen[t.Term] = true
	q.Terms = append(q.Terms, q.term(QueryTerm{Term: t.Term, Kind: Word, Weight: 1, Credit: 1, Pos: t.Pos,
		Of: len(q.Terms), Word: text[t.Start:t.End]}))
}

// NewQuestion analyses a question with the default Analyzer; see Analyzer.NewQuestion.
func NewQuestion(text string, p QueryParams, n int, df func(term string) int) *Question {
	return Default().NewQuestion(text, p, n, df)
}

// Add appends a term derived from question word of, unless the question has it already.
// weight is relative to the word's own weight.
func (q *Question) Add(term string, kind TermKind, of int, weight, credit float64) bool {
	if q.seen[term] {
		return false
	}
	q.seen[term] = true
	w := q.Terms[of]
	q.Terms = append(q.Terms, q.term(QueryTerm{Term: term, Kind: kind, Weight: weight * w.Weight,
		Credit: credit, Pos: w.Pos, Of: of}))
	return true
}

// Has reports whether the question holds term, as a word or derived.
func (q *Question) Has(term string) bool { return q.seen[term] }

func (q *Question) term(t QueryTerm) QueryTerm {
	if q.df != nil {
		t.DF = q.df(t.Term)
	}
	t.IDF = IDF(q.Passages, t.DF)
	return t
}

// searchable reports whether an analysed term is worth searching: not punctuation-only.
func searchable(term string) bool {
	for _, r := range term {
		if isWordRune(r) {
			return true
		}
	}
	return false
}
