package analysis

// The signs, word by word, that a sentence holds an answer of a given type. Each returns a
// strength in [0,1]: 1 for a sure sign ("1856" for a date, "because" for a reason), less
// for a likely one (a lone capitalised word for a person).

// evidence is the strength of word i as a sign of an answer of type t.
func (s *sentenceScan) evidence(t AnswerType, i int) float64 {
	switch t {
	case Number:
		return s.numberSign(i)
	case Date:
		return s.dateSign(i)
	case Person:
		return s.personSign(i)
	case Place:
		return s.placeSign(i)
	case Organisation:
		return s.orgSign(i)
	case Reason:
		return s.reasonSign(i)
	case Definition:
		return s.definitionSign(i)
	case List:
		return s.listSign(i)
	}
	return 0
}

func (s *sentenceScan) numberSign(i int) float64 {
	w := &s.words[i]
	if w.digits > 0 {
		if s.yearLike(i) && !w.percentAfter {
			return 0.6 // a year is a number, but rarely the amount asked for
		}
		return 1
	}
	lw := s.lowerAt(i)
	if numberWords[string(lw)] {
		if string(lw) == "one" || string(lw) == "single" {
			return 0.5 // "one of the", "a single"
		}
		return 0.9
	}
	return 0
}

func (s *sentenceScan) dateSign(i int) float64 {
	w := &s.words[i]
	lw := s.lowerAt(i)
	if w.digits > 0 {
		switch {
		case s.yearLike(i), isDecade(lw):
			return 1
		case s.isMonth(i-1) || s.isMonth(i+1):
			return 1 // "10 July", "July 10"
		case era(string(s.lowerAt(i + 1))):
			return 1 // "826 AD", "300 BC"
		}
		return 0.3
	}
	if monthNames[string(lw)] && w.capital {
		if ambiguousMonths[string(lw)] {
			if s.digitsAt(i-1) || s.digitsAt(i+1) {
				return 1
			}
			return 0.2
		}
		return 0.9
	}
	return dateWords[string(lw)]
}

func (s *sentenceScan) personSign(i int) float64 {
	w := &s.words[i]
	if !s.name(i) {
		return 0
	}
	switch {
	case titles[string(s.lowerAt(i-1))] && s.words[i-1].capital:
		return 1 // "King George", "Dr. Smith"
	case titles[string(s.lowerAt(i))]:
		return 0 // the title, not the name
	case w.acronym:
		return 0.2
	case s.runMarker(i, orgMarkers) || s.runMarker(i, placeMarkers):
		return 0.2
	case placePrepositions[string(s.lowerAt(s.runStart(i)-1))]:
		return 0.3 // "in Paris"
	case s.runLength(i) >= 2:
		return 0.8
	}
	return 0.5
}

func (s *sentenceScan) placeSign(i int) float64 {
	if !s.name(i) {
		if directions[string(s.lowerAt(i))] {
			return 0.5
		}
		return 0
	}
	switch {
	case s.runMarker(i, placeMarkers):
		return 1
	case placePrepositions[string(s.lowerAt(s.runStart(i)-1))]:
		if s.runMarker(i, orgMarkers) {
			return 0.5
		}
		return 0.9
	case s.runMarker(i, orgMarkers), s.words[i].acronym:
		return 0.3
	}
	return 0.4
}

func (s *sentenceScan) orgSign(i int) float64 {
	if !s.name(i) {
		return 0
	}
	switch {
	case s.runMarker(i, orgMarkers):
		return 1
	case s.words[i].acronym:
		return 0.8
	case s.is(s.runStart(i)-1, "the") && s.runLength(i) >= 2:
		return 0.6
	}
	return 0.4
}

func (s *sentenceScan) reasonSign(i int) float64 {
	r, ok := reasonWords[string(s.lowerAt(i))]
	if !ok || r.next != "" && !s.is(i+1, r.next) {
		return 0
	}
	if s.is(i, "since") && s.digitsAt(i+1) {
		return 0 // "since 1990" is a time
	}
	return r.weight
}

func (s *sentenceScan) definitionSign(i int) float64 {
	lw := string(s.lowerAt(i))
	if v, ok := definitionVerbs[lw]; ok {
		return v
	}
	if copulas[lw] && articles[string(s.lowerAt(i+1))] {
		return 0.8 // "X is a ..."
	}
	if i > 0 && s.words[i-1].commaAfter && articles[lw] && s.words[i-1].question {
		return 0.9 // "Brenda Shaffer, a senior fellow ...": an apposition
	}
	return 0
}

