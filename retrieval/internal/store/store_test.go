package store

import (
	"context"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

func bundled(t *testing.T) (*corpus.Corpus, []int) {
	t.Helper()
	c, err := corpus.Load(context.Background(), corpus.Bundled(), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c, testkit.DocOf(c)
}

func TestStoreReadsWhatWasWritten(t *testing.T) {
	c, of := bundled(t)
	// a paged document, so that the stored pages are checked too
	paged := corpus.Document{ID: "paper.pdf", Title: "Paper", Authors: []string{"A", "B"}, Paragraphs: []corpus.Paragraph{
		{N: 1, Text: "one", Page: 1}, {N: 2, Text: "two", Page: 2}, {N: 3, Text: "three", Page: 2}}}
	docs := append(c.Documents, paged)
	passages := append(c.Passages, corpus.Passage{ID: "paper.pdf#2-3", DocID: "paper.pdf", Heading: "Ünïcode ✓", ParaFirst: 2, ParaLast: 3, Text: "two\n\nthree"})
	of = append(of, len(docs)-1)

	dir := t.TempDir()
	if err := Write(dir, docs, passages, of); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != len(passages) || len(s.Documents()) != len(docs) || !reflect.DeepEqual(s.DocOf(), of) {
		t.Fatalf("store holds %d passages, %d documents; want %d, %d", s.Len(), len(s.Documents()), len(passages), len(docs))
	}
	for i, d := range s.Documents() {
		want := docs[i]
		want.Paragraphs = nil
		if !reflect.DeepEqual(d, want) && !(d.Published.Equal(want.Published) && d.ID == want.ID) {
			t.Errorf("document %d = %+v; want %+v", i, d, want)
		}
	}
	for i, want := range passages {
		p, cite := s.Passage(i)
		if p != want {
			t.Errorf("passage %d = %+v; want %+v", i, p, want)
		}
		if wantCite := docs[of[i]].Cite(want); !reflect.DeepEqual(cite, wantCite) && !cite.Published.Equal(wantCite.Published) {
			t.Errorf("citation %d = %+v; want %+v", i, cite, wantCite)
		}
		if s.Text(i) != want.Text || s.Heading(i) != want.Heading {
			t.Errorf("passage %d: text or heading differ", i)
		}
		if j, ok := s.Find(want.ID); !ok || j != i {
			t.Errorf("Find(%q) = %d, %v; want %d", want.ID, j, ok, i)
		}
	}
	if _, cite := s.Passage(len(passages) - 1); cite.Page != 2 || cite.PagePara != 1 || cite.PageLast != 2 || cite.PageParaLast != 2 {
		t.Errorf("paged citation = %+v; want p. 2, ¶¶ 1–2", cite)
	}
	for _, id := range []string{"", "nope", passages[0].ID + "x", "\xff"} {
		if _, ok := s.Find(id); ok {
			t.Errorf("Find(%q) found a passage", id)
		}
	}
}

func TestStoreDamaged(t *testing.T) {
	c, of := bundled(t)
	dir := t.TempDir()
	if err := Write(dir, c.Documents, c.Passages, of); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	var h header
	if _, err := binary.Decode(good[len(magic):], binary.LittleEndian, &h); err != nil {
		t.Fatal(err)
	}
	recordsFiles, err := filepath.Glob(filepath.Join(dir, "docent-records-*.bin"))
	if err != nil || len(recordsFiles) != 1 {
		t.Fatalf("records files %v, %v; want one", recordsFiles, err)
	}
	records, err := os.ReadFile(recordsFiles[0])
	if err != nil {
		t.Fatal(err)
	}
	// reseal puts the checksum right again, so that the checks behind it are reached
	reseal := func(b []byte) []byte {
		end := len(magic) + binary.Size(h)
		sum := crc32.Update(crc32.ChecksumIEEE(b[:end]), crc32.IEEETable, b[h.Docs:])
		binary.LittleEndian.PutUint32(b[end:], sum)
		return b
	}
	set := func(off uint64, v uint32) func([]byte) []byte {
		return func(b []byte) []byte { binary.LittleEndian.PutUint32(b[off:], v); return reseal(b) }
	}
	third := h.Records + recordSize*3 // the record of passage 3
	cases := []struct {
		name    string
		damage  func([]byte) []byte
		records func([]byte) []byte // damages the records file; nil leaves it
	}{
		{"empty", func([]byte) []byte { return nil }, nil},
		{"truncated header", func(b []byte) []byte { return b[:40] }, nil},
		{"truncated tables", func(b []byte) []byte { return b[:h.Sorted] }, nil},
		{"truncated names", func(b []byte) []byte { return b[:len(b)-8] }, nil},
		{"not a store", func(b []byte) []byte { b[0] = 'X'; return b }, nil},
		{"other format", set(uint64(len(magic)), format+1), nil},
		{"header byte flipped", func(b []byte) []byte { b[len(magic)+9] ^= 1; return b }, nil},
		{"documents damaged", func(b []byte) []byte { b[h.Docs+10] ^= 0x40; return b }, nil},
		{"record past its file", func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[third:], uint64(len(records)))
			return reseal(b)
		}, nil},
		{"record in the magic", func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[third:], 1)
			return reseal(b)
		}, nil},
		{"record in no file", set(third+12, h.Files), nil},
		{"sorted index out of range", set(h.Sorted+4, h.Passages), nil},
		{"document index out of range", set(h.DocOf+8, h.Documents), nil},
		{"records file missing", func(b []byte) []byte { return b }, func([]byte) []byte { return nil }},
		{"records file truncated", func(b []byte) []byte { return b }, func(r []byte) []byte { return r[:len(r)-1] }},
		{"not a records file", func(b []byte) []byte { return b }, func(r []byte) []byte { r[0] = 'X'; return r }},
	}
	// the control: a file resealed without damage opens, so the cases above that reseal
	// are refused by the checks behind the checksum
	write := func(t *testing.T, store, recs []byte) string {
		d := t.TempDir()
		if err := os.WriteFile(filepath.Join(d, FileName), store, 0o644); err != nil {
			t.Fatal(err)
		}
		if recs != nil {
			if err := os.WriteFile(filepath.Join(d, filepath.Base(recordsFiles[0])), recs, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	if s, err := Open(write(t, reseal(append([]byte(nil), good...)), records)); err != nil {
		t.Fatalf("a resealed sound file: %v", err)
	} else {
		s.Close()
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			recs := append([]byte(nil), records...)
			if tc.records != nil {
				recs = tc.records(recs)
			}
			d := write(t, tc.damage(append([]byte(nil), good...)), recs)
			if s, err := Open(d); err == nil {
				t.Errorf("Open succeeded (%d passages); want an error", s.Len())
			}
		})
	}
	if _, err := Open(t.TempDir()); err == nil {
		t.Error("Open of a folder without a store succeeded")
	}
}

