package rank

import (
	"math"
	"slices"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// The evidence features the decision reads, each in [0,1] or close to it. Their order is
// that of DecisionParams.Weights; FeatureNames names them for the fitting command.
const (
	featTopCoverage   = iota // idf share of the question's words the first passage holds (with its heading, title, authors)
	featDocCoverage          // the same over the first document's re-ranked passages together
	featSentCoverage         // the same in the answer sentence alone
	featChain                // idf share of the longest run of question words the first passage holds in order
	featAbsent               // idf share of the question's words no passage holds, nor any term standing for them
	featMargin               // how far the first document's score is above the next document's, relative to it
	featAgreement            // share of the first agreeDepth passages that come from the first document
	featScore                // the first passage's BM25 over the most its question terms could score
	featShortQuestion        // 1 / the number of question words
	featWindow               // idf share of the question's words the first passage holds within a window
	featTyped                // 1 when the question asks for a kind of thing a sentence can be checked for (a number, a date, a name...)
	featTypeMatch            // for such a question, how clearly the answer sentence holds that kind of thing near the question's words
	featMissingRare          // idf of the rarest question word the first document lacks, over the rarest word's
	featNearSpelt            // idf share of the question's words the corpus holds only in a near spelling or split
	numFeatures
)

// FeatureNames names the decision features in DecisionParams.Weights order.
var FeatureNames = [numFeatures]string{
	"top_coverage", "doc_coverage", "sentence_coverage", "chain", "absent",
	"margin", "agreement", "score", "short_question", "window", "typed", "type_match", "missing_rare", "near_spelt",
}

// agreeDepth is how many of the first passages the agreement feature looks at.
const agreeDepth = 5

// Features are the evidence features of one result, in FeatureNames order.
type Features [numFeatures]float64

// Features measures the evidence of a ranking for the decision. cands are re-ranked, best
// first, and not empty; sent is the chosen answer sentence.
func (e *Engine) Features(p *Params, q *analysis.Question, cands []Candidate, sent Sentence) Features {
	var f Features
	top := cands[0]
	doc := e.docOf[top.Passage]
	words := q.Terms[:q.Words]
	f[featTopCoverage] = top.ev.coverage
	credit := slices.Clone(top.ev.credit)
	inDoc, other := 0, -1.0
	for j := range cands {
		if j >= p.RerankDepth {
			break
		}
		c := &cands[j]
		if e.docOf[c.Passage] == doc {
			for k, v := range c.ev.credit {
				credit[k] = max(credit[k], v)
			}
			if j < agreeDepth {
				inDoc++
			}
		} else if other < 0 {
			other = c.Score
		}
	}
	f[featDocCoverage] = coverage(words, credit)
	var rarest, missing float64
	for k, w := range words {
		rarest = max(rarest, w.IDF)
		if credit[k] == 0 {
			missing = max(missing, w.IDF)
		}
	}
	if rarest > 0 {
		f[featMissingRare] = missing / rarest
	}
	f[featSentCoverage] = sent.ev.coverage
	f[featChain] = top.ev.chain
	f[featAbsent], f[featNearSpelt] = absentShare(q)
	if top.Score > 0 {
		if other < 0 {
			other = 0
		}
		f[featMargin] = (top.Score - other) / top.Score
	}
	f[featAgreement] = float64(inDoc) / float64(min(agreeDepth, len(cands)))
	f[featScore] = scoreShare(p, q, top.rescored)
	f[featShortQuestion] = 1 / float64(q.Words)
	f[featWindow] = top.ev.window
	if q.Type.Checkable() {
		f[featTyped] = 1
		f[featTypeMatch] = sent.answer.TypeMatch
	}
	return f
}

// absentShare is the idf share of the question's words that the index holds neither
// them nor any term standing for them: a question about something the corpus never
// mentions. A word found only through a derived term (a synonym, an abbreviation) counts
// as absent for the rest of that term's credit; one found only in a near spelling counts
// as absent, and nearSpelt is the idf share of such words: a misspelt word and a name
// the corpus lacks look alike, and the decision weighs the two apart.
func absentShare(q *analysis.Question) (absent, nearSpelt float64) {
	found := make([]float64, q.Words)
	near := make([]bool, q.Words)
	for _, t := range q.Terms {
		switch {
		case t.DF == 0:
		case t.Kind == analysis.Fuzzy:
			near[t.Of] = true
		default:
			found[t.Of] = max(found[t.Of], t.Credit)
		}
	}
	var sum float64
	for i, t := range q.Terms[:q.Words] {
		sum += t.IDF
		absent += t.IDF * (1 - found[i])
		if near[i] && found[i] == 0 {
			nearSpelt += t.IDF
		}
	}
	if sum == 0 {
		return 0, 0
	}
	return absent / sum, nearSpelt / sum
}

// scoreShare is a rescored BM25 score over the score a passage would reach holding every
// ranked question word at the rescoring's saturation: comparable across questions and
// corpora, where the raw score grows with the question's length and idfs.
func scoreShare(p *Params, q *analysis.Question, score float64) float64 {
	var most float64
	for _, t := range q.Terms[:q.Words] {
		most += t.Weight * t.IDF * (p.RescoreK1 + 1)
	}
	if most <= 0 {
		return 0
	}
	return min(score/most, 1)
}

// Probability is the answer model's probability that the first passage answers.
func (d DecisionParams) Probability(f Features) float64 { return logistic(d.Bias, d.Weights, f) }

// OnTopic is the topic model's probability that the corpus is on the question's topic.
func (d DecisionParams) OnTopic(f Features) float64 { return logistic(d.TopicBias, d.TopicWeights, f) }

func logistic(bias float64, w [numFeatures]float64, f Features) float64 {
	z := bias
	for i, x := range w {
		z += x * f[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// Decide returns the confidence of a result with evidence f, the probability that its
// first passage answers, its topic probability, and the outcome: refused when the topic
// probability is below refuse (never when refuse is negative), hedged when the confidence
// is below d.Hedge, else a confident answer.
func (d DecisionParams) Decide(f Features, refuse float64) (confidence, topic float64, refused, hedged bool) {
	confidence, topic = d.Probability(f), d.OnTopic(f)
	refused = refuse >= 0 && topic < refuse
	hedged = !refused && confidence < d.Hedge
	return confidence, topic, refused, hedged
}
