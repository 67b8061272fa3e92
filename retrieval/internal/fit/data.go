package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/eval"
)

// Kinds of question, as the decision's figures are reported.
const (
	kindAnswerable   = "answerable"
	kindAdversarial  = "adversarial" // on topic, written beside a paragraph that does not answer it
	kindOffCorpus    = "off-corpus"  // about an article the corpus lacks
	kindUnanswerable = "unanswerable"
)

// item is one question of a dataset with what judges its result.
type item struct {
	text string
	kind string
	fold int
	// judge scores a result: gain is the dataset's ranking metric for the question (RR or
	// nDCG), rank the rank of the first right passage (0: none), sentOK whether the answer
	// sentence is a gold one (for sets that have them).
	judge func(res retrieval.Result) (gain float64, rank int, sentOK bool)
	gold  []string // the gold answer sentences, for sets that have them
}

func (it item) answerable() bool { return it.kind == kindAnswerable }

// dataset is one question set over one index.
type dataset struct {
	name      string
	ix        *retrieval.Index
	items     []item
	query     retrieval.Query // K and OnePerDocument; Text is set per question
	weight    float64         // in the ranking objective
	sentences bool            // judges the answer sentence
	decision  bool            // its questions calibrate the decision
}

// foldOf deals keys into k folds by hash, so a key's questions share a fold.
func foldOf(key string, k int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(k))
}

// dealFolds deals sorted keys round-robin into k folds: folds of near-equal numbers of
// articles.
func dealFolds(keys []string, k int) map[string]int {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	m := make(map[string]int, len(keys))
	for i, key := range keys {
		m[key] = i % k
	}
	return m
}

func readLines[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, v)
	}
	return out, sc.Err()
}

func openIndex(ctx context.Context, c *corpus.Corpus) (*retrieval.Index, error) {
	return retrieval.Open(ctx, "", c, retrieval.Options{})
}

// squadQuestion is one line of bench/squad/questions.jsonl.
type squadQuestion struct {
	ID        string   `json:"id"`
	Question  string   `json:"question"`
	Kind      string   `json:"kind"`
	Doc       *string  `json:"doc"`
	SourceDoc string   `json:"source_doc"`
	Paragraph *int     `json:"paragraph"`
	Sentences []string `json:"sentences"`
}

// loadSQuAD reads bench/squad: its corpus folder and its answerable, adversarial and
// off-corpus questions, folded by article.
func loadSQuAD(ctx context.Context, dir string, k int) (*dataset, error) {
	c, err := corpus.LoadDir(ctx, filepath.Join(dir, "corpus"), corpus.Options{})
	if err != nil {
		return nil, fmt.Errorf("squad corpus: %w", err)
	}
	qs, err := readLines[squadQuestion](filepath.Join(dir, "questions.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("squad questions: %w", err)
	}
	var articles []string
	for _, q := range qs {
		articles = append(articles, q.article())
	}
	folds := dealFolds(articles, k)
	ix, err := openIndex(ctx, c)
	if err != nil {
		return nil, err
	}
	d := &dataset{name: "squad", ix: ix, query: retrieval.Query{K: 10, NoMatches: true}, weight: 1,
		sentences: true, decision: true}
	for _, q := range qs {
		it := item{text: q.Question, kind: q.Kind, fold: folds[q.article()]}
		if q.Kind == kindAnswerable && q.Doc != nil && q.Paragraph != nil {
			doc, para, gold := *q.Doc, *q.Paragraph, q.Sentences
			it.gold = gold
			it.judge = func(res retrieval.Result) (float64, int, bool) {
				rank := 0
				for i, p := range res.Passages {
					c := p.Citation
					if filepath.Base(c.DocID) == doc && c.ParaFirst <= para && para <= c.ParaLast {
						rank = i + 1
						break
					}
				}
				return recip(rank), rank, eval.SameSentence(res.Answer, gold)
			}
		}
		d.items = append(d.items, it)
	}
	return d, nil
}

func (q squadQuestion) article() string {
	if q.Doc != nil {
		return *q.Doc
	}
	return q.SourceDoc
}

func recip(rank int) float64 {
	if rank == 0 {
		return 0
	}
	return 1 / float64(rank)
}

// loadSciFact reads a BEIR folder's corpus and its training queries, folded by their
// first relevant document.
func loadSciFact(ctx context.Context, dir string, k int) (*dataset, error) {
	set, err := eval.LoadBEIR(eval.BEIRFiles{Dir: dir, Queries: filepath.Join(dir, "queries.train.jsonl"), Split: "train"})
	if err != nil {
		return nil, err
	}
	c, err := corpus.LoadDir(ctx, dir, corpus.Options{})
	if err != nil {
		return nil, fmt.Errorf("scifact corpus: %w", err)
	}
	ix, err := openIndex(ctx, c)
	if err != nil {
		return nil, err
	}
	d := &dataset{name: "scifact", ix: ix, query: retrieval.Query{K: 10, OnePerDocument: true, NoMatches: true}, weight: 1}
	for _, q := range set.Queries {
		rel := set.Qrels[q.ID]
		var docs []string
		for id, g := range rel {
			if g > 0 {
				docs = append(docs, id)
			}
		}
		slices.Sort(docs)
		d.items = append(d.items, item{text: q.Text, kind: kindAnswerable, fold: foldOf(docs[0], k),
			judge: func(res retrieval.Result) (float64, int, bool) {
				ranked, _ := eval.DocRanking(res.Passages)
				rank := 0
				for i, id := range ranked {
					if rel[id] > 0 {
						rank = i + 1
						break
					}
				}
				return eval.NDCG(ranked, rel, 10), rank, false
			}})
	}
	return d, nil
}

// loadDevSets reads question files in dev.jsonl's format over the bundled corpus, folded
// by their gold document (unanswerable ones by id).
func loadDevSets(ctx context.Context, paths []string, k int) ([]*dataset, error) {
	c, err := corpus.Load(ctx, corpus.Bundled(), corpus.Options{})
	if err != nil {
		return nil, fmt.Errorf("bundled corpus: %w", err)
	}
	ix, err := openIndex(ctx, c)
	if err != nil {
		return nil, err
	}
	var docs []string
	for _, d := range c.Documents {
		docs = append(docs, d.ID)
	}
	folds := dealFolds(docs, k)
	var out []*dataset
	for _, path := range paths {
		qs, err := eval.ReadQuestions(path)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(path), ".jsonl")
		d := &dataset{name: name, ix: ix, query: retrieval.Query{K: 5, NoMatches: true}, weight: 0.25, decision: true}
		for _, q := range qs {
			it := item{text: q.Question, kind: kindUnanswerable, fold: foldOf(q.ID, k)}
			if q.Answerable() {
				gold := q.Gold
				it.kind, it.fold = kindAnswerable, folds[gold[0].Doc]
				it.judge = func(res retrieval.Result) (float64, int, bool) {
					rank := eval.GoldRank(gold, res.Passages)
					return recip(rank), rank, false
				}
			}
			d.items = append(d.items, it)
		}
		out = append(out, d)
	}
	return out, nil
}
