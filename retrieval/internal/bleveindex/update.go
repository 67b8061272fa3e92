package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/docent-bot/docent/corpus"
)

// Plan is what Open does with an index folder for a corpus: reuse the index there as it
// is, update an earlier index by the passages that changed, or build anew. NewPlan makes
// it; Open carries it out.
type Plan struct {
	dir    string
	c      *corpus.Corpus
	m      manifest // of the index reused, or of the one an update starts from
	reason string   // why the index is not reused as it is; "" when it is
	// Reuse is the folder of the index reused as it is, or "".
	Reuse string

	base     string   // the folder of the index an update starts from, or ""
	baseKeys []Key    // the keys of its passages
	baseDocs []DocKey // and of its documents; nil when not known

	compare sync.Once // compares the corpus's passages with base's: see Update
	from    string    // base, when the comparison found an update worth making
	reused  []int
	keys    []Key    // of the corpus, when an update needs them
	docKeys []DocKey // of the corpus's documents, nil when not known
	same    []int    // per document of the corpus: its index in base when base holds it as it is, else -1 (diffDocuments)
	indexed []int    // passages of the corpus to index: new or changed
	deleted []string // ids of base's passages the corpus no longer has
	damaged error    // why base's index could not be updated, when it is damaged
}

// maxUpdateShare is the share of the corpus's passages above which an update is not
// worth it: building anew is as fast, and leaves one segment.
const maxUpdateShare = 0.5

// NewPlan reads the manifest of the index in dir (and, when dir holds none, of base, an
// index folder to update from; "" for none) and decides what Open does for c. A process
// that only reads (readOnly) reuses an index or fails: it plans no update.
func NewPlan(dir, base string, c *corpus.Corpus, readOnly bool) *Plan {
	p := &Plan{dir: dir, c: c}
	if dir == "" {
		p.reason = "memory"
		return p
	}
	m, reason := readManifest(dir, c)
	src := dir
	if reason == "" {
		p.m, p.Reuse = m, filepath.Join(dir, m.Index)
		return p
	}
	p.reason = reason
	if readOnly {
		return p
	}
	if reason == "missing" && base != "" && base != dir {
		src = base
		if m, reason = readManifest(base, c); reason == "" {
			reason = "corpus changed" // the same corpus: an update that changes nothing
		}
	}
	if reason != "corpus changed" {
		return p
	}
	from := filepath.Join(src, m.Index)
	old, oldDocs, err := readKeys(from, m.Passages)
	if err != nil {
		return p
	}
	p.m, p.base, p.baseKeys, p.baseDocs = m, from, old, oldDocs
	return p
}

// Base returns the folder of the index an update would start from and the size of its
// corpus, known before the passages are compared (a caller may start reading what it
// keeps there meanwhile); "" when Open will not update.
func (p *Plan) Base() (folder string, passages, documents int) {
	return p.base, p.m.Passages, p.m.Documents
}

// Update compares the corpus's passages with those of Base's index, once, and returns the
// folder of the index Open updates, and for each passage of the corpus its position in
// that index when it holds the passage exactly so (same key), else -1. The folder is ""
// when Open builds anew: there is no earlier index, or too much changed.
func (p *Plan) Update() (from string, reused []int) {
	p.compare.Do(p.diff)
	return p.from, p.reused
}

// diff compares the keys of the index in p.base with the corpus's: document by
// document when both say which passages each document holds, so that only the
// passages of changed documents are hashed and compared; else passage by passage.
func (p *Plan) diff() {
	if p.base == "" {
		return
	}
	// the segments' checksums are read while the keys are hashed
	checked := make(chan error, 1)
	go func() { checked <- checkSegments(p.base) }()
	var reused []int
	p.docKeys = DocKeys(p.c)
	if p.docKeys != nil && p.baseDocs != nil {
		reused = p.diffDocuments()
	} else {
		reused = p.diffPassages()
	}
	if err := <-checked; err != nil {
		p.damaged = err // build anew rather than carry the damage on
		p.keys, p.indexed, p.deleted = nil, nil, nil
		return
	}
	if float64(len(p.indexed)+len(p.deleted)) > maxUpdateShare*float64(len(p.keys)) {
		p.indexed, p.deleted = nil, nil
		return
	}
	p.from, p.reused = p.base, reused
}

// diffPassages hashes every passage of the corpus and compares its key with base's.
func (p *Plan) diffPassages() (reused []int) {
	p.keys = Keys(p.c)
	at := make(map[Key]int, len(p.baseKeys))
	for j, k := range p.baseKeys {
		at[k] = j
	}
	ids := make(map[string]bool, len(p.keys))
	reused = make([]int, len(p.keys))
	for i, k := range p.keys {
		ids[k.ID] = true
		j, ok := at[k]
		if !ok {
			j = -1
			p.indexed = append(p.indexed, i)
		}
		reused[i] = j
	}
	for _, k := range p.baseKeys {
		if !ids[k.ID] {
			p.deleted = append(p.deleted, k.ID)
		}
	}
	return reused
}

