package htmldate

import (
	"strings"
	"testing"
	"time"
)

func TestFromReader(t *testing.T) {
	tests := []struct {
		name, page string
		want       string // YYYY-MM-DD, or "" for not found
	}{
		{"article meta", `<meta property="article:published_time" content="2023-05-08T10:00:00+02:00">`, "2023-05-08"},
		{"meta beats time", `<meta name="date" content="2014-05-21"><time datetime="2020-01-01">x</time>`, "2014-05-21"},
		{"time element", `<p>Posted <time datetime="2021-08-15T09:30">Aug 15</time></p>`, "2021-08-15"},
		{"json-ld", `<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2019-03-04"}]}</script>`, "2019-03-04"},
		{"placeholder skipped", `<meta name="date" content="1970-01-01"><time datetime="2022-02-02">x</time>`, "2022-02-02"},
		{"nothing", `<p>No date here, just 5 May.</p>`, ""},
		{"garbage", `<meta name="date" content="yesterday">`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := FromReader(strings.NewReader("<html><head></head><body>"+tt.page+"</body></html>"), Options{})
			got := ""
			if err == nil {
				got = r.DateTime.Format(time.DateOnly)
			}
			if got != tt.want {
				t.Errorf("FromReader(%q) = %q (err %v); want %q", tt.page, got, err, tt.want)
			}
		})
	}
}
