package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/internal/atomicfile"
	"github.com/docent-bot/docent/retrieval/internal/bleveindex"
	"github.com/docent-bot/docent/retrieval/internal/rank"
	"github.com/docent-bot/docent/retrieval/internal/store"
)

// Options tune an Index.
type Options struct {
	Logger *slog.Logger // nil discards
	// NoAnswerThreshold overrides the fitted confidence (Result.Confidence) below which a
	// question is refused; 0 keeps the default, a negative value never refuses.
	NoAnswerThreshold float64
	// Params overrides the fitted ranking and decision numbers; nil keeps DefaultParams.
	Params *Params
	// Progress, when set, is called while indexing with passages done and total.
	Progress func(done, total int)
	// BatchSize is the number of passages indexed per batch; 0 means 1000.
	BatchSize int
	// ReadOnly opens the index in the folder as it is and never writes to it (any number
	// of processes may share the folder); an index that is missing or not built from
	// this corpus is an error wrapping ErrStale.
	ReadOnly bool
	// UpdateFrom is the folder of an earlier index of the same corpus folder (Open's dir
	// then), updated by the passages that changed when the folder given to Open holds no
	// index: a live reload builds its new generation from the current one.
	UpdateFrom string
}

// ErrStale is returned by a ReadOnly Open when the index folder holds no usable index
// of the corpus.
var ErrStale = bleveindex.ErrStale

// Stats describes an open index.
type Stats struct {
	Documents int
	Passages  int
	Rebuilt   bool   // the index was (re)built by Open rather than reused
	Reason    string // why it was rebuilt: "missing", "corpus changed", "format", "corrupt"; "memory" for an in-memory index; "updated" when only the passages that changed were indexed
	Dir       string // where the index is kept; empty when in memory
}

// ErrClosed is returned by Answer after Close.
var ErrClosed = errors.New("index closed")

// Index answers questions from one corpus. It is safe for concurrent use.
type Index struct {
	log       *slog.Logger
	params    Params
	threshold float64 // refuse below this confidence; negative: never
	overrode  bool    // the threshold was given to Open, not taken from params

	// The documents' metadata, and where passages' text, ids and citations are read:
	// the corpus Open was given, or the store in the index folder (OpenStored), read
	// when an answer needs them. The bleve index stores no field.
	docs   []corpus.Document
	src    passageSource
	docOf  []int // passage index → document index
	stats  Stats
	engine *rank.Engine // ranks and decides from the passages analysed once

	mu     sync.RWMutex // Answer reads the bleve index under RLock; Close takes Lock
	bi     *bleveindex.Index
	closed bool
}

