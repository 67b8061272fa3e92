package corpus

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
)

// Corpus is a loaded, cleaned set of documents and the passages cut from them.
type Corpus struct {
	Documents []Document
	Passages  []Passage
	// Fingerprint changes whenever the passages change (text, ids or metadata):
	// the index manifest compares it to decide on a rebuild.
	Fingerprint string
}

// Options tune loading.
type Options struct {
	Logger *slog.Logger // warnings about skipped files; nil discards
}

// ErrNoDocuments is returned when a folder holds no usable document.
var ErrNoDocuments = errors.New("no usable documents")

// Load reads every supported file under fsys (recursively), cleans it and cuts passages.
// Unreadable, empty or undecodable files are skipped with a warning; no usable document
// at all is ErrNoDocuments.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Corpus, error) {
	return nil, errors.New("corpus.Load: not implemented yet")
}

// LoadDir is Load on a folder of the file system.
func LoadDir(ctx context.Context, dir string, opts Options) (*Corpus, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	return Load(ctx, os.DirFS(dir), opts)
}
