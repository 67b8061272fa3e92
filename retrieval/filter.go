package retrieval

import (
	"strings"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// filterDocs returns the ids of the documents that pass q's filters, in corpus order;
// nil when there is no filter. any is false when no document passes them.
func (ix *Index) filterDocs(q Query) (ids []string, any bool) {
	if q.DocID == "" && len(q.Scope) == 0 && q.Author == "" && q.From.IsZero() && q.To.IsZero() {
		return nil, true
	}
	for i := range ix.docs {
		d := &ix.docs[i]
		if q.DocID != "" && d.ID != q.DocID {
			continue
		}
		if len(q.Scope) > 0 && !InScope(d.ID, d.Tags, q.Scope) {
			continue
		}
		if q.Author != "" && !authorMatches(d, q.Author) {
			continue
		}
		if !q.From.IsZero() && (d.Published.IsZero() || d.Published.Before(q.From)) {
			continue
		}
		if !q.To.IsZero() && (d.Published.IsZero() || d.Published.After(q.To)) {
			continue
		}
		ids = append(ids, d.ID)
	}
	return ids, len(ids) > 0
}

// InScope reports whether a document with that id and tags is in scope: its id is an
// entry, starts with an entry ending in "/", or it has the tag of a "tag:NAME" entry
// (case-insensitively).
func InScope(id string, tags, scope []string) bool {
	for _, e := range scope {
		switch {
		case strings.HasPrefix(e, "tag:"):
			for _, t := range tags {
				if strings.EqualFold(t, e[len("tag:"):]) {
					return true
				}
			}
		case strings.HasSuffix(e, "/"):
			if strings.HasPrefix(id, e) {
				return true
			}
		case id == e:
			return true
		}
	}
	return false
}

// authorMatches reports whether any of d's authors contains name, folded and case-insensitively.
func authorMatches(d *corpus.Document, name string) bool {
	want := fold(name)
	if want == "" {
		return true
	}
	for _, a := range d.Authors {
		if strings.Contains(fold(a), want) {
			return true
		}
	}
	return false
}

// fold lower-cases a name and folds accents and special letters, for comparing names.
func fold(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = analysis.Fold(w)
	}
	return strings.Join(words, " ")
}
