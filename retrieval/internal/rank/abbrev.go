package rank

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// Abbreviations the corpus defines, such as "chronic kidney disease (CKD)", let a
// question that uses one form find passages that use the other. They are found with the
// algorithm of Schwartz and Hearst (2003): a short form in parentheses after a phrase whose
// words hold its letters in order, the first letter starting a word. Only definitions the
// corpus makes at least minDefinitions times, always or mostly the same way, are used: a
// short form defined once may be a one-off or a misreading.
const (
	minDefinitions = 2
	maxShortForm   = 10 // bytes
)

// Abbrevs maps each defined short form's term ("ckd") to its long form's terms
// ("chronic", "kidnei", "diseas"), and back: longs holds the long forms by their first term.
type Abbrevs struct {
	long  map[string][]string
	longs map[string][]abbrev
	// defs holds the definitions each document makes, by document id (documents that
	// make none are left out), so an update finds them again only in the documents
	// that changed (UpdateAbbrevs); nil when the abbreviations were read from a file.
	defs map[string][]termDef
}

type abbrev struct {
	short string
	long  []string
}

// termDef is one definition a document makes, as index terms: the short form's term and
// the long form's terms joined by " ".
type termDef struct{ Short, Long string }

// FindAbbrevs collects the abbreviations the documents define in their titles and passages.
func FindAbbrevs(docs []corpus.Document, passages []corpus.Passage) *Abbrevs {
	return abbrevsOf(defineAll(docs, passages, nil))
}

// UpdateAbbrevs is FindAbbrevs for a corpus that differs a little from the one whose
// abbreviations were saved in the index folder base: the definitions of document d are
// taken from there when same[d] (the document is as it was), and found again otherwise.
func UpdateAbbrevs(base string, same []bool, docs []corpus.Document, passages []corpus.Passage) (*Abbrevs, error) {
	if len(same) != len(docs) {
		return nil, errors.New("update abbreviations: documents unknown")
	}
	kept, err := loadDefs(base)
	if err != nil {
		return nil, err
	}
	return abbrevsOf(defineAll(docs, passages, func(d int) ([]termDef, bool) {
		return kept[docs[d].ID], same[d]
	})), nil
}

// defineAll returns the definitions each document makes, by document id, those of
// document d taken from kept when it says so.
func defineAll(docs []corpus.Document, passages []corpus.Passage, kept func(d int) ([]termDef, bool)) map[string][]termDef {
	docAt := make(map[string]int, len(docs))
	for i := range docs {
		docAt[docs[i].ID] = i
	}
	found := make([]bool, len(docs)) // definitions taken from kept
	defs := map[string][]termDef{}
	for d := range docs {
		if kept == nil {
			continue
		}
		if ds, ok := kept(d); ok {
			found[d] = true
			if len(ds) > 0 {
				defs[docs[d].ID] = ds
			}
		}
	}
	add := func(d int, text string) {
		if found[d] {
			return
		}
		for _, def := range definitions(text) {
			short, ok := shortTerm(def.short)
			if !ok {
				continue
			}
			long := longTerms(def.long)
			if len(long) < 2 || slices.Contains(long, short) {
				continue
			}
			id := docs[d].ID
			defs[id] = append(defs[id], termDef{Short: short, Long: strings.Join(long, " ")})
		}
	}
	for d := range docs {
		add(d, docs[d].Title)
	}
	for i := range passages {
		if d, ok := docAt[passages[i].DocID]; ok {
			add(d, passages[i].Text)
		}
	}
	return defs
}

// abbrevsOf keeps the definitions made at least minDefinitions times, mostly one way.
func abbrevsOf(defs map[string][]termDef) *Abbrevs {
	counts := map[string]map[string]int{} // short term → long terms joined by " " → definitions
	for _, ds := range defs {
		for _, d := range ds {
			if counts[d.Short] == nil {
				counts[d.Short] = map[string]int{}
			}
			counts[d.Short][d.Long]++
		}
	}
	a := &Abbrevs{long: map[string][]string{}, longs: map[string][]abbrev{}, defs: defs}
	for _, short := range slices.Sorted(maps.Keys(counts)) { // in order: the same file and question every time
		longs := counts[short]
		best, n, all := "", 0, 0
		for l, c := range longs {
			all += c
			if c > n || c == n && l < best {
				best, n = l, c
			}
		}
		if n < minDefinitions || 2*n <= all {
			continue
		}
		a.add(short, strings.Fields(best))
	}
	return a
}

// add defines short as standing for the terms long.
func (a *Abbrevs) add(short string, long []string) {
	a.long[short] = long
	a.longs[long[0]] = append(a.longs[long[0]], abbrev{short: short, long: long})
}

