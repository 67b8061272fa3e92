package bleveindex

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// TestAnalyzer indexes through the registered analyzer and searches with the query analysed
// the same way.
func TestAnalyzer(t *testing.T) {
	m := bleve.NewIndexMapping()
	if err := register(m, analysis.Options{}); err != nil {
		t.Fatal(err)
	}
	m.DefaultAnalyzer = analyzerName
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	docs := map[string]string{
		"a": "Hüseynçilər is a village in Azerbaijan’s west.",
		"b": "Levels of IL-6 rose in post‑Soviet states.",
	}
	for id, text := range docs {
		if err := idx.Index(id, map[string]string{"text": text}); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]string{"Huseyncilar": "a", "azerbaijan": "a", "IL6": "b", "post-soviet": "b"} {
		mq := bleve.NewMatchQuery(q)
		mq.SetField("text")
		res, err := idx.Search(bleve.NewSearchRequest(mq))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ID != want {
			t.Errorf("search %q: hits %v; want %s first", q, res.Hits, want)
		}
	}
	if err := register(mapping.NewIndexMapping(), analysis.Options{Stemmer: "bogus"}); err == nil {
		t.Error("register(bogus stemmer) succeeded; want an error")
	}
}

// TestStopWordsAsBleve checks that analysis's English stop list is bleve's, which it was
// copied from.
func TestStopWordsAsBleve(t *testing.T) {
	m, err := en.TokenMapConstructor(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for w := range m {
		want = append(want, w)
	}
	slices.Sort(want)
	got := analysis.EnglishStopWords()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("analysis.EnglishStopWords() = %q;\nbleve's English stop words are %q", got, want)
	}
}

// TestAnalyzerConfig checks that the configuration stored in a mapping gives back the
// default options with the stemmer named (analysis's TestMemoSharedWithBleve takes it on).
func TestAnalyzerConfig(t *testing.T) {
	o, err := optionsFromConfig(analyzerConfig(analysis.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	if want := (analysis.Options{Stemmer: analysis.DefaultStemmer}); o != want {
		t.Errorf("optionsFromConfig(analyzerConfig(Options{})) = %+v; want %+v", o, want)
	}
}