// TestStoreRecordsDamagedInside: a record whose lengths are wrong reads as what could be
// read, never past its end.
func TestStoreRecordsDamagedInside(t *testing.T) {
	for _, r := range [][]byte{nil, {0x80}, {1, 2, 3, 4, 5, 6, 200, 'a'}, {1, 2, 0, 0, 0, 0, 1, 'i', 9, 'h'}} {
		nums, id, heading, text := fields(r)
		if len(id)+len(heading)+len(text) > len(r) || nums[0] < 0 {
			t.Errorf("fields(%v) read past the record", r)
		}
	}
}

// TestStoreUpdate checks that a store updated from an earlier one reads back as one
// written whole, links the earlier records files it still reads mostly, writes only the
// records that changed, and keeps the number of files bounded.
func TestStoreUpdate(t *testing.T) {
	c, _ := bundled(t)
	// changed changes n passages, others at each step
	changed := func(n int) func(step int, ps []corpus.Passage) []corpus.Passage {
		return func(step int, ps []corpus.Passage) []corpus.Passage {
			ps = slices.Clone(ps)
			for i := step; i < len(ps); i += len(ps)/n + 1 {
				ps[i].Text += " (changed)"
			}
			return ps
		}
	}
	tests := []struct {
		name      string
		steps     int
		change    func(step int, ps []corpus.Passage) []corpus.Passage
		base      bool // the earlier store is there to update from
		wantFiles int  // records files after the steps
		maxNew    int  // bytes the last step's own records file may hold; 0: any
	}{
		{"nothing changed", 1, func(_ int, ps []corpus.Passage) []corpus.Passage { return ps }, true, 1, 0},
		{"one passage changed", 1, changed(1), true, 2, 2000},
		{"many updates", 12, changed(1), true, maxFiles, 0},
		{"most passages changed", 1, changed(len(c.Passages) * 2 / 3), true, 1, 0},
		{"no earlier store", 1, changed(1), false, 1, 0},
		{"a passage removed, a passage added", 2, func(step int, ps []corpus.Passage) []corpus.Passage {
			ps = slices.Delete(slices.Clone(ps), 5+step, 6+step)
			return append(ps, corpus.Passage{ID: "000_added.txt#p" + strconv.Itoa(step), DocID: ps[0].DocID, Text: "added"})
		}, true, 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := t.TempDir()
			passages, of := c.Passages, testkit.DocOf(c)
			if err := Write(prev, c.Documents, passages, of); err != nil {
				t.Fatal(err)
			}
			var dir string
			for step := range tt.steps {
				next := tt.change(step, passages)
				at := map[string]int{}
				for j, p := range passages {
					at[p.ID] = j
				}
				kept := make([]int, len(next))
				for i := range next {
					kept[i] = -1
					if j, ok := at[next[i].ID]; ok && next[i] == passages[j] {
						kept[i] = j
					}
				}
				of = testkit.DocOf(&corpus.Corpus{Documents: c.Documents, Passages: next})
				base := prev
				if !tt.base {
					base = t.TempDir()
				}
				dir = t.TempDir()
				if err := Update(dir, base, kept, c.Documents, next, of); err != nil {
					t.Fatal(err)
				}
				prev, passages = dir, next
			}
			s, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for i, want := range passages {
				if p, _ := s.Passage(i); p != want {
					t.Fatalf("passage %d = %+v; want %+v", i, p, want)
				}
				if j, ok := s.Find(want.ID); !ok || j != i {
					t.Fatalf("Find(%q) = %d, %v; want %d", want.ID, j, ok, i)
				}
			}
			if len(s.names) != tt.wantFiles {
				t.Errorf("%d records files; want %d", len(s.names), tt.wantFiles)
			}
			if newest := s.sizes[len(s.sizes)-1]; tt.maxNew > 0 && newest > int64(tt.maxNew) {
				t.Errorf("the update wrote %d bytes of records; want at most %d", newest, tt.maxNew)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "docent-records-*.bin"))
			if len(files) != len(s.names) {
				t.Errorf("%d records files in the folder, the store names %d", len(files), len(s.names))
			}
		})
	}
}

