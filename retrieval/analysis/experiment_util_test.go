package analysis_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// feedback is RM3's relevance model over the top documents: P(w|R) ∝ Σ_d P(w|d)·P(d|q),
// with P(d|q) the normalised score; the best terms not in the query, boosted relative to
// the best one.
func (e *engine) feedback(top []*search.DocumentMatch, seen map[string]bool) []weighted {
	n := min(e.cfg.rm3.docs, len(top))
	var z float64
	for _, h := range top[:n] {
		z += math.Exp(h.Score - top[0].Score)
	}
	rel := map[string]float64{}
	for _, h := range top[:n] {
		pd := math.Exp(h.Score-top[0].Score) / z
		l := float64(e.docStats().lens[h.ID])
		for t, c := range e.docStats().terms[h.ID] {
			rel[t] += pd * float64(c) / l
		}
	}
	var ws []weighted
	for t, w := range rel {
		if !seen[t] && len(t) > 2 {
			ws = append(ws, weighted{t, w})
		}
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].w > ws[j].w || ws[i].w == ws[j].w && ws[i].term < ws[j].term })
	ws = ws[:min(e.cfg.rm3.terms, len(ws))]
	for i := range ws {
		ws[i].w = e.cfg.rm3.weight * ws[i].w / ws[0].w
	}
	return ws
}

// passages cuts each document's text into pieces of up to about n bytes at sentence ends.
func passages(docs []doc, n int) []doc {
	var out []doc
	for _, d := range docs {
		var cur strings.Builder
		k := 0
		flush := func() {
			if cur.Len() > 0 {
				k++
				out = append(out, doc{fmt.Sprintf("%s#%d", d.id, k), d.title, strings.TrimSpace(cur.String())})
				cur.Reset()
			}
		}
		rest := d.text
		for rest != "" {
			i := sentenceEnd(rest)
			if cur.Len() > 0 && cur.Len()+i > n {
				flush()
			}
			cur.WriteString(rest[:i])
			rest = rest[i:]
		}
		flush()
	}
	return out
}

// sentenceEnd is the length of the first sentence of s with its trailing space.
func sentenceEnd(s string) int {
	for i := 0; i+2 < len(s); i++ {
		if (s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i+1] == ' ' && (s[i+2] >= 'A' && s[i+2] <= 'Z' || s[i+2] >= '0' && s[i+2] <= '9') {
			return i + 2
		}
	}
	return len(s)
}

// isPart reports whether t lies inside the joined token at position pos.
func isPart(toks []analysis.Token, t analysis.Token, pos int) bool {
	for _, j := range toks {
		if j.Joined && j.Pos == pos {
			return t.Start >= j.Start && t.End <= j.End
		}
	}
	return false
}

// dump wraps answer to also write each result as one line of "docent ask --json" output
// to $DOCENT_DUMP.<experiment>.jsonl, so the shared score.py scripts can check the Go
// metrics: score.py QUESTIONS -- cat FILE.
func dump(tb testing.TB, cfg config, answer func(context.Context, string) (retrieval.Result, error)) func(context.Context, string) (retrieval.Result, error) {
	prefix := os.Getenv("DOCENT_DUMP")
	if prefix == "" {
		return answer
	}
	f, err := os.Create(prefix + "." + strings.ReplaceAll(cfg.name, " ", "_") + ".jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	enc := json.NewEncoder(f)
	return func(ctx context.Context, q string) (retrieval.Result, error) {
		r, err := answer(ctx, q)
		type passage struct {
			Doc  string  `json:"doc"`
			Text string  `json:"text"`
			Rank int     `json:"rank"`
			Sc   float64 `json:"score"`
		}
		out := struct {
			Question string    `json:"question"`
			NoAnswer bool      `json:"no_answer"`
			Passages []passage `json:"passages"`
		}{Question: q, NoAnswer: r.NoAnswer, Passages: []passage{}}
		for _, p := range r.Passages {
			out.Passages = append(out.Passages, passage{p.Citation.DocID, p.Text, p.Rank, p.Score})
		}
		if err := enc.Encode(out); err != nil {
			tb.Fatal(err)
		}
		return r, err
	}
}

// rescoreBM25 reorders hits by textbook BM25 (analysis.BM25) over the documents' term
// counts.
func (e *engine) rescoreBM25(hs []*search.DocumentMatch, ts []weighted) []*search.DocumentMatch {
	st := e.docStats()
	n := len(st.terms)
	var total float64
	for _, l := range st.lens {
		total += float64(l)
	}
	avg := total / float64(n)
	p := analysis.BM25{K1: e.cfg.rescoreK1, B: e.cfg.rescoreB}
	for _, h := range hs {
		var s float64
		dl := float64(st.lens[h.ID])
		for _, t := range ts {
			s += t.w * p.Score(analysis.IDF(n, st.df[t.term]), float64(st.terms[h.ID][t.term]), dl, avg)
		}
		h.Score = s
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Score > hs[j].Score })
	return hs
}

// useIrregularTable swaps in the irregular-forms table DOCENT_IRREGULAR names and the
// spelling table DOCENT_SPELLING names, other outputs of internal/wordnetgen (-irregular
// FILE -exc LISTS -keep RULE; -spelling FILE -spelling-rules RULES -spelling-guard GUARD).
func useIrregularTable(tb testing.TB) {
	if p := os.Getenv("DOCENT_IRREGULAR"); p != "" {
		if err := analysis.UseIrregularFile(p); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("irregular forms from %s", p)
	}
	if p := os.Getenv("DOCENT_SPELLING"); p != "" {
		if err := analysis.UseSpellingFile(p); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("spelling variants from %s", p)
	}
}
