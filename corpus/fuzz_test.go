package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// checkDocuments asserts what every parsed document guarantees, and that passages
// cut from it keep all of its text within the size limits.
func checkDocuments(t *testing.T, docs []Document, validInput bool) {
	t.Helper()
	for _, d := range docs {
		if d.ID == "" {
			t.Fatalf("document without id")
		}
		if len(d.Paragraphs) == 0 {
			t.Fatalf("document %q without paragraphs", d.ID)
		}
		for i, p := range d.Paragraphs {
			if p.N != i+1 {
				t.Fatalf("%s: paragraph %d numbered %d", d.ID, i+1, p.N)
			}
			if strings.TrimSpace(p.Text) == "" {
				t.Fatalf("%s: empty paragraph %d", d.ID, p.N)
			}
			if validInput && !utf8.ValidString(p.Text) {
				t.Fatalf("%s: paragraph %d is not valid UTF-8: %q", d.ID, p.N, p.Text)
			}
		}
		for _, limits := range [][2]int{{DefaultMinPassage, DefaultMaxPassage}, {10, 40}} {
			checkPassages(t, d, cutPassages(d, limits[0], limits[1]), limits[1])
		}
	}
}

func checkPassages(t *testing.T, d Document, ps []Passage, max int) {
	t.Helper()
	ids := map[string]bool{}
	var got, want strings.Builder
	for _, p := range ps {
		if ids[p.ID] {
			t.Fatalf("%s: duplicate passage id %s", d.ID, p.ID)
		}
		ids[p.ID] = true
		if len(p.Text) > max {
			t.Fatalf("%s: passage %s is %d bytes, over %d", d.ID, p.ID, len(p.Text), max)
		}
		if p.ParaFirst < 1 || p.ParaLast < p.ParaFirst || p.ParaLast > len(d.Paragraphs) {
			t.Fatalf("%s: passage %s has paragraphs %d-%d of %d", d.ID, p.ID, p.ParaFirst, p.ParaLast, len(d.Paragraphs))
		}
		got.WriteString(p.Text)
	}
	for _, p := range d.Paragraphs {
		want.WriteString(p.Text)
	}
	squeeze := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	if g, w := squeeze(got.String()), squeeze(want.String()); g != w {
		t.Fatalf("%s: passages do not hold the paragraphs' text:\n%q\nwant\n%q", d.ID, g, w)
	}
}

// addFiles adds the files under testdata (and the bundled corpus) with extension ext as seeds.
func addFiles(f *testing.F, ext string) {
	_ = filepath.WalkDir("testdata", func(p string, de fs.DirEntry, err error) error {
		if err == nil && !de.IsDir() && strings.HasSuffix(p, ext) {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
		return nil
	})
	if ext == ".txt" {
		entries, _ := fs.ReadDir(Bundled(), ".")
		for _, e := range entries {
			data, _ := fs.ReadFile(Bundled(), e.Name())
			f.Add(data)
		}
	}
}

func fuzzParse(f *testing.F, name string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	addFiles(f, filepath.Ext(name))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, err := ParseFile(name, data)
		if err != nil && len(docs) > 0 && filepath.Ext(name) != ".jsonl" && filepath.Ext(name) != ".md" {
			t.Fatalf("ParseFile returned documents and an error: %v", err)
		}
		checkDocuments(t, docs, utf8.Valid(data))
	})
}

func FuzzParseFileTxt(f *testing.F) {
	fuzzParse(f, "a.txt", "", "Title\n\nBody text here.", "By A and B\n\nMay 8, 2023\n\nText. More text.",
		"i n t e r n a t i o n a l", "AUTHOR’S BIO: Jane Doe is a writer.", "- item\n- item 2", "\xff\xfe")
}

func FuzzParseFileMarkdown(f *testing.F) {
	fuzzParse(f, "a.md", "---\ntitle: x\n---\n# H\n\ntext.", "---\nauthor: [a, b]\ndate: 2020-01-01\n---\n",
		"---\n: : :\n---\nbody.", "Setext\n======\n\ntext *em* **strong** `code` [link](u) ![img](i)",
		"```\ncode\n```\n> quote\n| a | b |\n|---|---|\n| 1 | 2 |", "---\ntags: {a: b}\n---\nx.")
}

func FuzzParseFileHTML(f *testing.F) {
	fuzzParse(f, "a.html", "<p>Hello world. This is text.</p>", "<html><head><title>T</title></head><body><h1>T</h1><p>x.</p>",
		"<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>", "<ul><li>a</li></ul><blockquote>q</blockquote>", "<<<>>>")
}

func FuzzParseFileJSONL(f *testing.F) {
	fuzzParse(f, "a.jsonl", `{"_id":"1","title":"t","text":"x"}`, "{}\n{\"_id\":2}\n", `{"_id":"a","text":"p1\n\np2","metadata":{"author":["x","y"],"tags":"z"}}`,
		`{"_id":"1","text":"a"}`+"\n"+`{"_id":"1","text":"b"}`, "[1,2]\nnull\n\"s\"\n")
}

// FuzzClean runs the cleaning rules on arbitrary text lines and checks the result is
// well formed and that passages keep every word of every paragraph.
func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"Skip to main content\nTitle\nBy A B\nText of the article that is long enough to be prose.",
		"Live Story\nA para.\nLive Story\nAnother para here.", "x [Getty]", "Read 5 times",
		"Jane Doe is the CEO of X.\nFollow her on Twitter: @jd", "keep readingShow less",
		"BACKGROUND: text. IMPLICATIONS: more.", "p u r p o s e f u l l y d e t e r i o r a t e d",
	} {
		f.Add(s, false)
	}
	entries, _ := fs.ReadDir(Bundled(), ".")
	for _, e := range entries {
		data, _ := fs.ReadFile(Bundled(), e.Name())
		f.Add(string(data), false)
		f.Add(string(data), true)
	}
	f.Fuzz(func(t *testing.T, text string, structured bool) {
		var units []unit
		for i, line := range strings.Split(text, "\n") {
			units = append(units, unit{text: line, kind: unitKind(i % 4)})
			if !structured {
				units[len(units)-1].kind = uText
			}
		}
		d := buildDocument(Document{ID: "f"}, units, structured)
		if len(d.Paragraphs) == 0 {
			return
		}
		checkDocuments(t, []Document{d}, utf8.ValidString(text))
		cleanCorpus([]Document{d, d})
	})
}
