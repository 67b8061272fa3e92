package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// layout turns PDFium's lines into a Document: furniture removed, title found, lines
// joined into paragraphs and headings.
func (r *Reader) layout(rd rawDoc) (*Document, error) {
	d := &Document{}
	readMeta(d, rd.meta)
	pages := make([][]line, len(rd.pages))
	heights := make([]float64, len(rd.pages))
	chars := 0
	for i, p := range rd.pages {
		pages[i] = tidyLines(p.lines)
		heights[i] = p.height
		for _, l := range pages[i] {
			chars += len(l.text)
		}
		if len(pages[i]) == 0 {
			d.EmptyPages = append(d.EmptyPages, i+1)
		}
	}
	if chars == 0 {
		return nil, ErrNoText
	}
	drop := findFurniture(pages, heights)
	if r.asPrinted {
		drop = make([][]bool, len(pages))
		for p := range pages {
			drop[p] = make([]bool, len(pages[p]))
		}
	}
	var flow []line
	for p := range pages {
		for i, l := range pages[p] {
			if !drop[p][i] {
				flow = append(flow, l)
			}
		}
	}
	for i := range flow {
		flow[i].seq = i
	}
	body := bodySize(flow)
	v := vocabOf(flow)
	if r.asPrinted {
		v = nil
	}
	title := titleLines(flow, heights, body)
	titleAt := 0 // the title's place in the flow of page 1
	if len(title) > 0 {
		titleAt = title[0]
		var parts []string
		for _, i := range title {
			parts = append(parts, flow[i].text)
		}
		d.FirstPageTitle = strings.Join(parts, " ")
		end := title[len(title)-1] + 1
		d.FirstPageLines = firstPageLines(flow, end)
		// the byline is no heading, whatever its type
		for i := range d.FirstPageLines {
			flow[end+i].byline = true
		}
		flow = append(flow[:title[0]:title[0]], flow[end:]...)
	}
	paras := buildParagraphs(flow, body, leading(flow))
	for _, p := range paras {
		if text := p.text(v); text != "" {
			d.Paragraphs = append(d.Paragraphs, Paragraph{Kind: p.kind, Page: p.lines[0].page, Text: text})
		}
	}
	d.Pages = pageTexts(len(rd.pages), d.FirstPageTitle, titleAt, paras, v)
	return d, nil
}

// pageTexts gives each page its part of each paragraph, in the order the page prints
// them: a paragraph carried on from the page before, or from under a figure, takes its
// place where its lines on this page start, not before everything else on the page.
func pageTexts(n int, title string, titleAt int, paras []*para, v vocab) []Page {
	type block struct {
		seq  int
		text string
	}
	blocks := make([][]block, n)
	if title != "" {
		blocks[0] = append(blocks[0], block{titleAt, title})
	}
	for _, p := range paras {
		for _, part := range p.byPage() {
			if text := part.text(v); text != "" {
				first := part.lines[0]
				blocks[first.page-1] = append(blocks[first.page-1], block{first.seq, text})
			}
		}
	}
	pages := make([]Page, n)
	for i := range pages {
		sort.SliceStable(blocks[i], func(a, b int) bool { return blocks[i][a].seq < blocks[i][b].seq })
		pages[i].N = i + 1
		for _, b := range blocks[i] {
			pages[i].Blocks = append(pages[i].Blocks, b.text)
		}
	}
	return pages
}

// bodySize is the type size most of the text is set in.
func bodySize(lines []line) float64 {
	count := map[float64]int{}
	for _, l := range lines {
		count[math.Round(l.size*2)/2] += len(l.text)
	}
	best, n := 10.0, -1
	for s, c := range count {
		if c > n || c == n && s < best {
			best, n = s, c
		}
	}
	return best
}

func sizeKey(size float64) float64 { return math.Round(size*2) / 2 }

// leading returns, for each type size, the most common distance between the baselines of
// consecutive lines in that size: the line spacing, single or double, against which a
// wider gap ends a paragraph.
func leading(lines []line) map[float64]float64 {
	count := map[[2]float64]int{}
	for i := 1; i < len(lines); i++ {
		a, b := lines[i-1], lines[i]
		if sameFlow(a, b) && math.Abs(a.size-b.size) < 0.3 {
			count[[2]float64{sizeKey(a.size), math.Round((a.base-b.base)*2) / 2}]++
		}
	}
	best := map[float64]int{}
	out := map[float64]float64{}
	for k, n := range count {
		if n > best[k[0]] || n == best[k[0]] && k[1] < out[k[0]] {
			best[k[0]], out[k[0]] = n, k[1]
		}
	}
	return out
}

// para is a paragraph or heading being built from lines.
type para struct {
	kind  Kind
	lines []line
	lead  float64 // distance between the baselines of its first two lines
	right float64 // where its longest line ends
}

func newPara(kind Kind, l line) *para {
	return &para{kind: kind, lines: []line{l}, right: l.x1}
}

func (p *para) last() line { return p.lines[len(p.lines)-1] }

