package pdf

import (
	"fmt"
	"strings"

	"github.com/docent-bot/docent/corpus/pdf/pdftest"
)

// Fixtures are generated: each says in a few lines what it holds.

// indented lays out the lines of one paragraph in 10-point type on a 12-point leading, its
// first line indented as books do.
func indented(x, y float64, lines ...string) []pdftest.Text {
	out := pdftest.Lines(x, y, 10, 12, lines...)
	out[0].X += 12
	return out
}

func oneColumn() pdftest.Doc {
	texts := []pdftest.Text{{X: 72, Y: 700, Size: 18, Bold: true, S: "Rivers of the Caspian Basin"},
		{X: 72, Y: 676, Size: 11, S: "Anna Petrova and Li Wei"},
		{X: 72, Y: 640, Size: 11, Bold: true, S: "1 Introduction"}}
	texts = append(texts, indented(72, 620,
		"The Volga is the longest river in Europe and the main source of water for the",
		"Caspian Sea. Its basin covers much of European Russia and feeds the delta near",
		"Astrakhan, where the river splits into hundreds of channels.")...)
	texts = append(texts, indented(72, 576,
		"The Ural river rises in the southern Ural mountains and flows south into the",
		"Caspian Sea near Atyrau. It forms part of the traditional boundary between the",
		"continents of Europe and Asia.")...)
	return pdftest.Doc{Pages: []pdftest.Page{{Texts: texts}}}
}

// twoColumn writes the left column, then the right one, as typesetters do; the first
// paragraph runs on from the foot of the left column to the top of the right one, with a
// footnote in small type between them in the file.
func twoColumn() pdftest.Doc {
	left := pdftest.Lines(50, 700, 10, 12,
		"Sturgeon live in the Caspian Sea and swim up the",
		"Volga to spawn in fresh water each spring. Their",
		"numbers fell sharply after the dams were built")
	note := pdftest.Lines(50, 80, 7, 8, "1 Counts from the fisheries survey of 2019.")
	right := pdftest.Lines(320, 700, 10, 12,
		"across the river, which cut them off from the",
		"gravel beds where they had spawned for ages.")
	right = append(right, indented(320, 664,
		"Caviar from the beluga sturgeon is among the most",
		"expensive foods in the world today.")...)
	texts := append(append(left, note...), right...)
	return pdftest.Doc{Pages: []pdftest.Page{{Texts: texts}}}
}

func hyphenated() pdftest.Doc {
	texts := indented(72, 700,
		"Oil extrac-",
		"tion in the Caspian began in the nineteenth century near Baku, a well-",
		"known port, and the well-known fields are still worked by the oil indus-",
		"try today.")
	return pdftest.Doc{Pages: []pdftest.Page{{Texts: texts}}}
}

// hyphenatedUnmapped is hyphenated with a glyph that maps to no character (code 0, as
// TeX's math symbols in a font without a ToUnicode map) in its second line: PDFium's text
// of the page then comes one character at a time, where its line-end hyphens differ.
func hyphenatedUnmapped() pdftest.Doc {
	d := hyphenated()
	d.Pages[0].Texts[1].S = "tion in the Caspian \x00 began in the nineteenth century near Baku, a well-"
	return d
}

// furnished has a running head, a running foot and a page number on each of four pages.
func furnished() pdftest.Doc {
	var d pdftest.Doc
	topics := []string{"the Volga delta", "the Ural river", "the Kura river", "the Terek river"}
	for i, topic := range topics {
		texts := []pdftest.Text{
			{X: 72, Y: 750, Size: 8, S: "Journal of Caspian Studies, vol. 12"},
			{X: 300, Y: 40, Size: 9, S: fmt.Sprint(i + 1)},
			{X: 72, Y: 52, Size: 8, S: "Preprint, do not cite"},
		}
		texts = append(texts, indented(72, 700,
			fmt.Sprintf("This page is about %s and what lives in it, from fish to", topic),
			"birds, and the people who have fished its waters for centuries.")...)
		d.Pages = append(d.Pages, pdftest.Page{Texts: texts})
	}
	return d
}

func withMetadata() pdftest.Doc {
	d := oneColumn()
	d.Title, d.Author, d.Created = "Caspian Rivers", "Anna Petrova; Li Wei", "D:20230508120000+02'00'"
	return d
}

