package retrieval

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/corpus/corpustest"
	"github.com/docent-bot/docent/retrieval/internal/rank"
)

// The tests here change a corpus folder step by step and take each change into an index
// as docent index does (only the files whose metadata changed are read, the index is
// updated by the passages that changed), then check that the index answers exactly as
// one built from scratch on the same folder.

// junkLine is a paragraph a site prints in its articles: in two or more documents it is
// page junk and leaves all of them.
const junkLine = "The Riverside Gazette is printed by the valley cooperative in the old mill by the river."

// updateQuestions are asked of every index the tests compare.
var updateQuestions = []string{
	"What did the council decide about the harbour bridge?",
	"Who built the old mill by the river?",
	"When was the festival of lanterns first held?",
	"How do farmers protect the orchards from frost?",
	"Why did the ferry stop running in winter?",
	"Where does the Riverside Gazette newsletter come from?",
	"What happened to the copper mine?",
	"Which school won the rowing race?",
	"What is quantum chromodynamics?",
	"Tell me about the lantern bridge and the mill.",
}

// updateWords make the generated articles: few enough that questions match many
// passages, and some passages tie.
var updateWords = strings.Fields(`council harbour bridge mill river festival lanterns farmers
orchards frost ferry winter copper mine school rowing race valley town market bakery
church tower station train road storm flood summer harvest apples pears wool sheep
fishermen boats lighthouse museum library mayor teacher doctor children families
built decided opened closed protected repaired celebrated remembered painted crossed
old new first last small great quiet busy early late northern southern`)

// testFolder is a corpus folder that tests change; every file gets a modification time
// of its own, well in the past, so that metadata tell changes apart.
type testFolder struct {
	t     testing.TB
	dir   string
	clock time.Time
}

