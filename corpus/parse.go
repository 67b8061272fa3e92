package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"github.com/docent-bot/docent/corpus/webpage"
)

// Errors ParseFile reports for files that hold no usable text.
var (
	ErrEmptyFile       = errors.New("file is empty")
	ErrInvalidUTF8     = errors.New("file is not valid UTF-8 text")
	ErrUnsupportedType = errors.New("unsupported file type")
)

// ParseFile parses one file into documents exactly as Load does before the
// corpus-wide cleaning (text repeated across documents): metadata read, page junk
// removed, paragraphs numbered. name is the path relative to the corpus root, with
// forward slashes; its extension selects the format and it becomes the document id
// (a .jsonl file yields one document per line, with its _id as the id).
//
// A .pdf file is read by a PDF reader started for this call and stopped after it; a
// Parser keeps one for many files.
//
// A file that cannot be used at all returns no documents and an error. A .jsonl
// file with some bad lines returns the good documents and an error joining one
// error per bad line (errors.Join), each naming the file and line number.
func ParseFile(name string, data []byte) ([]Document, error) {
	format := formatOf(name)
	if format == "" {
		return nil, fmt.Errorf("%s: %w", name, ErrUnsupportedType)
	}
	if format == "pdf" {
		p := NewParser(Options{})
		defer p.Close()
		return p.Parse(context.Background(), name, data)
	}
	data = decodeBOM(data)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrEmptyFile)
	}
	if format == "html" {
		return parseHTML(name, data)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: %w", name, ErrInvalidUTF8)
	}
	switch format {
	case "jsonl":
		return parseJSONL(name, data)
	case "md":
		return parseMarkdown(name, data)
	}
	return usable(name, buildDocument(Document{ID: docID(name)}, textUnits(string(data)), false))
}

// decodeBOM drops a UTF-8 byte order mark and decodes UTF-16 text that starts
// with one (as some Windows editors save it); other bytes are returned unchanged.
func decodeBOM(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		if out, err := dec.Bytes(data); err == nil {
			return out
		}
	}
	return data
}

// usable returns d alone, or an error when cleaning left no text.
func usable(name string, d Document) ([]Document, error) {
	if len(d.Paragraphs) == 0 {
		return nil, fmt.Errorf("%s: no article text found", name)
	}
	return []Document{d}, nil
}

// textUnits splits plain text into units: blocks are separated by blank lines; the
// lines of a block are joined when they are hard-wrapped prose and kept apart otherwise
// (a header of title, date and byline lines).
func textUnits(text string) []unit {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []unit
	for _, block := range splitBlocks(text) {
		lines := block
		if isWrapped(lines) {
			out = append(out, unit{text: strings.Join(lines, " ")})
			continue
		}
		for _, l := range lines {
			if m := bulletRE.FindString(l); m != "" && len(l) > len(m) {
				out = append(out, unit{text: l[len(m):], kind: uList})
				continue
			}
			out = append(out, unit{text: l, line: len(lines) > 1})
		}
	}
	return out
}

// splitBlocks returns the non-blank lines of text grouped by blank lines.
func splitBlocks(text string) [][]string {
	var blocks [][]string
	var cur []string
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if len(cur) > 0 {
				blocks = append(blocks, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}
	return blocks
}

// isWrapped reports whether the lines of a block are one paragraph hard-wrapped at a
// fixed width: every line but the last is of similar, moderate length and continues
// into the next.
func isWrapped(lines []string) bool {
	if len(lines) < 2 {
		return false
	}
	for i, l := range lines[:len(lines)-1] {
		n := utf8.RuneCountInString(l)
		if n < 35 || n > 110 || bulletRE.MatchString(lines[i+1]) {
			return false
		}
	}
	return utf8.RuneCountInString(lines[len(lines)-1]) <= 110
}

// parseHTML extracts the article of a web page and maps it to a document.
func parseHTML(name string, data []byte) ([]Document, error) {
	a, err := webpage.Extract(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	meta, units := fromArticle(docID(name), a)
	for _, u := range units {
		if !utf8.ValidString(u.text) {
			return nil, fmt.Errorf("%s: %w", name, ErrInvalidUTF8)
		}
	}
	return usable(name, buildDocument(meta, units, true))
}

// fromArticle maps an extracted web page to document metadata and units: heading
// blocks become headings of the paragraphs that follow, list items and quotes
// become paragraphs.
func fromArticle(id string, a *webpage.Article) (Document, []unit) {
	d := Document{ID: id, Title: strings.TrimSpace(a.Title), Published: a.Published,
		Publication: strings.TrimSpace(a.SiteName)}
	if a.Author != "" {
		d.Authors = splitAuthors(a.Author)
	}
	var units []unit
	for _, b := range a.Blocks {
		u := unit{text: b.Text}
		switch b.Kind {
		case webpage.Heading:
			u.kind = uHeading
		case webpage.ListItem:
			u.kind = uList
		case webpage.Quote:
			u.kind = uQuote
		}
		units = append(units, u)
	}
	return d, units
}

// docID makes the id of a document from its path: forward slashes, no leading "./".
func docID(name string) string {
	return strings.TrimPrefix(path.Clean(strings.ReplaceAll(name, "\\", "/")), "./")
}
