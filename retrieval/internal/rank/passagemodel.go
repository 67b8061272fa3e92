package rank

import (
	"math"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// The features of a re-ranked candidate passage, for measuring a learned re-ranking
// (docs/retrieval.md, fifth round): PassageFeatureNames names them.
const (
	pfScore        = iota // log of the re-ranked score
	pfScoreRatio          // the re-ranked score over the first candidate's
	pfBM25                // log of the rescored BM25
	pfBM25Ratio           // the rescored BM25 over the most of the re-ranked candidates
	pfCoverage            // idf share of the question's words the passage holds (with its title, heading, authors)
	pfWindow              // window coverage
	pfChain               // the longest phrase
	pfProx                // adjacent question-word pairs found near each other
	pfSentScore           // the best sentence's model score
	pfSentCoverage        // the best sentence's coverage
	pfSentTitled          // the best sentence's coverage counting the title's words
	pfSentType            // the kind of thing asked near the question's words, in the best sentence
	pfSentPresent         // the kind of thing asked anywhere in the best sentence
	pfTitle               // idf share of the question's words the title, heading or authors hold
	pfLength              // log of the passage's indexed length over the average
	pfRank                // rank among the re-ranked candidates over their number
	pfRecipRank           // 1 / (1 + rank)
	pfDocFirst            // 1 for its document's first passage among the candidates
	pfDocShare            // share of the candidates from its document
	pfDocMargin           // log of its document's best score over the best other document's
	pfCheckable           // 1 when the question asks for a kind of thing (the same for every candidate)
	numPassageFeatures
)

// PassageFeatureNames names the passage features in PassageFeatures order.
var PassageFeatureNames = [numPassageFeatures]string{
	"score", "score_ratio", "bm25", "bm25_ratio", "coverage", "window", "chain", "prox",
	"sent_score", "sent_coverage", "sent_titled", "sent_type", "sent_present", "title",
	"length", "rank", "recip_rank", "doc_first", "doc_share", "doc_margin", "checkable",
}

// PassageFeatures are one re-ranked candidate's features.
type PassageFeatures [numPassageFeatures]float64

// PassageFeatures measures the features of the first RerankDepth candidates, ranked
// (Rescore, then Rerank).
func (e *Engine) PassageFeatures(p *Params, q *analysis.Question, cands []Candidate) []PassageFeatures {
	d := min(p.RerankDepth, len(cands))
	if d == 0 {
		return nil
	}
	want := TermSet(q.Terms)
	logOf := func(v float64) float64 { return math.Log(max(v, 1e-6)) }
	var topBM25 float64
	best := map[int]float64{} // document → its best score among the candidates
	count := map[int]int{}
	for _, c := range cands[:d] {
		topBM25 = max(topBM25, c.rescored)
		doc := e.docOf[c.Passage]
		if _, ok := best[doc]; !ok {
			best[doc] = c.Score
		}
		count[doc]++
	}
	out := make([]PassageFeatures, d)
	seen := map[int]bool{}
	for r := range cands[:d] {
		c := &cands[r]
		x := &out[r]
		doc := e.docOf[c.Passage]
		x[pfScore] = logOf(c.Score)
		if cands[0].Score > 0 {
			x[pfScoreRatio] = c.Score / cands[0].Score
		}
		x[pfBM25] = logOf(c.rescored)
		if topBM25 > 0 {
			x[pfBM25Ratio] = c.rescored / topBM25
		}
		x[pfCoverage], x[pfWindow], x[pfChain], x[pfProx] = c.ev.coverage, c.ev.window, c.ev.chain, c.ev.prox
		s := e.bestSentence(p, q, c, want)
		x[pfSentScore], x[pfSentCoverage], x[pfSentTitled] = s.score, s.ev.coverage, s.titled
		x[pfSentType], x[pfSentPresent] = s.answer.TypeMatch, s.answer.TypePresent
		if c.extra != nil {
			x[pfTitle] = measure(q, nil, c.extra, p.ProxWindow).coverage
		}
		if e.fields.avgLength > 0 {
			x[pfLength] = math.Log(max(float64(e.fields.length[c.Passage]), 1) / e.fields.avgLength)
		}
		x[pfRank] = float64(r) / float64(d)
		x[pfRecipRank] = 1 / float64(1+r)
		if !seen[doc] {
			x[pfDocFirst] = 1
			seen[doc] = true
		}
		x[pfDocShare] = float64(count[doc]) / float64(d)
		other := 0.0
		for o, s := range best {
			if o != doc {
				other = max(other, s)
			}
		}
		if other > 0 {
			x[pfDocMargin] = logOf(best[doc]) - logOf(other)
		}
		if q.Type.Checkable() {
			x[pfCheckable] = 1
		}
	}
	return out
}
