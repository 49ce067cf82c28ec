/* The longest-prefix-match index of routing tables: a Poptrie (Asai and
 * Ohara, "Poptrie: A Compressed Trie with Population Count for Fast and
 * Scalable Software IP Routing Table Lookup", SIGCOMM 2015) with direct
 * pointing on the first 18 bits and 6-bit nodes below.
 *
 * The direct table has a 16-bit entry per /18 block (512 KiB, which stays
 * in a 1 MiB L2 where 32-bit entries did not: three random addresses in
 * four end there on a full table).  An entry below SIM_LPM_TOP_ROOT is
 * the block's value + 1 (0: none), the paper's leaf stored inline; one at
 * or above it is the block's root node, numbered within its span of 2^14
 * blocks: roots[rbase[span] + entry - SIM_LPM_TOP_ROOT].  A block whose
 * value is too large for an entry gets a root node of one leaf.
 *
 * A node stands for 64 slots.  Bit i of `vec` says slot i goes on to a
 * child node; the children of a node are contiguous and child k is found
 * by counting the set bits of vec up to i (popcount).  The other slots
 * are leaves, stored once per run of equal values: bit i of `leafvec`
 * marks the slot where a new run starts.
 *
 * Leaves are 16-bit values, as in the paper: what the prefixes stand for,
 * not the prefixes themselves.  sim/fibview.c makes them next-hop groups
 * (the routes of a prefix without the prefix), so that neighbouring
 * prefixes with the same routes share a leaf and a full table's index
 * stays within the caches; a lookup answers the value of the longest
 * prefix covering the address, SIM_LPM_NONE when there is none.
 *
 * The index reads its prefixes from a source (sim_lpm_src): a prefix set
 * as it is, or the union of two tables' sets (local and main, as the
 * kernel's merged trie holds them).  Updates mark the /18 blocks they
 * touch; sim_lpm_sync() rebuilds only those. */
#ifndef SIM_LPM_H
#define SIM_LPM_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/pfxset.h"

#define SIM_LPM_NONE 0xffffu
/* The largest value a source may give a prefix. */
#define SIM_LPM_VAL_MAX 0xfffeu
#define SIM_LPM_TOP_BITS 18
#define SIM_LPM_STRIDE 6
/* Spans of blocks whose roots are numbered from one base. */
#define SIM_LPM_SPAN_BITS 14
#define SIM_LPM_SPANS (1u << (SIM_LPM_TOP_BITS - SIM_LPM_SPAN_BITS))
/* Direct-table entries: below, value + 1; from it on, a root node. */
#define SIM_LPM_TOP_ROOT 0xc000u

typedef struct {
  uint64_t vec;     /* slots that continue in a child node */
  uint64_t leafvec; /* slots where a run of equal leaves starts */
  uint32_t base0;   /* first leaf of this node in leaves[] */
  uint32_t base1;   /* first child of this node in nodes[] */
} sim_lpm_node;

/* Runs of 1..64 elements of a pool that were freed, by length. */
typedef struct {
  uint32_t used, cap; /* high-water mark and allocated elements */
  GArray *free[65];   /* uint32_t starts */
} sim_lpm_pool;

/* Where an index reads the prefixes it is built from: in ascending
 * sim_pfxset_key() order, each with its value (<= SIM_LPM_VAL_MAX).
 * Embedded first in the source's own structure. */
typedef struct sim_lpm_src sim_lpm_src;
struct sim_lpm_src {
  /* Positions the source at the first prefix whose key is >= key. */
  void (*seek)(sim_lpm_src *s, uint64_t key);
  /* The prefix at the position, and the position moved on; false at the end. */
  bool (*next)(sim_lpm_src *s, uint64_t *key, uint16_t *val);
  /* The longest prefix shorter than plen covering dst: its value, and its
   * length + 1 (0 and SIM_LPM_NONE when there is none). */
  uint8_t (*shorter)(sim_lpm_src *s, uint32_t dst, unsigned plen, uint16_t *val);
};

/* A prefix set as a source: each prefix's value is its own (<= SIM_LPM_VAL_MAX). */
typedef struct {
  sim_lpm_src src;
  const sim_pfxset *set;
  sim_pfxset_cursor c;
} sim_lpm_set_src;
void sim_lpm_set_src_init(sim_lpm_set_src *s, const sim_pfxset *set);

