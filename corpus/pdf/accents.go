package pdf

import (
	"strings"
	"unicode"

	"github.com/klippa-app/go-pdfium/requests"
)

// TeX's older fonts print an accent as a glyph of its own placed over (a cedilla: under)
// its letter, and PDFium's text order does not always follow: the accent of "Käenmäki"
// comes after the "m", set apart by spaces ("Kaenm ¨ aki"), or at the end of a line.
// placeAccents finds each such accent's letter by where both are printed and gives the
// letter the accent as a combining mark, so that the two make one letter where they stand.

// charBox is a character's box as printed (PDF points, y upwards).
type charBox struct{ left, right, bottom, top float64 }

func (c *charReader) box(k int) (charBox, bool) {
	b, err := c.inst.FPDFText_GetCharBox(&requests.FPDFText_GetCharBox{TextPage: c.tp, Index: k})
	if c.keep(err) {
		return charBox{}, false
	}
	return charBox{b.Left, b.Right, b.Bottom, b.Top}, true
}

// maxAccents bounds the accents placed on one line: a line of more is no prose (a row of
// marks, a font that maps its glyphs to accents), and each costs a dozen PDFium calls.
const maxAccents = 32

// hasAccent reports whether runes holds a spacing accent, and not too many.
func hasAccent(runes []rune) bool {
	n := 0
	for _, r := range runes {
		if _, ok := spacingAccents[r]; ok {
			n++
		}
	}
	return n > 0 && n <= maxAccents
}

// placeAccents returns the text of characters [a, b) with each spacing accent printed over
// or under a letter of the line moved onto it as a combining mark, and the spaces PDFium
// put around the accent dropped where the letters beside it touch. An accent with no
// letter under it (a prime, a symbol of its own) stays where it is. em is the type size.
// Each accent costs a dozen calls: they are few.
func (c *charReader) placeAccents(runes []rune, a, b int, em float64) string {
	marks := map[int][]rune{} // letter index: the marks it takes
	gone := map[int]bool{}    // accents moved, and the spaces they leave that go too
	for k := a; k < b; k++ {
		mark, ok := spacingAccents[runes[k]]
		if !ok {
			continue
		}
		acc, ok := c.box(k)
		if !ok {
			break
		}
		j, ok := c.letterAt(runes, a, b, k, acc)
		if !ok {
			continue // no letter under it
		}
		if j == k-1 && (k+1 == b || !unicode.IsLetter(runes[k+1])) && !c.splits(runes, a, b, k, em) {
			// right after its letter and the word's end, it reads as printed
			// ("u¯ ·"): the text is not wrong
			continue
		}
		marks[j] = append(marks[j], mark)
		gone[k] = true
		c.dropSpacesAround(runes, a, b, k, gone, em)
	}
	if len(marks) == 0 {
		return string(runes[a:b])
	}
	var out strings.Builder
	for k := a; k < b; k++ {
		if gone[k] {
			continue
		}
		r := runes[k]
		if ms := marks[k]; ms != nil {
			r = dotted(r)
			out.WriteRune(r)
			for _, m := range ms {
				out.WriteRune(m)
			}
			continue
		}
		out.WriteRune(r)
	}
	return out.String()
}

// letterAt finds the letter of [a, b) that accent k, with box acc, is printed over (a
// cedilla: under): the letter whose box holds the accent's middle, by a binary search on
// the line's characters from left to right.
func (c *charReader) letterAt(runes []rune, a, b, k int, acc charBox) (int, bool) {
	mid := (acc.left + acc.right) / 2
	// the first character ending right of the accent's middle; the accent itself and
	// other accents out of order are skipped by looking at a few neighbours too
	lo, hi := a, b-1
	for lo < hi {
		m := (lo + hi) / 2
		if m == k {
			if m == lo {
				lo++ // the accent is no letter
				continue
			}
			m--
		}
		bm, ok := c.box(m)
		if !ok {
			return 0, false
		}
		if bm.right < mid {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for j := max(a, lo-1); j <= min(b-1, lo+1); j++ {
		if j == k || !unicode.IsLetter(runes[j]) {
			continue
		}
		l, ok := c.box(j)
		if !ok {
			return 0, false
		}
		if mid < l.left || mid > l.right {
			continue
		}
		half := (l.bottom + l.top) / 2
		if runes[k] == '¸' && acc.top < half || runes[k] != '¸' && acc.bottom > half {
			return j, true
		}
	}
	return 0, false
}

// around returns the characters on either side of accent k and the spaces beside it.
func around(runes []rune, a, b, k int, gone map[int]bool) (l, r int) {
	l, r = k-1, k+1
	for l >= a && (isBlank(runes[l]) || gone[l]) {
		l--
	}
	for r < b && (isBlank(runes[r]) || gone[r]) {
		r++
	}
	return l, r
}

// touch reports whether characters l and r are printed side by side with no space
// between them, the parts of one word.
func (c *charReader) touch(l, r int, em float64) bool {
	lb, ok := c.box(l)
	if !ok {
		return false
	}
	rb, ok := c.box(r)
	return ok && rb.left-lb.right <= 0.15*em
}

// splits reports whether accent k and a space beside it split a word in two: "C¸ aglar".
func (c *charReader) splits(runes []rune, a, b, k int, em float64) bool {
	l, r := around(runes, a, b, k, nil)
	return l >= a && r < b && r-l > 2 && c.touch(l, r, em)
}

// dropSpacesAround marks for dropping the spaces beside accent k when the characters on
// either side of them touch: PDFium set them apart only because the accent stood between.
func (c *charReader) dropSpacesAround(runes []rune, a, b, k int, gone map[int]bool, em float64) {
	l, r := around(runes, a, b, k, gone)
	if l < a || r >= b || r-l == 2 {
		return // at the line's edge, or no space beside the accent
	}
	keep := !c.touch(l, r, em) // a word space: keep one
	for i := l + 1; i < r; i++ {
		if isBlank(runes[i]) {
			if keep {
				keep = false
				continue
			}
			gone[i] = true
		}
	}
}
