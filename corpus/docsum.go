package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Sum is a hash of a document as the corpus gives it: see DocSum.
type Sum [16]byte

// DocSum is what a snapshot keeps of a document's sum: the sum, and which of its
// paragraphs the corpus-wide rules removed when it was taken (0: none), since the
// same parsed document cleaned the same way gives the same passages.
type DocSum struct {
	Removed uint64
	Sum     Sum
}

// docSum hashes everything the index and citations take from document d and its passages:
// the metadata, the pages of a paged source, and each passage's id, heading, paragraph
// numbers and text.
func docSum(d *Document, passages []Passage) Sum {
	var buf []byte // gathered and hashed once: the hash would copy each string anyway
	field := func(s string) {
		buf = strconv.AppendInt(buf, int64(len(s)), 10)
		buf = append(buf, ':')
		buf = append(buf, s...)
	}
	field(d.ID)
	field(d.Title)
	field(d.Subtitle)
	field(strings.Join(d.Authors, "\x00"))
	field(d.AuthorBio)
	field(d.Publication)
	field(d.Published.UTC().Format(time.RFC3339Nano))
	field(d.URL)
	field(strings.Join(d.Tags, "\x00"))
	field(string(pageList(d.Paragraphs))) // citations of paged sources name pages
	for _, p := range passages {
		field(p.ID)
		field(p.DocID)
		field(p.Heading)
		field(strconv.Itoa(p.ParaFirst) + "-" + strconv.Itoa(p.ParaLast))
		field(p.Text)
	}
	sum := sha256.Sum256(buf)
	return Sum(sum[:16])
}

// fingerprint hashes the documents' ids and sums, in corpus order.
func fingerprint(docs []Document, sums []Sum) string {
	var buf []byte
	buf = append(buf, "docent-corpus-v2"...)
	for i := range docs {
		buf = strconv.AppendInt(buf, int64(len(docs[i].ID)), 10)
		buf = append(buf, ':')
		buf = append(buf, docs[i].ID...)
		buf = append(buf, sums[i][:]...)
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}
