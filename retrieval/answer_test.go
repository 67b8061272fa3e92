package retrieval

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

func TestAnswerQueryErrors(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	tests := []struct {
		name string
		q    Query
		want string // part of the user-facing message
	}{
		{"empty", Query{Text: ""}, "text is empty"},
		{"blank", Query{Text: " \t\n "}, "text is empty"},
		{"control characters only", Query{Text: "\x00\x01\x7f"}, "text is empty"},
		{"too long", Query{Text: strings.Repeat("caviar ", 60)}, "limit is 300"},
		{"too long says length", Query{Text: strings.Repeat("é", 301)}, "301 characters"},
		{"stop words only", Query{Text: "What is the"}, "not searchable"},
		{"punctuation only", Query{Text: "?!? ... --"}, "nothing to search"},
		{"k too large", Query{Text: "caviar", K: MaxK + 1}, "between 1 and 100"},
		{"k negative", Query{Text: "caviar", K: -1}, "between 1 and 100"},
		{"offset negative", Query{Text: "caviar", Offset: -1}, "offset"},
		{"dates reversed", Query{Text: "caviar", From: time.Now(), To: time.Now().Add(-time.Hour)}, "date range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Answer(context.Background(), tt.q)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("Answer(%q) error = %v; want *QueryError", tt.q.Text, err)
			}
			if !strings.Contains(qe.Error(), tt.want) {
				t.Errorf("Answer(%q) = %q; want it to mention %q", tt.q.Text, qe.Error(), tt.want)
			}
		})
	}
}

func TestAnswerFindsPassage(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	tests := []struct {
		name, q, wantID string
	}{
		{"plain", "When did the states agree a moratorium on sturgeon fishing?", "caspian.txt#2"},
		// parsed, +moratorium would exclude #3 and -sturgeon everything; read literally, #3
		// holds the most words (poachers, caviar, its heading's fishing, its title's sturgeon)
		{"query syntax is literal", `+moratorium -sturgeon title:fishing* ~caviar^2 /regex/ "(poachers)"`, "caspian.txt#3"},
		{"wildcard is not a wildcard", "pipeline* gas", "pipelines.txt#2"},
		{"c++ and slashes", "C++ CI/CD pipelines?", "pipelines.txt#3"},
		{"accents folded", "Huseyncilar", "groups.txt#1"},
		{"accents folded the other way", "Hüseynçilər movement", "groups.txt#1"},
		{"dotted capital I", "Ismayilli museum", "groups.txt#2"},
		{"possessive", "world's caviar", "caspian.txt#1"},
		{"stemming", "pipelines carrying oil", "pipelines.txt#1"},
		{"odd unicode", "🐟 sturgeon\u200b population ＡＢＣ", "caspian.txt#2"},
		{"invalid utf-8", "poachers \xff\xfe caviar", "caspian.txt#3"},
		{"title counts", "Religious museum copperware", "groups.txt#2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustAnswer(t, ix, Query{Text: tt.q})
			if len(r.Passages) == 0 {
				t.Fatalf("Answer(%q) found nothing; want %s", tt.q, tt.wantID)
			}
			if got := r.Passages[0].ID; got != tt.wantID {
				t.Errorf("Answer(%q) top passage = %s; want %s", tt.q, got, tt.wantID)
			}
			if !utf8.ValidString(r.Question) {
				t.Errorf("Answer(%q).Question is not valid UTF-8: %q", tt.q, r.Question)
			}
		})
	}
}

