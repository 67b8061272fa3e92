package corpus

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// frontMatter is the YAML block at the top of a markdown file.
type frontMatter struct {
	Title       string    `yaml:"title"`
	Subtitle    string    `yaml:"subtitle"`
	Author      yamlList  `yaml:"author"`
	Authors     yamlList  `yaml:"authors"`
	Date        yamlValue `yaml:"date"`
	URL         string    `yaml:"url"`
	Tags        yamlList  `yaml:"tags"`
	Publication string    `yaml:"publication"`
}

// yamlList accepts a string ("A and B", "a, b") or a list of strings.
type yamlList []string

func (l *yamlList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*l = yamlList{n.Value}
		return nil
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: expected a list of names", c.Line)
			}
			out = append(out, c.Value)
		}
		*l = out
		return nil
	}
	return fmt.Errorf("line %d: expected a string or a list", n.Line)
}

// yamlValue keeps a scalar's text whatever type YAML would give it (dates!).
type yamlValue string

func (v *yamlValue) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a date", n.Line)
	}
	*v = yamlValue(n.Value)
	return nil
}

// splitFrontMatter separates "---\nyaml\n---\n" from the body; ok is false when the
// text has no front matter.
func splitFrontMatter(text string) (fm, body string, ok bool) {
	if !strings.HasPrefix(text, "---\n") && !strings.HasPrefix(text, "---\r\n") {
		return "", text, false
	}
	rest := text[strings.IndexByte(text, '\n')+1:]
	for off := 0; off < len(rest); {
		nl := strings.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if nl >= 0 {
			line = rest[off : off+nl]
		}
		if l := strings.TrimRight(line, "\r "); l == "---" || l == "..." {
			if nl < 0 {
				return rest[:off], "", true
			}
			return rest[:off], rest[off+nl+1:], true
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	return "", text, false
}

// parseMarkdown reads a markdown file with optional YAML front matter.
func parseMarkdown(name string, data []byte) ([]Document, error) {
	id := docID(name)
	meta := Document{ID: id}
	fmText, body, ok := splitFrontMatter(string(data))
	var fmErr error
	if ok {
		var fm frontMatter
		if err := yaml.Unmarshal([]byte(fmText), &fm); err != nil {
			fmErr = fmt.Errorf("%s: front matter ignored: %w", name, err)
		} else {
			meta.Title = strings.TrimSpace(fm.Title)
			meta.Subtitle = strings.TrimSpace(fm.Subtitle)
			for _, a := range append(fm.Authors, fm.Author...) {
				meta.Authors = append(meta.Authors, splitAuthors(a)...)
			}
			if fm.Date != "" {
				if t, ok := parseDate(string(fm.Date)); ok {
					meta.Published = t
				}
			}
			meta.URL = strings.TrimSpace(fm.URL)
			meta.Publication = strings.TrimSpace(fm.Publication)
			for _, t := range fm.Tags {
				for _, tag := range strings.Split(t, ",") {
					if tag = strings.TrimSpace(tag); tag != "" {
						meta.Tags = append(meta.Tags, tag)
					}
				}
			}
		}
	}
	docs, err := usable(name, buildDocument(meta, markdownUnits(body), true))
	if err != nil {
		return nil, err
	}
	return docs, fmErr
}

var (
	mdHeadingRE   = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	mdSetextRE    = regexp.MustCompile(`^(=+|-+)\s*$`)
	mdImageRE     = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLinkRE      = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdRefLinkRE   = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	mdEmphasisREs = []*regexp.Regexp{
		regexp.MustCompile(`()\*\*(\S(?:.*?\S)?)\*\*()`),
		regexp.MustCompile(`()~~(\S(?:.*?\S)?)~~()`),
		regexp.MustCompile(`()\*(\S(?:.*?\S)?)\*()`),
		regexp.MustCompile(`(^|[^\pL\pN])__(\S(?:.*?\S)?)__($|[^\pL\pN])`),
		regexp.MustCompile(`(^|[^\pL\pN])_(\S(?:.*?\S)?)_($|[^\pL\pN])`),
	}
	mdCodeRE      = regexp.MustCompile("`+([^`]*)`+")
	mdTagRE       = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	mdRefDefRE    = regexp.MustCompile(`^\[[^\]]+\]:\s+\S+`)
	mdRuleRE      = regexp.MustCompile(`^([-*_]\s*){3,}$`)
	mdTableSepRE  = regexp.MustCompile(`^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$`)
	mdListStartRE = regexp.MustCompile(`^(?:[-*+]|\d{1,3}[.)])\s+`)
)

// inlineMarkdown strips inline markup: images, links (keeping their text), emphasis,
// code spans and HTML tags.
func inlineMarkdown(s string) string {
	s = mdImageRE.ReplaceAllString(s, "")
	s = mdLinkRE.ReplaceAllString(s, "$1")
	s = mdRefLinkRE.ReplaceAllString(s, "$1")
	s = mdCodeRE.ReplaceAllString(s, "$1")
	s = mdTagRE.ReplaceAllString(s, "")
	for _, re := range mdEmphasisREs {
		s = re.ReplaceAllString(s, "$1$2$3")
	}
	return s
}

// markdownUnits splits a markdown body into headings, paragraphs, list items and quotes.
func markdownUnits(body string) []unit {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	var out []unit
	var para []string
	kind := uText
	flush := func() {
		if len(para) > 0 {
			out = append(out, unit{text: inlineMarkdown(strings.Join(para, " ")), kind: kind})
		}
		para, kind = nil, uText
	}
	inFence := false
	for line := range strings.SplitSeq(body, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			flush()
			inFence = !inFence
			continue
		}
		if inFence {
			if t != "" {
				out = append(out, unit{text: t})
			}
			continue
		}
		switch {
		case t == "" || mdRuleRE.MatchString(t) || mdRefDefRE.MatchString(t) || mdTableSepRE.MatchString(t) && strings.Contains(t, "-"):
			if len(para) == 1 && kind == uText && t != "" && mdSetextRE.MatchString(t) {
				out = append(out, unit{text: inlineMarkdown(para[0]), kind: uHeading})
				para = nil
				continue
			}
			flush()
		case mdHeadingRE.MatchString(t):
			flush()
			out = append(out, unit{text: inlineMarkdown(mdHeadingRE.FindStringSubmatch(t)[1]), kind: uHeading})
		case mdSetextRE.MatchString(t) && len(para) == 1 && kind == uText:
			out = append(out, unit{text: inlineMarkdown(para[0]), kind: uHeading})
			para = nil
		case mdListStartRE.MatchString(t):
			flush()
			kind = uList
			para = append(para, mdListStartRE.ReplaceAllString(t, ""))
		case strings.HasPrefix(t, ">"):
			if kind != uQuote {
				flush()
				kind = uQuote
			}
			para = append(para, strings.TrimSpace(strings.TrimLeft(t, "> ")))
		case strings.HasPrefix(t, "|"):
			flush()
			cells := strings.Split(strings.Trim(t, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			out = append(out, unit{text: inlineMarkdown(strings.Join(cells, " · ")), kind: uList})
		default:
			para = append(para, t)
		}
	}
	flush()
	return out
}

// jsonTime parses the date of a JSONL document's metadata.
func metaDate(s string) time.Time {
	t, _ := parseDate(s)
	return t
}
