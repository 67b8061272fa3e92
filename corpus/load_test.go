package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/docent-bot/docent/corpus/webpage"
)

// logRecorder is a slog handler that keeps every record, for asserting on warnings.
type logRecorder struct {
	mu      sync.Mutex
	records []string
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *logRecorder) WithGroup(string) slog.Handler            { return r }
func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	var b strings.Builder
	b.WriteString(rec.Level.String() + " " + rec.Message)
	rec.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	r.mu.Lock()
	r.records = append(r.records, b.String())
	r.mu.Unlock()
	return nil
}

// find returns the records at level that contain every one of parts.
func (r *logRecorder) find(level slog.Level, parts ...string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, rec := range r.records {
		if !strings.HasPrefix(rec, level.String()+" ") {
			continue
		}
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(rec, p)
		}
		if ok {
			out = append(out, rec)
		}
	}
	return out
}

func loadTestdata(t *testing.T) (*Corpus, *logRecorder) {
	t.Helper()
	rec := &logRecorder{}
	c, err := LoadDir(context.Background(), filepath.Join("testdata", "loader"), Options{Logger: slog.New(rec)})
	if err != nil {
		t.Fatalf("LoadDir(testdata/loader) error: %v", err)
	}
	return c, rec
}

func TestLoadDirFormats(t *testing.T) {
	c, rec := loadTestdata(t)
	var ids []string
	for _, d := range c.Documents {
		ids = append(ids, d.ID)
	}
	want := []string{"d1", "d2", "42", "nested/deeper/inner.txt", "notes.md", "plain.txt"}
	if !slices.Equal(ids, want) {
		t.Errorf("document ids = %q; want %q", ids, want)
	}

	plain := docByID(t, c, "plain.txt")
	if plain.Title != "A Plain Text Report" || !slices.Equal(plain.Authors, []string{"Jane Roe", "John Doe"}) ||
		!plain.Published.Equal(time.Date(2021, 3, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("plain.txt metadata = %q %q %v", plain.Title, plain.Authors, plain.Published)
	}
	if len(plain.Paragraphs) != 3 || !strings.Contains(plain.Paragraphs[0].Text, "deltas they build are home") {
		t.Errorf("plain.txt paragraphs = %+v; want 3 with wrapped lines joined", plain.Paragraphs)
	}
	if plain.Paragraphs[1].Heading != "Sediment budgets" {
		t.Errorf("plain.txt ¶2 heading = %q; want %q", plain.Paragraphs[1].Heading, "Sediment budgets")
	}
	if plain.AuthorBio != "Jane Roe is a hydrologist at the Institute of Water Studies." {
		t.Errorf("plain.txt AuthorBio = %q", plain.AuthorBio)
	}

	md := docByID(t, c, "notes.md")
	if md.Title != "Field Notes on Glaciers" || !slices.Equal(md.Authors, []string{"Ada Lovelace", "Charles Babbage"}) ||
		!md.Published.Equal(time.Date(2022, 7, 14, 0, 0, 0, 0, time.UTC)) || md.URL != "https://example.org/glaciers" ||
		!slices.Equal(md.Tags, []string{"ice", "climate"}) {
		t.Errorf("notes.md metadata = %q %q %v %q %q", md.Title, md.Authors, md.Published, md.URL, md.Tags)
	}
	var texts []string
	for _, p := range md.Paragraphs {
		texts = append(texts, p.Heading+"|"+p.Text)
	}
	wantMD := []string{
		"|Glaciers in the Alps have lost about half of their volume since 1900, according to the survey. The loss sped up after 1980.",
		"Measuring ice|Stakes drilled into the ice show how much melts each summer.",
		"Measuring ice|Radar flown over the glacier measures how thick the ice is.",
		"Measuring ice|The glacier is a slow river of ice that remembers every winter.",
		"Measuring ice|Mass balance is the difference between snow gained in winter and ice lost in summer.",
	}
	if !slices.Equal(texts, wantMD) {
		t.Errorf("notes.md paragraphs:\n%s\nwant:\n%s", strings.Join(texts, "\n"), strings.Join(wantMD, "\n"))
	}

	d2 := docByID(t, c, "d2")
	if d2.Title != "Second" || !slices.Equal(d2.Authors, []string{"Mary Major"}) || d2.URL != "https://example.org/d2" ||
		!d2.Published.Equal(time.Date(2020, 2, 3, 0, 0, 0, 0, time.UTC)) || !slices.Equal(d2.Tags, []string{"geology"}) {
		t.Errorf("d2 metadata = %+v", d2)
	}

	for _, w := range []struct{ parts []string }{
		{[]string{"docs.jsonl:2", "invalid JSON"}},
		{[]string{"docs.jsonl:4", "missing _id"}},
		{[]string{"docs.jsonl:6", "no title and no text"}},
		{[]string{"docs.jsonl:8", "duplicate _id"}},
		{[]string{"empty.txt", "empty"}},
		{[]string{"bad-utf8.txt", "UTF-8"}},
	} {
		if got := rec.find(slog.LevelWarn, w.parts...); len(got) != 1 {
			t.Errorf("warnings containing %q: %q; want one", w.parts, got)
		}
	}
	if got := rec.find(slog.LevelInfo, "image.png"); len(got) != 1 {
		t.Errorf("log lines about image.png = %q; want one", got)
	}
	if got := rec.find(slog.LevelWarn, "secret"); len(got) != 0 {
		t.Errorf("hidden folder was read: %q", got)
	}
}

func TestLoadUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	good := "Good File\n\nThis file can be read, and it holds a paragraph long enough to be article text for the test.\n"
	if err := os.WriteFile(filepath.Join(dir, "good.txt"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "locked.txt")
	if err := os.WriteFile(locked, []byte(good), 0o000); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(locked); err == nil {
		f.Close()
		t.Skip("running with privileges that read a mode 000 file (root)")
	}
	rec := &logRecorder{}
	c, err := LoadDir(context.Background(), dir, Options{Logger: slog.New(rec)})
	if err != nil {
		t.Fatalf("LoadDir error: %v", err)
	}
	if len(c.Documents) != 1 || c.Documents[0].ID != "good.txt" {
		t.Errorf("documents = %d; want only good.txt", len(c.Documents))
	}
	if got := rec.find(slog.LevelWarn, "locked.txt"); len(got) != 1 {
		t.Errorf("warnings about locked.txt = %q; want one", got)
	}
}

func TestLoadNoDocuments(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
	}{
		{"empty folder", fstest.MapFS{}},
		{"only unsupported", fstest.MapFS{"a.pdf": {Data: []byte("%PDF")}, "b.docx": {Data: []byte("x")}}},
		{"only bad files", fstest.MapFS{"a.txt": {Data: []byte("  \n")}, "b.md": {Data: []byte("\xff\xfe")},
			"c.jsonl": {Data: []byte("{bad\n")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(context.Background(), tt.fsys, Options{})
			if !errors.Is(err, ErrNoDocuments) {
				t.Errorf("Load() error = %v; want ErrNoDocuments", err)
			}
		})
	}
	_, err := LoadDir(context.Background(), t.TempDir(), Options{})
	if !errors.Is(err, ErrNoDocuments) || !strings.Contains(err.Error(), os.TempDir()) {
		t.Errorf("LoadDir(empty) error = %v; want ErrNoDocuments naming the folder", err)
	}
	if _, err := LoadDir(context.Background(), filepath.Join(t.TempDir(), "missing"), Options{}); err == nil {
		t.Error("LoadDir(missing folder) succeeded")
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, Bundled(), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Load(cancelled) error = %v; want context.Canceled", err)
	}
}

func TestLoadFileSizeCap(t *testing.T) {
	big := bytes.Repeat([]byte("A sentence of filler text that repeats. "), 100)
	fsys := fstest.MapFS{
		"big.txt":   {Data: big},
		"small.txt": {Data: []byte("Small\n\nA short file that still holds a proper sentence of article text.\n")},
	}
	rec := &logRecorder{}
	c, err := Load(context.Background(), fsys, Options{Logger: slog.New(rec), MaxFileSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Documents) != 1 || c.Documents[0].ID != "small.txt" {
		t.Errorf("documents = %v; want only small.txt", c.Documents)
	}
	if got := rec.find(slog.LevelWarn, "big.txt", "limit"); len(got) != 1 {
		t.Errorf("warnings about big.txt = %q; want one", got)
	}
}

func TestFingerprintChanges(t *testing.T) {
	base := fstest.MapFS{"a.txt": {Data: []byte("Title\n\nFirst paragraph of the article, long enough to be text.\n")}}
	load := func(fsys fstest.MapFS, opts Options) string {
		t.Helper()
		c, err := Load(context.Background(), fsys, opts)
		if err != nil {
			t.Fatal(err)
		}
		return c.Fingerprint
	}
	fp := load(base, Options{})
	changedText := fstest.MapFS{"a.txt": {Data: []byte("Title\n\nFirst paragraph of the article, long enough to be texts.\n")}}
	changedTitle := fstest.MapFS{"a.txt": {Data: []byte("Title 2\n\nFirst paragraph of the article, long enough to be text.\n")}}
	renamed := fstest.MapFS{"b.txt": base["a.txt"]}
	for name, other := range map[string]string{
		"text": load(changedText, Options{}), "title": load(changedTitle, Options{}), "id": load(renamed, Options{}),
		"passage size": load(base, Options{MaxPassage: 20}),
	} {
		if other == fp {
			t.Errorf("fingerprint unchanged after a change of %s", name)
		}
	}
	if again := load(base, Options{}); again != fp {
		t.Errorf("fingerprint of the same corpus changed: %s then %s", fp, again)
	}
}

func TestParseFileHTML(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "parse", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := ParseFile("pages/article.html", data)
	if err != nil {
		t.Fatalf("ParseFile(article.html) error: %v", err)
	}
	d := docs[0]
	if d.ID != "pages/article.html" || d.Title != "Salt Roads of the Sahara" ||
		!slices.Equal(d.Authors, []string{"Amina Diallo", "Karl Berg"}) ||
		!d.Published.Equal(time.Date(2021, 9, 14, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("metadata = %q %q %q %v", d.ID, d.Title, d.Authors, d.Published)
	}
	var got []string
	for _, p := range d.Paragraphs {
		got = append(got, p.Heading+"|"+p.Text)
	}
	want := []string{
		"|For a thousand years, caravans of camels carried slabs of salt from the mines of Taoudenni to the markets of Timbuktu, where the salt was worth its weight in gold.",
		"The mines|Miners cut the salt from the floor of a dry lake bed in blocks of about thirty kilograms. The work is hard and the pay is poor, but the trade has survived café owners, colonial rulers and trucks.",
		"The mines|Each camel carries four blocks of salt.",
		"The mines|A caravan takes three weeks to reach Timbuktu.",
		"The mines|Salt comes from the north, gold from the south, and silver from the country of the white men.",
		"The markets|In Timbuktu, traders still buy the blocks, and many of them sell the salt on to merchants from the south who pay in cash or in grain.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("paragraphs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFromArticle(t *testing.T) {
	a := &webpage.Article{
		Title: "  A Title ", Author: "By Ann Lee & Bo Chen", SiteName: "The Site",
		Published: time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC),
		Blocks: []webpage.Block{
			{Kind: webpage.Heading, Text: "A Title"},
			{Kind: webpage.Paragraph, Text: "The first paragraph of the article says something of substance here."},
			{Kind: webpage.Heading, Text: "Part two"},
			{Kind: webpage.ListItem, Text: "A list item"},
			{Kind: webpage.Quote, Text: "A quoted line that matters."},
			{Kind: webpage.Heading, Text: "Part three"},
			{Kind: webpage.Paragraph, Text: "The last paragraph closes the article with a sentence."},
		},
	}
	meta, units := fromArticle("x.html", a)
	d := buildDocument(meta, units, true)
	if d.Title != "A Title" || !slices.Equal(d.Authors, []string{"Ann Lee", "Bo Chen"}) || d.Publication != "The Site" ||
		!d.Published.Equal(a.Published) {
		t.Errorf("metadata = %q %q %q %v", d.Title, d.Authors, d.Publication, d.Published)
	}
	var got []string
	for _, p := range d.Paragraphs {
		got = append(got, fmt.Sprintf("%d|%s|%s", p.N, p.Heading, p.Text))
	}
	want := []string{
		"1||The first paragraph of the article says something of substance here.",
		"2|Part two|A list item",
		"3|Part two|A quoted line that matters.",
		"4|Part three|The last paragraph closes the article with a sentence.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("paragraphs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestParseJSONLBigFile checks that a file parsed in parallel runs keeps the order of
// documents and reports bad lines and duplicates with their own line numbers.
func TestParseJSONLBigFile(t *testing.T) {
	var b bytes.Buffer
	const n = 30000
	for i := 1; i <= n; i++ {
		switch i {
		case 25000:
			b.WriteString("{broken\n")
		case 29000:
			b.WriteString(`{"_id": "doc7", "text": "a duplicate of an early document"}` + "\n")
		default:
			fmt.Fprintf(&b, `{"_id": "doc%d", "title": "Title %d", "text": "Text of document number %d, padded to make the file big enough to split."}`+"\n", i, i, i)
		}
	}
	docs, err := ParseFile("big.jsonl", b.Bytes())
	if len(docs) != n-2 {
		t.Fatalf("ParseFile: %d documents; want %d", len(docs), n-2)
	}
	for i, d := range docs[:100] {
		if want := fmt.Sprintf("doc%d", i+1); d.ID != want {
			t.Fatalf("document %d has id %s; want %s", i, d.ID, want)
		}
	}
	if docs[len(docs)-1].ID != fmt.Sprintf("doc%d", n) {
		t.Errorf("last document is %s", docs[len(docs)-1].ID)
	}
	msg := fmt.Sprint(err)
	if !strings.Contains(msg, "big.jsonl:25000: invalid JSON") || !strings.Contains(msg, "big.jsonl:29000: duplicate _id \"doc7\" (first on line 7)") {
		t.Errorf("ParseFile error = %v; want line 25000 invalid and line 29000 duplicate", err)
	}
	if strings.Index(msg, ":25000:") > strings.Index(msg, ":29000:") {
		t.Errorf("errors out of line order: %v", err)
	}
}

func TestParseFileUTF16(t *testing.T) {
	text := "Title\r\n\r\nA paragraph saved by a Windows editor, with a café in it.\r\n"
	var b bytes.Buffer
	b.WriteString("\xff\xfe")
	for _, r := range text {
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	docs, err := ParseFile("win.txt", b.Bytes())
	if err != nil {
		t.Fatalf("ParseFile(UTF-16) error: %v", err)
	}
	if got := docs[0].Paragraphs[0].Text; got != "A paragraph saved by a Windows editor, with a café in it." {
		t.Errorf("paragraph = %q", got)
	}
}

func TestLoadRemovesSharedBoilerplate(t *testing.T) {
	footer := "The Weekly Gazette is published by the Gazette Foundation, an independent nonprofit newsroom founded in 1998."
	a := "Rivers Rise\n\nThe rivers of the north rose again this spring, and the towns along them prepared sandbags early.\n\n" + footer + "\n"
	b := "Bridges Fall\n\nTwo old bridges collapsed in the storm, cutting the valley off from the coast for a week.\n\n" + footer + "\n"
	dup := "Same Story\n\nThis document is printed twice in the corpus under two different names, word for word.\n"
	fsys := fstest.MapFS{"a.txt": {Data: []byte(a)}, "b.txt": {Data: []byte(b)},
		"c.txt": {Data: []byte(dup)}, "d.txt": {Data: []byte(dup)}}
	c, err := Load(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Documents {
		switch d.ID {
		case "a.txt", "b.txt":
			if len(d.Paragraphs) != 1 || strings.Contains(d.Paragraphs[0].Text, "Gazette") {
				t.Errorf("%s paragraphs = %+v; want the shared footer removed", d.ID, d.Paragraphs)
			}
		case "c.txt", "d.txt":
			if len(d.Paragraphs) != 1 {
				t.Errorf("%s lost its only paragraph, shared with a duplicate document", d.ID)
			}
		}
	}
}

func TestOptionsDefaults(t *testing.T) {
	o := Options{MinPassage: 5000, MaxPassage: 300}.withDefaults()
	if o.MinPassage != 300 || o.MaxPassage != 300 || o.MaxFileSize != DefaultMaxFileSize || o.Logger == nil {
		t.Errorf("withDefaults = %+v", o)
	}
	o = Options{}.withDefaults()
	if o.MinPassage != DefaultMinPassage || o.MaxPassage != DefaultMaxPassage {
		t.Errorf("withDefaults of zero Options = %+v", o)
	}
}

// TestLoadBEIRFolder checks that a folder laid out as a BEIR collection loads only its
// corpus.jsonl, not the queries beside it; without a qrels folder every file is a document.
func TestLoadBEIRFolder(t *testing.T) {
	doc := []byte(`{"_id": "d1", "title": "Sturgeon", "text": "Sturgeon live in the Caspian Sea."}` + "\n")
	query := []byte(`{"_id": "q1", "text": "Where do sturgeon live?"}` + "\n")
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{"BEIR folder", fstest.MapFS{
			"corpus.jsonl": {Data: doc}, "queries.jsonl": {Data: query}, "queries.test.jsonl": {Data: query},
			"qrels/test.tsv": {Data: []byte("query-id\tcorpus-id\tscore\nq1\td1\t1\n")},
		}, []string{"d1"}},
		{"BEIR folder inside a corpus", fstest.MapFS{
			"notes.md":             {Data: []byte("# Notes\n\nThe Volga flows into the Caspian Sea.\n")},
			"scifact/corpus.jsonl": {Data: doc}, "scifact/queries.jsonl": {Data: query},
			"scifact/qrels/test.tsv": {Data: []byte("query-id\tcorpus-id\tscore\n")},
		}, []string{"notes.md", "d1"}},
		{"no qrels: every file counts", fstest.MapFS{
			"corpus.jsonl": {Data: doc}, "queries.jsonl": {Data: query},
		}, []string{"d1", "q1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(context.Background(), tc.fsys, Options{Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range c.Documents {
				got = append(got, d.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("documents = %v; want %v", got, tc.want)
			}
		})
	}
}

// TestFingerprintNamesPages: a paged document whose text stays but whose pages move gets
// another fingerprint, since its citations name pages (an index answering from its
// folder keeps them).
func TestFingerprintNamesPages(t *testing.T) {
	doc := func(pages ...int) *Corpus {
		d := Document{ID: "a.pdf", Title: "A"}
		for i, p := range pages {
			d.Paragraphs = append(d.Paragraphs, Paragraph{N: i + 1, Text: fmt.Sprintf("Paragraph %d of the paper, long enough to be a passage of its own.", i+1), Page: p})
		}
		c, err := assemble([]string{"a.pdf"}, [][]Document{{d}}, nil, nil, "test", Options{}.withDefaults())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	plain, paged, moved := doc(0, 0, 0), doc(1, 1, 2), doc(1, 2, 2)
	if plain.Fingerprint == paged.Fingerprint || paged.Fingerprint == moved.Fingerprint {
		t.Errorf("fingerprints %s, %s, %s; want all different", plain.Fingerprint, paged.Fingerprint, moved.Fingerprint)
	}
	if again := doc(1, 1, 2); again.Fingerprint != paged.Fingerprint {
		t.Errorf("the same paged document: fingerprint %s then %s", paged.Fingerprint, again.Fingerprint)
	}
}
