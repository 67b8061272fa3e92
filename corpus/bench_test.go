package corpus

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func BenchmarkLoadBundled(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		MustLoadBundled(b)
	}
}

// BenchmarkLoadSciFact loads the SciFact corpus (5,183 abstracts, 8 MB of JSONL).
func BenchmarkLoadSciFact(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "bench", "scifact", "corpus.jsonl"))
	if errors.Is(err, fs.ErrNotExist) {
		b.Skip("SciFact corpus not present")
	}
	if err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{"corpus.jsonl": {Data: data}}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var c *Corpus
	for b.Loop() {
		c, err = Load(context.Background(), fsys, Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(c.Documents)), "docs")
	b.ReportMetric(float64(len(c.Passages)), "passages")
}
