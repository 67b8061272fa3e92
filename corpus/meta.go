package corpus

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// dateLayouts are the date shapes recognised in text and metadata.
var dateLayouts = []string{
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05",
	"2006-01-02 15:04", "2006-01-02", "2006/01/02", "20060102",
	"Monday, 2 January 2006", "Monday, 2 Jan 2006", "Monday 2 January 2006",
	"Monday, January 2, 2006", "Monday, Jan 2, 2006", "Monday January 2, 2006",
	"2 January 2006", "2 January, 2006", "2 Jan 2006", "2 Jan, 2006", "2 Jan. 2006",
	"January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006", "Jan. 2, 2006",
	"January 2006", "01/02/2006", "1/2/2006", "01-02-2006", "02.01.2006",
	time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC, "Mon, 2 Jan 2006 15:04:05 -0700",
}

var (
	datePrefixRE = regexp.MustCompile(`(?i)^(published|posted|updated|last updated|last modified|date|dated)( on)?:?\s+`)
	ordinalRE    = regexp.MustCompile(`\b(\d{1,2})(st|nd|rd|th)\b`)
	sept         = regexp.MustCompile(`\bSept\b`)
)

// parseDate reads a date in one of the usual shapes ("Wednesday, 21 May 2014",
// "May 8, 2023", "19 January, 2023", "05/21/2014", ISO 8601, RFC 3339). It reports
// false for anything else, including dates before 1800 or far in the future.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(datePrefixRE.ReplaceAllString(normalizeSpace(s), ""))
	s = strings.TrimRight(s, ".")
	if s == "" || len(s) > 40 {
		return time.Time{}, false
	}
	s = ordinalRE.ReplaceAllString(s, "$1")
	s = sept.ReplaceAllString(s, "Sep")
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			// month and day names in any case: "MAY 8, 2023", "monday, 8 may 2023"
			t, err = time.Parse(layout, titleCaseWords(s))
		}
		if err == nil && t.Year() >= 1800 && t.Year() <= 2200 {
			return t, true
		}
	}
	return time.Time{}, false
}

func titleCaseWords(s string) string {
	b := []byte(strings.ToLower(s))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
	}
	return string(b)
}

var (
	bylineRE = regexp.MustCompile(`(?i)^(by|written by|words by|author:|authors:)\s+(.+)$`)
	// "(05/21/2014 issue of the CACI Analyst)"
	issueRE      = regexp.MustCompile(`(?i)^(.*?)\s*\bissue of (the )?(.+)$`)
	parenRE      = regexp.MustCompile(`\(([^)]*)\)`)
	bylinePartRE = regexp.MustCompile(`\s+[|·•—–]\s+`)
	authorSep    = regexp.MustCompile(`\s*(?:,\s*and\s+|,\s*&\s*|\s+and\s+|\s*&\s*|\s*;\s*|,\s*)`)
	honorificRE  = regexp.MustCompile(`^(?:(?:Prof|Dr|Mr|Mrs|Ms|Mx|Sir|Dame|Rev|Gen|Col|Amb)\.?|Professor|Doctor|Ambassador)\s+`)
)

// byline is what a "By ..." line states.
type byline struct {
	authors     []string
	date        time.Time
	publication string
}

// parseByline reads "By A and B (05/21/2014 issue of the CACI Analyst)".
func parseByline(s string) (byline, bool) {
	m := bylineRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || wordCount(m[2]) > 20 {
		return byline{}, false
	}
	var b byline
	rest := m[2]
	for _, pm := range parenRE.FindAllStringSubmatch(rest, -1) {
		inner := strings.TrimSpace(pm[1])
		if im := issueRE.FindStringSubmatch(inner); im != nil {
			b.publication = strings.TrimSpace(strings.TrimRight(im[3], "."))
			inner = im[1]
		}
		if t, ok := parseDate(inner); ok {
			b.date = t
		}
	}
	rest = parenRE.ReplaceAllString(rest, "")
	// "Laura Chen | Published 12 March 2024", "Ann Lee · The Times"
	if parts := bylinePartRE.Split(rest, -1); len(parts) > 1 {
		rest = parts[0]
		for _, p := range parts[1:] {
			if t, ok := parseDate(p); ok && b.date.IsZero() {
				b.date = t
			} else if !ok && b.publication == "" && wordCount(p) <= 6 {
				b.publication = strings.TrimSpace(p)
			}
		}
	}
	b.authors = splitAuthors(rest)
	if len(b.authors) == 0 {
		return byline{}, false
	}
	return b, true
}

