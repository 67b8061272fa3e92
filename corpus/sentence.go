package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// SplitSentences splits text into sentences, trimmed of surrounding white space.
// It breaks after '.', '!', '?' and '…' (with any closing quotes or brackets) when
// white space and the start of a new sentence follow, but not after abbreviations
// ("Dr.", "e.g.", "Jan."), initials ("S. Frederick") or numbers ("No. 5"), and
// always at blank lines.
func SplitSentences(text string) []string {
	spans := SentenceSpans(text)
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.Start:s.End]
	}
	return out
}

// SentenceSpans is SplitSentences returning byte offsets into text instead of strings,
// for callers that highlight or cite within the original text.
func SentenceSpans(text string) []Span {
	var spans []Span
	start := 0
	emit := func(end int) {
		s, e := trimSpan(text, start, end)
		if s < e {
			spans = append(spans, Span{s, e})
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' && blankLineAt(text, i):
			emit(i)
		case r == '.' || r == '!' || r == '?' || r == '…':
			end := i + size
			// absorb runs of terminators ("?!", "...") and closing quotes or brackets
			for end < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[end:])
				if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '…' || isCloser(r2) {
					end += s2
					continue
				}
				break
			}
			if isBreak(text, i, r, end) {
				emit(end)
			}
			i = end
			continue
		}
		i += size
	}
	emit(len(text))
	return spans
}

// blankLineAt reports whether the newline at i is followed (after spaces) by another newline.
func blankLineAt(text string, i int) bool {
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\n':
			return true
		case ' ', '\t', '\r':
			continue
		}
		return false
	}
	return false
}

func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= size
	}
	return s, e
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '’', '”', '»', ')', ']', '}':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '‘', '“', '«', '(', '[', '¿', '¡':
		return true
	}
	return false
}

// isBreak decides whether the terminator r at text[i] (its run ending at end) ends a sentence.
func isBreak(text string, i int, r rune, end int) bool {
	// white space must follow
	if end < len(text) {
		next, _ := utf8.DecodeRuneInString(text[end:])
		if !unicode.IsSpace(next) {
			return false
		}
	}
	// the next word must look like the start of a sentence
	j := end
	for j < len(text) {
		r2, s2 := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r2) {
			break
		}
		j += s2
	}
	if j >= len(text) {
		return true
	}
	next, nsize := utf8.DecodeRuneInString(text[j:])
	for isOpener(next) && j+nsize < len(text) {
		j += nsize
		next, nsize = utf8.DecodeRuneInString(text[j:])
	}
	if unicode.IsLower(next) {
		return false
	}
	if r != '.' {
		return true
	}
	word := wordBefore(text, i)
	nextWord := wordAt(text, j)
	return !isAbbreviation(word, nextWord)
}

// wordBefore returns the token that ends at the period at text[i], without the period.
func wordBefore(text string, i int) string {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if unicode.IsSpace(r) || isOpener(r) {
			break
		}
		j -= size
	}
	return text[j:i]
}

func wordAt(text string, j int) string {
	k := j
	for k < len(text) {
		r, size := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		k += size
	}
	return text[j:k]
}

// abbreviations that are rarely the last word of a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true,
	"sr": true, "mt": true, "gen": true, "col": true, "lt": true, "capt": true, "sgt": true,
	"maj": true, "adm": true, "rep": true, "sen": true, "gov": true, "pres": true, "rev": true,
	"hon": true, "amb": true, "messrs": true, "vs": true, "etc": false, "e.g": true, "i.e": true,
	"cf": true, "viz": true, "al": true, "approx": true, "ca": true, "fig": true, "figs": true,
	"no": true, "nos": true, "vol": true, "vols": true, "pp": true, "p": true, "ch": true,
	"sec": true, "art": true, "ed": true, "eds": true, "est": true, "inc": false, "ltd": false,
	"co": false, "corp": false, "dept": true, "univ": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "a.m": false, "p.m": false,
}

// sentenceStarters are capitalised words that usually begin a new sentence after an
// ambiguous period such as the one of "U.S." or "etc.".
var sentenceStarters = map[string]bool{
	"The": true, "This": true, "That": true, "These": true, "Those": true, "It": true,
	"In": true, "On": true, "At": true, "But": true, "And": true, "However": true, "He": true,
	"She": true, "They": true, "We": true, "I": true, "A": true, "An": true, "As": true,
	"Its": true, "His": true, "Her": true, "Their": true, "Our": true, "Yet": true, "So": true,
	"Thus": true, "There": true, "For": true, "If": true, "When": true, "While": true,
	"After": true, "Since": true, "Meanwhile": true, "Moreover": true, "Still": true,
}

// isAbbreviation reports whether word (the token before a period) is an abbreviation
// that does not end the sentence, given the next word.
func isAbbreviation(word, next string) bool {
	w := strings.TrimLeft(word, "\"'‘“(")
	if w == "" {
		return false
	}
	// a single capital letter is an initial: "S. Frederick Starr"
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsUpper(r) {
		return !sentenceStarters[next] || r != 'I'
	}
	lw := strings.ToLower(w)
	if v, ok := abbreviations[lw]; ok {
		if !v {
			return !sentenceStarters[next]
		}
		// "no." only abbreviates before a number
		if lw == "no" || lw == "nos" || lw == "p" || lw == "pp" || lw == "vol" || lw == "art" {
			return next != "" && unicode.IsDigit(rune(next[0]))
		}
		return true
	}
	// dotted acronyms: "U.S.", "U.K.", "e.g." - a break only before a typical sentence start
	if strings.Contains(w, ".") && isDotted(w) {
		return !sentenceStarters[next]
	}
	return false
}

// isDotted reports whether w is made of single letters separated by periods ("U.S", "D.C").
func isDotted(w string) bool {
	for part := range strings.SplitSeq(w, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(part)
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
