// Package etree gives html.Node trees the text and tail model of Python's ElementTree,
// which trafilatura's rules are written for (from go-trafilatura v1.12.2).
package etree
