package pdf

import (
	"context"
	"fmt"
	"math"
	"regexp"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// line is one line of text as PDFium found it, with where it sits on the page (PDF
// points, y growing upwards) and its type.
type line struct {
	text        string
	x0, x1      float64
	top, bottom float64
	base        float64 // baseline
	size        float64 // font size of a character in its middle
	bold        bool
	rotated     bool
	hyphen      bool // it ended in a hyphen that PDFium took out to join the word
	page        int  // page number, from 1
	byline      bool // under the printed title on the first page
	seq         int  // its place in the document's flow of lines
}

// height is the line's height by its font's ascent and descent.
func (l line) height() float64 { return l.top - l.bottom }

// rawPage is one page's lines in PDFium's order, which is the content stream's: the order
// the typesetter wrote, column after column for LaTeX and word processors alike.
type rawPage struct {
	width, height float64
	lines         []line
}

// readPage reads the lines of page i (from 0). Each PDFium call is one step of work; the
// calls per page are a handful per line, not per character, which keeps a page to a few
// milliseconds.
func readPage(ctx context.Context, inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int) (rawPage, error) {
	var rp rawPage
	size, err := inst.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: doc, Index: i})
	if err != nil {
		return rp, fmt.Errorf("page %d size: %w", i+1, err)
	}
	rp.width, rp.height = size.Width, size.Height
	page, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
	if err != nil {
		return rp, fmt.Errorf("load page %d: %w", i+1, err)
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page})
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &page.Page}})
	if err != nil {
		return rp, fmt.Errorf("load text of page %d: %w", i+1, err)
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	if err := ctx.Err(); err != nil {
		return rp, err
	}
	cr := charReader{inst: inst, tp: tp.TextPage}
	count, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil || count.Count <= 0 {
		return rp, err
	}
	runes, err := cr.text(count.Count)
	if err != nil {
		return rp, fmt.Errorf("text of page %d: %w", i+1, err)
	}
	// PDFium ends each line it finds with a generated "\r\n"
	start := 0
	for k := 0; k <= len(runes); k++ {
		if k < len(runes) && runes[k] != '\r' && runes[k] != '\n' {
			continue
		}
		rp.lines = cr.lines(rp.lines, runes, start, k, i+1)
		start = k + 1
	}
	return rp, cr.err
}

// charReader asks PDFium about the characters of one text page; the first error sticks.
type charReader struct {
	inst pdfium.Pdfium
	tp   references.FPDF_TEXTPAGE
	err  error
}

// text returns the page's characters, one rune per character index.
func (c *charReader) text(n int) ([]rune, error) {
	t, err := c.inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: c.tp, StartIndex: 0, Count: n})
	if err != nil {
		return nil, err
	}
	runes := []rune(t.Text)
	if len(runes) != n {
		// characters outside the Basic Multilingual Plane take two UTF-16 units, and a
		// NUL (an unmapped glyph) is left out of it: ask one by one
		runes = make([]rune, n)
		for k := range runes {
			u, err := c.inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: c.tp, Index: k})
			if err != nil {
				return nil, err
			}
			runes[k] = rune(u.Unicode)
		}
	}
	// asked one by one, a line-end hyphen PDFium took out is U+0002, not the U+FFFE of its
	// text; an unmapped glyph of code 2 is too, so PDFium says which is which
	for k, r := range runes {
		if r != 0x2 {
			continue
		}
		h, err := c.inst.FPDFText_IsHyphen(&requests.FPDFText_IsHyphen{TextPage: c.tp, Index: k})
		if err != nil {
			return nil, err
		}
		if h.IsHyphen {
			runes[k] = '\ufffe'
		}
	}
	return runes, nil
}

// lines appends the lines of characters [a, b), one of PDFium's lines. PDFium joins a
// word hyphenated at a line end itself, with U+FFFE where the hyphen was, and the two
// lines become one of its lines, even when the second half comes from somewhere else
// (a footnote after the last line of a column): split them again, keeping the hyphen's
// mark, so that the layout decides.
func (c *charReader) lines(out []line, runes []rune, a, b, page int) []line {
	for k := a; k < b; k++ {
		if runes[k] != '\ufffe' {
			continue
		}
		if l, ok := c.line(runes, a, k); ok {
			l.hyphen, l.page = true, page
			out = append(out, l)
		}
		a = k + 1
	}
	if l, ok := c.line(runes, a, b); ok {
		l.page = page
		out = append(out, l)
	}
	return out
}

// line describes the characters [a, b) as one line, trimmed of white space.
func (c *charReader) line(runes []rune, a, b int) (line, bool) {
	for a < b && isBlank(runes[a]) {
		a++
	}
	for b > a && isBlank(runes[b-1]) {
		b--
	}
	if a == b || c.err != nil {
		return line{}, false
	}
	l := line{text: string(runes[a:b])}
	first, err := c.inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: c.tp, Index: a})
	if c.keep(err) {
		return line{}, false
	}
	last, err := c.inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: c.tp, Index: b - 1})
	if c.keep(err) {
		return line{}, false
	}
	l.x0 = math.Min(float64(first.Rect.Left), float64(last.Rect.Left))
	l.x1 = math.Max(float64(first.Rect.Right), float64(last.Rect.Right))
	l.top = math.Max(float64(first.Rect.Top), float64(last.Rect.Top))
	l.bottom = math.Min(float64(first.Rect.Bottom), float64(last.Rect.Bottom))
	origin, err := c.inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: c.tp, Index: a})
	if c.keep(err) {
		return line{}, false
	}
	l.base = origin.Y
	// type size: the median of three characters across the line, as the first is often a
	// footnote mark or a drop cap and any one may be a subscript
	var sizes [3]float64
	mid := a
	for k := range sizes {
		at := a + (b-a)*(k+1)/4
		for at > a && isBlank(runes[at]) {
			at--
		}
		if k == 1 {
			mid = at
		}
		size, err := c.inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: c.tp, Index: at})
		if c.keep(err) {
			return line{}, false
		}
		sizes[k] = size.FontSize
	}
	l.size = max(min(sizes[0], sizes[1]), min(max(sizes[0], sizes[1]), sizes[2]))
	if hasAccent(runes[a:b]) {
		l.text = c.placeAccents(runes, a, b, l.size)
	}
	font, err := c.inst.FPDFText_GetFontInfo(&requests.FPDFText_GetFontInfo{TextPage: c.tp, Index: mid})
	if c.keep(err) {
		return line{}, false
	}
	// TeX's fonts state no weight; their names do (CMBX10, NimbusRomNo9L-Medi)
	l.bold = boldFontRE.MatchString(font.FontName) || font.Flags&(1<<18) != 0
	angle, err := c.inst.FPDFText_GetCharAngle(&requests.FPDFText_GetCharAngle{TextPage: c.tp, Index: a})
	if c.keep(err) {
		return line{}, false
	}
	// text set at an angle (an arXiv stamp in the margin, a rotated table head) is not
	// part of the running text
	l.rotated = math.Abs(math.Remainder(float64(angle.CharAngle), math.Pi)) > 0.1
	return l, true
}

func (c *charReader) keep(err error) bool {
	if err != nil && c.err == nil {
		c.err = err
	}
	return err != nil
}

var boldFontRE = regexp.MustCompile(`Bold|bold|BOLD|Black|Heavy|Semibold|SemiBold|Demi|Medi\b|Medium|CMBX|CMB\d|-Bd|\+.*BX\d|[-,]B$`)

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == 0 || r == '\u00a0' }
