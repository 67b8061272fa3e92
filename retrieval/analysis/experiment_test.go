package analysis_test

// The experiment harness behind docs/retrieval.md: it indexes a BEIR corpus (SciFact) or
// the bundled corpus with bleve and one analysis/query configuration and scores it with
// retrieval/eval. It runs only when asked:
//
//	DOCENT_SCIFACT=../../../shared/bench/scifact go test -run TestSciFact -v ./retrieval/analysis
//	DOCENT_DEV=../../../shared go test -run TestDevSet -v ./retrieval/analysis

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// config is one experiment: analysis options plus how the query is built.
type config struct {
	name       string
	builtinEn  bool             // bleve's "en" analyzer and a match query (the baseline)
	opts       analysis.Options // docent analysis
	titleBoost float64          // > 0: title is its own field with this boost; 0: title in text
	expand     float64          // > 0: add lexicon synonyms with this boost
	proximity  float64          // > 0: add adjacent-pair phrase queries with this boost
	rm3        rm3              // pseudo-relevance feedback
	k1, b      float64          // BM25 parameters; 0 keeps bleve's 1.2 / 0.75
	// idfPow > 0 reweights terms so a term counts idf^idfPow: bleve's BM25 multiplies the
	// term score (idf·tf part) by a query weight holding idf again, so idf² by default.
	idfPow float64
	// joinedW and partW weight the joined form of a hyphenated query word and its parts
	// (0 = 1).
	joinedW, partW float64
	// passage > 0 indexes each document as passages of about this many bytes, cut at
	// sentence ends, with the title on each (as docent indexes a corpus); documents are
	// ranked by their best passage.
	passage int
	// group nests additions so bleve's coordination factor (matching clauses / all
	// clauses) counts question terms only: each term with its synonyms is one clause,
	// all proximity phrases one clause, all feedback terms one clause.
	group bool
	// expandDF > 0 expands only terms found in fewer than expandDF documents.
	expandDF int
	// queryTerms builds the query with analysis.QueryTerms (the recommendation).
	queryTerms bool
	// irregularQuery > 0 (with Options.NoIrregular) adds each question term's irregular
	// relatives (its lemma, or the lemma's irregular forms) to the query at this weight.
	irregularQuery float64
	// rescore > 0 rescores bleve's top rescore documents with textbook BM25 (raw tf, the
	// real average length, no coordination factor) with rescoreK1 and rescoreB.
	rescore             int
	rescoreK1, rescoreB float64
}

type rm3 struct {
	docs, terms int     // feedback documents and expansion terms; 0 = off
	weight      float64 // boost of the expansion terms relative to the original terms
}

type doc struct{ id, title, text string }

type engine struct {
	cfg   config
	idx   bleve.Index
	an    *analysis.Analyzer
	stats *docStats // shared by the copies of one index's engine
}

// docStats are term counts of every document, computed on first use (feedback, df).
type docStats struct {
	once  sync.Once
	docs  []doc
	terms map[string]map[string]int // doc id → term counts
	lens  map[string]int
	df    map[string]int
}

func (e *engine) docStats() *docStats {
	s := e.stats
	s.once.Do(func() {
		s.terms, s.lens, s.df = map[string]map[string]int{}, map[string]int{}, map[string]int{}
		for _, d := range s.docs {
			c := map[string]int{}
			for _, t := range e.an.Tokens(d.title + "\n" + d.text) {
				c[t.Term]++
				s.lens[d.id]++
			}
			s.terms[d.id] = c
			for t := range c {
				s.df[t]++
			}
		}
	})
	return s
}

func newEngine(tb testing.TB, cfg config, docs []doc) (*engine, time.Duration) {
	tb.Helper()
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	an := "en"
	e := &engine{cfg: cfg}
	if !cfg.builtinEn {
		if err := analysis.RegisterOptions(m, cfg.opts); err != nil {
			tb.Fatal(err)
		}
		an = analysis.AnalyzerName
		var err error
		if e.an, err = analysis.New(cfg.opts); err != nil {
			tb.Fatal(err)
		}
	}
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range []string{"text", "title"} {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = an
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = true
		dm.AddFieldMappingsAt(f, fm)
	}
	m.DefaultMapping = dm
	// On disk: bleve's in-memory index reports no field statistics, and its BM25 then
	// silently falls back to tf-idf.
	idx, err := bleve.New(filepath.Join(tb.TempDir(), "index"), m)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	e.idx = idx
	t0 := time.Now()
	b := idx.NewBatch()
	for i, d := range docs {
		f := map[string]string{"text": d.title + "\n" + d.text}
		if cfg.titleBoost > 0 {
			f = map[string]string{"title": d.title, "text": d.text}
		}
		if err := b.Index(d.id, f); err != nil {
			tb.Fatal(err)
		}
		if b.Size() >= 1000 || i == len(docs)-1 {
			if err := idx.Batch(b); err != nil {
				tb.Fatal(err)
			}
			b.Reset()
		}
	}
	took := time.Since(t0)
	e.stats = &docStats{docs: docs}
	return e, took
}

