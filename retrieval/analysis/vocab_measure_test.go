package analysis_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// TestVocabularyMeasure reports how many out-of-vocabulary question terms Near matches on
// the shared sets (DOCENT_SHARED names the shared folder) and, with DOCENT_VOCAB_DUMP,
// writes every such term with its matches to that file for reading (docs/vocabulary.md).
func TestVocabularyMeasure(t *testing.T) {
	dir := os.Getenv("DOCENT_SHARED")
	if dir == "" {
		t.Skip("set DOCENT_SHARED to the shared folder to measure vocabulary matching")
	}
	var dump *bufio.Writer
	if p := os.Getenv("DOCENT_VOCAB_DUMP"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		dump = bufio.NewWriter(f)
		defer dump.Flush()
	}
	type set struct {
		name      string
		corpus    []string // one document per string
		questions map[string][]string
	}
	squad := set{name: "squad", corpus: paragraphsOf(t, filepath.Join(dir, "bench", "squad", "corpus", "*.txt")), questions: map[string][]string{}}
	for _, q := range readJSONL[struct{ Question, Kind string }](t, filepath.Join(dir, "bench", "squad", "questions.jsonl")) {
		squad.questions[q.Kind] = append(squad.questions[q.Kind], q.Question)
	}
	scifact := set{name: "scifact", questions: map[string][]string{}}
	for _, d := range readJSONL[struct{ Title, Text string }](t, filepath.Join(dir, "bench", "scifact", "corpus.jsonl")) {
		scifact.corpus = append(scifact.corpus, d.Title+"\n"+d.Text)
	}
	for _, q := range readJSONL[struct{ Text string }](t, filepath.Join(dir, "bench", "scifact", "queries.train.jsonl")) {
		scifact.questions["train"] = append(scifact.questions["train"], q.Text)
	}
	bundled := set{name: "bundled", corpus: paragraphsOf(t, filepath.Join(dir, "corpus", "*.txt")), questions: map[string][]string{}}
	for _, q := range readJSONL[struct{ Question, Style string }](t, filepath.Join(dir, "eval", "dev-casual.jsonl")) {
		bundled.questions["casual"] = append(bundled.questions["casual"], q.Question)
	}
	for _, s := range []set{bundled, squad, scifact} {
		df := documentFrequencies(s.corpus)
		v := analysis.NewVocabulary(df)
		for kind, qs := range s.questions {
			var c oovCounts
			for _, q := range qs {
				for _, tok := range analysis.Tokens(q) {
					if tok.Joined {
						continue
					}
					if v.DF(tok.Term) > 0 {
						c.inVocabulary++
						if len(v.Near(tok.Term, 1)) > 0 {
							c.inVocabularyNear++
						}
						continue
					}
					word := q[tok.Start:tok.End]
					c.oov++
					near := v.Near(tok.Term, 3)
					if len(near) > 0 {
						c.near++
					}
					typo := analysis.LikelyTypo(word)
					var matches []analysis.Match
					if typo {
						c.typo++
						if matches = v.NearWord(word, 3); len(matches) > 0 {
							c.matched++
						}
					}
					if dump != nil {
						fmt.Fprintf(dump, "%s/%s\t%s\t%s\ttypo=%v\t%v\t%v\t%s\n", s.name, kind, word, tok.Term, typo, near, matches, q)
					}
				}
			}
			t.Logf("%s/%s: %d questions, %d vocabulary terms; %d question terms out of vocabulary: Near(term) matches %d; LikelyTypo %d, of which NearWord matches %d; %d in vocabulary, %d of them with a Near match",
				s.name, kind, len(qs), v.Len(), c.oov, c.near, c.typo, c.matched, c.inVocabulary, c.inVocabularyNear)
		}
	}
}

type oovCounts struct{ oov, near, typo, matched, inVocabulary, inVocabularyNear int }

// paragraphsOf reads the files of a glob, one document per blank-line paragraph.
func paragraphsOf(tb testing.TB, glob string) []string {
	files, _ := filepath.Glob(glob)
	if len(files) == 0 {
		tb.Fatalf("no files match %s", glob)
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range strings.Split(string(b), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// documentFrequencies counts in how many documents each analysed term occurs.
func documentFrequencies(docs []string) map[string]int {
	df := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, tok := range analysis.Tokens(d) {
			if !seen[tok.Term] {
				seen[tok.Term] = true
				df[tok.Term]++
			}
		}
	}
	return df
}