// expand adds to a question the other form of each abbreviation it uses: the long
// form's terms for a short form written in capitals ("CKD"), the short form for a long form
// whose terms all appear in the question.
func (a *Abbrevs) expand(question string, q *analysis.Question, p Params) {
	if a == nil || len(a.long) == 0 {
		return
	}
	words := q.Words
	for _, tk := range analysis.Tokens(question) {
		long, ok := a.long[tk.Term]
		if !ok || !hasUpperAfterFirst(question[tk.Start:tk.End]) {
			continue
		}
		if of := wordIndex(q, tk.Term); of >= 0 {
			for _, l := range long {
				q.Add(l, analysis.Abbreviation, of, p.LongFormWeight/float64(len(long)), p.Query.DerivedCredit)
			}
		}
	}
	for i := range words {
		for _, ab := range a.longs[q.Terms[i].Term] {
			if allHeld(ab.long, q) {
				q.Add(ab.short, analysis.Abbreviation, i, p.AbbrevWeight, p.Query.DerivedCredit)
			}
		}
	}
}

// wordIndex is the index of term among the question's words, or -1.
func wordIndex(q *analysis.Question, term string) int {
	for i, t := range q.Terms[:q.Words] {
		if t.Term == term {
			return i
		}
	}
	return -1
}

func allHeld(terms []string, q *analysis.Question) bool {
	for _, t := range terms {
		if !q.Has(t) {
			return false
		}
	}
	return true
}

// hasUpperAfterFirst reports whether a word has a capital letter past its first
// character, as abbreviations do ("CKD", "PrP", "mRNA") and sentence-initial words do not.
func hasUpperAfterFirst(w string) bool {
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// shortTerm is the index term of a short form: its joined term when it is hyphenated
// ("HIV-1" → "hiv1"), else its one term.
func shortTerm(s string) (string, bool) {
	toks := analysis.Tokens(s)
	for _, t := range toks {
		if t.Joined {
			return t.Term, true
		}
	}
	if len(toks) != 1 {
		return "", false
	}
	return toks[0].Term, true
}

// longTerms are the distinct index terms of a long form, in order.
func longTerms(s string) []string {
	var out []string
	for _, t := range analysis.Tokens(s) {
		if !t.Joined && !slices.Contains(out, t.Term) {
			out = append(out, t.Term)
		}
	}
	return out
}

// definition is one "long form (short form)" found in a text.
type definition struct{ long, short string }

// definitions finds the abbreviations a text defines, Schwartz and Hearst's way.
func definitions(text string) []definition {
	text = strings.ToValidUTF8(text, "\uFFFD") // the long form is cut from runes
	var out []definition
	for i := 0; i < len(text); i++ {
		if text[i] != '(' {
			continue
		}
		end := strings.IndexByte(text[i+1:], ')')
		if end < 0 {
			break
		}
		short := strings.TrimSpace(text[i+1 : i+1+end])
		if !plausibleShort(short) {
			continue
		}
		words := precedingWords(text[:i], min(utf8.RuneCountInString(short)+5, 2*utf8.RuneCountInString(short)))
		if long := bestLongForm(strings.Join(words, " "), short); long != "" {
			out = append(out, definition{long: long, short: short})
		}
	}
	return out
}

// plausibleShort reports whether s can be a short form: one word of 2 to maxShortForm
// bytes that starts with a letter or digit and holds a capital letter.
func plausibleShort(s string) bool {
	if len(s) < 2 || len(s) > maxShortForm || strings.ContainsAny(s, " ,;:") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	return strings.IndexFunc(s, unicode.IsUpper) >= 0
}

// precedingWords returns at most n words that end text, stopping at a sentence's or a
// clause's end.
func precedingWords(text string, n int) []string {
	if k := strings.LastIndexAny(text, ".;:()[]"); k >= 0 {
		text = text[k+1:]
	}
	words := strings.Fields(text)
	if len(words) > n {
		words = words[len(words)-n:]
	}
	return words
}

// bestLongForm is Schwartz and Hearst's match: reading short and long backwards, each
// letter or digit of short must be found in long, the first one at the start of a word;
// the long form starts at the word holding that first match. "" when there is none.
func bestLongForm(long, short string) string {
	s, l := []rune(short), []rune(long)
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	si, li := len(s)-1, len(l)-1
	for si >= 0 {
		c := unicode.ToLower(s[si])
		if !alnum(c) {
			si--
			continue
		}
		for li >= 0 && (unicode.ToLower(l[li]) != c || si == 0 && li > 0 && alnum(l[li-1])) {
			li--
		}
		if li < 0 {
			return ""
		}
		li--
		si--
	}
	start := li + 1
	for start > 0 && l[start-1] != ' ' {
		start--
	}
	if out := string(l[start:]); len(out) > len(short) {
		return out
	}
	return ""
}
