package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// WordNet lists British and American spellings of a word as members of one synset
// ("tumor, tumour", "anemia, anaemia", "randomize, randomise"). Analysis maps the
// British spelling's stem to the American one's, so both index and query as one term,
// inflections included ("tumours", "randomised").

// spellingRule rewrites a British spelling pattern to the American one.
type spellingRule struct {
	name     string
	from, to string
	suffix   bool // only at the end of the word
}

// spellingRules are the regular British → American patterns. A pair counts only when the
// rewrite of one synset member is another member of the same synset.
var spellingRules = []spellingRule{
	{name: "ae", from: "ae", to: "e"},                 // anaemia, haematology, paediatric
	{name: "oe", from: "oe", to: "e"},                 // foetal, oestrogen, oesophagus
	{name: "our", from: "our", to: "or"},              // tumour, behaviour, colourful
	{name: "ise", from: "ise", to: "ize"},             // randomise, organise
	{name: "isation", from: "isation", to: "ization"}, // organisation
	{name: "yse", from: "yse", to: "yze"},             // analyse, paralyse
	{name: "re", from: "re", to: "er", suffix: true},  // centre, fibre, litre
	{name: "ence", from: "ence", to: "ense"},          // defence, licence, offence
	{name: "ogue", from: "ogue", to: "og"},            // catalogue, analogue
	{name: "ll", from: "ll", to: "l"},                 // travelled, modelling
	{name: "mme", from: "mme", to: "m"},               // programme
}

// Defaults of the generated file, chosen by measurement (docs/retrieval.md).
const (
	defaultSpellingRules = "ae,oe,our,ise,isation,yse,re,ence,ogue,ll,mme"
	defaultSpellingGuard = guardSubset
)

// spellingGuard decides which pairs are left out because the British form is a word of
// its own beyond the American one's meanings.
type spellingGuard string

const (
	// guardSubset maps a form only when every synset it is in holds the canonical form too,
	// but for synsets where it is a proper name.
	guardSubset spellingGuard = "subset"
	// guardNone maps every pair found in some synset.
	guardNone spellingGuard = "none"

	spellingGuards = "subset or none"
)

// maxRewrites bounds the rules applied to one word ("anaesthetise": ae and ise).
const maxRewrites = 2

// spellingVariants returns British form → American form for single-word lemmas of one
// synset that the named rules rewrite into each other. Left out: stop words, a form
// whose stem a lemma other than British spellings shares (the map works on stems), a form
// the stemmer already joins with its canonical, a form with two canonicals or whose
// canonical is itself rewritten, and what guard rules out.
func spellingVariants(syn map[string]*synset, ranks map[string]map[string]int, ruleNames []string, guard spellingGuard) (map[string]string, error) {
	if guard != guardSubset && guard != guardNone {
		return nil, fmt.Errorf("spelling variants: guard %q: want %s", guard, spellingGuards)
	}
	rules, err := pickRules(ruleNames)
	if err != nil {
		return nil, err
	}
	canon := map[string][]string{}
	for _, s := range syn {
		members := map[string]bool{}
		for _, w := range s.words {
			if f := norm(w); f != "" {
				members[f] = true
			}
		}
		for w := range members {
			for _, v := range rewrites(w, rules, maxRewrites) {
				if members[v] && !slices.Contains(canon[w], v) {
					canon[w] = append(canon[w], v)
				}
			}
		}
	}
	an := analysis.Default()
	stemOwners := map[string][]string{} // stem → the lemmas with it
	for lemma := range ranks {
		if f := norm(lemma); f != "" && !slices.Contains(stemOwners[an.Stem(f)], f) {
			stemOwners[an.Stem(f)] = append(stemOwners[an.Stem(f)], f)
		}
	}
	out := map[string]string{}
	for w, cs := range canon {
		if len(cs) != 1 || canon[cs[0]] != nil || analysis.IsStop(w) || analysis.IsStop(cs[0]) {
			continue
		}
		c := cs[0]
		sw, sc := an.Stem(w), an.Stem(c)
		if sw == sc || sharesStem(stemOwners[sw], w, rules, ranks) {
			continue
		}
		if guard == guardSubset && !sensesWithin(w, syn, ranks, c) {
			continue
		}
		out[w] = c
	}
	return out, nil
}

// sharesStem reports whether a lemma stems like w without being, like w, a British
// spelling of some lemma ("paediatrics" may share "paediatric"'s stem, "organisational"
// "organisation"'s).
func sharesStem(owners []string, w string, rules []spellingRule, ranks map[string]map[string]int) bool {
	for _, o := range owners {
		if o == w {
			continue
		}
		if !slices.ContainsFunc(rewrites(o, rules, maxRewrites), func(v string) bool { return ranks[v] != nil }) {
			return true
		}
	}
	return false
}

// sensesWithin reports whether every synset of the variant is one of the canonical's,
// leaving aside synsets where the variant is a proper name ("Centre", a region of France).
func sensesWithin(variant string, syn map[string]*synset, ranks map[string]map[string]int, canonical string) bool {
	for key := range ranks[variant] {
		if _, ok := ranks[canonical][key]; !ok && !properIn(syn[key], variant) {
			return false
		}
	}
	return len(ranks[variant]) > 0
}

// properIn reports whether word is in s only as a proper name.
func properIn(s *synset, word string) bool {
	if s == nil {
		return false
	}
	for _, w := range s.words {
		if norm(w) == word && !isProper(w) {
			return false
		}
	}
	return true
}

func pickRules(names []string) ([]spellingRule, error) {
	var rules []spellingRule
	for _, n := range names {
		i := -1
		for j, r := range spellingRules {
			if r.name == n {
				i = j
			}
		}
		if i < 0 {
			return nil, fmt.Errorf("spelling variants: unknown rule %q", n)
		}
		rules = append(rules, spellingRules[i])
	}
	return rules, nil
}

// rewrites returns the words made from w by applying up to n rules, each at one place.
func rewrites(w string, rules []spellingRule, n int) []string {
	var out []string
	frontier := []string{w}
	for range n {
		var next []string
		for _, x := range frontier {
			for _, r := range rules {
				for i := 0; i+len(r.from) <= len(x); i++ {
					if x[i:i+len(r.from)] != r.from || r.suffix && i+len(r.from) != len(x) {
						continue
					}
					if v := x[:i] + r.to + x[i+len(r.from):]; v != w && !slices.Contains(out, v) {
						out = append(out, v)
						next = append(next, v)
					}
				}
			}
		}
		frontier = next
	}
	return out
}

// writeSpelling writes the stem map, "british american" a line, sorted.
func writeSpelling(path string, pairs map[string]string, rules string, guard spellingGuard) error {
	return writePairs(path, pairs,
		"# docent spelling variants from WordNet 3.0 (c) 2006 Princeton University; see internal/wordnetgen",
		fmt.Sprintf("# rules=%s guard=%s stemmer=%s", rules, guard, analysis.DefaultStemmer))
}

func splitRules(s string) []string { return strings.Split(s, ",") }

// spellingStems turns British form → American form into the stem map analysis applies:
// the British form's stem → the American form's. Where forms of one stem disagree
// ("organisation" → organ, "organisational" → organiz), the shortest form decides.
func spellingStems(pairs map[string]string) map[string]string {
	forms := make([]string, 0, len(pairs))
	for v := range pairs {
		forms = append(forms, v)
	}
	slices.SortFunc(forms, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	})
	an := analysis.Default()
	m := map[string]string{}
	for _, v := range forms {
		if s := an.Stem(v); m[s] == "" {
			m[s] = an.Stem(pairs[v])
		}
	}
	return m
}
