package rank

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// The features of a candidate answer sentence, each in [0,1] or close to it, in the order
// of SentenceParams.Weights; SentenceFeatureNames names them for the fitting command. A
// sentence's score is the weighted sum of its features: a linear model fitted on SQuAD's
// gold sentences (a conditional logistic regression over each question's candidates).
const (
	sfCoverage      = iota // idf share of the question's words the sentence holds
	sfProx                 // idf share of adjacent question-word pairs found near each other
	sfChain                // idf share of the longest run of question words in order, each near the last
	sfBigram               // idf share of adjacent question-word pairs found next to each other
	sfContext              // the coverage the sentence before adds: "He was born in 1856" after "Nikola Tesla..."
	sfContextAfter         // the coverage the sentence after adds
	sfFragment             // 1 when the sentence has fewer than FragmentWords terms: a heading or fragment
	sfNovelty              // share of the sentence's terms that are not the question's: what it adds
	sfNames                // capitalised words not in the question, not starting the sentence (up to 4, over 4)
	sfNumbers              // numbers not in the question (up to 2, over 2)
	sfFirst                // 1 for the passage's first sentence
	sfPosition             // place in the passage: 0 first, 1 last
	sfLength               // terms, up to 60, over 60
	sfTypeMatch            // the kind of thing asked, near the question's words (analysis.AnswerFeatures)
	sfTypePresent          // the kind of thing asked, anywhere in the sentence
	sfTypedNumbers         // sfNumbers when the question asks for a number or a date
	sfTypedNames           // sfNames when the question asks for a person, a place or an organisation
	sfPassage              // the passage's coverage of the question (with its heading, title, authors)
	sfWindow               // the passage's window coverage (Params.WindowSize)
	sfRank                 // the passage's rank among the candidates, from 0
	sfScore                // the passage's score over the first passage's
	sfSoft                 // idf share of the question's words not found but part of, or sharing a 5-letter start with, a term of the sentence ("name" in "renamed")
	sfRarest               // 1 when the sentence holds the question's rarest word
	sfCount                // share of the question's words found, each counting alike
	sfBestInPassage        // 1 when no other sentence of the passage covers more of the question
	sfCoverage2            // coverage squared
	sfTitled               // coverage counting the words the passage's heading, title or authors hold as found
	sfShare                // sfTitled over the passage's coverage: how much of what the passage holds is here
	numSentenceFeatures
)

// SentenceFeatureNames names the answer-sentence features in SentenceParams.Weights order.
var SentenceFeatureNames = [numSentenceFeatures]string{
	"coverage", "prox", "chain", "bigram", "context", "context_after", "fragment", "novelty",
	"names", "numbers", "first", "position", "length", "type_match", "type_present",
	"typed_numbers", "typed_names", "passage", "window", "rank", "score",
	"soft", "rarest", "count", "best_in_passage", "coverage2", "titled", "share",
}

// SentenceWeights weigh the answer-sentence features (SentenceFeatureNames order).
type SentenceWeights [numSentenceFeatures]float64

// SentenceFeatures are one candidate sentence's features.
type SentenceFeatures = SentenceWeights

// score is w·x.
func (w *SentenceWeights) score(x *SentenceFeatures) float64 {
	var s float64
	for i, v := range x {
		s += w[i] * v
	}
	return s
}

// typeBound is the most the answer-type features, measured last, can add to a score.
func (w *SentenceWeights) typeBound() float64 {
	return max(w[sfTypeMatch], 0) + max(w[sfTypePresent], 0)
}

// addedContent measures what a sentence's tokens add beyond the question's terms (want):
// the share of its terms that are not the question's, and the capitalised words and the
// numbers among them. A word starting the sentence is capitalised anyway and not counted.
func addedContent(x *SentenceFeatures, text string, in []token, want map[string]bool, start int, t analysis.AnswerType) {
	terms, novel, names, numbers := 0, 0, 0, 0
	first := start // where the sentence's first word starts
	for first < len(text) {
		r, size := utf8.DecodeRuneInString(text[first:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		first += size
	}
	for _, tk := range in {
		if tk.Joined {
			continue
		}
		terms++
		if want[tk.Term] {
			continue
		}
		novel++
		r, _ := utf8.DecodeRuneInString(text[tk.Start:])
		switch {
		case r >= '0' && r <= '9':
			numbers++
		case unicode.IsUpper(r) && tk.Start > first:
			names++
		}
	}
	if terms > 0 {
		x[sfNovelty] = float64(novel) / float64(terms)
	}
	x[sfNames] = float64(min(names, 4)) / 4
	x[sfNumbers] = float64(min(numbers, 2)) / 2
	x[sfLength] = float64(min(terms, 60)) / 60
	switch t {
	case analysis.Number, analysis.Date:
		x[sfTypedNumbers] = x[sfNumbers]
	case analysis.Person, analysis.Place, analysis.Organisation:
		x[sfTypedNames] = x[sfNames]
	}
}

// wordMatches sets the features read from which of the question's words the sentence
// holds (credit, from its evidence) and how: its rarest word, the share found counting
// each alike, and those not found that a term of the sentence contains or begins alike.
func wordMatches(x *SentenceFeatures, q *analysis.Question, credit []float64, in []token) {
	words := q.Terms[:q.Words]
	rarest, found := 0, 0.0
	var sum, soft float64
	for i, w := range words {
		if w.IDF > words[rarest].IDF {
			rarest = i
		}
		found += credit[i]
		sum += w.IDF
		if credit[i] > 0 || len(w.Term) < 4 {
			continue
		}
		for _, tk := range in {
			if !tk.Joined && len(tk.Term) >= 4 && alike(w.Term, tk.Term) {
				soft += w.IDF
				break
			}
		}
	}
	if len(words) > 0 {
		x[sfRarest] = credit[rarest]
		x[sfCount] = found / float64(len(words))
	}
	if sum > 0 {
		x[sfSoft] = soft / sum
	}
	x[sfCoverage2] = x[sfCoverage] * x[sfCoverage]
}

// alike reports whether one term contains the other or both begin with the same five
// bytes.
func alike(a, b string) bool {
	if len(a) >= 5 && len(b) >= 5 && a[:5] == b[:5] {
		return true
	}
	return strings.Contains(a, b) || strings.Contains(b, a)
}
