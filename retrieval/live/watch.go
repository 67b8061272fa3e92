package live

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions configure Watch.
type WatchOptions struct {
	Dir      string        // the corpus folder, watched with all its subfolders, or one file
	Debounce time.Duration // quiet time after the last change before OnChange; 0 means 1.5 s
	// OnChange is called, from Watch's goroutine, once changes have settled; typically
	// (*Index).ReloadIfChanged. Its error is logged, not returned.
	OnChange func(ctx context.Context) error
	Logger   *slog.Logger // nil discards
}

// DefaultDebounce is how long Watch waits for a burst of changes (a copy, a git pull)
// to end before it reloads.
const DefaultDebounce = 1500 * time.Millisecond

// Watch calls OnChange after files under Dir are created, written, removed or renamed,
// once no further change has come for Debounce. Dir may also be a single file. Folders created later are watched too;
// when Dir itself disappears (replaced by a rename, say) Watch waits for it to come back.
// It returns nil when ctx is done, or an error if the watch cannot start.
func Watch(ctx context.Context, opts WatchOptions) error {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.OnChange == nil {
		return errors.New("watch: no OnChange")
	}
	root, err := filepath.Abs(opts.Dir)
	if err != nil {
		return fmt.Errorf("watch %s: %w", opts.Dir, err)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", root, err)
	}
	defer w.Close()
	ws := &watchState{w: w, root: root, log: opts.Logger}
	if fi, err := os.Stat(root); err == nil && !fi.IsDir() {
		// A corpus of one file: watch its folder (editors replace files by renaming),
		// and only for that name.
		ws.file, ws.root = root, filepath.Dir(root)
	}
	if err := ws.addTree(ws.root); err != nil {
		return fmt.Errorf("watch %s: %w", root, err)
	}
	opts.Logger.Info("watching the corpus for changes", "path", root, "debounce", opts.Debounce)

	timer := time.NewTimer(0)
	if !timer.Stop() {
		<-timer.C
	}
	retry := time.NewTicker(opts.Debounce)
	defer retry.Stop()
	pending := false
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ws.handle(ev) {
				pending = true
				timer.Reset(opts.Debounce)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow means events were lost: reload to be safe.
			opts.Logger.Warn("corpus watcher", "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				pending = true
				timer.Reset(opts.Debounce)
			}
		case <-retry.C:
			if ws.gone && ws.addTree(ws.root) == nil {
				opts.Logger.Info("the corpus folder is back; watching it again", "dir", ws.root)
				ws.gone = false
				pending = true
				timer.Reset(opts.Debounce)
			}
		case <-timer.C:
			if !pending {
				continue
			}
			pending = false
			if err := opts.OnChange(ctx); err != nil && ctx.Err() == nil {
				opts.Logger.Error("reload after a corpus change failed", "err", err)
			}
		}
	}
}

type watchState struct {
	w    *fsnotify.Watcher
	root string // the folder watched with its subfolders
	file string // for a corpus of one file: the only path that counts
	log  *slog.Logger
	gone bool // root was removed or renamed away
}

// handle reacts to one event and reports whether it may change the corpus.
func (ws *watchState) handle(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	if ev.Name == ws.root && ev.Has(fsnotify.Remove|fsnotify.Rename) {
		ws.log.Warn("the corpus folder was removed or renamed; waiting for it to come back", "dir", ws.root)
		ws.gone = true
		_ = ws.w.Remove(ws.root)
		return true
	}
	if ws.file != "" {
		return ev.Name == ws.file
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			if err := ws.addTree(ev.Name); err != nil {
				ws.log.Warn("watch a new folder", "dir", ev.Name, "err", err)
			}
		}
	}
	return true
}

// addTree watches dir and every folder under it (only dir for a one-file corpus).
func (ws *watchState) addTree(dir string) error {
	if ws.file != "" {
		return ws.w.Add(dir)
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			ws.log.Warn("watch: skip unreadable path", "path", path, "err", err)
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if err := ws.w.Add(path); err != nil {
			if path == dir {
				return err
			}
			ws.log.Warn("watch folder", "dir", path, "err", err)
		}
		return nil
	})
}
