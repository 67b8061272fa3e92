package webpage

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestBadInput checks that hostile or broken pages are extracted or refused with a reason,
// never hang or crash. Big inputs are generated here, not stored.
func TestBadInput(t *testing.T) {
	para := "<p>A paragraph of ordinary article text that a reader would want to keep around.</p>\n"
	var big strings.Builder
	big.WriteString("<html><head><title>Big page</title></head><body><article>")
	for big.Len() < 20<<20 {
		big.WriteString(para)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 64<<10)
	for i := range noise {
		noise[i] = byte(rnd.UintN(256))
	}
	tests := []struct {
		name     string
		data     []byte
		wantErr  error  // nil: must extract
		wantText string // must appear in the text when extracted
	}{
		{"truncated", []byte("<html><head><title>Cut</title></head><body><article><p>The first paragraph survives.</p><p>The second is cut o"), nil, "The second is cut o"},
		{"unclosed tags", []byte("<body><div><p>One<p>Two<li>Three<table><tr><td>Four"), nil, "Four"},
		{"20 MB page", []byte(big.String()), nil, "ordinary article text"},
		{"100k nested divs", []byte("<html><body>" + strings.Repeat("<div>", 100000) + "deep text" + strings.Repeat("</div>", 100000)), nil, "deep text"},
		{"100k unclosed inline tags", []byte("<body><p>start " + strings.Repeat("<span><b>", 50000) + "end"), nil, "end"},
		{"200k table cells", []byte("<body><table><tr>" + strings.Repeat("<td>1</td>", 200000) + "<td>last</td>"), nil, "last"},
		{"deep tables", []byte("<body>" + strings.Repeat("<table><tr><td>", 20000) + "cell"), nil, "cell"},
		{"png named html", append([]byte("\x89PNG\r\n\x1a\n"), noise[:1000]...), ErrNotHTML, ""},
		{"gzip named html", append([]byte("\x1f\x8b\x08"), noise[:1000]...), ErrNotHTML, ""},
		{"random bytes", noise, ErrNotHTML, ""},
		{"empty", nil, ErrEmpty, ""},
		{"only whitespace", []byte(" \n\t "), ErrEmpty, ""},
		{"markup without text", []byte("<html><head></head><body><div></div></body></html>"), ErrEmpty, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Extract(tc.data)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("Extract() error = %v; want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Extract() error = %v; want text", err)
			}
			if !strings.Contains(a.Text(), tc.wantText) {
				t.Errorf("Extract() text lacks %q (got %d bytes)", tc.wantText, len(a.Text()))
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	seeds := []string{
		"",
		"<html><head><title>T</title></head><body><p>text</p></body></html>",
		`<html><head><meta charset="shift_jis"><script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":[{"name":"A"}],"datePublished":"2020-01-02"}</script></head><body><article><h1>H</h1><p>x</p></article></body></html>`,
		"<body><table><tr><td>a<td>b</table><pre>code\n  here</pre><blockquote>q</blockquote>",
		"<div><div><div><p>unclosed",
		"\xef\xbb\xbf<p>bom</p>",
		"\xff\xfe<\x00p\x00>\x00",
		"<meta charset=gbk><p>\x81\x40\xfe\xfe</p>",
		"<svg><foreignObject><p>in svg</p></foreignObject></svg><math><mi>x</mi></math>",
		"<template><p>t</p></template><noscript><p>n</p></noscript>",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Extract(data)
		if err != nil {
			if a != nil {
				t.Fatalf("Extract returned an article and error %v", err)
			}
			return
		}
		for _, b := range a.Blocks {
			if b.Text == "" || strings.TrimSpace(b.Text) != b.Text {
				t.Fatalf("block %q is empty or untrimmed", b.Text)
			}
		}
		if bytes.Contains([]byte(a.Text()), []byte("\x00")) {
			t.Fatalf("text holds a NUL byte")
		}
	})
}
