// This file is part of go-trafilatura, Go package for extracting readable
// content, comments and metadata from a web page. Source available in
// <https://github.com/markusmobius/go-trafilatura>.
//
// Copyright (C) 2021 Markus Mobius
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
// http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.
//
// Changed for docent (github.com/docent-bot/docent): trimmed to what docent uses;
// README.md in corpus/webpage/internal/trafilatura says what was changed.

// Code in this file is ported from <https://github.com/adbar/trafilatura>
// which available under Apache 2.0 license.

package trafilatura

import (
	"fmt"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

// docent: the options docent runs the library with are built in (upstream's Options with
// ExcludeComments set, Focus Balanced, everything else at its default, no fallback
// extractors, no date search); upstream's Config defaults are these constants.
const (
	// minExtractedSize is the least text (characters) the main extraction must find before
	// the whole-page baseline is tried instead.
	minExtractedSize = 250

	// minOutputSize is the least text (characters) of a result.
	minOutputSize = 1
)

type ExtractResult struct {
	// ContentNode is the extracted content as a `html.Node`.
	ContentNode *html.Node

	// ContentText is the extracted content as a plain text.
	ContentText string

	// Metadata is the extracted metadata which taken from several sources i.e.
	// <meta> tags, JSON+LD and OpenGraph scheme.
	Metadata Metadata
}

// ExtractDocument extracts the main content and the metadata of a parsed page; the page is
// left as it was.
func ExtractDocument(doc *html.Node) (*ExtractResult, error) {
	// Fetch metadata
	metadata := extractMetadata(doc)

	// Backup document to make sure the original kept untouched
	doc = dom.Clone(doc, true)
	docBackup := dom.Clone(doc, true)

	// Clean and convert HTML tags
	docCleaning(doc)
	convertTags(doc)

	// Extract content
	postBody, tmpBodyText := extractContent(doc)

	// Rescue: try to use original/dirty tree
	lenText := utf8.RuneCountInString(tmpBodyText)
	if lenText < minExtractedSize {
		postBody, tmpBodyText = baseline(docBackup)
	}

	// Size checks
	lenText = utf8.RuneCountInString(tmpBodyText)
	if lenText < minOutputSize {
		return nil, fmt.Errorf("text is not long enough: %d", lenText)
	}

	// Post cleaning
	postCleaning(postBody)

	return &ExtractResult{
		ContentNode: postBody,
		ContentText: tmpBodyText,
		Metadata:    metadata,
	}, nil
}
