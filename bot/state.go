package bot

import (
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Custom ids of the buttons. Together with the message a button sits on, they carry all
// the state a click needs, so any replica can serve it:
//
//	ask:more:<page>      next page of an /ask answer (page counts from 0)
//	ask:full:<passage>   the whole passage, by id
//	ask:fullrank:<rank>  the whole passage at that rank of the message's question, for
//	                     passage ids too long for a custom id (deeply nested files)
//	ask:public           repost an ephemeral answer publicly
//	fb:up, fb:down       feedback on an answer
//	search:<page>        a page of /search results
//	ask:follow:<doc>     open the follow-up modal; doc is the document the answer cited
//	                     (empty when its id is too long), which the follow-up prefers
//	fu:<doc>             that modal; on submit, the message it came from gives the question
//
// The question, the source filter and the page live in the footer of the message's first
// embed (see footerState), in lines a person can read.
const (
	idMore     = "ask:more:"
	idFull     = "ask:full:"
	idFullRank = "ask:fullrank:"
	idPublic   = "ask:public"
	idUp       = "fb:up"
	idDown     = "fb:down"
	idSearch   = "search:"
	idFollow   = "ask:follow:"
	idFollowUp = "fu:"
	footerQ    = "Question: "
	footerS    = "Search: "
	footerSrc  = "Source: "
	footerPage = "Page "
)

// state is what a reply remembers of the request that made it.
type state struct {
	Search   bool   // a /search listing rather than an /ask answer
	Question string // as asked, whitespace collapsed
	DocID    string // source filter, or ""
	Page     int    // from 0
	Pages    int    // known page count for /search, 0 when unknown
}

// footer renders s as footer text; the first line is the question.
func (s state) footer(sourceTitle string) string {
	prefix := footerQ
	if s.Search {
		prefix = footerS
	}
	lines := []string{prefix + s.Question}
	if s.DocID != "" {
		src := footerSrc + s.DocID
		if sourceTitle != "" {
			src += " (" + sourceTitle + ")"
		}
		lines = append(lines, src)
	}
	if s.Search || s.Page > 0 {
		p := footerPage + strconv.Itoa(s.Page+1)
		if s.Pages > 0 {
			p += " of " + strconv.Itoa(s.Pages)
		}
		lines = append(lines, p)
	}
	return cut(plain(strings.Join(lines, "\n")), maxFooter)
}

// stateOf reads the state back from the footer of a message the bot sent.
func stateOf(m *discordgo.Message) (state, bool) {
	if m == nil || len(m.Embeds) == 0 || m.Embeds[0].Footer == nil {
		return state{}, false
	}
	var s state
	found := false
	for _, line := range strings.Split(m.Embeds[0].Footer.Text, "\n") {
		line = unescapeMentions(line)
		switch {
		case strings.HasPrefix(line, footerQ):
			s.Question, found = strings.TrimPrefix(line, footerQ), true
		case strings.HasPrefix(line, footerS):
			s.Question, s.Search, found = strings.TrimPrefix(line, footerS), true, true
		case strings.HasPrefix(line, footerSrc):
			id := strings.TrimPrefix(line, footerSrc)
			if i := strings.Index(id, " ("); i >= 0 {
				id = id[:i]
			}
			s.DocID = id
		case strings.HasPrefix(line, footerPage):
			f := strings.Fields(strings.TrimPrefix(line, footerPage))
			if len(f) > 0 {
				if n, err := strconv.Atoi(f[0]); err == nil && n > 0 {
					s.Page = n - 1
				}
			}
			if len(f) == 3 && f[1] == "of" {
				s.Pages, _ = strconv.Atoi(f[2])
			}
		}
	}
	return s, found && s.Question != ""
}

func unescapeMentions(s string) string { return strings.ReplaceAll(s, zwsp, "") }

// passageIDs lists the passages a reply shows, read from its "Full passage" buttons.
func passageIDs(m *discordgo.Message) []string {
	var ids []string
	if m == nil {
		return nil
	}
	for _, c := range m.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, b := range row.Components {
			if btn, ok := b.(*discordgo.Button); ok && strings.HasPrefix(btn.CustomID, idFull) {
				ids = append(ids, strings.TrimPrefix(btn.CustomID, idFull))
			}
		}
	}
	return ids
}
