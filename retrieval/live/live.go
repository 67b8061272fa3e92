// Package live holds the index a running server answers from and replaces it, without
// stopping the answers, when the corpus changes: rebuilds go into a new index that is
// swapped in atomically, and a failed rebuild keeps the old one.
package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

// Searcher is what the holder needs of an index; *retrieval.Index is one.
type Searcher interface {
	Answer(ctx context.Context, q retrieval.Query) (retrieval.Result, error)
	Sources() []retrieval.Source
	Passage(id string) (retrieval.Passage, bool)
	Stats() retrieval.Stats
	Close() error
}

var _ Searcher = (*retrieval.Index)(nil)

// Options configure an Index.
type Options struct {
	// Dir is where the index is kept: the first generation is opened there (and reused
	// when it matches the corpus); rebuilds go into sibling folders "<Dir>.gen-<n>". On
	// Close the newest generation is moved back to Dir so the next start reuses it.
	// Empty keeps every generation in memory.
	Dir string
	// Load reads the corpus; it is called for the first generation and every rebuild.
	Load func(ctx context.Context) (*corpus.Corpus, error)
	// Open opens or builds an index of c in dir; nil means retrieval.Open with
	// IndexOptions, a new generation updating the current one's index by the passages
	// that changed.
	Open func(ctx context.Context, dir string, c *corpus.Corpus) (Searcher, error)
	// OpenFirst, when set, may open the first generation without loading the corpus (an
	// index that answers from its folder alone): it returns the index and the
	// fingerprint of its corpus, or nil to load the corpus and Open.
	OpenFirst    func(ctx context.Context) (Searcher, string)
	IndexOptions retrieval.Options
	Logger       *slog.Logger // nil discards
	Now          func() time.Time
	// ReadOnly serves the index in Dir as it is: nothing is written or removed, and
	// reloads fail with ErrReadOnly (the index is rebuilt elsewhere, by docent index).
	ReadOnly bool
}

// ErrReadOnly is returned by reloads of a ReadOnly index.
var ErrReadOnly = errors.New("the index is read-only: rebuild it with docent index and restart")

// ErrClosed is returned by queries and reloads after Close.
var ErrClosed = errors.New("index closed")

// Status describes the current index and the last reload, for health and metrics.
type Status struct {
	Generation int // 0 for the index opened at start, +1 for each successful rebuild
	Documents  int
	Passages   int
	OpenedAt   time.Time // when the current generation was swapped in
	Reloads    int       // reload attempts, successful or not
	LastReload time.Time // when the last reload ended; zero before the first
	LastOK     bool      // the last reload succeeded (or skipped an unchanged corpus)
	LastError  string    // why the last reload failed; empty when LastOK
	Skipped    bool      // the last reload found the corpus unchanged and kept the index
}

// Index answers from the current generation of the index. It is safe for concurrent use.
type Index struct {
	opts   Options
	log    *slog.Logger
	cur    atomic.Pointer[generation]
	closed atomic.Bool

	reloadMu sync.Mutex // one rebuild at a time; held by Close to wait for a running one
	stop     context.CancelFunc
	stopped  context.Context // done when Close starts: cancels a running rebuild
	next     int             // number of the next generation; under reloadMu

	statusMu sync.Mutex
	status   Status
}

// generation is one opened index. Queries hold mu for reading while they use it;
// retiring takes it for writing, which waits for them to finish.
type generation struct {
	n           int
	dir         string
	fingerprint string
	ix          Searcher
	mu          sync.RWMutex
	retired     bool // under mu
}

// Open loads the corpus and opens the first generation of the index.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.Load == nil {
		return nil, errors.New("live index: no corpus loader")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	l := &Index{log: opts.Logger, next: 1}
	if opts.Open == nil {
		iopts := opts.IndexOptions
		if iopts.Logger == nil {
			iopts.Logger = opts.Logger
		}
		opts.Open = func(ctx context.Context, dir string, c *corpus.Corpus) (Searcher, error) {
			o := iopts
			if g := l.cur.Load(); g != nil && g.dir != dir {
				o.UpdateFrom = g.dir // index only the passages that changed since
			}
			return retrieval.Open(ctx, dir, c, o)
		}
	}
	l.opts = opts
	l.stopped, l.stop = context.WithCancel(context.Background())
	if !opts.ReadOnly {
		l.removeStaleGenerations()
	}
	g, err := l.first(ctx)
	if err != nil {
		l.stop()
		return nil, err
	}
	l.cur.Store(g)
	l.setCurrent(g)
	return l, nil
}

