package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file finds where an article ends and what follows it: the author's bio,
// disclaimers, teasers for other articles, newsletter sign-ups, lists of links.

// bioIndex finds the author's bio line in units and returns its index, the bio
// text (without a label) and the person it is about; -1 when there is none.
// A labelled bio ("AUTHOR'S BIO: ...") is found anywhere; an unlabelled one ("Prof.
// Brenda Shaffer is ...") must be about a known author, or, when no author is known,
// be followed by no more article text.
func bioIndex(d *Document, units []unit, from int) (int, string, string) {
	// bodyAfter[i]: some unit after i is article text
	bodyAfter := make([]bool, len(units)+1)
	for i := len(units) - 1; i >= 0; i-- {
		bodyAfter[i] = bodyAfter[i+1] || i+1 < len(units) && isProse(units[i+1].text) && junkReason(units[i+1].text) == ""
	}
	for i := from; i < len(units); i++ {
		s := units[i].text
		if label, rest := splitSectionLabel(s); label != "" && bioLabelRE.MatchString(label) {
			return i, rest, bioName(rest)
		}
		name := bioName(s)
		if name == "" {
			continue
		}
		for _, a := range d.Authors {
			if sameName(a, name) {
				return i, s, name
			}
		}
		if len(d.Authors) == 0 && !bodyAfter[i] {
			return i, s, name
		}
	}
	return -1, "", ""
}

// cutTail drops everything after the article's end: after the author's bio, from a
// closing disclaimer, a teaser for another article or a newsletter sign-up on, when
// these come after at least half of the text. It records the bio; trailing labels go too
// when an end was found or the header held furniture (furnished). It reports whether
// anything was cut.
func cutTail(d *Document, units []unit, furnished bool) ([]unit, bool) {
	n := len(units)
	// where the second half of the text starts
	total := 0
	for _, u := range units {
		total += len(u.text)
	}
	half, acc := len(units), 0
	for i, u := range units {
		if acc*2 >= total {
			half = i
			break
		}
		acc += len(u.text)
	}
	end := len(units)
	if i, bio, name := bioIndex(d, units, 0); i >= 0 {
		d.AuthorBio = bio
		if len(d.Authors) == 0 && name != "" {
			d.Authors = []string{name}
		}
		if i >= half {
			end = i + 1
		}
	}
	// textAfter[i]: an article paragraph follows unit i. A disclaimer, a sign-up line
	// or a "Related" label followed by more article text is not the article's end but
	// a sentence or a heading of it.
	textAfter := make([]bool, len(units)+1)
	for i := len(units) - 2; i >= 0; i-- {
		next := units[i+1].text
		textAfter[i] = textAfter[i+1] || isProse(next) && junkReason(next) == ""
	}
	for i := half; i < end; i++ {
		s := units[i].text
		if wordCount(s) > 60 {
			continue
		}
		switch {
		case teaserRE.MatchString(tail(s, 40)):
			end = teaserStart(units, i)
		case textAfter[i]:
		case disclaimerRE.MatchString(s), isSignUp(s):
			end = i
		case units[i].kind != uList && relatedRE.MatchString(trimCount(s)):
			end = i
		}
	}
	// trailing labels that head nothing: "Visit also", "Staff Publications", "LATEST"; only
	// when the article's end was found or the header held furniture: a clean document may
	// well close with a short line ("Euer Hans", a phone number, "=)")
	strip := end < len(units) || furnished
	units = units[:end]
	for strip && len(units) > 0 {
		last := units[len(units)-1]
		if last.kind == uList || last.kind == uQuote || endsSentence(last.text) || wordCount(last.text) > 3 {
			break
		}
		units = units[:len(units)-1]
	}
	return units, len(units) < n
}

var signUpRE = regexp.MustCompile(`(?i)\b(subscribe|sign up|sign-up|join)\b.*\b(newsletter|inbox|weekly|daily|updates|round-?up|mailing list)\b|\bnewsletter\b.*\b(subscribe|sign up|inbox)\b`)

func isSignUp(s string) bool { return signUpRE.MatchString(s) }

// teaserStart walks back from a teaser's "keep reading" line over its text (at most
// three paragraphs) and its title, category and image lines, and returns where the
// teaser starts.
func teaserStart(units []unit, t int) int {
	j := t - 1
	for n := 0; j >= 0 && n < 3 && isProse(units[j].text) && !disclaimerRE.MatchString(units[j].text); n++ {
		j--
	}
	for j >= 0 && !isBodyParagraph(units[j].text) {
		j--
	}
	return j + 1
}

