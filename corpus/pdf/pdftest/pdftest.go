// Package pdftest writes small PDF files for tests: text placed at given positions in the
// standard Helvetica fonts, metadata, images without text, and a password that cannot be
// met. Fixtures are generated rather than committed so that their licence is ours and
// what each one holds is plain in the test.
package pdftest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Doc is a PDF to write.
type Doc struct {
	Title, Author, Subject string
	Created                string // PDF date string, "D:20230508120000Z"; "" for none
	Pages                  []Page
	// Locked adds a standard security handler whose user password is not empty,
	// so the file cannot be opened without it.
	Locked bool
}

// Page is one page; its size defaults to US Letter (612 × 792 points).
type Page struct {
	Width, Height float64
	Texts         []Text
	// Image paints a grey picture over the page, as a scanner would, with no text.
	Image bool
}

// Text is one run of text with its baseline starting at X, Y (points from the bottom left).
type Text struct {
	X, Y, Size float64
	Bold       bool
	S          string
}

// Lines lays out lines top down from (x, y) with a fixed leading, as a typesetter does.
func Lines(x, y, size, leading float64, lines ...string) []Text {
	out := make([]Text, len(lines))
	for i, l := range lines {
		out[i] = Text{X: x, Y: y - float64(i)*leading, Size: size, S: l}
	}
	return out
}

// Bytes renders the document.
func (d Doc) Bytes() []byte {
	w := &writer{}
	w.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	nPages := len(d.Pages)
	// object numbers: 1 catalog, 2 pages, 3 regular font, 4 bold font, 5 info, 6 encrypt,
	// then three per page (page, content, image)
	pageObj := func(i int) int { return 7 + 3*i }
	w.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	kids := make([]string, nPages)
	for i := range d.Pages {
		kids[i] = fmt.Sprintf("%d 0 R", pageObj(i))
	}
	w.obj(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), nPages))
	enc := "<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 /fi /fl] >>"
	w.obj(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "+enc+" >>")
	w.obj(4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding "+enc+" >>")
	var info []string
	for _, kv := range [][2]string{{"Title", d.Title}, {"Author", d.Author}, {"Subject", d.Subject}, {"CreationDate", d.Created}} {
		if kv[1] != "" {
			info = append(info, "/"+kv[0]+" "+pdfString(kv[1]))
		}
	}
	w.obj(5, "<< "+strings.Join(info, " ")+" >>")
	// a user password is required: PDFium refuses to open the file without it, so the
	// content itself need not be encrypted for the test
	w.obj(6, "<< /Filter /Standard /V 1 /R 2 /P -44 /O <"+strings.Repeat("5a", 32)+"> /U <"+strings.Repeat("a5", 32)+"> >>")
	for i, p := range d.Pages {
		if p.Width == 0 {
			p.Width, p.Height = 612, 792
		}
		res := "/Font << /F1 3 0 R /F2 4 0 R >>"
		var content bytes.Buffer
		if p.Image {
			res += fmt.Sprintf(" /XObject << /Im1 %d 0 R >>", pageObj(i)+2)
			fmt.Fprintf(&content, "q %g 0 0 %g 0 0 cm /Im1 Do Q\n", p.Width, p.Height)
		}
		for _, t := range p.Texts {
			font := "F1"
			if t.Bold {
				font = "F2"
			}
			fmt.Fprintf(&content, "BT /%s %g Tf 1 0 0 1 %g %g Tm %s Tj ET\n", font, t.Size, t.X, t.Y, pdfString(t.S))
		}
		w.obj(pageObj(i), fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << %s >> /Contents %d 0 R >>",
			p.Width, p.Height, res, pageObj(i)+1))
		w.stream(pageObj(i)+1, "", content.Bytes())
		img := make([]byte, 16*16)
		for k := range img {
			img[k] = byte(96 + 8*(k%16))
		}
		w.stream(pageObj(i)+2, "/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8", img)
	}
	trailer := "/Root 1 0 R /Info 5 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
	if d.Locked {
		trailer += " /Encrypt 6 0 R"
	}
	return w.finish(pageObj(nPages), trailer)
}

type writer struct {
	buf     bytes.Buffer
	offsets map[int]int
}

func (w *writer) obj(n int, body string) {
	if w.offsets == nil {
		w.offsets = map[int]int{}
	}
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

func (w *writer) stream(n int, dict string, data []byte) {
	w.obj(n, fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
}

// finish writes the cross-reference table for objects 1..size-1 and the trailer.
func (w *writer) finish(size int, trailer string) []byte {
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", size)
	for n := 1; n < size; n++ {
		if off, ok := w.offsets[n]; ok {
			fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
		} else {
			w.buf.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", size, trailer, xref)
	return w.buf.Bytes()
}

// winAnsi maps the characters outside Latin-1 that WinAnsiEncoding holds, and the two
// ligatures the fonts' encoding adds at codes 1 and 2.
var winAnsi = map[rune]byte{'ﬁ': 1, 'ﬂ': 2, '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92,
	'“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97}

// pdfString encodes s as a literal string in the fonts' encoding; characters it cannot
// hold become "?".
func pdfString(s string) string {
	var b strings.Builder
	b.WriteByte('(')
	for _, r := range s {
		c, ok := winAnsi[r]
		switch {
		case ok:
		case r < 0x80 || r >= 0xa0 && r <= 0xff:
			c = byte(r)
		case r == utf8.RuneError:
			c = '?'
		default:
			c = '?'
		}
		if c == '(' || c == ')' || c == '\\' {
			b.WriteByte('\\')
		}
		if c < 0x20 || c >= 0x80 {
			fmt.Fprintf(&b, "\\%03o", c)
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte(')')
	return b.String()
}
