// Package bleveindex keeps the passages' bleve index: it builds, opens, checks, rebuilds
// and searches it, and is the only package that imports bleve.
package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// Options tune building an index.
type Options struct {
	// Progress, when set, is called while indexing with passages done and total.
	Progress func(done, total int)
	// BatchSize is the number of passages indexed per batch; 0 means 1000.
	BatchSize int
	// ReadOnly opens the index in the folder as it is and writes nothing: an index that
	// is missing, corrupt or built from other content is an error (ErrStale).
	ReadOnly bool
	// Plan is what NewPlan decided for this folder and corpus; nil decides again, with
	// no other folder to update from.
	Plan *Plan
	// Finish, when set, is called once the passages are indexed in folder, before the
	// index is published: it may keep files made with the index there, and returns the
	// corpus's BM25 statistic. Without it a new index keeps the statistic bleve
	// measures, which depends on its segments, and no index is updated in place.
	Finish func(ctx context.Context, folder string) (FieldTerms, error)
}

// ErrStale is returned by a ReadOnly Open when the index cannot be used as it is.
var ErrStale = errors.New("the index is not up to date; build it with docent index")

// Index is an open bleve index of a corpus's passages.
type Index struct {
	bi   bleve.Index
	bm25 *search.BM25Stats // the statistic scores use; nil: bleve's own
	// Folder is the index folder, where other files made with the index can be kept; ""
	// for an index built in a temporary folder.
	Folder string
	// Rebuilt is true when Open built the index rather than reused it; Reason says why:
	// "missing", "corpus changed", "format", "corrupt", or "memory" without a folder;
	// "updated" when an earlier index was updated by the passages that changed.
	Rebuilt bool
	Reason  string
}

// Open opens the persistent index in dir for corpus c, building or rebuilding it when it
// is missing, corrupt, from an older format or built from other content. An empty dir
// builds the index the same way in a temporary folder that is removed at once (temp.go).
func Open(ctx context.Context, dir string, c *corpus.Corpus, opts Options, log *slog.Logger) (*Index, error) {
	setBM25()
	x := &Index{}
	var b built
	var err error
	if dir == "" && opts.ReadOnly {
		return nil, fmt.Errorf("open index: read-only needs an index folder: %w", ErrStale)
	}
	if dir == "" {
		b, err = buildTemp(ctx, c, opts, log)
		if err != nil {
			return nil, fmt.Errorf("build index in memory: %w", err)
		}
		x.Rebuilt, x.Reason = true, "memory"
	} else {
		p := opts.Plan
		if p == nil || p.dir != dir || p.c != c {
			p = NewPlan(dir, "", c, opts.ReadOnly)
		}
		if b, x.Rebuilt, x.Reason, err = openDir(ctx, p, opts, log); err != nil {
			return nil, err
		}
	}
	x.bi, x.bm25, x.Folder = b.bi, bm25Stats(b.fieldTerms, len(c.Passages)), b.path
	return x, nil
}

// FolderFor returns the index folder of dir that Open would reuse for c, or "" when
// Open would build a new one.
func FolderFor(dir string, c *corpus.Corpus) string {
	if dir == "" {
		return ""
	}
	m, reason := readManifest(dir, c)
	if reason != "" {
		return ""
	}
	return filepath.Join(dir, m.Index)
}

// Close releases the index.
func (x *Index) Close() error { return x.bi.Close() }

var bm25Once sync.Once

// setBM25 sets bleve's BM25 parameters, package globals, to analysis.BM25K1 and BM25B.
// Open calls it before building or searching any index, once per process: an import
// alone changes nothing, so other bleve users in the process (the experiment harness)
// keep their own settings until an Index is opened.
func setBM25() {
	bm25Once.Do(func() {
		search.BM25_k1 = analysis.BM25K1
		search.BM25_b = analysis.BM25B
	})
}

// Published describes the index a manifest names.
type Published struct {
	Fingerprint string // of the corpus it was built from
	Documents   int
	Passages    int
}

// PublishedFolder returns the index folder the manifest in dir names, "" when there is
// none: a reader compares it before and after opening, to tell an index replaced
// meanwhile from a stale one.
func PublishedFolder(dir string) string {
	m, reason := readManifestFile(dir)
	if reason != "" {
		return ""
	}
	return filepath.Join(dir, m.Index)
}

// OpenPublished opens, read-only, the index the manifest in dir names, for a process that
// answers from the folder alone; fingerprint, when not "", must be the corpus's the index
// was built from. Anything else (no index, another corpus, another format, damaged) is an
// error wrapping ErrStale.
func OpenPublished(dir, fingerprint string) (*Index, Published, error) {
	setBM25()
	m, reason := readManifestFile(dir)
	if reason == "" && fingerprint != "" && m.Fingerprint != fingerprint {
		reason = "corpus changed"
	}
	if reason != "" {
		return nil, Published{}, fmt.Errorf("open index %s: %s: %w", dir, reason, ErrStale)
	}
	path := filepath.Join(dir, m.Index)
	bi, err := openExisting(path, m.Passages)
	if err != nil {
		return nil, Published{}, fmt.Errorf("open index %s: corrupt (%v): %w", dir, err, ErrStale)
	}
	x := &Index{bi: bi, bm25: bm25Stats(m.FieldTerms, m.Passages), Folder: path}
	return x, Published{Fingerprint: m.Fingerprint, Documents: m.Documents, Passages: m.Passages}, nil
}
