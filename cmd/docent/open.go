package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

// openCorpus loads cfg.CorpusDir (a folder, or a single file such as a corpus.jsonl), or
// the bundled corpus when it is empty.
func (m *Main) openCorpus(ctx context.Context, cfg Config, log *slog.Logger) (*corpus.Corpus, error) {
	c, _, keep, err := m.loadCorpus(ctx, cfg, log)
	if err == nil {
		keep()
	}
	return c, err
}

// loadCorpus is openCorpus that also says what changed in a corpus folder since the last
// load (nil for the bundled corpus or a single file), and leaves keeping the new corpus
// snapshot to the caller: keep writes it. A caller that updates the index calls it once
// the index is published, so that a read-only process finds the index and the snapshot
// of one corpus, but for the moment between the two.
func (m *Main) loadCorpus(ctx context.Context, cfg Config, log *slog.Logger) (c *corpus.Corpus, ch *corpus.Changes, keep func(), err error) {
	opts := corpus.Options{Logger: log}
	keep = func() {}
	if cfg.IndexReadOnly {
		c, err := m.snapshotCorpus(cfg, opts)
		return c, nil, keep, err
	}
	path := cfg.CorpusDir
	if path == "" {
		c, err := corpus.Load(ctx, corpus.Bundled(), opts)
		if err != nil {
			return nil, nil, keep, fmt.Errorf("load bundled corpus: %w", err)
		}
		return c, nil, keep, nil
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, keep, fmt.Errorf("corpus folder %s does not exist (set by --corpus or DOCENT_CORPUS_DIR)", path)
	case err != nil:
		return nil, nil, keep, fmt.Errorf("corpus folder %s: %w", path, err)
	}
	kind := "folder"
	if st.IsDir() {
		c, ch, keep, err = m.loadDir(ctx, cfg, opts, log)
	} else {
		kind = "file"
		c, err = corpus.Load(ctx, oneFileFS{dir: os.DirFS(filepath.Dir(path)), name: filepath.Base(path)}, opts)
	}
	if errors.Is(err, corpus.ErrNoDocuments) {
		return nil, nil, keep, fmt.Errorf("corpus %s %s holds no usable documents (.txt, .md, .html, .jsonl)", kind, path)
	}
	if err != nil {
		return nil, nil, keep, fmt.Errorf("load corpus %s: %w", path, err)
	}
	return c, ch, keep, nil
}

// snapshotName is the file, in the index folder, that records every corpus file's
// metadata, hash and parsed documents: a start reads only the files that changed.
const snapshotName = "docent-corpus.bin"

