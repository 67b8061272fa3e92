package retrieval

import (
	"strings"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// token is one analysed term of a text with its byte span in that text.
type token = analysis.Token

// analyze is the one place text becomes index terms: for passages at index time, for
// questions at query time and for highlighting, so the three always agree.
func analyze(text string) []token { return analysis.Tokens(text) }

// fold lower-cases a name and folds accents and special letters, for comparing names.
func fold(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = analysis.Fold(w)
	}
	return strings.Join(words, " ")
}
