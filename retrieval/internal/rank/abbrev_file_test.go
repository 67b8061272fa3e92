package rank

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestAbbrevsSaveLoad: what is saved beside the index reads back as what was found, and a
// missing, cut or foreign file is an error (the abbreviations are then found again).
func TestAbbrevsSaveLoad(t *testing.T) {
	docs := abbrevDocs()
	found := FindAbbrevs(docs, testCorpus(docs).Passages)
	if len(found.long) == 0 {
		t.Fatal("the fixture defines no abbreviation")
	}
	dir := t.TempDir()
	if err := found.Save(dir); err != nil {
		t.Fatal(err)
	}
	got, err := LoadAbbrevs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.long, found.long) || !reflect.DeepEqual(got.longs, found.longs) {
		t.Errorf("loaded %+v; want %+v", got, found)
	}
	whole, err := os.ReadFile(filepath.Join(dir, abbrevFile))
	if err != nil {
		t.Fatal(err)
	}
	// a letter changed inside a definition: the file is whole, its content is not
	changed := []byte(string(whole))
	at := len(abbrevHeader) + 2
	changed[at] ^= 1
	for name, content := range map[string]string{
		"changed": string(changed),
		"cut":     string(whole[:len(whole)-5]),
		"foreign": "something else\nend\n",
		"bad":     abbrevHeader + "\nckd\nend\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, abbrevFile), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadAbbrevs(dir); err == nil {
			t.Errorf("%s file: loaded; want an error", name)
		}
	}
	if _, err := LoadAbbrevs(t.TempDir()); err == nil {
		t.Error("no file: loaded; want an error")
	}
}
