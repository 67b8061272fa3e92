package pdf

import (
	"regexp"
	"sort"
	"strings"
)

// pageNumberRE matches a line that is only a page number: "4", "iv", "Page 4 of 9", "- 4 -".
var pageNumberRE = regexp.MustCompile(`(?i)^(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$`)

var digitsRE = regexp.MustCompile(`\d+`)

// furnitureKey is a line's text with its numbers masked, so that "2 Warren et al." and
// "4 Warren et al." are the same running head.
func furnitureKey(s string) string {
	return digitsRE.ReplaceAllString(strings.ToLower(s), "#")
}

// edgeLines returns the indexes of the (at most) two top-most and two bottom-most lines
// of a page that lie in its top or bottom sixth: where running heads, footers and page
// numbers are printed.
func edgeLines(lines []line, height float64) []int {
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return lines[idx[a]].base > lines[idx[b]].base })
	var out []int
	for k, i := range idx {
		l := lines[i]
		top := k < 2 && l.bottom > height*5/6
		bottom := k >= len(idx)-2 && l.top < height/6
		if top || bottom {
			out = append(out, i)
		}
	}
	return out
}

// findFurniture marks, page by page, the lines to drop: page numbers at the edges of a
// page, and edge lines that repeat (numbers aside) on several pages, which are running
// heads and footers. A line seen on only one page is kept: the evidence is repetition.
func findFurniture(pages [][]line, heights []float64) [][]bool {
	drop := make([][]bool, len(pages))
	seen := map[string]int{}
	edges := make([][]int, len(pages))
	for p, lines := range pages {
		drop[p] = make([]bool, len(lines))
		edges[p] = edgeLines(lines, heights[p])
		keys := map[string]bool{}
		for _, i := range edges[p] {
			keys[furnitureKey(lines[i].text)] = true
		}
		for k := range keys {
			seen[k]++
		}
	}
	need := max(2, (len(pages)*3+9)/10) // on 30% of the pages, and at least two
	for p, lines := range pages {
		for _, i := range edges[p] {
			t := lines[i].text
			if pageNumberRE.MatchString(t) || seen[furnitureKey(t)] >= need {
				drop[p][i] = true
			}
		}
	}
	return drop
}
