// Package eval measures retrieval quality: dev-set metrics for question files (hit@k, MRR,
// no-answer accuracy, as ../shared/eval/score.py computes them) and BEIR ranking metrics
// (nDCG@10, recall@100, MRR@10 as trec_eval computes them) with TREC run files and latency.
package eval

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normMap is norm.py's character map: dashes to "-", curly quotes to straight, NBSP to space.
var normMap = map[rune]rune{
	'\u2011': '-', '\u2010': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-',
	'\u2019': '\'', '\u2018': '\'', '\u201c': '"', '\u201d': '"', '\u00a0': ' ',
}

// Normalize folds text the way norm.py does before a gold "contains" check: NFKC, the
// dash/quote map, runs of white space to one space, trimmed, lowercased (with Python's
// full lowercasing of İ and final sigma).
func Normalize(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if m, ok := normMap[r]; ok {
			r = m
		}
		if isPySpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return pyLower(b.String())
}

// isPySpace reports whether Python's re \s matches r (str.isspace): Go's unicode.IsSpace
// plus the information separators U+001C..U+001F.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// pyLower lowercases like Python's str.lower: full case mapping for U+0130 and the
// Final_Sigma rule for Σ.
func pyLower(s string) string {
	if !strings.ContainsAny(s, "\u0130\u03a3") {
		return strings.ToLower(s)
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		switch r {
		case '\u0130':
			b.WriteString("i\u0307")
		case '\u03a3':
			if finalSigma(rs, i) {
				b.WriteRune('ς')
			} else {
				b.WriteRune('σ')
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma applies Unicode's Final_Sigma context: a cased letter before (skipping
// case-ignorable characters) and none after.
func finalSigma(rs []rune, i int) bool {
	before := false
	for j := i - 1; j >= 0; j-- {
		if caseIgnorable(rs[j]) {
			continue
		}
		before = cased(rs[j])
		break
	}
	if !before {
		return false
	}
	for j := i + 1; j < len(rs); j++ {
		if caseIgnorable(rs[j]) {
			continue
		}
		return !cased(rs[j])
	}
	return true
}

func cased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r)
}

func caseIgnorable(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk) ||
		r == '\'' || r == '.' || r == ':' || r == '\u00b7' || r == '\u2019'
}