func newTestFolder(t testing.TB) *testFolder {
	return &testFolder{t: t, dir: t.TempDir(), clock: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (f *testFolder) path(name string) string { return filepath.Join(f.dir, filepath.FromSlash(name)) }

func (f *testFolder) write(name, text string) {
	f.t.Helper()
	p := f.path(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		f.t.Fatal(err)
	}
	_ = os.Remove(p) // it may be a symbolic link
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		f.t.Fatal(err)
	}
	f.touch(name)
}

func (f *testFolder) read(name string) string {
	f.t.Helper()
	b, err := os.ReadFile(f.path(name))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

// touch gives name a new modification time, its content unchanged.
func (f *testFolder) touch(name string) {
	f.t.Helper()
	f.clock = f.clock.Add(time.Minute)
	if err := os.Chtimes(f.path(name), f.clock, f.clock); err != nil {
		f.t.Fatal(err)
	}
}

func (f *testFolder) remove(name string) {
	f.t.Helper()
	if err := os.Remove(f.path(name)); err != nil {
		f.t.Fatal(err)
	}
}

func (f *testFolder) rename(from, to string) {
	f.t.Helper()
	if err := os.MkdirAll(filepath.Dir(f.path(to)), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.Rename(f.path(from), f.path(to)); err != nil {
		f.t.Fatal(err)
	}
}

// breakFile leaves name in the folder but unreadable: a link to nothing (the tests may
// run as root, who reads a file whatever its permissions).
func (f *testFolder) breakFile(name string) {
	f.t.Helper()
	f.remove(name)
	if err := os.Symlink(filepath.Join(f.dir, "missing", "target.txt"), f.path(name)); err != nil {
		f.t.Fatal(err)
	}
}

// files lists the folder's article files, sorted.
func (f *testFolder) files() []string {
	var names []string
	_ = filepath.WalkDir(f.dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(p, ".txt") {
			rel, _ := filepath.Rel(f.dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	return names
}

// article is a generated article, with junkLine when withJunk.
func article(rng *rand.Rand, withJunk bool) string {
	text := corpustest.Article(rng, updateWords)
	if withJunk {
		return withJunkLine(text)
	}
	return text
}

// withJunkLine puts junkLine in an article, after its first paragraph.
func withJunkLine(text string) string {
	paras := strings.Split(text, "\n\n")
	return strings.Join(slices.Insert(paras, min(3, len(paras)), junkLine), "\n\n")
}

// withoutJunkLine takes junkLine out of an article.
func withoutJunkLine(text string) string {
	return strings.Replace(text, junkLine+"\n\n", "", 1)
}

// indexer takes a folder into an index folder as docent index does: the corpus snapshot
// says which files to read, and the index is updated by the passages that changed.
type indexer struct {
	dir, indexDir string
	snap          *corpus.Snapshot
}

func newIndexer(t testing.TB, dir string) *indexer {
	return &indexer{dir: dir, indexDir: filepath.Join(t.TempDir(), "index")}
}

// run loads the folder and opens its index; the index is closed when the test ends.
func (x *indexer) run(t testing.TB) (*Index, *corpus.Corpus, corpus.Changes) {
	t.Helper()
	c, next, ch, err := corpus.LoadDirFrom(context.Background(), x.dir, x.snap, corpus.Options{})
	if err != nil {
		t.Fatalf("LoadDirFrom: %v", err)
	}
	x.snap = next
	return mustOpen(t, x.indexDir, c, Options{}), c, ch
}

// nextGeneration is run as a live reload does it: the index goes into a new folder, made
// from the current one, which becomes the current one.
func (x *indexer) nextGeneration(t testing.TB) *Index {
	t.Helper()
	c, next, _, err := corpus.LoadDirFrom(context.Background(), x.dir, x.snap, corpus.Options{})
	if err != nil {
		t.Fatalf("LoadDirFrom: %v", err)
	}
	x.snap = next
	dir := filepath.Join(t.TempDir(), "generation")
	ix := mustOpen(t, dir, c, Options{UpdateFrom: x.indexDir})
	x.indexDir = dir
	return ix
}

// checkAsBuilt checks that ix answers every question exactly as an index built from
// scratch on the same folder: the same passages in the same order with the same scores,
// the same answer sentence and the same decision.
func checkAsBuilt(t *testing.T, ix *Index, dir string) {
	t.Helper()
	c, err := corpus.LoadDir(context.Background(), dir, corpus.Options{})
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	fresh := mustOpen(t, "", c, Options{})
	if got, want := ix.Stats().Passages, fresh.Stats().Passages; got != want {
		t.Fatalf("updated index holds %d passages, a fresh build %d", got, want)
	}
	// With the default depth, rescoring orders every passage of a small corpus, whatever
	// bleve scored; a shallow one lets bleve's scores (and its ties) choose and order.
	shallow := DefaultParams()
	shallow.RescoreDepth = 3
	defer ix.SetParams(ix.Params())
	for _, p := range []Params{DefaultParams(), shallow} {
		ix.SetParams(p)
		fresh.SetParams(p)
		for _, q := range updateQuestions {
			for _, query := range []Query{{Text: q, K: 20}, {Text: q, K: 5, OnePerDocument: true}} {
				got, want := mustAnswer(t, ix, query), mustAnswer(t, fresh, query)
				if diff := diffResults(got, want); diff != "" {
					t.Errorf("Answer(%q, per document %v, rescoring %d) updated differs from built: %s",
						q, query.OnePerDocument, p.RescoreDepth, diff)
				}
			}
		}
	}
	if got, want := ix.Sources(), fresh.Sources(); !slices.EqualFunc(got, want, func(a, b Source) bool {
		return sameCitation(a.Citation, b.Citation) && a.Passages == b.Passages
	}) {
		t.Errorf("Sources() = %+v; a fresh build lists %+v", got, want)
	}
}

// diffResults describes how got differs from want, or "" when it does not.
func diffResults(got, want Result) string {
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a), math.Abs(b)) }
	switch {
	case got.Total != want.Total:
		return fmt.Sprintf("Total %d, want %d", got.Total, want.Total)
	case got.NoAnswer != want.NoAnswer || got.Hedged != want.Hedged:
		return fmt.Sprintf("NoAnswer, Hedged = %v, %v; want %v, %v", got.NoAnswer, got.Hedged, want.NoAnswer, want.Hedged)
	case got.Answer != want.Answer || !sameCitation(got.AnswerCitation, want.AnswerCitation):
		return fmt.Sprintf("answer %q (%+v), want %q (%+v)", got.Answer, got.AnswerCitation, want.Answer, want.AnswerCitation)
	case !close(got.Confidence, want.Confidence) || !close(got.OnTopic, want.OnTopic):
		return fmt.Sprintf("confidence %v, on topic %v; want %v, %v", got.Confidence, got.OnTopic, want.Confidence, want.OnTopic)
	case len(got.Passages) != len(want.Passages):
		return fmt.Sprintf("%d passages, want %d", len(got.Passages), len(want.Passages))
	}
	for i, p := range got.Passages {
		w := want.Passages[i]
		if p.ID != w.ID || p.Text != w.Text || !sameCitation(p.Citation, w.Citation) || !close(p.Score, w.Score) {
			return fmt.Sprintf("passage %d is %s (%v), want %s (%v)", i+1, p.ID, p.Score, w.ID, w.Score)
		}
	}
	return ""
}

// sameCitation compares citations, dates as instants (a snapshot decodes them with
// another location).
func sameCitation(a, b corpus.Citation) bool {
	if !a.Published.Equal(b.Published) {
		return false
	}
	a.Published, b.Published = time.Time{}, time.Time{}
	return a == b
}

// TestUpdateAnswersAsBuilt takes one change at a time into an index and checks, after
// each, what was re-read, that the index was updated rather than rebuilt, and that it
// answers as a fresh build.
func TestUpdateAnswersAsBuilt(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	f := newTestFolder(t)
	for i := range 12 {
		f.write(fmt.Sprintf("news/%02d.txt", i), article(rng, i == 3))
	}
	x := newIndexer(t, f.dir)
	hasJunk := func(c *corpus.Corpus, doc string) bool {
		for _, p := range c.Passages {
			if p.DocID == doc && strings.Contains(p.Text, junkLine) {
				return true
			}
		}
		return false
	}

	if _, c, _ := x.run(t); !hasJunk(c, "news/03.txt") {
		t.Fatal("the line printed in one document is not in its passages")
	}
	tests := []struct {
		name   string
		change func()
		want   corpus.Changes // Added, Changed, Removed, Touched
		reason string         // Stats.Reason; "" when the index is reused as it is
		check  func(t *testing.T, c *corpus.Corpus)
	}{
		{"add", func() { f.write("news/new.txt", article(rng, false)) },
			corpus.Changes{Added: 1}, "updated", nil},
		{"change", func() { f.write("news/01.txt", article(rng, false)) },
			corpus.Changes{Changed: 1}, "updated", nil},
		{"remove", func() { f.remove("news/02.txt") },
			corpus.Changes{Removed: 1}, "updated", nil},
		{"rename", func() { f.rename("news/04.txt", "archive/04.txt") },
			corpus.Changes{Added: 1, Removed: 1}, "updated", nil},
		{"touch without change", func() { f.touch("news/05.txt") },
			corpus.Changes{Touched: 1}, "", nil},
		{"file becomes unreadable", func() { f.breakFile("news/06.txt") },
			corpus.Changes{Removed: 1}, "updated", nil},
		{"unreadable file readable again", func() { f.write("news/06.txt", article(rng, false)) },
			corpus.Changes{Added: 1}, "updated", nil},
		{"junk line appears in a second document", func() { f.write("news/07.txt", withJunkLine(f.read("news/07.txt"))) },
			corpus.Changes{Changed: 1}, "updated", func(t *testing.T, c *corpus.Corpus) {
				if hasJunk(c, "news/03.txt") || hasJunk(c, "news/07.txt") {
					t.Errorf("the line printed in two documents is still in their passages")
				}
			}},
		{"junk line leaves the second document", func() { f.write("news/07.txt", withoutJunkLine(f.read("news/07.txt"))) },
			corpus.Changes{Changed: 1}, "updated", func(t *testing.T, c *corpus.Corpus) {
				if !hasJunk(c, "news/03.txt") {
					t.Errorf("the line printed in one document again is not back in its passages")
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change()
			ix, c, ch := x.run(t)
			got := corpus.Changes{Added: ch.Added, Changed: ch.Changed, Removed: ch.Removed, Touched: ch.Touched}
			if got != tt.want {
				t.Errorf("changes = %+v; want %+v", got, tt.want)
			}
			if s := ix.Stats(); map[bool]string{true: s.Reason}[s.Rebuilt] != tt.reason {
				t.Errorf("Stats = %+v; want reason %q", s, tt.reason)
			}
			if tt.check != nil {
				tt.check(t, c)
			}
			checkAsBuilt(t, ix, f.dir)
		})
	}
}

// TestUpdatePropertyAnswersAsBuilt applies random sequences of changes to a generated
// folder, takes each step into an index as docent index does (or, one step in three, into
// a new folder from the current one, as a live reload does), and checks that the index
// answers exactly as one built from scratch on the same folder.
func TestUpdatePropertyAnswersAsBuilt(t *testing.T) {
	seeds, steps := 4, 8
	if testing.Short() {
		seeds, steps = 1, 5
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 12))
			f := newTestFolder(t)
			for i := range 10 + rng.IntN(10) {
				f.write(fmt.Sprintf("d%d/%03d.txt", i%3, i), article(rng, rng.IntN(4) == 0))
			}
			x := newIndexer(t, f.dir)
			x.run(t)
			updated := 0
			for step := range steps {
				var did []string
				for range 1 + rng.IntN(3) {
					did = append(did, randomChange(rng, f))
				}
				var ix *Index
				if rng.IntN(3) == 0 {
					did = append(did, "(a new generation)")
					ix = x.nextGeneration(t)
				} else {
					ix, _, _ = x.run(t)
				}
				if ix.Stats().Reason == "updated" {
					updated++
				}
				t.Logf("step %d: %s: %+v", step, strings.Join(did, ", "), ix.Stats())
				checkAsBuilt(t, ix, f.dir)
				// a process answering from the folder alone answers the same
				checkAsBuilt(t, mustOpenStored(t, x.indexDir, ""), f.dir)
				if t.Failed() {
					return
				}
			}
			if updated == 0 {
				t.Errorf("no step updated the index: the test compares nothing")
			}
		})
	}
}

