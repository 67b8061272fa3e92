package analysis_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/eval"
)

// loadParagraphs reads the bundled corpus raw, one passage per blank-line paragraph, the
// first line as the title: cruder than corpus.Load, but enough to compare rankings.
func loadParagraphs(tb testing.TB, dir string) []doc {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no corpus files in %s: %v", dir, err)
	}
	var docs []doc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		paras := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n\n")
		title := strings.TrimSpace(paras[0])
		for i, p := range paras {
			if p = strings.TrimSpace(p); p != "" {
				docs = append(docs, doc{fmt.Sprintf("%s#%d", filepath.Base(f), i+1), title, p})
			}
		}
	}
	return docs
}

// TestDevSet ranks the bundled corpus's paragraphs for the dev questions with every
// experiment: DOCENT_DEV names the shared folder (with corpus/ and eval/dev.jsonl).
func TestDevSet(t *testing.T) {
	dir := os.Getenv("DOCENT_DEV")
	if dir == "" {
		t.Skip("set DOCENT_DEV to the shared folder to run the dev-set experiments")
	}
	qs, err := eval.ReadQuestions(filepath.Join(dir, "eval", "dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	docs := loadParagraphs(t, filepath.Join(dir, "corpus"))
	useIrregularTable(t)
	only := os.Getenv("DOCENT_EXPERIMENT")
	es := &engines{tb: t, docs: docs}
	for _, cfg := range append(experiments, extraExperiments()...) {
		if only != "" && !regexp.MustCompile(only).MatchString(cfg.name) {
			continue
		}
		restore := cfg.setBM25()
		e, _ := es.get(cfg)
		withText := func(ctx context.Context, q string) (retrieval.Result, error) {
			r, err := e.answer(5)(ctx, q)
			for i := range r.Passages {
				r.Passages[i].Text = passageText(docs, r.Passages[i].ID)
			}
			return r, err
		}
		rep, err := eval.Evaluate(context.Background(), qs, dump(t, cfg, withText))
		restore()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-60s %s %s", cfg, rep.Summary(), rep.MissesLine())
	}
}

func passageText(docs []doc, id string) string {
	for _, d := range docs {
		if d.id == id {
			return d.text
		}
	}
	return ""
}
