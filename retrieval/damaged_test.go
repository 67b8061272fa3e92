package retrieval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docent-bot/docent/corpus"
)

// TestUpdateFromDamagedIndex: an update links the earlier index's segments into the new
// one, so a segment damaged on disk must make Open build anew, not carry the damage on
// into an index that fails when it answers.
func TestUpdateFromDamagedIndex(t *testing.T) {
	for name, damage := range map[string]func(b []byte) []byte{
		"bytes flipped inside": func(b []byte) []byte {
			c := append([]byte(nil), b...)
			for i := len(c) / 4; i < len(c)/2; i++ {
				c[i] ^= 0xA5
			}
			return c
		},
		"zeroed inside": func(b []byte) []byte {
			c := append([]byte(nil), b...)
			for i := 64; i < len(c)-64; i++ {
				c[i] = 0
			}
			return c
		},
		"cut short": func(b []byte) []byte { return b[:len(b)/2] },
	} {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 12))
			f := newTestFolder(t)
			for i := range 8 {
				f.write(fmt.Sprintf("%02d.txt", i), article(rng, false))
			}
			x := newIndexer(t, f.dir)
			ix, _, _ := x.run(t)
			built := ix.bi.Folder
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			err := filepath.WalkDir(built, func(p string, d os.DirEntry, err error) error {
				if err != nil || !strings.HasSuffix(p, ".zap") {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				if err := os.Remove(p); err != nil { // a new file, as damage on disk would be
					return err
				}
				return os.WriteFile(p, damage(b), 0o644)
			})
			if err != nil {
				t.Fatal(err)
			}
			f.write("03.txt", article(rng, false))
			c, _, _, err := corpus.LoadDirFrom(context.Background(), x.dir, x.snap, corpus.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ix2 := mustOpen(t, x.indexDir, c, Options{})
			if ix2.Stats().Reason == "updated" {
				t.Errorf("Open updated the damaged index; want a fresh build")
			}
			checkAsBuilt(t, ix2, f.dir)
		})
	}
}
