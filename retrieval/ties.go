package retrieval

import (
	"cmp"
	"context"
	"slices"

	"github.com/docent-bot/docent/retrieval/internal/bleveindex"
)

// hit is a passage a search found: its index and bleve's score.
type hit struct {
	Passage int
	Score   float64
}

// search returns the best q.Size hits of q, passages of equal score in corpus order.
// bleve breaks ties by where a passage sits in its segments, which an updated index
// does not share with a fresh build of the same corpus: so the search reads on until
// the passages tied at the cut are all known, and orders them itself.
func (ix *Index) search(ctx context.Context, q bleveindex.Query) ([]hit, int, error) {
	depth := q.Size
	if depth <= 0 {
		return nil, 0, nil // nothing wanted; also keeps hits[depth-1] below in range
	}
	for size := depth + 1; ; size *= 2 {
		q.Size = size
		hits, total, err := ix.bi.Search(ctx, q)
		if err != nil {
			return nil, 0, err
		}
		if len(hits) == size && hits[size-1].Score == hits[depth-1].Score {
			continue // the tie at the cut goes on past what was read
		}
		found := make([]hit, 0, len(hits))
		for _, h := range hits {
			if i, ok := ix.src.Find(h.ID); ok { // an id the passages lack is skipped
				found = append(found, hit{Passage: i, Score: h.Score})
			}
		}
		slices.SortStableFunc(found, func(a, b hit) int {
			if c := cmp.Compare(b.Score, a.Score); c != 0 {
				return c
			}
			return cmp.Compare(a.Passage, b.Passage)
		})
		return found[:min(depth, len(found))], total, nil
	}
}
