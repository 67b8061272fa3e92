package rank

import (
	"unicode"
	"unicode/utf8"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// The features of a candidate answer sentence, each in [0,1] or close to it, in the order
// of SentenceParams.Weights; SentenceFeatureNames names them for the fitting command. A
// sentence's score is the weighted sum of its features: a linear model fitted on SQuAD's
// gold sentences (a conditional logistic regression over each question's candidates).
const (
	sfCoverage     = iota // idf share of the question's words the sentence holds
	sfProx                // idf share of adjacent question-word pairs found near each other
	sfChain               // idf share of the longest run of question words in order, each near the last
	sfBigram              // idf share of adjacent question-word pairs found next to each other
	sfContext             // the coverage the sentence before adds: "He was born in 1856" after "Nikola Tesla..."
	sfContextAfter        // the coverage the sentence after adds
	sfFragment            // 1 when the sentence has fewer than FragmentWords terms: a heading or fragment
	sfNovelty             // share of the sentence's terms that are not the question's: what it adds
	sfNames               // capitalised words not in the question, not starting the sentence (up to 4, over 4)
	sfNumbers             // numbers not in the question (up to 2, over 2)
	sfFirst               // 1 for the passage's first sentence
	sfPosition            // place in the passage: 0 first, 1 last
	sfLength              // terms, up to 60, over 60
	sfTypeMatch           // the kind of thing asked, near the question's words (analysis.AnswerFeatures)
	sfTypePresent         // the kind of thing asked, anywhere in the sentence
	sfTypedNumbers        // sfNumbers when the question asks for a number or a date
	sfTypedNames          // sfNames when the question asks for a person, a place or an organisation
	sfPassage             // the passage's coverage of the question (with its heading, title, authors)
	sfWindow              // the passage's window coverage (Params.WindowSize)
	sfRank                // the passage's rank among the candidates, from 0
	sfScore               // the passage's score over the first passage's
	numSentenceFeatures
)

// SentenceFeatureNames names the answer-sentence features in SentenceParams.Weights order.
var SentenceFeatureNames = [numSentenceFeatures]string{
	"coverage", "prox", "chain", "bigram", "context", "context_after", "fragment", "novelty",
	"names", "numbers", "first", "position", "length", "type_match", "type_present",
	"typed_numbers", "typed_names", "passage", "window", "rank", "score",
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
