package analysis

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// Features say how well a sentence answers a question beyond echoing its words.
type Features struct {
	// TypeMatch, in [0,1], is the strongest sign that the sentence holds the kind of thing
	// asked (a year for Date, a name for Person, "because" for Reason), weighted by how near
	// it stands to a word of the question: "how many deminers" wants a number beside
	// "deminers", not one three clauses away. Words of the question never count as signs.
	TypeMatch float64
	// TypePresent is the strongest sign wherever it stands in the sentence.
	TypePresent float64
	// Novelty, in [0,1], is the share of the sentence's content terms that are not the
	// question's: what it adds. A sentence that only repeats the question scores 0.
	Novelty float64
}

// AnswerFeatures measures sentence against a question of type t whose analysed terms
// (Tokens(question)[i].Term) are questionTerms.
func AnswerFeatures(t AnswerType, questionTerms map[string]bool, sentence string) Features {
	return Default().AnswerFeatures(t, questionTerms, sentence)
}

// AnswerFeatures is AnswerFeatures with a's analysis of the sentence's terms.
func (a *Analyzer) AnswerFeatures(t AnswerType, questionTerms map[string]bool, sentence string) Features {
	s := scratchPool.Get().(*sentenceScan)
	defer scratchPool.Put(s)
	s.scan(sentence)
	terms, novel := 0, 0
	w := 0
	a.each(sentence, func(tok Token) { s.markTerm(tok, 0, questionTerms, &w, &terms, &novel) })
	return s.features(t, terms, novel)
}

// AnswerFeaturesTokens is AnswerFeatures for a caller that already holds the sentence's
// tokens (from Tokens of the passage it is cut from), which saves analysing it again: toks
// are the tokens inside the sentence, in order, and offset is where the sentence starts in
// the text they index (tok.Start-offset indexes sentence).
func AnswerFeaturesTokens(t AnswerType, questionTerms map[string]bool, sentence string, toks []Token, offset int) Features {
	s := scratchPool.Get().(*sentenceScan)
	defer scratchPool.Put(s)
	s.scan(sentence)
	terms, novel := 0, 0
	w := 0
	for _, tok := range toks {
		s.markTerm(tok, offset, questionTerms, &w, &terms, &novel)
	}
	return s.features(t, terms, novel)
}

// markTerm marks the word holding tok as a question word when tok's term is the
// question's, and counts the sentence's terms and those new to the question. w is the
// word the previous token fell in: tokens come in text order.
func (s *sentenceScan) markTerm(tok Token, offset int, questionTerms map[string]bool, w, terms, novel *int) {
	for *w < len(s.words) && s.words[*w].end <= tok.Start-offset {
		*w++
	}
	known := questionTerms[tok.Term]
	if known && *w < len(s.words) {
		s.words[*w].question = true
	}
	if !tok.Joined {
		*terms++
		if !known {
			*novel++
		}
	}
}

// features turns the scanned, marked sentence into Features.
func (s *sentenceScan) features(t AnswerType, terms, novel int) Features {
	f := Features{}
	if terms > 0 {
		f.Novelty = float64(novel) / float64(terms)
	}
	if !t.Checkable() || len(s.words) == 0 {
		return f
	}
	s.distances()
	for i := range s.words {
		if s.words[i].question {
			continue
		}
		strength := s.evidence(t, i)
		if strength == 0 {
			continue
		}
		f.TypePresent = max(f.TypePresent, strength)
		f.TypeMatch = max(f.TypeMatch, strength*proximity(s.words[i].dist))
	}
	return f
}

// proximity weighs a sign by its distance in words to the nearest question word: full
// within three words, half at nine, a quarter when the sentence holds no question word.
func proximity(dist int) float64 {
	const near, halfAt, none = 3, 9, 0.25
	switch {
	case dist < 0:
		return none
	case dist <= near:
		return 1
	}
	return 1 / (1 + float64(dist-near)/float64(halfAt-near))
}

