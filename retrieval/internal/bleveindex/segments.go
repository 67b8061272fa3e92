package bleveindex

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// built is an open bleve index and the BM25 statistic its scores are computed with.
type built struct {
	bi bleve.Index
	// fieldTerms, when set, replaces bleve's own per-field statistic; nil lets bleve
	// read it from the index.
	fieldTerms map[string]int
	path       string // the index folder, where the forward analysis is kept; "" for none
}

// FieldTerms is the BM25 length statistic of a corpus's passages: per field, the number
// of distinct terms of each chunk of StatChunk consecutive passages, in corpus order,
// summed over the chunks. It is what bleve measures on an index built in batches of
// StatChunk before any segment is merged, the statistic the ranking was tuned with
// (mergeSegments), but computed from the passages alone: an index updated in place, or
// one whose batches bleve merged early, ranks exactly as a fresh build of the same
// corpus.
type FieldTerms struct{ Text, Author, Doc int }

// StatChunk is the number of passages of a chunk of FieldTerms.
const StatChunk = 1000

func (t FieldTerms) fields() map[string]int {
	return map[string]int{fieldText: t.Text, fieldAuthor: t.Author, fieldDoc: t.Doc}
}

// scoredFields are the fields a question's query reads: each needs a statistic.
var scoredFields = []string{fieldText, fieldAuthor, fieldDoc}

// mergeSegments merges a persistent index into one segment and returns the BM25
// statistic measured just before.
//
// A question looks each of its terms up in every segment, so one segment answers
// faster than the several that batches leave (SciFact at K=100: about 0.8 ms of CPU
// less per query, for 0.2 s more build). But bleve derives BM25's average field
// length from the number of distinct terms in a field's dictionary summed over
// segments, so merging would change every score, and the ranking was tuned with the
// statistic of the unmerged index. The statistic is kept, in the manifest, and given to
// every search (searchContext), so the merged index ranks exactly as before.
func mergeSegments(ctx context.Context, bi bleve.Index) (map[string]int, error) {
	adv, err := bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("merge segments: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil, nil
	}
	terms, err := fieldTerms(adv)
	if err != nil {
		return nil, fmt.Errorf("merge segments: %w", err)
	}
	// a merge bleve had started on its own ends beside the forced one: merge again
	for range maxMerges {
		if err := s.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
			return nil, fmt.Errorf("merge segments: %w", err)
		}
		if n, err := segments(adv); err != nil || n <= 1 {
			if err != nil {
				return nil, err
			}
			break
		}
	}
	// Close does not wait for the merged snapshot to be written: without this wait the
	// index reopens from the snapshot before the merge
	return terms, waitSettled(ctx, s)
}

// waitSettled waits until s has merged and persisted its latest snapshot, or gives up
// after settleTimeout: the index is whole either way, only perhaps not merged.
func waitSettled(ctx context.Context, s *scorch.Scorch) error {
	deadline := time.Now().Add(settleTimeout)
	for time.Now().Before(deadline) {
		if active, ok := s.StatsMap()["index_bgthreads_active"].(bool); !ok || !active {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}

const settleTimeout = 10 * time.Second

// maxMerges bounds the forced merges of one build.
const maxMerges = 3

// segments counts the segments of adv's current snapshot.
func segments(adv index.Index) (int, error) {
	r, err := adv.Reader()
	if err != nil {
		return 0, fmt.Errorf("merge segments: %w", err)
	}
	defer r.Close()
	if is, ok := r.(*scorch.IndexSnapshot); ok {
		return len(is.Segments()), nil
	}
	return 0, nil
}

// fieldTerms reads bleve's BM25 statistic of every scored field.
func fieldTerms(adv index.Index) (map[string]int, error) {
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	br, ok := r.(index.BM25Reader)
	if !ok {
		return nil, nil
	}
	m := make(map[string]int, len(scoredFields))
	for _, f := range scoredFields {
		if m[f], err = br.FieldCardinality(f); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// bm25Stats turns a recorded statistic into what bleve reads from a search's context.
func bm25Stats(fieldTerms map[string]int, passages int) *search.BM25Stats {
	if fieldTerms == nil {
		return nil
	}
	m := make(map[string]int, len(fieldTerms)+1)
	for f, n := range fieldTerms {
		m[f] = n
	}
	// bleve searches an unscored disjunction of terms (a filter) as one term searcher on
	// the field "*", and fails unless a statistic names it; it scores nothing
	m[anyField] = 0
	return &search.BM25Stats{DocCount: float64(passages), FieldCardinality: m}
}

// anyField is the field name bleve gives a merged disjunction of terms.
const anyField = "*"

// searchContext gives a search the index's recorded BM25 statistic, if it has one.
func (x *Index) searchContext(ctx context.Context) context.Context {
	if x.bm25 == nil {
		return ctx
	}
	return context.WithValue(ctx, search.BM25StatsKey, x.bm25)
}
