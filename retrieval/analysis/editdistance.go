package analysis

// distance is the Damerau-Levenshtein distance between a and b in its optimal string
// alignment form (a swap of two neighbours costs 1, no substring is edited twice), which
// is what a typing slip is. It stops early and returns limit+1 once the distance must
// exceed limit. Both are at most maxFuzzyRunes runes long (Near checks).
func distance(a []rune, bs string, limit int) int {
	var bb [maxFuzzyRunes]rune
	b := appendRunes(bb[:0], bs)
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// three rows of the dynamic programme: two back (for swaps), previous, current
	var rows [3][maxFuzzyRunes + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			best = min(best, d)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}