// sentenceWord is one word of a sentence with the surface facts the signs are made of.
type sentenceWord struct {
	start, end   int // byte span in the sentence
	lo, hi       int // byte span of its lowercase form in sentenceScan.lower
	capital      bool
	acronym      bool // two or more letters, all capitals: "NATO", "ANAMA"
	digits       int  // how many digits it holds
	letters      int
	first        bool // starts the sentence (a capital there says nothing)
	commaAfter   bool
	percentAfter bool // "%" follows
	colonAfter   bool
	question     bool // one of its terms is a question term
	dist         int  // words to the nearest question word; -1 when there is none
}

// sentenceScan holds one sentence's words; pooled, so scanning allocates nothing once warm.
type sentenceScan struct {
	text  string
	words []sentenceWord
	lower []byte
}

var scratchPool = sync.Pool{New: func() any { return &sentenceScan{} }}

// scan splits text into words the way the analyser does (letters and digits, apostrophes
// inside words, "." and "," between digits), hyphenated words kept whole, and records the
// punctuation around them.
func (s *sentenceScan) scan(text string) {
	s.text, s.words, s.lower = text, s.words[:0], s.lower[:0]
	first := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			s.punctuation(r, &first)
			i += size
			continue
		}
		w := sentenceWord{start: i, lo: len(s.lower), first: first, capital: unicode.IsUpper(r), dist: -1}
		first = false
		upper := 0
		j, prev := i, rune(0)
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) {
				next, _ := utf8.DecodeRuneInString(text[j+size:])
				inner := j+size < len(text) && isWordRune(next) &&
					(isApostrophe(r) && unicode.IsLetter(prev) || (r == '.' || r == ',') && isDigit(prev) && isDigit(next) || isHyphen(r))
				if !inner {
					break
				}
			}
			switch {
			case r < utf8.RuneSelf: // ASCII, most text: no table lookups
				c := byte(r)
				switch {
				case '0' <= c && c <= '9':
					w.digits++
				case 'A' <= c && c <= 'Z':
					w.letters++
					upper++
					c += 'a' - 'A'
				case 'a' <= c && c <= 'z':
					w.letters++
				}
				s.lower = append(s.lower, c)
			case isDigit(r):
				w.digits++
				s.lower = utf8.AppendRune(s.lower, r)
			default:
				if unicode.IsLetter(r) {
					w.letters++
					if unicode.IsUpper(r) {
						upper++
					}
				}
				s.lower = utf8.AppendRune(s.lower, unicode.ToLower(r))
			}
			prev = r
			j += size
		}
		w.end, w.hi = j, len(s.lower)
		w.acronym = w.letters >= 2 && upper == w.letters
		s.words = append(s.words, w)
		i = j
	}
}

// punctuation records what a non-word rune between words says about the word before it.
func (s *sentenceScan) punctuation(r rune, first *bool) {
	if len(s.words) == 0 {
		return
	}
	prev := &s.words[len(s.words)-1]
	switch r {
	case ',', ';':
		prev.commaAfter = true
	case '%':
		prev.percentAfter = true
	case ':':
		prev.colonAfter = true
	case '.', '!', '?':
		*first = true // a name after an abbreviation's "." is rarely worth the miss
	}
}

// distances sets each word's distance to the nearest question word.
func (s *sentenceScan) distances() {
	last := -1
	for i := range s.words {
		if s.words[i].question {
			last = i
		}
		if last >= 0 {
			s.words[i].dist = i - last
		}
	}
	last = -1
	for i := len(s.words) - 1; i >= 0; i-- {
		if s.words[i].question {
			last = i
		}
		if last >= 0 && (s.words[i].dist < 0 || last-i < s.words[i].dist) {
			s.words[i].dist = last - i
		}
	}
}

// lowerAt is word i's lowercase form, or "" out of range. Converting it to a string only
// to index a map does not allocate.
func (s *sentenceScan) lowerAt(i int) []byte {
	if i < 0 || i >= len(s.words) {
		return nil
	}
	return s.lower[s.words[i].lo:s.words[i].hi]
}

func (s *sentenceScan) is(i int, word string) bool { return string(s.lowerAt(i)) == word }
