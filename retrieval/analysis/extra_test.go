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
		{name: "b 0.3", b: 0.3},
		{name: "b 0.1", b: 0.1},
		{name: "b 0.1 k1 2", k1: 2, b: 0.1},
		{name: "b 0.3 k1 0.9", k1: 0.9, b: 0.3},
		{name: "snowball no joined", opts: analysis.Options{Stemmer: analysis.Snowball, NoJoined: true}},
		{name: "joined weight 0.5", joinedW: 0.5},
		{name: "joined weight 0.2", joinedW: 0.2},
		{name: "grouped expand 0.3", expand: 0.3, group: true},
		{name: "grouped proximity 0.3", proximity: 0.3, group: true},
		{name: "grouped rm3 10/10/0.3", rm3: rm3{10, 10, 0.3}, group: true},
		{name: "idf^1.5", idfPow: 1.5},
		{name: "idf^2.5", idfPow: 2.5},
		{name: "passages 1000", passage: 1000},
		// fourth round: textbook BM25 on bleve's top 300.
		{name: "rescore k1 0.9 b 0.4", queryTerms: true, k1: 2, b: 0.1, rescore: 300, rescoreK1: 0.9, rescoreB: 0.4},
		{name: "rescore k1 1.2 b 0.75", queryTerms: true, k1: 2, b: 0.1, rescore: 300, rescoreK1: 1.2, rescoreB: 0.75},
		{name: "rescore k1 1.5 b 0.5", queryTerms: true, k1: 2, b: 0.1, rescore: 300, rescoreK1: 1.5, rescoreB: 0.5},
		{name: "rescore k1 2 b 0.3", queryTerms: true, k1: 2, b: 0.1, rescore: 300, rescoreK1: 2, rescoreB: 0.3},
		{name: "rescore k1 1.2 b 0.4", queryTerms: true, k1: 2, b: 0.1, rescore: 300, rescoreK1: 1.2, rescoreB: 0.4},
		{name: "rescore k1 0.9 b 0.6", queryTerms: true, k1: 2, b: 0.1, rescore: 300, rescoreK1: 0.9, rescoreB: 0.6},
		{name: "rescore k1 0.7 b 0.4", queryTerms: true, k1: 2, b: 0.1, rescore: 300, rescoreK1: 0.7, rescoreB: 0.4},
		{name: "rescore 1000 k1 0.9 b 0.4", queryTerms: true, k1: 2, b: 0.1, rescore: 1000, rescoreK1: 0.9, rescoreB: 0.4},
		{name: "rescore 100 k1 0.9 b 0.4", queryTerms: true, k1: 2, b: 0.1, rescore: 100, rescoreK1: 0.9, rescoreB: 0.4},
		{name: "recommended on passages 500", passage: 500, queryTerms: true, k1: 2, b: 0.1, rescore: 300, rescoreK1: 1.2, rescoreB: 0.4},
		{name: "recommended on passages 1000", passage: 1000, queryTerms: true, k1: 2, b: 0.1, rescore: 300, rescoreK1: 1.2, rescoreB: 0.4},
		// third round: combinations.
		{name: "combo short stop list", opts: analysis.Options{ShortStop: true}, queryTerms: true, k1: 2, b: 0.1},
		{name: "combo jw0.2 b0.1 k1 2", joinedW: 0.2, k1: 2, b: 0.1},
		{name: "combo jw0.2 b0.1 k1 1.5", joinedW: 0.2, k1: 1.5, b: 0.1},
		{name: "combo jw0.2 b0.2 k1 2", joinedW: 0.2, k1: 2, b: 0.2},
		{name: "combo jw0.2 b0.05 k1 2", joinedW: 0.2, k1: 2, b: 0.05},
		{name: "combo jw0.2 b0.1 k1 3", joinedW: 0.2, k1: 3, b: 0.1},
		{name: "combo jw0.2 b0.1 k1 2 rare-expand 0.3 df<1", joinedW: 0.2, k1: 2, b: 0.1, expand: 0.3, expandDF: 1},
		{name: "combo jw0.2 b0.1 k1 2 rare-expand 0.3 df<3", joinedW: 0.2, k1: 2, b: 0.1, expand: 0.3, expandDF: 3},
		{name: "combo jw0.2 b0.1 k1 2 rare-expand 0.5 df<3", joinedW: 0.2, k1: 2, b: 0.1, expand: 0.5, expandDF: 3},
		// fifth round: irregular forms mapped to their lemma (the default since analysis
		// version 2; DOCENT_IRREGULAR swaps in another generated table).
		{name: "irregular steps 1-3", queryTerms: true, k1: 2, b: 0.1},
		{name: "irregular steps 1-3 off", opts: analysis.Options{NoIrregular: true}, queryTerms: true, k1: 2, b: 0.1},
		{name: "irregular steps 1-3 query 0.3", opts: analysis.Options{NoIrregular: true}, queryTerms: true, k1: 2, b: 0.1, irregularQuery: 0.3},
		{name: "irregular steps 1-3 query 1", opts: analysis.Options{NoIrregular: true}, queryTerms: true, k1: 2, b: 0.1, irregularQuery: 1},
		{name: "irregular recommended query 0.3", opts: analysis.Options{NoIrregular: true}, queryTerms: true, k1: 2, b: 0.1, irregularQuery: 0.3,
			rescore: analysis.RescoreDepth, rescoreK1: analysis.Rescore.K1, rescoreB: analysis.Rescore.B},
		{name: "irregular recommended off", opts: analysis.Options{NoIrregular: true}, queryTerms: true, k1: 2, b: 0.1,
			rescore: analysis.RescoreDepth, rescoreK1: analysis.Rescore.K1, rescoreB: analysis.Rescore.B},
		// sixth round: British spellings mapped to American ones at the stem (the default
		// since analysis version 3; "irregular steps 1-3" and "recommended" have them on;
		// DOCENT_SPELLING swaps in another generated table).
		{name: "spelling steps 1-3 off", opts: analysis.Options{NoSpelling: true}, queryTerms: true, k1: 2, b: 0.1},
		{name: "spelling recommended off", opts: analysis.Options{NoSpelling: true}, queryTerms: true, k1: 2, b: 0.1,
			rescore: analysis.RescoreDepth, rescoreK1: analysis.Rescore.K1, rescoreB: analysis.Rescore.B},
	}
}
