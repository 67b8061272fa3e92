package analysis

import (
	"strings"
	"sync"
)

// IsCasualStop reports whether an analysed question term is a stop word as members type
// it: a contraction without its apostrophe ("whats" → "what", "dont", "im", "theyre"),
// which the stop list only knows with one ("what's"), or a word of no topic the list
// lacks ("else", "anyone", "something"). A question should drop such terms like stop
// words: they are absent from most corpora and would otherwise be fuzzy-matched to
// something ("else" → "eli"). The index keeps them; only questions drop them.
func IsCasualStop(term string) bool { return casualStops()[term] }

// contractionWords are apostrophe-less contractions that are also words of their own,
// so a question keeps them: "well" (we'll), "shell", "ill", "hell", "wed", "shed", "id"
// (an identifier) and "lets" (the verb).
var contractionWords = map[string]bool{
	"well": true, "shell": true, "ill": true, "hell": true, "wed": true, "shed": true, "id": true, "lets": true,
}

// topiclessWords are words the stop list lacks that carry no topic in a question.
var topiclessWords = []string{
	"else", "anyone", "anybody", "anything", "someone", "somebody", "something",
	"everyone", "everybody", "everything", "nobody", "whatever", "whoever",
}

var casualStops = sync.OnceValue(func() map[string]bool {
	a := Default()
	m := map[string]bool{}
	add := func(w string) {
		if !isStop(w) {
			m[a.respell(a.Stem(a.lemma(w)))] = true
		}
	}
	for w := range stopWords() {
		if !strings.Contains(w, "'") {
			continue
		}
		if bare := strings.ReplaceAll(w, "'", ""); !contractionWords[bare] {
			add(bare)
		}
	}
	for _, w := range topiclessWords {
		add(w)
	}
	return m
})
