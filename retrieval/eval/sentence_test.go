package eval

import "testing"

func TestSameSentence(t *testing.T) {
	gold := []string{"The bridge opened in 1932, after six years of work."}
	tests := []struct {
		answer string
		want   bool
	}{
		{"The bridge opened in 1932, after six years of work.", true},
		{"the bridge  opened in 1932, after six years of work.", true},
		{"The bridge opened in 1932,", true},
		{"The bridge", false},
		{"", false},
		{"Another sentence entirely.", false},
	}
	for _, tt := range tests {
		if got := SameSentence(tt.answer, gold); got != tt.want {
			t.Errorf("SameSentence(%q) = %v; want %v", tt.answer, got, tt.want)
		}
	}
}
