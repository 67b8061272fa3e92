package retrieval

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// boostSynonym weights an expansion in the evidence measures: it counts for much less
// than the word asked.
const boostSynonym = 0.1

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

// bm25IDF is the idf of a term found in df of n passages, as BM25 computes it.
func bm25IDF(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}
