package retrieval

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	bleveunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// analyzerName is the bleve analyzer every text field is indexed with. It names the
// analysis version, so an index built by another analysis is never read with this one
// (the manifest check rebuilds it first).
const analyzerName = "docent-" + analysisVersion

// analysisVersion changes whenever analysis produces different terms for the same text.
const analysisVersion = "builtin-1"

// token is one analysed term of a text with its byte span in that text.
type token struct {
	Term       string
	Start, End int // byte offsets into the analysed text
	Pos        int // position in the text, from 1; removed stop words leave gaps
}

// analyze is the one place text becomes index terms: for passages at index time, for
// questions at query time and for highlighting, so the three always agree.
func analyze(text string) []token {
	ts := builtinAnalyzer().Analyze([]byte(text))
	out := make([]token, 0, len(ts))
	for _, t := range ts {
		out = append(out, token{Term: string(t.Term), Start: t.Start, End: t.End, Pos: t.Position})
	}
	return out
}

// isStopWord reports whether a folded, lower-cased word is dropped by analysis.
func isStopWord(w string) bool { _, ok := stopWords()[w]; return ok }

var builtinAnalyzer = sync.OnceValue(func() analysis.Analyzer {
	stopFilter := stop.NewStopTokensFilter(stopWords())
	return &analysis.DefaultAnalyzer{
		Tokenizer: bleveunicode.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{
			foldFilter{},
			lowercase.NewLowerCaseFilter(),
			en.NewPossessiveFilter(),
			stopFilter,
			porter.NewPorterStemmer(),
		},
	}
})

var stopWords = sync.OnceValue(func() analysis.TokenMap {
	m, err := en.TokenMapConstructor(nil, nil)
	if err != nil {
		panic("retrieval: english stop words: " + err.Error())
	}
	return m
})

type bleveAnalyzer struct{}

func (bleveAnalyzer) Analyze(b []byte) analysis.TokenStream { return builtinAnalyzer().Analyze(b) }

func init() {
	err := registry.RegisterAnalyzer(analyzerName, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return bleveAnalyzer{}, nil
	})
	if err != nil {
		panic("retrieval: register analyzer: " + err.Error())
	}
}

// foldFilter removes accents and folds letters that have no decomposition (Azerbaijani
// ə and ı, ø, ß, ...) to their plain Latin form, so "Huseyncilar" finds "Hüseynçilər".
type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if !isASCII(t.Term) {
			t.Term = []byte(fold(string(t.Term)))
		}
	}
	return in
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var foldSpecial = map[rune]string{
	'ə': "a", 'Ə': "A", 'ı': "i", 'ø': "o", 'Ø': "O", 'ß': "ss", 'æ': "ae", 'Æ': "AE",
	'œ': "oe", 'Œ': "OE", 'đ': "d", 'Đ': "D", 'ł': "l", 'Ł': "L", 'þ': "th", 'Þ': "TH",
	'ð': "d", 'Ð': "D", '’': "'", 'ʼ': "'", '‘': "'",
}

// fold returns s without combining marks and with special letters replaced.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if rep, ok := foldSpecial[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
