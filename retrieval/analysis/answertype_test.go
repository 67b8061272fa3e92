package analysis_test

import (
	"testing"

	"github.com/docent-bot/docent/retrieval/analysis"
)

func TestQuestionType(t *testing.T) {
	tests := []struct {
		name, question string
		want           analysis.AnswerType
	}{
		{"how many", "How many moons does Jupiter have?", analysis.Number},
		{"how much lowercase", "how much did the bridge cost", analysis.Number},
		{"how long is a number", "How long is the Danube?", analysis.Number},
		{"how old", "how old was the queen when she died", analysis.Number},
		{"what percentage", "What percentage of voters chose him?", analysis.Number},
		{"population after copula", "What is the population of Lyon?", analysis.Number},
		{"whats without apostrophe", "whats the population", analysis.Number},
		{"when", "When did the war end?", analysis.Date},
		{"what year", "In what year was the treaty signed?", analysis.Date},
		{"which century", "which century saw the first printed books", analysis.Date},
		{"how long ago", "how long ago did the volcano erupt", analysis.Date},
		{"keyword year", "pierre curie death year", analysis.Date},
		{"keyword date", "moon landing exact date", analysis.Date},
		{"a statement is no keyword question", "A mutation raises the risk of diabetes by the age of 14 years.", analysis.Other},
		{"keywords without a period", "diabetes risk mutation age", analysis.Number},
		{"preamble then question", "the old bridge in town, what year was it built", analysis.Date},
		{"who", "Who wrote the constitution?", analysis.Person},
		{"whom", "To whom did she leave the estate?", analysis.Person},
		{"which king", "Which king founded the abbey?", analysis.Person},
		{"name of the king", "What was the name of the first king?", analysis.Person},
		{"person noun by suffix", "Which physicist proposed the theory?", analysis.Person},
		{"who is a description", "who is the current mayor", analysis.Person},
		{"who is a name", "Who is Ada Lovelace?", analysis.Definition},
		{"where", "Where was the treaty signed?", analysis.Place},
		{"which city", "which city hosted the games", analysis.Place},
		{"what modern country", "the old province, which modern country is it in now", analysis.Place},
		{"capital", "What is the capital of Chile?", analysis.Place},
		{"which company", "Which company built the engine?", analysis.Organisation},
		{"plural organisations before a verb", "Which international organisations include both countries?", analysis.Organisation},
		{"which university", "which university did she study at", analysis.Organisation},
		{"why", "Why did the empire collapse?", analysis.Reason},
		{"why without apostrophe", "why cant they sign the deal", analysis.Reason},
		{"how come", "how come the river floods every spring", analysis.Reason},
		{"what caused", "What was the main cause of the fire?", analysis.Reason},
		{"what is X", "What is photosynthesis?", analysis.Definition},
		{"what are the X", "What are the Zouaves?", analysis.Definition},
		{"define", "define entropy", analysis.Definition},
		{"meaning", "jihad meaning", analysis.Definition},
		{"what does X mean", "What does habeas corpus mean?", analysis.Definition},
		{"is", "Is the museum open on Sundays?", analysis.YesNo},
		{"did lowercase", "did the ship ever reach port", analysis.YesNo},
		{"can", "can members vote twice", analysis.YesNo},
		{"do you know when", "do you know when the library opens", analysis.Date},
		{"list", "List the founding members of the league.", analysis.List},
		{"name plural", "Name the planets of the solar system", analysis.List},
		{"what three", "What three rivers meet at the city?", analysis.List},
		{"what are some", "what are some uses of copper", analysis.List},
		{"what did X do", "What did the council do after the vote?", analysis.Other},
		{"how did", "How did the settlers cross the river?", analysis.Other},
		{"verb after a suffix adjective", "What terrorist plan was foiled?", analysis.Other},
		{"title of a book", "the author, whats the title of his book", analysis.Other},
		{"what was it", "she says something happened on the battlefield. what was it", analysis.Other},
		{"possessive subject", "What is the country's main export?", analysis.Other},
		{"context before the question", "i read the report. it blames the floods. which agency wrote it", analysis.Organisation},
		{"empty", "", analysis.Other},
		{"punctuation only", "??", analysis.Other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := analysis.QuestionType(tt.question); got != tt.want {
				t.Errorf("QuestionType(%q) = %v; want %v", tt.question, got, tt.want)
			}
		})
	}
}

