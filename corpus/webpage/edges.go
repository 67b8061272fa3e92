package webpage

import (
	"regexp"
	"strings"
)

// edgeBoiler matches the sentences that sites put before and after an article: subscription
// pitches, follow-us lines, copyright, "related" headers, filing tags, reading times,
// affiliate notices and citation lines.
var edgeBoiler = regexp.MustCompile(`(?i)(\bsubscrib|\bnewsletter|\bsign(ing)? up\b|\bfollow (us|him|her|me|them)\b|\bfollow \S+ on\b|` +
	`\bclick here\b|\bcopyright\b|©|\ball rights reserved\b|\b(may|can) be reached at\b|\bcontact (us|the author)\b|` +
	`\byou may also like\b|\b(related|recommended|more|popular) (articles|stories|posts|reading|news)\b|\bread more\b|\bsee also\b|\balso read\b|` +
	`^(filed under|tags?|categories|category|topics?)\s*:|^comments?$|\btell us what you think\b|\bcontinue reading\b|` +
	`\b\d+\s+min(ute)?s? read\b|^(reading time|tempo de leitura|lesezeit|temps de lecture)\b|` +
	`\bif you (buy|purchase) something\b|\b(earn|get|receive) a (small )?(commission|share of)\b|\baffiliate link|` +
	`^additional reporting by\b|^citation\s*:|^share (this|on)\b|^(advertisement|sponsored|anzeige|publicidad)$)`)

// edgeMax is the longest block (bytes) taken for boilerplate at an article's edges.
const edgeMax = 300

// trimEdges drops boilerplate blocks from the start and end of the body: lines matching
// edgeBoiler, the byline (a short line naming the author), the author's name alone.
func trimEdges(blocks []Block, author string) []Block {
	junk := func(b Block, head bool) bool {
		if len(b.Text) > edgeMax {
			return false
		}
		if edgeBoiler.MatchString(b.Text) {
			return true
		}
		if author == "" {
			return false
		}
		if strings.EqualFold(b.Text, author) {
			return true
		}
		return head && len(b.Text) < 100 && strings.Contains(strings.ToLower(b.Text), "by "+strings.ToLower(author))
	}
	for i := 0; i < 3 && len(blocks) > 0 && junk(blocks[0], true); i++ {
		blocks = blocks[1:]
	}
	for i := 0; i < 6 && len(blocks) > 0 && junk(blocks[len(blocks)-1], false); i++ {
		blocks = blocks[:len(blocks)-1]
	}
	return blocks
}
