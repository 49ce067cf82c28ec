#include "sim/lpm.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define LPM_BLOCKS (1u << SIM_LPM_TOP_BITS)
#define LPM_BLOCK_SHIFT (32 - SIM_LPM_TOP_BITS)

#define lpm_chunk sim_lpm_chunk

typedef struct {
  uint32_t dst;
  uint16_t plen;
  uint16_t val;
} lpm_pfx;

/* ---- a prefix set as a source -------------------------------------------- */

static void set_src_seek(sim_lpm_src *s, uint64_t key) {
  sim_lpm_set_src *x = (sim_lpm_set_src *)s;
  x->c = sim_pfxset_lower_bound(x->set, key);
}

static bool set_src_next(sim_lpm_src *s, uint64_t *key, uint16_t *val) {
  sim_lpm_set_src *x = (sim_lpm_set_src *)s;
  uint32_t v;
  if (!sim_pfxset_next(x->set, &x->c, key, &v)) return false;
  *val = (uint16_t)v;
  return true;
}

static uint8_t set_src_shorter(sim_lpm_src *s, uint32_t dst, unsigned plen, uint16_t *val) {
  sim_lpm_set_src *x = (sim_lpm_set_src *)s;
  for (unsigned l = plen; l-- > 0;) {
    uint32_t mask = l ? ~0u << (32 - l) : 0, v;
    if (sim_pfxset_find(x->set, dst & mask, l, &v)) {
      *val = (uint16_t)v;
      return (uint8_t)(l + 1);
    }
  }
  *val = SIM_LPM_NONE;
  return 0;
}

void sim_lpm_set_src_init(sim_lpm_set_src *s, const sim_pfxset *set) {
  s->src = (sim_lpm_src){set_src_seek, set_src_next, set_src_shorter};
  s->set = set;
  s->c = sim_pfxset_first(set);
}

/* Memory a lookup reads: in 2 MiB pages where the kernel gives them
 * (transparent huge pages on madvise), since a random address costs a TLB
 * miss per 4 KiB page touched otherwise. */
#define LPM_HUGE (2u << 20)

static void *lpm_mem_alloc(size_t bytes) {
  if (bytes < LPM_HUGE / 2) return g_malloc(bytes);
  void *p = NULL;
  size_t rounded = (bytes + LPM_HUGE - 1) / LPM_HUGE * LPM_HUGE;
  if (posix_memalign(&p, LPM_HUGE, rounded) != 0) g_error("lpm: out of memory (%zu bytes)", bytes);
#ifdef MADV_HUGEPAGE
  madvise(p, rounded, MADV_HUGEPAGE);
#endif
  return p;
}

static void *lpm_mem_grow(void *old, size_t old_bytes, size_t bytes) {
  void *p = lpm_mem_alloc(bytes);
  if (old) memcpy(p, old, old_bytes);
  free(old);
  return p;
}

/* ---- pools of nodes and leaves: runs of 1..64 elements ------------------ */

static void lpm_pool_init(sim_lpm_pool *p) {
  p->used = p->cap = 0;
  for (int i = 0; i <= 64; i++) p->free[i] = g_array_new(FALSE, FALSE, sizeof(uint32_t));
}

static void lpm_pool_clear(sim_lpm_pool *p) {
  p->used = 0;
  for (int i = 0; i <= 64; i++) g_array_set_size(p->free[i], 0);
}

static void lpm_pool_free(sim_lpm_pool *p) {
  for (int i = 0; i <= 64; i++) g_array_free(p->free[i], TRUE);
}

/* Start of n contiguous elements; *mem grows (and moves) as needed. */
static uint32_t lpm_pool_alloc(sim_lpm_pool *p, void **mem, size_t elt, unsigned n) {
  if (n == 0) return 0;
  GArray *fl = p->free[n];
  if (fl->len) {
    uint32_t at = g_array_index(fl, uint32_t, fl->len - 1);
    g_array_set_size(fl, fl->len - 1);
    return at;
  }
  if (p->used + n > p->cap) {
    size_t old = (size_t)p->cap * elt;
    p->cap = MAX(p->cap + p->cap / 2, p->used + n + 1024);
    *mem = lpm_mem_grow(*mem, old, (size_t)p->cap * elt);
  }
  uint32_t at = p->used;
  p->used += n;
  return at;
}

/* After a whole build: no room kept for growth. */
static void lpm_pool_trim(sim_lpm_pool *p, void **mem, size_t elt) {
  if (p->used == p->cap) return;
  p->cap = p->used;
  *mem = lpm_mem_grow(*mem, (size_t)p->used * elt, (size_t)MAX(p->used, 1) * elt);
}

static void lpm_pool_release(sim_lpm_pool *p, uint32_t at, unsigned n) {
  if (n) g_array_append_val(p->free[n], at);
}

