package corpus

import (
	"regexp"
	"slices"
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
	// line: one line of a plain-text block of several unwrapped lines (an ingredient
	// list, a table of facts); such a line is never taken for a heading.
	line bool
}

// bioHeading is the heading given to the author's bio paragraph.
const bioHeading = "About the author"

// kickerRE matches a genre label opening a standfirst: "Analysis: The recent ...".
var kickerRE = regexp.MustCompile(`^(?i:analysis|opinion|comment|commentary|feature|explainer|interview|review|editorial|news|op-ed|essay|perspective|report|exclusive):\s+`)

// bulletRE matches a list bullet at the start of a line of plain text.
var bulletRE = regexp.MustCompile(`^(?:[-*•▪◦‣·–]|\d{1,3}[.)])\s+`)

// buildDocument turns the units of one file into a cleaned document: it reads the
// header (title, subtitle, byline, date), finds where the article ends, drops page
// furniture, assigns headings and removes repeated paragraphs.
//
// Junk is removed on evidence, never for the shape of one line alone: it sits before
// the title or among the header lines, after the article's end, or repeats within the
// document (cleanCorpus adds: repeated across documents). A line of the body shaped
// like furniture goes only when the file showed furniture in its header or tail, that
// is when it is a saved page rather than a clean document, and only when it is short
// and does not read as a sentence. So a paragraph of a clean document is never dropped
// and paragraph numbers match the source's.
//
// meta carries what the format stated explicitly (front matter, meta tags); it wins
// over the header.
//
// structured sources (markdown, web pages run through an article extractor) mark
// their headings and lists; their short lines are trusted more than those of plain
// text dumped from a page.
func buildDocument(meta Document, units []unit, structured bool) Document {
	d := meta
	units = normalizeUnits(units)
	body, furnished := readHeader(&d, units, structured)
	body, cut := cutTail(&d, body, furnished)
	body = dropFurniture(&d, body, structured, furnished || cut)
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
// article body and returns the body units (the subtitle first, as a paragraph), and
// whether the header held page furniture (a menu, a navigation or share line).
func readHeader(d *Document, units []unit, structured bool) ([]unit, bool) {
	furnished := false
	explicitTitle := d.Title != ""
	titleKey := foldKey(d.Title)
	var keep []unit
	menu := menuLines(units)
	i := 0
	for ; i < len(units) && i < 20; i++ {
		u := units[i]
		s := u.text
		if menu[i] && d.Title == "" {
			// a menu sits before the title; after it, a run of short lines is the
			// article's own (an ingredient list, a table of facts)
			furnished = true
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
		if wordCount(s) <= headerJunkWords && junkReason(s) != "" {
			furnished = true
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
		if d.Subtitle == "" && !structured && len(s) <= 300 && (isProse(s) || wordCount(s) <= 15) {
			d.Subtitle = kickerRE.ReplaceAllString(s, "")
			if isProse(s) {
				// a standfirst is article text too
				keep = append(keep, unit{text: d.Subtitle})
			}
			continue
		}
		// any other line starts the body: a short line nothing marks as furniture
		// may be the article's own (a list, a table of facts)
		break
	}
	return append(keep, units[i:]...), furnished
}

// headerJunkWords is the most words a header line shaped like furniture has ("Skip to
// main content", "Published in Analytical Articles"): a longer line is a paragraph, even
// one that ends with a photo credit, as each slide of a slideshow does.
const headerJunkWords = 8

// bodyJunkWords is the most words a line of a saved page's body shaped like furniture has
// ("Advertisement", "A robot surveys the seabed. Photo: Ocean Survey/AP"): a slide of a
// slideshow is longer, and each one ends with its image credit all the same.
const bodyJunkWords = 12

// menuLines marks runs of three or more lines of at most three words without
// sentence punctuation, one of them a navigation word ("Menu", "Search"): the items
// of a menu. A run without one is a list of the article's own, such as a recipe's
// ingredients.
func menuLines(units []unit) []bool {
	menu := make([]bool, len(units))
	isItem := func(u unit) bool { return u.kind == uText && wordCount(u.text) <= 3 && !endsSentence(u.text) }
	for i := 0; i < len(units); {
		j := i
		for j < len(units) && isItem(units[j]) {
			j++
		}
		if j-i >= 3 && slices.ContainsFunc(units[i:j], func(u unit) bool { return junkReason(u.text) != "" }) {
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

// dropFurniture removes page furniture from the body: short lines repeated in the
// document, pull quotes (a line contained in a longer one near it), author photos
// (a caption naming the author), and, when the file is a saved page (page: its
// header or tail held furniture), lines shaped like furniture that do not read as
// a sentence: captions, counters, image names, navigation.
func dropFurniture(d *Document, units []unit, structured, page bool) []unit {
	counts := map[string]int{}
	for _, u := range units {
		if u.kind == uText && !isProse(u.text) && wordCount(u.text) <= 8 {
			counts[foldKey(u.text)]++
		}
	}
	titleKey := foldKey(d.Title)
	names := surnames(d.Authors)
	keys := make([]string, len(units))
	for i, u := range units {
		keys[i] = foldKey(u.text)
	}
	out := units[:0:0]
	for i, u := range units {
		s := u.text
		if u.kind == uText && len(keys[i]) >= 30 && containedNearby(keys, i) {
			continue // a pull quote or a caption repeating the text
		}
		if u.kind == uText || u.kind == uList {
			if page && !isProse(s) && wordCount(s) <= bodyJunkWords && junkReason(s) != "" {
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
