// Package analysis turns text into index terms, the same way for passages, questions and
// highlights (word tokens with byte offsets, folded, English stop words and stemming,
// hyphenated and numeric words kept whole and in parts), and holds the one question type
// (Question): a question's words and the terms that stand for them (synonyms, near
// spellings in the corpus vocabulary, number forms), with what it asks for (AnswerType).
package analysis

import "sync"

// Version changes whenever analysis produces different terms for the same text (tokens,
// folding, stop words, stemmer, defaults). An index manifest records it, so an index built
// with another version is rebuilt.
const Version = "3"

// Stemmer names an English stemmer.
type Stemmer string

const (
	Porter   Stemmer = "porter"   // Porter (1980), bleve's default English stemmer
	Snowball Stemmer = "snowball" // Snowball English ("Porter2")
	NoStem   Stemmer = "none"
)

// Options vary analysis; the zero value is the recommended default. Only experiments need
// another value: the bot and the index use the default.
type Options struct {
	Stemmer Stemmer // "" means the default (see DefaultStemmer)
	// NoJoined stops a hyphenated word ("IL-6") from being indexed as its joined form
	// ("il6") as well as its parts ("il", "6").
	NoJoined bool
	// ShortStop uses Lucene's 33 English stop words instead of bleve's 174 (Snowball),
	// keeping words such as "not", "more", "after" and "between" searchable.
	ShortStop bool
	// NoIrregular keeps irregular inflections as they are instead of mapping them to their
	// lemma before stemming ("began" → "begin", "children" → "child").
	NoIrregular bool
	// NoSpelling keeps British spellings as they are instead of mapping their stem to the
	// American spelling's ("tumours" → "tumor", "randomised" → "random").
	NoSpelling bool
}

// DefaultStemmer is the stemmer of the zero Options.
const DefaultStemmer = Porter

func (o Options) stemmer() Stemmer {
	if o.Stemmer == "" {
		return DefaultStemmer
	}
	return o.Stemmer
}

// Token is one index term of a text with the byte span of the word it came from.
type Token struct {
	Term       string
	Start, End int // byte offsets into the analysed text
	// Pos is the word position, from 1; removed stop words leave gaps, and the joined form
	// of a hyphenated word shares the position of its first part.
	Pos int
	// Joined marks the joined form of a hyphenated word ("il6" for "IL-6"); its parts
	// follow it as ordinary tokens. Queries may weight it differently (see Recommended).
	Joined bool
}

// Analyzer analyses text with fixed Options. It is safe for concurrent use.
type Analyzer struct {
	opts      Options
	stem      func(string) string
	irregular map[string]string // folded irregular form → lemma; nil with NoIrregular
	spelling  map[string]string // British spelling's stem → American's; nil with NoSpelling
	lexOnce   sync.Once
	lex       *lexicon
	memo      *memo // the terms of words already analysed, shared by Analyzers of the same Options
}

// New returns an Analyzer for opts.
func New(opts Options) (*Analyzer, error) {
	s, err := stemFunc(opts.stemmer())
	if err != nil {
		return nil, err
	}
	a := &Analyzer{opts: opts, stem: s, memo: memoFor(opts)}
	if !opts.NoIrregular {
		if a.irregular, err = irregularForms(); err != nil {
			return nil, err
		}
	}
	if !opts.NoSpelling && opts.stemmer() == DefaultStemmer {
		if a.spelling, err = spellingStems(); err != nil {
			return nil, err
		}
	}
	return a, nil
}

var defaultAnalyzer = sync.OnceValue(func() *Analyzer {
	a, err := New(Options{})
	if err != nil {
		panic("analysis: default options: " + err.Error())
	}
	return a
})

// Default returns the Analyzer with the default Options.
func Default() *Analyzer { return defaultAnalyzer() }

// Tokens analyses text with the default Options.
func Tokens(text string) []Token { return Default().Tokens(text) }

// Each analyses text like Tokens and calls emit with each token in turn, for a caller
// that keeps the tokens in its own form.
func (a *Analyzer) Each(text string, emit func(Token)) { a.each(text, emit) }

// Tokens analyses text: the terms in order, with their byte spans in text.
func (a *Analyzer) Tokens(text string) []Token {
	var out []Token
	a.each(text, func(t Token) { out = append(out, t) })
	return out
}
