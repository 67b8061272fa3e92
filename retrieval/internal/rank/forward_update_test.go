package rank

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// TestReanalyseIsAnalyse checks that updating an analysis by the passages that changed
// gives the very analysis of the new corpus, dictionary numbering included.
func TestReanalyseIsAnalyse(t *testing.T) {
	base := testkit.Generated(600)
	for d := range base.Documents {
		if d%2 == 1 { // titles of words met before, which an update copies rather than analyses
			base.Documents[d].Title = [...]string{"The valley", "The harbour of the valley", "Valley and harbour"}[d%3]
		}
	}
	for i := range base.Passages { // headings, of words met before and not
		base.Passages[i].Heading = [...]string{"", "Harbour", "The valley", "", fmt.Sprintf("Heading %d", i)}[i%5]
	}
	tests := []struct {
		name   string
		change func(c *corpus.Corpus, rng *rand.Rand)
	}{
		{"unchanged", func(*corpus.Corpus, *rand.Rand) {}},
		{"text changed", func(c *corpus.Corpus, rng *rand.Rand) {
			for range 20 {
				p := &c.Passages[rng.IntN(len(c.Passages))]
				p.Text = c.Passages[rng.IntN(len(c.Passages))].Text + " zyzzogeton quokka"
			}
		}},
		{"passages removed and added", func(c *corpus.Corpus, rng *rand.Rand) {
			for range 30 {
				i := rng.IntN(len(c.Passages))
				c.Passages = append(c.Passages[:i], c.Passages[i+1:]...)
			}
			for k := range 10 {
				p := c.Passages[rng.IntN(len(c.Passages))]
				p.ID, p.Text = fmt.Sprintf("%s#new%d", p.DocID, k), "A new paragraph about aardvarks and "+p.Text
				c.Passages = append(c.Passages, p)
			}
		}},
		{"headings changed", func(c *corpus.Corpus, rng *rand.Rand) {
			c.Passages[2].Heading = "Quokkas of the harbour"
			c.Passages[7].Heading = "Harbour"
		}},
		{"a title changed", func(c *corpus.Corpus, rng *rand.Rand) {
			c.Documents[3].Title = "Xylophones of the northern valley"
		}},
		{"titles and authors with new words", func(c *corpus.Corpus, rng *rand.Rand) {
			c.Documents[0].Title = "Zebras and quaggas"
			c.Documents[5].Authors = []string{"Quentin Zyx-Plorp"}
			c.Documents[len(c.Documents)-1].Title = "Aardvarks"
		}},
		{"documents removed", func(c *corpus.Corpus, rng *rand.Rand) {
			gone := c.Documents[1].ID
			c.Documents = append(c.Documents[:1:1], c.Documents[2:]...)
			c.Passages = slices.DeleteFunc(c.Passages, func(p corpus.Passage) bool { return p.DocID == gone })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			ctx := context.Background()
			old := Analyse(ctx, base.Documents, base.Passages, docIndex(base))
			c := &corpus.Corpus{Documents: append([]corpus.Document(nil), base.Documents...),
				Passages: append([]corpus.Passage(nil), base.Passages...)}
			tt.change(c, rng)
			docOf := docIndex(c)
			// a passage is reused when its id, text and heading and its document's title are as before
			was := map[string]int{}
			for j, p := range base.Passages {
				was[p.ID+"\x00"+p.Text+"\x00"+p.Heading+"\x00"+base.Documents[docIndex(base)[j]].Title] = j
			}
			reused := make([]int, len(c.Passages))
			n := 0
			for i, p := range c.Passages {
				j, ok := was[p.ID+"\x00"+p.Text+"\x00"+p.Heading+"\x00"+c.Documents[docOf[i]].Title]
				if !ok {
					j = -1
				} else {
					n++
				}
				reused[i] = j
			}
			if n == 0 {
				t.Fatal("no passage reused: the test compares nothing")
			}
			// a document's title and authors are reused when they are as before
			wasDoc := map[string]int{}
			for j, d := range base.Documents {
				wasDoc[d.ID+"\x00"+d.Title+"\x00"+strings.Join(d.Authors, "\x00")] = j
			}
			oldDoc := make([]int, len(c.Documents))
			for d, doc := range c.Documents {
				j, ok := wasDoc[doc.ID+"\x00"+doc.Title+"\x00"+strings.Join(doc.Authors, "\x00")]
				if !ok {
					j = -1
				}
				oldDoc[d] = j
			}
			want := Analyse(ctx, c.Documents, c.Passages, docOf)
			for _, od := range [][]int{nil, oldDoc} {
				if got := Reanalyse(ctx, old, reused, od, c.Documents, c.Passages, docOf); !forwardEqual(got, want) {
					t.Errorf("Reanalyse with %d of %d passages reused (documents' fields reused: %v) differs from Analyse", n, len(c.Passages), od != nil)
				}
			}
			// an update reads the earlier analysis from its file, through a memory map
			dir := t.TempDir()
			if err := old.Save(dir); err != nil {
				t.Fatal(err)
			}
			for _, above := range []int64{readTokensAbove, 0} { // tokens mapped, then read from the file
				loaded := loadWith(t, above, dir, len(base.Passages), len(base.Documents))
				if got := Reanalyse(ctx, loaded, reused, oldDoc, c.Documents, c.Passages, docOf); !forwardEqual(got, want) {
					t.Errorf("Reanalyse of the saved analysis (tokens read above %d bytes) with %d of %d passages reused differs from Analyse",
						above, n, len(c.Passages))
				}
			}
		})
	}
}
