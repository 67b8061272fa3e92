package bleveindex

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

func TestKeysFile(t *testing.T) {
	c := withSums(testkit.Generated(200))
	keys, docs := Keys(c), DocKeys(c)
	if len(docs) != len(c.Documents) {
		t.Fatalf("DocKeys = %d documents; want %d", len(docs), len(c.Documents))
	}
	dir := t.TempDir()
	if err := writeKeys(dir, keys, docs); err != nil {
		t.Fatal(err)
	}
	got, gotDocs, err := readKeys(dir, len(keys))
	if err != nil || !slices.Equal(got, keys) || !slices.Equal(gotDocs, docs) {
		t.Fatalf("readKeys = %d keys, %d documents, %v; want the %d and %d written", len(got), len(gotDocs), err, len(keys), len(docs))
	}
	if _, _, err := readKeys(dir, len(keys)-1); err == nil {
		t.Error("readKeys for an index of another size succeeded")
	}
	b, err := os.ReadFile(filepath.Join(dir, keysFile))
	if err != nil {
		t.Fatal(err)
	}
	for name, damaged := range map[string][]byte{
		"truncated":   b[:len(b)/2],
		"bit flipped": append(append([]byte{}, b[:100]...), append([]byte{b[100] ^ 1}, b[101:]...)...),
		"empty":       nil,
	} {
		if err := os.WriteFile(filepath.Join(dir, keysFile), damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := readKeys(dir, len(keys)); err == nil {
			t.Errorf("readKeys of a %s file succeeded", name)
		}
	}
	// a changed passage changes its key, and only its key
	c.Passages[7].Text += " more"
	again := Keys(c)
	for i := range keys {
		if (keys[i] != again[i]) != (i == 7) {
			t.Errorf("key %d changed: %v", i, keys[i] != again[i])
		}
	}
}

// TestKeysFileHugeLength: an id length near 2^64 in a file whose checksum is right is an
// error, not a panic (the bounds check once wrapped around).
func TestKeysFileHugeLength(t *testing.T) {
	b := []byte(keysMagic)
	b = binary.AppendUvarint(b, formatVersion)
	b = binary.AppendUvarint(b, 1)
	b = binary.AppendUvarint(b, math.MaxUint64-3)
	b = append(b, make([]byte, 20)...)
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, keysFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := readKeys(dir, 1); err == nil {
		t.Error("readKeys of a file with a huge id length succeeded")
	}
}
