package analysis

import "math"

// BM25 is textbook Okapi BM25 (raw term frequency, the real average length, no
// coordination factor), for rescoring bleve's best candidates (retrieval.Params holds its
// k1 and b): on SciFact train it lifted nDCG@10 from 0.6950 to 0.7044 (docs/retrieval.md).
type BM25 struct{ K1, B float64 }

// IDF is BM25's inverse document frequency of a term found in df of n passages.
func IDF(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// Score is one term's contribution to a passage's score: idf · tf·(k1+1) /
// (tf + k1·(1 − b + b·docLen/avgLen)). tf counts the term in the passage's indexed text
// (title, heading and text, as analysed by Tokens), docLen is that text's number of
// tokens and avgLen their mean over the index. A passage's score is the sum over
// a question's terms of Weight · Score.
func (p BM25) Score(idf, tf, docLen, avgLen float64) float64 {
	if tf <= 0 {
		return 0
	}
	norm := 1.0
	if avgLen > 0 {
		norm = 1 - p.B + p.B*docLen/avgLen
	}
	return idf * tf * (p.K1 + 1) / (tf + p.K1*norm)
}
