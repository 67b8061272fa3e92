package main

import "github.com/docent-bot/docent/retrieval"

// crossCorpusQuestions is how many answerable questions of one set are asked of another
// set's corpus as off-topic questions.
const crossCorpusQuestions = 400

// crossCorpus makes off-topic questions for the decision from the sets themselves: the
// answerable questions of one corpus asked of another, whose articles are about other
// things. Without them the decision learns off-topic questions only from SQuAD's
// off-corpus ones, which share much of Wikipedia's vocabulary with its corpus, and from a
// handful on the bundled corpus, and it hedges questions about cooking or routers on a
// corpus about foreign policy instead of refusing them. Every n-th answerable question is
// taken, keeping its fold.
func crossCorpus(sets []*dataset) []*dataset {
	var out []*dataset
	asked := map[*retrieval.Index]bool{} // the dev sets share the bundled corpus: ask it once
	for _, to := range sets {
		if !to.decision || asked[to.ix] {
			continue
		}
		asked[to.ix] = true
		for _, from := range sets {
			if !from.decision || from.ix == to.ix {
				continue
			}
			var ans []item
			for _, it := range from.items {
				if it.answerable() {
					ans = append(ans, it)
				}
			}
			step := max(1, len(ans)/crossCorpusQuestions)
			d := &dataset{name: from.name + "-on-" + to.name, ix: to.ix, decision: true,
				query: retrieval.Query{K: to.query.K, NoMatches: true}}
			for i := 0; i < len(ans); i += step {
				d.items = append(d.items, item{text: ans[i].text, kind: kindOffCorpus, fold: ans[i].fold})
			}
			out = append(out, d)
		}
	}
	return out
}
