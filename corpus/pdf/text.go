package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ligatures are the presentation forms fonts use for letter pairs; PDFium passes them on.
var ligatures = strings.NewReplacer("\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi",
	"\ufb04", "ffl", "\ufb05", "st", "\ufb06", "st")

// spacingAccents maps the stand-alone accents that TeX's older fonts print before a letter
// ("Paczy´nski") to the combining marks that make one letter of the two ("Paczyński").
var spacingAccents = map[rune]rune{
	'´': '\u0301', '`': '\u0300', '¨': '\u0308', 'ˆ': '\u0302', '˜': '\u0303', '¸': '\u0327',
	'ˇ': '\u030c', '˘': '\u0306', '˙': '\u0307', '˚': '\u030a', '¯': '\u0304', '˝': '\u030b',
}

// dotted gives the dotless i and j that TeX puts under an accent ("Mart\'{\i}nez") their
// dots back, so that the accent and the letter make one letter: "í", not "ı́".
func dotted(r rune) rune {
	switch r {
	case 'ı':
		return 'i'
	case 'ȷ':
		return 'j'
	}
	return r
}

// cleanText normalises one line: ligatures expanded, accents joined to their letters (NFC),
// control characters (unmapped glyphs), soft hyphens and zero-width marks dropped, white
// space runs made one space.
func cleanText(s string) string {
	s = ligatures.Replace(s)
	rs := []rune(s)
	var b strings.Builder
	space := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if mark, ok := spacingAccents[r]; ok && i+1 < len(rs) && unicode.IsLetter(rs[i+1]) &&
			(i == 0 || unicode.IsLetter(rs[i-1]) || rs[i-1] == ' ') {
			b.WriteRune(dotted(rs[i+1]))
			b.WriteRune(mark)
			i++
			space = false
			continue
		}
		switch {
		case r == '\u00ad' || r == '\ufffe' || r == '\ufeff' || r == '\u200b' || r == '\u200c' || r == '\u200d':
			continue
		case unicode.IsSpace(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unicode.IsControl(r) || r == '\ufffd':
			continue
		}
		if i+1 < len(rs) && unicode.Is(unicode.Mn, rs[i+1]) {
			r = dotted(r)
		}
		b.WriteRune(r)
		space = false
	}
	return norm.NFC.String(strings.TrimSpace(b.String()))
}

// vocab counts the words of a document, to undo line-end hyphens the way the document
// itself spells the word. The parts of its hyphenated compounds are counted too, under
// "-part": "two-dimensional" is evidence that "dimensional" is a word.
type vocab map[string]int

// used reports whether the document uses w as a word, alone or in a compound.
func (v vocab) used(w string) bool { return v[w] > 0 || v["-"+w] > 0 }

// vocabOf counts the words of lines, leaving out the halves of words hyphenated at a
// line end, which are no words of the document.
func vocabOf(lines []line) vocab {
	v := vocab{}
	broken := false // the previous line ended in a hyphen
	for _, l := range lines {
		words := strings.FieldsFunc(l.text, func(r rune) bool {
			return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-')
		})
		ends := l.hyphen || strings.HasSuffix(l.text, "-")
		for i, w := range words {
			if i == 0 && broken || i == len(words)-1 && ends {
				continue
			}
			if w = strings.ToLower(strings.Trim(w, "-")); w != "" {
				v[w]++
				if strings.Contains(w, "-") {
					for _, part := range strings.Split(w, "-") {
						v["-"+part]++
					}
				}
			}
		}
		broken = ends
	}
	return v
}

// joinHyphenated joins a line that ended in a hyphen with the next line's text: "extrac-"
// + "tion" is "extraction", but "gamma-" + "ray" stays "gamma-ray" when the document
// writes it so elsewhere and never "gammaray".
func (v vocab) joinHyphenated(prev, next string) string {
	head := strings.TrimSuffix(prev, "-")
	first := next
	if i := strings.IndexFunc(next, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		first = next[:i]
	}
	last := head
	if i := strings.LastIndexFunc(head, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		_, n := utf8.DecodeRuneInString(head[i:])
		last = head[i+n:] // after a quotation mark, a dash: runes of several bytes
	}
	joined := strings.ToLower(last + first)
	hyphenated := strings.ToLower(last + "-" + first)
	// a compound whose first part is a whole word ("gamma-ray", "non-linear") keeps its hyphen
	// when the document spells it so at least as often as run together
	if first != "" && last != "" && v[hyphenated] > 0 && v[hyphenated] >= v[joined] {
		return head + "-" + next
	}
	if first == "" || !unicode.IsLower([]rune(first)[0]) {
		// "Hodgkin-" + "Huxley", "1-" + "2": a real hyphen
		return head + "-" + next
	}
	if r, _ := utf8.DecodeLastRuneInString(head); !unicode.IsLetter(r) {
		// "3-" + "dimensional", "(n+1)-" + "forms": words break between letters only
		return head + "-" + next
	}
	// two words the document uses, alone or in other compounds, and never runs together:
	// "attention-based", "three-dimensional" beside "two-dimensional"
	if v[joined] == 0 && len(last) >= 3 && len(first) >= 3 && v.used(strings.ToLower(last)) && v.used(strings.ToLower(first)) {
		return head + "-" + next
	}
	return head + next
}
