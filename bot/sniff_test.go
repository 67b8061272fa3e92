package bot

import (
	"bytes"
	"encoding/binary"
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

func TestCloseSniffer(t *testing.T) {
	closeFrame := frame(8, append([]byte{0x0f, 0xa4}, "Authentication failed."...)) // 4004
	stream := bytes.Join([][]byte{
		frame(1, []byte(`{"op":10}`)),
		frame(1, bytes.Repeat([]byte("x"), 300)),   // 16-bit length
		frame(2, bytes.Repeat([]byte("y"), 70000)), // 64-bit length
		frame(9, nil), // ping, empty
		closeFrame,
	}, nil)
	for _, chunk := range []int{1, 2, 7, 4096, len(stream)} {
		var got []int
		c := &closeSniffer{onClose: func(code int) { got = append(got, code) }}
		for i := 0; i < len(stream); i += chunk {
			c.feed(stream[i:min(i+chunk, len(stream))])
		}
		if len(got) != 1 || got[0] != 4004 {
			t.Errorf("chunks of %d: close codes = %v; want [4004]", chunk, got)
		}
	}
	var got []int
	c := &closeSniffer{onClose: func(code int) { got = append(got, code) }}
	c.feed(frame(8, nil))
	if len(got) != 1 || got[0] != 1005 {
		t.Errorf("empty close frame: codes = %v; want [1005]", got)
	}
}
