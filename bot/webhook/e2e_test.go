package webhook_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/bot/webhook"
	"github.com/docent-bot/docent/retrieval/retrievaltest"
)

// httpMode is the HTTP interactions path end to end: a fake Discord that POSTs signed
// interactions to the endpoint, takes its reply as the first response and receives the
// bot's edits and follow-ups over REST.
type httpMode struct {
	logs *discordtest.LogBuffer
	fake *discordtest.Server
	wh   *webhook.Server
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
}

func newHTTPMode(t *testing.T) *httpMode {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return newReplica(t, discordtest.New(t, discordtest.Options{}), pub, priv)
}

// newReplica is one more process serving the same application (same key, same Discord).
func newReplica(t *testing.T, fake *discordtest.Server, pub ed25519.PublicKey, priv ed25519.PrivateKey) *httpMode {
	t.Helper()
	ix := retrievaltest.BundledIndex(t)
	logs := &discordtest.LogBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	b, err := bot.New(bot.Config{Token: fake.Token(), HTTPClient: fake.Client()}, ix, ix, log)
	if err != nil {
		t.Fatal(err)
	}
	work, stop := context.WithCancel(context.Background())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		b.Shutdown(ctx)
		stop()
	})
	wh, err := webhook.New(webhook.Options{PublicKey: pub, Handler: b, Context: work, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	return &httpMode{logs: logs, fake: fake, wh: wh, pub: pub, priv: priv}
}

// discordSide is the endpoint's reply as Discord receives it: once flushed, the reply
// is recorded by the fake as the interaction's callback.
type discordSide struct {
	*httptest.ResponseRecorder
	fake     *discordtest.Server
	id       string
	recorded bool
	status   int
}

func (w *discordSide) Flush() {
	w.ResponseRecorder.Flush()
	if !w.recorded && w.Code == http.StatusOK {
		w.recorded = true
		w.status, _ = w.fake.InlineResponse(w.id, w.Body.Bytes())
	}
}

// post signs body as Discord would, serves it and returns the reply.
func (h *httpMode) post(t *testing.T, id string, body []byte) (status int, reply map[string]any) {
	t.Helper()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := ed25519.Sign(h.priv, append([]byte(ts), body...))
	r := httptest.NewRequest(http.MethodPost, webhook.Path, bytes.NewReader(body))
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	r.Header.Set("X-Signature-Timestamp", ts)
	w := &discordSide{ResponseRecorder: httptest.NewRecorder(), fake: h.fake, id: id}
	h.wh.ServeHTTP(w, r)
	w.Flush()
	if w.Code != http.StatusOK {
		t.Fatalf("endpoint replied %d %s", w.Code, w.Body)
	}
	if w.status != http.StatusNoContent {
		t.Fatalf("fake Discord refused the reply %s: status %d", w.Body, w.status)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &reply); err != nil {
		t.Fatalf("reply %q is not JSON: %v", w.Body, err)
	}
	return w.Code, reply
}

// original waits until the interaction's original message has been edited into text.
func (h *httpMode) original(t *testing.T, id string) discordtest.Message {
	t.Helper()
	var m discordtest.Message
	h.fake.Wait(t, 10*time.Second, "the answer to be edited in", func() bool {
		in, ok := h.fake.Interaction(id)
		if !ok || in.Original == "" {
			return false
		}
		m, ok = h.fake.Message(in.Original)
		return ok && in.Edits > 0
	})
	return m
}

func TestE2EHTTPAskAndButtons(t *testing.T) {
	h := newHTTPMode(t)
	who := discordtest.Invoke{GuildID: "g1", UserID: "u7"}
	question := "What did Azerbaijan do in Afghanistan?"
	id, body := h.fake.HTTPCommand(who, "ask", discordtest.Option{Name: "question", Type: 3, Value: question})
	_, reply := h.post(t, id, body)
	if reply["type"] != float64(5) {
		t.Errorf("first response %v; want a deferred reply (type 5) so slow answers keep the 3 s rule", reply)
	}
	m := h.original(t, id)
	text := m.Text()
	if !m.Ephemeral() || !m.MentionsNone() {
		t.Errorf("answer ephemeral=%v mentions-none=%v; want both", m.Ephemeral(), m.MentionsNone())
	}
	if !strings.Contains(text, "¶") || !strings.Contains(text, "Afghanistan") {
		t.Errorf("answer lacks a cited passage about Afghanistan:\n%s", text)
	}
	if in, _ := h.fake.Interaction(id); in.Late {
		t.Error("the first response came after Discord's deadline")
	}

	// Buttons work the same way: the click carries its state in the message.
	more := m.Button("More passages")
	if more == nil {
		t.Fatalf("answer has no More passages button: %+v", m.Components)
	}
	in, _ := h.fake.Interaction(id)
	cid, cbody := h.fake.HTTPClick(who, in.Original, more.CustomID)
	_, reply = h.post(t, cid, cbody)
	if typ := reply["type"]; typ != float64(6) && typ != float64(5) {
		t.Errorf("button response %v; want a deferred update or reply", reply)
	}
	h.fake.Wait(t, 10*time.Second, "page 2", func() bool {
		in, _ := h.fake.Interaction(cid)
		msg, ok := h.fake.Message(in.Original)
		return ok && in.Edits > 0 && strings.Contains(msg.Text(), "Page 2")
	})
}

func TestE2EHTTPAutocomplete(t *testing.T) {
	h := newHTTPMode(t)
	id, body := h.fake.HTTPInteraction(discordtest.Invoke{}, 4, map[string]any{"id": "cmd-ask", "name": "ask", "type": 1,
		"options": []discordtest.Option{{Name: "question", Type: 3, Value: "x"}, {Name: "source", Type: 3, Value: "Afgh", Focused: true}}}, "")
	_, reply := h.post(t, id, body)
	if reply["type"] != float64(8) {
		t.Fatalf("autocomplete reply %v; want type 8", reply)
	}
	choices := h.fake.Choices(id)
	if len(choices) == 0 || !strings.Contains(choices[0].Name, "Afghanistan") {
		t.Errorf("autocomplete for %q = %+v; want the Afghanistan document", "Afgh", choices)
	}
}

func TestE2EHTTPReplicasShareNothing(t *testing.T) {
	a := newHTTPMode(t)
	b := newReplica(t, a.fake, a.pub, a.priv)
	who := discordtest.Invoke{UserID: "u9"} // a DM
	id, body := a.fake.HTTPCommand(who, "ask", discordtest.Option{Name: "question", Type: 3, Value: "What did Azerbaijan do in Afghanistan?"})
	a.post(t, id, body)
	m := a.original(t, id)
	more := m.Button("More passages")
	if more == nil {
		t.Fatalf("answer has no More passages button")
	}
	// The click reaches the other replica, which never saw the question.
	in, _ := a.fake.Interaction(id)
	cid, cbody := b.fake.HTTPClick(who, in.Original, more.CustomID)
	b.post(t, cid, cbody)
	b.fake.Wait(t, 10*time.Second, "page 2 from the other replica", func() bool {
		in, _ := b.fake.Interaction(cid)
		msg, ok := b.fake.Message(in.Original)
		return ok && in.Edits > 0 && strings.Contains(msg.Text(), "Page 2")
	})
}
