package corpus

import "testing"

func TestEndsSentence(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"The league was dissolved in 1946.", true},
		{"He said “it is over.”", true},
		{"Tesla believed the League was no remedy.[citation needed]", true},
		{"Teachers are expected to respect their students.[verification needed]", true},
		{"It was founded in 1920.[3][4]", true},
		{"Kamikaze drones were game-changing variables in the war. [Getty]", true},
		{"A Historical Bird’s-Eye View", false},
		{"See the list [below]", false},
		{"[citation needed]", false},
		{"Ingredients:", true},
	}
	for _, tt := range tests {
		if got := endsSentence(tt.in); got != tt.want {
			t.Errorf("endsSentence(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestMenuLines(t *testing.T) {
	lines := func(ss ...string) []unit {
		us := make([]unit, len(ss))
		for i, s := range ss {
			us[i] = unit{text: s}
		}
		return us
	}
	tests := []struct {
		name  string
		units []unit
		menu  int // how many lines are marked
	}{
		{"menu with a navigation word", lines("Menu", "World", "Business", "Science", "Deep-Sea Mining Faces a Reckoning"), 4},
		{"ingredient list", lines("Lemon Drizzle Cake", "Serves 8", "225 g butter", "4 eggs"), 0},
		{"too short a run", lines("Home", "World", "The war ended in 1994, and the talks began."), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			for _, m := range menuLines(tt.units) {
				if m {
					n++
				}
			}
			if n != tt.menu {
				t.Errorf("menuLines marks %d lines; want %d", n, tt.menu)
			}
		})
	}
}
