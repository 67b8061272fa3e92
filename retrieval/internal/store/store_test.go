package store

import (
	"context"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"testing"

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
	// reseal puts the checksum right again, so that the checks behind it are reached
	reseal := func(b []byte) []byte {
		end := len(magic) + binary.Size(h)
		sum := crc32.Update(crc32.ChecksumIEEE(b[:end]), crc32.IEEETable, b[h.Docs:h.Blob])
		binary.LittleEndian.PutUint32(b[end:], sum)
		return b
	}
	set := func(off uint64, v uint32) func([]byte) []byte {
		return func(b []byte) []byte { binary.LittleEndian.PutUint32(b[off:], v); return reseal(b) }
	}
	cases := []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"empty", func([]byte) []byte { return nil }},
		{"truncated header", func(b []byte) []byte { return b[:40] }},
		{"truncated blob", func(b []byte) []byte { return b[:len(b)-1] }},
		{"truncated tables", func(b []byte) []byte { return b[:h.Sorted] }},
		{"not a store", func(b []byte) []byte { b[0] = 'X'; return b }},
		{"other format", set(uint64(len(magic)), format+1)},
		{"header byte flipped", func(b []byte) []byte { b[len(magic)+9] ^= 1; return b }},
		{"documents damaged", func(b []byte) []byte { b[h.Docs+10] ^= 0x40; return b }},
		{"offset past the blob", func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[h.Records+8*3:], h.Size)
			return b
		}},
		{"offsets backwards", func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[h.Records+8*3:], 1)
			return b
		}},
		{"sorted index out of range", set(h.Sorted+4, h.Passages)},
		{"document index out of range", set(h.DocOf+8, h.Documents)},
	}
	// the control: a file resealed without damage opens, so the cases above that reseal
	// are refused by the checks behind the checksum
	ctl := t.TempDir()
	if err := os.WriteFile(filepath.Join(ctl, FileName), reseal(append([]byte(nil), good...)), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(ctl); err != nil {
		t.Fatalf("a resealed sound file: %v", err)
	} else {
		s.Close()
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := t.TempDir()
			if err := os.WriteFile(filepath.Join(d, FileName), tc.damage(append([]byte(nil), good...)), 0o644); err != nil {
				t.Fatal(err)
			}
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