// randomChange makes one random change to f and says what it did.
func randomChange(rng *rand.Rand, f *testFolder) string {
	files := f.files()
	pick := func() string { return files[rng.IntN(len(files))] }
	switch k := rng.IntN(8); {
	case k == 0 || len(files) < 4:
		name := fmt.Sprintf("d%d/n%04d.txt", rng.IntN(3), rng.IntN(10000))
		f.write(name, article(rng, rng.IntN(3) == 0))
		return "add " + name
	case k == 1:
		name := pick()
		f.write(name, article(rng, rng.IntN(3) == 0))
		return "rewrite " + name
	case k == 2:
		name := pick()
		f.remove(name)
		return "remove " + name
	case k == 3:
		name, to := pick(), fmt.Sprintf("d%d/r%04d.txt", rng.IntN(3), rng.IntN(10000))
		f.rename(name, to)
		return "rename " + name + " to " + to
	case k == 4:
		name := pick()
		f.touch(name)
		return "touch " + name
	case k == 5:
		name := pick()
		text := f.read(name)
		if strings.Contains(text, junkLine) {
			f.write(name, withoutJunkLine(text))
			return "junk out of " + name
		}
		f.write(name, withJunkLine(text))
		return "junk into " + name
	case k == 6:
		name := pick()
		f.breakFile(name)
		return "break " + name
	default:
		name := pick()
		text := f.read(name)
		paras := strings.Split(strings.TrimSpace(text), "\n\n")
		i := 2 + rng.IntN(max(1, len(paras)-2))
		paras = slices.Insert(paras, min(i, len(paras)), strings.TrimSuffix(article(rng, false), "\n\n"))
		f.write(name, strings.Join(paras, "\n\n")+"\n")
		return "insert a paragraph into " + name
	}
}