static uint32_t lpm_node_alloc(sim_lpm *t, unsigned n) {
  return lpm_pool_alloc(&t->node_pool, (void **)&t->nodes, sizeof(sim_lpm_node), n);
}

static uint32_t lpm_leaf_alloc(sim_lpm *t, unsigned n) {
  return lpm_pool_alloc(&t->leaf_pool, (void **)&t->leaves, sizeof(uint16_t), n);
}

/* ---- life ---------------------------------------------------------------- */

void sim_lpm_init(sim_lpm *t) {
  memset(t, 0, sizeof *t);
  t->top = lpm_mem_alloc(LPM_BLOCKS * sizeof(uint32_t));
  t->dflt = g_new(uint16_t, LPM_BLOCKS);
  t->dflt_len = g_new0(uint8_t, LPM_BLOCKS);
  t->dirty_mark = g_new0(uint8_t, LPM_BLOCKS / 8);
  for (uint32_t b = 0; b < LPM_BLOCKS; b++) {
    t->top[b] = SIM_LPM_TOP_LEAF | SIM_LPM_NONE;
    t->dflt[b] = SIM_LPM_NONE;
  }
  lpm_pool_init(&t->node_pool);
  lpm_pool_init(&t->leaf_pool);
  t->dirty = g_array_new(FALSE, FALSE, sizeof(uint32_t));
  t->scratch = g_array_new(FALSE, FALSE, sizeof(lpm_pfx));
}

void sim_lpm_free(sim_lpm *t) {
  free(t->top);
  free(t->nodes);
  free(t->leaves);
  g_free(t->dflt);
  g_free(t->dflt_len);
  g_free(t->dirty_mark);
  lpm_pool_free(&t->node_pool);
  lpm_pool_free(&t->leaf_pool);
  g_array_free(t->dirty, TRUE);
  g_array_free(t->scratch, TRUE);
  memset(t, 0, sizeof *t);
}

size_t sim_lpm_bytes(const sim_lpm *t) {
  return LPM_BLOCKS * sizeof(uint32_t) + (size_t)t->node_pool.used * sizeof(sim_lpm_node) +
         (size_t)t->leaf_pool.used * sizeof(uint16_t);
}

size_t sim_lpm_allocated_bytes(const sim_lpm *t) {
  return LPM_BLOCKS * sizeof(uint32_t) + (size_t)t->node_pool.cap * sizeof(sim_lpm_node) +
         (size_t)t->leaf_pool.cap * sizeof(uint16_t);
}

size_t sim_lpm_update_bytes(const sim_lpm *t) {
  return LPM_BLOCKS * (sizeof(uint16_t) + sizeof(uint8_t)) + LPM_BLOCKS / 8 +
         t->dirty->len * sizeof(uint32_t);
}

/* ---- building one block ---------------------------------------------------- */

/* Fills the 64 slots of a node at depth off: the value and length+1 of the
 * longest prefix of length <= off+6 covering each slot; the slots holding
 * longer prefixes become children.  Returns vec. */
static uint64_t lpm_slots_fill(const lpm_pfx *p, size_t n, unsigned off, uint16_t val[64],
                               uint8_t len[64]) {
  uint64_t vec = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i].plen <= off) continue; /* the node's default covers it */
    unsigned first = lpm_chunk(p[i].dst, off);
    if (p[i].plen > off + SIM_LPM_STRIDE) {
      vec |= 1ULL << first;
      continue;
    }
    unsigned count = 1u << (off + SIM_LPM_STRIDE - p[i].plen);
    for (unsigned s = first; s < first + count; s++) {
      if (len[s] > p[i].plen) continue; /* a longer one got there */
      val[s] = p[i].val;
      len[s] = (uint8_t)(p[i].plen + 1);
    }
  }
  return vec;
}

static void lpm_node_build(sim_lpm *t, const lpm_pfx *p, size_t n, unsigned off, uint16_t dval,
                           uint8_t dlen, uint32_t at);

/* Children in slot order; each gets the run of prefixes inside its slot. */
static void lpm_children_build(sim_lpm *t, const lpm_pfx *p, size_t n, unsigned off, uint64_t vec,
                               const uint16_t val[64], const uint8_t len[64], uint32_t base1) {
  size_t i = 0;
  uint32_t k = 0;
  for (unsigned s = 0; s < 64; s++) {
    if (!(vec >> s & 1)) continue;
    while (i < n && lpm_chunk(p[i].dst, off) < s) i++;
    size_t j = i;
    while (j < n && lpm_chunk(p[j].dst, off) == s) j++;
    lpm_node_build(t, p + i, j - i, off + SIM_LPM_STRIDE, val[s], len[s], base1 + k++);
    i = j;
  }
}