// snapshotCorpus is the corpus a read-only process answers from: the one recorded in the
// index folder, with no corpus folder read (the bundled corpus when none was recorded and
// none is configured).
func (m *Main) snapshotCorpus(cfg Config, opts corpus.Options) (*corpus.Corpus, error) {
	dir, err := m.indexDir(cfg)
	if err != nil {
		return nil, err
	}
	snap, err := corpus.ReadSnapshot(filepath.Join(dir, snapshotName))
	if errors.Is(err, fs.ErrNotExist) && cfg.CorpusDir == "" {
		c, err := corpus.Load(context.Background(), corpus.Bundled(), opts)
		if err != nil {
			return nil, fmt.Errorf("load bundled corpus: %w", err)
		}
		return c, nil
	}
	if errors.Is(err, corpus.ErrSnapshotVersion) {
		return nil, fmt.Errorf("read-only index %s was built by another version of docent: "+
			"run docent index once without DOCENT_INDEX_READONLY to rebuild it, then start this process again: %w", dir, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read-only index %s: %w (build it with docent index)", dir, err)
	}
	c, err := snap.Corpus(opts)
	if err != nil {
		return nil, fmt.Errorf("read-only index %s: %w (build it again with docent index)", dir, err)
	}
	return c, nil
}

// loadDir loads the corpus folder of cfg, reading only the files changed since the
// snapshot kept in the index folder; keep keeps the new snapshot there.
func (m *Main) loadDir(ctx context.Context, cfg Config, opts corpus.Options, log *slog.Logger) (c *corpus.Corpus, ch *corpus.Changes, keep func(), err error) {
	keep = func() {}
	var snapPath string
	if dir, err := m.indexDir(cfg); err == nil {
		snapPath = filepath.Join(dir, snapshotName)
		if err := corpus.RemoveSnapshotLeftovers(snapPath); err != nil {
			log.Warn("stale temporary files beside the corpus snapshot", "err", err)
		}
	}
	p := m.progress(log)
	opts.Progress = p.stage
	var next *corpus.Snapshot
	var changes corpus.Changes
	if snapPath != "" {
		// the snapshot is read while the folder is listed
		c, next, changes, err = corpus.LoadDirFromSnapshot(ctx, cfg.CorpusDir, snapPath, func(err error) {
			log.Info("reading every corpus file again", "err", err)
		}, opts)
	} else {
		c, next, changes, err = corpus.LoadDirFrom(ctx, cfg.CorpusDir, nil, opts)
	}
	p.finish()
	if err != nil {
		return nil, nil, keep, err
	}
	if snapPath != "" && next.Unsaved() {
		keep = func() {
			err := os.MkdirAll(filepath.Dir(snapPath), 0o755)
			if err == nil {
				err = corpus.WriteSnapshot(snapPath, next)
			}
			if err != nil {
				log.Warn("could not keep the corpus snapshot; the next start reads every file", "err", err)
			}
		}
	}
	log.Debug("corpus folder read", "changes", changes.String(), "files_read", changes.Read, "touched", changes.Touched)
	return c, &changes, keep, nil
}

// oneFileFS is a folder that shows only one of its files: a corpus of one file.
type oneFileFS struct {
	dir  fs.FS
	name string
}

func (f oneFileFS) Open(name string) (fs.File, error) {
	if name != "." && name != f.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f.dir.Open(name)
}

func (f oneFileFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	fi, err := fs.Stat(f.dir, f.name)
	if err != nil {
		return nil, err
	}
	return []fs.DirEntry{fs.FileInfoToDirEntry(fi)}, nil
}

// openIndex loads cfg's corpus and opens its index, building it when it is missing or
// stale, with progress on Stderr. Close closes the index.
func (m *Main) openIndex(ctx context.Context, cfg Config, log *slog.Logger) (ix *retrieval.Index, err error) {
	dir, err := m.indexDir(cfg)
	if err != nil {
		return nil, err
	}
	if ix, _ := m.openFromFolder(ctx, dir, cfg, log); ix != nil {
		return ix, nil
	}
	c, _, keep, err := m.loadCorpus(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err == nil {
			keep() // after the index: see loadCorpus
		}
	}()
	ix, err = m.openIndexOf(ctx, dir, c, cfg, log)
	var pathErr *fs.PathError
	if err != nil && cfg.IndexDir == "" && !cfg.IndexReadOnly && errors.As(err, &pathErr) && ctx.Err() == nil {
		// The default cache folder cannot be written (a read-only home, a locked-down
		// container, a full disk): answer from an index in memory rather than not at all.
		log.Warn("cannot write the index; keeping it in memory for this run (set DOCENT_INDEX_DIR)",
			"dir", dir, "err", err)
		return m.openIndexOf(ctx, "", c, cfg, log)
	}
	return ix, err
}

// openFromFolder opens the index in dir to answer from the folder alone, when the corpus
// folder is as its snapshot records (stat only: no corpus file and no part of the
// snapshot is read) or the index is read-only; nil when the corpus must be loaded (the
// bundled corpus, a single file, a change, an index from before passages were kept). It
// also returns the number of corpus files statted.
func (m *Main) openFromFolder(ctx context.Context, dir string, cfg Config, log *slog.Logger) (*retrieval.Index, int) {
	ix, _, files := openStored(ctx, dir, cfg, log)
	if ix != nil {
		m.onClose(ix)
	}
	return ix, files
}

// openStored is openFromFolder without closing the index with Main; it also returns the
// fingerprint of the index's corpus and the number of corpus files (0 when read-only).
func openStored(ctx context.Context, dir string, cfg Config, log *slog.Logger) (*retrieval.Index, string, int) {
	snap := filepath.Join(dir, snapshotName)
	var fingerprint string
	var files int
	var err error
	switch st, serr := os.Stat(cfg.CorpusDir); {
	case cfg.IndexReadOnly:
		fingerprint, err = corpus.SnapshotFingerprint(snap)
	case cfg.CorpusDir != "" && serr == nil && st.IsDir():
		fingerprint, files, err = corpus.Unchanged(ctx, cfg.CorpusDir, snap, corpus.Options{Logger: log})
	default:
		return nil, "", 0
	}
	if err == nil {
		var ix *retrieval.Index
		ix, err = retrieval.OpenStored(ctx, dir, fingerprint, retrieval.Options{Logger: log, NoAnswerThreshold: cfg.NoAnswerThreshold})
		if err == nil {
			return ix, fingerprint, files
		}
	}
	log.Debug("loading the corpus", "reason", err)
	return nil, "", 0
}

// openIndexOf opens the index in dir (empty: in memory) for corpus c.
func (m *Main) openIndexOf(ctx context.Context, dir string, c *corpus.Corpus, cfg Config, log *slog.Logger) (*retrieval.Index, error) {
	p := m.progress(log)
	ix, err := retrieval.Open(ctx, dir, c, retrieval.Options{
		Logger:            log,
		NoAnswerThreshold: cfg.NoAnswerThreshold,
		Progress:          p.update,
		ReadOnly:          cfg.IndexReadOnly,
	})
	p.finish()
	if err != nil {
		if dir == "" {
			return nil, fmt.Errorf("build index: %w", err)
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	m.onClose(ix)
	return ix, nil
}

// progress shows indexing progress: a bar redrawn in place on a terminal, a log line every
// few seconds otherwise. Nothing is shown for work that ends within a moment.
type progress struct {
	mu       sync.Mutex
	w        io.Writer // nil: log lines instead of a bar
	log      *slog.Logger
	start    time.Time
	last     time.Time
	drawn    bool
	interval time.Duration
}

func (m *Main) progress(log *slog.Logger) *progress {
	p := &progress{log: log, start: time.Now(), interval: 5 * time.Second}
	if isTerminal(m.Stderr) {
		p.w, p.interval = m.Stderr, 100*time.Millisecond
	}
	return p
}

// update is retrieval.Options.Progress.
func (p *progress) update(done, total int) { p.stage("indexing", done, total) }

// stage is corpus.Options.Progress: name is "listing", "reading" or "indexing"; total is 0
// when not known yet.
func (p *progress) stage(name string, done, total int) {
	unit := "files"
	if name == "indexing" {
		unit = "passages"
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < 300*time.Millisecond || now.Sub(p.last) < p.interval {
		return
	}
	p.last = now
	if p.w == nil {
		p.log.Info(name, unit+"_done", done, unit+"_total", total, "elapsed", now.Sub(p.start).Round(time.Second))
		return
	}
	if total == 0 {
		fmt.Fprintf(p.w, "\r%s %d %s\033[K", name, done, unit)
		p.drawn = true
		return
	}
	const width = 30
	filled := 0
	if total > 0 {
		filled = min(width, done*width/total)
	}
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d %s\033[K", name, strings.Repeat("=", filled),
		strings.Repeat(" ", width-filled), done, total, unit)
	p.drawn = true
}

// finish erases the bar, so that the command's own output starts on a clean line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
