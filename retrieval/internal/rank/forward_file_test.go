package rank

import (
	"context"
	"hash/crc32"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func forwardEqual(a, b *Forward) bool {
	setsEqual := func(x, y sets) bool { return slices.Equal(x.ids, y.ids) && slices.Equal(x.at, y.at) }
	return maps.Equal(a.ids, b.ids) && slices.Equal(a.terms, b.terms) && slices.Equal(a.toks, b.toks) &&
		slices.Equal(a.tokAt, b.tokAt) && slices.Equal(a.start, b.start) && slices.Equal(a.width, b.width) &&
		maps.Equal(a.wide, b.wide) && setsEqual(a.heading, b.heading) && setsEqual(a.title, b.title) &&
		setsEqual(a.authors, b.authors) && slices.Equal(a.df, b.df)
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
		if _, err := loadForward(dir, len(c.Passages)+1, len(c.Documents)); err == nil {
			t.Errorf("%s: loaded for a corpus with another number of passages", name)
		}
	}
}

func TestForwardLoadDamaged(t *testing.T) {
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
	damage := map[string][]byte{
		"empty":      nil,
		"truncated":  good[:len(good)/2],
		"flipped":    append(append([]byte{}, good[:40]...), append([]byte{good[40] ^ 1}, good[41:]...)...),
		"extra":      append(append([]byte{}, good...), 0),
		"other file": []byte("DOCENTFWD but not really"),
	}
	for name, b := range damage {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := loadForward(dir, len(c.Passages), len(c.Documents)); err == nil {
			t.Errorf("%s: loaded a damaged file", name)
		}
	}
}

// TestVarintsRoundTrip: the decoder's one-byte fast path reads what the encoder wrote,
// for values and for differences of either sign around the one-byte limits.
func TestVarintsRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name  string
		delta bool
		in    []uint32
	}{
		{"empty", false, []uint32{}},
		{"one byte and more", false, []uint32{0, 1, 127, 128, 255, 16383, 16384, math.MaxUint32}},
		{"deltas up and down", true, []uint32{0, 63, 64, 1, 200, 199, math.MaxUint32, 0, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := encoder{crc: crc32.NewIEEE()}
			e.varints(tc.in, tc.delta)
			d := decoder{b: e.buf}
			got := d.varints(tc.delta)
			if d.err != nil || len(d.b) != 0 || !slices.Equal(got, tc.in) {
				t.Errorf("decoded %v (err %v, %d bytes left); want %v", got, d.err, len(d.b), tc.in)
			}
		})
	}
}
