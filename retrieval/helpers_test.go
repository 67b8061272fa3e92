package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
)

// testDocs is a small hand-made corpus: every test knows exactly what it holds.
func testDocs() []corpus.Document {
	date := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	return []corpus.Document{
		{
			ID: "caspian.txt", Title: "Sturgeon of the Caspian Sea", Authors: []string{"Leyla Məmmədova"},
			Publication: "Baku Review", Published: date(2021, 3, 14),
			Paragraphs: []corpus.Paragraph{
				{N: 1, Text: "The Caspian Sea is the largest inland body of water on Earth. Its sturgeon produce most of the world's wild caviar."},
				{N: 2, Heading: "Fishing", Text: "Overfishing in the 1990s cut the sturgeon population sharply. In 2011 the littoral states agreed a five-year moratorium on commercial sturgeon fishing."},
				{N: 3, Heading: "Fishing", Text: "Poachers still sell caviar on black markets in Astrakhan and Atyrau."},
			},
		},
		{
			ID: "pipelines.txt", Title: "Pipelines Across the Caucasus", Authors: []string{"John Smith", "Ana Silva"},
			Published: date(2019, 6, 1),
			Paragraphs: []corpus.Paragraph{
				{N: 1, Text: "The Baku–Tbilisi–Ceyhan pipeline has carried crude oil from the Caspian to the Mediterranean since 2006."},
				{N: 2, Heading: "Gas", Text: "The Southern Gas Corridor brings Azerbaijani gas to Europe through Georgia and Türkiye."},
				{N: 3, Heading: "Gas", Text: "Engineers at C++ conferences rarely discuss pipelines; the word \"pipeline\" means something else to them (see: CI/CD)."},
			},
		},
		{
			ID: "groups.txt", Title: "Religious Groups", Authors: []string{"Orxan Əliyev"},
			Paragraphs: []corpus.Paragraph{
				{N: 1, Text: "Reports emerged about the creation of Hüseynçilər, or Husseynites, a movement named after a martyred imam."},
				{N: 2, Text: "The İsmayıllı district hosts a small museum of carpets and copperware."},
			},
		},
	}
}

// testCorpus builds a Corpus from docs, one passage per paragraph, as corpus.Load would.
func testCorpus(docs []corpus.Document) *corpus.Corpus {
	c := &corpus.Corpus{Documents: docs}
	h := sha256.New()
	for _, d := range docs {
		fmt.Fprintf(h, "%s\x00%s\x00%v\x00", d.ID, d.Title, d.Authors)
		for _, p := range d.Paragraphs {
			c.Passages = append(c.Passages, corpus.Passage{
				ID: fmt.Sprintf("%s#%d", d.ID, p.N), DocID: d.ID, Heading: p.Heading,
				ParaFirst: p.N, ParaLast: p.N, Text: p.Text,
			})
			fmt.Fprintf(h, "%s\x00%s\x00", p.Heading, p.Text)
		}
	}
	c.Fingerprint = hex.EncodeToString(h.Sum(nil))
	return c
}

// mustOpen opens an index of c in dir and closes it when the test ends.
func mustOpen(tb testing.TB, dir string, c *corpus.Corpus, opts Options) *Index {
	tb.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ix, err := Open(context.Background(), dir, c, opts)
	if err != nil {
		tb.Fatalf("Open(%q): %v", dir, err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	return ix
}

func mustAnswer(tb testing.TB, ix *Index, q Query) Result {
	tb.Helper()
	r, err := ix.Answer(context.Background(), q)
	if err != nil {
		tb.Fatalf("Answer(%q): %v", q.Text, err)
	}
	return r
}
