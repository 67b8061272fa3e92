// Command wordnetgen builds the synonym lexicon of package analysis from the WordNet 3.0
// database (Princeton University, WordNet 3.0 licence: use, copy, modify and distribute
// for any purpose without fee, keeping the copyright notice; Debian package wordnet-base
// installs it in /usr/share/wordnet). From the parent directory:
//
//	apt-get install wordnet-base
//	go run ./internal/wordnetgen -wordnet /usr/share/wordnet -out lexicon.txt.gz -irregular irregular.txt -spelling spelling.txt
//
// The lexicon links terms to related terms, both stemmed by the default Analyzer, as lines
// "term<TAB>related related ...", sorted by term, after a header naming the stemmer
// (regenerate when the default stemmer changes). It holds, from general lexical
// relations only:
//   - synonyms: members of a synset that is among the first -senses senses of either word
//     (WordNet lists senses by frequency), in synsets of at most -synset words;
//   - derivational links between words (acknowledge → acknowledgment, recognize →
//     recognition) and pertainyms (Azerbaijani → Azerbaijan), both ways;
//   - demonyms: a people or ethnic group whose gloss places it in a country or region
//     (Azeri, "an ethnic group living in Azerbaijan") is linked with that place and the
//     place's adjectives, both ways;
//   - compounds: the closed form of a two-word lemma expands to its words (landmine →
//     land mine).
//
// It also writes the irregular forms (-irregular, see irregular.go) that analysis maps to
// their lemma before stemming, and the spelling variants (-spelling, see spelling.go):
// British spellings' stems mapped to American ones' after stemming, which the lexicon's
// stems follow too.
//
// Nothing in either comes from evaluation data.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/docent-bot/docent/retrieval/analysis"
)

type pointer struct {
	sym         string
	key         string // pos + offset of the target synset
	source, dst int    // word numbers from 1; 0 = the whole synset
}

type synset struct {
	lexfile int
	words   []string // as in WordNet: underscores for spaces, case kept
	ptrs    []pointer
	gloss   string
}

var posFiles = map[string]string{"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet 3.0 database folder")
	out := flag.String("out", "lexicon.txt.gz", "output file")
	senses := flag.Int("senses", 2, "synonyms only from a word's first N senses")
	maxSynset := flag.Int("synset", 6, "ignore synsets with more words than this")
	irregularOut := flag.String("irregular", "", "irregular forms output file (none when empty)")
	excLists := flag.String("exc", defaultExcLists, "exception lists of the irregular forms, comma-separated")
	keep := flag.String("keep", string(defaultKeep), "which irregular forms stay as they are: "+keepRules)
	spellingOut := flag.String("spelling", "", "spelling variants output file (none when empty)")
	spellRules := flag.String("spelling-rules", defaultSpellingRules, "British → American rules of the spelling variants, comma-separated")
	spellGuard := flag.String("spelling-guard", string(defaultSpellingGuard), "which spelling variants are left out: "+spellingGuards)
	flag.Parse()
	syn := map[string]*synset{}
	ranks := map[string]map[string]int{} // lemma → synset key → sense rank from 1
	tagged := map[string]int{}           // lemma → its senses tagged in a corpus, all parts of speech
	for pos, name := range posFiles {
		if err := readData(filepath.Join(*dir, "data."+name), pos, syn); err != nil {
			log.Fatal(err)
		}
		if err := readIndex(filepath.Join(*dir, "index."+name), pos, ranks, tagged); err != nil {
			log.Fatal(err)
		}
	}
	if *irregularOut != "" {
		forms, err := irregularForms(*dir, strings.Split(*excLists, ","), keepRule(*keep), ranks, tagged)
		if err != nil {
			log.Fatal(err)
		}
		if err := writeIrregular(*irregularOut, forms, *excLists, keepRule(*keep)); err != nil {
			log.Fatal(err)
		}
	}
	var spelling map[string]string
	if *spellingOut != "" {
		pairs, err := spellingVariants(syn, ranks, splitRules(*spellRules), spellingGuard(*spellGuard))
		if err != nil {
			log.Fatal(err)
		}
		spelling = spellingStems(pairs)
		if err := writeSpelling(*spellingOut, spelling, *spellRules, spellingGuard(*spellGuard)); err != nil {
			log.Fatal(err)
		}
	}
	lx := lexicon{}
	synonyms(lx, syn, ranks, *senses, *maxSynset)
	lexicalLinks(lx, syn)
	demonyms(lx, syn)
	compounds(lx, ranks)
	if err := lx.write(*out, spelling); err != nil {
		log.Fatal(err)
	}
}