// first opens the first generation: from the index folder alone when OpenFirst can,
// else from the loaded corpus.
func (l *Index) first(ctx context.Context) (*generation, error) {
	opts := l.opts
	if opts.OpenFirst != nil {
		if ix, fingerprint := opts.OpenFirst(ctx); ix != nil {
			return &generation{n: 0, dir: opts.Dir, fingerprint: fingerprint, ix: ix}, nil
		}
	}
	c, err := opts.Load(ctx)
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	ix, err := opts.Open(ctx, opts.Dir, c)
	if err != nil {
		if opts.Dir == "" {
			return nil, fmt.Errorf("build index in memory: %w", err)
		}
		return nil, fmt.Errorf("open index %s: %w", opts.Dir, err)
	}
	return &generation{n: 0, dir: opts.Dir, fingerprint: c.Fingerprint, ix: ix}, nil
}

// acquire returns the current generation held for reading; release it with g.mu.RUnlock.
func (l *Index) acquire() (*generation, error) {
	for {
		if l.closed.Load() {
			return nil, ErrClosed
		}
		g := l.cur.Load()
		g.mu.RLock()
		if !g.retired {
			return g, nil
		}
		// Swapped and retired between Load and RLock: the new one is in cur already.
		g.mu.RUnlock()
	}
}

// Answer answers q from the current index.
func (l *Index) Answer(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
	g, err := l.acquire()
	if err != nil {
		return retrieval.Result{}, err
	}
	defer g.mu.RUnlock()
	return g.ix.Answer(ctx, q)
}

// Sources lists the documents of the current index; nil after Close.
func (l *Index) Sources() []retrieval.Source {
	g, err := l.acquire()
	if err != nil {
		return nil
	}
	defer g.mu.RUnlock()
	return g.ix.Sources()
}

// Passage returns one passage of the current index by id.
func (l *Index) Passage(id string) (retrieval.Passage, bool) {
	g, err := l.acquire()
	if err != nil {
		return retrieval.Passage{}, false
	}
	defer g.mu.RUnlock()
	return g.ix.Passage(id)
}

// Stats describes the current index.
func (l *Index) Stats() retrieval.Stats {
	g, err := l.acquire()
	if err != nil {
		return retrieval.Stats{}
	}
	defer g.mu.RUnlock()
	return g.ix.Stats()
}

// Status describes the current generation and the last reload.
func (l *Index) Status() Status {
	l.statusMu.Lock()
	defer l.statusMu.Unlock()
	return l.status
}

// Ready reports whether an index is open and answering.
func (l *Index) Ready() bool { return !l.closed.Load() && l.cur.Load() != nil }

// Reindex rebuilds the index (for the bot's /reindex command); see Reload.
func (l *Index) Reindex(ctx context.Context) error { return l.Reload(ctx) }

// Reload reads the corpus again, builds a new index from it and swaps it in. Questions
// are answered from the old index until the swap; the old one is closed once the
// questions using it finish. On failure the old index stays and the error says why.
func (l *Index) Reload(ctx context.Context) error { return l.reload(ctx, true) }

// ReloadIfChanged is Reload, except that it keeps the index when the corpus's
// fingerprint has not changed (a watcher event that changed nothing that is indexed).
func (l *Index) ReloadIfChanged(ctx context.Context) error { return l.reload(ctx, false) }

func (l *Index) reload(ctx context.Context, force bool) (err error) {
	l.reloadMu.Lock()
	defer l.reloadMu.Unlock()
	if l.closed.Load() {
		return ErrClosed
	}
	if l.opts.ReadOnly {
		return ErrReadOnly
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(l.stopped, cancel)()
	start := l.opts.Now()
	skipped := false
	defer func() { l.recordReload(skipped, err) }()

	c, err := l.opts.Load(ctx)
	if err != nil {
		l.log.Error("reload: keeping the current index", "err", err)
		return fmt.Errorf("reload: load corpus: %w", err)
	}
	old := l.cur.Load()
	if !force && c.Fingerprint != "" && c.Fingerprint == old.fingerprint {
		skipped = true
		l.log.Info("reload: corpus unchanged, keeping the current index", "generation", old.n)
		return nil
	}
	n := l.next
	l.next++
	dir := l.genDir(n)
	if dir != "" {
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("reload: clear %s: %w", dir, err)
		}
	}
	ix, err := l.opts.Open(ctx, dir, c)
	if err != nil {
		l.log.Error("reload: keeping the current index", "err", err, "dir", dir)
		if dir != "" {
			_ = os.RemoveAll(dir)
		}
		return fmt.Errorf("reload: build index %s: %w", dir, err)
	}
	g := &generation{n: n, dir: dir, fingerprint: c.Fingerprint, ix: ix}
	l.cur.Store(g)
	l.setCurrent(g)
	st := ix.Stats()
	l.log.Info("reload: new index swapped in", "generation", n, "documents", st.Documents,
		"passages", st.Passages, "took", l.opts.Now().Sub(start).Round(time.Millisecond))
	l.retire(old)
	return nil
}