// diffDocuments takes the keys of a document whose DocKey is base's from base, and
// hashes and compares only the passages of the others. A passage's id starts with its
// document's, so a passage can only be kept, or deleted, within its document.
func (p *Plan) diffDocuments() (reused []int) {
	type baseDoc struct {
		key   DocKey
		index int // in base
		first int // its first passage in base
		seen  bool
	}
	old := make(map[string]*baseDoc, len(p.baseDocs))
	bases := make([]baseDoc, len(p.baseDocs))
	for j, first := 0, 0; j < len(p.baseDocs); j++ {
		bases[j] = baseDoc{key: p.baseDocs[j], index: j, first: first}
		old[p.baseDocs[j].ID] = &bases[j]
		first += p.baseDocs[j].Passages
	}
	p.keys = make([]Key, len(p.c.Passages))
	reused = make([]int, len(p.keys))
	p.same = make([]int, len(p.docKeys))
	docs := docsByID(p.c)
	var buf []byte
	first := 0
	for di, d := range p.docKeys {
		from, to := first, first+d.Passages
		first = to
		b := old[d.ID]
		if b != nil {
			b.seen = true
		}
		p.same[di] = -1
		if b != nil && b.key == d {
			p.same[di] = b.index
			for k := range d.Passages {
				p.keys[from+k], reused[from+k] = p.baseKeys[b.first+k], b.first+k
			}
			continue
		}
		was := map[Key]int{}
		if b != nil {
			for j := b.first; j < b.first+b.key.Passages; j++ {
				was[p.baseKeys[j]] = j
			}
		}
		ids := make(map[string]bool, to-from)
		for i := from; i < to; i++ {
			ps := &p.c.Passages[i]
			p.keys[i], buf = keyOf(ps, docs[ps.DocID], buf)
			ids[ps.ID] = true
			j, ok := was[p.keys[i]]
			if !ok {
				j = -1
				p.indexed = append(p.indexed, i)
			}
			reused[i] = j
		}
		if b != nil {
			for j := b.first; j < b.first+b.key.Passages; j++ {
				if !ids[p.baseKeys[j].ID] {
					p.deleted = append(p.deleted, p.baseKeys[j].ID)
				}
			}
		}
	}
	for _, b := range bases {
		if !b.seen {
			for j := b.first; j < b.first+b.key.Passages; j++ {
				p.deleted = append(p.deleted, p.baseKeys[j].ID)
			}
		}
	}
	return reused
}

// SameDocuments compares the corpus with Base's index, once, and returns for each
// document of the corpus its index there when that index holds it as it is (the same
// DocKey), else -1; nil when that is not known (no earlier index, or one without
// documents' keys).
func (p *Plan) SameDocuments() []int {
	p.compare.Do(p.diff)
	return p.same
}

// Changed returns the number of passages an update indexes and deletes.
func (p *Plan) Changed() (indexed, deleted int) { return len(p.indexed), len(p.deleted) }

// update copies the index p updates into tmp and applies the changes there in one batch:
// the deleted passages go, the new and changed ones are indexed. The copy shares the
// segment files of that index (they never change once written), so it costs little, and
// the index stays whole for whoever answers from it until the new index is published.
func update(ctx context.Context, p *Plan, tmp string, opts Options) error {
	if err := copyIndex(p.from, tmp); err != nil {
		return fmt.Errorf("copy index %s: %w", p.from, err)
	}
	bi, err := bleve.OpenUsing(tmp, map[string]any{"unsafe_batch": true, "bolt_timeout": "2s"})
	if err != nil {
		return fmt.Errorf("open index copy: %w", err)
	}
	err = applyChanges(ctx, bi, p, opts)
	if cerr := bi.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close index copy: %w", cerr)
	}
	return err
}

func applyChanges(ctx context.Context, bi bleve.Index, p *Plan, opts Options) error {
	if len(p.indexed)+len(p.deleted) == 0 {
		return nil
	}
	docs := docsByID(p.c)
	b := bi.NewBatch()
	for _, id := range p.deleted {
		b.Delete(id)
	}
	for _, i := range p.indexed {
		ps := &p.c.Passages[i]
		if err := b.Index(ps.ID, newPassageDoc(docs[ps.DocID], ps)); err != nil {
			return fmt.Errorf("index passage %s: %w", ps.ID, err)
		}
	}
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { persisted <- err })
	if err := bi.Batch(b); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	select {
	case err := <-persisted:
		if err != nil {
			return fmt.Errorf("persist index: %w", err)
		}
	case <-ctx.Done():
		return ctx.Err()
	}
	if opts.Progress != nil {
		opts.Progress(len(p.indexed), len(p.indexed))
	}
	return mergeSmallSegments(ctx, bi)
}

// maxSegments is the number of segments above which an update merges the small ones:
// each update adds one, and a question looks its terms up in every segment.
const maxSegments = 8

// mergeSmallSegments merges segments by bleve's usual tiered plan, which leaves the
// large segment of the first build alone, once updates have added more than maxSegments.
// Scores do not depend on segments (the statistic is the corpus's: see FieldTerms).
func mergeSmallSegments(ctx context.Context, bi bleve.Index) error {
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if n, err := segments(adv); err != nil || n <= maxSegments {
		return err
	}
	if err := s.ForceMerge(ctx, &mergeplan.DefaultMergePlanOptions); err != nil {
		return fmt.Errorf("merge segments: %w", err)
	}
	return waitSettled(ctx, s)
}

// copyIndex copies bleve's files of the index folder from into to: segment files are
// linked (bleve never writes one again once it is complete), the rest copied. Files
// docent keeps beside bleve's are left out: the update writes its own.
func copyIndex(from, to string) error {
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, name := range []string{"index_meta.json", "store"} {
		err := filepath.WalkDir(filepath.Join(from, name), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(from, path)
			if err != nil {
				return err
			}
			dst := filepath.Join(to, rel)
			if d.IsDir() {
				return os.MkdirAll(dst, 0o755)
			}
			if strings.HasSuffix(path, ".zap") && os.Link(path, dst) == nil {
				return nil
			}
			return copyFile(path, dst)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync() // an update that changes nothing publishes the copy as it is
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	return err
}

// errNoStatistic is returned when an update has no Finish to give the corpus's
// statistic: bleve's own would depend on the update's segments.
var errNoStatistic = errors.New("an update needs Options.Finish")
