package corpus

import (
	"slices"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"Wednesday, 21 May 2014", day(2014, 5, 21), true},
		{"Monday, 08 May 2023", day(2023, 5, 8), true},
		{"May 8, 2023", day(2023, 5, 8), true},
		{"19 January, 2023", day(2023, 1, 19), true},
		{"05/21/2014", day(2014, 5, 21), true},
		{"2023-05-08", day(2023, 5, 8), true},
		{"2021-09-14T08:30:00Z", time.Date(2021, 9, 14, 8, 30, 0, 0, time.UTC), true},
		{"2021-09-14T08:30:00+02:00", time.Date(2021, 9, 14, 6, 30, 0, 0, time.UTC), true},
		{"Published on March 3rd, 2021", day(2021, 3, 3), true},
		{"Updated: Sept. 5, 2019", day(2019, 9, 5), true},
		{"MAY 8, 2023", day(2023, 5, 8), true},
		{"8 May 2023.", day(2023, 5, 8), true},
		{"January 2022", day(2022, 1, 1), true},
		{"Read 14328 times", time.Time{}, false},
		{"Analysis | Europe", time.Time{}, false},
		{"The 2020 war", time.Time{}, false},
		{"0001-01-01", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseByline(t *testing.T) {
	tests := []struct {
		in          string
		authors     []string
		date        time.Time
		publication string
		ok          bool
	}{
		{"By Stephen Blank (05/21/2014 issue of the CACI Analyst)", []string{"Stephen Blank"},
			time.Date(2014, 5, 21, 0, 0, 0, 0, time.UTC), "CACI Analyst", true},
		{"By Brenda Shaffer", []string{"Brenda Shaffer"}, time.Time{}, "", true},
		{"By A. Smith and B. Jones", []string{"A. Smith", "B. Jones"}, time.Time{}, "", true},
		{"by Ann Lee, Bo Chen & Cy Diaz", []string{"Ann Lee", "Bo Chen", "Cy Diaz"}, time.Time{}, "", true},
		{"Written by Ann Lee, Bo Chen, and Cy Diaz", []string{"Ann Lee", "Bo Chen", "Cy Diaz"}, time.Time{}, "", true},
		{"Byzantine history", nil, time.Time{}, "", false},
		{"By the way, this is a sentence that is far too long to be a byline of any kind at all really.", nil, time.Time{}, "", false},
	}
	for _, tt := range tests {
		b, ok := parseByline(tt.in)
		if ok != tt.ok || !slices.Equal(b.authors, tt.authors) || !b.date.Equal(tt.date) || b.publication != tt.publication {
			t.Errorf("parseByline(%q) = %q %v %q %v; want %q %v %q %v", tt.in, b.authors, b.date, b.publication, ok,
				tt.authors, tt.date, tt.publication, tt.ok)
		}
	}
}

func TestBioName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Giorgio Cafiero is the CEO of Gulf State Analytics.", "Giorgio Cafiero"},
		{"Prof. Brenda Shaffer is a faculty member of the U.S. Naval Postgraduate School. She is a Senior Advisor.", "Brenda Shaffer"},
		{"Mirwais Balkhi is Scholar in Residence at Georgetown University in Qatar.", "Mirwais Balkhi"},
		{"Ludwig van Beethoven was a composer.", "Ludwig van Beethoven"},
		{"The Central Asia-Caucasus Analyst is a biweekly publication.", ""},
		{"Iran is substantially modifying its policies.", ""},
		{"Giorgio Cafiero is the CEO", ""},
	}
	for _, tt := range tests {
		if got := bioName(tt.in); got != tt.want {
			t.Errorf("bioName(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestJunkReason(t *testing.T) {
	tests := []struct {
		in   string
		junk bool
	}{
		{"Skip to main content", true},
		{"Follow us on social", true},
		{"Shutterstock_1889438869-scaled", true},
		{"IMG_2031.jpg", true},
		{"Shaffer small", true},
		{"6 min read", true},
		{"Read 14328 times", true},
		{"Read 11627 times Last modified on Monday, 08 May 2023", true},
		{"Analysis | Europe", true},
		{"Home › World › Europe", true},
		{"Published in Analytical Articles", true},
		{"Kamikaze drones from Israel were game-changing variables in the Second Karabakh War. [Getty]", true},
		{"Turkish President Erdogan and President Aliyev. 10/12/2020 (Photo: Photographer RM via shutterstock.com)", true},
		{"Follow him on Twitter: @GiorgioCafiero", true},
		{"keep readingShow less", true},
		{"Newsletter", true},
		{"We use cookies to give you the best experience. By continuing to use this site you agree to our privacy policy.", true},
		{"Listen to this article", true},
		{"Click here to subscribe", true},
		{"© 2024 Daily Planet. All rights reserved.", true},
		{"Comments (12)", true},
		{"The bakers sold cookies at the market, and the town agreed to let them stay.", false},
		{"The view from Iran", false},
		{"A Historical Bird’s-Eye View", false},
		{"BACKGROUND: During 2012-13, these bilateral relations were about as bad as one could imagine.", false},
		{"Israel opened its embassy in Baku in August 1993.", false},
		{"Home front", false},
		{"Search and rescue", false},
		{"The war ended in 1994 (see the map).", false},
	}
	for _, tt := range tests {
		if got := junkReason(tt.in); (got != "") != tt.junk {
			t.Errorf("junkReason(%q) = %q; want junk %v", tt.in, got, tt.junk)
		}
	}
}

func TestSplitSectionLabel(t *testing.T) {
	tests := []struct{ in, label, rest string }{
		{"BACKGROUND: During 2012-13, relations were bad.", "BACKGROUND", "During 2012-13, relations were bad."},
		{"AUTHOR’S BIO: Stephen Blank is a Senior Fellow.", "AUTHOR’S BIO", "Stephen Blank is a Senior Fellow."},
		{"NATO: an alliance.", "", "NATO: an alliance."},
		{"President Aliyev: relations are bad.", "", "President Aliyev: relations are bad."},
	}
	for _, tt := range tests {
		label, rest := splitSectionLabel(tt.in)
		if label != tt.label || rest != tt.rest {
			t.Errorf("splitSectionLabel(%q) = %q, %q; want %q, %q", tt.in, label, rest, tt.label, tt.rest)
		}
	}
}
