package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// AnswerType is the kind of thing a question asks for, read from its wording. The engine
// uses it to prefer the sentence that holds such a thing (a year for "when", a number for
// "how many") over one that only repeats the question's words.
type AnswerType uint8

const (
	Other        AnswerType = iota // unknown, or a kind with no surface form to look for ("how did ...")
	Number                         // a number or amount: "how many", "what percentage", "population"
	Date                           // a date, year or period: "when", "what year", "which century"
	Person                         // "who", "which king", "name of the founder"
	Place                          // "where", "which city", "in what country"
	Organisation                   // "which company", "what party", "which university"
	Reason                         // "why", "what caused", "for what reason"
	Definition                     // "what is X", "who is X" (X a name), "define X", "X meaning"
	YesNo                          // "is/does/can/did ...": the answer affirms or denies
	List                           // "name the ...", "list ...", "what are some ...", "what three ..."
)

var answerTypeNames = [...]string{"other", "number", "date", "person", "place", "organisation",
	"reason", "definition", "yes/no", "list"}

func (t AnswerType) String() string {
	if int(t) < len(answerTypeNames) {
		return answerTypeNames[t]
	}
	return "answertype(" + string(rune('0'+t)) + ")"
}

// Checkable reports whether a sentence can show, by its surface, that it holds this kind of
// answer. Other and YesNo cannot: their TypeMatch is always 0, which says nothing against a
// sentence, so a no-answer decision should not count it as missing evidence.
func (t AnswerType) Checkable() bool { return t != Other && t != YesNo }

// QuestionType classifies what question asks for from its wording: the wh-word and its head
// noun, a leading auxiliary (yes/no), an imperative ("list", "name", "define"), or for a
// keyword question without any of these ("hatim bin harthama death year") the last word
// that names a kind ("year"). It reads members' casual forms too: lowercase, no question
// mark, "whats", a preamble before the question ("khorasan, which modern country ...") or
// sentences of context before it.
func QuestionType(question string) AnswerType {
	words := questionClause(questionWords(question))
	if len(words) == 0 {
		return Other
	}
	if t, ok := imperativeType(words); ok {
		return t
	}
	wh := -1
	for i, w := range words {
		if whWords[w] {
			wh = i
			break
		}
	}
	if auxiliaries[words[0]] && !embeddedQuestion(words, wh) {
		return YesNo
	}
	if wh < 0 {
		if strings.HasSuffix(strings.TrimSpace(question), ".") {
			// a statement ("A mutation in HNF4A raises the risk of diabetes by age 14."):
			// a claim to check, not keywords naming the thing wanted
			return Other
		}
		return keywordType(words)
	}
	return whType(words[wh], words[wh+1:])
}

// whType classifies by the wh-word and what follows it.
func whType(wh string, rest []string) AnswerType {
	next := wordAt(rest, 0)
	switch wh {
	case "why":
		return Reason
	case "when":
		return Date
	case "where":
		return Place
	case "who", "whom", "whose":
		if wh == "who" && isCopula(next) && namesSomeone(rest[1:]) {
			return Definition // "who is Brenda Shaffer": a description is wanted, not a name
		}
		return Person
	case "how":
		return howType(rest)
	}
	// "what" or "which".
	if t, ok := headNounType(rest); ok {
		return t
	}
	if wh == "what" && isCopula(next) {
		return whatIsType(rest[1:])
	}
	if wh == "what" && (next == "do" || next == "does" || next == "did") && lastWord(rest) == "mean" {
		return Definition
	}
	return Other
}

// howType reads "how" + adjective or quantifier.
func howType(rest []string) AnswerType {
	switch next := wordAt(rest, 0); {
	case next == "come":
		return Reason
	case next == "long" && wordAt(rest, 1) == "ago", next == "soon":
		return Date
	case howMuchWords[next]:
		return Number
	}
	return Other
}

