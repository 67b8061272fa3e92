package analysis

import (
	"fmt"
	"os"
)

// UseIrregularFile makes analyzers created from now on map irregular forms with the
// table in path, another output of internal/wordnetgen (experiments: DOCENT_IRREGULAR).
func UseIrregularFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	m, err := parseIrregular(string(b))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	irregularForms = func() (map[string]string, error) { return m, nil }
	return nil
}
