#include "sim/pfxset.h"

#include <string.h>

/* A block's keys and values live in the same allocation, after it, with
 * room for cap entries: blocks start small and double up to
 * SIM_PFXSET_BLOCK, as most tables of a world hold a handful of routes
 * (a namespace's two tables would otherwise cost 6 KiB). */
typedef sim_pfxset_block pfx_block;

#define PFXSET_BLOCK_MIN 4

static pfx_block *pfx_block_new(guint cap) {
  pfx_block *b = g_malloc(sizeof *b + cap * (sizeof(uint64_t) + sizeof(uint32_t)));
  b->n = 0;
  b->cap = cap;
  b->key = (uint64_t *)(b + 1);
  b->val = (uint32_t *)(b->key + cap);
  return b;
}

/* Block i with room for one more entry (it is below SIM_PFXSET_BLOCK). */
static pfx_block *pfx_block_room(sim_pfxset *s, guint i) {
  pfx_block *b = g_ptr_array_index(s->blocks, i);
  if (b->n < b->cap) return b;
  pfx_block *nb = pfx_block_new(MIN(b->cap * 2, SIM_PFXSET_BLOCK));
  nb->n = b->n;
  memcpy(nb->key, b->key, b->n * sizeof b->key[0]);
  memcpy(nb->val, b->val, b->n * sizeof b->val[0]);
  g_free(b);
  s->blocks->pdata[i] = nb;
  if (i == 0) s->first = nb;
  return nb;
}

static pfx_block *pfxset_block(const sim_pfxset *s, guint i) {
  return g_ptr_array_index(s->blocks, i);
}

void sim_pfxset_init(sim_pfxset *s) {
  s->blocks = g_ptr_array_new_with_free_func(g_free);
  s->len = 0;
  s->first = NULL;
}

void sim_pfxset_free(sim_pfxset *s) {
  if (s->blocks) g_ptr_array_free(s->blocks, TRUE);
  s->blocks = NULL;
  s->len = 0;
  s->first = NULL;
}

/* The first block whose last key is >= key; blocks->len when none. */
static guint pfxset_block_for(const sim_pfxset *s, uint64_t key) {
  guint lo = 0, hi = s->blocks->len;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    const pfx_block *b = pfxset_block(s, mid);
    if (b->key[b->n - 1] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* The first index in b whose key is >= key. */
static guint pfxset_pos_in(const pfx_block *b, uint64_t key) {
  guint lo = 0, hi = b->n;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (b->key[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

sim_pfxset_cursor sim_pfxset_lower_bound(const sim_pfxset *s, uint64_t key) {
  sim_pfxset_cursor c = {pfxset_block_for(s, key), 0};
  if (c.block < s->blocks->len) c.pos = pfxset_pos_in(pfxset_block(s, c.block), key);
  return c;
}

sim_pfxset_cursor sim_pfxset_first(const sim_pfxset *s) {
  (void)s;
  return (sim_pfxset_cursor){0, 0};
}

bool sim_pfxset_next(const sim_pfxset *s, sim_pfxset_cursor *c, uint64_t *key, uint32_t *val) {
  if (c->block >= s->blocks->len) return false;
  const pfx_block *b = pfxset_block(s, c->block);
  *key = b->key[c->pos];
  *val = b->val[c->pos];
  if (++c->pos == b->n) c->block++, c->pos = 0;
  return true;
}

bool sim_pfxset_find(const sim_pfxset *s, uint32_t dst, unsigned plen, uint32_t *val) {
  uint64_t key = sim_pfxset_key(dst, plen);
  sim_pfxset_cursor c = sim_pfxset_lower_bound(s, key);
  if (c.block >= s->blocks->len) return false;
  const pfx_block *b = pfxset_block(s, c.block);
  if (b->key[c.pos] != key) return false;
  *val = b->val[c.pos];
  return true;
}

/* A full block gives its upper half to a new block after it; filled at
 * its end (a table loaded in order), only its last entry, so that such
 * blocks stay full. */
static void pfxset_split(sim_pfxset *s, guint i, bool at_end) {
  pfx_block *b = pfxset_block(s, i), *nb = pfx_block_new(SIM_PFXSET_BLOCK);
  guint half = at_end ? b->n - 1 : b->n / 2;
  nb->n = b->n - half;
  memcpy(nb->key, b->key + half, nb->n * sizeof nb->key[0]);
  memcpy(nb->val, b->val + half, nb->n * sizeof nb->val[0]);
  b->n = half;
  g_ptr_array_insert(s->blocks, (gint)i + 1, nb);
}

bool sim_pfxset_insert(sim_pfxset *s, uint32_t dst, unsigned plen, uint32_t val) {
  uint64_t key = sim_pfxset_key(dst, plen);
  guint i = pfxset_block_for(s, key);
  if (s->blocks->len == 0) {
    s->first = pfx_block_new(PFXSET_BLOCK_MIN);
    g_ptr_array_add(s->blocks, s->first);
  }
  if (i == s->blocks->len) i--; /* past every key: appended to the last block */
  pfx_block *b = pfxset_block(s, i);
  guint p = pfxset_pos_in(b, key);
  if (p < b->n && b->key[p] == key) return false;
  b = pfx_block_room(s, i);
  memmove(b->key + p + 1, b->key + p, (b->n - p) * sizeof b->key[0]);
  memmove(b->val + p + 1, b->val + p, (b->n - p) * sizeof b->val[0]);
  b->key[p] = key;
  b->val[p] = val;
  b->n++;
  s->len++;
  if (b->n == SIM_PFXSET_BLOCK) pfxset_split(s, i, p == b->n - 1);
  return true;
}

bool sim_pfxset_remove(sim_pfxset *s, uint32_t dst, unsigned plen) {
  uint64_t key = sim_pfxset_key(dst, plen);
  sim_pfxset_cursor c = sim_pfxset_lower_bound(s, key);
  if (c.block >= s->blocks->len) return false;
  pfx_block *b = pfxset_block(s, c.block);
  if (b->key[c.pos] != key) return false;
  memmove(b->key + c.pos, b->key + c.pos + 1, (b->n - c.pos - 1) * sizeof b->key[0]);
  memmove(b->val + c.pos, b->val + c.pos + 1, (b->n - c.pos - 1) * sizeof b->val[0]);
  b->n--;
  s->len--;
  if (b->n == 0) {
    g_ptr_array_remove_index(s->blocks, c.block);
    s->first = s->blocks->len ? pfxset_block(s, 0) : NULL;
  }
  return true;
}

size_t sim_pfxset_bytes(const sim_pfxset *s) {
  size_t bytes = 0;
  for (guint i = 0; i < s->blocks->len; i++)
    bytes += sizeof(pfx_block) + pfxset_block(s, i)->cap * (sizeof(uint64_t) + sizeof(uint32_t)) +
             sizeof(gpointer);
  return bytes;
}