// retire waits for the questions using g, closes it and removes its folder unless it is
// Dir, which is kept so that the next start finds an index (Close moves the newest there).
func (l *Index) retire(g *generation) {
	g.mu.Lock()
	g.retired = true
	g.mu.Unlock()
	if err := g.ix.Close(); err != nil {
		l.log.Warn("close retired index", "generation", g.n, "err", err)
	}
	if g.dir != "" && g.dir != l.opts.Dir {
		if err := os.RemoveAll(g.dir); err != nil {
			l.log.Warn("remove retired index", "dir", g.dir, "err", err)
		}
	}
}

// Close waits for a running reload and the questions in flight, then closes the index.
// The newest generation is moved to Dir, so the next start reuses it.
func (l *Index) Close() error {
	l.stop()
	l.reloadMu.Lock()
	defer l.reloadMu.Unlock()
	if l.closed.Swap(true) {
		return nil
	}
	g := l.cur.Load()
	g.mu.Lock()
	g.retired = true
	g.mu.Unlock()
	err := g.ix.Close()
	if err != nil {
		err = fmt.Errorf("close index: %w", err)
	}
	if g.dir != "" && g.dir != l.opts.Dir {
		if perr := l.promote(g.dir); perr != nil {
			l.log.Warn("keep the newest index for the next start", "err", perr)
		}
	}
	return err
}

// promote replaces Dir by the (closed) generation folder dir.
func (l *Index) promote(dir string) error {
	carryFiles(l.opts.Dir, dir)
	if err := os.RemoveAll(l.opts.Dir); err != nil {
		return fmt.Errorf("remove %s: %w", l.opts.Dir, err)
	}
	if err := os.Rename(dir, l.opts.Dir); err != nil {
		return fmt.Errorf("move %s to %s: %w", dir, l.opts.Dir, err)
	}
	return nil
}

func (l *Index) genDir(n int) string {
	if l.opts.Dir == "" {
		return ""
	}
	return l.opts.Dir + ".gen-" + strconv.Itoa(n)
}

// removeStaleGenerations deletes generation folders a crashed process left behind.
func (l *Index) removeStaleGenerations() {
	if l.opts.Dir == "" {
		return
	}
	matches, _ := filepath.Glob(l.opts.Dir + ".gen-*")
	for _, m := range matches {
		if _, err := strconv.Atoi(strings.TrimPrefix(m, l.opts.Dir+".gen-")); err != nil {
			continue
		}
		l.log.Info("removing an index generation left by an earlier run", "dir", m)
		if err := os.RemoveAll(m); err != nil {
			l.log.Warn("remove stale index", "dir", m, "err", err)
		}
	}
}

func (l *Index) setCurrent(g *generation) {
	st := g.ix.Stats()
	l.statusMu.Lock()
	defer l.statusMu.Unlock()
	l.status.Generation = g.n
	l.status.Documents = st.Documents
	l.status.Passages = st.Passages
	l.status.OpenedAt = l.opts.Now()
}

func (l *Index) recordReload(skipped bool, err error) {
	now := l.opts.Now()
	l.statusMu.Lock()
	defer l.statusMu.Unlock()
	l.status.Reloads++
	l.status.LastReload = now
	l.status.LastOK = err == nil
	l.status.Skipped = skipped
	l.status.LastError = ""
	if err != nil {
		l.status.LastError = err.Error()
	}
}

// carryFiles moves the plain files at the top of the index folder from (the corpus
// snapshot the loader keeps there) into the generation folder to, unless it has its own,
// so that promoting a generation keeps them.
func carryFiles(from, to string) {
	entries, err := os.ReadDir(from)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || e.Name() == "manifest.json" {
			continue
		}
		if _, err := os.Lstat(filepath.Join(to, e.Name())); err == nil {
			continue
		}
		_ = os.Rename(filepath.Join(from, e.Name()), filepath.Join(to, e.Name()))
	}
}
