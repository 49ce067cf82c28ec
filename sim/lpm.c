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
  if (bytes < LPM_HUGE / 4) return g_malloc(bytes);
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

/* ---- roots: the blocks' first nodes, numbered within their span --------- */

/* A span's roots are contiguous in roots[] so that a 16-bit direct-table
 * entry can name one; a span out of slots grows in place when it is the
 * last in roots[] (always, in a whole build: blocks come in order), else
 * moves to the end, and the hole it leaves is reclaimed by a compaction. */

#define LPM_SPAN_BLOCKS (1u << SIM_LPM_SPAN_BITS)

static unsigned lpm_span(uint32_t b) { return b >> SIM_LPM_SPAN_BITS; }

/* roots[] with room for n slots, the rend in use kept. */
static void lpm_roots_reserve(sim_lpm *t, uint32_t n) {
  if (n <= t->ralloc) return;
  uint32_t cap = MAX(n, t->ralloc + t->ralloc / 2);
  t->roots = lpm_mem_grow(t->roots, (size_t)t->rend * sizeof(sim_lpm_node),
                          (size_t)cap * sizeof(sim_lpm_node));
  t->ralloc = cap;
}

static void lpm_roots_grow(sim_lpm *t, unsigned g) {
  uint32_t cap = MIN(LPM_SPAN_BLOCKS, MAX(t->rcap[g] * 2, 64u));
  if (t->rbase[g] + t->rcap[g] == t->rend) {
    lpm_roots_reserve(t, t->rbase[g] + cap);
  } else {
    lpm_roots_reserve(t, t->rend + cap);
    if (t->rused[g])
      memcpy(t->roots + t->rend, t->roots + t->rbase[g], t->rused[g] * sizeof(sim_lpm_node));
    t->rwaste += t->rcap[g];
    t->rbase[g] = t->rend;
  }
  t->rcap[g] = cap;
  t->rend = t->rbase[g] + cap;
}

/* A root slot of span g, numbered from its base. */
static uint32_t lpm_root_alloc(sim_lpm *t, unsigned g) {
  GArray *fl = t->rfree[g];
  if (fl->len) {
    uint16_t at = g_array_index(fl, uint16_t, fl->len - 1);
    g_array_set_size(fl, fl->len - 1);
    return at;
  }
  if (t->rused[g] == t->rcap[g]) lpm_roots_grow(t, g);
  return t->rused[g]++;
}

static void lpm_root_release(sim_lpm *t, unsigned g, uint32_t at) {
  uint16_t x = (uint16_t)at;
  g_array_append_val(t->rfree[g], x);
}

/* roots[] without the room spans keep or left behind. */
static void lpm_roots_compact(sim_lpm *t) {
  uint32_t n = 0;
  for (unsigned g = 0; g < SIM_LPM_SPANS; g++) n += t->rused[g];
  sim_lpm_node *r = lpm_mem_alloc((size_t)MAX(n, 1) * sizeof(sim_lpm_node));
  uint32_t at = 0;
  for (unsigned g = 0; g < SIM_LPM_SPANS; g++) {
    if (t->rused[g]) memcpy(r + at, t->roots + t->rbase[g], t->rused[g] * sizeof(sim_lpm_node));
    t->rbase[g] = at;
    t->rcap[g] = t->rused[g];
    at += t->rused[g];
  }
  free(t->roots);
  t->roots = r;
  t->rend = n;
  t->ralloc = MAX(n, 1);
  t->rwaste = 0;
}

static void lpm_roots_clear(sim_lpm *t) {
  for (unsigned g = 0; g < SIM_LPM_SPANS; g++) {
    t->rbase[g] = t->rused[g] = t->rcap[g] = 0;
    g_array_set_size(t->rfree[g], 0);
  }
  t->rend = t->rwaste = 0;
}

/* ---- direct-table entries ------------------------------------------------- */

/* A block without nodes holds its value + 1 (none: 0) when it is below
 * SIM_LPM_TOP_ROOT. */
static bool lpm_top_fits(uint16_t v) { return v == SIM_LPM_NONE || v + 1u < SIM_LPM_TOP_ROOT; }
static uint16_t lpm_top_leaf(uint16_t v) { return (uint16_t)(v + 1u); }
static bool lpm_top_is_root(uint16_t e) { return e >= SIM_LPM_TOP_ROOT; }

/* ---- life ---------------------------------------------------------------- */

void sim_lpm_init(sim_lpm *t) {
  memset(t, 0, sizeof *t);
  t->top = lpm_mem_alloc(LPM_BLOCKS * sizeof(uint16_t));
  memset(t->top, 0, LPM_BLOCKS * sizeof(uint16_t)); /* lpm_top_leaf(SIM_LPM_NONE) */
  t->ralloc = 64;
  t->roots = lpm_mem_alloc(t->ralloc * sizeof(sim_lpm_node));
  for (unsigned g = 0; g < SIM_LPM_SPANS; g++)
    t->rfree[g] = g_array_new(FALSE, FALSE, sizeof(uint16_t));
  t->dflt = g_new(uint16_t, LPM_BLOCKS);
  t->dflt_len = g_new0(uint8_t, LPM_BLOCKS);
  t->dirty_mark = g_new0(uint8_t, LPM_BLOCKS / 8);
  for (uint32_t b = 0; b < LPM_BLOCKS; b++) t->dflt[b] = SIM_LPM_NONE;
  lpm_pool_init(&t->node_pool);
  lpm_pool_init(&t->leaf_pool);
  t->dirty = g_array_new(FALSE, FALSE, sizeof(uint32_t));
  t->scratch = g_array_new(FALSE, FALSE, sizeof(lpm_pfx));
}

