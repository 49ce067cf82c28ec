/* The longest-prefix-match index of a routing table: a Poptrie (Asai and
 * Ohara, "Poptrie: A Compressed Trie with Population Count for Fast and
 * Scalable Software IP Routing Table Lookup", SIGCOMM 2015) with direct
 * pointing on the first 18 bits and 6-bit nodes below.
 *
 * A node stands for 64 slots.  Bit i of `vec` says slot i goes on to a
 * child node; the children of a node are contiguous and child k is found
 * by counting the set bits of vec up to i (popcount).  The other slots
 * are leaves, stored once per run of equal values: bit i of `leafvec`
 * marks the slot where a new run starts.
 *
 * The values are those of the prefix set the index is built from (the
 * table's entry numbers): a lookup answers the value of the longest
 * prefix covering the address, SIM_LPM_NONE when there is none.  Updates
 * mark the /18 blocks they touch; sim_lpm_sync() rebuilds only those. */
#ifndef SIM_LPM_H
#define SIM_LPM_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/pfxset.h"

#define SIM_LPM_NONE 0x7fffffffu
#define SIM_LPM_TOP_BITS 18
#define SIM_LPM_STRIDE 6

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

typedef struct {
  uint32_t *top; /* per /18 block: SIM_LPM_TOP_LEAF | value, or a node index */
  sim_lpm_node *nodes;
  uint32_t *leaves;
  sim_lpm_pool node_pool, leaf_pool;
  /* Update side, never read by a lookup: per block the longest prefix of
   * length <= 18 covering it (its value, and its length + 1, 0: none), and
   * the blocks waiting for a rebuild. */
  uint32_t *dflt;
  uint8_t *dflt_len;
  uint8_t *dirty_mark;
  GArray *dirty; /* uint32_t block numbers */
  GArray *scratch; /* the prefixes of the block being built */
} sim_lpm;

#define SIM_LPM_TOP_LEAF 0x80000000u

void sim_lpm_init(sim_lpm *t);
void sim_lpm_free(sim_lpm *t);
/* Rebuilds everything from the set (a whole table at once). */
void sim_lpm_build(sim_lpm *t, const sim_pfxset *s);
/* The set gained (added) or lost the prefix dst/plen with value val. */
void sim_lpm_changed(sim_lpm *t, const sim_pfxset *s, uint32_t dst, unsigned plen, bool added,
                     uint32_t val);
/* Rebuilds the blocks changes touched; lookups are right only after it. */
void sim_lpm_sync(sim_lpm *t, const sim_pfxset *s);
static inline bool sim_lpm_synced(const sim_lpm *t) { return t->dirty->len == 0; }
uint32_t sim_lpm_lookup(const sim_lpm *t, uint32_t addr);
/* out[i] = sim_lpm_lookup(t, addrs[i]), SIM_LPM_GROUP lookups at a time
 * in stages, so that their cache misses overlap. */
#define SIM_LPM_GROUP 128
void sim_lpm_lookup_many(const sim_lpm *t, const uint32_t *addrs, uint32_t *out, size_t n);
/* Bytes a lookup reads from: the direct table, the node and leaf pools. */
size_t sim_lpm_bytes(const sim_lpm *t);
/* The same as allocated: with the room the pools keep for growth. */
size_t sim_lpm_allocated_bytes(const sim_lpm *t);
/* Bytes kept for updates only. */
size_t sim_lpm_update_bytes(const sim_lpm *t);

#endif