func TestAnswerResult(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	r := mustAnswer(t, ix, Query{Text: "When did the littoral states agree a moratorium on sturgeon fishing?"})
	if r.NoAnswer {
		t.Fatalf("NoAnswer = true (confidence %.2f); want an answer", r.Confidence)
	}
	wantAns := "In 2011 the littoral states agreed a five-year moratorium on commercial sturgeon fishing."
	if r.Answer != wantAns {
		t.Errorf("Answer = %q; want %q", r.Answer, wantAns)
	}
	if got := marked(r.Answer, r.AnswerMatches); !slicesEqual(got, []string{"littoral states agreed", "moratorium", "sturgeon fishing"}) {
		t.Errorf("answer matches = %q", got)
	}
	c := r.AnswerCitation
	if c.DocID != "caspian.txt" || c.Title != "Sturgeon of the Caspian Sea" || c.Author != "Leyla Məmmədova" ||
		c.Publication != "Baku Review" || c.ParaFirst != 2 || c.Published.Year() != 2021 {
		t.Errorf("AnswerCitation = %+v", c)
	}
	p := r.Passages[0]
	if p.Rank != 1 || p.ID != "caspian.txt#2" || p.Heading != "Fishing" || p.Score <= 0 || p.Citation.ParaFirst != 2 {
		t.Errorf("Passages[0] = %+v", p)
	}
	if got := marked(p.Text, p.Matches); !slicesEqual(got, []string{"sturgeon", "littoral states agreed", "moratorium", "sturgeon fishing"}) {
		t.Errorf("passage matches = %q", got)
	}
	if r.Total < 2 {
		t.Errorf("Total = %d; want every passage mentioning sturgeon or fishing", r.Total)
	}
	for i := 1; i < len(r.Passages); i++ {
		if r.Passages[i].Score > r.Passages[i-1].Score {
			t.Errorf("passage %d scores %.3f above passage %d's %.3f", i+1, r.Passages[i].Score, i, r.Passages[i-1].Score)
		}
	}
}

func TestAnswerNoWildcard(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	for _, q := range []string{"pip*", "pip?line", "pipelnxq~", "/pipe.*/"} {
		if r := mustAnswer(t, ix, Query{Text: q}); r.Total != 0 {
			t.Errorf("Answer(%q) matched %d passages; want none: no wildcard, fuzzy or regexp", q, r.Total)
		}
	}
	// a misspelling one edit from a corpus word matches it, with or without a tilde: the
	// tilde is not query syntax
	for _, q := range []string{"pipelne", "pipelne~"} {
		r := mustAnswer(t, ix, Query{Text: q})
		if len(r.Passages) == 0 || !strings.Contains(strings.ToLower(r.Passages[0].Text), "pipeline") {
			t.Errorf("Answer(%q) = %d passages; want the pipeline passage first", q, len(r.Passages))
		}
	}
}

// TestAnswerVocabulary checks that question words the corpus lacks find what they mean:
// misspellings, number words and digits, words written apart or together.
func TestAnswerVocabulary(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	for _, tc := range []struct{ q, want string }{
		{"sturgoen moratorium", "moratorium"},
		{"the pipleine to the mediterranean", "Mediterranean"},
	} {
		r := mustAnswer(t, ix, Query{Text: tc.q})
		if len(r.Passages) == 0 || !strings.Contains(r.Passages[0].Text, tc.want) {
			t.Errorf("Answer(%q) first passage lacks %q: %+v", tc.q, tc.want, r.Passages)
		}
	}
}

func TestAnswerMatchesFoldedText(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	r := mustAnswer(t, ix, Query{Text: "huseyncilar"})
	if got := marked(r.Passages[0].Text, r.Passages[0].Matches); !slicesEqual(got, []string{"Hüseynçilər"}) {
		t.Errorf("matches = %q; want the accented word as written", got)
	}
}

func TestNoAnswer(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	tests := []struct {
		q    string
		want bool
	}{
		{"What is the capital of Peru?", true},
		{"How do I bake sourdough bread?", true},
		{"Who won the football world cup?", true},
		{"Where do poachers sell caviar?", false},
		{"Which pipeline carries crude oil to the Mediterranean?", false},
	}
	for _, tt := range tests {
		r := mustAnswer(t, ix, Query{Text: tt.q})
		if r.NoAnswer != tt.want {
			t.Errorf("Answer(%q).NoAnswer = %v (confidence %.2f); want %v", tt.q, r.NoAnswer, r.Confidence, tt.want)
		}
		if r.NoAnswer && r.Answer != "" {
			t.Errorf("Answer(%q) = %q with NoAnswer; want no answer sentence", tt.q, r.Answer)
		}
	}
	never := mustOpen(t, "", testCorpus(testDocs()), Options{NoAnswerThreshold: -1})
	if r := mustAnswer(t, never, Query{Text: "sturgeon of Peru"}); r.NoAnswer {
		t.Errorf("with a negative threshold NoAnswer = true; want never")
	}
	strict := mustOpen(t, "", testCorpus(testDocs()), Options{NoAnswerThreshold: 1.01})
	if r := mustAnswer(t, strict, Query{Text: "Where do poachers sell caviar?"}); !r.NoAnswer {
		t.Errorf("with threshold above 1 NoAnswer = false; want always")
	}
}

