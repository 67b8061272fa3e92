package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/docent-bot/docent/corpus/pdf"
)

// Corpus is a loaded, cleaned set of documents and the passages cut from them.
type Corpus struct {
	Documents []Document
	Passages  []Passage
	// DocSums holds, for each document, a hash of everything the index and citations
	// take from it (DocSum): a document whose sum is unchanged gives the same passages,
	// so an update skips it. Nil for a corpus made by hand.
	DocSums []Sum
	// Fingerprint changes whenever the passages change (text, ids or metadata):
	// the index manifest compares it to decide on a rebuild.
	Fingerprint string
}

// Options tune loading.
type Options struct {
	Logger *slog.Logger // warnings about skipped files; nil discards

	// MinPassage is the length in bytes under which a paragraph is merged with the
	// next one under the same heading; 0 means DefaultMinPassage.
	MinPassage int
	// MaxPassage is the length in bytes over which a paragraph is split at sentence
	// boundaries, and which merged passages never exceed; 0 means DefaultMaxPassage.
	MaxPassage int
	// MaxFileSize is the largest file read, in bytes; bigger files are skipped with a
	// warning. 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// PDF bounds the time and memory spent on each PDF file.
	PDF pdf.Options
	// Progress, when set, is called while loading with the stage ("listing" or "reading"),
	// the files done and the total (0 while listing: not known yet).
	Progress func(stage string, done, total int)
}

func (o Options) progress(stage string, done, total int) {
	if o.Progress != nil {
		o.Progress(stage, done, total)
	}
}

// Defaults for Options.
const (
	DefaultMinPassage  = 400
	DefaultMaxPassage  = 1200
	DefaultMaxFileSize = 50 << 20
)

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxPassage <= 0 {
		o.MaxPassage = DefaultMaxPassage
	}
	if o.MinPassage <= 0 {
		o.MinPassage = DefaultMinPassage
	}
	if o.MinPassage > o.MaxPassage {
		o.MinPassage = o.MaxPassage
	}
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	return o
}

// ErrNoDocuments is returned when a folder holds no usable document.
var ErrNoDocuments = errors.New("no usable documents")

// Load reads every supported file under fsys (recursively), cleans it and cuts passages.
// Unreadable, empty or undecodable files are skipped with a warning; no usable document
// at all is ErrNoDocuments.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Corpus, error) {
	return load(ctx, fsys, ".", opts)
}

// LoadDir is Load on a folder of the file system.
func LoadDir(ctx context.Context, dir string, opts Options) (*Corpus, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open corpus %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("open corpus %s: not a folder", dir)
	}
	return load(ctx, os.DirFS(dir), dir, opts)
}

func load(ctx context.Context, fsys fs.FS, name string, opts Options) (*Corpus, error) {
	opts = opts.withDefaults()
	log := opts.Logger
	start := time.Now()
	files, err := listFiles(ctx, fsys, name, opts)
	if err != nil {
		return nil, err
	}
	parser := NewParser(opts) // PDFium starts only if a PDF is there
	defer parser.Close()
	perFile := make([][]Document, len(files))
	for i, p := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := readFile(fsys, p, opts.MaxFileSize)
		if err != nil {
			log.Warn("skipping file", "file", p, "err", err)
			continue
		}
		if perFile[i], err = parseOne(ctx, parser, p, data, log); err != nil {
			return nil, err
		}
		opts.progress("reading", i+1, len(files))
	}
	c, err := assemble(files, perFile, nil, nil, name, opts)
	if err != nil {
		return nil, err
	}
	log.Debug("corpus loaded", "documents", len(c.Documents), "passages", len(c.Passages),
		"elapsed", time.Since(start))
	return c, nil
}

// listFiles lists the supported files under fsys, sorted, skipping hidden ones and the
// questions of a BEIR collection.
func listFiles(ctx context.Context, fsys fs.FS, name string, opts Options) ([]string, error) {
	log := opts.Logger
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			if p == "." {
				return err
			}
			log.Warn("skipping unreadable path", "file", p, "err", err)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir // .git, .cache, ...
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if formatOf(p) == "" {
			log.Info("skipping file of unsupported type", "file", p)
			return nil
		}
		files = append(files, p)
		opts.progress("listing", len(files), 0)
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("read corpus %s: %w", name, err)
	}
	sort.Strings(files)
	return beirCorpusOnly(fsys, files, log), nil
}

// parseOne parses one file's data; a file that gives nothing is skipped with a warning
// (nil documents, nil error). Only a cancelled ctx is an error.
func parseOne(ctx context.Context, parser *Parser, p string, data []byte, log *slog.Logger) ([]Document, error) {
	fdocs, err := parser.Parse(ctx, p, data)
	if err != nil && len(fdocs) == 0 {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		log.Warn("skipping file", "file", p, "err", err)
		return nil, nil
	}
	if err != nil { // some lines of a .jsonl file were bad: one warning each
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		for _, e := range errs {
			log.Warn("skipping bad line", "err", e)
		}
	}
	return fdocs, nil
}

