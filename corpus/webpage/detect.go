package webpage

import (
	"strings"
	"unicode"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/transform"
)

// candidate is a legacy charset that pages commonly use without declaring it, with the
// characters that text in it is mostly made of. detect decodes a sample in every candidate and
// keeps the one whose decoding yields most of its own common characters and fewest errors.
type candidate struct {
	name       string
	enc        encoding.Encoding
	common     func(r rune) bool
	singleByte bool
}

// unlikely reports characters that real text rarely holds but wrong decodings produce.
func unlikely(r rune) bool {
	return r >= 0xFF61 && r <= 0xFF9F || r >= 0x2500 && r <= 0x259F || r >= 0x80 && r < 0xA0 ||
		unicode.IsControl(r) || unicode.In(r, unicode.Co)
}

func inSet(s string) func(rune) bool {
	return func(r rune) bool { return strings.ContainsRune(s, r) }
}

var candidates = []candidate{
	{"windows-1252", charmap.Windows1252, inSet("éèàùâêîôûëïüçäößñáíóúãõœÉÀÇÜÖÄ’“”–—…«»"), true},
	{"iso-8859-2", charmap.ISO8859_2, inSet("ąćęłńśźżčďěňřšťůžőűĄĆĘŁŃŚŹŻČĎĚŇŘŠŤŮŽáéíóúýöü"), true},
	{"windows-1251", charmap.Windows1251, inSet("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё«»—"), true},
	{"koi8-r", charmap.KOI8R, inSet("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё"), true},
	{"shift_jis", japanese.ShiftJIS, isJapanese, false},
	{"euc-jp", japanese.EUCJP, isJapanese, false},
	{"gbk", simplifiedchinese.GBK, inSet(commonHans), false},
	{"big5", traditionalchinese.Big5, inSet(commonHant), false},
	{"euc-kr", korean.EUCKR, inSet(commonHangul), false},
}

func isJapanese(r rune) bool {
	return unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == '。' || r == '、'
}

const (
	commonHans   = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日。，、"
	commonHant   = "的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日。，、"
	commonHangul = "이다는의에하고을가지한로기서도를리자사수시대있니어인정으아나일해과습게보장부주전들요상적거라제우생되것"
)

// detect guesses the charset of an undeclared page that is not valid UTF-8.
func detect(data []byte) (encoding.Encoding, string) {
	sample := highSample(data, 64<<10)
	if len(sample) == 0 {
		return nil, ""
	}
	var best *candidate
	bestScore := 0
	for i := range candidates {
		c := &candidates[i]
		out, _, err := transform.String(c.enc.NewDecoder(), sample)
		if err != nil {
			continue
		}
		score := 0
		for _, r := range out {
			switch {
			case r < 0x80:
			case r == '\uFFFD':
				score -= 20
			case unlikely(r):
				score -= 4
			case c.common(r):
				score += 4
			case c.singleByte:
				score -= 2 // single-byte text is mostly its common letters
			}
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	if best == nil {
		return nil, ""
	}
	return best.enc, best.name
}

// highSample returns up to max bytes of data around its non-ASCII bytes: markup is ASCII
// and only dilutes the statistics.
func highSample(data []byte, max int) string {
	var b strings.Builder
	inTag := false
	for i := 0; i < len(data) && b.Len() < max; i++ {
		c := data[i]
		switch {
		case c == '<':
			inTag = true
		case c == '>':
			inTag = false
			b.WriteByte(' ')
		case !inTag:
			b.WriteByte(c)
		}
	}
	return b.String()
}
