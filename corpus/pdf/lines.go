package pdf

import (
	"math"
	"strings"
)

// tidyLines cleans each line's text, drops rotated and empty lines, and joins the pieces
// PDFium splits one printed line into (a superscript, a formula, a footnote mark and the
// comma after it) back into one line.
func tidyLines(in []line) []line {
	out := make([]line, 0, len(in))
	for _, l := range in {
		if l.rotated {
			continue
		}
		l.text = cleanText(l.text)
		if l.text == "" {
			continue
		}
		if n := len(out); n > 0 && sameLine(out[n-1], l) {
			out[n-1] = joinLine(out[n-1], l)
			continue
		}
		out = append(out, l)
	}
	return out
}

// sameLine reports whether b continues a on the same printed line: their heights overlap
// by half the smaller one and b starts where a ends.
func sameLine(a, b line) bool {
	if a.page != b.page || a.hyphen {
		return false
	}
	overlap := math.Min(a.top, b.top) - math.Max(a.bottom, b.bottom)
	if overlap < 0.5*math.Min(a.height(), b.height()) {
		return false
	}
	em := math.Max(a.size, b.size)
	gap := b.x0 - a.x1
	return gap > -0.6*em && gap < 2.5*em
}

func joinLine(a, b line) line {
	em := math.Max(a.size, b.size)
	sep := ""
	if b.x0-a.x1 > 0.2*em && !strings.HasSuffix(a.text, " ") {
		sep = " "
	}
	out := a
	out.text = a.text + sep + b.text
	out.x0, out.x1 = math.Min(a.x0, b.x0), math.Max(a.x1, b.x1)
	out.top, out.bottom = math.Max(a.top, b.top), math.Min(a.bottom, b.bottom)
	out.hyphen = b.hyphen
	// the line's type is that of its longer part, not of a superscript beside it
	if len(b.text) > len(a.text) {
		out.size, out.bold, out.base = b.size, b.bold, b.base
	}
	return out
}
