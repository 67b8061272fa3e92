// Package selector holds trafilatura's rules for where a page's content, title, author and
// boilerplate are (from go-trafilatura v1.12.2).
package selector
