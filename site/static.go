package site

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"

	"github.com/gofiber/fiber/v2"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves the embedded CSS, scripts and icons. URLs carry a hash of
// the content, so browsers may keep a file for a year and still never run an
// old script against a new page.
type staticFiles struct {
	files map[string]staticFile
}

type staticFile struct {
	body  []byte
	hash  string
	ctype string
}

func loadStatic() (*staticFiles, error) {
	s := &staticFiles{files: map[string]staticFile{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		s.files[path.Base(p)] = staticFile{body: b, hash: hex.EncodeToString(sum[:6]), ctype: ctype}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	return s, nil
}

func (s *staticFiles) url(name string) string {
	f, ok := s.files[name]
	if !ok {
		panic("site: no static file " + name) // caught at start-up by the page tests
	}
	return "/static/" + name + "?v=" + f.hash
}

func (s *staticFiles) serve(c *fiber.Ctx) error {
	f, ok := s.files[c.Params("name")]
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, f.ctype)
	c.Set(fiber.HeaderETag, `"`+f.hash+`"`)
	if c.Query("v") == f.hash {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	}
	if c.Get(fiber.HeaderIfNoneMatch) == `"`+f.hash+`"` {
		return c.SendStatus(fiber.StatusNotModified)
	}
	return c.Send(f.body)
}