func typography() pdftest.Doc {
	return pdftest.Doc{Pages: []pdftest.Page{{Texts: indented(72, 700,
		"The ﬁnal report by Paczy´nski and the café owners of Baku ﬂows on.",
		"Nothing else is said here about the matter at all.")}}}
}

// accentsApart prints "Käenmäki" as TeX's older fonts do, each dieresis a glyph of its
// own over its letter, the first written after the "m", the second after the whole line
// (10-point Helvetica: K 6.67 points wide, a, e and n 5.56, m 8.33, the dieresis 3.33).
func accentsApart() pdftest.Doc {
	texts := []pdftest.Text{
		{X: 72, Y: 700, Size: 10, S: "Kaenm"},
		{X: 78.67 + 1.115, Y: 700, Size: 10, S: "¨"},
		{X: 103.68, Y: 700, Size: 10, S: "aki, A., and Morris, I. D. Structure of equilibrium states."},
		{X: 103.68 + 1.115, Y: 700, Size: 10, S: "¨"},
	}
	// a macron written right after its letter, at the end of a word, reads as printed
	math := []pdftest.Text{
		{X: 72, Y: 700, Size: 10, S: "The mean u"},
		{X: 119.80 + 1.115, Y: 700, Size: 10, S: "¯"},
		{X: 128.14, Y: 700, Size: 10, S: "is kept."},
	}
	return pdftest.Doc{Pages: []pdftest.Page{{Texts: texts}, {Texts: math}}}
}

// strayAccents has accents where no letter is: before the line, in a row, over digits and
// over a space, and one past the line's end, for the fuzz test's seeds.
func strayAccents() pdftest.Doc {
	texts := []pdftest.Text{
		{X: 60, Y: 700, Size: 10, S: "´"},
		{X: 72, Y: 700, Size: 10, S: "Row 12 of ¨¨¨ marks ` and a ¯"},
		{X: 72 + 5, Y: 700, Size: 10, S: "´´"},
		{X: 90, Y: 700, Size: 10, S: "¸"},
		{X: 400, Y: 700, Size: 10, S: "¨"},
	}
	return pdftest.Doc{Pages: []pdftest.Page{{Texts: texts}}}
}

func scanned() pdftest.Doc {
	return pdftest.Doc{Pages: []pdftest.Page{{Image: true}, {Image: true}}}
}

func locked() pdftest.Doc {
	d := oneColumn()
	d.Locked = true
	return d
}

// manyPages is a two-column document of n pages of about 3,000 characters each, for
// measuring speed.
func manyPages(n int) pdftest.Doc {
	words := strings.Fields("the sturgeon of the caspian sea swim up the volga and the ural to spawn " +
		"in gravel beds while fishermen and scientists count them every spring since the dams were built")
	var d pdftest.Doc
	for p := range n {
		texts := []pdftest.Text{{X: 72, Y: 760, Size: 8, S: "Journal of Caspian Studies"}, {X: 300, Y: 30, Size: 8, S: fmt.Sprint(p + 1)}}
		for col := range 2 {
			var lines []string
			for l := range 56 {
				var b strings.Builder
				for k := 0; b.Len() < 48; k++ {
					b.WriteString(words[(p*7+l*5+k*3+col)%len(words)] + " ")
				}
				lines = append(lines, strings.TrimSpace(b.String()))
			}
			texts = append(texts, pdftest.Lines(50+float64(col)*270, 730, 9, 12, lines...)...)
		}
		d.Pages = append(d.Pages, pdftest.Page{Texts: texts})
	}
	return d
}

// carriedOver ends page 1 mid-sentence; page 2 starts, in the file, with a table's caption
// in small type at its top and then carries the sentence on.
func carriedOver() pdftest.Doc {
	first := indented(72, 700,
		"Sturgeon swim up the Volga to spawn in fresh water each spring, and their",
		"numbers were counted by the fisheries survey in every year since the dams")
	caption := pdftest.Lines(72, 740, 8, 10, "Table 1. Sturgeon counted at Volgograd, by year.")
	rest := pdftest.Lines(72, 600, 10, 12,
		"were built across the river in the middle of the last century.")
	return pdftest.Doc{Pages: []pdftest.Page{{Texts: first}, {Texts: append(caption, rest...)}}}
}
