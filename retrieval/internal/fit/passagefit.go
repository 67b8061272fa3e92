package main

import (
	"math"
	"slices"

	"github.com/docent-bot/docent/retrieval"
)

// passageModel is a learned re-ranking's settings.
type passageModel struct {
	name   string
	use    map[string]bool // features it may weigh; nil: all
	lambda float64
	even   bool     // each training set weighs alike, not each question
	train  []string // the sets it is fitted on; nil: SQuAD and SciFact
	depth  int      // re-ranks only the first depth candidates; 0: all measured
	gate   bool     // only questions that ask for a kind of thing (analysis.AnswerType.Checkable)
}

// applies reports whether m re-ranks g's candidates.
func (m passageModel) applies(g passageGroup) bool {
	return !m.gate || (len(g.X) > 0 && g.X[0][checkableFeature] > 0)
}

// checkableFeature is the index of the passage feature that marks a question asking for a
// kind of thing.
var checkableFeature = slices.Index(retrieval.PassageFeatureNames[:], "checkable")

// fitPassageModel fits a conditional logistic regression over each training question's
// measured candidates (softmax; the likelihood of the gold ones), L2 on standardised
// features, with Adam; it returns weights on the raw features.
func fitPassageModel(groups []passageGroup, train []string, in folds, m passageModel) []float64 {
	nf := len(retrieval.PassageFeatureNames)
	var rows []passageGroup
	count := map[string]int{}
	for _, g := range groups {
		if m.depth > 0 && m.depth < len(g.X) {
			g.X = g.X[:m.depth]
		}
		if !in(g.Fold) || !slices.Contains(train, g.Set) || len(g.X) < 2 || !m.applies(g) {
			continue
		}
		gold := 0
		for _, y := range g.Gold[:len(g.X)] {
			if y {
				gold++
			}
		}
		if gold > 0 && gold < len(g.X) {
			rows = append(rows, g)
			count[g.Set]++
		}
	}
	mean, sd := make([]float64, nf), make([]float64, nf)
	on := make([]bool, nf)
	n := 0
	for _, g := range rows {
		for _, x := range g.X {
			for j := range x {
				mean[j] += x[j]
			}
			n++
		}
	}
	if n == 0 {
		return make([]float64, nf)
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for _, g := range rows {
		for _, x := range g.X {
			for j := range x {
				sd[j] += (x[j] - mean[j]) * (x[j] - mean[j])
			}
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(sd[j] / float64(n))
		on[j] = sd[j] > 1e-9 && j != checkableFeature && (m.use == nil || m.use[retrieval.PassageFeatureNames[j]])
		if !on[j] {
			sd[j] = 1
		}
	}
	z := make([][][]float64, len(rows))
	rw := make([]float64, len(rows))
	var total float64
	for i, g := range rows {
		rw[i] = 1
		if m.even {
			rw[i] = float64(len(rows)) / float64(len(count)*count[g.Set])
		}
		total += rw[i]
		for _, x := range g.X {
			v := make([]float64, nf)
			for j := range x {
				if on[j] {
					v[j] = (x[j] - mean[j]) / sd[j]
				}
			}
			z[i] = append(z[i], v)
		}
	}
	const (
		rate   = 0.05
		epochs = 300
		b1, b2 = 0.9, 0.999
	)
	w, mo, ve := make([]float64, nf), make([]float64, nf), make([]float64, nf)
	grad := make([]float64, nf)
	s := make([]float64, 0, 64)
	for epoch := 1; epoch <= epochs; epoch++ {
		clear(grad)
		for i, g := range rows {
			s = s[:0]
			top := math.Inf(-1)
			for _, v := range z[i] {
				t := 0.0
				for j := range w {
					t += w[j] * v[j]
				}
				s = append(s, t)
				top = max(top, t)
			}
			var all, gold float64
			for c := range s {
				s[c] = math.Exp(s[c] - top)
				all += s[c]
				if g.Gold[c] {
					gold += s[c]
				}
			}
			for c, v := range z[i] {
				d := s[c] / all
				if g.Gold[c] {
					d -= s[c] / gold
				}
				for j := range grad {
					grad[j] += rw[i] * d * v[j]
				}
			}
		}
		for j := range w {
			if !on[j] {
				continue
			}
			gj := grad[j]/total + m.lambda*w[j]
			mo[j] = b1*mo[j] + (1-b1)*gj
			ve[j] = b2*ve[j] + (1-b2)*gj*gj
			mh := mo[j] / (1 - math.Pow(b1, float64(epoch)))
			vh := ve[j] / (1 - math.Pow(b2, float64(epoch)))
			w[j] -= rate * mh / (math.Sqrt(vh) + 1e-8)
		}
	}
	for j := range w {
		w[j] /= sd[j]
	}
	return w
}
