package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/internal/bleveindex"
	"github.com/docent-bot/docent/retrieval/internal/rank"
	"github.com/docent-bot/docent/retrieval/internal/store"
)

// OpenStored opens the index published in dir and answers from the folder alone: no
// corpus is read, and passages' text and citations are read from the folder when an
// answer needs them, so a process holds in memory only the documents' metadata, the
// per-passage tables and what it has read. fingerprint, when not "", is the corpus's
// (corpus.Corpus.Fingerprint, or the snapshot's record of it): an index built from
// another corpus is refused. The index is never written; an index that is missing, of
// another corpus or format, damaged, or made before passages were kept in the folder is
// an error wrapping ErrStale (Open then builds or updates it).
func OpenStored(ctx context.Context, dir, fingerprint string, opts Options) (*Index, error) {
	if dir == "" {
		return nil, fmt.Errorf("open index: answering from the index alone needs its folder: %w", ErrStale)
	}
	go analysis.Preload()
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for try := 1; ; try++ {
		tried := bleveindex.PublishedFolder(dir)
		ix, err := openPublished(ctx, dir, fingerprint, log, opts)
		// an update that published another index, and removed the one this process had
		// just read the name of, is no stale index: open the new one
		if err == nil || try == 3 || ctx.Err() != nil || bleveindex.PublishedFolder(dir) == tried {
			return ix, err
		}
		log.Debug("the index was replaced while it opened; opening the new one", "dir", dir, "err", err)
	}
}

// testHookStoredOpened, when set, is called once OpenStored has opened a bleve index,
// before the files beside it: a test publishes another index meanwhile.
var testHookStoredOpened func()

// openPublished is OpenStored for the index the manifest names now.
func openPublished(ctx context.Context, dir, fingerprint string, log *slog.Logger, opts Options) (*Index, error) {
	bi, pub, err := bleveindex.OpenPublished(dir, fingerprint)
	if err != nil {
		return nil, err
	}
	if testHookStoredOpened != nil {
		testHookStoredOpened()
	}
	ix, err := openStored(bi.Folder, pub, log, opts)
	if err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("open index %s: %w: %w", dir, err, ErrStale)
	}
	if err := ctx.Err(); err != nil {
		_ = bi.Close()
		return nil, err
	}
	ix.bi = bi
	ix.stats = Stats{Documents: pub.Documents, Passages: pub.Passages, Dir: dir}
	log.Debug("index opened from its folder", "dir", dir, "passages", pub.Passages)
	return ix, nil
}

// openStored reads what an answer needs from the index sub-folder: the passages'
// store, the analysis and the abbreviations.
func openStored(folder string, pub bleveindex.Published, log *slog.Logger, opts Options) (*Index, error) {
	st, err := store.Open(folder)
	if err != nil {
		return nil, err
	}
	fwd, err := rank.LoadFrom(folder, st.Len(), len(st.Documents()))
	var abbr *rank.Abbrevs
	if err == nil {
		abbr, err = rank.LoadAbbrevs(folder)
	}
	if err == nil && (st.Len() != pub.Passages || len(st.Documents()) != pub.Documents) {
		err = errors.New("the stored passages are not the index's")
	}
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	ix := newIndex(log, opts)
	ix.docs, ix.src, ix.docOf = st.Documents(), st, st.DocOf()
	ix.engine = rank.NewEngine(ix.docs, st, ix.docOf, fwd, abbr)
	return ix, nil
}
