package bot

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"slices"
	"testing"
)

func frame(opcode byte, payload []byte) []byte {
	b := []byte{0x80 | opcode}
	switch n := len(payload); {
	case n < 126:
		b = append(b, byte(n))
	case n < 1<<16:
		b = append(b, 126, byte(n>>8), byte(n))
	default:
		b = append(b, 127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	return append(b, payload...)
}

func deflate(s string) []byte {
	var buf bytes.Buffer
	z := zlib.NewWriter(&buf)
	z.Write([]byte(s))
	z.Close()
	return buf.Bytes()
}

const upgrade = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
	"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"

func TestStreamWatch(t *testing.T) {
	closeFrame := func(code uint16) []byte {
		return frame(8, append(binary.BigEndian.AppendUint16(nil, code), "bye"...))
	}
	tests := []struct {
		name   string
		stream [][]byte
		codes  []int
		ops    []string // "op:d"
	}{
		{
			name: "handshake then frames",
			stream: [][]byte{[]byte(upgrade),
				frame(1, []byte(`{"op":10,"d":{"heartbeat_interval":41250}}`)),
				frame(1, bytes.Repeat([]byte("x"), 300)),   // 16-bit length, not decoded
				frame(2, bytes.Repeat([]byte("y"), 70000)), // 64-bit length
				frame(1, []byte(`{"t":null,"s":null,"op":11,"d":null}`)),
				frame(2, deflate(`{"op":9,"d":false}`)), // a compressed payload
				frame(9, nil),                           // ping, empty
				closeFrame(4004)},
			codes: []int{4004},
			ops:   []string{`10:{"heartbeat_interval":41250}`, "11:null", "9:false"},
		},
		{
			// What the old sniffer read as a close frame with code 21584 ("TP").
			name:   "the upgrade response is not a frame",
			stream: [][]byte{[]byte(upgrade), frame(1, []byte(`{"op":11}`))},
			ops:    []string{"11:"},
		},
		{
			name:   "empty close frame",
			stream: [][]byte{[]byte(upgrade), frame(8, nil)},
			codes:  []int{1005},
		},
		{
			name:   "a big dispatch is skipped by length",
			stream: [][]byte{[]byte(upgrade), frame(1, []byte(`{"op":0,"d":"`+string(bytes.Repeat([]byte("z"), 600))+`"}`)), closeFrame(4000)},
			codes:  []int{4000},
		},
	}
	for _, tt := range tests {
		stream := bytes.Join(tt.stream, nil)
		for _, chunk := range []int{1, 2, 7, 4096, len(stream)} {
			t.Run(fmt.Sprintf("%s/chunks of %d", tt.name, chunk), func(t *testing.T) {
				var codes []int
				var ops []string
				reported := 0
				w := &streamWatch{
					onClose: func(code int) { codes = append(codes, code) },
					onOp: func(op int, d []byte) bool {
						ops = append(ops, fmt.Sprintf("%d:%s", op, d))
						return op == 9
					},
				}
				for i := 0; i < len(stream); i += chunk {
					if w.feed(stream[i:min(i+chunk, len(stream))]) {
						reported++
					}
				}
				if !slices.Equal(codes, tt.codes) {
					t.Errorf("close codes = %v; want %v", codes, tt.codes)
				}
				if !slices.Equal(ops, tt.ops) {
					t.Errorf("ops = %q; want %q", ops, tt.ops)
				}
				if want := slices.Index(tt.ops, "9:false") >= 0; (reported == 1) != want {
					t.Errorf("feed reported op 9 %d times; want it %v", reported, want)
				}
			})
		}
	}
}
