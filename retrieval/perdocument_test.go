package retrieval

import (
	"fmt"
	"testing"

	"github.com/docent-bot/docent/corpus"
)

// TestAnswerOnePerDocument checks that a document ranking lists each document once, at
// its best passage, reading deeper than the passages asked for when one document holds
// many of the best ones.
func TestAnswerOnePerDocument(t *testing.T) {
	// long.txt has more passages about sturgeon than a first search reads (Params.RerankDepth,
	// then docDepthFactor per document wanted); short.txt mentions sturgeon once, in a
	// long passage, so it ranks below all of them
	long := corpus.Document{ID: "long.txt", Title: "Sturgeon notes"}
	for n := 1; n <= 3*DefaultParams().RerankDepth; n++ {
		long.Paragraphs = append(long.Paragraphs, corpus.Paragraph{N: n, Text: fmt.Sprintf("Sturgeon note %d: sturgeon sturgeon.", n)})
	}
	short := corpus.Document{ID: "short.txt", Title: "Rivers", Paragraphs: []corpus.Paragraph{
		{N: 1, Text: "The Volga and the Kura carry silt, reeds, driftwood, ice in winter, barges, ferries and, now and then, a sturgeon to the Caspian Sea, along with much else."},
	}}
	other := corpus.Document{ID: "other.txt", Title: "Mountains", Paragraphs: []corpus.Paragraph{{N: 1, Text: "The Caucasus has high peaks."}}}
	ix := mustOpen(t, "", testCorpus([]corpus.Document{long, short, other}), Options{})

	passages := mustAnswer(t, ix, Query{Text: "sturgeon", K: 10})
	for _, p := range passages.Passages {
		if p.Citation.DocID != "long.txt" {
			t.Fatalf("passage ranking lists %s among the first 10; the test needs long.txt to fill them", p.Citation.DocID)
		}
	}

	docs := mustAnswer(t, ix, Query{Text: "sturgeon", K: 10, OnePerDocument: true})
	var got []string
	for _, p := range docs.Passages {
		got = append(got, p.Citation.DocID)
	}
	if want := []string{"long.txt", "short.txt"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("OnePerDocument ranking = %v; want %v", got, want)
	}
	if docs.Passages[0].ID != passages.Passages[0].ID {
		t.Errorf("OnePerDocument lists long.txt at %s; want its best passage %s", docs.Passages[0].ID, passages.Passages[0].ID)
	}
	if docs.Total != passages.Total {
		t.Errorf("Total = %d; want the passages matched, %d", docs.Total, passages.Total)
	}
}
