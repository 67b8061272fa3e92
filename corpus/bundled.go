package corpus

import (
	"embed"
	"io/fs"
)

//go:embed bundled/*.txt
var bundled embed.FS

// Bundled is the default corpus shipped in the binary: five analytical articles on
// Azerbaijan's foreign relations. File names are the document ids.
func Bundled() fs.FS {
	sub, err := fs.Sub(bundled, "bundled")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}
