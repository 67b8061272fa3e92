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
	c := testkit.Generated(200)
	keys := Keys(c)
	dir := t.TempDir()
	if err := writeKeys(dir, keys); err != nil {
		t.Fatal(err)
	}
	got, err := readKeys(dir, len(keys))
	if err != nil || !slices.Equal(got, keys) {
		t.Fatalf("readKeys = %d keys, %v; want the %d written", len(got), err, len(keys))
	}
	if _, err := readKeys(dir, len(keys)-1); err == nil {
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
		if _, err := readKeys(dir, len(keys)); err == nil {
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
	if _, err := readKeys(dir, 1); err == nil {
		t.Error("readKeys of a file with a huge id length succeeded")
	}
}
