// Package webpage extracts an article (title, byline, date and body text) from a saved web page.
package webpage

import (
	"errors"
	"time"
)

// Article is what a page holds worth indexing.
type Article struct {
	Title     string
	Author    string
	Published time.Time
	SiteName  string
	Blocks    []Block
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

// Extract decodes the page (its declared or detected charset) and extracts the article.
func Extract(data []byte) (*Article, error) {
	return nil, errors.New("webpage.Extract: not implemented yet")
}