// TestStoreRecordDamagedText: a byte changed in a passage's text in a records file is
// found by the record's checksum: the passage reads empty, never as other text, and an
// update that keeps the passage never reads it as other text either.
func TestStoreRecordDamagedText(t *testing.T) {
	c, of := bundled(t)
	dir := t.TempDir()
	if err := Write(dir, c.Documents, c.Passages, of); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	const victim = 3
	r := s.recs[victim]
	s.Close()
	path := filepath.Join(dir, s.names[r.File])
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[r.Off+uint64(r.Len)/2] ^= 0x01 // inside the text, a letter for another
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range c.Passages {
		if got := s.Text(i); got != want.Text && got != "" {
			t.Errorf("Text(%d) = %q; want %q or nothing", i, got, want.Text)
		}
	}
	if got := s.Text(victim); got != "" {
		t.Errorf("Text(%d) of the damaged record = %q; want nothing", victim, got)
	}
	kept := make([]int, len(c.Passages))
	for i := range kept {
		kept[i] = i
	}
	s.Close()
	next := t.TempDir()
	if err := Update(next, dir, kept, c.Documents, c.Passages, of); err != nil {
		t.Fatal(err)
	}
	u, err := Open(next)
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	if got := u.Text(victim); got != c.Passages[victim].Text && got != "" {
		t.Errorf("after an update, Text(%d) = %q; want %q or nothing", victim, got, c.Passages[victim].Text)
	}
}

// TestRecordsNameNeverTaken: a records file named after a clock that went back must not
// take the name of a file linked into the folder, which other records point into.
func TestRecordsNameNeverTaken(t *testing.T) {
	dir := t.TempDir()
	at := time.Unix(1_700_000_000, 0)
	clock = func() time.Time { return at }
	defer func() { clock = time.Now }()
	first, err := freeRecordsName(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, first), []byte("linked"), 0o644); err != nil {
		t.Fatal(err)
	}
	second, err := freeRecordsName(dir)
	if err != nil {
		t.Fatal(err)
	}
	if second == first || !strings.HasPrefix(second, "docent-records-") || filepath.Ext(second) != ".bin" {
		t.Errorf("second records file named %q beside %q; want another docent-records-*.bin name", second, first)
	}
}
