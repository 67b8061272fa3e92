package retrieval

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/bleveindex"
	"github.com/docent-bot/docent/retrieval/internal/store"
)

func mustOpenStored(tb testing.TB, dir, fingerprint string) *Index {
	tb.Helper()
	ix, err := OpenStored(context.Background(), dir, fingerprint, Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		tb.Fatalf("OpenStored(%q): %v", dir, err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	return ix
}

// TestOpenStoredAnswersAsOpen: the bundled corpus's index, opened from its folder alone,
// answers every dev question, lists sources and shows passages exactly as the index
// opened with the corpus does.
func TestOpenStoredAnswersAsOpen(t *testing.T) {
	c := bundledCorpus(t)
	dir := t.TempDir()
	built := mustOpen(t, dir, c, Options{})
	stored := mustOpenStored(t, dir, c.Fingerprint)
	if got, want := stored.Stats(), built.Stats(); got.Passages != want.Passages || got.Documents != want.Documents {
		t.Fatalf("Stats() = %+v; want %+v", got, want)
	}
	questions := []string{"What did ANAMA do in Afghanistan?", "azerbaijan israel oil", "who wrote about iran",
		"When did Azerbaijan and Afghanistan establish diplomatic relations?", "zzzz qqqq"}
	for _, q := range questions {
		for _, query := range []Query{{Text: q, K: 10}, {Text: q, K: 3, OnePerDocument: true},
			{Text: q, K: 5, Scope: []string{c.Documents[0].ID}}} {
			got, want := mustAnswer(t, stored, query), mustAnswer(t, built, query)
			if diff := diffResults(got, want); diff != "" {
				t.Errorf("Answer(%+v) from the folder differs: %s", query, diff)
			}
			for i, p := range got.Passages {
				if len(p.Matches) != len(want.Passages[i].Matches) {
					t.Errorf("Answer(%q) passage %d: %d matches, want %d", q, i, len(p.Matches), len(want.Passages[i].Matches))
				}
			}
		}
	}
	for _, p := range c.Passages {
		got, ok := stored.Passage(p.ID)
		want, _ := built.Passage(p.ID)
		if !ok || got.Text != want.Text || got.Heading != want.Heading || !sameCitation(got.Citation, want.Citation) {
			t.Fatalf("Passage(%q) = %+v, %v; want %+v", p.ID, got, ok, want)
		}
	}
	if _, ok := stored.Passage("no such passage"); ok {
		t.Error("Passage of an unknown id found one")
	}
	gs, ws := stored.Sources(), built.Sources()
	if len(gs) != len(ws) {
		t.Fatalf("Sources() lists %d documents, want %d", len(gs), len(ws))
	}
	for i := range gs {
		if !sameCitation(gs[i].Citation, ws[i].Citation) || gs[i].Passages != ws[i].Passages {
			t.Errorf("source %d = %+v; want %+v", i, gs[i], ws[i])
		}
	}
}

// TestOpenStoredRefuses: whatever makes the folder unfit to answer alone is ErrStale,
// never a wrong answer; an index made before passages were kept gets them at its next
// Open with the corpus.
func TestOpenStoredRefuses(t *testing.T) {
	c := bundledCorpus(t)
	build := func(t *testing.T) (dir, folder string) {
		dir = t.TempDir()
		mustOpen(t, dir, c, Options{}).Close()
		return dir, bleveindex.FolderFor(dir, c)
	}
	cases := []struct {
		name        string
		fingerprint string
		damage      func(t *testing.T, dir, folder string)
	}{
		{"no index", "", func(t *testing.T, dir, _ string) { os.RemoveAll(dir) }},
		{"another corpus", "not this one", func(*testing.T, string, string) {}},
		{"no manifest", "", func(t *testing.T, dir, _ string) { os.Remove(filepath.Join(dir, "manifest.json")) }},
		{"no stored passages", "", func(t *testing.T, _, folder string) { os.Remove(filepath.Join(folder, store.FileName)) }},
		{"stored passages damaged", "", func(t *testing.T, _, folder string) {
			writeFile(t, filepath.Join(folder, store.FileName), "DCNTSTOR and nothing else")
		}},
		{"no analysis", "", func(t *testing.T, _, folder string) { os.Remove(filepath.Join(folder, "docent-forward.bin")) }},
		{"no abbreviations", "", func(t *testing.T, _, folder string) { os.Remove(filepath.Join(folder, "docent-abbrevs.txt")) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, folder := build(t)
			tc.damage(t, dir, folder)
			ix, err := OpenStored(context.Background(), dir, tc.fingerprint, Options{})
			if err == nil {
				ix.Close()
				t.Fatal("OpenStored succeeded")
			}
			if !errors.Is(err, ErrStale) {
				t.Errorf("OpenStored: %v; want ErrStale", err)
			}
		})
	}
	if _, err := OpenStored(context.Background(), "", "", Options{}); !errors.Is(err, ErrStale) {
		t.Errorf("OpenStored without a folder: %v; want ErrStale", err)
	}

	for name, damage := range map[string]func(folder string){
		"index from before the store": func(folder string) { os.Remove(filepath.Join(folder, store.FileName)) },
		"store of another format":     func(folder string) { writeFile(t, filepath.Join(folder, store.FileName), "DCNTSTOR\x01") },
	} {
		t.Run(name, func(t *testing.T) {
			dir, folder := build(t)
			damage(folder)
			ix := mustOpen(t, dir, c, Options{})
			if ix.Stats().Rebuilt {
				t.Errorf("the index was rebuilt (%s); want reused, its passages saved beside it", ix.Stats().Reason)
			}
			mustOpenStored(t, dir, c.Fingerprint)
		})
	}
}

// TestOpenStoredWhileUpdatePublishes: a read-only process that read the manifest just
// before an update published a new index, and removed the one it named, opens the new
// one rather than failing as if the index were stale.
func TestOpenStoredWhileUpdatePublishes(t *testing.T) {
	dir := t.TempDir()
	docs := testDocs()
	mustOpen(t, dir, testCorpus(docs), Options{}).Close()
	changed := append([]corpus.Document(nil), docs...)
	changed[0].Paragraphs = append([]corpus.Paragraph{{N: 1, Text: "A paragraph added at the top, so that the index is updated."}}, changed[0].Paragraphs...)
	for k := range changed[0].Paragraphs {
		changed[0].Paragraphs[k].N = k + 1
	}
	published := false
	testHookStoredOpened = func() {
		if !published {
			published = true
			mustOpen(t, dir, testCorpus(changed), Options{}).Close()
		}
	}
	defer func() { testHookStoredOpened = nil }()
	ix, err := OpenStored(context.Background(), dir, "", Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("OpenStored(%q) while an update published: %v", dir, err)
	}
	defer ix.Close()
	if !published {
		t.Fatal("the update was not published while the index opened")
	}
	if got, want := ix.Stats().Passages, len(testCorpus(changed).Passages); got != want {
		t.Errorf("opened %d passages; want the new index's %d", got, want)
	}
}
