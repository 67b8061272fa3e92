package webpage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExtractFixtures extracts small pages made for one rule each and checks what the body
// holds and what it must not.
func TestExtractFixtures(t *testing.T) {
	tests := []struct {
		file string
		why  string
		kept []string
		gone []string
	}{
		{"fallback/split-article.html",
			"the library keeps the first of sibling sections; its fallback finds twice the text and replaces it",
			[]string{"Seasonal heat stores", "the tank keeps layers", "needs a thicker wall"},
			[]string{"Example Energy, 2026"}},
		{"fallback/captioned-article.html",
			"the library reads the article whole: no second opinion, no photo credit or date line",
			[]string{"open on Sundays from April", "busiest on Saturdays"},
			[]string{"In this March 3, 2026, photo", "Published Monday"}},
		{"fallback/other-region.html",
			"the fallback reads another part of the page (twice the text, few of the library's words): not taken",
			[]string{"church roof is being repaired", "step-free access"},
			[]string{"parish garden group"}},
		{"prune/author-box.html",
			"an author box (class word \"author\") is furniture: its blocks are dropped after extraction",
			[]string{"night train will again run", "share a berth with an adult"},
			[]string{"crossed the continent"}},
		{"prune/cta-box.html",
			"a call-to-action box (class word \"cta\") is furniture",
			[]string{"northern lighthouse", "eleven days of gales"},
			[]string{"Which lighthouse should we visit next?"}},
		{"prune/lead-teaser.html",
			"a single paragraph called a teaser is the article's lead, not a teaser to another article",
			[]string{"Über den Mühlbach führt seit Samstag", "Leuchten im Geländer"},
			nil},
		{"filters/credit-line.html",
			"a short block with a copyright sign is a photo credit",
			[]string{"thirty nest boxes", "six pairs"},
			[]string{"©"}},
		{"filters/date-line.html",
			"an opening date line is metadata in German too; a date inside the body is content",
			[]string{"Samstagnachmittag", "Am 3. April um 14 Uhr"},
			[]string{"19:49"}},
		{"prune/role-button.html",
			"an element with a control's role (role=button) is no article text",
			[]string{"Soak the sunflower", "leave it covered for three hours"},
			[]string{"Open the picture"}},
		{"prune/toc.html",
			"a table of contents (class word \"toc\") repeats the headings: furniture",
			[]string{"Late apples keep for months", "Picking", "slatted crates"},
			[]string{"What this guide covers"}},
		{"title/standfirst.html",
			"a heading the description repeats is the standfirst, metadata",
			[]string{"half an hour earlier", "nearest crossing"},
			[]string{"Two crossings a day"}},
		{"title/excerpt-description.html",
			"a description that runs on past the heading is an excerpt of the body: the heading is the body's",
			[]string{"Zwölf neue Beete für die Nachbarschaft", "Setzlinge tauschen"},
			nil},
		{"links/link-list-label.html",
			"a label before a list of links goes with it; before one link, it stays",
			[]string{"fill in the form at the library desk:", "June meeting", "Thursdays until six"},
			[]string{"More information:", "Bus timetable changes"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
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
					t.Errorf("Extract(%s) = %q; want it to hold %q (%s)", tt.file, got, s, tt.why)
				}
			}
			for _, s := range tt.gone {
				if strings.Contains(got, s) {
					t.Errorf("Extract(%s) = %q; want it without %q (%s)", tt.file, got, s, tt.why)
				}
			}
		})
	}
}