// assemble applies the corpus-wide rules to the documents parsed from files (in file
// order): duplicate ids are dropped, text repeated across documents removed, passages cut.
// perKeys holds the paragraph keys of each file's documents (paragraphKeys) as a
// snapshot kept them; nil, or nil for a file, computes them. sums, when not nil, holds
// each file's documents' sums as a snapshot kept them: a document cleaned as when its
// sum was kept reuses it, and new sums are written back into it, its file marked
// changed.
func assemble(files []string, perFile [][]Document, perKeys [][][]uint64, sums *sumCache, name string, opts Options) (*Corpus, error) {
	log := opts.Logger
	var docs []Document
	var keys [][]uint64
	var from []docSource
	seen := map[string]string{}
	for i, fdocs := range perFile {
		for j, d := range fdocs {
			if prev, dup := seen[d.ID]; dup {
				log.Warn("skipping document with duplicate id", "file", files[i], "id", d.ID, "first", prev)
				continue
			}
			seen[d.ID] = files[i]
			docs = append(docs, d)
			from = append(from, docSource{file: i, doc: j})
			if perKeys != nil && perKeys[i] != nil {
				keys = append(keys, perKeys[i][j])
			} else {
				keys = append(keys, paragraphKeys(&d))
			}
		}
	}
	docs, removed := cleanCorpusKeys(docs, keys)
	c := &Corpus{}
	for k, d := range docs {
		if len(d.Paragraphs) == 0 {
			log.Warn("skipping document without text", "id", d.ID)
			continue
		}
		first := len(c.Passages)
		c.Documents = append(c.Documents, d)
		c.Passages = append(c.Passages, cutPassages(d, opts.MinPassage, opts.MaxPassage)...)
		var kept *DocSum
		src := from[k]
		if sums != nil && len(sums.sums[src.file]) == len(perFile[src.file]) {
			kept = &sums.sums[src.file][src.doc]
		}
		if kept != nil && kept.Sum != (Sum{}) && kept.Removed == removed[k] {
			c.DocSums = append(c.DocSums, kept.Sum)
			continue
		}
		sum := docSum(&d, c.Passages[first:])
		c.DocSums = append(c.DocSums, sum)
		if kept != nil {
			*kept = DocSum{Removed: removed[k], Sum: sum}
			sums.changed[src.file] = true
		}
	}
	if len(c.Documents) == 0 {
		return nil, fmt.Errorf("load corpus %s: %w", name, ErrNoDocuments)
	}
	c.Fingerprint = fingerprint(c.Documents, c.DocSums)
	return c, nil
}

// docSource is where a document of the corpus was parsed: its file and its place among
// the file's documents.
type docSource struct{ file, doc int }

// readFile reads one file, refusing files over max bytes.
func readFile(fsys fs.FS, p string, max int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		if fi.Size() > max {
			return nil, fmt.Errorf("file is %d bytes, over the limit of %d", fi.Size(), max)
		}
		size = fi.Size()
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+512))
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if int64(len(data)) > max {
		return nil, fmt.Errorf("file is over the limit of %d bytes", max)
	}
	return data, nil
}

// formatOf names the parser for a file name, or "" when the type is not supported.
func formatOf(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".text":
		return "txt"
	case ".md", ".markdown":
		return "md"
	case ".html", ".htm", ".xhtml":
		return "html"
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".pdf":
		return "pdf"
	}
	return ""
}

// pageList lists the page of each paragraph, or nil when none has one.
func pageList(ps []Paragraph) []byte {
	var b []byte
	for i, p := range ps {
		if p.Page != 0 && b == nil {
			for _, q := range ps[:i] {
				b = strconv.AppendInt(append(b, ','), int64(q.Page), 10)
			}
		}
		if b != nil {
			b = strconv.AppendInt(append(b, ','), int64(p.Page), 10)
		}
	}
	return b
}

// beirCorpusOnly drops, from a folder laid out as a BEIR collection (corpus.jsonl beside a
// qrels folder), every file but corpus.jsonl: its queries*.jsonl files hold the questions
// asked of the corpus, not documents, and indexing them would answer each question with
// itself.
func beirCorpusOnly(fsys fs.FS, files []string, log *slog.Logger) []string {
	isBEIR := map[string]bool{}
	beir := func(dir string) bool {
		if v, ok := isBEIR[dir]; ok {
			return v
		}
		_, cerr := fs.Stat(fsys, path.Join(dir, "corpus.jsonl"))
		q, qerr := fs.Stat(fsys, path.Join(dir, "qrels"))
		isBEIR[dir] = cerr == nil && qerr == nil && q.IsDir()
		return isBEIR[dir]
	}
	out := files[:0]
	for _, f := range files {
		if dir := path.Dir(f); beir(dir) && path.Base(f) != "corpus.jsonl" {
			log.Info("skipping a file of a BEIR collection: only corpus.jsonl holds documents", "file", f)
			continue
		}
		out = append(out, f)
	}
	return out
}
