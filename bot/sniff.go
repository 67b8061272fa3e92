package bot

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"io"

	"github.com/gorilla/websocket"
)

// discordgo v0.29 reads the gateway through gorilla/websocket and hides what the bot needs
// to run it well: it never looks at a close code, never exposes the heartbeat interval and
// re-identifies the instant it reads op 9. The bot's dialer therefore wraps the raw
// connection (gwconn.go) and follows the bytes discordgo reads with a streamWatch, which
// reports close codes and the small gateway payloads (HELLO, heartbeat ACK, invalid
// session) without changing a byte.

// maxPeek is the largest frame payload the watch decodes. The opcodes it looks for are tiny
// (op 9 and 11 have no data, HELLO one number); dispatches, which can be megabytes, are
// skipped by length.
const maxPeek = 512

// streamWatch follows the server's side of a websocket connection from its first byte: the
// HTTP upgrade response, then frames (RFC 6455 §5.2). It is fed the bytes in the order they
// were read, in chunks of any size.
type streamWatch struct {
	onClose func(code int)              // a close frame, with its status code (1005 if none)
	onOp    func(op int, d []byte) bool // a small gateway payload; true to report it from feed

	body      bool   // past the HTTP response header
	tail      uint32 // last four header bytes, to find the blank line that ends it
	hdr       []byte // header bytes of the frame being read
	remaining uint64 // payload bytes left in the current frame
	opcode    byte
	fin       bool
	peek      []byte // payload of a small final data or close frame
	peeking   bool
}

// feed follows b and returns whether onOp reported a payload in it.
func (w *streamWatch) feed(b []byte) (reported bool) {
	for len(b) > 0 {
		if !w.body {
			// The HTTP/1.1 101 response (and before it, through a proxy, nothing: the
			// CONNECT reply is read by the dialer) ends with CRLF CRLF; its bytes are not
			// frames. Reading them as one is how "HTTP" once became close code 21584.
			w.tail = w.tail<<8 | uint32(b[0])
			b = b[1:]
			w.body = w.tail == 0x0d0a0d0a
			continue
		}
		if w.remaining > 0 {
			k := min(uint64(len(b)), w.remaining)
			if w.peeking {
				w.peek = append(w.peek, b[:k]...)
			}
			w.remaining -= k
			b = b[k:]
			if w.remaining == 0 {
				reported = w.endFrame() || reported
			}
			continue
		}
		w.hdr = append(w.hdr, b[0])
		b = b[1:]
		if len(w.hdr) < 2 {
			continue
		}
		need := 2
		switch w.hdr[1] & 0x7f {
		case 126:
			need += 2
		case 127:
			need += 8
		}
		masked := w.hdr[1]&0x80 != 0
		if masked {
			need += 4
		}
		if len(w.hdr) < need {
			continue
		}
		w.fin, w.opcode = w.hdr[0]&0x80 != 0, w.hdr[0]&0x0f
		switch l := w.hdr[1] & 0x7f; l {
		case 126:
			w.remaining = uint64(binary.BigEndian.Uint16(w.hdr[2:4]))
		case 127:
			w.remaining = binary.BigEndian.Uint64(w.hdr[2:10])
		default:
			w.remaining = uint64(l)
		}
		// Servers never mask their frames (gorilla rejects a masked one), so a masked
		// frame's payload is not decoded; its length is still skipped right.
		w.hdr = w.hdr[:0]
		w.peek = w.peek[:0]
		w.peeking = !masked && w.fin && w.remaining <= maxPeek &&
			(w.opcode == websocket.CloseMessage || w.opcode == websocket.TextMessage || w.opcode == websocket.BinaryMessage)
		if w.remaining == 0 {
			reported = w.endFrame() || reported
		}
	}
	return reported
}

func (w *streamWatch) endFrame() bool {
	if !w.peeking {
		return false
	}
	switch w.opcode {
	case websocket.CloseMessage:
		code := websocket.CloseNoStatusReceived
		if len(w.peek) >= 2 {
			code = int(binary.BigEndian.Uint16(w.peek))
		}
		if w.onClose != nil {
			w.onClose(code)
		}
	case websocket.TextMessage, websocket.BinaryMessage:
		op, d, ok := gatewayOp(w.opcode, w.peek)
		if ok && w.onOp != nil {
			return w.onOp(op, d)
		}
	}
	return false
}

// gatewayOp decodes a gateway payload {"op":N,"d":...}. Binary frames are zlib-compressed
// payloads (discordgo identifies with compress: true).
func gatewayOp(opcode byte, payload []byte) (int, []byte, bool) {
	if opcode == websocket.BinaryMessage {
		z, err := zlib.NewReader(bytes.NewReader(payload))
		if err != nil {
			return 0, nil, false
		}
		defer z.Close()
		payload, err = io.ReadAll(io.LimitReader(z, maxPeek*4))
		if err != nil {
			return 0, nil, false
		}
	}
	var m struct {
		Op *int            `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if json.Unmarshal(payload, &m) != nil || m.Op == nil {
		return 0, nil, false
	}
	return *m.Op, m.D, true
}
