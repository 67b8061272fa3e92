package analysis_test

import "github.com/docent-bot/docent/retrieval/analysis"

// extraExperiments are sweeps around the single-change experiments.
func extraExperiments() []config {
	return []config{
		{name: "title field x1.5", titleBoost: 1.5},
		{name: "title field x0.5", titleBoost: 0.5},
		{name: "proximity 0.2", proximity: 0.2},
		{name: "proximity 1", proximity: 1},
		{name: "expand 0.1", expand: 0.1},
		{name: "expand 0.5", expand: 0.5},
		{name: "rm3 5/10/0.3", rm3: rm3{5, 10, 0.3}},
		{name: "rm3 10/20/0.3", rm3: rm3{10, 20, 0.3}},
		{name: "rm3 10/10/0.8", rm3: rm3{10, 10, 0.8}},
		{name: "k1 0.9 b 0.4", k1: 0.9, b: 0.4},
		{name: "k1 1.2 b 0.5", k1: 1.2, b: 0.5},
		{name: "k1 1.5 b 0.75", k1: 1.5, b: 0.75},
		{name: "snowball no joined", opts: analysis.Options{Stemmer: analysis.Snowball, NoJoined: true}},
	}
}
