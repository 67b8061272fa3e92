package retrieval

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// cleanQuestion trims the question, replaces invalid UTF-8 and drops control
// characters, and checks its length. The error is fit to show a user.
func cleanQuestion(s string) (string, error) {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r) || r == '\uFEFF' || unicode.Is(unicode.Cf, r) && r != '\u200d':
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "", &QueryError{Reason: "Ask a question: the text is empty."}
	}
	if n := utf8.RuneCountInString(s); n > MaxQueryRunes {
		return "", &QueryError{Reason: fmt.Sprintf(
			"The question is too long: %d characters, the limit is %d. Ask it in fewer words.", n, MaxQueryRunes)}
	}
	return s, nil
}

// question analyses a cleaned question into its terms over this index: its words, and
// the terms that stand for them (joined forms, lexicon expansions, abbreviations the
// corpus defines), weighted by the index's Params. The error is fit to show a user.
func (ix *Index) question(text string) (*analysis.Question, error) {
	q := ix.engine.Question(text, &ix.params)
	if q.Words == 0 {
		if hasLetters(text) {
			return nil, &QueryError{Reason: "Ask a question with words that say what you are looking for: " +
				"common words like \"what\" or \"the\" alone are not searchable."}
		}
		return nil, &QueryError{Reason: "Ask a question in words: there is nothing to search for in it."}
	}
	return q, nil
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
