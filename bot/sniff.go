package bot

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"net"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

// discordgo v0.29 reads the gateway through gorilla/websocket and, after a connection is
// up, treats every read error alike: it never looks at the close code. To stop on 4004 or
// 4014 instead of reconnecting forever, the bot's dialer wraps the raw connection and
// watches the server's frames for a close frame, reporting its code.

// sniffingDialer returns a websocket dialer whose connections report close codes; onDial
// gets each new connection, so the runner can cut a handshake that hangs.
func sniffingDialer(onClose func(code int), onDial func(net.Conn)) *websocket.Dialer {
	nd := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 45 * time.Second,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := nd.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			sc := &closeSniffer{Conn: c, onClose: onClose}
			onDial(sc)
			return sc, nil
		},
		NetDialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			raw, err := nd.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			host, _, _ := net.SplitHostPort(addr)
			tc := tls.Client(raw, &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12})
			if err := tc.HandshakeContext(ctx); err != nil {
				raw.Close()
				return nil, err
			}
			sc := &closeSniffer{Conn: tc, onClose: onClose}
			onDial(sc)
			return sc, nil
		},
	}
}

// closeSniffer follows the websocket frames read through it (RFC 6455 §5.2) and calls
// onClose with the status code of a close frame. It never changes the bytes.
type closeSniffer struct {
	net.Conn
	onClose func(code int)

	hdr       []byte // header bytes of the frame being read
	remaining uint64 // payload bytes left in the current frame
	opcode    byte
	closeBody []byte // first two payload bytes of a close frame
}

func (c *closeSniffer) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.feed(p[:n])
	return n, err
}

func (c *closeSniffer) feed(b []byte) {
	for len(b) > 0 {
		if c.remaining > 0 {
			k := min(uint64(len(b)), c.remaining)
			if c.opcode == websocket.CloseMessage && len(c.closeBody) < 2 {
				c.closeBody = append(c.closeBody, b[:min(int(k), 2-len(c.closeBody))]...)
			}
			c.remaining -= k
			b = b[k:]
			if c.remaining == 0 {
				c.endFrame()
			}
			continue
		}
		c.hdr = append(c.hdr, b[0])
		b = b[1:]
		if len(c.hdr) < 2 {
			continue
		}
		need := 2
		switch c.hdr[1] & 0x7f {
		case 126:
			need += 2
		case 127:
			need += 8
		}
		masked := c.hdr[1]&0x80 != 0
		if masked {
			need += 4
		}
		if len(c.hdr) < need {
			continue
		}
		c.opcode = c.hdr[0] & 0x0f
		switch l := c.hdr[1] & 0x7f; l {
		case 126:
			c.remaining = uint64(binary.BigEndian.Uint16(c.hdr[2:4]))
		case 127:
			c.remaining = binary.BigEndian.Uint64(c.hdr[2:10])
		default:
			c.remaining = uint64(l)
		}
		// Servers never mask their frames (gorilla rejects a masked one), so a masked
		// frame's close code is not decoded; its length is still skipped right.
		c.hdr = c.hdr[:0]
		c.closeBody = c.closeBody[:0]
		if c.remaining == 0 {
			c.endFrame()
		}
	}
}

func (c *closeSniffer) endFrame() {
	if c.opcode != websocket.CloseMessage {
		return
	}
	code := websocket.CloseNoStatusReceived
	if len(c.closeBody) == 2 {
		code = int(binary.BigEndian.Uint16(c.closeBody))
	}
	c.onClose(code)
}