// listSign finds enumerations: "A, B and C", "such as", "including", a colon.
func (s *sentenceScan) listSign(i int) float64 {
	w := &s.words[i]
	lw := string(s.lowerAt(i))
	switch {
	case listMarkers[lw]:
		return 0.8
	case w.colonAfter:
		return 0.7
	case w.commaAfter:
		commas, ands := 0, 0
		for j := i; j < len(s.words) && j < i+12; j++ {
			if s.words[j].commaAfter {
				commas++
			}
			if s.is(j, "and") || s.is(j, "or") {
				ands++
			}
		}
		switch {
		case ands > 0:
			return 1 // "A, B and C"
		case commas >= 2:
			return 0.7
		}
	case lw == "and" || lw == "or":
		return 0.3
	}
	return 0
}

// name reports whether word i is part of a capitalised name: capitalised, not a month or
// weekday, and not the sentence's first word unless the next word is capitalised too
// ("Nikola Tesla was ...").
func (s *sentenceScan) name(i int) bool {
	w := &s.words[i]
	if !w.capital || w.letters == 0 {
		return false
	}
	lw := string(s.lowerAt(i))
	if monthNames[lw] || dateWords[lw] > 0 || lw == "i" {
		return false
	}
	if w.first && !w.acronym {
		return i+1 < len(s.words) && s.words[i+1].capital && !s.words[i+1].first
	}
	return true
}

// nameJoiners may stand inside a name between capitalised words: "Bank of England".
var nameJoiners = wordSet("of", "the", "de", "da", "di", "del", "von", "van", "der", "al", "bin",
	"ibn", "du", "la", "le", "y")

// inRun reports whether word j continues the capitalised run around it.
func (s *sentenceScan) inRun(j int) bool {
	if j < 0 || j >= len(s.words) {
		return false
	}
	return s.words[j].capital && s.words[j].letters > 0
}

// runStart is the first word of the capitalised run holding word i; a joiner between two
// capitalised words ("Bank of England") stays inside, a comma ends the run.
func (s *sentenceScan) runStart(i int) int {
	for {
		switch {
		case s.inRun(i-1) && !s.words[i-1].commaAfter:
			i--
		case s.joiner(i-1) && s.inRun(i-2) && !s.words[i-2].commaAfter:
			i -= 2
		default:
			return i
		}
	}
}

// runEnd is one past the last word of the run holding word i.
func (s *sentenceScan) runEnd(i int) int {
	for !s.words[i].commaAfter {
		switch {
		case s.inRun(i + 1):
			i++
		case s.joiner(i+1) && s.inRun(i+2) && !s.words[i+1].commaAfter:
			i += 2
		default:
			return i + 1
		}
	}
	return i + 1
}

func (s *sentenceScan) joiner(j int) bool {
	return j >= 0 && j < len(s.words) && !s.words[j].capital && nameJoiners[string(s.lowerAt(j))]
}

func (s *sentenceScan) runLength(i int) int { return s.runEnd(i) - s.runStart(i) }

// runMarker reports whether the run holding word i has a word of markers.
func (s *sentenceScan) runMarker(i int, markers map[string]bool) bool {
	for j, end := s.runStart(i), s.runEnd(i); j < end; j++ {
		if markers[string(s.lowerAt(j))] {
			return true
		}
	}
	return false
}

// yearLike reports a number that reads as a year: four digits from 1000 to 2099, alone.
func (s *sentenceScan) yearLike(i int) bool {
	w := &s.words[i]
	lw := s.lowerAt(i)
	if w.letters > 0 || len(lw) != 4 {
		return false
	}
	return lw[0] == '1' || lw[0] == '2' && lw[1] == '0'
}

// isDecade reports "1990s", "1920s".
func isDecade(lw []byte) bool {
	return len(lw) == 5 && lw[4] == 's' && lw[3] == '0' && isASCIIDigits(lw[:4])
}

func isASCIIDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func era(w string) bool { return w == "bc" || w == "ad" || w == "bce" || w == "ce" }

func (s *sentenceScan) isMonth(i int) bool {
	return i >= 0 && i < len(s.words) && s.words[i].capital && monthNames[string(s.lowerAt(i))]
}

func (s *sentenceScan) digitsAt(i int) bool {
	return i >= 0 && i < len(s.words) && s.words[i].digits > 0
}
