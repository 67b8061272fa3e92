package corpus

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/docent-bot/docent/corpus/pdf"
)

// Parser parses files as ParseFile does and keeps what is costly to start between files:
// the PDF reader, started at the first PDF. It is safe for concurrent use; Close releases it.
type Parser struct {
	log *slog.Logger
	pdf *pdf.Reader
}

// NewParser returns a Parser; opts.PDF bounds the work per PDF file.
func NewParser(opts Options) *Parser {
	opts = opts.withDefaults()
	po := opts.PDF
	if po.Logger == nil {
		po.Logger = opts.Logger
	}
	return &Parser{log: opts.Logger, pdf: pdf.NewReader(po)}
}

// Close releases the PDF reader.
func (p *Parser) Close() error { return p.pdf.Close() }

// Parse is ParseFile with a context, which bounds the reading of a PDF file.
func (p *Parser) Parse(ctx context.Context, name string, data []byte) ([]Document, error) {
	if formatOf(name) != "pdf" {
		return ParseFile(name, data)
	}
	pd, err := p.pdf.Read(ctx, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(pd.EmptyPages) > 0 {
		p.log.Warn("pages without text (scanned?); OCR them to index them", "file", name,
			"pages", pd.EmptyPages, "of", len(pd.Pages))
	}
	return usable(name, fromPDF(docID(name), pd))
}

// fromPDF maps a read PDF to a document: metadata first, the first page where it is
// missing, and one paragraph per paragraph of the PDF, headings set over what follows.
func fromPDF(id string, pd *pdf.Document) Document {
	d := Document{ID: id, Title: pd.Title, Published: pd.Created}
	if !usefulTitle(d.Title) {
		d.Title = pd.FirstPageTitle
	}
	if pd.Author != "" {
		d.Authors = splitAuthors(pd.Author)
	} else {
		d.Authors = pageAuthors(pd.FirstPageLines)
	}
	if d.Published.IsZero() {
		for _, l := range pd.FirstPageLines {
			if t, ok := findDate(l); ok {
				d.Published = t
				break
			}
		}
	}
	heading := ""
	for _, p := range pd.Paragraphs {
		if p.Kind == pdf.Heading {
			heading = p.Text
			continue
		}
		d.Paragraphs = append(d.Paragraphs, Paragraph{N: len(d.Paragraphs) + 1, Heading: heading, Text: p.Text, Page: p.Page})
	}
	if d.Title == "" {
		d.Title = fallbackTitle(d.ID)
	}
	return d
}

// usefulTitle rejects the titles tools put in the metadata by themselves: a file name, a
// word processor's "Microsoft Word - draft.docx", "untitled".
func usefulTitle(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	return l != "" && l != "untitled" && !strings.HasPrefix(l, "microsoft word") &&
		!fileNameRE.MatchString(l)
}

var fileNameRE = regexp.MustCompile(`^\S+\.(?:pdf|docx?|tex|dvi|ps|odt|rtf|indd|qxd)$`)

// affiliationMarkRE matches the marks that tie authors to affiliations: "Warren,1",
// "Nagataki1,5", "Lee*", "Ng†".
var affiliationMarkRE = regexp.MustCompile(`(\pL)[\d,*†‡§¶]+(\s|$)`)

// pageAuthors reads authors from the lines under a printed title: the first line whose
// parts all look like names.
func pageAuthors(lines []string) []string {
	for _, l := range lines {
		l = affiliationMarkRE.ReplaceAllString(l, "$1,$2")
		names := splitAuthors(l)
		ok := len(names) > 0
		for _, n := range names {
			ok = ok && isNameShape(n)
		}
		if ok {
			return names
		}
	}
	return nil
}

// dateInTextRE finds a date inside a line: "Draft version May 29, 2020", "Received 3 March 2019".
var dateInTextRE = regexp.MustCompile(`(?i)\b(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?\d{4}\b`)

func findDate(s string) (time.Time, bool) {
	m := dateInTextRE.FindString(s)
	if m == "" {
		return time.Time{}, false
	}
	return parseDate(m)
}
