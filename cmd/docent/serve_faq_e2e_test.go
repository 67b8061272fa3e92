package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot/discordtest"
)

// TestE2EServeSavedAnswerIsIndexed saves a member's message as an answer through serve
// and asks what only that message answers: the reply must cite the FAQ document. The
// corpus watcher is off (DOCENT_RELOAD=false), so only the reload "Save as answer"
// triggers can have indexed it.
func TestE2EServeSavedAnswerIsIndexed(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	corpusDir := copyBundledCorpus(t)
	r := startServe(t, fake, map[string]string{"DOCENT_CORPUS_DIR": corpusDir, "DOCENT_FAQ_DIR": filepath.Join(corpusDir, "faq"),
		"DOCENT_RELOAD": "false", "DISCORD_GUILD_ID": "g1"})
	waitHTTP(t, r.admin+"/readyz", 200, "ready")
	fake.Wait(t, 10*time.Second, "commands registered on the guild", func() bool { return len(fake.Commands("g1")) > 0 })

	const question = "How do I reset the zorblax widget?"
	asker := discordtest.Invoke{GuildID: "g1", UserID: "u1"}
	ask := func() discordtest.Message {
		t.Helper()
		id := fake.Command(asker, "ask", discordtest.Option{Name: "question", Type: 3, Value: question})
		var m discordtest.Message
		fake.Wait(t, 10*time.Second, "the answer to "+question, func() bool {
			in, _ := fake.Interaction(id)
			m, _ = fake.Message(in.Original)
			return in.Edits > 0
		})
		return m
	}
	// What the FAQ document's citations look like: its title from the question, its
	// author the display name of the answer's author.
	const citation = "“" + question + "”, Helpful Hana"
	if m := ask(); strings.Contains(m.Text(), citation) || strings.Contains(m.Text(), "blinks twice") {
		t.Fatalf("answered from the FAQ before it was saved:\n%s", m.Text())
	}

	q := fake.PostUserMessage(discordtest.UserMessage{GuildID: "g1", Content: question,
		Author: discordtest.User{ID: "u2", Username: "asker"}})
	a := fake.PostUserMessage(discordtest.UserMessage{GuildID: "g1", ReplyTo: q, Nick: "Helpful Hana",
		Content: "Hold the zorblax widget's reset button for ten seconds, until the green lamp blinks twice.",
		Author:  discordtest.User{ID: "u3", Username: "hana"}})
	mod := discordtest.Invoke{GuildID: "g1", UserID: "u7", Permissions: "8192"} // Manage Messages
	cmd := fake.MessageCommand(mod, "Save as answer", a, true)
	fake.Wait(t, 10*time.Second, "the Save as answer form", func() bool { _, ok := fake.Modal(cmd); return ok })
	form, _ := fake.Modal(cmd)
	values := map[string]string{}
	for _, field := range []string{"title", "question", "answer", "author"} {
		values[field], _ = form.Value(field) // saved as prefilled
	}
	sub := fake.ModalSubmit(mod, form.CustomID, values, "")
	fake.Wait(t, 30*time.Second, "the saved answer's confirmation", func() bool {
		in, _ := fake.Interaction(sub)
		m, _ := fake.Message(in.Original)
		return strings.Contains(m.Content, "indexed")
	})
	files, _ := filepath.Glob(filepath.Join(corpusDir, "faq", "*.md"))
	if len(files) != 1 {
		t.Fatalf("FAQ folder holds %v; want one Markdown file", files)
	}

	m := ask()
	if !strings.Contains(m.Text(), citation) || !strings.Contains(m.Text(), "blinks twice") {
		t.Errorf("after saving, the answer does not cite the FAQ document (%s):\n%s", citation, m.Text())
	}
	waitHTTP(t, r.admin+"/metrics", 200, "docent_index_documents 6")
	if err := r.shutdown(t); err != nil {
		t.Errorf("serve after SIGTERM = %v; want nil", err)
	}
}