// TestFieldTermsAsMeasured checks the BM25 statistic computed from the passages against
// the one bleve measures on a corpus of one chunk (one batch, one segment): the ranking
// was tuned with bleve's.
func TestFieldTermsAsMeasured(t *testing.T) {
	for name, c := range map[string]*corpus.Corpus{"small": testCorpus(testDocs()), "generated": benchCorpus(900)} {
		ix := mustOpen(t, "", c, Options{})
		measured, err := ix.bi.MeasuredFieldTerms()
		if err != nil {
			t.Fatal(err)
		}
		got := fieldTerms(rank.Analyse(context.Background(), c.Documents, c.Passages, ix.docOf), ix.docOf)
		if got.Text != measured["text"] || got.Doc != measured["doc"] || got.Author != measured["author"] {
			t.Errorf("%s: FieldTerms = %+v; bleve measures %v", name, got, measured)
		}
	}
}

// TestUpdateAfterCrash leaves the index folder as an update killed at some point would
// leave it, and checks that the next run repairs or rebuilds it, answers as a fresh
// build, and removes what the killed run left.
func TestUpdateAfterCrash(t *testing.T) {
	tests := []struct {
		name  string
		crash func(t *testing.T, indexDir, current string) // current: the index sub-folder in use
	}{
		{"killed while copying or indexing", func(t *testing.T, indexDir, current string) {
			copyDir(t, current, filepath.Join(indexDir, "index-killed.tmp"))
			writeFile(t, filepath.Join(indexDir, "index-killed.tmp", "store", "half.zap"), "half a segm")
		}},
		{"killed before the manifest", func(t *testing.T, indexDir, current string) {
			copyDir(t, current, filepath.Join(indexDir, "index-zzzzzzzz"))
		}},
		{"passage keys damaged", func(t *testing.T, indexDir, current string) {
			writeFile(t, filepath.Join(current, "docent-passages.bin"), "garbage")
		}},
		{"analysis damaged", func(t *testing.T, indexDir, current string) {
			writeFile(t, filepath.Join(current, forwardFile), "garbage")
		}},
		// an update links the earlier segments into the new index: damage inside one must
		// make it build anew, not carry the damage on into an index that fails to answer
		{"segment bytes flipped inside", func(t *testing.T, indexDir, current string) {
			damageSegments(t, current, func(c []byte) {
				for i := len(c) / 4; i < len(c)/2; i++ {
					c[i] ^= 0xA5
				}
			})
		}},
		{"segment zeroed inside", func(t *testing.T, indexDir, current string) {
			damageSegments(t, current, func(c []byte) { clear(c[64 : len(c)-64]) })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 12))
			f := newTestFolder(t)
			for i := range 8 {
				f.write(fmt.Sprintf("%02d.txt", i), article(rng, false))
			}
			x := newIndexer(t, f.dir)
			ix, _, _ := x.run(t)
			current := ix.bi.Folder
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			f.write("03.txt", article(rng, false))
			tt.crash(t, x.indexDir, current)
			ix, _, _ = x.run(t)
			checkAsBuilt(t, ix, f.dir)
			if names := indexFolderNames(t, x.indexDir); len(names) != 2 {
				t.Errorf("index folder holds %v; want the manifest and one index", names)
			}
		})
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// damageSegments rewrites every zap segment of the index in folder through damage, as new
// files (the earlier index's are hard links of the one before).
func damageSegments(t *testing.T, folder string, damage func([]byte)) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(folder, "store", "*.zap"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("segments of %s: %v, %v", folder, paths, err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		damage(b)
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, string(b))
	}
}
