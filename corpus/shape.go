package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the line-shape rules: what a line of page furniture looks like,
// as opposed to a heading or a paragraph of article text.

// normalizeSpace replaces exotic spaces and hyphens with plain ones, drops invisible
// characters, collapses runs of white space and trims.
func normalizeSpace(s string) string {
	if isNormal(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending
	for _, r := range s {
		switch r {
		case '\u200b', '\ufeff', '\u00ad', '\u2060', '\r':
			continue
		case '\u2010', '\u2011':
			r = '-'
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isNormal reports whether normalizeSpace would leave s alone: no white space
// but single inner spaces, no invisible characters or special hyphens.
func isNormal(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if s[i+1] == ' ' {
				return false
			}
		case c < ' ' || c == 0x7f:
			return false
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch r {
			case '\u200b', '\ufeff', '\u00ad', '\u2060', '\u2010', '\u2011', utf8.RuneError:
				return false
			}
			if unicode.IsSpace(r) {
				return false
			}
			i += size - 1
		}
	}
	return true
}

// foldKey reduces a paragraph to a comparison key: lower case, quotes and dashes
// folded, punctuation at the ends and trailing credits removed.
func foldKey(s string) string {
	s = trimCredit(s)
	s = strings.ToLower(normalizeSpace(keyReplacer.Replace(s)))
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

var keyReplacer = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-", "…", "...")

// endsSentence reports whether s ends like a sentence: a terminal mark, possibly
// followed by closing quotes or brackets and by bracketed notes ("...in 1914.[3]",
// "...behaviour.[citation needed]", "...War. [Getty]").
func endsSentence(s string) bool {
	s = trimNotes(s)
	s = strings.TrimRightFunc(s, func(r rune) bool { return isCloser(r) || unicode.IsSpace(r) })
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '…', ':', '。', '！', '？', '｡', '؟', '۔', '।':
		return true
	}
	return false
}

// trimNotes removes the bracketed notes that may follow a sentence's last mark:
// footnote numbers and editors' marks.
func trimNotes(s string) string {
	for {
		t := strings.TrimRight(s, " ")
		if !strings.HasSuffix(t, "]") {
			return s
		}
		i := strings.LastIndexByte(t, '[')
		if i < 0 || len(t)-i > 42 || i == 0 {
			return s
		}
		s = t[:i]
	}
}

// wordCount counts the words of s (runs of non-space characters).
// Chinese, Japanese and Korean characters count as half a word each, as their
// text has no spaces.
func wordCount(s string) int {
	n, cjk, in := 0, 0, false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			in = false
		case r >= 0x2e80 && isCJK(r):
			cjk++
			in = false
		case !in:
			in = true
			n++
		}
	}
	return n + (cjk+1)/2
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// isShortLine reports whether s is a line rather than a paragraph: few words and no
// sentence ending.
func isShortLine(s string) bool {
	return wordCount(s) <= 15 && len(s) <= 140 && !endsSentence(s)
}

// isProse reports whether s reads like article text: a sentence ending and enough words.
func isProse(s string) bool {
	return endsSentence(s) && wordCount(s) >= 6
}

// isBodyParagraph reports whether s is clearly article text, as opposed to a header line.
func isBodyParagraph(s string) bool {
	if !isProse(s) {
		return false
	}
	return len(s) >= 200 || len(SentenceSpans(s)) >= 2
}

var (
	// "Skip to main content", "Follow us on social", "Share this", "Sign up", "Menu"...
	navRE = regexp.MustCompile(`(?i)^(skip to|jump to|go to (the )?(main|content|top)|back to (top|home)|follow (us|me|him|her|them)\b|share (this|on|via|the)\b|subscribe (to|now|for|today)\b|sign (up|in) (for|to|now|today)\b|log ?in (to|with)\b|read more\b|keep reading|continue reading|show (more|less)\b|load more\b|see (also|more)\b|visit also\b|you (may|might) also like|most (read|popular|viewed)\b|leave a (comment|reply)|tags?:|filed under\b|categor(y|ies):|published in\b|posted in\b|posted by\b|listen to (this|the) (article|story|podcast)|download (the )?(pdf|app)|click here\b|save (this )?(article|story)\b|copy link|print (this|article|page)\b|email (this|article)\b|(also )?read also\b|also read\b|watch:|(top )?(image|photo|picture) credit|all rights reserved|copyright\b|©)`)
	// a whole line that is one word of site furniture
	navWordRE   = regexp.MustCompile(`(?i)^(menu|search|home|print|email|e-mail|share|tweet|subscribe|sign up|sign in|log ?in|log out|register|latest|trending|popular|newsletters?|comments?|advertisement|sponsored|related|recommended|more|next|previous|prev|top|close|accept|cookies?|related (articles|stories|posts|content|reading)|more (articles|stories|posts|from .*)|latest (news|articles|stories))$`)
	cookieRE    = regexp.MustCompile(`(?i)\bcookies?\b.*\b(consent|accept|agree|privacy policy|continuing to|continue to use|personali[sz]e|experience)\b|\b(accept|manage|reject)( all)? cookies\b`)
	copyrightRE = regexp.MustCompile(`(?i)(^(©|\(c\)\s*\d{4}|copyright\b)|all rights reserved)`)
	// the heading of a list of links to other articles, after the article
	relatedRE = regexp.MustCompile(`(?i)^(related( articles| stories| posts| content| reading| coverage)?|more (from|on|in|stories|articles|news)\b.*|read (more|next|also)|see also|you (may|might) also like|recommended( for you| reading)?|most (read|popular|viewed)|latest( news| stories| articles)?|visit also|trending( now)?|further reading|popular now)\W*$`)
	countRE   = regexp.MustCompile(`\s*[(\[]\d[\d,.]*[)\]]$`)
	// "6 min read", "Reading time: 4 minutes"
	readTimeRE = regexp.MustCompile(`(?i)^(\d+\s*(-\s*\d+\s*)?(min|mins|minutes?)\s*(read|to read)|reading time:?\s*\d+.*)$`)
	// "Read 14328 times", "12,034 views", "Last modified on ..."
	counterRE = regexp.MustCompile(`(?i)^((read|viewed|views?|seen)\s+\d[\d,.]*\s+times?\b.*|\d[\d,.]*\s+(views|reads|comments|shares|likes)\b.*|last (modified|updated) on\b.*)$`)
	// image file names: underscores, extensions, size suffixes, screenshots
	imageNameRE = regexp.MustCompile(`(?i)(\S_\S|\.(jpe?g|png|gif|webp|svg|avif|tiff?)\b|-scaled\b|-\d{2,4}x\d{2,4}\b|^screen ?shot\b)`)
	imageSizeRE = regexp.MustCompile(`(?i)^\S+( \S+)? (small|medium|large|thumb|thumbnail|scaled|cropped|headshot|mugshot|portrait|pic|img|web|hires|hi-res|lowres|final|edited)$`)
	// a line of short parts separated by |, ›, » or /: breadcrumbs and categories
	breadcrumbRE = regexp.MustCompile(`^[^|›»]{1,40}( [|›»] [^|›»]{1,40})+$`)
	// photo credits inside or at the end of a caption
	captionRE = regexp.MustCompile(`(?i)(\((photo|image|picture|credit|source|courtesy|©)[^)]*\)|\([^)]*\bvia [^)]+\)|\b(photo|image|picture)s?( credit)?: |credit: |\([A-Za-z][^)]*/[A-Za-z][^)]*\)\s*$|\[[A-Z][A-Za-z .&/]{1,30}\]\s*$|^(photo|image|picture|caption):)`)
	// social media calls and handles
	socialRE = regexp.MustCompile(`(?i)(\bfollow (us|me|him|her|them)\b.*\b(on|at)\b|(^|\s)@[A-Za-z0-9_]{2,}\b|\b(on|at) (twitter|facebook|instagram|linkedin|x|bluesky|mastodon|threads|telegram|youtube)\b)`)
	// an article teaser's link: "keep reading", "Read more", "Show less"
	teaserRE = regexp.MustCompile(`(?i)(keep reading|continue reading|read more|read the full|show less|show more)\W*$`)
	// disclaimers that close an article
	disclaimerRE = regexp.MustCompile(`(?i)(reflects? the (personal )?views? of the author|views expressed (here|in this|are)|do(es)? not necessarily (reflect|represent))`)
)

// junkReason names the rule that marks the line s as page furniture, or "" when it
// may be article text. Only short lines are judged by vocabulary; captions and
// counters are recognised at any length.
func junkReason(s string) string {
	words := wordCount(s)
	if words > 80 {
		return ""
	}
	short := words <= 12 && len(s) <= 140
	switch {
	case readTimeRE.MatchString(s):
		return "reading time"
	case counterRE.MatchString(s):
		return "counter"
	case short && !endsSentence(s) && imageNameRE.MatchString(s):
		return "image name"
	case wordCount(s) <= 3 && imageSizeRE.MatchString(s):
		return "image name"
	case short && !isProse(s) && (navRE.MatchString(s) || navWordRE.MatchString(trimCount(s))):
		return "navigation"
	case words <= 25 && copyrightRE.MatchString(s):
		return "copyright"
	case words <= 60 && cookieRE.MatchString(s):
		return "cookie notice"
	case short && !endsSentence(s) && breadcrumbRE.MatchString(s):
		return "breadcrumb"
	case strings.ContainsAny(s, "([:") && captionRE.MatchString(s):
		return "caption"
	case wordCount(s) <= 15 && socialRE.MatchString(s):
		return "social"
	case short && teaserRE.MatchString(tail(s, 40)) && !isProse(s):
		return "teaser"
	}
	return ""
}

// sectionLabelRE matches an inline section label: "BACKGROUND: During 2012-13, ...".
var sectionLabelRE = regexp.MustCompile(`^([A-Z][A-Z’'&\- ]{2,40}[A-Z]):\s+(\S.*)$`)

// bioLabelRE matches a label introducing the author's bio.
var bioLabelRE = regexp.MustCompile(`(?i)^(author['’]?s? bio|about the authors?|bio(graphy)?)$`)

// splitSectionLabel returns the label and the rest of "LABEL: text", or "" and s.
func splitSectionLabel(s string) (label, rest string) {
	m := sectionLabelRE.FindStringSubmatch(s)
	if m == nil {
		return "", s
	}
	letters := 0
	for _, r := range m[1] {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(m[2], isOpener))
	if letters < 4 || unicode.IsLower(first) {
		return "", s
	}
	return m[1], m[2]
}

// isHeadingShape reports whether s could be a section heading: a short line that
// starts with a capital letter or digit and does not end like a sentence.
func isHeadingShape(s string) bool {
	if s == "" || wordCount(s) > 14 || len(s) > 120 {
		return false
	}
	t := strings.TrimRightFunc(s, func(r rune) bool { return isCloser(r) })
	if last, _ := utf8.DecodeLastRuneInString(t); last == '.' || last == '!' || last == ',' || last == ';' {
		return false
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s, isOpener))
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

// letterSpacedRE finds words printed letter by letter: "i n t e r n a t i o n a l".
var letterSpacedRE = regexp.MustCompile(`(^|[^\pL\pN])((?:\pL ){4,}\pL)($|[^\pL\pN])`)

// trimCredit removes a photo credit ending a caption: "... War. [Getty]",
// "... 2024. (REUTERS/Amir Cohen)".
func trimCredit(s string) string {
	t := strings.TrimRight(s, " ")
	if t == "" {
		return s
	}
	switch t[len(t)-1] {
	case ']':
		i := strings.LastIndexByte(t, '[')
		inner := t[i+1 : len(t)-1]
		if i >= 0 && len(inner) >= 2 && len(inner) <= 31 && inner[0] >= 'A' && inner[0] <= 'Z' &&
			strings.IndexFunc(inner, func(r rune) bool { return !unicode.IsLetter(r) && !strings.ContainsRune(" .&/", r) }) < 0 {
			return strings.TrimRight(t[:i], " ")
		}
	case ')':
		i := strings.LastIndexByte(t, '(')
		if i < 0 {
			break
		}
		inner := t[i+1 : len(t)-1]
		slash := strings.IndexByte(inner, '/')
		if slash > 0 && slash < len(inner)-1 && isASCIILetter(inner[0]) && isASCIILetter(inner[slash+1]) &&
			!strings.ContainsRune(inner, '(') {
			return strings.TrimRight(t[:i], " ")
		}
	}
	return s
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// hasLetterSpacing reports whether s holds a run of at least five single letters
// separated by single spaces ("i n t e r n a t i o n a l").
func hasLetterSpacing(s string) bool {
	run := 0
	for i := 0; i < len(s); {
		// s[i:] starts a token
		j := strings.IndexByte(s[i:], ' ')
		tok := s[i:]
		if j >= 0 {
			tok = s[i : i+j]
		}
		r, size := utf8.DecodeRuneInString(tok)
		if size == len(tok) && unicode.IsLetter(r) {
			run++
			if run >= 5 {
				return true
			}
		} else {
			run = 0
		}
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}

// tail returns the last n bytes of s or so, cut at a rune boundary.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// trimCount removes a count after a label: "Comments (12)" → "Comments".
func trimCount(s string) string { return countRE.ReplaceAllString(s, "") }