// headNounType looks for the noun that "what" or "which" qualifies: the last word of the
// noun phrase after it ("which modern country is", "what terrorist plan was"), or after a
// copula and a determiner ("what is the population of ..."). "kind of", "name of" and
// "title of" pass to the noun they qualify ("what was the name of the king"). A number
// word in front ("what three countries") asks for a list. ok is false when no noun
// phrase follows ("what is X", "what did ...").
func headNounType(rest []string) (t AnswerType, ok bool) {
	i, copula := 0, false
	if isCopula(wordAt(rest, 0)) {
		i, copula = 1, true
		if !determiners[wordAt(rest, 1)] {
			return Other, false // "what is X": a definition, decided by the caller
		}
	}
	var phrase []string
	passed := false // "the name of ...": asks for a name, not what something is
	for ; i < len(rest) && len(phrase) < 4; i++ {
		w := rest[i]
		passOn := kindWords[w] || w == "name" || w == "names" || w == "title"
		switch {
		case passOn && wordAt(rest, i+1) == "of":
			i++
			phrase, passed = phrase[:0], true
			continue
		case determiners[w] && len(phrase) == 0:
			continue
		case cardinals[w] && w != "one" && len(phrase) == 0:
			return List, true
		case determiners[w] || auxiliaries[w] || prepositions[w] || endsNounPhrase(w):
		default:
			phrase = append(phrase, w)
			continue
		}
		break
	}
	if len(phrase) == 0 {
		return Other, false
	}
	if t, ok := nounType(lastWord(phrase)); ok {
		return t, true
	}
	// Without parts of speech the phrase may run into a verb ("which organizations
	// include"): take a listed kind noun inside it, but not one known only by its suffix,
	// which is as often an adjective ("what terrorist plan").
	for j := len(phrase) - 2; j >= 0; j-- {
		if t, ok := kindNouns[phrase[j]]; ok {
			return t, true
		}
		for _, s := range singulars(phrase[j]) {
			if t, ok := kindNouns[s]; ok {
				return t, true
			}
		}
	}
	return Other, passed || !copula // "what is the heart of asia": decided by the caller
}

// endsNounPhrase reports a word that reads as a verb, not part of the noun phrase before
// it: a past or present participle that names no kind ("which ruler attacked").
func endsNounPhrase(w string) bool {
	if _, ok := nounType(w); ok {
		return false // "building", "period"
	}
	return len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing"))
}

// whatIsType classifies "what is/are X" with X not a kind noun: a short subject with no
// verb of its own asks for a definition ("what is national-shiism", "what are the
// huseynyun brigades"); a longer one is most often after a thing, not a definition.
func whatIsType(subject []string) AnswerType {
	if pronouns[wordAt(subject, 0)] {
		return Other // "what was it": the thing is named elsewhere
	}
	content := 0
	for _, w := range subject {
		if strings.HasSuffix(w, "'s") {
			return Other // "what is iran's deterrent": a thing of X, not what X is
		}
		if prepositions[w] || auxiliaries[w] {
			break
		}
		if !determiners[w] {
			content++
		}
	}
	if content > 0 && content <= 4 && len(subject) <= 6 {
		if w := wordAt(subject, 0); w == "some" || w == "examples" {
			return List
		}
		return Definition
	}
	return Other
}

// namesSomeone reports whether the words after "who is" are a name rather than a
// description: short and without a determiner ("who is brenda shaffer", not "who is the
// current chair").
func namesSomeone(rest []string) bool {
	if len(rest) == 0 || len(rest) > 3 {
		return false
	}
	for _, w := range rest {
		if determiners[w] || prepositions[w] || auxiliaries[w] || strings.HasSuffix(w, "'s") {
			return false
		}
		if _, ok := nounType(w); ok {
			return false // "who are the leaders", "who is president"
		}
	}
	return true
}

// imperativeType reads a request instead of a question: "list the ...", "name three ...",
// "define X", "meaning of X", "X meaning", "examples of ...".
func imperativeType(words []string) (AnswerType, bool) {
	first := words[0]
	switch {
	case first == "define" || first == "definition" || first == "meaning":
		return Definition, true
	case lastWord(words) == "meaning" || lastWord(words) == "definition" || lastWord(words) == "mean" && !whWords[first] && !auxiliaries[first]:
		return Definition, true
	case first == "list" || first == "enumerate" || first == "examples":
		return List, true
	case first == "name":
		head := 1
		for head < len(words) && determiners[words[head]] {
			head++
		}
		if w := wordAt(words, head); cardinals[w] || plural(w) {
			return List, true // "name the planets", "name three rivers"
		}
		if t, ok := headNounType(words[1:]); ok {
			return t, true
		}
		return List, true
	}
	return Other, false
}

