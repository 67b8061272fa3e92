package corpus

import (
	"regexp"
	"strings"
)

// unitKind tells what a parser knows about a block of text.
type unitKind int

const (
	uText    unitKind = iota // a line or paragraph of unknown role
	uHeading                 // marked as a heading by the format (markdown #, html h1-h6)
	uList                    // a list item
	uQuote                   // a block quote
)

// unit is one block of text as a parser found it, before cleaning.
type unit struct {
	text string
	kind unitKind
}

// bioHeading is the heading given to the author's bio paragraph.
const bioHeading = "About the author"

// kickerRE matches a genre label opening a standfirst: "Analysis: The recent ...".
var kickerRE = regexp.MustCompile(`^(?i:analysis|opinion|comment|commentary|feature|explainer|interview|review|editorial|news|op-ed|essay|perspective|report|exclusive):\s+`)

// bulletRE matches a list bullet at the start of a line of plain text.
var bulletRE = regexp.MustCompile(`^(?:[-*•▪◦‣·–]|\d{1,3}[.)])\s+`)

// buildDocument turns the units of one file into a cleaned document: it reads the
// header (title, subtitle, byline, date), drops page furniture, finds where the
// article ends, assigns headings and removes repeated paragraphs. meta carries what
// the format stated explicitly (front matter, meta tags); it wins over the header.
//
// structured sources (markdown, web pages run through an article extractor) mark
// their headings and lists; their short lines are trusted more than those of plain
// text dumped from a page.
func buildDocument(meta Document, units []unit, structured bool) Document {
	d := meta
	units = normalizeUnits(units)
	body := readHeader(&d, units, structured)
	body = dropFurniture(&d, body, structured)
	body = cutTail(&d, body)
	d.Paragraphs = assignHeadings(&d, body)
	d.Paragraphs = dropRepeats(d.Paragraphs, structured)
	for i := range d.Paragraphs {
		d.Paragraphs[i].N = i + 1
	}
	if d.Title == "" {
		d.Title = fallbackTitle(d.ID)
	}
	return d
}

// normalizeUnits normalises white space, rejoins letter-spaced words and drops empty units.
func normalizeUnits(units []unit) []unit {
	var vocab map[string]bool
	out := units[:0:0]
	for _, u := range units {
		u.text = normalizeSpace(u.text)
		if u.text == "" {
			continue
		}
		if hasLetterSpacing(u.text) {
			if vocab == nil {
				vocab = vocabulary(units)
			}
			u.text = rejoinLetterSpaced(u.text, vocab)
		}
		out = append(out, u)
	}
	return out
}

// readHeader reads title, subtitle, authors and date from the lines before the
// article body and returns the body units (the subtitle first, as a paragraph).
func readHeader(d *Document, units []unit, structured bool) []unit {
	explicitTitle := d.Title != ""
	titleKey := foldKey(d.Title)
	var keep []unit
	menu := menuLines(units)
	i := 0
	for ; i < len(units) && i < 20; i++ {
		u := units[i]
		s := u.text
		if menu[i] {
			continue
		}
		if u.kind == uHeading && d.Title == "" && i == 0 {
			d.Title = s
			titleKey = foldKey(s)
			continue
		}
		if titleKey != "" && foldKey(s) == titleKey {
			continue // the title printed again
		}
		if u.kind != uText || isBodyParagraph(s) || bioName(s) != "" {
			break
		}
		if _, rest := splitSectionLabel(s); rest != s {
			break // "BACKGROUND: ..." starts the body
		}
		if t, ok := parseDate(s); ok {
			if d.Published.IsZero() {
				d.Published = t
			}
			continue
		}
		if b, ok := parseByline(s); ok {
			if len(d.Authors) == 0 {
				d.Authors = b.authors
			}
			if d.Published.IsZero() {
				d.Published = b.date
			}
			if d.Publication == "" {
				d.Publication = b.publication
			}
			continue
		}
		if junkReason(s) != "" {
			continue
		}
		if isNameShape(s) && hasBioOf(units[i+1:], s) {
			if len(d.Authors) == 0 {
				d.Authors = []string{s}
			}
			continue
		}
		if d.Title == "" && !explicitTitle {
			if isProse(s) && len(s) > 200 {
				break
			}
			d.Title = s
			titleKey = foldKey(s)
			continue
		}
		if isHeadingShape(s) && i+1 < len(units) && isBodyParagraph(units[i+1].text) && d.Subtitle != "" {
			break // the first section heading
		}
		if d.Subtitle == "" && !structured && len(s) <= 300 {
			d.Subtitle = kickerRE.ReplaceAllString(s, "")
			if isProse(s) {
				// a standfirst is article text too
				keep = append(keep, unit{text: d.Subtitle})
			}
			continue
		}
		if isProse(s) || wordCount(s) > 15 {
			break
		}
		// any other short line of the header is furniture
	}
	return append(keep, units[i:]...)
}

// menuLines marks runs of three or more lines of at most three words without
// sentence punctuation: the items of a menu.
func menuLines(units []unit) []bool {
	menu := make([]bool, len(units))
	isItem := func(u unit) bool { return u.kind == uText && wordCount(u.text) <= 3 && !endsSentence(u.text) }
	for i := 0; i < len(units); {
		j := i
		for j < len(units) && isItem(units[j]) {
			j++
		}
		if j-i >= 3 {
			for k := i; k < j; k++ {
				menu[k] = true
			}
		}
		i = max(j, i+1)
	}
	return menu
}

// hasBioOf reports whether a bio line about name follows among the next few units.
func hasBioOf(units []unit, name string) bool {
	for i, u := range units {
		if i >= 3 {
			break
		}
		if sameName(bioName(u.text), name) {
			return true
		}
	}
	return false
}

// dropFurniture removes lines shaped like page furniture anywhere in the body: menus,
// captions, counters, image names, author photos and short lines repeated in the document.
func dropFurniture(d *Document, units []unit, structured bool) []unit {
	counts := map[string]int{}
	for _, u := range units {
		if u.kind == uText && !isProse(u.text) && wordCount(u.text) <= 8 {
			counts[foldKey(u.text)]++
		}
	}
	titleKey := foldKey(d.Title)
	names := surnames(d.Authors)
	out := units[:0:0]
	for _, u := range units {
		s := u.text
		if u.kind == uText || u.kind == uList {
			if junkReason(s) != "" {
				continue
			}
			if !structured && !isProse(s) && wordCount(s) <= 8 && counts[foldKey(s)] >= 2 {
				continue // "Live Story" printed between paragraphs
			}
			if isAuthorPhoto(s, names) {
				continue
			}
		}
		if titleKey != "" && !isProse(s) && foldKey(s) == titleKey {
			continue
		}
		out = append(out, u)
	}
	return out
}

// isAuthorPhoto reports whether s is a short caption naming an author ("Shaffer small").
func isAuthorPhoto(s string, surnames []string) bool {
	if wordCount(s) > 3 || endsSentence(s) {
		return false
	}
	for _, w := range strings.Fields(s) {
		for _, n := range surnames {
			if strings.EqualFold(w, n) {
				return !isNameShape(s) || wordCount(s) == 1
			}
		}
	}
	return false
}

// fallbackTitle makes a title from a document id: "notes/war-and-peace.txt" → "war-and-peace".
func fallbackTitle(id string) string {
	base := id[strings.LastIndex(id, "/")+1:]
	if dot := strings.LastIndex(base, "."); dot > 0 {
		base = base[:dot]
	}
	return base
}