// Open opens the persistent index in dir for corpus c, building or rebuilding it when it is
// missing, corrupt, from an older format or built from other content. An empty dir builds
// the index the same way in a temporary folder, removed while the index is open.
func Open(ctx context.Context, dir string, c *corpus.Corpus, opts Options) (*Index, error) {
	if c == nil || len(c.Passages) == 0 {
		return nil, errors.New("open index: the corpus has no passages")
	}
	// the synonym lexicon loads while the index opens, not on the first question
	go analysis.Preload()
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ix := newIndex(log, opts)
	mem, err := newMemSource(c)
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	ix.docs, ix.src, ix.docOf = c.Documents, mem, mem.docOf
	ix.stats = Stats{Documents: len(c.Documents), Passages: len(c.Passages), Dir: dir}
	// the passages are analysed while bleve builds or opens the index, unless the
	// analysis saved with the index can be read
	plan := bleveindex.NewPlan(dir, opts.UpdateFrom, c, opts.ReadOnly)
	fwd := make(chan *rank.Forward, 1)
	// the analysis stops when opening fails: a read-only process then has no use for it
	actx, stopAnalysis := context.WithCancel(ctx)
	defer stopAnalysis()
	loaded, err := rank.LoadSaved(plan.Reuse, c)
	stored := plan.Reuse != "" && store.Sound(plan.Reuse)
	if loaded != nil {
		fwd <- loaded
	} else {
		if err != nil {
			log.Info("analysing the passages again", "err", err)
		}
		go func() { fwd <- analyse(actx, plan, c, ix.docOf, log) }()
	}
	forward := sync.OnceValue(func() *rank.Forward { return <-fwd })

	abbr := make(chan *rank.Abbrevs, 1)
	abbrevsSaved := false
	if a, err := rank.LoadAbbrevs(plan.Reuse); loaded != nil && err == nil {
		abbr <- a // saved with the analysis: the same corpus
		abbrevsSaved = true
	} else {
		go func() { abbr <- findAbbrevs(plan, c, log) }()
	}
	abbreviations := sync.OnceValue(func() *rank.Abbrevs { return <-abbr })

	saved := loaded != nil
	finish := func(ctx context.Context, folder string) (bleveindex.FieldTerms, error) {
		if dir == "" {
			f := forward()
			if f == nil {
				return bleveindex.FieldTerms{}, fmt.Errorf("analyse passages: %w", ctx.Err())
			}
			return fieldTerms(f, ix.docOf), nil
		}
		// the files are written side by side, and the passages' store while the
		// analysis may still be being made: it needs none of it
		var wg sync.WaitGroup
		var storeErr error
		wg.Go(func() {
			// the passages are needed to answer from the folder alone: no store, no index
			base, kept := keptRecords(plan, ix.docOf)
			storeErr = store.Update(folder, base, kept, c.Documents, c.Passages, ix.docOf)
		})
		wg.Go(func() {
			if err := abbreviations().Save(folder); err != nil {
				log.Warn("could not save the abbreviations with the index", "dir", folder, "err", err)
			}
		})
		f := forward()
		var terms bleveindex.FieldTerms
		if f != nil {
			wg.Go(func() {
				if err := f.Save(folder); err != nil {
					log.Warn("could not save the passages' analysis with the index", "dir", folder, "err", err)
				}
			})
			terms = fieldTerms(f, ix.docOf)
		}
		wg.Wait()
		if f == nil {
			return bleveindex.FieldTerms{}, fmt.Errorf("analyse passages: %w", ctx.Err())
		}
		if storeErr != nil {
			return bleveindex.FieldTerms{}, storeErr
		}
		saved, abbrevsSaved, stored = true, true, true
		return terms, nil
	}
	bi, err := bleveindex.Open(ctx, dir, c, bleveindex.Options{Progress: opts.Progress, BatchSize: opts.BatchSize,
		ReadOnly: opts.ReadOnly, Plan: plan, Finish: finish}, log)
	if err != nil {
		return nil, err // the deferred stopAnalysis ends the analysis, unwaited
	}
	analysed, abbrevs := forward(), abbreviations()
	if analysed == nil {
		_ = bi.Close()
		return nil, fmt.Errorf("open index: %w", ctx.Err())
	}
	ix.stats.Rebuilt, ix.stats.Reason = bi.Rebuilt, bi.Reason
	if bi.Folder != "" && !opts.ReadOnly && (!saved || !abbrevsSaved || !stored) {
		// files rewritten in the published folder: what a killed rewrite left goes first
		atomicfile.RemoveLeftovers(bi.Folder, "docent-", time.Hour)
	}
	if bi.Folder != "" && !saved && !opts.ReadOnly {
		if err := analysed.Save(bi.Folder); err != nil {
			log.Warn("could not save the passages' analysis with the index", "dir", bi.Folder, "err", err)
		}
	}
	if bi.Folder != "" && !abbrevsSaved && !opts.ReadOnly {
		if err := abbrevs.Save(bi.Folder); err != nil {
			log.Warn("could not save the abbreviations with the index", "dir", bi.Folder, "err", err)
		}
	}
	if bi.Folder != "" && !stored && !opts.ReadOnly {
		if err := store.Write(bi.Folder, c.Documents, c.Passages, ix.docOf); err != nil {
			log.Warn("could not save the passages with the index", "dir", bi.Folder, "err", err)
		}
	}
	ix.engine = rank.NewEngine(c.Documents, mem, ix.docOf, analysed, abbrevs)
	ix.bi = bi
	return ix, nil
}

// Sources lists the indexed documents in corpus order.
func (ix *Index) Sources() []Source {
	counts := make([]int, len(ix.docs))
	for _, d := range ix.docOf {
		counts[d]++
	}
	out := make([]Source, len(ix.docs))
	for i := range ix.docs {
		d := &ix.docs[i]
		out[i] = Source{Citation: d.Cite(corpus.Passage{}), Passages: counts[i], Tags: d.Tags}
	}
	return out
}