static void lpm_node_build(sim_lpm *t, const lpm_pfx *p, size_t n, unsigned off, uint16_t dval,
                           uint8_t dlen, uint32_t at) {
  uint16_t val[64], runs[64];
  uint8_t len[64];
  for (int s = 0; s < 64; s++) val[s] = dval, len[s] = dlen;
  uint64_t vec = lpm_slots_fill(p, n, off, val, len);
  uint64_t leafvec = 0;
  unsigned nruns = 0;
  for (unsigned s = 0; s < 64; s++) {
    if (vec >> s & 1) continue;
    if (nruns && runs[nruns - 1] == val[s]) continue;
    leafvec |= 1ULL << s;
    runs[nruns++] = val[s];
  }
  uint32_t base1 = lpm_node_alloc(t, (unsigned)__builtin_popcountll(vec));
  lpm_children_build(t, p, n, off, vec, val, len, base1);
  uint32_t base0 = lpm_leaf_alloc(t, nruns);
  memcpy(t->leaves + base0, runs, nruns * sizeof runs[0]);
  t->nodes[at] = (sim_lpm_node){.vec = vec, .leafvec = leafvec, .base0 = base0, .base1 = base1};
}

static void lpm_subtree_release(sim_lpm *t, uint32_t at) {
  sim_lpm_node nd = t->nodes[at];
  unsigned nchild = (unsigned)__builtin_popcountll(nd.vec);
  for (unsigned k = 0; k < nchild; k++) lpm_subtree_release(t, nd.base1 + k);
  lpm_pool_release(&t->node_pool, nd.base1, nchild);
  lpm_pool_release(&t->leaf_pool, nd.base0, (unsigned)__builtin_popcountll(nd.leafvec));
}

/* Builds block b from the prefixes longer than /18 in scratch. */
static void lpm_block_build(sim_lpm *t, uint32_t b) {
  const lpm_pfx *p = (const lpm_pfx *)(void *)t->scratch->data;
  if (t->scratch->len == 0) {
    t->top[b] = SIM_LPM_TOP_LEAF | t->dflt[b];
    return;
  }
  uint32_t root = lpm_node_alloc(t, 1);
  lpm_node_build(t, p, t->scratch->len, SIM_LPM_TOP_BITS, t->dflt[b], t->dflt_len[b], root);
  t->top[b] = root;
}

/* The prefixes of block b longer than its own /18, from the source, into
 * scratch.  Seeking to the block's first /19 leaves out its /18 and the
 * shorter prefixes at the same address, which sort before it. */
static void lpm_block_collect(sim_lpm *t, sim_lpm_src *s, uint32_t b) {
  g_array_set_size(t->scratch, 0);
  s->seek(s, sim_pfxset_key(b << LPM_BLOCK_SHIFT, 32));
  uint64_t key;
  uint16_t val;
  while (s->next(s, &key, &val)) {
    lpm_pfx x = {sim_pfxset_key_dst(key), (uint16_t)sim_pfxset_key_plen(key), val};
    if (x.dst >> LPM_BLOCK_SHIFT != b) break;
    if (x.plen > SIM_LPM_TOP_BITS) g_array_append_val(t->scratch, x);
  }
}

static void lpm_block_rebuild(sim_lpm *t, sim_lpm_src *s, uint32_t b) {
  if (!(t->top[b] & SIM_LPM_TOP_LEAF)) {
    lpm_subtree_release(t, t->top[b]);
    lpm_pool_release(&t->node_pool, t->top[b], 1);
  }
  lpm_block_collect(t, s, b);
  lpm_block_build(t, b);
}

/* ---- whole builds and updates --------------------------------------------- */

/* Longest wins: the value of a short prefix over the blocks it covers. */
static void lpm_dflt_paint(sim_lpm *t, uint32_t dst, unsigned plen, uint16_t val) {
  uint32_t first = dst >> LPM_BLOCK_SHIFT, count = 1u << (SIM_LPM_TOP_BITS - plen);
  for (uint32_t b = first; b < first + count; b++) {
    if (t->dflt_len[b] > plen) continue;
    t->dflt[b] = val;
    t->dflt_len[b] = (uint8_t)(plen + 1);
  }
}

