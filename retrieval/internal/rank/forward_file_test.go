package rank

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

func forwardEqual(a, b *Forward) bool {
	setsEqual := func(x, y sets) bool { return slices.Equal(x.ids, y.ids) && slices.Equal(x.at, y.at) }
	return a.dict == b.dict && slices.Equal(a.termAt, b.termAt) && slices.Equal(a.sorted, b.sorted) &&
		slices.Equal(a.df, b.df) && slices.Equal(a.toks, b.toks) && slices.Equal(a.tokAt, b.tokAt) &&
		slices.Equal(a.start, b.start) && slices.Equal(a.width, b.width) && slices.Equal(a.wide, b.wide) &&
		slices.Equal(a.textLen, b.textLen) && setsEqual(a.heading, b.heading) && setsEqual(a.title, b.title) &&
		setsEqual(a.authors, b.authors) && setsEqual(a.bm25Heading, b.bm25Heading) &&
		setsEqual(a.bm25Title, b.bm25Title) && setsEqual(a.bm25Authors, b.bm25Authors) &&
		slices.Equal(a.length, b.length) && a.lengthSum == b.lengthSum
}

// loadWith loads the analysis in dir reading its tokens from the file when they are over
// above bytes.
func loadWith(t *testing.T, above int64, dir string, passages, docs int) *Forward {
	t.Helper()
	was := readTokensAbove
	readTokensAbove = above
	defer func() { readTokensAbove = was }()
	f, err := loadForward(dir, passages, docs)
	if err != nil {
		t.Fatal(err)
	}
	if (f.tokFile != nil) != (above == 0) {
		t.Fatalf("tokens read from the file: %v; want %v", f.tokFile != nil, above == 0)
	}
	return f
}

// TestForwardTokensReadFromFile: an analysis whose tokens are read from its file gives
// every passage's tokens, spans, analysis and evidence as the one it was saved from.
func TestForwardTokensReadFromFile(t *testing.T) {
	for name, c := range forwardCorpora(t) {
		docOf := docIndex(c)
		f := Analyse(context.Background(), c.Documents, c.Passages, docOf)
		dir := t.TempDir()
		if err := f.Save(dir); err != nil {
			t.Fatal(err)
		}
		g := loadWith(t, 0, dir, len(c.Passages), len(c.Documents))
		if g.numToks() != len(f.toks) || g.ChunkTerms(7, docOf) != f.ChunkTerms(7, docOf) {
			t.Fatalf("%s: %d tokens (want %d) or other chunk terms", name, g.numToks(), len(f.toks))
		}
		var terms []analysis.QueryTerm
		for _, tk := range analysis.Tokens(c.Passages[0].Text + " " + c.Passages[len(c.Passages)-1].Text) {
			terms = append(terms, analysis.QueryTerm{Term: tk.Term})
		}
		qf, qg := f.lookup(terms), g.lookup(terms)
		var buf []ftoken
		for i := range c.Passages {
			buf = g.passageToks(i, buf)
			start, width := g.passageSpans(i)
			if !slices.Equal(buf, f.toks[f.tokAt[i]:f.tokAt[i+1]]) || !slices.Equal(start, f.start[f.tokAt[i]:f.tokAt[i+1]]) ||
				!slices.Equal(width, f.width[f.tokAt[i]:f.tokAt[i+1]]) {
				t.Fatalf("%s: passage %d: tokens or spans differ", name, i)
			}
			a, aok := f.passageTokens(i)
			b, bok := g.passageTokens(i)
			if aok != bok || !slices.Equal(a, b) {
				t.Fatalf("%s: passageTokens(%d) differ: %v %v %d %d", name, i, aok, bok, len(a), len(b))
			}
			at, ax := f.found(&qf, i, docOf[i])
			bt, bx := g.found(&qg, i, docOf[i])
			if !slices.Equal(at, bt) || len(ax) != len(bx) {
				t.Fatalf("%s: found(%d) differs", name, i)
			}
		}
	}
}

func TestForwardSaveLoad(t *testing.T) {
	for name, c := range forwardCorpora(t) {
		f := Analyse(context.Background(), c.Documents, c.Passages, docIndex(c))
		dir := t.TempDir()
		if err := f.Save(dir); err != nil {
			t.Fatal(err)
		}
		g, err := loadForward(dir, len(c.Passages), len(c.Documents))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !forwardEqual(f, g) {
			t.Errorf("%s: the loaded analysis differs from the saved one", name)
		}
		for id := range f.numTerms() {
			term := f.term(uint32(id))
			if got, ok := g.termID(term); !ok || got != uint32(id) || g.docFreq(term) != f.docFreq(term) {
				t.Fatalf("%s: termID(%q) = %d, %v; want %d", name, term, got, ok, id)
			}
		}
		if _, ok := g.termID("zzzz-not-a-term"); ok {
			t.Errorf("%s: found a term the corpus lacks", name)
		}
		if _, err := loadForward(dir, len(c.Passages)+1, len(c.Documents)); err == nil {
			t.Errorf("%s: loaded for a corpus with another number of passages", name)
		}
	}
}

