// Package webpage extracts an article (title, byline, date and body text) from a saved web page.
package webpage

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Article is what a page holds worth indexing.
type Article struct {
	Title     string
	Author    string
	Published time.Time
	SiteName  string
	Blocks    []Block
	// Charset is the character set the page was decoded from ("utf-8", "windows-1251", ...).
	Charset string
}

// Block is one block of article text in reading order.
type Block struct {
	Kind BlockKind
	Text string
}

// BlockKind tells paragraphs from headings, list items and quotes.
type BlockKind int

const (
	Paragraph BlockKind = iota
	Heading
	ListItem
	Quote
)

// ErrEmpty is returned for a page with no text at all.
var ErrEmpty = errors.New("page has no text")

// MaxSize is the largest page Extract reads; the rest of a bigger page is ignored.
const MaxSize = 8 << 20

// Extract decodes the page (its declared or detected charset) and extracts the article.
func Extract(data []byte) (*Article, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	if len(data) > MaxSize {
		data = data[:MaxSize]
	}
	text, cs, err := decode(data)
	if err != nil {
		return nil, err
	}
	doc, err := parse(text)
	if err != nil {
		// The parser refuses pathological nesting; read the tokens flat instead.
		title, blocks := flatBlocks(text)
		if len(blocks) == 0 {
			return nil, fmt.Errorf("parse html: %w", err)
		}
		return &Article{Title: title, Blocks: blocks, Charset: cs}, nil
	}
	nodes := limitDepth(doc)
	m := readMeta(doc)
	blocks := mainBlocks(doc, nodes, &m)
	if len(blocks) == 0 {
		// No usable library result: our container extraction, cleaned the same way. The
		// tree is not needed afterwards, so it is pruned in place.
		shares := linkShares(doc)
		pruneBoilerplate(doc, nil)
		blocks = dropTitleBlocks(dropLinkBlocks(extractBlocks(doc, &m), shares), &m)
	}

	if m.siteName == "" {
		m.siteName = m.trafSite
	}
	author := m.bestAuthor()
	a := &Article{
		Title:     m.bestTitle(),
		Author:    author,
		Published: m.published,
		SiteName:  m.siteName,
		Charset:   cs,
	}
	a.Blocks = trimEdges(blocks, author)
	if len(a.Blocks) == 0 && a.Title == "" {
		return nil, ErrEmpty
	}
	return a, nil
}

// Text joins the article's blocks with blank lines.
func (a *Article) Text() string {
	parts := make([]string, len(a.Blocks))
	for i, b := range a.Blocks {
		parts[i] = b.Text
	}
	return strings.Join(parts, "\n\n")
}

func parse(text string) (*html.Node, error) {
	return html.Parse(strings.NewReader(text))
}

// extractBlocks finds the article's container and returns its blocks.
func extractBlocks(doc *html.Node, m *meta) []Block {
	root := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Article })
	if root == nil {
		root = find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Main || attr(n, "role") == "main" })
	}
	if root == nil || len(textOf(root)) < 200 {
		root = find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	}
	if root == nil {
		root = doc
	}
	var w blockWriter
	w.write(root, 0)
	w.flush()
	return w.blocks
}
