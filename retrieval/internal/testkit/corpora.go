// Package testkit holds what the tests and benchmarks of retrieval's packages share:
// corpora (hand-made, generated, BEIR) and latency measurement.
package testkit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// Docs is a small hand-made corpus: every test knows exactly what it holds.
func Docs() []corpus.Document {
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

// New builds a Corpus from docs, one passage per paragraph, as corpus.Load would.
func New(docs []corpus.Document) *corpus.Corpus {
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

// commonWords are frequent English words; the generator mixes them with a long tail of
// made-up rare words (names, terms) so the vocabulary has a realistic Zipf shape.
var commonWords = strings.Fields(`the of and to in a is that for it as was with be by on not he
this are or his from at which but have an they you were her she there been one all we their
has would when if so no will more can out other about into than its them time only some
could new these two may first then do any like my now over such our man me even most made
after also did many before must through back years where much your way well down should
because each just those people how too little state good very make world still own see men
work long get here between both life being under never day same another know while last
might us great old year off come since against go came right used take three government
country policy foreign minister president relations region security trade energy pipeline
border war peace agreement economic military support cooperation development international
diplomatic embassy official report against leader nation history political power influence
conflict army treaty oil gas sea capital city market growth investment project council
university research analysis strategy regional national public private center institute`)

var syllables = strings.Fields("ka ri to ma na ze lo vi sha bek ul an dor mir es tan gul ra fi or qa du ye han")

// Generated generates n passages in documents of 30 passages, from a fixed seed.
func Generated(n int) *corpus.Corpus {
	rng := rand.New(rand.NewPCG(1, 2))
	rare := make([]string, 20_000)
	for i := range rare {
		var b strings.Builder
		for range 2 + rng.IntN(3) {
			b.WriteString(syllables[rng.IntN(len(syllables))])
		}
		rare[i] = b.String()
	}
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(rare)-1))
	word := func() string {
		if rng.IntN(10) < 6 {
			return commonWords[rng.IntN(len(commonWords))]
		}
		return rare[zipf.Uint64()]
	}
	sentence := func() string {
		n := 8 + rng.IntN(18)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = word()
		}
		ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
		if rng.IntN(4) == 0 {
			ws[rng.IntN(n)] = strconv.Itoa(1900 + rng.IntN(125))
		}
		return strings.Join(ws, " ") + "."
	}
	c := &corpus.Corpus{Fingerprint: fmt.Sprintf("bench-%d", n)}
	for d := 0; len(c.Passages) < n; d++ {
		doc := corpus.Document{
			ID: fmt.Sprintf("gen/%05d.txt", d), Title: sentence(), Authors: []string{rare[rng.IntN(500)] + " " + rare[rng.IntN(500)]},
			Published: time.Date(2000+rng.IntN(25), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC),
		}
		for p := 1; p <= 30 && len(c.Passages) < n; p++ {
			var b strings.Builder
			for s := range 3 + rng.IntN(4) {
				if s > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(sentence())
			}
			doc.Paragraphs = append(doc.Paragraphs, corpus.Paragraph{N: p, Text: b.String()})
			c.Passages = append(c.Passages, corpus.Passage{
				ID: fmt.Sprintf("%s#%d", doc.ID, p), DocID: doc.ID, ParaFirst: p, ParaLast: p, Text: b.String(),
			})
		}
		c.Documents = append(c.Documents, doc)
	}
	return c
}

// Questions picks n questions from passages: a few of their words, some stop words,
// each with a searchable word under p.
func Questions(c *corpus.Corpus, n int, p analysis.QueryParams) []string {
	rng := rand.New(rand.NewPCG(3, 4))
	qs := make([]string, n)
	for i := 0; i < n; {
		ws := strings.Fields(c.Passages[rng.IntN(len(c.Passages))].Text)
		k := 3 + rng.IntN(5)
		start := rng.IntN(max(1, len(ws)-k))
		qs[i] = "What about " + strings.Trim(strings.Join(ws[start:min(len(ws), start+k)], " "), ".") + "?"
		if q := analysis.NewQuestion(qs[i], p, 1, nil); q.Words > 0 {
			i++
		}
	}
	return qs
}

// AbbrevDocs define abbreviations: CKD twice and AZT once, and MP twice in two different ways.
func AbbrevDocs() []corpus.Document {
	para := func(n int, text string) corpus.Paragraph { return corpus.Paragraph{N: n, Text: text} }
	return []corpus.Document{
		{ID: "a.txt", Title: "Kidneys", Paragraphs: []corpus.Paragraph{
			para(1, "Chronic kidney disease (CKD) affects one adult in ten."),
			para(2, "Zidovudine (AZT) was the first antiretroviral drug."),
			para(3, "Mercaptopurine (MP) is given by mouth."),
		}},
		{ID: "b.txt", Title: "Diet", Paragraphs: []corpus.Paragraph{
			para(1, "Salt intake speeds chronic kidney disease (CKD) progression."),
			para(2, "Musculoskeletal pain (MP) is common."),
		}},
	}
}

// DocOf maps each passage of c to its document's index.
func DocOf(c *corpus.Corpus) []int {
	byID := map[string]int{}
	for i, d := range c.Documents {
		byID[d.ID] = i
	}
	docOf := make([]int, len(c.Passages))
	for i, p := range c.Passages {
		docOf[i] = byID[p.DocID]
	}
	return docOf
}
