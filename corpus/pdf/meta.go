package pdf

import (
	"math"
	"regexp"
	"strings"
	"time"
)

// readMeta copies the document information dictionary.
func readMeta(d *Document, meta map[string]string) {
	d.Title = cleanText(meta["Title"])
	d.Author = cleanText(meta["Author"])
	d.Subject = cleanText(meta["Subject"])
	d.Keywords = cleanText(meta["Keywords"])
	d.Created = pdfDate(meta["CreationDate"])
}

var pdfDateRE = regexp.MustCompile(`^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?'?`)

// pdfDate parses a PDF date string ("D:20230508120000+02'00'"); zero when it is not one.
func pdfDate(s string) time.Time {
	m := pdfDateRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}
	}
	num := func(i, def int) int {
		if m[i] == "" {
			return def
		}
		n := 0
		for _, c := range m[i] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	loc := time.UTC
	if m[7] == "+" || m[7] == "-" {
		off := num(8, 0)*3600 + num(9, 0)*60
		if m[7] == "-" {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	t := time.Date(num(1, 0), time.Month(num(2, 1)), num(3, 1), num(4, 0), num(5, 0), num(6, 0), 0, loc)
	if t.Year() < 1900 || t.Year() > 2200 || t.Month() != time.Month(num(2, 1)) {
		return time.Time{}
	}
	return t
}

// titleLines finds the printed title on the first page: the top-most line in the largest
// type in the upper half of the page, with the lines in the same type right under it.
// It returns indexes into lines, or nil.
func titleLines(lines []line, heights []float64, body float64) []int {
	if len(lines) == 0 || len(heights) == 0 {
		return nil
	}
	upper := heights[0] / 2
	largest := 0.0
	for _, l := range lines {
		if l.page != 1 {
			break
		}
		if l.bottom > upper && len([]rune(l.text)) >= 3 {
			largest = math.Max(largest, l.size)
		}
	}
	if largest < body-0.1 {
		return nil
	}
	first := -1
	for i, l := range lines {
		if l.page != 1 {
			break
		}
		if l.bottom > upper && math.Abs(l.size-largest) < 0.3 && len([]rune(l.text)) >= 3 &&
			(first < 0 || l.base > lines[first].base) {
			first = i
		}
	}
	if first < 0 {
		return nil
	}
	out := []int{first}
	for i := first + 1; i < len(lines) && len(out) < 4; i++ {
		prev, l := lines[i-1], lines[i]
		if math.Abs(l.size-prev.size) > 0.3 || !sameFlow(prev, l) || prev.base-l.base > 2*l.size {
			break
		}
		out = append(out, i)
	}
	// a title in body type is only a title when it stands apart: bold or in capitals,
	// short, not a sentence
	if largest < body+0.5 {
		t := lines[out[0]]
		if !t.bold && !isCaps(t.text) || len(out) > 2 || len([]rune(t.text)) > 150 ||
			endsSentence(t.text) && !strings.HasSuffix(t.text, "?") {
			return nil
		}
	}
	return out
}

// firstPageLines returns the lines that follow the title on the first page up to the
// first section heading or line of prose: the byline, affiliations and dates.
func firstPageLines(lines []line, from int) []string {
	var out []string
	for i := from; i < len(lines) && len(out) < 12; i++ {
		l := lines[i]
		if l.page != 1 || len([]rune(l.text)) > 90 || namedRE.MatchString(l.text) || numberedRE.MatchString(l.text) {
			break
		}
		out = append(out, l.text)
	}
	return out
}

var (
	// numberedRE matches a numbered section heading: "1 Introduction", "2.3. Results",
	// "IV. DISCUSSION", "A. Proofs".
	numberedRE = regexp.MustCompile(`^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|[A-H]\.?)\s+\p{Lu}`)
	// namedRE matches the headings papers use without numbers.
	namedRE = regexp.MustCompile(`(?i)^(?:abstract|introduction|background|related work|methods?|materials and methods|results|discussion|conclusions?|summary|acknowledge?ments?|references|bibliography|appendix(?: [a-z0-9]+)?|keywords|index terms)[.:]?$`)
)

// isHeading reports whether a line is a section heading: a known heading word alone, or a
// short line set apart by its numbering, weight, size or capitals.
func isHeading(l line, body float64) bool {
	t := l.text
	n := len([]rune(t))
	if n > 90 || n < 2 {
		return false
	}
	// the regular expressions are the costly part of a page's layout: try them only on
	// lines that can match
	if n <= 30 && namedRE.MatchString(t) {
		return true
	}
	if strings.HasSuffix(t, ",") || strings.HasSuffix(t, ";") || strings.HasSuffix(t, "-") || l.hyphen {
		return false
	}
	words := len(strings.Fields(t))
	distinct := l.bold || l.size > body+0.9 || isCaps(t)
	if mayBeNumbered(t) && numberedRE.MatchString(t) && words <= 12 && (distinct || !endsSentence(t)) && l.size > body*0.75 {
		return true
	}
	return distinct && words <= 10 && !endsSentence(t) && l.size >= body-0.1 && hasLetters(t)
}

// mayBeNumbered reports whether s starts as numberedRE's headings do.
func mayBeNumbered(s string) bool {
	c := s[0]
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'H' || c == 'I' || c == 'V' || c == 'X'
}

func isCaps(s string) bool {
	letters, upper := 0, 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			letters++
			if r <= 'Z' {
				upper++
			}
		}
	}
	return letters >= 4 && upper == letters
}

func hasLetters(s string) bool {
	n := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0xbf {
			n++
		}
	}
	return n >= 3
}
