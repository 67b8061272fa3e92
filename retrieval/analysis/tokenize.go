package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTermBytes drops longer terms (encoded blobs, long chains): they cost index space and
// match nothing a person types.
const maxTermBytes = 80

type span struct{ start, end int }

// each analyses text and calls emit for every term, in text order.
//
// A word is a run of letters, digits and combining marks. Inside a word an apostrophe
// between letters ("don't", "O’Brien") and "." or "," between digits ("3.5", "1,000") are
// kept; a hyphen or dash between word characters ("IL-6", "post‑Soviet", "1992–94") splits
// the word into parts, each its own term, and the parts joined ("il6") are indexed too,
// at the first part's position. Han characters are one word each.
func (a *Analyzer) each(text string, emit func(Token)) {
	pos := 0
	var segs []span
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		if isHan(r) {
			pos++
			emit(Token{Term: string(r), Start: i, End: i + size, Pos: pos})
			i += size
			continue
		}
		segs = segs[:0]
		segStart, j, prev := i, i, rune(0)
	scan:
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if isWordRune(r) && !isHan(r) {
				prev = r
				j += size
				continue
			}
			next, _ := utf8.DecodeRuneInString(text[j+size:])
			if j+size >= len(text) || !isWordRune(next) || isHan(next) {
				break
			}
			switch {
			case isApostrophe(r) && unicode.IsLetter(prev) && unicode.IsLetter(next):
			case (r == '.' || r == ',') && isDigit(prev) && isDigit(next):
			case isHyphen(r):
				segs = append(segs, span{segStart, j})
				segStart = j + size
			default:
				break scan
			}
			j += size
		}
		segs = append(segs, span{segStart, j})
		a.word(text, segs, &pos, emit)
		i = j
	}
}

// word emits the terms of one word made of hyphen-separated segments.
func (a *Analyzer) word(text string, segs []span, pos *int, emit func(Token)) {
	if len(segs) == 1 {
		*pos++
		if t, ok := a.term(text[segs[0].start:segs[0].end]); ok {
			emit(Token{Term: t, Start: segs[0].start, End: segs[0].end, Pos: *pos})
		}
		return
	}
	first := *pos + 1
	parts := make([]Token, 0, len(segs))
	var joined strings.Builder
	for _, s := range segs {
		*pos++
		f := foldWord(text[s.start:s.end])
		joined.WriteString(f)
		if t, ok := a.termFolded(f); ok {
			parts = append(parts, Token{Term: t, Start: s.start, End: s.end, Pos: *pos})
		}
	}
	if !a.opts.NoJoined {
		if t, ok := a.termFolded(joined.String()); ok && !hasTerm(parts, t) {
			emit(Token{Term: t, Start: segs[0].start, End: segs[len(segs)-1].end, Pos: first, Joined: true})
		}
	}
	for _, p := range parts {
		emit(p)
	}
}

func hasTerm(ts []Token, t string) bool {
	for _, x := range ts {
		if x.Term == t {
			return true
		}
	}
	return false
}

func (a *Analyzer) termFolded(f string) (string, bool) {
	if len(f) == 0 || len(f) > maxTermBytes || a.isStop(f) {
		return "", false
	}
	if strings.IndexByte(f, '\'') >= 0 {
		f = strings.ReplaceAll(f, "'", "")
		if a.isStop(f) {
			return "", false
		}
	}
	return a.respell(a.Stem(a.lemma(f))), true
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// isHan reports whether r is a Han character: each is a word of its own.
func isHan(r rune) bool { return r >= utf8.RuneSelf && unicode.Is(unicode.Han, r) }

func isDigit(r rune) bool { return unicode.IsDigit(r) }

func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '\uff07'
}

func isHyphen(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212', '\ufe63', '\uff0d':
		return true
	}
	return false
}