// indexKey says which experiments can share an index: the analysis and the fields.
func (c config) indexKey() string {
	return fmt.Sprintf("%v/%+v/%v/%d", c.builtinEn, c.opts, c.titleBoost > 0, c.passage)
}

// engines builds each distinct index once.
type engines struct {
	tb    testing.TB
	docs  []doc
	built map[string]*engine
	took  map[string]time.Duration
}

func (es *engines) get(cfg config) (*engine, time.Duration) {
	k := cfg.indexKey()
	if es.built == nil {
		es.built, es.took = map[string]*engine{}, map[string]time.Duration{}
	}
	if e, ok := es.built[k]; ok {
		e2 := *e
		e2.cfg = cfg
		return &e2, es.took[k]
	}
	docs := es.docs
	if cfg.passage > 0 {
		docs = passages(docs, cfg.passage)
	}
	e, took := newEngine(es.tb, cfg, docs)
	es.built[k], es.took[k] = e, took
	return e, took
}

type weighted struct {
	term string
	w    float64
}

func (e *engine) fields() []string {
	if e.cfg.titleBoost > 0 {
		return []string{"text", "title"}
	}
	return []string{"text"}
}

func (e *engine) termQueries(ts []weighted) []query.Query {
	var qs []query.Query
	for _, t := range ts {
		for _, f := range e.fields() {
			tq := bleve.NewTermQuery(t.term)
			tq.SetField(f)
			w := t.w
			if e.cfg.idfPow > 0 {
				n, df := float64(len(e.docStats().terms)), float64(e.docStats().df[t.term])
				idf := math.Log(1 + (n-df+0.5)/(df+0.5))
				w *= math.Pow(idf, e.cfg.idfPow-2)
			}
			if f == "title" {
				w *= e.cfg.titleBoost
			}
			tq.SetBoost(w)
			qs = append(qs, tq)
		}
	}
	return qs
}

func (e *engine) run(ctx context.Context, q query.Query, k int) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, k, 0, false)
	return e.idx.SearchInContext(ctx, req)
}

func (e *engine) search(ctx context.Context, text string, k int) ([]*search.DocumentMatch, error) {
	if e.cfg.builtinEn {
		mq := bleve.NewMatchQuery(text)
		mq.SetField("text")
		res, err := e.run(ctx, mq, k)
		if err != nil {
			return nil, err
		}
		return res.Hits, nil
	}
	if e.cfg.queryTerms {
		var ts []weighted
		qts := e.an.QueryTerms(text, func(t string) int { return e.docStats().df[t] })
		for _, q := range qts {
			ts = append(ts, weighted{q.Term, q.Weight})
		}
		if e.cfg.irregularQuery > 0 {
			ts = e.addIrregular(ts, qts)
		}
		if len(ts) == 0 {
			return nil, nil
		}
		if e.cfg.rescore > 0 {
			res, err := e.run(ctx, bleve.NewDisjunctionQuery(e.termQueries(ts)...), max(k, e.cfg.rescore))
			if err != nil {
				return nil, err
			}
			hs := e.rescoreBM25(res.Hits, ts)
			return hs[:min(k, len(hs))], nil
		}
		res, err := e.run(ctx, bleve.NewDisjunctionQuery(e.termQueries(ts)...), k)
		return hits(res), err
	}
	toks := e.an.Tokens(text)
	var base []weighted
	seen := map[string]bool{}
	inJoined := -1 // position of the hyphenated word being read
	for _, t := range toks {
		w := 1.0
		switch {
		case t.Joined:
			inJoined = t.Pos
			if e.cfg.joinedW > 0 {
				w = e.cfg.joinedW
			}
		case inJoined > 0 && t.Start >= 0 && e.cfg.partW > 0 && isPart(toks, t, inJoined):
			w = e.cfg.partW
		}
		if !seen[t.Term] {
			seen[t.Term] = true
			base = append(base, weighted{t.Term, w})
		}
	}
	if len(base) == 0 {
		return nil, nil
	}
	var qs []query.Query
	for _, t := range base {
		clause := e.termQueries([]weighted{t})
		if e.cfg.expand > 0 && (e.cfg.expandDF == 0 || e.docStats().df[t.term] < e.cfg.expandDF) {
			var syn []weighted
			for _, s := range e.an.Expand(t.term) {
				if !seen[s] {
					seen[s] = true
					syn = append(syn, weighted{s, e.cfg.expand * t.w})
				}
			}
			if e.cfg.group && len(syn) > 0 {
				clause = []query.Query{bleve.NewDisjunctionQuery(append(clause, e.termQueries(syn)...)...)}
			} else {
				clause = append(clause, e.termQueries(syn)...)
			}
		}
		qs = append(qs, clause...)
	}
	if e.cfg.proximity > 0 {
		var phrases []query.Query
		for i := 1; i < len(toks); i++ {
			if toks[i].Pos == toks[i-1].Pos+1 && !toks[i].Joined {
				pq := bleve.NewPhraseQuery([]string{toks[i-1].Term, toks[i].Term}, "text")
				pq.SetBoost(e.cfg.proximity)
				phrases = append(phrases, pq)
			}
		}
		qs = append(qs, e.grouped(phrases)...)
	}
	res, err := e.run(ctx, bleve.NewDisjunctionQuery(qs...), k)
	if err != nil || e.cfg.rm3.docs == 0 || len(res.Hits) == 0 {
		return hits(res), err
	}
	exp := e.feedback(res.Hits, seen)
	qs = append(qs, e.grouped(e.termQueries(exp))...)
	res, err = e.run(ctx, bleve.NewDisjunctionQuery(qs...), k)
	return hits(res), err
}

