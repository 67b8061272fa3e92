package retrieval

import (
	"context"
	"errors"
	"math"
	"os"
	"testing"
)

// TestOpenInMemoryRanksLikeOnDisk checks that an index opened without a directory scores
// exactly as a persistent one and leaves no folder behind, even while open.
func TestOpenInMemoryRanksLikeOnDisk(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx := context.Background()
	c := benchCorpus(300)
	mem, err := Open(ctx, "", c, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	disk := mustOpen(t, t.TempDir(), c, quiet())
	if st := mem.Stats(); st.Reason != "memory" || st.Dir != "" || !st.Rebuilt {
		t.Errorf("Stats() = %+v; want rebuilt for memory, no dir", st)
	}
	for _, q := range benchQuestions(c, 10) {
		want := mustAnswer(t, disk, Query{Text: q, K: 10})
		got := mustAnswer(t, mem, Query{Text: q, K: 10})
		if len(got.Passages) == 0 || len(got.Passages) != len(want.Passages) {
			t.Fatalf("Answer(%q) in memory = %d passages; want %d", q, len(got.Passages), len(want.Passages))
		}
		for i, p := range got.Passages {
			w := want.Passages[i]
			if p.ID != w.ID || math.Abs(p.Score-w.Score) > 1e-9*w.Score {
				t.Errorf("Answer(%q) in memory, rank %d = %s %.6f; want %s %.6f", q, i+1, p.ID, p.Score, w.ID, w.Score)
			}
		}
	}
	// the folder goes as soon as the index is open; the index still answers
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("an open in-memory index left %d entries in the temporary folder (%s)", len(left), left[0].Name())
	}
	if err := mem.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
}

// TestOpenInMemoryCanceled checks that a canceled build leaves no temporary folder.
func TestOpenInMemoryCanceled(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Open(ctx, "", benchCorpus(50), quiet()); !errors.Is(err, context.Canceled) {
		t.Fatalf("Open with a canceled context = %v; want context.Canceled", err)
	}
	if left, _ := os.ReadDir(os.TempDir()); len(left) != 0 {
		t.Errorf("a canceled build left %d entries in the temporary folder (%s)", len(left), left[0].Name())
	}
}
