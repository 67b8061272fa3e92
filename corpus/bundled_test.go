package corpus

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// MustLoadBundled loads the bundled corpus or fails the test.
func MustLoadBundled(tb testing.TB) *Corpus {
	tb.Helper()
	c, err := Load(context.Background(), Bundled(), Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		tb.Fatalf("Load(bundled) error: %v", err)
	}
	return c
}

func docByID(tb testing.TB, c *Corpus, id string) *Document {
	tb.Helper()
	for i := range c.Documents {
		if c.Documents[i].ID == id {
			return &c.Documents[i]
		}
	}
	tb.Fatalf("document %s not loaded", id)
	return nil
}

func TestBundledMetadata(t *testing.T) {
	c := MustLoadBundled(t)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		id, title, subtitle string
		authors             []string
		publication         string
		date                time.Time
		bioPrefix           string
	}{
		{"000_bcba7ea90fc38e5c.txt", "Afghanistan-Azerbaijan Relations", "An Underappreciated Bilateral Relationship",
			[]string{"Mirwais Balkhi"}, "", time.Time{}, "Mirwais Balkhi is Scholar in Residence at Georgetown University in Qatar."},
		{"001_b9bde344a18e4a0c.txt", "Is an Irano-Azerbaijani Rapprochement Taking Place?", "",
			[]string{"Stephen Blank"}, "CACI Analyst", day(2014, 5, 21), "Stephen Blank is a Senior Fellow with the American Foreign Policy Council."},
		{"002_0ae4c268afa050ca.txt", "President Aliyev: “Relations between Azerbaijan and Iran are at the Lowest Level Ever”", "",
			[]string{"Brenda Shaffer"}, "", day(2023, 5, 8), "Prof. Brenda Shaffer is a faculty member of the U.S. Naval Postgraduate School."},
		{"003_13cec1daa4145e93.txt", "Why Azerbaijan is moving closer to Israel",
			"The recent deepening of diplomatic relations between Baku and Tel Aviv unfolded against the backdrop of worsening friction between Azerbaijan and Iran.",
			[]string{"Giorgio Cafiero"}, "", day(2023, 1, 19), "Giorgio Cafiero is the CEO of Gulf State Analytics."},
		{"004_d895c8c725b6dc26.txt", "How Azerbaijan’s anti-Iran policies are backfiring",
			"Meanwhile hawks in Washington are encouraging President Ilham Aliyev to stoke tensions with Tehran.",
			nil, "", time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			d := docByID(t, c, tt.id)
			if d.Title != tt.title {
				t.Errorf("Title = %q; want %q", d.Title, tt.title)
			}
			if d.Subtitle != tt.subtitle {
				t.Errorf("Subtitle = %q; want %q", d.Subtitle, tt.subtitle)
			}
			if !slices.Equal(d.Authors, tt.authors) {
				t.Errorf("Authors = %q; want %q", d.Authors, tt.authors)
			}
			if d.Publication != tt.publication {
				t.Errorf("Publication = %q; want %q", d.Publication, tt.publication)
			}
			if !d.Published.Equal(tt.date) {
				t.Errorf("Published = %v; want %v", d.Published, tt.date)
			}
			if !strings.HasPrefix(d.AuthorBio, tt.bioPrefix) || (tt.bioPrefix == "") != (d.AuthorBio == "") {
				t.Errorf("AuthorBio = %q; want it to start with %q", d.AuthorBio, tt.bioPrefix)
			}
		})
	}
}

// junk lists page furniture of the bundled files that must not reach any passage.
var junk = []string{
	"Skip to main content", "Follow us on social", "Shutterstock_1889438869", "Live Story",
	"6 min read", "Read 14328 times", "Read 11627 times", "Analysis | Europe", "Visit also",
	"Staff Publications", "Screen Shot", "keep reading", "Show less", "Subscribe now",
	"Follow him on Twitter", "@GiorgioCafiero", "Sign up for upcoming events",
	"biweekly publication of the Central Asia-Caucasus Institute", "Published in Analytical Articles",
	"Shaffer small", "[Getty]", "Photographer RM", "REUTERS", "House seeks to expand",
	"decertify Colombia", "Trump", "QIOSK", "LATEST", "Newsletter", "Washington Politics",
	"Last modified on", "AUTHOR’S BIO", "i n t e r n a t i o n a l", "p u r p o s e f u l l y",
	"O p p o r t u n i t i e s", "personal views of the author", "Rethinking Greater Central Asia",
	"Kazakh President pushes for reforms", "Top image credit",
}

func TestBundledNoJunk(t *testing.T) {
	c := MustLoadBundled(t)
	for _, p := range c.Passages {
		for _, j := range junk {
			if strings.Contains(p.Text, j) || strings.Contains(p.Heading, j) {
				t.Errorf("passage %s holds junk %q:\n%s", p.ID, j, p.Text)
			}
		}
	}
	for _, d := range c.Documents {
		for _, p := range d.Paragraphs {
			if strings.HasPrefix(p.Text, "BACKGROUND") || strings.HasPrefix(p.Text, "IMPLICATIONS") ||
				strings.HasPrefix(p.Text, "CONCLUSIONS") {
				t.Errorf("%s ¶%d starts with its section label: %.60q", d.ID, p.N, p.Text)
			}
		}
	}
}