// keywordType classifies a question without wh-word or auxiliary by the head of its first
// noun phrase, the word before the first preposition ("population of baku"), or else by a
// kind noun among its last two words: English noun compounds put the head last ("death
// year", "attack exact date").
func keywordType(words []string) AnswerType {
	for i, w := range words {
		if prepositions[w] {
			if t, ok := nounType(wordAt(words, i-1)); ok {
				return t
			}
			break
		}
	}
	for i := len(words) - 1; i >= 0 && i >= len(words)-2; i-- {
		if t, ok := nounType(words[i]); ok {
			return t
		}
	}
	return Other
}

// embeddedQuestion reports whether a question that opens with an auxiliary wraps a
// wh-question ("do you know when ...", "can you tell me who ..."): its type is the wh's.
func embeddedQuestion(words []string, wh int) bool {
	if wh < 2 {
		return false
	}
	switch words[wh-1] {
	case "know", "me", "tell", "remember", "wondering", "say":
		return true
	}
	return false
}

// questionClause keeps the last clause that asks something, so context typed before a
// question ("been reading X. she says Y. which countries ...") does not decide its type.
// Clause ends are marked by "" in words.
func questionClause(words []string) []string {
	start, end := 0, len(words)
	for end > 0 {
		start = end - 1
		for start >= 0 && words[start] != "" {
			start--
		}
		clause := words[start+1 : end]
		if len(clause) > 0 && (auxiliaries[clause[0]] || containsAny(clause, whWords) || start < 0) {
			return clause
		}
		end = start
	}
	return nil
}

// questionWords lowercases the question into words, marking sentence ends with "", and
// expands the contractions members type without apostrophes ("whats" → "what is").
func questionWords(q string) []string {
	var words []string
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if (r == '.' || r == '?' || r == '!' || r == ';') && len(words) > 0 && words[len(words)-1] != "" {
				words = append(words, "")
			}
			i += size
			continue
		}
		j := i
		for j < len(q) {
			r, size := utf8.DecodeRuneInString(q[j:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || isApostrophe(r) && j+size < len(q) && q[j+size] != ' ' {
				j += size
				continue
			}
			break
		}
		w := strings.ToLower(strings.ReplaceAll(q[i:j], "’", "'"))
		if exp, ok := contractions[w]; ok {
			words = append(words, exp...)
		} else {
			words = append(words, w)
		}
		i = j
	}
	return words
}

// nounType is the answer type a noun names, singular or plural: "year" → Date, "cities" →
// Place. Person nouns also come from their suffix ("physicist", "historian", "chairman").
func nounType(w string) (AnswerType, bool) {
	if t, ok := kindNouns[w]; ok {
		return t, true
	}
	for _, s := range singulars(w) {
		if t, ok := kindNouns[s]; ok {
			return t, true
		}
	}
	w = strings.TrimSuffix(w, "s")
	if len(w) > 5 && (strings.HasSuffix(w, "ist") || strings.HasSuffix(w, "ian")) ||
		len(w) > 6 && (strings.HasSuffix(w, "sman") || strings.HasSuffix(w, "swoman")) {
		return Person, true
	}
	return Other, false
}

// singulars are the candidate singular forms of a possibly plural noun.
func singulars(w string) []string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return []string{w[:len(w)-3] + "y"}
	case strings.HasSuffix(w, "men"):
		return []string{w[:len(w)-3] + "man"}
	case strings.HasSuffix(w, "es") && len(w) > 3:
		return []string{w[:len(w)-1], w[:len(w)-2]}
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return []string{w[:len(w)-1]}
	}
	return nil
}

func plural(w string) bool { return len(singulars(w)) > 0 }

func isCopula(w string) bool {
	return w == "is" || w == "are" || w == "was" || w == "were" || w == "be" || w == "'s"
}

func wordAt(ws []string, i int) string {
	if i >= 0 && i < len(ws) {
		return ws[i]
	}
	return ""
}

func lastWord(ws []string) string { return wordAt(ws, len(ws)-1) }

func containsAny(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if set[w] {
			return true
		}
	}
	return false
}
