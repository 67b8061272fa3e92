package corpus

// cleanCorpus applies the corpus-wide rules after every file is parsed: a paragraph
// printed in two or more documents is boilerplate of the site (a footer, a list of
// the publisher's papers, a sign-up line) and is removed from all of them, unless it
// is all a document has (duplicate documents keep their text). Paragraphs are then
// numbered again.
func cleanCorpus(docs []Document) []Document {
	if len(docs) < 2 {
		return docs
	}
	owners := map[string]int{} // paragraph key → number of documents holding it
	last := map[string]int{}   // paragraph key → last document index counted
	keys := make([][]string, len(docs))
	for i, d := range docs {
		keys[i] = make([]string, len(d.Paragraphs))
		for j, p := range d.Paragraphs {
			k := p.Text // already normalised; boilerplate repeats byte for byte
			keys[i][j] = k
			if k == "" {
				continue
			}
			if n, ok := last[k]; !ok || n != i {
				owners[k]++
				last[k] = i
			}
		}
	}
	for i := range docs {
		d := &docs[i]
		shared := 0
		for _, k := range keys[i] {
			if owners[k] >= 2 {
				shared++
			}
		}
		if shared == 0 || shared == len(d.Paragraphs) {
			continue
		}
		kept := d.Paragraphs[:0:0]
		for j, p := range d.Paragraphs {
			if owners[keys[i][j]] >= 2 {
				continue
			}
			p.N = len(kept) + 1
			kept = append(kept, p)
		}
		d.Paragraphs = kept
	}
	return docs
}
