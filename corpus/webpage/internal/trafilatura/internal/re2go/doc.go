// Package re2go holds trafilatura's text filter compiled to Go by re2c from
// utils-extractor.re (from go-trafilatura v1.12.2).
package re2go
