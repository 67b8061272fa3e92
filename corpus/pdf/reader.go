package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
)

// Reader reads PDF files. It is safe for concurrent use; PDFium starts at the first Read,
// so a Reader that reads nothing costs nothing.
type Reader struct {
	opts Options
	eng  *engine
	// asPrinted keeps running heads, footers, page numbers and line-end hyphens, for
	// comparing the text layer with ground truths that keep them (the harness's layer mode)
	asPrinted bool

	mu     sync.Mutex
	closed bool
	// inflight counts the reads that may still use PDFium, among them a read left
	// running after its file ran out of time: Close waits for them before stopping it.
	inflight sync.WaitGroup
}

// NewReader returns a Reader; Close releases PDFium.
func NewReader(opts Options) *Reader {
	opts = opts.withDefaults()
	return &Reader{opts: opts, eng: newEngine(opts)}
}

// Close stops PDFium, if it was started, once the reads that may still use it have ended
// (a read left running after its file ran out of time; it waits at most that time).
func (r *Reader) Close() error {
	r.mu.Lock()
	was := r.closed
	r.closed = true
	r.mu.Unlock()
	if was {
		return nil
	}
	done := make(chan struct{})
	go func() { r.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(r.opts.Timeout):
		// a read stuck inside a PDFium call: stopping PDFium under it would corrupt it
		return fmt.Errorf("pdf reader: a read still running %v after its time; PDFium left to it", r.opts.Timeout)
	}
	return r.eng.close()
}

// Read extracts the text and metadata of one PDF file. A file that gives no text at all
// fails with one of the package's errors (ErrNotPDF, ErrEncrypted, ErrDamaged,
// ErrTruncated, ErrNoText, ErrTimeout), so the caller can say why it was skipped.
func (r *Reader) Read(ctx context.Context, data []byte) (*Document, error) {
	if err := sniff(data); err != nil {
		return nil, err
	}
	r.mu.Lock()
	closed := r.closed
	if !closed {
		r.inflight.Add(1)
	}
	r.mu.Unlock()
	reading := false // the reading goroutine has taken over the count
	defer func() {
		if !closed && !reading {
			r.inflight.Done()
		}
	}()
	if closed {
		return nil, errClosed
	}
	// starting PDFium is outside the file's time: without the compilation cache (a new
	// machine, a race-detector build) compiling it can take longer than reading any file
	if err := r.eng.start(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeoutCause(ctx, r.opts.Timeout, ErrTimeout)
	defer cancel()
	inst, release, err := r.eng.instance(ctx)
	if err != nil {
		return nil, r.timeoutErr(ctx, err)
	}
	type result struct {
		raw rawDoc
		err error
	}
	ch := make(chan result, 1)
	reading = true
	go func() {
		defer r.inflight.Done()
		raw, err := r.readRaw(ctx, inst, data)
		// an instance interrupted mid-file may hold a half-read document: never reuse it
		release(ctx.Err() != nil)
		ch <- result{raw, err}
	}()
	var res result
	select {
	case res = <-ch:
	case <-ctx.Done():
		// PDFium cannot be stopped inside a call; the reading goroutine stops at its next
		// check and throws the instance away
		return nil, r.timeoutErr(ctx, ctx.Err())
	}
	if res.err != nil {
		return nil, r.timeoutErr(ctx, res.err)
	}
	return r.layout(res.raw)
}

// timeoutErr reports a run out of time as ErrTimeout with the limit.
func (r *Reader) timeoutErr(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), ErrTimeout) {
		return fmt.Errorf("%w after %v", ErrTimeout, r.opts.Timeout)
	}
	return err
}

// sniff rejects what is not a PDF, or is cut short, before PDFium starts.
func sniff(data []byte) error {
	head := data[:min(len(data), 1024)]
	if !bytes.Contains(head, []byte("%PDF-")) {
		return ErrNotPDF
	}
	// "%%EOF" closes every revision of a PDF file; a copy cut short lacks the last one
	tail := data[max(0, len(data)-2048):]
	if !bytes.Contains(tail, []byte("%%EOF")) {
		return ErrTruncated
	}
	return nil
}

// rawDoc is what PDFium gives before the layout: metadata and the lines of each page.
type rawDoc struct {
	meta      map[string]string
	pages     []rawPage
	pageCount int
}

func (r *Reader) readRaw(ctx context.Context, inst pdfium.Pdfium, data []byte) (rawDoc, error) {
	var rd rawDoc
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword), errors.Is(err, pdfiumerrors.ErrSecurity):
		return rd, ErrEncrypted
	case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile):
		return rd, ErrDamaged
	case err != nil:
		return rd, fmt.Errorf("open: %w", err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	meta, err := inst.GetMetaData(&requests.GetMetaData{Document: doc.Document})
	if err != nil {
		return rd, fmt.Errorf("read metadata: %w", err)
	}
	rd.meta = map[string]string{}
	for _, t := range meta.Tags {
		rd.meta[t.Tag] = strings.TrimSpace(t.Value)
	}
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return rd, fmt.Errorf("count pages: %w", err)
	}
	rd.pageCount = count.PageCount
	n := min(count.PageCount, r.opts.MaxPages)
	if n < count.PageCount {
		r.opts.Logger.Warn("pdf: reading only the first pages", "pages", count.PageCount, "read", n)
	}
	rd.pages = make([]rawPage, n)
	return rd, r.readPages(ctx, inst, doc.Document, data, rd.pages)
}
