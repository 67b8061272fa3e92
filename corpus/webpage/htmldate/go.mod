// A light stand-in for github.com/markusmobius/go-htmldate, wired in by the replace
// directive in docent's go.mod. The original imports go-dateparser, whose package
// initialisation compiles locale tables for ~200 languages: 1.1 s and 78 MB in every
// docent process, even though docent never calls it (publication dates come from
// corpus/webpage's own metadata reader). This module keeps go-trafilatura's API
// (Options, Result, FromDocument) and reads dates from machine-readable markup only.
module github.com/markusmobius/go-htmldate

go 1.26.0

require golang.org/x/net v0.62.0