func readData(path, pos string, syn map[string]*synset) error {
	return eachLine(path, func(line string) error {
		if strings.HasPrefix(line, "  ") {
			return nil // licence header
		}
		head, gloss, _ := strings.Cut(line, " | ")
		f := strings.Fields(head)
		lexfile, _ := strconv.Atoi(f[1])
		n, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil {
			return fmt.Errorf("%s: bad word count in %q", path, f[0])
		}
		s := &synset{lexfile: lexfile, gloss: gloss}
		i := 4
		for range n {
			w := f[i]
			if j := strings.IndexByte(w, '('); j > 0 { // adjective markers: "(a)", "(p)", "(ip)"
				w = w[:j]
			}
			s.words = append(s.words, w)
			i += 2
		}
		np, _ := strconv.Atoi(f[i])
		i++
		for range np {
			st, _ := strconv.ParseUint(f[i+3], 16, 16)
			p := f[i+2]
			if p == "s" {
				p = "a"
			}
			s.ptrs = append(s.ptrs, pointer{sym: f[i], key: p + f[i+1], source: int(st >> 8), dst: int(st & 0xff)})
			i += 4
		}
		syn[pos+f[0]] = s
		return nil
	})
}

// readIndex reads an index file: "lemma pos synset_cnt p_cnt [ptr...] sense_cnt
// tagsense_cnt offset...".
func readIndex(path, pos string, ranks map[string]map[string]int, tagged map[string]int) error {
	return eachLine(path, func(line string) error {
		if strings.HasPrefix(line, "  ") {
			return nil
		}
		f := strings.Fields(line)
		nsyn, _ := strconv.Atoi(f[2])
		offs := f[len(f)-nsyn:]
		nTagged, err := strconv.Atoi(f[len(f)-nsyn-1])
		if err != nil {
			return fmt.Errorf("%s: bad tagsense_cnt in %q", path, f[0])
		}
		tagged[f[0]] += nTagged
		if ranks[f[0]] == nil {
			ranks[f[0]] = map[string]int{}
		}
		for i, o := range offs {
			ranks[f[0]][pos+o] = i + 1
		}
		return nil
	})
}