// assignHeadings turns units into paragraphs: heading lines and inline section labels
// ("BACKGROUND: ...") become the heading of the paragraphs that follow; short lines
// that head nothing are dropped.
func assignHeadings(d *Document, units []unit) []Paragraph {
	var out []Paragraph
	heading := ""
	bioKey := foldKey(d.AuthorBio)
	for i, u := range units {
		s := u.text
		if u.kind == uHeading {
			heading = s
			continue
		}
		if label, rest := splitSectionLabel(s); label != "" {
			if bioLabelRE.MatchString(label) {
				out = append(out, Paragraph{Heading: bioHeading, Text: rest})
				continue
			}
			heading, s = label, rest
		}
		if bioKey != "" && foldKey(s) == bioKey {
			out = append(out, Paragraph{Heading: bioHeading, Text: s})
			continue
		}
		if u.kind == uText && !u.line && !isProse(s) && isHeadingShape(s) && headsText(units[i+1:]) {
			heading = s // as printed: "Das beste kommt jetzt:" keeps its colon
			continue
		}
		out = append(out, Paragraph{Heading: heading, Text: s})
	}
	return out
}

// headsText reports whether units start with article text (not another heading).
func headsText(units []unit) bool {
	if len(units) == 0 {
		return false
	}
	u := units[0]
	return u.kind != uHeading && (isProse(u.text) || wordCount(u.text) > 15 || u.kind != uText)
}

// dropRepeats removes paragraphs printed twice in a document: exact repeats (the
// first is kept) and pull quotes, paragraphs whose text is contained in a longer one.
//
// In structured sources an exact repeat only goes when it follows its twin: a recipe
// or a schedule may well repeat a line on purpose.
func dropRepeats(ps []Paragraph, structured bool) []Paragraph {
	keys := make([]string, len(ps))
	for i, p := range ps {
		keys[i] = foldKey(p.Text)
	}
	seen := map[string]bool{}
	out := ps[:0:0]
	for i, p := range ps {
		k := keys[i]
		if seen[k] && (!structured || keys[i-1] == k) {
			continue
		}
		seen[k] = true
		if len(k) >= 30 && containedNearby(keys, i) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// pullQuoteWindow is how many paragraphs before and after a pull quote its source
// paragraph is looked for.
const pullQuoteWindow = 40

// containedNearby reports whether keys[i] is contained in a longer key near it.
func containedNearby(keys []string, i int) bool {
	k := keys[i]
	for j := max(0, i-pullQuoteWindow); j < min(len(keys), i+pullQuoteWindow+1); j++ {
		if j != i && len(keys[j]) > len(k) && strings.Contains(keys[j], k) {
			return true
		}
	}
	return false
}

// vocabulary collects the lower-cased words of all units.
func vocabulary(units []unit) map[string]bool {
	v := map[string]bool{}
	for _, u := range units {
		for _, w := range strings.FieldsFunc(u.text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) > 1 {
				v[strings.ToLower(w)] = true
			}
		}
	}
	return v
}

// rejoinLetterSpaced joins words printed letter by letter ("i n t e r n a t i o n a l").
// When the letters spell two words run together and both occur elsewhere in the
// document, they are split there.
func rejoinLetterSpaced(s string, vocab map[string]bool) string {
	return letterSpacedRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := letterSpacedRE.FindStringSubmatch(m)
		word := strings.ReplaceAll(sub[2], " ", "")
		return sub[1] + splitJoined(word, vocab) + sub[3]
	})
}

func splitJoined(w string, vocab map[string]bool) string {
	lw := strings.ToLower(w)
	if vocab[lw] || len(lw) != len(w) {
		return w
	}
	best := -1
	for i := 2; i <= len(lw)-2; i++ {
		if utf8.RuneStart(lw[i]) && vocab[lw[:i]] && vocab[lw[i:]] && (best < 0 || abs(len(lw)-2*i) < abs(len(lw)-2*best)) {
			best = i
		}
	}
	if best < 0 {
		// an adverb run into the next word: "purposefullydeteriorated"
		for i := 5; i <= len(lw)-4; i++ {
			if strings.HasSuffix(lw[:i], "ly") && !strings.HasPrefix(lw[i:], "ly") &&
				(vocab[lw[i:]] || len(lw)-i >= 6) && !vocab[lw[:i-2]+lw[i:]] {
				best = i
				break
			}
		}
	}
	if best < 0 {
		return w
	}
	return w[:best] + " " + w[best:]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
