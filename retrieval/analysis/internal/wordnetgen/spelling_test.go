package main

import (
	"slices"
	"testing"
)

func TestRewrites(t *testing.T) {
	rules, err := pickRules([]string{"ae", "oe", "our", "ise", "re"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		word, variant string
		want          bool
	}{
		{"tumour", "tumor", true},
		{"anaesthetise", "anesthetize", true}, // two rewrites
		{"foetal", "fetal", true},
		{"centre", "center", true},
		{"centred", "centerd", false}, // re only at the end
		{"tumor", "tumour", false},    // British → American only
		{"haemoglobin", "hemoglobin", true},
	}
	for _, tt := range tests {
		if got := slices.Contains(rewrites(tt.word, rules, maxRewrites), tt.variant); got != tt.want {
			t.Errorf("rewrites(%q) holds %q: %v; want %v", tt.word, tt.variant, got, tt.want)
		}
	}
	if _, err := pickRules([]string{"xyz"}); err == nil {
		t.Error("pickRules accepted an unknown rule")
	}
}

func TestSensesWithin(t *testing.T) {
	syn := map[string]*synset{
		"n1": {words: []string{"tumor", "tumour"}},
		"n2": {words: []string{"Centre"}},
		"v3": {words: []string{"prise"}},
	}
	ranks := map[string]map[string]int{
		"tumour": {"n1": 1}, "tumor": {"n1": 1},
		"centre": {"n1": 1, "n2": 2}, "prise": {"n1": 1, "v3": 2},
	}
	if !sensesWithin("tumour", syn, ranks, "tumor") {
		t.Error("tumour: want within tumor's senses")
	}
	if !sensesWithin("centre", syn, ranks, "tumor") {
		t.Error("centre: a proper-name sense must not count")
	}
	if sensesWithin("prise", syn, ranks, "tumor") {
		t.Error("prise: a common sense of its own must count")
	}
}