// Passage returns one passage by id (for "show the full passage"), without matches.
func (ix *Index) Passage(id string) (Passage, bool) {
	i, ok := ix.src.Find(id)
	if !ok {
		return Passage{}, false
	}
	return ix.passage(i), true
}

func (ix *Index) passage(i int) Passage {
	p, cite := ix.src.Passage(i)
	return Passage{ID: p.ID, Heading: p.Heading, Text: p.Text, Citation: cite}
}

// SetParams replaces the ranking and decision numbers, for the fitting command, which
// measures many Params on one index; answers in flight finish with the old ones. A
// NoAnswerThreshold given to Open is kept.
func (ix *Index) SetParams(p Params) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.overrode {
		ix.threshold = p.Decision.Refuse
	}
	ix.params = p
}

// Params returns the numbers the index ranks and decides with.
func (ix *Index) Params() Params {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.params
}

// Stats describes the index.
func (ix *Index) Stats() Stats { return ix.stats }

// Close releases the index; answers in flight finish first. Closing twice is harmless.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	err := ix.bi.Close()
	if c, ok := ix.src.(io.Closer); ok { // the store in the index folder
		err = errors.Join(err, c.Close())
	}
	if err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}

// analyse analyses the passages of c, reusing the analysis of the index plan updates for
// the passages that did not change. That analysis is read while the plan compares the
// passages: both take about as long.
func analyse(ctx context.Context, plan *bleveindex.Plan, c *corpus.Corpus, docOf []int, log *slog.Logger) *rank.Forward {
	if base, passages, docs := plan.Base(); base != "" {
		type loaded struct {
			f   *rank.Forward
			err error
		}
		ch := make(chan loaded, 1)
		go func() {
			f, err := rank.LoadFrom(base, passages, docs)
			ch <- loaded{f, err}
		}()
		from, reused := plan.Update()
		old := <-ch
		if from != "" && old.err == nil {
			return rank.Reanalyse(ctx, old.f, reused, plan.SameDocuments(), c.Documents, c.Passages, docOf)
		}
		if old.err != nil {
			log.Info("analysing every passage again", "err", old.err)
		}
	}
	return rank.Analyse(ctx, c.Documents, c.Passages, docOf)
}

// keptRecords returns the folder of the index plan updates and, for each passage of
// the corpus, its place there when its document is unchanged (so is its record in that
// index's store), else -1; "" and nil when Open does not update an index.
func keptRecords(plan *bleveindex.Plan, docOf []int) (string, []int) {
	from, reused := plan.Update()
	same := plan.SameDocuments()
	if from == "" || same == nil {
		return "", nil
	}
	kept := make([]int, len(reused))
	for i, j := range reused {
		kept[i] = -1
		if same[docOf[i]] >= 0 {
			kept[i] = j
		}
	}
	return from, kept
}

// findAbbrevs finds the abbreviations c defines, reading again only the documents that
// changed since the index plan updates, when its folder keeps what each document defines.
func findAbbrevs(plan *bleveindex.Plan, c *corpus.Corpus, log *slog.Logger) *rank.Abbrevs {
	if base, _, _ := plan.Base(); base != "" {
		if same := plan.SameDocuments(); same != nil {
			unchanged := make([]bool, len(same))
			for d, j := range same {
				unchanged[d] = j >= 0
			}
			a, err := rank.UpdateAbbrevs(base, unchanged, c.Documents, c.Passages)
			if err == nil {
				return a
			}
			log.Info("finding the abbreviations in every document again", "err", err)
		}
	}
	return rank.FindAbbrevs(c.Documents, c.Passages)
}

// fieldTerms is the BM25 statistic of the passages f analysed (bleveindex.FieldTerms).
func fieldTerms(f *rank.Forward, docOf []int) bleveindex.FieldTerms {
	t := f.ChunkTerms(bleveindex.StatChunk, docOf)
	return bleveindex.FieldTerms{Text: t.Text, Author: t.Authors, Doc: t.Docs}
}