typedef struct {
  uint16_t *top; /* per /18 block: value + 1, or SIM_LPM_TOP_ROOT + root number */
  uint32_t rbase[SIM_LPM_SPANS]; /* per span: where its roots start in roots[] */
  sim_lpm_node *roots;           /* the blocks' first nodes, by span */
  sim_lpm_node *nodes;           /* the nodes below them */
  uint16_t *leaves;
  sim_lpm_pool node_pool, leaf_pool;
  /* Per span: root slots used (high-water) and kept, freed slots (uint16_t);
   * roots[] holds rend slots, of which rwaste were left by spans that moved. */
  uint32_t rused[SIM_LPM_SPANS], rcap[SIM_LPM_SPANS];
  GArray *rfree[SIM_LPM_SPANS];
  uint32_t rend, rwaste, ralloc;
  /* Update side, never read by a lookup: per block the longest prefix of
   * length <= 18 covering it (its value, and its length + 1, 0: none), and
   * the blocks waiting for a rebuild. */
  uint16_t *dflt;
  uint8_t *dflt_len;
  uint8_t *dirty_mark;
  GArray *dirty; /* uint32_t block numbers */
  GArray *scratch; /* the prefixes of the block being built */
} sim_lpm;

void sim_lpm_init(sim_lpm *t);
void sim_lpm_free(sim_lpm *t);
/* Rebuilds everything from the source (a whole table at once). */
void sim_lpm_build(sim_lpm *t, sim_lpm_src *s);
/* The prefix dst/plen now has value val in the source, or is gone from
 * it (present false): added, removed, or its value changed. */
void sim_lpm_changed(sim_lpm *t, sim_lpm_src *s, uint32_t dst, unsigned plen, bool present,
                     uint16_t val);
/* Rebuilds the blocks changes touched; lookups are right only after it. */
void sim_lpm_sync(sim_lpm *t, sim_lpm_src *s);
static inline bool sim_lpm_synced(const sim_lpm *t) { return t->dirty->len == 0; }

/* The popcnt instruction, not libgcc's bit loop, where the compiler can
 * be told the CPU has it (every x86-64 since 2008). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SIM_LPM_POPCNT __attribute__((target("popcnt")))
#else
#define SIM_LPM_POPCNT
#endif

/* The 6 bits of a that a node at depth off (bits already used) looks at;
 * past the 32nd bit the address reads as zeros. */
static inline unsigned sim_lpm_chunk(uint32_t a, unsigned off) {
  return (unsigned)((((uint64_t)a << 32) >> (64 - SIM_LPM_STRIDE - off)) & 63);
}

/* From a block's root: where the address's leaf is in leaves[]. */
SIM_LPM_POPCNT static inline uint32_t sim_lpm_leaf_at(const sim_lpm *t, const sim_lpm_node *n,
                                                      uint32_t a) {
  for (unsigned off = SIM_LPM_TOP_BITS;; off += SIM_LPM_STRIDE) {
    unsigned v = sim_lpm_chunk(a, off);
    uint64_t upto = ~0ULL >> (63 - v); /* slots 0..v */
    if (!(n->vec >> v & 1)) return n->base0 + (uint32_t)__builtin_popcountll(n->leafvec & upto) - 1;
    n = t->nodes + n->base1 + (uint32_t)__builtin_popcountll(n->vec & upto) - 1;
  }
}

/* From a block's root: the rest of the walk for one address. */
SIM_LPM_POPCNT static inline uint16_t sim_lpm_walk(const sim_lpm *t, const sim_lpm_node *n,
                                                   uint32_t a) {
  return t->leaves[sim_lpm_leaf_at(t, n, a)];
}

/* Inline: the forwarding path and the bench call it per packet. */
SIM_LPM_POPCNT static inline uint16_t sim_lpm_lookup(const sim_lpm *t, uint32_t a) {
  uint32_t b = a >> (32 - SIM_LPM_TOP_BITS);
  unsigned e = t->top[b];
  if (e < SIM_LPM_TOP_ROOT) return (uint16_t)(e - 1);
  return sim_lpm_walk(t, t->roots + t->rbase[b >> SIM_LPM_SPAN_BITS] + (e - SIM_LPM_TOP_ROOT), a);
}

/* out[i] = sim_lpm_lookup(t, addrs[i]) for n addresses, in passes whose
 * loads are prefetched and whose branches are predictable (lpm_many.c says
 * how); SIM_LPM_GROUP is the batch the bench hands it. */
#define SIM_LPM_GROUP 128
void sim_lpm_lookup_many(const sim_lpm *t, const uint32_t *addrs, uint16_t *out, size_t n);
/* Bytes a lookup reads from: the direct table, the roots, the node and leaf pools. */
size_t sim_lpm_bytes(const sim_lpm *t);
/* The same as allocated: with the room the pools keep for growth. */
size_t sim_lpm_allocated_bytes(const sim_lpm *t);
/* Bytes kept for updates only. */
size_t sim_lpm_update_bytes(const sim_lpm *t);

#endif
