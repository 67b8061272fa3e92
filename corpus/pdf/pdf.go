// Package pdf reads the text of PDF files as a reader sees it: pages in reading order,
// columns one after the other, lines joined into paragraphs, line-end hyphens undone,
// running heads, footers and page numbers removed, headings told apart, plus the
// document's metadata. It runs PDFium compiled to WebAssembly (pure Go, no cgo).
package pdf

import (
	"errors"
	"log/slog"
	"runtime"
	"strings"
	"time"
)

// Document is what a PDF file gives.
type Document struct {
	// From the document information dictionary; empty when not stated.
	Title, Author, Subject, Keywords string
	Created                          time.Time // zero when not stated
	// FirstPageTitle is the text in the largest type at the top of the first page,
	// the title as printed, for files whose metadata lacks one.
	FirstPageTitle string
	// FirstPageLines are the lines under the printed title, up to the abstract: the
	// byline, affiliations, dates.
	FirstPageLines []string
	// Paragraphs are the document's paragraphs and headings in reading order, each
	// whole even where it runs on to the next page or column.
	Paragraphs []Paragraph
	// Pages holds each page's text alone, as a reader sees the page: its part of each
	// paragraph, headings, the title, without running heads, footers or page numbers.
	Pages []Page
	// EmptyPages lists pages (from 1) without any text: scanned pages among text pages.
	EmptyPages []int
}

// Paragraph is one paragraph or heading.
type Paragraph struct {
	Kind Kind
	Page int // the page it starts on, from 1
	Text string
}

// Page is the text of one page.
type Page struct {
	N      int      // page number, from 1: the page's place in the file, not its printed label
	Blocks []string // paragraphs and headings, or their parts on this page
}

// Text is the page's text with blank lines between paragraphs.
func (p Page) Text() string { return strings.Join(p.Blocks, "\n\n") }

// Kind tells a paragraph's role.
type Kind int

const (
	Body    Kind = iota // a paragraph
	Heading             // a section heading
)

// Errors Read reports for files that give no text, each with the reason a person can act on.
var (
	ErrNotPDF    = errors.New("not a PDF file")
	ErrEncrypted = errors.New("encrypted: it needs a password")
	ErrDamaged   = errors.New("damaged: PDFium cannot read its structure")
	ErrTruncated = errors.New("truncated: the file ends before its end-of-file marker")
	ErrNoText    = errors.New("no text layer; OCR it first")
	ErrTooLarge  = errors.New("too large")
	ErrTimeout   = errors.New("timed out")
)

// Options bound the work done per file.
type Options struct {
	Logger *slog.Logger // nil discards
	// Timeout bounds the time spent on one file; 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxPages is the number of pages read from one file; later pages are left out with
	// a warning. 0 means DefaultMaxPages.
	MaxPages int
	// MemoryLimit bounds the memory of one PDFium instance, in bytes; a file that needs
	// more fails. 0 means DefaultMemoryLimit.
	MemoryLimit int64
	// Workers is the number of PDFium instances run at once, each on one core: files read
	// at once, and instances left free share the pages of a file of several pages (each
	// holding the file too); 0 means GOMAXPROCS.
	Workers int
	// CacheDir keeps compiled PDFium between runs, which cuts start-up from seconds to a
	// fraction of one; "" means the user's cache folder (docent/wazero), "-" none.
	CacheDir string
}

// Defaults for Options.
const (
	DefaultTimeout     = time.Minute
	DefaultMaxPages    = 2000
	DefaultMemoryLimit = 1 << 30
)

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = quiet
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.MemoryLimit <= 0 {
		o.MemoryLimit = DefaultMemoryLimit
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	switch o.CacheDir {
	case "":
		o.CacheDir = defaultCacheDir()
	case "-":
		o.CacheDir = ""
	}
	return o
}