// TestForwardLoadedStringsOwnMemory checks that what a mapped analysis gives its callers
// (terms, tokens, the vocabulary) stays readable after the analysis is unreachable and
// its mapping released: a string pointing into the mapping would fault here.
func TestForwardLoadedStringsOwnMemory(t *testing.T) {
	c := testCorpus(testDocs())
	dir := t.TempDir()
	if err := Analyse(context.Background(), c.Documents, c.Passages, docIndex(c)).Save(dir); err != nil {
		t.Fatal(err)
	}
	g, err := loadForward(dir, len(c.Passages), len(c.Documents))
	if err != nil {
		t.Fatal(err)
	}
	toks, _ := g.passageTokens(0)
	extra := g.extraTerms(0, docIndex(c)[0])
	vocab := g.vocabulary()
	g = nil
	for range 5 {
		runtime.GC() // runs the cleanup that unmaps the file
	}
	n := 0
	for _, tk := range toks {
		n += len(tk.Term) + vocab.DF(tk.Term)
	}
	for term := range extra {
		n += len(term)
	}
	if n == 0 {
		t.Error("nothing read")
	}
}

// TestForwardLoadDamaged: a damaged file gives an error at load, or, where opening cannot
// check without reading every token, loads and answers without a fault.
func TestForwardLoadDamaged(t *testing.T) {
	c := testCorpus(testDocs())
	docOf := docIndex(c)
	dir := t.TempDir()
	path := filepath.Join(dir, forwardFile)
	f := Analyse(context.Background(), c.Documents, c.Passages, docOf)
	if err := f.Save(dir); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	load := func(b []byte) (*Forward, error) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return loadForward(dir, len(c.Passages), len(c.Documents))
	}
	flip := func(k int) []byte { b := slices.Clone(good); b[k] ^= 0x10; return b }
	damaged := map[string][]byte{
		"empty":      nil,
		"other file": []byte("DOCENTFWD but not really"),
		"extra byte": append(slices.Clone(good), 0),
	}
	for k := range tableEnd + 4 {
		damaged["header byte "+strconv.Itoa(k)+" flipped"] = flip(k)
	}
	le := binary.LittleEndian
	for k := range numSections {
		off, size := le.Uint64(good[headerSize+16*k:]), le.Uint64(good[headerSize+16*k+8:])
		damaged["truncated at section "+strconv.Itoa(k)] = good[:off]
		damaged["truncated inside section "+strconv.Itoa(k)] = good[:off+size/2]
	}
	for name, b := range damaged {
		if _, err := load(b); err == nil {
			t.Errorf("%s: loaded a damaged file", name)
		}
	}

	// damage behind an intact header: the arrays changed, the file saved as they are
	tests := []struct {
		name    string
		damage  func(f *Forward)
		loadErr bool
	}{
		{"token offsets falling", func(f *Forward) { f.tokAt[1], f.tokAt[2] = f.tokAt[2], f.tokAt[1]-1 }, true},
		{"token offsets past the tokens", func(f *Forward) { f.tokAt[len(f.tokAt)-1]++ }, true},
		{"dictionary offsets falling", func(f *Forward) { f.termAt[1] = f.termAt[2] + 1 }, true},
		{"dictionary out of order", func(f *Forward) { f.sorted[0], f.sorted[1] = f.sorted[1], f.sorted[0] }, true},
		{"sorted id out of range", func(f *Forward) { f.sorted[len(f.sorted)-1] = uint32(f.numTerms()) }, true},
		{"heading id out of range", func(f *Forward) { f.heading.ids[0] = 1 << 30 }, true},
		{"title id out of range", func(f *Forward) { f.bm25Title.ids[0] = uint32(f.numTerms()) }, true},
		{"set offsets falling", func(f *Forward) { f.authors.at[1] = f.authors.at[len(f.authors.at)-1] + 1 }, true},
		{"wide passage out of range", func(f *Forward) { f.wide = []uint32{uint32(len(f.tokAt))} }, true},
		{"token ids out of range", func(f *Forward) {
			for k := range f.toks {
				if k%3 == 0 {
					f.toks[k].id = uint32(f.numTerms()) + uint32(k)
				}
			}
		}, false},
		{"spans past the text", func(f *Forward) {
			for k := range f.start {
				f.start[k] += 1 << 20
			}
		}, false},
		{"positions and lengths garbage", func(f *Forward) {
			for k := range f.toks {
				f.toks[k].pos = ^uint32(k)
			}
			for k := range f.length {
				f.length[k] = 1 << 31
			}
			f.lengthSum = 0
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Analyse(context.Background(), c.Documents, c.Passages, docOf)
			tt.damage(f)
			var buf writerBuf
			if err := f.encode(&buf); err != nil {
				t.Fatal(err)
			}
			g, err := load(buf)
			if tt.loadErr {
				if err == nil {
					t.Fatal("loaded a damaged file")
				}
				return
			}
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			useEverything(t, g, c, docOf)
			if tt.name == "token ids out of range" { // such passages are analysed again
				reused := make([]int, len(c.Passages))
				for i := range reused {
					reused[i] = i
				}
				want := Analyse(context.Background(), c.Documents, c.Passages, docOf)
				if !forwardEqual(Reanalyse(context.Background(), g, reused, nil, c.Documents, c.Passages, docOf), want) {
					t.Error("Reanalyse of a file with damaged token ids differs from Analyse")
				}
			}
		})
	}
}