// byPage splits the paragraph where it runs on to another page.
func (p *para) byPage() []*para {
	var out []*para
	for i, l := range p.lines {
		if i == 0 || l.page != p.lines[i-1].page {
			out = append(out, &para{kind: p.kind})
		}
		part := out[len(out)-1]
		part.lines = append(part.lines, l)
	}
	return out
}

// open reports whether the paragraph stops mid-sentence, so that text in another column
// or on the next page may carry it on.
func (p *para) open() bool {
	l := p.last()
	if l.hyphen || strings.HasSuffix(l.text, "-") {
		return true
	}
	r := []rune(l.text)
	return !strings.ContainsRune(".!?:;)]\"”’", r[len(r)-1])
}

// text joins the paragraph's lines, undoing line-end hyphens; with a nil vocab it keeps
// them, the halves of a word two words as printed.
func (p *para) text(v vocab) string {
	var b strings.Builder
	for i, l := range p.lines {
		if i == 0 {
			b.WriteString(l.text)
			continue
		}
		prev := p.lines[i-1]
		cur := b.String()
		switch {
		case v == nil && prev.hyphen:
			b.WriteString("- ")
			b.WriteString(l.text)
		case v == nil:
			b.WriteByte(' ')
			b.WriteString(l.text)
		case prev.hyphen:
			b.Reset()
			b.WriteString(v.joinHyphenated(cur+"-", l.text))
		case strings.HasSuffix(cur, "-") && !strings.HasSuffix(cur, " -") && len(cur) > 1:
			b.Reset()
			b.WriteString(v.joinHyphenated(cur, l.text))
		default:
			b.WriteByte(' ')
			b.WriteString(l.text)
		}
	}
	return b.String()
}

// buildParagraphs joins lines, in PDFium's order, into paragraphs. A paragraph ends at a
// wider gap than its line spacing, a change of type, an indented first line, a short line
// that ends a sentence, or a heading. One that stops mid-sentence at the foot of a column
// or page is carried on by the next body text that starts in lower case, even with
// footnotes or a figure caption in between.
func buildParagraphs(lines []line, body float64, leads map[float64]float64) []*para {
	var out []*para
	var cur *para
	var pending *para // the last body paragraph, if it stopped mid-sentence
	for _, l := range lines {
		heading := !l.byline && isHeading(l, body)
		if cur != nil && !heading && cur.kind == Body && continues(cur, l, leads) {
			cur.add(l)
			continue
		}
		if cur != nil && cur.kind == Heading && heading && continuesHeading(cur, l) {
			cur.add(l)
			continue
		}
		if cur != nil && cur.kind == Body && isBodySize(cur.last(), body) {
			pending = nil
			if cur.open() {
				pending = cur
			}
		}
		if pending != nil && !heading && isBodySize(l, body) && startsLower(l.text) && !sameFlow(pending.last(), l) {
			pending.add(l)
			cur = pending
			continue
		}
		cur = newPara(Body, l)
		if heading {
			cur.kind = Heading
			pending = nil
		}
		out = append(out, cur)
	}
	return out
}

func (p *para) add(l line) {
	if len(p.lines) == 1 && sameFlow(p.lines[0], l) {
		p.lead = p.lines[0].base - l.base
	}
	p.lines = append(p.lines, l)
	p.right = math.Max(p.right, l.x1)
}

// sameFlow reports whether b is the line printed below a in the same column.
func sameFlow(a, b line) bool {
	em := math.Max(a.size, b.size)
	drop := a.base - b.base
	return a.page == b.page && drop > 0.3*em && drop < 2.5*em && b.x0 < a.x1 && a.x0 < b.x1
}

// continues reports whether l carries on paragraph p in the same column.
func continues(p *para, l line, leads map[float64]float64) bool {
	prev := p.last()
	if !sameFlow(prev, l) || math.Abs(l.size-prev.size) > 0.6 {
		return false
	}
	em := l.size
	lead := p.lead
	if lead == 0 {
		lead = leads[sizeKey(l.size)]
	}
	if lead == 0 {
		lead = 1.25 * em
	}
	if prev.base-l.base > lead*1.3+0.5 {
		return false // a paragraph gap
	}
	hanging := len(p.lines) >= 2 && p.lines[1].x0 > p.lines[0].x0+0.8*em
	switch {
	case len(p.lines) == 1:
		// an indent under the first line is a hanging indent (a reference), an outdent
		// the body under an indented first line: both carry on
	case hanging:
		if l.x0 < p.lines[1].x0-0.8*em {
			return false // the next reference
		}
	case l.x0 > prev.x0+0.8*em:
		return false // an indented first line
	}
	if endsSentence(prev.text) && prev.x1 < p.right-2*em && len(p.lines) >= 2 {
		return false // a short last line
	}
	return true
}

// continuesHeading reports whether l is the second line of heading p.
func continuesHeading(p *para, l line) bool {
	prev := p.last()
	return len(p.lines) < 3 && sameFlow(prev, l) && math.Abs(l.size-prev.size) < 0.3 &&
		l.bold == prev.bold && !numberedRE.MatchString(l.text)
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, "\"”’)")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ":")
}

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

func isBodySize(l line, body float64) bool { return math.Abs(l.size-body) < 0.6 }