// addIrregular adds the irregular relatives of the question's own terms.
func (e *engine) addIrregular(ts []weighted, qts []analysis.QueryTerm) []weighted {
	rel, err := analysis.IrregularRelatives(e.an)
	if err != nil {
		panic(err)
	}
	seen := map[string]bool{}
	for _, t := range ts {
		seen[t.term] = true
	}
	for _, q := range qts {
		if q.Expansion {
			continue
		}
		for _, r := range rel[q.Term] {
			if !seen[r] {
				seen[r] = true
				ts = append(ts, weighted{r, e.cfg.irregularQuery * q.Weight})
			}
		}
	}
	return ts
}

// grouped returns qs as one nested clause when the experiment groups additions.
func (e *engine) grouped(qs []query.Query) []query.Query {
	if !e.cfg.group || len(qs) == 0 {
		return qs
	}
	return []query.Query{bleve.NewDisjunctionQuery(qs...)}
}

func hits(r *bleve.SearchResult) []*search.DocumentMatch {
	if r == nil {
		return nil
	}
	return r.Hits
}

func (e *engine) answer(k int) func(ctx context.Context, q string) (retrieval.Result, error) {
	return func(ctx context.Context, q string) (retrieval.Result, error) {
		hs, err := e.search(ctx, q, k)
		if err != nil {
			return retrieval.Result{}, err
		}
		r := retrieval.Result{Question: q}
		for i, h := range hs {
			r.Passages = append(r.Passages, retrieval.Passage{Rank: i + 1, ID: h.ID, Score: h.Score,
				Citation: corpus.Citation{DocID: strings.SplitN(h.ID, "#", 2)[0]}})
		}
		return r, nil
	}
}

func readJSONL[T any](tb testing.TB, path string) []T {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func (c config) String() string {
	if c.builtinEn {
		return c.name + " (bleve en, match query)"
	}
	return fmt.Sprintf("%s (passage=%d shortstop=%v stem=%s joined=%v title=%g expand=%g prox=%g rm3=%d/%d/%g k1=%g b=%g idf^%g jw=%g pw=%g group=%v expandDF<%d)", c.name, c.passage, c.opts.ShortStop,
		c.opts.Stemmer, !c.opts.NoJoined, c.titleBoost, c.expand, c.proximity, c.rm3.docs, c.rm3.terms, c.rm3.weight, c.k1, c.b, c.idfPow, c.joinedW, c.partW, c.group, c.expandDF)
}

func (c config) setBM25() func() {
	k1, b := search.BM25_k1, search.BM25_b
	if c.k1 > 0 {
		search.BM25_k1 = c.k1
	}
	if c.b > 0 {
		search.BM25_b = c.b
	}
	return func() { search.BM25_k1, search.BM25_b = k1, b }
}