// terms are a question's analysed terms, as the engine passes them.
func terms(question string) map[string]bool {
	m := map[string]bool{}
	for _, tok := range analysis.Tokens(question) {
		m[tok.Term] = true
	}
	return m
}

func TestAnswerFeaturesTypeMatch(t *testing.T) {
	tests := []struct {
		name, question, sentence string
		t                        analysis.AnswerType
		min, max                 float64 // TypeMatch within [min, max]
	}{
		{"number beside the question word", "How many deminers were trained?", "The agency trained 120 deminers in 2008.", analysis.Number, 1, 1},
		{"number word", "how many deminers were trained", "It trained twelve deminers.", analysis.Number, 0.9, 0.9},
		{"no number", "How many deminers were trained?", "The deminers were trained abroad by the agency.", analysis.Number, 0, 0},
		{"a year is a weak number", "How many deminers were trained?", "Deminers were trained in 2008.", analysis.Number, 0.5, 0.6},
		{"number far from the question words", "How many deminers were trained?",
			"Deminers were trained, and later the old programme that the agency ran with its partners in the region employed 300 staff.", analysis.Number, 0.2, 0.6},
		{"year", "When did the academy open?", "The academy opened in 1998.", analysis.Date, 1, 1},
		{"month and day", "When did the academy open?", "The academy opened on 4 May.", analysis.Date, 1, 1},
		{"decade", "When was the academy popular?", "The academy was popular in the 1920s.", analysis.Date, 1, 1},
		{"century", "When was the abbey built?", "The abbey was built in the twelfth century.", analysis.Date, 0.7, 0.9},
		{"May the verb is no month", "When will the abbey open?", "The abbey May open.", analysis.Date, 0, 0.2},
		{"no date", "When was the abbey built?", "The abbey was built by monks.", analysis.Date, 0, 0},
		{"person name", "Who founded the abbey?", "The abbey was founded by Robert de Molesme.", analysis.Person, 0.8, 0.8},
		{"title before a name", "Who founded the abbey?", "It was founded by King Henry.", analysis.Person, 1, 1},
		{"question's own name is no answer", "Who did Tesla work for?", "Tesla worked hard.", analysis.Person, 0, 0},
		{"capital at the start is no name", "Who founded the abbey?", "Monks founded the abbey.", analysis.Person, 0, 0},
		{"place after a preposition", "Where was the treaty signed?", "The treaty was signed in Utrecht.", analysis.Place, 0.9, 0.9},
		{"place marker", "Where does the road end?", "The road ends at Lake Geneva.", analysis.Place, 1, 1},
		{"organisation marker", "Which body trained the staff?", "The staff were trained by the National Mine Agency.", analysis.Organisation, 1, 1},
		{"acronym", "Which body trained the staff?", "NATO trained the staff.", analysis.Organisation, 0.8, 0.8},
		{"because", "Why did the talks fail?", "The talks failed because neither side would move.", analysis.Reason, 1, 1},
		{"due to", "Why did the talks fail?", "The talks failed due to mistrust.", analysis.Reason, 1, 1},
		{"since a year is no reason", "Why did the talks fail?", "The talks failed since 1990.", analysis.Reason, 0, 0.2},
		{"is a", "What is a zouave?", "A zouave is a light infantry soldier.", analysis.Definition, 0.8, 0.8},
		{"refers to", "What is shiism?", "Shiism refers to a branch of Islam.", analysis.Definition, 1, 1},
		{"enumeration", "List the founding members.", "The founding members were France, Italy and Belgium.", analysis.List, 1, 1},
		{"other has no type evidence", "What did the council do?", "The council voted 5 to 4 in 1999.", analysis.Other, 0, 0},
		{"yes/no has no type evidence", "Did the council vote?", "The council voted in 1999.", analysis.YesNo, 0, 0},
		{"empty sentence", "When did it open?", "", analysis.Date, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := analysis.AnswerFeatures(tt.t, terms(tt.question), tt.sentence)
			if f.TypeMatch < tt.min-1e-9 || f.TypeMatch > tt.max+1e-9 {
				t.Errorf("AnswerFeatures(%v, %q, %q).TypeMatch = %.3f; want in [%.2f, %.2f]",
					tt.t, tt.question, tt.sentence, f.TypeMatch, tt.min, tt.max)
			}
			if f.TypeMatch > f.TypePresent+1e-9 {
				t.Errorf("TypeMatch %.3f > TypePresent %.3f: proximity only lowers", f.TypeMatch, f.TypePresent)
			}
		})
	}
}