func TestAnswerFilters(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	date := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name    string
		q       Query
		wantDoc []string // documents allowed in the result; nil = no passage
	}{
		{"doc", Query{Text: "Caspian", DocID: "pipelines.txt"}, []string{"pipelines.txt"}},
		{"unknown doc", Query{Text: "Caspian", DocID: "nope.txt"}, nil},
		{"author any of several", Query{Text: "Caspian", Author: "ana silva"}, []string{"pipelines.txt"}},
		{"author folded", Query{Text: "Caspian", Author: "Leyla Mammadova"}, []string{"caspian.txt"}},
		{"from", Query{Text: "Caspian", From: date(2020, 1, 1)}, []string{"caspian.txt"}},
		{"to", Query{Text: "Caspian", To: date(2020, 1, 1)}, []string{"pipelines.txt"}},
		{"range without undated", Query{Text: "imam museum Caspian", From: date(2000, 1, 1), To: date(2030, 1, 1)}, []string{"caspian.txt", "pipelines.txt"}},
		{"nothing in range", Query{Text: "Caspian", From: date(2022, 1, 1)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustAnswer(t, ix, tt.q)
			if tt.wantDoc == nil {
				if len(r.Passages) != 0 || r.Total != 0 || !r.NoAnswer {
					t.Errorf("Answer(%+v) = %d passages, total %d, NoAnswer %v; want none", tt.q, len(r.Passages), r.Total, r.NoAnswer)
				}
				return
			}
			if len(r.Passages) == 0 {
				t.Fatalf("Answer(%+v) found nothing", tt.q)
			}
			for _, p := range r.Passages {
				if !slicesContains(tt.wantDoc, p.Citation.DocID) {
					t.Errorf("Answer(%+v) returned %s; want only %v", tt.q, p.ID, tt.wantDoc)
				}
			}
		})
	}
}

func TestAnswerPaging(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	all := mustAnswer(t, ix, Query{Text: "Caspian sturgeon caviar pipeline gas", K: 100})
	if all.Total != len(all.Passages) || all.Total < 5 {
		t.Fatalf("Total = %d, passages %d; want all matching passages", all.Total, len(all.Passages))
	}
	var paged []string
	for off := 0; off < all.Total; off += 2 {
		r := mustAnswer(t, ix, Query{Text: "Caspian sturgeon caviar pipeline gas", K: 2, Offset: off})
		if r.Total != all.Total {
			t.Errorf("offset %d: Total = %d; want %d", off, r.Total, all.Total)
		}
		for i, p := range r.Passages {
			if p.Rank != off+i+1 {
				t.Errorf("offset %d: passage %d has rank %d; want %d", off, i, p.Rank, off+i+1)
			}
			paged = append(paged, p.ID)
		}
	}
	var whole []string
	for _, p := range all.Passages {
		whole = append(whole, p.ID)
	}
	if !slicesEqual(paged, whole) {
		t.Errorf("pages = %v; want %v", paged, whole)
	}
	if r := mustAnswer(t, ix, Query{Text: "caviar", Offset: 50}); len(r.Passages) != 0 || r.Total == 0 {
		t.Errorf("past the end: %d passages, total %d; want 0 passages and the total", len(r.Passages), r.Total)
	}
	if r := mustAnswer(t, ix, Query{Text: "Caspian sturgeon caviar pipeline gas"}); len(r.Passages) != DefaultK {
		t.Errorf("K=0 gave %d passages; want %d", len(r.Passages), DefaultK)
	}
}

func TestSourcesAndPassage(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	src := ix.Sources()
	if len(src) != 3 || src[0].DocID != "caspian.txt" || src[0].Passages != 3 || src[1].Author != "John Smith and Ana Silva" || src[2].Passages != 2 {
		t.Errorf("Sources() = %+v", src)
	}
	p, ok := ix.Passage("pipelines.txt#2")
	if !ok || p.Heading != "Gas" || !strings.HasPrefix(p.Text, "The Southern Gas Corridor") || p.Citation.Title != "Pipelines Across the Caucasus" {
		t.Errorf("Passage(pipelines.txt#2) = %+v, %v", p, ok)
	}
	if _, ok := ix.Passage("nope#1"); ok {
		t.Errorf("Passage(nope#1) found; want not found")
	}
	if s := ix.Stats(); s.Documents != 3 || s.Passages != 8 {
		t.Errorf("Stats() = %+v", s)
	}
}

