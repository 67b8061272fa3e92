package rank

import (
	"testing"

	"github.com/docent-bot/docent/corpus"
)

// sentenceDocs are two passages holding the same question words: one spreads them over
// three sentences and holds no number, the other, longer, answers in one sentence with a
// number.
func sentenceDocs() []corpus.Document {
	return []corpus.Document{
		{ID: "spread.txt", Title: "Demining", Paragraphs: []corpus.Paragraph{{N: 1,
			Text: "Deminers were trained. Many came from Azerbaijan. The agency worked in Afghanistan and would send more."}}},
		{ID: "answer.txt", Title: "Demining", Paragraphs: []corpus.Paragraph{{N: 1,
			Text: "The mission was praised by the government. In 2008 the agency would send many deminers, 24 of them, from Azerbaijan to Afghanistan."}}},
	}
}

func TestRerankBySentence(t *testing.T) {
	e := testEngine(testCorpus(sentenceDocs()))
	const question = "how many deminers did the agency send from azerbaijan to afghanistan"
	for _, tc := range []struct {
		name          string
		weight, typed float64
		first         string
	}{
		{"off: the passage with more of the question's words in all comes first", 0, 0, "spread.txt#1"},
		{"the answer in one sentence", 1, 0, "answer.txt#1"},
		{"the kind of thing asked, a number near the question's words", 0, 2, "answer.txt#1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultParams()
			p.SentenceRankDepth, p.SentenceRankWeight, p.SentenceRankType = 10, tc.weight, tc.typed
			p.ChainWeight, p.WindowWeight = 0, 0 // the sentence alone decides
			if got := rankAll(e, &p, question); got[0] != tc.first {
				t.Errorf("first %s; want %s (%v)", got[0], tc.first, got)
			}
		})
	}
}

// TestSentenceContext: the sentence after the one naming the subject answers "when was
// Tesla born" when the sentence before counts.
func TestSentenceContext(t *testing.T) {
	docs := []corpus.Document{{ID: "tesla.txt", Title: "Inventors", Paragraphs: []corpus.Paragraph{{N: 1,
		Text: "Nikola Tesla was an inventor of alternating current machines. He was born in 1856 in Smiljan. Edison was born in Ohio and also worked on current machines."}}}}
	e := testEngine(testCorpus(docs))
	for _, tc := range []struct {
		context float64
		want    string
	}{
		{0, "Nikola Tesla was an inventor of alternating current machines."}, // the name outweighs "born"
		{1, "He was born in 1856 in Smiljan."},
	} {
		p := DefaultParams()
		p.Sentence.Weights = SentenceWeights{sfCoverage: 1, sfContext: tc.context} // the fitted weights weigh more
		q := e.Question("when was tesla born", &p)
		cands := []Candidate{{Passage: 0, BM25: 1, Score: 1}}
		e.Rescore(&p, q, cands)
		e.Rerank(&p, q, cands)
		if got := e.AnswerSentence(&p, q, cands).Text; got != tc.want {
			t.Errorf("context %g: answer %q; want %q", tc.context, got, tc.want)
		}
	}
}

// TestSentenceFeatures checks the features that read beyond the sentence's own matches:
// the title's words, near forms and what the sentence adds.
func TestSentenceFeatures(t *testing.T) {
	docs := []corpus.Document{{ID: "visa.txt", Title: "BankAmericard", Paragraphs: []corpus.Paragraph{{N: 1,
		Text: "The card was launched in Fresno. In 1976 it was renamed Visa by the Bank of America."}}}}
	e := testEngine(testCorpus(docs))
	p := DefaultParams()
	q := e.Question("When did BankAmericard change its name?", &p)
	cands := []Candidate{{Passage: 0, BM25: 1, Score: 1}}
	e.Rescore(&p, q, cands)
	e.Rerank(&p, q, cands)
	got := e.SentenceCandidates(&p, q, cands)
	if len(got) != 2 {
		t.Fatalf("%d candidates; want 2: %+v", len(got), got)
	}
	x := got[1].Features
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"coverage (no question word in the text)", x[sfCoverage], 0},
		{"titled (BankAmericard in the title)", b2f(x[sfTitled] > 0), 1},
		{"soft (name in renamed)", b2f(x[sfSoft] > 0), 1},
		{"numbers (1976)", x[sfNumbers], 0.5},
		{"names (Visa, Bank, America)", x[sfNames], 0.75},
		{"typed numbers (a date question)", x[sfTypedNumbers], 0.5},
		{"position (last)", x[sfPosition], 1},
		{"rank", x[sfRank], 0},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %g; want %g", tc.name, tc.got, tc.want)
		}
	}
	if s := e.AnswerSentence(&p, q, cands).Text; s != got[1].Text {
		t.Errorf("answer %q; want %q", s, got[1].Text)
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
