package corpus

import (
	"reflect"
	"testing"
	"time"
)

// TestSnapshotPartRoundTrip checks that a part decodes to the files it was encoded from,
// every field kept (a date's zone too), and that a damaged part is an error, never a
// panic or a wrong file.
func TestSnapshotPartRoundTrip(t *testing.T) {
	zone := time.FixedZone("", 5*3600) // a zone keeps its offset, not its name (as with gob)
	doc := Document{ID: "a.pdf", Title: "A paper", Subtitle: "sub", Authors: []string{"Ann", "Bo"},
		AuthorBio: "bio", Publication: "Journal", Published: time.Date(2020, 3, 4, 23, 30, 0, 0, zone),
		URL: "https://example.org/a", Tags: []string{"x", "y"},
		Paragraphs: []Paragraph{{N: 1, Heading: "Intro", Text: "First ✓ paragraph.", Page: 1}, {N: 2, Text: "Second.", Page: 2}}}
	files := []FileState{
		{Path: "a.pdf", Size: 1234, ModTime: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Hash: "abc",
			Docs:     []Document{doc, {ID: "b", Paragraphs: []Paragraph{{N: 1, Text: "only"}}}},
			ParaKeys: [][]uint64{paragraphKeys(&doc), {7}}, Sums: []DocSum{{Removed: 3, Sum: Sum{1, 2}}, {}}},
		{Path: "empty.txt", Size: 0, Hash: "def"}, // no documents, a zero time
	}
	b, err := encodePart(snapshotFormat, files)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodePart(b, snapshotFormat)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, files) {
		t.Errorf("decoded\n%+v\nwant\n%+v", got, files)
	}
	if _, off := got[0].Docs[0].Published.Zone(); off != 5*3600 {
		t.Errorf("the date's zone offset is %d; want %d", off, 5*3600)
	}
	if _, err := decodePart(b, snapshotFormat+1); err == nil {
		t.Error("a part of another format decoded")
	}
	for n := range len(b) {
		if _, err := decodePart(b[:n], snapshotFormat); err == nil {
			t.Fatalf("a part cut at %d of %d bytes decoded", n, len(b))
		}
		flipped := append([]byte(nil), b...)
		flipped[n] ^= 0x10
		if _, err := decodePart(flipped, snapshotFormat); err == nil {
			t.Fatalf("a part with byte %d flipped decoded", n)
		}
	}
}