func eachLine(path string, fn func(string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if err := fn(sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}

// lexicon holds directed links between folded single words.
type lexicon map[string]map[string]bool

var plainWord = regexp.MustCompile(`^[a-z]{3,}$`)

// norm folds a WordNet lemma to one plain word, or "" when it is not one.
func norm(w string) string {
	f := analysis.Fold(w)
	if !plainWord.MatchString(f) {
		return ""
	}
	return f
}

func (lx lexicon) add(a, b string) {
	a, b = norm(a), norm(b)
	if a == "" || b == "" || a == b || analysis.IsStop(a) || analysis.IsStop(b) {
		return
	}
	if lx[a] == nil {
		lx[a] = map[string]bool{}
	}
	lx[a][b] = true
}

func synonyms(lx lexicon, syn map[string]*synset, ranks map[string]map[string]int, senses, maxSynset int) {
	for key, s := range syn {
		if len(s.words) < 2 || len(s.words) > maxSynset {
			continue
		}
		for _, a := range s.words {
			ra := ranks[strings.ToLower(a)][key]
			for _, b := range s.words {
				rb := ranks[strings.ToLower(b)][key]
				if (ra > 0 && ra <= senses) || (rb > 0 && rb <= senses) {
					lx.add(a, b)
				}
			}
		}
	}
}

// lexicalLinks adds derivational links ("+") and pertainyms ("\"), both ways.
func lexicalLinks(lx lexicon, syn map[string]*synset) {
	for _, s := range syn {
		for _, p := range s.ptrs {
			if (p.sym != "+" && p.sym != `\`) || p.source == 0 || p.dst == 0 {
				continue
			}
			t := syn[p.key]
			if t == nil || p.source > len(s.words) || p.dst > len(t.words) {
				continue
			}
			a, b := s.words[p.source-1], t.words[p.dst-1]
			lx.add(a, b)
			lx.add(b, a)
		}
	}
}

const (
	lexGroup    = 14 // noun.group
	lexLocation = 15 // noun.location
	lexPerson   = 18 // noun.person
)

// placeInGloss finds the place in glosses such as "a native or inhabitant of Azerbaijan"
// and "an ethnic group living in Azerbaijan".
var placeInGloss = regexp.MustCompile(`^an? (?:(?:native|inhabitant|citizen)(?: or (?:native|inhabitant|citizen))?|(?:ethnic )?(?:group|people|minority)(?: of people)?(?: living| who live)?) (?:of|in|from) (?:the )?((?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+)*)`)

// demonyms links a people's name with the place its gloss names, and with the place's
// adjectives (pertainyms pointing at the place), both ways.
func demonyms(lx lexicon, syn map[string]*synset) {
	places := map[string][]string{} // proper place name → its synset keys
	adjectives := map[string][]string{}
	for key, s := range syn {
		if key[0] == 'n' && s.lexfile == lexLocation {
			for _, w := range s.words {
				places[strings.ReplaceAll(w, "_", " ")] = append(places[strings.ReplaceAll(w, "_", " ")], key)
			}
		}
		for _, p := range s.ptrs {
			if p.sym == `\` && p.dst > 0 && p.source > 0 && p.source <= len(s.words) {
				adjectives[p.key] = append(adjectives[p.key], s.words[p.source-1])
			}
		}
	}
	for key, s := range syn {
		if key[0] != 'n' || (s.lexfile != lexGroup && s.lexfile != lexPerson) || !isProper(s.words[0]) {
			continue
		}
		m := placeInGloss.FindStringSubmatch(s.gloss)
		if m == nil {
			continue
		}
		for _, pk := range places[m[1]] {
			related := append([]string{m[1]}, adjectives[pk]...)
			for _, w := range s.words {
				for _, r := range related {
					lx.add(w, r)
					lx.add(r, w)
				}
			}
		}
	}
}

func isProper(w string) bool { return w != "" && w[0] >= 'A' && w[0] <= 'Z' }

// compounds makes the closed form of each two-word lemma expand to its words.
func compounds(lx lexicon, ranks map[string]map[string]int) {
	for lemma := range ranks {
		parts := strings.Split(lemma, "_")
		if len(parts) != 2 || norm(parts[0]) == "" || norm(parts[1]) == "" {
			continue
		}
		closed := parts[0] + parts[1]
		lx.add(closed, parts[0])
		lx.add(closed, parts[1])
	}
}

// maxRelated caps the related terms of one term.
const maxRelated = 16

// write stems the lexicon's words with the default stemmer, a British spelling's stem
// replaced by the American one's as analysis replaces it (spelling).
func (lx lexicon) write(path string, spelling map[string]string) error {
	an := analysis.Default()
	stem := func(w string) string {
		s := an.Stem(w)
		if c, ok := spelling[s]; ok {
			return c
		}
		return s
	}
	stemmed := map[string][]string{}
	words := make([]string, 0, len(lx))
	for w := range lx {
		words = append(words, w)
	}
	sort.Strings(words)
	for _, w := range words {
		rel := make([]string, 0, len(lx[w]))
		for r := range lx[w] {
			rel = append(rel, r)
		}
		sort.Strings(rel)
		k := stem(w)
		for _, r := range rel {
			if s := stem(r); s != k && !slices.Contains(stemmed[k], s) {
				stemmed[k] = append(stemmed[k], s)
			}
		}
	}
	keys := make([]string, 0, len(stemmed))
	for k, v := range stemmed {
		if len(v) > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	fmt.Fprintf(w, "# docent synonym lexicon from WordNet 3.0 (c) 2006 Princeton University; see internal/wordnetgen\n")
	fmt.Fprintf(w, "# stemmer=%s\n", analysis.DefaultStemmer)
	for _, k := range keys {
		vs := stemmed[k]
		fmt.Fprintf(w, "%s\t%s\n", k, strings.Join(vs[:min(len(vs), maxRelated)], " "))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}