// useEverything reads all of f as answers and updates do; it must not panic.
func useEverything(t *testing.T, f *Forward, c *corpus.Corpus, docOf []int) {
	t.Helper()
	e := NewEngine(c.Documents, Passages(c.Passages), docOf, f, FindAbbrevs(c.Documents, c.Passages))
	for i := range c.Passages {
		e.analysis(i)
	}
	p := DefaultParams()
	for _, text := range []string{"When did the littoral states agree a moratorium on sturgeon fishing?", "caviar black markets"} {
		q := e.Question(text, &p)
		cands := make([]Candidate, len(c.Passages))
		for i := range cands {
			cands[i] = Candidate{Passage: i, BM25: 1, Score: 1}
		}
		e.Rescore(&p, q, cands)
		e.Rerank(&p, q, cands)
		_ = f.lookup([]analysis.QueryTerm{{Term: "caviar"}})
	}
	f.ChunkTerms(3, docOf)
	reused := make([]int, len(c.Passages))
	for i := range reused {
		reused[i] = i
	}
	if Reanalyse(context.Background(), f, reused, nil, c.Documents, c.Passages, docOf) == nil {
		t.Fatal("Reanalyse gave nothing")
	}
}

type writerBuf []byte

func (w *writerBuf) Write(b []byte) (int, error) { *w = append(*w, b...); return len(b), nil }

// TestForwardBigEndianPath saves and loads as a big-endian host would: arrays encoded and
// decoded into the heap instead of used in place.
func TestForwardBigEndianPath(t *testing.T) {
	c := testCorpus(testDocs())
	f := Analyse(context.Background(), c.Documents, c.Passages, docIndex(c))
	dir := t.TempDir()
	defer func(le bool) { littleEndian = le }(littleEndian)
	littleEndian = false
	if err := f.Save(dir); err != nil {
		t.Fatal(err)
	}
	g, err := loadForward(dir, len(c.Passages), len(c.Documents))
	if err != nil {
		t.Fatal(err)
	}
	if !forwardEqual(f, g) {
		t.Error("the analysis loaded by the big-endian path differs from the saved one")
	}
	littleEndian = true
	h, err := loadForward(dir, len(c.Passages), len(c.Documents))
	if err != nil || !forwardEqual(f, h) {
		t.Errorf("the file written by the big-endian path reads differently in place (%v)", err)
	}
}

// TestForwardSectionChecksums: a byte changed inside a section is found by its checksum:
// at every open for the small sections, and by the load of an update (LoadFrom) for the
// tokens and their spans too, so that an update never copies damaged tokens into the
// index it makes.
func TestForwardSectionChecksums(t *testing.T) {
	c := testCorpus(testDocs())
	dir := t.TempDir()
	if err := Analyse(context.Background(), c.Documents, c.Passages, docIndex(c)).Save(dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, forwardFile)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	for _, tt := range []struct {
		name    string
		section int
		open    bool // an answering process still opens the file
	}{
		{"dictionary", secDict, false},
		{"document frequencies", secDF, false},
		{"lengths", secLength, false},
		{"tokens", secToks, true},
		{"spans", secStart, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := slices.Clone(good)
			off, size := le.Uint64(b[headerSize+16*tt.section:]), le.Uint64(b[headerSize+16*tt.section+8:])
			if size == 0 {
				t.Fatal("empty section")
			}
			b[off+size/2] ^= 0x04
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := LoadFrom(dir, len(c.Passages), len(c.Documents)); err == nil {
				t.Error("LoadFrom loaded a damaged file")
			}
			_, err := loadForward(dir, len(c.Passages), len(c.Documents))
			if tt.open && err != nil {
				t.Errorf("loadForward: %v; want the tokens left unchecked at open", err)
			}
			if !tt.open && err == nil {
				t.Error("loadForward loaded a damaged file")
			}
		})
	}
}
