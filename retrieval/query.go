package retrieval

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// Field weights: a question's words found in a passage's document title or section
// heading count for more than the same words in its text.
const (
	boostText    = 1.0
	boostTitle   = 0.6
	boostHeading = 0.5
	boostAuthor  = 0.5
	boostSynonym = 0.1 // an expansion counts for much less than the word asked
)

// qterm is one distinct content term of a question.
type qterm struct {
	Term    string
	Weight  float64 // 1 for a word of the question, boostSynonym for an expansion
	Of      int     // for an expansion, the index of the term it expands; else its own index
	QPos    int     // position in the question (first occurrence)
	IDF     float64 // BM25 idf in the text field, set when the query runs
	DF      int
	Synonym bool
}

// cleanQuestion trims the question, replaces invalid UTF-8 and drops control
// characters, and checks its length. The error is fit to show a user.
func cleanQuestion(s string) (string, error) {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r) || r == '\uFEFF' || unicode.Is(unicode.Cf, r) && r != '\u200d':
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "", &QueryError{Reason: "Ask a question: the text is empty."}
	}
	if n := utf8.RuneCountInString(s); n > MaxQueryRunes {
		return "", &QueryError{Reason: fmt.Sprintf(
			"The question is too long: %d characters, the limit is %d. Ask it in fewer words.", n, MaxQueryRunes)}
	}
	return s, nil
}

// questionTerms analyses a cleaned question into its distinct content terms, in order,
// with their expansions appended.
func questionTerms(q string) ([]qterm, error) {
	toks := analyze(q)
	var terms []qterm
	var joined []token
	seen := map[string]bool{}
	for _, t := range toks {
		if seen[t.Term] || !searchable(t.Term) {
			continue
		}
		if t.Joined {
			joined = append(joined, t)
			continue
		}
		seen[t.Term] = true
		terms = append(terms, qterm{Term: t.Term, Weight: 1, Of: len(terms), QPos: t.Pos})
	}
	if len(terms) == 0 {
		if hasLetters(q) {
			return nil, &QueryError{Reason: "Ask a question with words that say what you are looking for: " +
				"common words like \"what\" or \"the\" alone are not searchable."}
		}
		return nil, &QueryError{Reason: "Ask a question in words: there is nothing to search for in it."}
	}
	n := len(terms)
	// the joined form of a hyphenated word ("nationalshiism") stands for its first part:
	// its parts already count in full
	for _, t := range joined {
		if seen[t.Term] {
			continue
		}
		seen[t.Term] = true
		of := 0
		for i := range n {
			if terms[i].QPos == t.Pos {
				of = i
			}
		}
		terms = append(terms, qterm{Term: t.Term, Weight: boostSynonym, Of: of, QPos: t.Pos, Synonym: true})
	}
	for i := 0; i < n; i++ {
		for _, s := range expand(terms[i].Term) {
			if seen[s] {
				continue
			}
			seen[s] = true
			terms = append(terms, qterm{Term: s, Weight: boostSynonym, Of: i, QPos: terms[i].QPos, Synonym: true})
		}
	}
	return terms, nil
}

// expand returns terms related to an analysed term (synonyms, derivations, demonyms),
// analysed the same way, from the analysis package's lexicon.
func expand(term string) []string { return analysis.Expand(term) }

// searchable reports whether an analysed term is worth searching: not punctuation-only.
func searchable(term string) bool {
	for _, r := range term {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// commonShare is the share of passages above which a term counts as common. As in
// Lucene's common-terms query, common terms only add to the score of passages that match
// a rarer term of the question: they barely change the ranking but cost the most to
// search. Expansions are treated the same way: they add to passages that match a word of
// the question and never bring in a passage on their own (unless every word asked is
// common), except the expansions of a word that no passage holds, which stand in for it.
// On SciFact train (nDCG@10) 0.1 gave 0.657, 0.15 0.667, 0.2 0.672, no split 0.666;
// 0.15 keeps an answer at 30,000 generated passages near 5 ms of CPU. Below
// splitMinPassages every term is searched alike: a small index is fast either way.
const (
	commonShare      = 0.15
	splitMinPassages = 2000
)

// searchField is a field a question is looked for in, and the weight of a match there.
type searchField struct {
	name  string
	boost float64
}

// searchFields are every field a question can be found in.
var searchFields = []searchField{
	{fieldText, boostText}, {fieldTitle, boostTitle}, {fieldHeading, boostHeading}, {fieldAuthor, boostAuthor},
}

// textQuery builds the bleve query for terms of a question, over n passages, looking in
// fields. It is built from analysed terms only, never parsed from the user's text.
func textQuery(terms []qterm, n int, fields []searchField) query.Query {
	var rare, common []qterm
	for _, t := range terms {
		// an expansion of a word no passage holds stands in for it
		standIn := t.Synonym && terms[t.Of].DF == 0
		switch {
		case t.DF == 0: // matches nothing: a typo or a word the corpus lacks
		case t.Synonym && !standIn || float64(t.DF) > commonShare*float64(n):
			common = append(common, t)
		default:
			rare = append(rare, t)
		}
	}
	if len(rare) == 0 || len(common) == 0 || n < splitMinPassages {
		return anyTerm(terms, fields)
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(anyTerm(rare, fields))
	bq.AddShould(anyTerm(common, fields))
	return bq
}

// anyTerm matches passages holding any of terms in any of fields.
func anyTerm(terms []qterm, fields []searchField) query.Query {
	var should []query.Query
	for _, t := range terms {
		for _, f := range fields {
			tq := bleve.NewTermQuery(t.Term)
			tq.SetField(f.name)
			tq.SetBoost(f.boost * t.Weight)
			should = append(should, tq)
		}
	}
	return bleve.NewDisjunctionQuery(should...)
}

// bm25IDF is the idf of a term found in df of n passages, as BM25 computes it.
func bm25IDF(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}
