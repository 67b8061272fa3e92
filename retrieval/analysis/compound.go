package analysis

// SplitWord finds a question word the corpus lacks written as one that the corpus holds
// as two ("centralasia" → "central" + "asia", "airforce"): it returns the terms of the
// two parts, both in the vocabulary, for the split whose rarer part is the most frequent,
// or nil (also when the corpus holds the word's own term). Each part has at least three letters, so that "alot" is not "a" + "lot".
func (v *Vocabulary) SplitWord(word string) []Match {
	a := Default()
	f := foldWord(word)
	if len(f) < 6 || !isLowerASCII(f) {
		return nil
	}
	if t, ok := a.termFolded(f); !ok || v.DF(t) > 0 {
		return nil
	}
	var best []Match
	for i := 3; i <= len(f)-3; i++ {
		l, lok := a.termFolded(f[:i])
		r, rok := a.termFolded(f[i:])
		if !lok || !rok {
			continue
		}
		ldf, rdf := v.DF(l), v.DF(r)
		if ldf == 0 || rdf == 0 {
			continue
		}
		if best == nil || min(ldf, rdf) > min(best[0].DF, best[1].DF) {
			best = []Match{{Term: l, Distance: 1, DF: ldf}, {Term: r, Distance: 1, DF: rdf}}
		}
	}
	return best
}

// JoinWords finds two neighbouring question words that the corpus writes as one ("data
// base" → "databas", "head quarters"): the term of the joined words when the
// vocabulary holds it.
func (v *Vocabulary) JoinWords(left, right string) (Match, bool) {
	t, ok := Default().termFolded(foldWord(left) + foldWord(right))
	if !ok {
		return Match{}, false
	}
	if df := v.DF(t); df > 0 {
		return Match{Term: t, Distance: 1, DF: df}, true
	}
	return Match{}, false
}