// splitAuthors splits "A and B", "A, B & C" into names; anything that does not look
// like a name is dropped.
func splitAuthors(s string) []string {
	s = strings.TrimSpace(s)
	if m := bylineRE.FindStringSubmatch(s); m != nil {
		s = m[2]
	}
	var out []string
	for _, part := range authorSep.Split(s, -1) {
		part = strings.Trim(strings.TrimSpace(part), ".,;:|")
		if part == "" {
			continue
		}
		out = append(out, part)
	}
	return out
}

// nameParticles may appear in lower case inside a person's name.
var nameParticles = map[string]bool{
	"de": true, "da": true, "del": true, "della": true, "der": true, "den": true, "van": true,
	"von": true, "la": true, "le": true, "di": true, "du": true, "bin": true, "ibn": true,
	"al": true, "el": true, "y": true, "dos": true, "das": true, "ter": true,
}

var notNameStart = map[string]bool{
	"The": true, "A": true, "An": true, "This": true, "That": true, "These": true, "Our": true,
	"Its": true, "His": true, "Her": true, "Their": true, "My": true, "Your": true, "In": true,
	"On": true, "At": true, "For": true, "By": true, "From": true, "With": true,
}

// isNameShape reports whether s looks like a person's name: two to five words, each
// capitalised (or a particle like "van"), no digits, no sentence punctuation.
func isNameShape(s string) bool {
	s = honorificRE.ReplaceAllString(strings.TrimSpace(s), "")
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 || len(s) > 60 || notNameStart[words[0]] {
		return false
	}
	for _, w := range words {
		if nameParticles[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '.' && c != '-' && c != '\'' && c != '’' {
				return false
			}
		}
	}
	return true
}

// bioRE matches the opening of an author's bio line: "Prof. Brenda Shaffer is a ...".
var bioRE = regexp.MustCompile(`^((?:(?:Prof|Dr|Mr|Mrs|Ms|Mx|Sir|Dame|Rev|Gen|Col|Amb)\.?\s+|Professor\s+|Ambassador\s+)?)((?:[\p{Lu}][\pL.'’-]*\s+(?:(?:de|da|van|von|al|el|bin|ibn|der|la|le)\s+)?){1,4}[\p{Lu}][\pL'’-]+)\s+(is|was|serves as|has been|teaches|writes|directs|leads|heads)\s+`)

// bioName returns the person a bio line is about, or "" when s is not a bio line.
// A bio line is short (at most four sentences) and starts with a name followed by
// "is", "was", "serves as"...
func bioName(s string) string {
	if len(s) > 700 || !endsSentence(s) {
		return ""
	}
	m := bioRE.FindStringSubmatch(s)
	if m == nil || !isNameShape(m[2]) {
		return ""
	}
	if n := len(SentenceSpans(s)); n > 4 {
		return ""
	}
	return m[2]
}

// sameName reports whether a and b name the same person, ignoring honorifics and case.
func sameName(a, b string) bool {
	norm := func(s string) string {
		return strings.ToLower(strings.Join(strings.Fields(honorificRE.ReplaceAllString(s, "")), " "))
	}
	return a != "" && norm(a) == norm(b)
}

// surnames returns the last word of each author's name, for recognising author photos.
func surnames(authors []string) []string {
	var out []string
	for _, a := range authors {
		if f := strings.Fields(a); len(f) > 0 {
			out = append(out, f[len(f)-1])
		}
	}
	return out
}
