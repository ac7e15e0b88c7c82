package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"path/filepath"
	"strings"
	"sync"
)

// uploadSource is the file a job loads, opened afresh for each upload
// attempt. It hashes what each attempt reads, so the state records the
// bytes actually sent rather than what the file held at plan time.
type uploadSource struct {
	filename string
	size     int64
	openFn   func() (io.ReadCloser, error)

	mu   sync.Mutex
	last *hashingReader
}

func newUploadSource(m bulkJobResourceModel) (*uploadSource, error) {
	if content, ok := m.inlineContent(); ok {
		return &uploadSource{
			filename: "content." + m.FileType.ValueString(),
			size:     int64(len(content)),
			openFn:   func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil },
		}, nil
	}
	name := m.Source.ValueString()
	info, err := statSource(name)
	if err != nil {
		return nil, err
	}
	return &uploadSource{
		filename: filepath.Base(name),
		size:     info.Size(),
		openFn: func() (io.ReadCloser, error) {
			f, err := openSourceFile(name)
			if err != nil {
				return nil, err
			}
			return f, nil
		},
	}, nil
}

func (u *uploadSource) open() (io.ReadCloser, error) {
	rc, err := u.openFn()
	if err != nil {
		return nil, err
	}
	hr := &hashingReader{rc: rc, h: sha256.New()}
	u.mu.Lock()
	u.last = hr
	u.mu.Unlock()
	return hr, nil
}

// sent is the hash and length of what the last attempt read.
func (u *uploadSource) sent() (string, int64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.last == nil {
		return "", 0
	}
	return hex.EncodeToString(u.last.h.Sum(nil)), u.last.n
}

type hashingReader struct {
	rc io.ReadCloser
	h  hash.Hash
	n  int64
}

func (r *hashingReader) Read(p []byte) (int, error) {
	n, err := r.rc.Read(p)
	r.h.Write(p[:n])
	r.n += int64(n)
	return n, err
}

func (r *hashingReader) Close() error { return r.rc.Close() }
