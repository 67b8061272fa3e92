// Package corpus knows documents and passages: it loads a folder (or the bundled default),
// recognises formats, removes page junk, reads metadata and splits text into cited passages.
package corpus

import (
	"fmt"
	"strings"
	"time"
)

// Document is one cleaned source document.
type Document struct {
	// ID is the file name relative to the corpus folder ("000_bcba7ea90fc38e5c.txt"),
	// or the _id of a document read from a .jsonl file.
	ID          string
	Title       string
	Subtitle    string
	Authors     []string
	AuthorBio   string    // the author's bio line, when the source has one
	Publication string    // the publication or outlet, when stated
	Published   time.Time // zero when unknown
	URL         string
	Tags        []string
	Paragraphs  []Paragraph
}

// Paragraph is one paragraph of article text; N counts from 1 within its document.
type Paragraph struct {
	N       int
	Heading string // the section heading the paragraph sits under, if any
	Text    string
	Page    int // the page it starts on, from 1, for paged sources (PDF); 0 otherwise
}

// Passage is the unit that is indexed and cited: one or more adjacent paragraphs,
// or part of a long one.
type Passage struct {
	ID        string // stable across loads of the same text: "<docID>#<first>-<last>[.part]"
	DocID     string
	Heading   string
	ParaFirst int // first paragraph number, from 1
	ParaLast  int // last paragraph number (== ParaFirst for one paragraph)
	Text      string
}

// Citation says where a passage comes from, for people.
type Citation struct {
	DocID       string    `json:"doc"`
	Title       string    `json:"title"`
	Author      string    `json:"author"`
	Publication string    `json:"publication,omitempty"`
	Published   time.Time `json:"published,omitzero"`
	URL         string    `json:"url,omitempty"`
	ParaFirst   int       `json:"para_first"`
	ParaLast    int       `json:"para_last"`
	// For paged sources (PDF): the pages the passage starts and ends on, and its first and
	// last paragraph counted on those pages (a paragraph belongs to the page it starts on).
	// Zero otherwise.
	Page         int `json:"page,omitempty"`
	PagePara     int `json:"page_para,omitempty"`
	PageLast     int `json:"page_last,omitempty"`
	PageParaLast int `json:"page_para_last,omitempty"`
}

// Author joins a document's authors for display ("A", "A and B", "A, B and C").
func (d *Document) Author() string {
	switch n := len(d.Authors); n {
	case 0:
		return ""
	case 1:
		return d.Authors[0]
	default:
		return strings.Join(d.Authors[:n-1], ", ") + " and " + d.Authors[n-1]
	}
}

// Cite returns the citation of passage p of document d.
func (d *Document) Cite(p Passage) Citation {
	c := Citation{
		DocID: d.ID, Title: d.Title, Author: d.Author(), Publication: d.Publication,
		Published: d.Published, URL: d.URL, ParaFirst: p.ParaFirst, ParaLast: p.ParaLast,
	}
	c.Page, c.PagePara = d.pageOf(p.ParaFirst)
	c.PageLast, c.PageParaLast = d.pageOf(p.ParaLast)
	return c
}

// pageOf returns the page paragraph n starts on and its number among the paragraphs
// starting on that page, or zeros when the document has no pages.
func (d *Document) pageOf(n int) (page, k int) {
	if n < 1 || n > len(d.Paragraphs) || d.Paragraphs[n-1].Page == 0 {
		return 0, 0
	}
	page = d.Paragraphs[n-1].Page
	for i := n - 1; i >= 0 && d.Paragraphs[i].Page == page; i-- {
		k++
	}
	return page, k
}

// Paragraph renders the paragraph reference: "¶ 4" or "¶¶ 4–5"; for a paged source the
// page and the paragraphs counted on it, "p. 4, ¶ 2", "p. 4, ¶¶ 2–3", "pp. 4–5, ¶ 6 to ¶ 1".
func (c Citation) Paragraph() string {
	if c.Page > 0 {
		switch {
		case c.PageLast > c.Page:
			return fmt.Sprintf("pp. %d–%d, ¶ %d to ¶ %d", c.Page, c.PageLast, c.PagePara, c.PageParaLast)
		case c.PageParaLast > c.PagePara:
			return fmt.Sprintf("p. %d, ¶¶ %d–%d", c.Page, c.PagePara, c.PageParaLast)
		}
		return fmt.Sprintf("p. %d, ¶ %d", c.Page, c.PagePara)
	}
	if c.ParaLast > c.ParaFirst {
		return fmt.Sprintf("¶¶ %d–%d", c.ParaFirst, c.ParaLast)
	}
	return fmt.Sprintf("¶ %d", c.ParaFirst)
}

// Date renders the publication date as "2 January 2006", or "" when unknown.
func (c Citation) Date() string {
	if c.Published.IsZero() {
		return ""
	}
	return c.Published.Format("2 January 2006")
}

// String renders the whole citation on one line:
// `"Title", Author, Publication, 2 January 2006, ¶ 4` (`…, p. 4, ¶ 2` for a PDF); unknown
// parts are left out.
func (c Citation) String() string {
	parts := []string{}
	if c.Title != "" {
		parts = append(parts, "“"+c.Title+"”")
	} else {
		parts = append(parts, c.DocID)
	}
	for _, s := range []string{c.Author, c.Publication, c.Date(), c.Paragraph()} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}
