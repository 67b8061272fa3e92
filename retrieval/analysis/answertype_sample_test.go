package analysis_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// handLabelled is a systematic sample of the shared questions (SQuAD answerable questions
// 50, 222, 394, ... and every fourth dev-casual question from the second), each labelled by
// reading it, before the classifier's output was looked at. It measures QuestionType; the
// rules were not changed to fit it. "how long" durations are labelled number (an amount of
// time), as QuestionType reads them.
var handLabelled = []struct {
	question string
	want     analysis.AnswerType
}{
	{"Who was Tesla influenced by while in school?", analysis.Person},
	{"What system did Tesla recommend to Niagara Falls in 1893?", analysis.Other},
	{"Where can the Treatise be found?", analysis.Place},
	{"What function is a teacher's role similar to?", analysis.Other},
	{"How long are students required to learn Welsh?", analysis.Number},
	{"How did Luther respond after being asked if the books were his?", analysis.Other},
	{"How many hymns did Luther write based on the Ten Commandments?", analysis.Number},
	{"On what other calendar is Luther commemorated?", analysis.Other},
	{"What town in upstate New York was settled by Huguenots?", analysis.Place},
	{"What device is used to recycle the boiler water in most steam engines?", analysis.Other},
	{"Who made experimental measurements on a model steam engine?", analysis.Person},
	{"What group of scientists seek to measure the amounts of oxygen in marine animals?", analysis.Other},
	{"Which country was worried that the US would invade the Middle East?", analysis.Place},
	{"Which city is planned to be a part of the California High Speed Rail?", analysis.Place},
	{"What is the oldest known rock in the world?", analysis.Other},
	{"In which year did the gallery of Japanese art open?", analysis.Date},
	{"What two environmental conditions are controlled in the museum?", analysis.List},
	{"In what series did ABC present it's 1950s film adaptations in?", analysis.Other},
	{"ABC had secondary status on the existing stations in what Ohio town?", analysis.Place},
	{"What is another country that permits physicians to give out drugs from within their practice?", analysis.Place},
	{"Why do some people purposely resist officers of the law?", analysis.Reason},
	{"Soon after gaining Florida, what did the English do?", analysis.Other},
	{"In the fall quarter of 2014, how many students signed up for the university's four graduate divisions?", analysis.Number},
	{"What was thought to decide a person's behavior?", analysis.Other},
	{"Who thought that applied force caused movement of an object regardless of non-zero velocity?", analysis.Person},
	{"has anyone ever published a full study on how ties between afghans and azeris developed over the centuries", analysis.YesNo},
	{"did afghanistan ever have diplomatic contakt with the azerbaijani democratic republic", analysis.YesNo},
	{"which afghan minority could help link the two countries despite them being so far apart", analysis.Other},
	{"according to blank why cant azerbaijan just dismiss irans warnings as bluster", analysis.Reason},
	{"according to stephen blank whats still a sore point between baku and washington", analysis.Other},
	{"what intel did iran pass to armenia during the 2020 fighting", analysis.Other},
	{"been reading shaffers piece on the iran azerbaijan fallout. she says the tension could reignite fighting in karabakh. which countries are leaning on armenia not to sign a peace deal with baku", analysis.Place},
	{"when did israel azerbaijan ties hit their high point according to gafarli", analysis.Date},
	{"has beating armenia made azerbaijanis more pro turkey", analysis.YesNo},
	{"what kept iran busy for the last 10 years instead of the caucasus", analysis.Other},
	{"how long is the border between iran and azerbaijan in km", analysis.Number},
	{"how many harop drones did azerbaijan buy from israel", analysis.Number},
	{"which university did ashraf ghani study at", analysis.Organisation},
	{"how long do i boil an egg if i want the yolk runny", analysis.Number},
}

// TestQuestionTypeHandLabelled reports QuestionType's accuracy on the hand-labelled
// sample and fails only if it falls below what was measured when it was written.
func TestQuestionTypeHandLabelled(t *testing.T) {
	right := 0
	for _, q := range handLabelled {
		if got := analysis.QuestionType(q.question); got == q.want {
			right++
		} else {
			t.Logf("QuestionType(%q) = %v; labelled %v", q.question, got, q.want)
		}
	}
	acc := float64(right) / float64(len(handLabelled))
	t.Logf("hand-labelled sample: %d of %d right (%.2f)", right, len(handLabelled), acc)
	if acc < 0.85 {
		t.Errorf("accuracy %.2f on the hand-labelled sample; was 0.85 or more", acc)
	}
}

// TestQuestionTypeDevSets logs the distribution of question types on the bundled corpus's
// dev sets, a sanity check; DOCENT_SQUAD locates the shared folder as for the SQuAD test.
func TestQuestionTypeDevSets(t *testing.T) {
	dir := os.Getenv("DOCENT_SQUAD")
	if dir == "" {
		t.Skip("set DOCENT_SQUAD to ../../../shared/bench/squad")
	}
	for _, name := range []string{"dev.jsonl", "dev-casual.jsonl"} {
		path := filepath.Join(dir, "..", "..", "eval", name)
		if _, err := os.Stat(path); err != nil {
			t.Skipf("no %s", path)
		}
		counts := map[analysis.AnswerType]int{}
		qs := readJSONL[struct{ Question string }](t, path)
		for _, q := range qs {
			counts[analysis.QuestionType(q.Question)]++
		}
		t.Logf("question types on %s: %s", name, formatCounts(counts, len(qs)))
	}
}
