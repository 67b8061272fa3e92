// Package webhook serves Discord's HTTP interactions (the "Interactions Endpoint URL"):
// it verifies each request's Ed25519 signature and age, answers PING, and hands every
// command, autocomplete and button to the bot core, replying with its first response.
// It keeps nothing between requests, so any number of replicas can share the URL.
package webhook

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/docent-bot/docent/bot"
)

// Path is where Discord POSTs interactions.
const Path = "/interactions"

// Defaults for Options.
const (
	MaxBody    = 64 << 10        // bytes; larger requests get 413
	MaxSkew    = 5 * time.Minute // older (or further in the future) timestamps get 401
	AckTimeout = 2500 * time.Millisecond
)

// Handler serves one interaction; *bot.Bot is one.
type Handler interface {
	HandleInteraction(ctx context.Context, i *discordgo.Interaction, r bot.Responder)
}

var _ Handler = (*bot.Bot)(nil)

// Options configure a Server.
type Options struct {
	PublicKey ed25519.PublicKey // the application's public key; see ParsePublicKey
	Handler   Handler
	// Context bounds the work an interaction starts: it must outlive the HTTP request,
	// since answers are edited in after the reply. Cancel it only after the handler has
	// drained (bot.Shutdown).
	Context context.Context
	Logger  *slog.Logger // nil discards
	// OnInteraction, when set, is told the kind of every verified interaction
	// ("ping", "command", "component", "autocomplete", "modal"), for metrics.
	OnInteraction func(kind string)
	// AckTimeout is how long the handler may take to produce its first response before
	// the request fails with 503 (and a later response is refused); Discord allows 3 s in
	// all. 0 means AckTimeout.
	AckTimeout time.Duration
	Now        func() time.Time // nil: time.Now
}

// Server is the http.Handler of the interactions endpoint.
type Server struct {
	opts Options
	log  *slog.Logger
}

// ParsePublicKey decodes the hex public key shown in Discord's developer portal.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("public key is not hex: %w", err)
	}
	if len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key has %d bytes; an Ed25519 key has %d (64 hex digits)", len(b), ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// New checks opts and returns the endpoint.
func New(opts Options) (*Server, error) {
	if len(opts.PublicKey) != ed25519.PublicKeySize {
		return nil, errors.New("webhook: no valid public key")
	}
	if opts.Handler == nil {
		return nil, errors.New("webhook: no interaction handler")
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.AckTimeout <= 0 {
		opts.AckTimeout = AckTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Server{opts: opts, log: opts.Logger}, nil
}

// ServeHTTP serves POST /interactions; mount it at Path.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		httpError(w, http.StatusMethodNotAllowed, "method not allowed: Discord POSTs interactions here")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", MaxBody))
			return
		}
		httpError(w, http.StatusBadRequest, "could not read the request body")
		return
	}
	if reason := s.verify(r.Header, body); reason != "" {
		s.log.Debug("refused an interaction request", "reason", reason, "remote", r.RemoteAddr)
		httpError(w, http.StatusUnauthorized, reason)
		return
	}
	// A payload with a field of the wrong shape still decodes as far as it can: with an
	// id and a token the bot replies that it was malformed, instead of a bare 400 that
	// leaves the member with "The application did not respond".
	i, err := bot.DecodeInteraction(body)
	if i == nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	kind, ok := kinds[i.Type]
	if !ok {
		httpError(w, http.StatusBadRequest, fmt.Sprintf("unsupported interaction type %d", int(i.Type)))
		return
	}
	if s.opts.OnInteraction != nil {
		s.opts.OnInteraction(kind)
	}
	if i.Type == discordgo.InteractionPing {
		writeJSON(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	}
	if i.ID == "" || i.Token == "" || i.AppID == "" {
		httpError(w, http.StatusBadRequest, "malformed interaction: id, token and application_id are required")
		return
	}
	s.dispatch(w, r, i)
}

// kinds names the interaction types the endpoint accepts.
var kinds = map[discordgo.InteractionType]string{
	discordgo.InteractionPing:                           "ping",
	discordgo.InteractionApplicationCommand:             "command",
	discordgo.InteractionMessageComponent:               "component",
	discordgo.InteractionApplicationCommandAutocomplete: "autocomplete",
	discordgo.InteractionModalSubmit:                    "modal",
}

// dispatch runs the handler outside the request and replies with its first response.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, i *discordgo.Interaction) {
	resp := newInline()
	go s.opts.Handler.HandleInteraction(s.opts.Context, i, resp)
	timer := time.NewTimer(s.opts.AckTimeout)
	defer timer.Stop()
	var first *discordgo.InteractionResponse
	select {
	case first = <-resp.first:
	case <-timer.C:
	case <-r.Context().Done():
	}
	if first == nil && !resp.expire() {
		first = <-resp.first // it came in just as the wait ended
	}
	if first == nil {
		s.log.Error("no response to an interaction in time", "interaction", i.ID, "type", int(i.Type), "timeout", s.opts.AckTimeout)
		httpError(w, http.StatusServiceUnavailable, "no response in time")
		return
	}
	err := writeJSON(w, first)
	if err == nil {
		if err = http.NewResponseController(w).Flush(); errors.Is(err, http.ErrNotSupported) {
			err = nil // written; it goes out when the handler returns
		}
	}
	resp.written <- err
}

// inline is the Responder of one HTTP interaction: the first response becomes the body
// of the reply to Discord. Respond returns once that reply is written, so that edits and
// follow-ups (over REST) cannot overtake it.
type inline struct {
	mu      sync.Mutex
	state   int // inlineWaiting, inlineGot, inlineExpired
	first   chan *discordgo.InteractionResponse
	written chan error
}

const (
	inlineWaiting = iota
	inlineGot
	inlineExpired
)

var (
	errAcknowledged = errors.New("interaction already acknowledged")
	errTooLate      = errors.New("interaction not acknowledged in time; Discord has given up on it")
)

func newInline() *inline {
	return &inline{first: make(chan *discordgo.InteractionResponse, 1), written: make(chan error, 1)}
}

// Respond hands resp to the HTTP reply and waits until it is written.
func (r *inline) Respond(ctx context.Context, resp *discordgo.InteractionResponse) error {
	r.mu.Lock()
	switch r.state {
	case inlineGot:
		r.mu.Unlock()
		return errAcknowledged
	case inlineExpired:
		r.mu.Unlock()
		return errTooLate
	}
	r.state = inlineGot
	r.first <- resp
	r.mu.Unlock()
	select {
	case err := <-r.written:
		if err != nil {
			return fmt.Errorf("write interaction response: %w", err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// expire marks the response as too late; false when one arrived first.
func (r *inline) expire() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state == inlineGot {
		return false
	}
	r.state = inlineExpired
	return true
}

// verify checks the signature over timestamp+body, then the timestamp's age. It returns
// why the request is refused, or "".
func (s *Server) verify(h http.Header, body []byte) string {
	sigHex, ts := h.Get("X-Signature-Ed25519"), h.Get("X-Signature-Timestamp")
	if sigHex == "" || ts == "" {
		return "missing signature headers"
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return "invalid request signature"
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(s.opts.PublicKey, msg, sig) {
		return "invalid request signature"
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "invalid request timestamp"
	}
	age := s.opts.Now().Sub(time.Unix(sec, 0))
	if age > MaxSkew || age < -MaxSkew {
		return "request timestamp too old or in the future"
	}
	return ""
}

func writeJSON(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "could not encode the response")
		return fmt.Errorf("encode interaction response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}

func httpError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Write(append(b, '\n'))
}