// TestBundledRepeatsOnce checks that pull quotes and repeated paragraphs appear once.
func TestBundledRepeatsOnce(t *testing.T) {
	c := MustLoadBundled(t)
	tests := []struct{ doc, text string }{
		{"000_bcba7ea90fc38e5c.txt", "Azerbaijan became involved in Afghanistan’s post-Taliban affairs as an active and pragmatic actor"},
		{"000_bcba7ea90fc38e5c.txt", "There is no book in any language devoted to the history"},
		{"000_bcba7ea90fc38e5c.txt", "the most critical factor in developing good relations between the two countries"},
		{"000_bcba7ea90fc38e5c.txt", "demonstrates what a relatively small army can achieve"},
		{"000_bcba7ea90fc38e5c.txt", "Afghanistan is the safety belt of Central Asia"},
		{"003_13cec1daa4145e93.txt", "Kamikaze drones from Israel were game-changing variables"},
		{"003_13cec1daa4145e93.txt", "who accuse Baku of granting Iran"},
	}
	for _, tt := range tests {
		n := 0
		for _, p := range c.Passages {
			if p.DocID == tt.doc {
				n += strings.Count(foldKey(p.Text), foldKey(tt.text))
			}
		}
		if n != 1 {
			t.Errorf("%s: %q appears %d times; want once", tt.doc, tt.text, n)
		}
	}
}

func TestBundledLetterSpacing(t *testing.T) {
	c := MustLoadBundled(t)
	all := ""
	for _, p := range c.Passages {
		all += p.Text + "\n"
	}
	for _, want := range []string{"cooperation of international forces", "Opportunities were missed", "had purposefully deteriorated Afghanistan"} {
		if !strings.Contains(all, want) {
			t.Errorf("no passage contains %q", want)
		}
	}
}

// TestBundledDevAnswers checks that the text every dev question needs survives
// cleaning, contiguous inside one passage of the right document.
func TestBundledDevAnswers(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "shared", "eval", "dev.jsonl"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("dev questions not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := MustLoadBundled(t)
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var q struct {
			ID   string `json:"id"`
			Gold []struct {
				Doc      string `json:"doc"`
				Contains string `json:"contains"`
			} `json:"gold"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatalf("dev.jsonl: %v", err)
		}
		for _, g := range q.Gold {
			n++
			found := false
			for _, p := range c.Passages {
				if p.DocID == g.Doc && strings.Contains(evalNorm(p.Text), evalNorm(g.Contains)) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: no passage of %s contains %q", q.ID, g.Doc, g.Contains)
			}
		}
	}
	if n == 0 {
		t.Fatal("no gold answers read from dev.jsonl")
	}
}

// evalNorm mirrors the evaluation's normalisation: dashes and quotes folded, white
// space collapsed, lower case.
func evalNorm(s string) string {
	r := strings.NewReplacer("\u2011", "-", "\u2010", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-",
		"\u2019", "'", "\u2018", "'", "\u201c", `"`, "\u201d", `"`, "\u00a0", " ")
	return strings.ToLower(strings.Join(strings.Fields(r.Replace(s)), " "))
}

func TestBundledPassages(t *testing.T) {
	c := MustLoadBundled(t)
	ids := map[string]bool{}
	for _, p := range c.Passages {
		if ids[p.ID] {
			t.Errorf("duplicate passage id %s", p.ID)
		}
		ids[p.ID] = true
		if len(p.Text) > DefaultMaxPassage {
			t.Errorf("passage %s is %d bytes; max %d", p.ID, len(p.Text), DefaultMaxPassage)
		}
		if p.ParaFirst < 1 || p.ParaLast < p.ParaFirst {
			t.Errorf("passage %s has paragraphs %d-%d", p.ID, p.ParaFirst, p.ParaLast)
		}
	}
	headings := map[string]bool{}
	for _, p := range c.Passages {
		headings[p.Heading] = true
	}
	for _, h := range []string{"BACKGROUND", "IMPLICATIONS", "CONCLUSIONS", "The view from Iran", "Soviet Period"} {
		if !headings[h] {
			t.Errorf("no passage has heading %q", h)
		}
	}
	again := MustLoadBundled(t)
	if again.Fingerprint != c.Fingerprint || c.Fingerprint == "" {
		t.Errorf("Fingerprint = %q then %q; want equal and set", c.Fingerprint, again.Fingerprint)
	}
}

func TestRejoinLetterSpaced(t *testing.T) {
	vocab := map[string]bool{"international": true, "forces": true, "dark": true, "matter": true}
	tests := []struct{ in, want string }{
		{"cooperation of i n t e r n a t i o n a l forces", "cooperation of international forces"},
		{"O p p o r t u n i t i e s were missed", "Opportunities were missed"},
		{"had p u r p o s e f u l l y d e t e r i o r a t e d relations", "had purposefully deteriorated relations"},
		{"the d a r k m a t t e r problem", "the dark matter problem"},
		{"a b c", "a b c"},
		{"plain text", "plain text"},
	}
	for _, tt := range tests {
		if got := rejoinLetterSpaced(tt.in, vocab); got != tt.want {
			t.Errorf("rejoinLetterSpaced(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
