package analysis

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// NearWord is Near for a question word as typed: it analyses word and matches its term,
// and when that finds nothing one edit away it also tries every one-edit variant of the
// folded word itself, analysed. The second step finds a typo that broke the suffix, so
// that the word no longer stems like the word meant: "talkng" stems to "talkng", two edits
// from "talk", but "talking" is one edit from it; "decmber" stems to "decmber" while
// "december" stems to "decemb". It costs up to a few hundred stemmings (benchmarked in
// docs/vocabulary.md), so it runs only when the term alone finds nothing one edit away.
//
// Like Near, call it only for a word whose term the corpus lacks; see also KnownTerm.
func (v *Vocabulary) NearWord(word string, max int) []Match {
	a := Default()
	f := foldWord(word)
	term, ok := a.termFolded(f)
	if !ok {
		return nil
	}
	out := v.Near(term, max)
	if len(out) > 0 && out[0].Distance <= 1 || MaxDistance(len(f)) == 0 || !isLowerASCII(f) {
		return out
	}
	for _, m := range v.oneEditAway(a, f, term) {
		if i := slices.IndexFunc(out, func(o Match) bool { return o.Term == m.Term }); i >= 0 {
			out[i].Distance = min(out[i].Distance, m.Distance)
			continue
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.Distance, b.Distance), cmp.Compare(b.DF, a.DF), cmp.Compare(a.Term, b.Term))
	})
	return out[:min(max, len(out))]
}

// suffixEditRunes is how far from the end of a word oneEditAway tries edits: a typo
// further in changes the stem the same way as the word, which Near already matches, but
// one in the last letters can change which suffix the stemmer strips ("talkng",
// "plannin", "decmber").
const suffixEditRunes = 5

// oneEditAway returns the corpus terms of the words one edit (deletion, swap of
// neighbours, substitution, insertion of a letter) within the last suffixEditRunes
// letters of the folded word f, other than term, f's own term. An edited word is stemmed
// only if some corpus term starts with its first four letters (stems keep a word's start).
func (v *Vocabulary) oneEditAway(a *Analyzer, f, term string) []Match {
	var out []Match
	var b strings.Builder
	try := func(parts ...string) {
		b.Reset()
		for _, p := range parts {
			b.WriteString(p)
		}
		w := b.String()
		if !v.hasPrefix(w[:min(len(w), minIndexedRunes)]) {
			return
		}
		t, ok := a.termFolded(w)
		if !ok || t == term {
			return
		}
		if df := v.DF(t); df > 0 && !slices.ContainsFunc(out, func(m Match) bool { return m.Term == t }) {
			out = append(out, Match{Term: t, Distance: 1, DF: df})
		}
	}
	const letters = "abcdefghijklmnopqrstuvwxyz"
	for i := max(0, len(f)-suffixEditRunes); i <= len(f); i++ {
		head, tail := f[:i], f[i:]
		if i >= minIndexedRunes && !v.hasPrefix(f[:minIndexedRunes]) {
			break // no edit from here on changes the first letters
		}
		if i < len(f) {
			try(head, tail[1:])
			if i+1 < len(f) && f[i] != f[i+1] {
				try(head, tail[1:2], tail[:1], tail[2:])
			}
		}
		for c := range len(letters) {
			l := letters[c : c+1]
			if i < len(f) && f[i] != l[0] {
				try(head, l, tail[1:])
			}
			if i == 0 || f[i-1] != l[0] { // inserting before or after a run of l is the same word
				try(head, l, tail)
			}
		}
	}
	return out
}

// hasPrefix reports whether some term starts with p.
func (v *Vocabulary) hasPrefix(p string) bool {
	i, _ := slices.BinarySearch(v.terms, p)
	return i < len(v.terms) && strings.HasPrefix(v.terms[i], p)
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// LikelyTypo reports whether a question word whose term the corpus lacks may be a typo
// worth matching with NearWord, by the word alone: not a casual stop word, at least five
// letters, no digit, no capital after the first letter ("PTPRS", "hDLE", "RUNX" are
// symbols typed on purpose, and their neighbours are other symbols), and not a word
// WordNet knows, with or without a negating or repeating prefix ("unmodified",
// "defunded"): a known word the corpus lacks is a word the corpus does not use, and its
// neighbours are other words ("messing" → "mass", "warm" → "war"). docs/vocabulary.md
// measures each rule.
func LikelyTypo(word string) bool {
	f := foldWord(word)
	if len(f) < minFuzzyRunes || !isLowerASCII(f) || hasInnerCapital(word) {
		return false
	}
	a := Default()
	term, ok := a.termFolded(f)
	if !ok || IsCasualStop(term) || KnownTerm(term) {
		return false
	}
	for _, p := range []string{"un", "non", "dis", "de", "re", "mis", "in", "im"} {
		if rest, ok := strings.CutPrefix(f, p); ok && len(rest) >= minFuzzyRunes {
			if t, ok := a.termFolded(rest); ok && KnownTerm(t) {
				return false
			}
		}
	}
	return true
}

// hasInnerCapital reports whether word has an upper-case letter after its first rune.
func hasInnerCapital(word string) bool {
	for i, r := range word {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}