func TestAnswerConcurrentAndClose(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	qs := []string{"sturgeon moratorium", "Huseyncilar", "gas corridor Europe", "capital of Peru", "C++ (CI/CD)"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				q := qs[(g+i)%len(qs)]
				if _, err := ix.Answer(context.Background(), Query{Text: q, K: 1 + i%5}); err != nil {
					t.Errorf("Answer(%q): %v", q, err)
				}
			}
		})
	}
	wg.Wait()
	if err := ix.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := ix.Answer(context.Background(), Query{Text: "sturgeon"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Answer after Close: %v; want ErrClosed", err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestAnswerCanceled(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Answer(ctx, Query{Text: "sturgeon"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Answer with a canceled context: %v; want context.Canceled", err)
	}
}

func FuzzAnswer(f *testing.F) {
	for _, s := range []string{
		"", "sturgeon", `+a -b c:d e* f? ~g ^h /i/ "j" (k)`, "\xff\xfe", "Hüseynçilər", "İI ıi Əə",
		strings.Repeat("x", 400), "the of and", "🐟🐟", "a\x00b", "C++/CI/CD", "1995/1996 2020-10-17", "sturgeon-fishing five-year", "Baku–Tbilisi–Ceyhan",
		"Does CKD slow?", "chronic kidney disease CKD CKD-1 (CKD)",
	} {
		f.Add(s)
	}
	// abbrevDocs define an abbreviation, so questions also go through its expansion
	ix := mustOpen(f, "", testCorpus(append(testDocs(), testkit.AbbrevDocs()...)), Options{})
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ix.Answer(context.Background(), Query{Text: s, K: 5})
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Reason == "" {
				t.Fatalf("Answer(%q) error = %v; want a *QueryError with a reason", s, err)
			}
			return
		}
		if len(r.Passages) > 5 || utf8.RuneCountInString(r.Question) > MaxQueryRunes || !utf8.ValidString(r.Question) {
			t.Fatalf("Answer(%q) = %d passages, question %q", s, len(r.Passages), r.Question)
		}
		for _, p := range r.Passages {
			for _, m := range p.Matches {
				if m.Start < 0 || m.End > len(p.Text) || m.Start >= m.End {
					t.Fatalf("Answer(%q): bad match span %+v in %q", s, m, p.Text)
				}
			}
		}
		for _, m := range r.AnswerMatches {
			if m.Start < 0 || m.End > len(r.Answer) || m.Start >= m.End {
				t.Fatalf("Answer(%q): bad answer span %+v in %q", s, m, r.Answer)
			}
		}
		if r.NoAnswer && r.Answer != "" {
			t.Fatalf("Answer(%q): NoAnswer with answer %q", s, r.Answer)
		}
	})
}

// marked returns the marked parts of text.
func marked(text string, spans []Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestAnswerCommonTerms(t *testing.T) {
	c := benchCorpus(2000)
	ix := mustOpen(t, "", c, Options{})
	// "government" is one of the generator's common words: in far more than 10% of passages
	all := mustAnswer(t, ix, Query{Text: "government"})
	if all.Total < len(c.Passages)/10 {
		t.Fatalf("Total for a common word = %d of %d passages; the test needs a common word", all.Total, len(c.Passages))
	}
	target := c.Passages[1234]
	var rare string
	for _, w := range strings.Fields(strings.ToLower(target.Text)) {
		w = strings.Trim(w, ".")
		if r, err := ix.Answer(context.Background(), Query{Text: w}); err == nil && r.Total > 0 && r.Total < 20 {
			rare = w
			break
		}
	}
	if rare == "" {
		t.Fatalf("no rare word in passage %s", target.ID)
	}
	r := mustAnswer(t, ix, Query{Text: "government " + rare + " qqqzzzunknown", K: 100})
	if r.Total >= all.Total {
		t.Errorf("Total = %d; want only passages with the rare word %q, far fewer than %d", r.Total, rare, all.Total)
	}
	found := false
	for _, p := range r.Passages {
		found = found || p.ID == target.ID
	}
	if !found {
		t.Errorf("Answer(government %s) misses passage %s", rare, target.ID)
	}
}
