package bleveindex

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
)

// checkSegments verifies the checksum every zap segment of the index in folder ends with
// (CRC-32 of all that comes before it, big-endian; bleve writes it but never reads it).
// An update links the earlier index's segments into the new one, so a damaged segment
// would otherwise be carried into every later index, where a fresh build repairs it.
func checkSegments(folder string) error {
	files, err := filepath.Glob(filepath.Join(folder, "store", "*.zap"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := checkSegment(f); err != nil {
			return fmt.Errorf("segment %s: %w", filepath.Base(f), err)
		}
	}
	return nil
}

func checkSegment(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.Size() < 4 {
		return fmt.Errorf("%d bytes: too short", info.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, io.LimitReader(f, info.Size()-4)); err != nil {
		return err
	}
	var sum [4]byte
	if _, err := io.ReadFull(f, sum[:]); err != nil {
		return err
	}
	if h.Sum32() != binary.BigEndian.Uint32(sum[:]) {
		return fmt.Errorf("checksum mismatch")
	}
	return nil
}
