// Package trafilatura finds the main content and the metadata of a web page: a trimmed copy
// of github.com/markusmobius/go-trafilatura v1.12.2 (Apache-2.0), with the options docent
// uses built in and no date search; README.md says what was changed and why.
package trafilatura
