package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
)

// Errors for a token that clashes with a stored one (SQLite reports these as
// constraint failures; auth has no sentinel for them).
var (
	errTokenID   = errors.New("a token with this id already exists")
	errTokenHash = errors.New("a token with this hash already exists")
)

// CreateToken implements auth.Store. As in the SQLite backend, a token is
// always stored unrevoked, and its times are kept in UTC.
func (s *Store) CreateToken(ctx context.Context, t auth.Token, e audit.Entry) error {
	t.CreatedAt, t.RevokedAt = t.CreatedAt.UTC(), nil
	doc, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("encode token: %w", err)
	}
	key, hashKey := s.tokenKey(t.ID), s.tokenHashKey(t.Hash)
	err = s.atomically(ctx, errContended, func(tx *goredis.Tx) error {
		got, err := tx.MGet(ctx, key, hashKey).Result()
		if err != nil {
			return err
		}
		switch {
		case got[0] != nil:
			return errTokenID
		case got[1] != nil:
			return errTokenHash
		}
		_, err = tx.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
			pipe.Set(ctx, key, doc, 0)
			pipe.Set(ctx, hashKey, t.ID, 0)
			pipe.ZAdd(ctx, s.tokensKey(), goredis.Z{Member: t.ID})
			s.appendAudit(ctx, pipe, e)
			return nil
		})
		return err
	}, key, hashKey)
	if err != nil {
		return fmt.Errorf("insert token %s: %w", t.ID, err)
	}
	return nil
}

// TokenByHash implements auth.Store. Tokens are never deleted and their hash
// never changes, so the two reads need no transaction.
func (s *Store) TokenByHash(ctx context.Context, hash string) (auth.Token, error) {
	id, err := s.c.Get(ctx, s.tokenHashKey(hash)).Result()
	if isNil(err) {
		return auth.Token{}, auth.ErrNotFound
	}
	if err != nil {
		return auth.Token{}, fmt.Errorf("read token: %w", err)
	}
	return s.token(ctx, s.c, id)
}

// token reads one token through c, a client or a transaction's connection.
func (s *Store) token(ctx context.Context, c goredis.Cmdable, id string) (auth.Token, error) {
	raw, err := c.Get(ctx, s.tokenKey(id)).Bytes()
	if isNil(err) {
		return auth.Token{}, auth.ErrNotFound
	}
	if err != nil {
		return auth.Token{}, fmt.Errorf("read token %s: %w", id, err)
	}
	return decodeToken(raw)
}

// ListTokens implements auth.Store: every token, ordered by id.
func (s *Store) ListTokens(ctx context.Context) ([]auth.Token, error) {
	idList, err := s.c.ZRange(ctx, s.tokensKey(), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	if len(idList) == 0 {
		return nil, nil
	}
	keys := make([]string, len(idList))
	for i, id := range idList {
		keys[i] = s.tokenKey(id)
	}
	docs, err := s.c.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	out := make([]auth.Token, 0, len(docs))
	for i, v := range docs {
		doc, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("list tokens: token %s is indexed but not stored", idList[i])
		}
		t, err := decodeToken([]byte(doc))
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// RevokeToken implements auth.Store. Revoking a revoked token changes nothing
// and records nothing.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time, e audit.Entry) error {
	key := s.tokenKey(id)
	err := s.atomically(ctx, errContended, func(tx *goredis.Tx) error {
		t, err := s.token(ctx, tx, id)
		if err != nil || t.RevokedAt != nil {
			return err
		}
		at := at.UTC()
		t.RevokedAt = &at
		doc, err := json.Marshal(t)
		if err != nil {
			return fmt.Errorf("encode token: %w", err)
		}
		_, err = tx.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
			pipe.Set(ctx, key, doc, 0)
			s.appendAudit(ctx, pipe, e)
			return nil
		})
		return err
	}, key)
	if err != nil && !errors.Is(err, auth.ErrNotFound) {
		return fmt.Errorf("revoke token %s: %w", id, err)
	}
	return err
}

func decodeToken(doc []byte) (auth.Token, error) {
	var t auth.Token
	if err := json.Unmarshal(doc, &t); err != nil {
		return auth.Token{}, fmt.Errorf("decode token: %w", err)
	}
	return t, nil
}
