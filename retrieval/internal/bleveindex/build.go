package bleveindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/internal/atomicfile"
)

// formatVersion changes whenever the index layout (fields, mapping, scoring) changes.
const formatVersion = 6

const manifestName = "manifest.json"

// lockName is the file writers lock while they build and publish an index (lockWriters).
const lockName = ".docent-write.lock"

// Field names of an indexed passage.
const (
	fieldText   = "text" // document title, heading and text: see indexedText
	fieldAuthor = "author"
	fieldDoc    = "doc"
)

// manifest describes the index kept in a directory; it is written after the index is
// complete, so a manifest always names a whole index.
type manifest struct {
	Format      int       `json:"format"`
	Analysis    string    `json:"analysis"`
	Fingerprint string    `json:"fingerprint"`
	Index       string    `json:"index"` // sub-directory, relative, so dir can be moved
	Documents   int       `json:"documents"`
	Passages    int       `json:"passages"`
	Built       time.Time `json:"built"`
	// FieldTerms is the BM25 length statistic of each field: see FieldTerms.
	FieldTerms map[string]int `json:"field_terms"`
}

// openDir carries out p: it reuses the index in dir, or updates an earlier one, or builds
// a new one. It returns the open index, whether it was rebuilt and why.
func openDir(ctx context.Context, p *Plan, opts Options, log *slog.Logger) (built, bool, string, error) {
	dir, c := p.dir, p.c
	if !opts.ReadOnly {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return built{}, false, "", fmt.Errorf("open index %s: %w", dir, err)
		}
	}
	reason := p.reason
	if p.Reuse != "" {
		bi, err := openExisting(p.Reuse, len(c.Passages))
		if err == nil {
			log.Debug("index reused", "dir", dir, "passages", p.m.Passages)
			if !opts.ReadOnly {
				// a writer killed after its manifest but before its clean-up left folders
				if unlock, ok := tryLockWriters(dir); ok {
					removeStale(dir, filepath.Base(p.Reuse), log)
					unlock()
				}
			}
			return built{bi: bi, fieldTerms: p.m.FieldTerms, path: p.Reuse}, false, "", nil
		}
		if opts.ReadOnly {
			return built{}, false, "", fmt.Errorf("open index %s: corrupt (%v): %w", dir, err, ErrStale)
		}
		log.Warn("index is corrupt; rebuilding", "dir", dir, "err", err)
		reason = "corrupt"
	} else if opts.ReadOnly {
		return built{}, false, "", fmt.Errorf("open index %s: %s: %w", dir, reason, ErrStale)
	} else if from, _ := p.Update(); from != "" {
		b, err := rebuild(ctx, p, opts, log)
		if err == nil {
			return b, true, "updated", nil
		}
		if ctx.Err() != nil {
			return built{}, false, "", err
		}
		log.Warn("could not update the index; building it anew", "dir", dir, "err", err)
	} else {
		log.Info("building index", "dir", dir, "reason", reason, "passages", len(c.Passages))
	}
	b, err := rebuild(ctx, &Plan{dir: dir, c: c, reason: reason}, opts, log)
	if err != nil {
		return built{}, false, "", err
	}
	return b, true, reason, nil
}

// readManifest returns the manifest of dir and "" when it matches c, or the reason to rebuild.
func readManifest(dir string, c *corpus.Corpus) (manifest, string) {
	m, reason := readManifestFile(dir)
	if reason != "" {
		return m, reason
	}
	if m.Fingerprint != c.Fingerprint || m.Passages != len(c.Passages) || c.Fingerprint == "" {
		return m, "corpus changed"
	}
	return m, ""
}

