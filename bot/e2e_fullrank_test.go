package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

// A passage id too long for Discord's 100-character custom ids still gets its "Full
// passage" button: it names the rank, and the click recomputes the ranking.
func TestE2EFullPassageLongID(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	nested := filepath.Join(dir, "reports", strings.Repeat("a-rather-long-folder-name-", 3), "and-another-level-of-folders")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join("..", "corpus", "bundled", "000_bcba7ea90fc38e5c.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(nested, "afghanistan-and-azerbaijan.txt"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c, err := corpus.LoadDir(ctx, dir, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.Open(ctx, "", c, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if id := c.Passages[0].ID; len("ask:full:"+id) <= 100 {
		t.Fatalf("passage id %q fits a custom id; the test needs a longer one", id)
	}

	h := start(t, setup{answerer: ix})
	in, m := h.finished(h.fake.Command(guild, "ask", opt("question", "What did ANAMA do in Afghanistan?")))
	btn := m.Button("Full passage 1")
	if btn == nil || !strings.HasPrefix(btn.CustomID, "ask:fullrank:") {
		t.Fatalf("Full passage 1 button = %+v; want a rank-based custom id", btn)
	}
	want, err := ix.Answer(ctx, retrieval.Query{Text: "What did ANAMA do in Afghanistan?", K: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, full := h.finished(h.fake.ClickLabel(guild, in.Original, "Full passage 1"))
	if !full.Ephemeral() || len(full.Embeds) == 0 || !strings.Contains(full.Embeds[0].Description, "Mine Action") ||
		!strings.Contains(want.Passages[0].Text, "Mine Action") {
		t.Errorf("Full passage by rank = %+v; want the whole top passage", full)
	}
}
