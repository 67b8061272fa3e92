package webpage

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// ErrNotHTML is returned for input that is not a text page at all (an image, an archive,
// random bytes) even if its name says .html.
var ErrNotHTML = errors.New("not an html page")

// ErrUndecodable is returned when the page's bytes cannot be decoded as text in its
// declared or detected charset.
var ErrUndecodable = errors.New("cannot decode page text")

// binaryMagic lists signatures of common non-text formats.
var binaryMagic = []struct {
	magic []byte
	name  string
}{
	{[]byte("\x1f\x8b"), "gzip data"},
	{[]byte("PK\x03\x04"), "zip archive"},
	{[]byte("%PDF-"), "pdf document"},
	{[]byte("\x89PNG"), "png image"},
	{[]byte("\xff\xd8\xff"), "jpeg image"},
	{[]byte("GIF8"), "gif image"},
	{[]byte("RIFF"), "riff media"},
	{[]byte("\x7fELF"), "executable"},
	{[]byte("BZh"), "bzip2 data"},
	{[]byte("\xfd7zXZ"), "xz data"},
	{[]byte("7z\xbc\xaf"), "7z archive"},
	{[]byte("\x28\xb5\x2f\xfd"), "zstd data"},
	{[]byte("OggS"), "ogg media"},
	{[]byte("wOFF"), "web font"},
}

// sniffBinary reports why data is not a text page, or "" when it may be one.
func sniffBinary(data []byte) string {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(data, m.magic) {
			return m.name
		}
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	// UTF-16 pages carry NULs legitimately; a BOM announces them.
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return ""
	}
	ctrl := 0
	for _, b := range head {
		switch {
		case b == 0:
			return "binary data (NUL bytes)"
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1b:
			ctrl++
		}
	}
	if len(head) > 0 && ctrl*100 > len(head) {
		return "binary data (control bytes)"
	}
	return ""
}

// decode returns the page as UTF-8 text and the name of the charset it was read in.
func decode(data []byte) (string, string, error) {
	if why := sniffBinary(data); why != "" {
		return "", "", fmt.Errorf("%w: looks like %s", ErrNotHTML, why)
	}
	enc, name, certain := charset.DetermineEncoding(data, "text/html")
	if !certain {
		// A BOM was not found: the page's own declaration decides, else detection.
		if e, n := declared(data); e != nil {
			enc, name = e, n
		} else if utf8.Valid(data) {
			return string(data), "utf-8", nil
		} else if e, n := detect(data); e != nil {
			enc, name = e, n
		}
	}
	if name == "utf-8" {
		if utf8.Valid(stripBOM(data)) {
			return string(stripBOM(data)), "utf-8", nil
		}
		// Declared UTF-8 but not: mislabelled legacy pages are common; try detection,
		// else keep the valid parts.
		e, n := detect(data)
		if e == nil {
			return strings.ToValidUTF8(string(stripBOM(data)), "\uFFFD"), "utf-8", nil
		}
		enc, name = e, n
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	if err != nil {
		return "", name, fmt.Errorf("%w as %s: %v", ErrUndecodable, name, err)
	}
	text := strings.TrimPrefix(string(out), "\uFEFF")
	if bad := strings.Count(text, "\uFFFD"); bad > 16 && bad*20 > utf8.RuneCountInString(text)/10 {
		return "", name, fmt.Errorf("%w as %s: too many invalid sequences", ErrUndecodable, name)
	}
	return text, name, nil
}

func stripBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }

var metaCharset = regexp.MustCompile(`(?i)<meta\s[^>]*charset\s*=\s*["']?\s*([\w:.-]+)`)

// declared returns the charset a page names in a <meta> tag near its start.
func declared(data []byte) (encoding.Encoding, string) {
	head := data
	if len(head) > 16<<10 {
		head = head[:16<<10]
	}
	m := metaCharset.FindSubmatch(head)
	if m == nil {
		return nil, ""
	}
	e, err := htmlindex.Get(string(m[1]))
	if err != nil {
		return nil, ""
	}
	name, _ := htmlindex.Name(e)
	if name == "utf-16le" || name == "utf-16be" {
		// A page that could be read as ASCII to find this tag is not UTF-16.
		e, _ = htmlindex.Get("utf-8")
		return e, "utf-8"
	}
	return e, name
}
