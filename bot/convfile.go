package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Conversations on disk. With Config.DataDir set, the DM conversations, those of the
// threads docent opened and the questions already sent to the helpers ("Ask a human",
// once per question) outlive a restart: each store is written to its own small JSON
// file in that folder (atomically: a temporary file, fsynced, renamed over the old one)
// every saveEvery when it changed and at shutdown, and read back at start, without the
// expired ones. A file that cannot be read or parsed is logged and ignored: it costs its
// conversations, never the start, and the next save replaces it.

// saveEvery is how often changed conversations are written, so that a crash loses little.
const saveEvery = time.Minute

// The files in the data folder, one per store.
const (
	dmFile      = "conversations.json"
	threadsFile = "threads.json"
	askedFile   = "asked.json" // questions sent to the helpers, by server and question
)

// convFileVersion is the version of the file format; a file of another one is ignored.
const convFileVersion = 1

type convFile struct {
	Version       int                     `json:"version"`
	Conversations map[string]conversation `json:"conversations"`
}

// saveConvs writes convs to path atomically.
func saveConvs(path string, convs map[string]conversation) error {
	data, err := json.Marshal(convFile{Version: convFileVersion, Conversations: convs})
	if err != nil {
		return fmt.Errorf("save conversations %s: %w", path, err)
	}
	if err := writeAtomic(path, data); err != nil {
		return fmt.Errorf("save conversations %s: %w", path, err)
	}
	return nil
}

// loadConvs reads the conversations saved in path; a missing file is fs.ErrNotExist.
func loadConvs(path string) (map[string]conversation, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f convFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("read conversations %s: %w", path, err)
	}
	if f.Version != convFileVersion {
		return nil, fmt.Errorf("read conversations %s: format version %d, want %d", path, f.Version, convFileVersion)
	}
	return f.Conversations, nil
}

// writeAtomic replaces path with data: a reader, or a crash, sees the old file or the
// new one, never a part. The temporary file is private to the owner (member questions).
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil { // make the rename itself durable; best effort
		d.Sync()
		d.Close()
	}
	return nil
}

// convSaver keeps conversation stores in a data folder.
type convSaver struct {
	log   *slog.Logger
	dir   string
	files []*savedStore

	mu   sync.Mutex // one save at a time, so an older snapshot never replaces a newer one
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

type savedStore struct {
	name  string // file name in dir
	store *convStore
	saved uint64 // the store's change count last written
}

// newConvSaver loads each store's file from dir and keeps saving the stores every
// interval until close.
func newConvSaver(dir string, log *slog.Logger, interval time.Duration, files map[string]*convStore) *convSaver {
	s := &convSaver{log: log, dir: dir, stop: make(chan struct{}), done: make(chan struct{})}
	for name, st := range files {
		f := &savedStore{name: name, store: st}
		s.load(f)
		s.files = append(s.files, f)
	}
	go s.run(interval)
	return s
}

// load restores f's file into its store. Nothing it finds there stops the start.
func (s *convSaver) load(f *savedStore) {
	path := filepath.Join(s.dir, f.name)
	if stale, _ := filepath.Glob(filepath.Join(s.dir, "."+f.name+".*.tmp")); len(stale) > 0 {
		for _, p := range stale { // left by a crash in the middle of a save
			os.Remove(p)
		}
	}
	saved, err := loadConvs(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return
	case err != nil:
		s.log.Warn("cannot read the saved conversations; starting without them", "file", path, "err", err)
		return
	}
	n := f.store.restore(saved)
	_, f.saved = f.store.live() // what was just read needs no writing back
	s.log.Info("conversations restored", "file", path, "kept", n, "dropped", len(saved)-n)
}

func (s *convSaver) run(interval time.Duration) {
	defer close(s.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.save()
		}
	}
}

// save writes each store that changed since it was last written; a failure is logged
// and the store is tried again next time.
func (s *convSaver) save() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.files {
		convs, changes := f.store.live()
		if changes == f.saved {
			continue
		}
		if err := saveConvs(filepath.Join(s.dir, f.name), convs); err != nil {
			s.log.Warn("cannot save the conversations; a restart will forget them", "err", err)
			continue
		}
		f.saved = changes
	}
}

// close stops the periodic saves and saves what changed. It may be called again; a nil
// saver does nothing.
func (s *convSaver) close() {
	if s == nil {
		return
	}
	s.once.Do(func() {
		close(s.stop)
		<-s.done
	})
	s.save()
}
