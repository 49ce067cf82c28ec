/* The prefixes of one routing table in `ip route show` order (ascending
 * address; for one address the longer prefix first), each mapped to a
 * 32-bit value.  A sorted array cut into blocks of at most
 * SIM_PFXSET_BLOCK entries: finding, inserting and removing cost a binary
 * search over the blocks and a move inside one block, so loading a full
 * table one prefix at a time is not quadratic. */
#ifndef SIM_PFXSET_H
#define SIM_PFXSET_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define SIM_PFXSET_BLOCK 256

/* One block: n keys ascending, and their values. */
/* A block's keys and values live in the same allocation, after it, with
 * room for cap entries (sim/pfxset.c). */
typedef struct {
  guint n, cap;
  uint64_t *key;
  uint32_t *val;
} sim_pfxset_block;

typedef struct {
  GPtrArray *blocks; /* sim_pfxset_block *, never empty ones */
  size_t len;
  /* blocks[0] (NULL when empty) without the two loads through the array:
   * the per-packet scan of a small table reads only this block */
  sim_pfxset_block *first;
} sim_pfxset;

/* A position: block index and index inside it. */
typedef struct {
  guint block;
  guint pos;
} sim_pfxset_cursor;

/* The order key: address ascending, then length descending. */
static inline uint64_t sim_pfxset_key(uint32_t dst, unsigned plen) {
  return (uint64_t)dst << 6 | (32u - plen);
}
static inline uint32_t sim_pfxset_key_dst(uint64_t key) { return (uint32_t)(key >> 6); }
static inline unsigned sim_pfxset_key_plen(uint64_t key) { return 32u - (unsigned)(key & 63); }

/* The blocks in order, for the scans of small tables on the per-packet
 * path, which a call per entry would slow down. */
static inline guint sim_pfxset_nblocks(const sim_pfxset *s) { return s->blocks->len; }
static inline const sim_pfxset_block *sim_pfxset_block_at(const sim_pfxset *s, guint i) {
  return g_ptr_array_index(s->blocks, i);
}

void sim_pfxset_init(sim_pfxset *s);
void sim_pfxset_free(sim_pfxset *s);
/* False (and *val untouched) when the prefix is absent. */
bool sim_pfxset_find(const sim_pfxset *s, uint32_t dst, unsigned plen, uint32_t *val);
/* False when the prefix is present already. */
bool sim_pfxset_insert(sim_pfxset *s, uint32_t dst, unsigned plen, uint32_t val);
/* False when the prefix is absent. */
bool sim_pfxset_remove(sim_pfxset *s, uint32_t dst, unsigned plen);

/* The first entry whose key is >= key (cursor at the end when none). */
sim_pfxset_cursor sim_pfxset_lower_bound(const sim_pfxset *s, uint64_t key);
sim_pfxset_cursor sim_pfxset_first(const sim_pfxset *s);
/* False at the end; else the entry at c and c advanced. */
bool sim_pfxset_next(const sim_pfxset *s, sim_pfxset_cursor *c, uint64_t *key, uint32_t *val);
/* Bytes held (blocks and their index). */
size_t sim_pfxset_bytes(const sim_pfxset *s);

#endif
