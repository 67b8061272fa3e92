package main

import "math"

// choiceRow is one question's candidates for a conditional logistic regression: their
// features, which of them are gold, and the question's weight in the likelihood.
type choiceRow struct {
	x      [][]float64
	gold   []bool
	weight float64
}

// fitChoice fits a conditional logistic regression over rows (the softmax of the weighted
// features over a question's candidates is the probability that each is the answer; the
// likelihood is that of the gold ones), L2-regularised by lambda on standardised
// features, with Adam. Features that do not vary, or that use (nil: all) rules out, keep
// weight 0. It returns the weights on the raw features (the softmax ignores the constant
// the means make), nil when there is no candidate.
func fitChoice(rows []choiceRow, nf int, use func(j int) bool, lambda float64) []float64 {
	z, sd, on := standardiseChoices(rows, nf, use)
	if z == nil {
		return nil
	}
	w := adamChoice(rows, z, on, lambda)
	for j := range w {
		w[j] /= sd[j]
	}
	return w
}

// standardiseChoices returns the rows' candidates' features less their mean, over their
// standard deviation; the deviations (1 for features left out); and the features that
// vary and may be weighed (the others are 0 in z).
func standardiseChoices(rows []choiceRow, nf int, use func(j int) bool) (z [][][]float64, sd []float64, on []bool) {
	mean, sd, on := make([]float64, nf), make([]float64, nf), make([]bool, nf)
	count := 0
	for _, r := range rows {
		for _, x := range r.x {
			for j := range x {
				mean[j] += x[j]
			}
			count++
		}
	}
	if count == 0 {
		return nil, sd, on
	}
	for j := range mean {
		mean[j] /= float64(count)
	}
	for _, r := range rows {
		for _, x := range r.x {
			for j := range x {
				d := x[j] - mean[j]
				sd[j] += d * d
			}
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(sd[j] / float64(count))
		on[j] = sd[j] > 1e-9 && (use == nil || use(j))
		if !on[j] {
			sd[j] = 1
		}
	}
	z = make([][][]float64, len(rows))
	for i, r := range rows {
		for _, x := range r.x {
			v := make([]float64, nf)
			for j := range x {
				if on[j] {
					v[j] = (x[j] - mean[j]) / sd[j]
				}
			}
			z[i] = append(z[i], v)
		}
	}
	return z, sd, on
}

// adamChoice minimises the weighted mean over rows of −log P(gold) + lambda/2·|w|² with
// Adam, on the standardised candidates z.
func adamChoice(rows []choiceRow, z [][][]float64, on []bool, lambda float64) []float64 {
	const (
		rate   = 0.05
		epochs = 300
		b1, b2 = 0.9, 0.999
	)
	nf := len(on)
	var total float64
	for _, r := range rows {
		total += r.weight
	}
	w, m, v := make([]float64, nf), make([]float64, nf), make([]float64, nf) // weights, Adam's moments
	grad := make([]float64, nf)
	s := make([]float64, 0, 64)
	for epoch := 1; epoch <= epochs; epoch++ {
		clear(grad)
		for i, r := range rows {
			s = s[:0]
			top := math.Inf(-1)
			for _, x := range z[i] {
				t := 0.0
				for j := range w {
					t += w[j] * x[j]
				}
				s = append(s, t)
				top = max(top, t)
			}
			var all, gold float64
			for c := range s {
				s[c] = math.Exp(s[c] - top)
				all += s[c]
				if r.gold[c] {
					gold += s[c]
				}
			}
			for c, x := range z[i] {
				// d(−log P(gold))/ds_c = p_c − [gold]·s_c/Σgold
				d := s[c] / all
				if r.gold[c] {
					d -= s[c] / gold
				}
				for j := range grad {
					grad[j] += r.weight * d * x[j]
				}
			}
		}
		for j := range w {
			if !on[j] {
				continue
			}
			gj := grad[j]/total + lambda*w[j]
			m[j] = b1*m[j] + (1-b1)*gj
			v[j] = b2*v[j] + (1-b2)*gj*gj
			mh := m[j] / (1 - math.Pow(b1, float64(epoch)))
			vh := v[j] / (1 - math.Pow(b2, float64(epoch)))
			w[j] -= rate * mh / (math.Sqrt(vh) + 1e-8)
		}
	}
	return w
}
