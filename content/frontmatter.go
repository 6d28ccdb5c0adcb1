package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/antifraud-alliance/beacon/internal/langs"
)

// ValidationError lists every problem found while loading one directory of
// Markdown files. Loading reports all of them at once so that an editor
// fixing translations sees the whole list, not one problem per restart.
type ValidationError struct {
	Dir      string   // "explainers" or "pages"
	Problems []string // each starts with the file it concerns
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("content: %d problem(s) in %s:\n  %s", len(e.Problems), e.Dir, strings.Join(e.Problems, "\n  "))
}

// problems collects findings while loading; err turns them into one error.
type problems struct {
	dir  string
	list []string
}

func (p *problems) addf(file, format string, args ...any) {
	p.list = append(p.list, file+": "+fmt.Sprintf(format, args...))
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	sort.Strings(p.list)
	return &ValidationError{Dir: p.dir, Problems: p.list}
}

// mdFile is one <dir>/<lang>/<name>.md file, split into its parts.
type mdFile struct {
	path string // as in fsys, used in every message
	lang string // the folder
	name string // the file name without .md
	meta []byte // the YAML between the --- lines
	body string // the Markdown after them
}

// readTree reads every <dir>/<lang>/<name>.md under dir. Files in the wrong
// place or without front matter become problems rather than being skipped,
// because a silently ignored translation is a bug nobody notices.
func readTree(fsys fs.FS, dir string, p *problems) ([]mdFile, error) {
	var files []mdFile
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("content: walk %s: %w", name, err)
		}
		rel := strings.TrimPrefix(name, dir+"/")
		depth := strings.Count(rel, "/")
		switch {
		case name == dir:
			if !d.IsDir() {
				return fmt.Errorf("content: %s is not a directory", dir)
			}
			return nil
		case d.IsDir():
			if depth > 0 {
				p.addf(name, "unexpected folder: files go in %s/<lang>/<name>.md", dir)
				return fs.SkipDir
			}
			if !langs.Supported(rel) {
				p.addf(name, "folder %q is not a supported language (%s)", rel, strings.Join(langs.All(), ", "))
				return fs.SkipDir
			}
			return nil
		case depth != 1 || path.Ext(name) != ".md":
			p.addf(name, "unexpected file: only %s/<lang>/<name>.md files belong here", dir)
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("content: read %s: %w", name, err)
		}
		f := mdFile{path: name, lang: path.Dir(rel), name: strings.TrimSuffix(path.Base(rel), ".md")}
		if f.meta, f.body, err = splitFrontMatter(data); err != nil {
			p.addf(name, "%v", err)
			return nil
		}
		files = append(files, f)
		return nil
	})
	return files, err
}

// splitFrontMatter separates the YAML block at the top of a file, fenced by
// lines holding only "---", from the Markdown body.
func splitFrontMatter(data []byte) (meta []byte, body string, err error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, "", errors.New(`no front matter: the file must start with a line "---"`)
	}
	if bytes.HasPrefix(rest, []byte("---\n")) {
		return nil, "", errors.New("empty front matter")
	}
	meta, after, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		meta, ok = bytes.CutSuffix(bytes.TrimRight(rest, "\n"), []byte("\n---"))
		if !ok {
			return nil, "", errors.New(`front matter is not closed by a line "---"`)
		}
	}
	return meta, string(after), nil
}

// decodeStrict decodes YAML into v, refusing keys v does not have, so that a
// misspelt "redflags:" fails loudly instead of leaving the list empty.
func decodeStrict(meta []byte, v any) error {
	// The leading newline stands for the opening "---", so the line numbers
	// in YAML's messages are the line numbers of the file.
	dec := yaml.NewDecoder(io.MultiReader(strings.NewReader("\n"), bytes.NewReader(meta)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty front matter")
		}
		// yaml.v3 lists several problems on indented lines; keep one line
		// per file in the combined error.
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.ReplaceAll(strings.ReplaceAll(msg, ":\n  ", ": "), "\n  ", "; ")
		return fmt.Errorf("front matter: %s", msg)
	}
	return nil
}

// checkList reports a list field that is empty, too long or has blank items.
func checkList(p *problems, file, field string, items []string, limit int) {
	switch {
	case len(items) == 0:
		p.addf(file, "%s is missing or empty", field)
	case len(items) > limit:
		p.addf(file, "%s has %d items; at most %d keep it readable", field, len(items), limit)
	}
	for i, it := range items {
		if strings.TrimSpace(it) == "" {
			p.addf(file, "%s item %d is empty", field, i+1)
		}
	}
}

// checkText reports a text field that is missing or only whitespace.
func checkText(p *problems, file, field, value string) {
	if strings.TrimSpace(value) == "" {
		p.addf(file, "%s is missing or empty", field)
	}
}