void sim_lpm_free(sim_lpm *t) {
  free(t->top);
  free(t->roots);
  for (unsigned g = 0; g < SIM_LPM_SPANS; g++) g_array_free(t->rfree[g], TRUE);
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
  size_t roots = 0;
  for (unsigned g = 0; g < SIM_LPM_SPANS; g++) roots += t->rused[g];
  return LPM_BLOCKS * sizeof(uint16_t) + (roots + t->node_pool.used) * sizeof(sim_lpm_node) +
         (size_t)t->leaf_pool.used * sizeof(uint16_t);
}

size_t sim_lpm_allocated_bytes(const sim_lpm *t) {
  return LPM_BLOCKS * sizeof(uint16_t) +
         ((size_t)t->ralloc + t->node_pool.cap) * sizeof(sim_lpm_node) +
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

static sim_lpm_node lpm_node_make(sim_lpm *t, const lpm_pfx *p, size_t n, unsigned off,
                                  uint16_t dval, uint8_t dlen);

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
    /* made first: the pool may move while the child's own children are made */
    sim_lpm_node nd = lpm_node_make(t, p + i, j - i, off + SIM_LPM_STRIDE, val[s], len[s]);
    t->nodes[base1 + k++] = nd;
    i = j;
  }
}

static sim_lpm_node lpm_node_make(sim_lpm *t, const lpm_pfx *p, size_t n, unsigned off,
                                  uint16_t dval, uint8_t dlen) {
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
  return (sim_lpm_node){.vec = vec, .leafvec = leafvec, .base0 = base0, .base1 = base1};
}

/* What a node holds in the pools: its leaves, its children and theirs. */
static void lpm_node_release(sim_lpm *t, sim_lpm_node nd) {
  unsigned nchild = (unsigned)__builtin_popcountll(nd.vec);
  for (unsigned k = 0; k < nchild; k++) lpm_node_release(t, t->nodes[nd.base1 + k]);
  lpm_pool_release(&t->node_pool, nd.base1, nchild);
  lpm_pool_release(&t->leaf_pool, nd.base0, (unsigned)__builtin_popcountll(nd.leafvec));
}

/* Builds block b from the prefixes longer than /18 in scratch: its value
 * inline, or a root node (one of a single leaf when there are no prefixes
 * but the value does not fit an entry). */
static void lpm_block_build(sim_lpm *t, uint32_t b) {
  const lpm_pfx *p = (const lpm_pfx *)(void *)t->scratch->data;
  if (t->scratch->len == 0 && lpm_top_fits(t->dflt[b])) {
    t->top[b] = lpm_top_leaf(t->dflt[b]);
    return;
  }
  unsigned g = lpm_span(b);
  uint32_t at = lpm_root_alloc(t, g);
  sim_lpm_node nd = lpm_node_make(t, p, t->scratch->len, SIM_LPM_TOP_BITS, t->dflt[b], t->dflt_len[b]);
  t->roots[t->rbase[g] + at] = nd;
  t->top[b] = (uint16_t)(SIM_LPM_TOP_ROOT + at);
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
  if (lpm_top_is_root(t->top[b])) {
    unsigned g = lpm_span(b);
    uint32_t at = t->top[b] - SIM_LPM_TOP_ROOT;
    lpm_node_release(t, t->roots[t->rbase[g] + at]);
    lpm_root_release(t, g, at);
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
  lpm_roots_clear(t);
  memset(t->dflt_len, 0, LPM_BLOCKS);
  memset(t->dirty_mark, 0, LPM_BLOCKS / 8);
  g_array_set_size(t->dirty, 0);
  for (uint32_t b = 0; b < LPM_BLOCKS; b++) t->dflt[b] = SIM_LPM_NONE;
  /* one pass: the short prefixes paint the blocks' defaults as they come
   * (a block's defaults are final before its first long prefix, which
   * sorts after every shorter prefix covering it), the long prefixes of a
   * block are contiguous */
  memset(t->top, 0, LPM_BLOCKS * sizeof(uint16_t)); /* lpm_top_leaf(SIM_LPM_NONE) */
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
  g_array_set_size(t->scratch, 0);
  for (uint32_t b = 0; b < LPM_BLOCKS; b++)
    if (!lpm_top_is_root(t->top[b])) lpm_block_build(t, b);
  lpm_roots_compact(t);
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
  if (!lpm_top_is_root(t->top[b]) && lpm_top_fits(val)) t->top[b] = lpm_top_leaf(val);
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
  if (t->rwaste > t->rend / 2) lpm_roots_compact(t);
}
