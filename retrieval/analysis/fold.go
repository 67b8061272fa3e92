package analysis

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// letterFold maps letters that lose their identity rather than an accent when folded to
// ASCII, Azerbaijani and Turkish first: "Hüseynçilər" is found by "Huseyncilar".
var letterFold = map[rune]string{
	'ı': "i", 'ə': "a", 'Ə': "a", 'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th",
	'ð': "d", 'Ð': "d", 'ħ': "h", 'Ħ': "h",
}

// Fold lowercases one word and folds it to plain letters: accents removed (NFKD without
// combining marks), compatibility forms decomposed, Azerbaijani and Turkish letters mapped
// (ə→a, ı→i, İ→i, ş→s, ç→c, ğ→g, ö→o, ü→u), apostrophes made straight, a final
// possessive "'s" removed and digit-group commas dropped ("1,000" → "1000").
func Fold(word string) string { return foldWord(word) }

func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		w = strings.ToLower(w)
	} else {
		w = foldUnicode(w)
	}
	if n := len(w); n > 2 && w[n-1] == 's' && w[n-2] == '\'' {
		w = w[:n-2]
	}
	if strings.IndexByte(w, ',') >= 0 {
		w = strings.ReplaceAll(w, ",", "")
	}
	return w
}

func foldUnicode(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		if s, ok := letterFold[r]; ok {
			b.WriteString(s)
			continue
		}
		if isApostrophe(r) {
			b.WriteByte('\'')
			continue
		}
		if r < 0x80 {
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		for _, d := range norm.NFKD.String(string(r)) {
			if unicode.In(d, unicode.Mn, unicode.Me) {
				continue
			}
			if s, ok := letterFold[d]; ok {
				b.WriteString(s)
				continue
			}
			b.WriteRune(unicode.ToLower(d))
		}
	}
	return b.String()
}

// isStop reports whether a folded word is an English stop word (bleve's Snowball list).
func isStop(f string) bool { return stopWords()[f] }

// luceneStop is Lucene's EnglishAnalyzer stop set.
var luceneStop = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "but": true,
	"by": true, "for": true, "if": true, "in": true, "into": true, "is": true, "it": true, "no": true,
	"not": true, "of": true, "on": true, "or": true, "such": true, "that": true, "the": true,
	"their": true, "then": true, "there": true, "these": true, "they": true, "this": true, "to": true,
	"was": true, "will": true, "with": true,
}

func (a *Analyzer) isStop(f string) bool {
	if a.opts.ShortStop {
		return luceneStop[f]
	}
	return isStop(f)
}

// IsStop reports whether word, once folded, is an English stop word.
func IsStop(word string) bool { return isStop(foldWord(word)) }
