package pdf

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// pagesPerHelper is the number of pages that pays for a helper: another PDFium instance
// that opens the file too. Starting one costs about as much CPU as reading a page or two.
const pagesPerHelper = 4

// readPages reads pages into out, on inst and, for a file of several pages, on as many
// more PDFium instances as are free at once. PDFium's parsing of each page is most of the
// time a file takes, each page is parsed on its own, and one instance runs on one core:
// a corpus read one file at a time uses every core so. The pages are taken in order from
// a shared counter; the first error stops them all.
func (r *Reader) readPages(ctx context.Context, inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, data []byte, out []rawPage) error {
	var next atomic.Int64
	var failed atomic.Bool
	work := func(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		for !failed.Load() {
			if err := ctx.Err(); err != nil {
				return err
			}
			i := int(next.Add(1) - 1)
			if i >= len(out) {
				return nil
			}
			p, err := readPage(ctx, inst, doc, i)
			if err != nil {
				failed.Store(true)
				return err
			}
			out[i] = p
		}
		return nil
	}
	helpers := min(r.opts.Workers-1, (len(out)-1)/pagesPerHelper)
	errs := make([]error, helpers+1)
	var wg sync.WaitGroup
	for h := range helpers {
		wg.Go(func() { errs[h+1] = r.help(ctx, data, work) })
	}
	errs[0] = work(inst, doc)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// help runs work on a spare PDFium instance with the file open, if one is free; if none
// is, or the file does not open, the other instances read the pages.
func (r *Reader) help(ctx context.Context, data []byte, work func(pdfium.Pdfium, references.FPDF_DOCUMENT) error) error {
	inst, release, ok := r.eng.spareInstance(ctx)
	if !ok {
		return nil
	}
	// an instance interrupted mid-file may hold a half-read document: never reuse it
	defer func() { release(ctx.Err() != nil) }()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	return work(inst, doc.Document)
}