// readManifestFile returns the manifest of dir and "" when it is sound and of this
// format, or the reason to rebuild.
func readManifestFile(dir string) (manifest, string) {
	var m manifest
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return m, "missing"
	}
	if err != nil || json.Unmarshal(b, &m) != nil || m.Index == "" ||
		strings.ContainsAny(m.Index, `/\`) || m.Index == ".." {
		return m, "corrupt"
	}
	if m.Format != formatVersion || m.Analysis != analysisVersion || m.FieldTerms == nil {
		return m, "format"
	}
	return m, ""
}

// openExisting opens a built index and checks it holds the expected number of passages.
func openExisting(path string, passages int) (bi bleve.Index, err error) {
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
		return nil, err
	}
	defer func() {
		// a damaged segment can make bleve panic rather than fail
		if r := recover(); r != nil {
			if bi != nil {
				_ = bi.Close()
			}
			bi, err = nil, fmt.Errorf("open %s: %v", path, r)
		}
	}()
	bi, err = bleve.OpenUsing(path, map[string]any{"read_only": true, "bolt_timeout": "2s"})
	if err != nil {
		return nil, err
	}
	n, err := bi.DocCount()
	if err == nil && int(n) != passages {
		err = fmt.Errorf("index holds %d passages, the corpus %d", n, passages)
	}
	if err == nil {
		// read one term of every field: fails on damaged segment files
		_, err = bi.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false))
	}
	if err != nil {
		_ = bi.Close()
		return nil, err
	}
	return bi, nil
}

// rebuild builds p's corpus into a fresh sub-directory of p.dir, or updates a copy of the
// index p updates there, publishes it with a new manifest and removes older index
// directories. The manifest is written last: until then a crash leaves the old manifest,
// naming the old index whole, and the next Open sees the corpus changed and starts again.
func rebuild(ctx context.Context, p *Plan, opts Options, log *slog.Logger) (built, error) {
	dir, c := p.dir, p.c
	unlock, err := lockWriters(ctx, dir, log)
	if err != nil {
		return built{}, err
	}
	defer unlock()
	start := time.Now()
	name := "index-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	tmp := filepath.Join(dir, name+".tmp")
	final := filepath.Join(dir, name)
	fail := func(err error) (built, error) {
		_ = os.RemoveAll(tmp)
		return built{}, fmt.Errorf("build index in %s: %w", dir, err)
	}
	var terms map[string]int
	from, _ := p.Update()
	if p.damaged != nil {
		log.Warn("the earlier index is damaged; building anew", "dir", p.base, "err", p.damaged)
	}
	if from != "" {
		if opts.Finish == nil {
			return fail(errNoStatistic)
		}
		if err := update(ctx, p, tmp, opts); err != nil {
			return fail(err)
		}
	} else {
		var err error
		if terms, err = buildFresh(ctx, tmp, c, opts); err != nil {
			return fail(err)
		}
	}
	if opts.Finish != nil {
		ft, err := opts.Finish(ctx, tmp)
		if err != nil {
			return fail(err)
		}
		terms = ft.fields()
	}
	keys, docs := p.keys, p.docKeys
	if keys == nil {
		keys, docs = Keys(c), DocKeys(c)
	}
	if err := writeKeys(tmp, keys, docs); err != nil {
		return fail(err)
	}
	if err := readableByAll(tmp); err != nil {
		return fail(err)
	}
	// the files linked into tmp (records, segments) are names of tmp's folders only: on
	// disk before the index is published, and so is its new name before the manifest's
	if err := syncFolders(tmp); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fail(err)
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return fail(err)
	}
	m := manifest{
		Format: formatVersion, Analysis: analysisVersion, Fingerprint: c.Fingerprint,
		Index: name, Documents: len(c.Documents), Passages: len(c.Passages), Built: time.Now().UTC(),
		FieldTerms: terms,
	}
	if err := writeManifest(dir, m); err != nil {
		return built{}, fmt.Errorf("build index in %s: %w", dir, err)
	}
	removeStale(dir, name, log)
	bi, err := openExisting(final, len(c.Passages))
	if err != nil {
		return built{}, fmt.Errorf("open new index %s: %w", final, err)
	}
	indexed, deleted := p.Changed()
	log.Info("index built", "dir", dir, "documents", len(c.Documents), "passages", len(c.Passages),
		"updated", p.from != "", "indexed", indexed, "deleted", deleted,
		"took", time.Since(start).Round(time.Millisecond))
	return built{bi: bi, fieldTerms: terms, path: final}, nil
}

// buildFresh indexes every passage of c into a new index at tmp, merges it into one
// segment and returns bleve's own statistic, measured before the merge.
func buildFresh(ctx context.Context, tmp string, c *corpus.Corpus, opts Options) (map[string]int, error) {
	bi, err := buildIndex(ctx, tmp, c, opts)
	if err != nil {
		return nil, err
	}
	terms, err := mergeSegments(ctx, bi)
	if cerr := bi.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close: %w", cerr)
	}
	return terms, err
}

// readableByAll opens dir's tree to reading by every user: bleve writes its files for
// its own user only, and a read-only replica may run as another (DOCENT_INDEX_READONLY,
// an index folder built by one user and served by many).
func readableByAll(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := fs.FileMode(0o644)
		if d.IsDir() {
			mode = 0o755
		}
		if err := os.Chmod(path, mode); err != nil {
			return fmt.Errorf("make readable: %w", err)
		}
		return nil
	})
}

// syncFolders syncs every folder of dir's tree.
func syncFolders(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return atomicfile.SyncDir(path)
	})
}

func writeManifest(dir string, m manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	err = atomicfile.Write(dir, manifestName, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

// removeStale deletes index directories of dir other than keep: older builds and
// temporary directories left by a crash.
func removeStale(dir, keep string, log *slog.Logger) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == keep || !strings.HasPrefix(e.Name(), "index-") {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			log.Warn("could not remove old index", "dir", e.Name(), "err", err)
		}
	}
}

// indexMapping is the mapping of every index: the analysed text field (title, heading
// and text together) and author field without stored values or term vectors (the corpus
// in memory has the text), and the document id as a keyword for filters.
func indexMapping() (*mapping.IndexMappingImpl, error) {
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	doc := bleve.NewKeywordFieldMapping()
	doc.Analyzer = keyword.Name
	doc.Store, doc.IncludeTermVectors, doc.IncludeInAll, doc.DocValues = false, false, false, false

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, text())
	dm.AddFieldMappingsAt(fieldAuthor, text())
	dm.AddFieldMappingsAt(fieldDoc, doc)
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping()) // no composite field

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = analyzerName
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	im.ScoringModel = index.BM25Scoring
	if err := register(im, analysis.Options{}); err != nil {
		return nil, err
	}
	return im, nil
}

type passageDoc struct {
	Text   string `json:"text"`
	Author string `json:"author"`
	Doc    string `json:"doc"`
}

func newPassageDoc(d *corpus.Document, p *corpus.Passage) passageDoc {
	return passageDoc{Text: indexedText(d.Title, p.Heading, p.Text), Author: strings.Join(d.Authors, ", "), Doc: p.DocID}
}

func docsByID(c *corpus.Corpus) map[string]*corpus.Document {
	docs := make(map[string]*corpus.Document, len(c.Documents))
	for i := range c.Documents {
		docs[c.Documents[i].ID] = &c.Documents[i]
	}
	return docs
}

// buildIndex indexes every passage of c into a new index at path ("" = memory), in
// batches, reporting progress. Batches are not synced one by one ("unsafe_batch"): the
// build waits once, at the end, until everything is persisted. The caller publishes a
// persistent index only then, so a crash leaves a temporary directory and no manifest,
// never a half index that looks whole.
func buildIndex(ctx context.Context, path string, c *corpus.Corpus, opts Options) (bleve.Index, error) {
	im, err := indexMapping()
	if err != nil {
		return nil, err
	}
	bi, err := bleve.NewUsing(path, im, scorch.Name, scorch.Name, map[string]any{"unsafe_batch": true})
	if err != nil {
		return nil, err
	}
	if err := indexPassages(ctx, bi, path != "", c, opts); err != nil {
		_ = bi.Close()
		return nil, err
	}
	return bi, nil
}

func indexPassages(ctx context.Context, bi bleve.Index, persistent bool, c *corpus.Corpus, opts Options) error {
	size := opts.BatchSize
	if size <= 0 {
		size = 1000
	}
	docs := docsByID(c)
	total := len(c.Passages)
	persisted := make(chan error, 1)
	b := bi.NewBatch()
	for i := range c.Passages {
		p := &c.Passages[i]
		if err := b.Index(p.ID, newPassageDoc(docs[p.DocID], p)); err != nil {
			return fmt.Errorf("index passage %s: %w", p.ID, err)
		}
		if b.Size() < size && i < total-1 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if i == total-1 && persistent {
			// persisting a snapshot writes every segment before it: one wait covers all
			b.SetPersistedCallback(func(err error) { persisted <- err })
		}
		if err := bi.Batch(b); err != nil {
			return fmt.Errorf("index batch: %w", err)
		}
		b.Reset()
		if opts.Progress != nil {
			opts.Progress(i+1, total)
		}
	}
	if !persistent {
		return nil
	}
	select {
	case err := <-persisted:
		if err != nil {
			return fmt.Errorf("persist index: %w", err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