void sim_lpm_build(sim_lpm *t, sim_lpm_src *s) {
  lpm_pool_clear(&t->node_pool);
  lpm_pool_clear(&t->leaf_pool);
  memset(t->dflt_len, 0, LPM_BLOCKS);
  memset(t->dirty_mark, 0, LPM_BLOCKS / 8);
  g_array_set_size(t->dirty, 0);
  for (uint32_t b = 0; b < LPM_BLOCKS; b++) t->dflt[b] = SIM_LPM_NONE;
  /* one pass: the short prefixes paint the blocks' defaults as they come
   * (a block's defaults are final before its first long prefix, which
   * sorts after every shorter prefix covering it), the long prefixes of a
   * block are contiguous */
  for (uint32_t b = 0; b < LPM_BLOCKS; b++) t->top[b] = SIM_LPM_TOP_LEAF | SIM_LPM_NONE;
  s->seek(s, 0);
  uint64_t key;
  uint16_t val;
  g_array_set_size(t->scratch, 0);
  uint32_t cur = 0;
  while (s->next(s, &key, &val)) {
    lpm_pfx x = {sim_pfxset_key_dst(key), (uint16_t)sim_pfxset_key_plen(key), val};
    if (x.plen <= SIM_LPM_TOP_BITS) {
      lpm_dflt_paint(t, x.dst, x.plen, x.val);
      continue;
    }
    if (x.dst >> LPM_BLOCK_SHIFT != cur && t->scratch->len) {
      lpm_block_build(t, cur);
      g_array_set_size(t->scratch, 0);
    }
    cur = x.dst >> LPM_BLOCK_SHIFT;
    g_array_append_val(t->scratch, x);
  }
  if (t->scratch->len) lpm_block_build(t, cur);
  for (uint32_t b = 0; b < LPM_BLOCKS; b++)
    if (t->top[b] & SIM_LPM_TOP_LEAF) t->top[b] = SIM_LPM_TOP_LEAF | t->dflt[b];
  lpm_pool_trim(&t->node_pool, (void **)&t->nodes, sizeof(sim_lpm_node));
  lpm_pool_trim(&t->leaf_pool, (void **)&t->leaves, sizeof(uint16_t));
}

static void lpm_dirty_mark(sim_lpm *t, uint32_t b) {
  if (t->dirty_mark[b / 8] & (1u << (b % 8))) return;
  t->dirty_mark[b / 8] |= (uint8_t)(1u << (b % 8));
  g_array_append_val(t->dirty, b);
}

/* A block's default changed: a block without nodes takes it at once. */
static void lpm_dflt_set(sim_lpm *t, uint32_t b, uint16_t val, uint8_t len) {
  t->dflt[b] = val;
  t->dflt_len[b] = len;
  if (t->top[b] & SIM_LPM_TOP_LEAF) t->top[b] = SIM_LPM_TOP_LEAF | val;
  else lpm_dirty_mark(t, b);
}

void sim_lpm_changed(sim_lpm *t, sim_lpm_src *s, uint32_t dst, unsigned plen, bool present,
                     uint16_t val) {
  if (plen > SIM_LPM_TOP_BITS) {
    lpm_dirty_mark(t, dst >> LPM_BLOCK_SHIFT);
    return;
  }
  uint32_t first = dst >> LPM_BLOCK_SHIFT, count = 1u << (SIM_LPM_TOP_BITS - plen);
  uint16_t rval = val;
  uint8_t rlen = (uint8_t)(plen + 1);
  if (!present) rlen = s->shorter(s, dst, plen, &rval);
  /* present: the blocks whose longest short prefix is this one or shorter
   * take its (new) value; gone: those it was the longest for fall back */
  for (uint32_t b = first; b < first + count; b++) {
    if (present ? t->dflt_len[b] <= plen + 1 : t->dflt_len[b] == plen + 1)
      lpm_dflt_set(t, b, rval, rlen);
  }
}

void sim_lpm_sync(sim_lpm *t, sim_lpm_src *s) {
  for (guint i = 0; i < t->dirty->len; i++) {
    uint32_t b = g_array_index(t->dirty, uint32_t, i);
    t->dirty_mark[b / 8] &= (uint8_t)~(1u << (b % 8));
    lpm_block_rebuild(t, s, b);
  }
  g_array_set_size(t->dirty, 0);
}

/* ---- lookup ------------------------------------------------------------- */

/* Lookups one after the other, each address's direct-table entry
 * prefetched LPM_AHEAD lookups before it is needed.  The out-of-order core
 * already overlaps the independent loads of nearby lookups; what it cannot
 * reach in time is the direct table (1 MiB) a few lookups ahead.  Measured
 * on the 901,899-prefix table, random addresses, quiet machine: 95 M/s for
 * the stages DPDK's rte_lpm_lookup_bulk() uses (the direct table for a
 * group of 128, then their first nodes, then their leaves: more
 * instructions a lookup than the core needed), 165 M/s for this with 8 or
 * 16 ahead (160 with 4), 121 M/s when the first node was prefetched too. */
#define LPM_AHEAD 8

void sim_lpm_lookup_many(const sim_lpm *t, const uint32_t *addrs, uint16_t *out, size_t n) {
  size_t i = 0;
  for (; i + LPM_AHEAD < n; i++) {
    __builtin_prefetch(t->top + (addrs[i + LPM_AHEAD] >> LPM_BLOCK_SHIFT));
    out[i] = sim_lpm_lookup(t, addrs[i]);
  }
  for (; i < n; i++) out[i] = sim_lpm_lookup(t, addrs[i]);
}