func TestAnswerFeaturesNovelty(t *testing.T) {
	tests := []struct {
		name, question, sentence string
		want                     float64
	}{
		{"echo adds nothing", "When did the academy open?", "When did the academy open?", 0},
		{"half new", "When did the academy open?", "The academy opened with twelve students.", 0.5},
		{"all new", "When did the academy open?", "Twelve students came.", 1},
		{"no content words", "When did the academy open?", "It was.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := analysis.AnswerFeatures(analysis.QuestionType(tt.question), terms(tt.question), tt.sentence)
			if diff := f.Novelty - tt.want; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("AnswerFeatures(%q, %q).Novelty = %.3f; want %.3f", tt.question, tt.sentence, f.Novelty, tt.want)
			}
		})
	}
}

func BenchmarkAnswerFeatures(b *testing.B) {
	q := "How many people did the agency train in Afghanistan between 2008 and 2012?"
	qt, qterms := analysis.QuestionType(q), terms(q)
	sentences := []string{
		"Starting in 2010, the Azerbaijan National Agency for Mine Action (ANAMA) trained 120 Afghan deminers in Baku.",
		"The agency, which was founded in 1998, works closely with NATO and the United Nations Development Programme.",
		"Relations between the two countries, however, remained limited during the first Taliban period because of security concerns.",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range sentences {
			analysis.AnswerFeatures(qt, qterms, s)
		}
	}
}

func BenchmarkQuestionType(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		analysis.QuestionType("hatim bin harthama of balkh, what year did he die")
	}
}

func TestAnswerFeaturesTokensAgrees(t *testing.T) {
	q := "How many deminers did the agency train in 2010?"
	passage := "The agency was founded in 1998. Starting in 2010, it trained 120 Afghan deminers, twelve medics and others."
	start := len("The agency was founded in 1998. ")
	sentence := passage[start:]
	var in []analysis.Token
	for _, tok := range analysis.Tokens(passage) {
		if tok.Start >= start {
			in = append(in, tok)
		}
	}
	qt, qterms := analysis.QuestionType(q), terms(q)
	want := analysis.AnswerFeatures(qt, qterms, sentence)
	if got := analysis.AnswerFeaturesTokens(qt, qterms, sentence, in, start); got != want {
		t.Errorf("AnswerFeaturesTokens(...) = %+v; want %+v (as AnswerFeatures)", got, want)
	}
}

func BenchmarkAnswerFeaturesTokens(b *testing.B) {
	q := "How many people did the agency train in Afghanistan between 2008 and 2012?"
	qt, qterms := analysis.QuestionType(q), terms(q)
	s := "Starting in 2010, the Azerbaijan National Agency for Mine Action (ANAMA) trained 120 Afghan deminers in Baku."
	toks := analysis.Tokens(s)
	b.ReportAllocs()
	for b.Loop() {
		analysis.AnswerFeaturesTokens(qt, qterms, s, toks, 0)
	}
}
