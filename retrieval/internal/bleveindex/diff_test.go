package bleveindex

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// withSums gives c's documents sums as corpus.LoadDir would: a hash of everything
// indexed of the document (here its passages' keys).
func withSums(c *corpus.Corpus) *corpus.Corpus {
	keys := Keys(c)
	c.DocSums = make([]corpus.Sum, len(c.Documents))
	for d, i := 0, 0; d < len(c.Documents); d++ {
		h := sha256.New()
		fmt.Fprint(h, c.Documents[d].ID)
		for ; i < len(keys) && c.Passages[i].DocID == c.Documents[d].ID; i++ {
			fmt.Fprint(h, keys[i])
		}
		c.DocSums[d] = corpus.Sum(h.Sum(nil)[:16])
	}
	return c
}

// TestDiffDocumentsAsPassages checks that comparing an index's passages document by
// document (the documents' sums) finds what comparing every passage's key finds.
func TestDiffDocumentsAsPassages(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *corpus.Corpus) *corpus.Corpus
	}{
		{"nothing", func(c *corpus.Corpus) *corpus.Corpus { return c }},
		{"a passage changed", func(c *corpus.Corpus) *corpus.Corpus {
			c.Passages[7].Text += " more"
			return c
		}},
		{"a document removed", func(c *corpus.Corpus) *corpus.Corpus {
			return without(c, 3)
		}},
		{"a passage removed", func(c *corpus.Corpus) *corpus.Corpus {
			c.Passages = slices.Delete(c.Passages, 12, 13)
			return c
		}},
		{"a document renamed", func(c *corpus.Corpus) *corpus.Corpus {
			old := c.Documents[5].ID
			c.Documents[5].ID = "renamed"
			for i := range c.Passages {
				if c.Passages[i].DocID == old {
					c.Passages[i].DocID = "renamed"
					c.Passages[i].ID = "renamed" + c.Passages[i].ID[len(old):]
				}
			}
			return c
		}},
		{"a title changed", func(c *corpus.Corpus) *corpus.Corpus {
			c.Documents[2].Title += " again"
			return c
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := withSums(testkit.Generated(300))
			baseKeys, baseDocs := Keys(base), DocKeys(base)
			c := withSums(tt.change(testkit.Generated(300)))
			byDoc := &Plan{c: c, baseKeys: baseKeys, baseDocs: baseDocs, docKeys: DocKeys(c)}
			gotReused := byDoc.diffDocuments()
			byPassage := &Plan{c: c, baseKeys: baseKeys}
			wantReused := byPassage.diffPassages()
			if changed := len(byDoc.indexed)+len(byDoc.deleted) > 0; changed != (tt.name != "nothing") {
				t.Errorf("%d passages to index, %d to delete", len(byDoc.indexed), len(byDoc.deleted))
			}
			if !slices.Equal(gotReused, wantReused) {
				t.Errorf("reused differ:\n got %v\nwant %v", gotReused, wantReused)
			}
			if !slices.Equal(byDoc.keys, byPassage.keys) {
				t.Error("keys differ")
			}
			if !slices.Equal(byDoc.indexed, byPassage.indexed) {
				t.Errorf("indexed %v; want %v", byDoc.indexed, byPassage.indexed)
			}
			slices.Sort(byDoc.deleted)
			slices.Sort(byPassage.deleted)
			if !slices.Equal(byDoc.deleted, byPassage.deleted) {
				t.Errorf("deleted %v; want %v", byDoc.deleted, byPassage.deleted)
			}
		})
	}
}

// without returns c without its document d and its passages.
func without(c *corpus.Corpus, d int) *corpus.Corpus {
	id := c.Documents[d].ID
	c.Documents = slices.Delete(c.Documents, d, d+1)
	c.Passages = slices.DeleteFunc(c.Passages, func(p corpus.Passage) bool { return p.DocID == id })
	return c
}
