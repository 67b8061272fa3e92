package webpage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecondOpinion checks when the library's fallback extractors replace its extraction:
// only when they find twice the text, as on an article split over sibling sections of
// which the library keeps the first; an article the library reads whole keeps its own
// extraction, without the photo credit and date line around it.
func TestSecondOpinion(t *testing.T) {
	tests := []struct {
		file string
		kept []string
		gone []string
	}{
		{"split-article.html",
			[]string{"Seasonal heat stores", "the tank keeps layers", "needs a thicker wall"},
			[]string{"Example Energy, 2026"}},
		{"captioned-article.html",
			[]string{"open on Sundays from April", "busiest on Saturdays"},
			[]string{"In this March 3, 2026, photo", "Published Monday"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "fallback", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := Extract(data)
			if err != nil {
				t.Fatalf("Extract(%s): %v", tt.file, err)
			}
			got := a.Text()
			for _, s := range tt.kept {
				if !strings.Contains(got, s) {
					t.Errorf("Extract(%s) = %q; want it to hold %q", tt.file, got, s)
				}
			}
			for _, s := range tt.gone {
				if strings.Contains(got, s) {
					t.Errorf("Extract(%s) = %q; want it without %q", tt.file, got, s)
				}
			}
		})
	}
}
