/* What a table's index (sim/lpm.c) holds in its 16-bit leaves: next-hop
 * groups, not prefixes.  A group stands for the prefixes of one length
 * whose first routes have the same type, device and gateway, so that
 * neighbouring prefixes that forward alike share a leaf (Poptrie's leaves
 * are FIB indexes, not prefixes) and a full table's leaves compress into
 * runs.  The group gives the length of the longest match; the prefix is
 * then dst masked to it, and its entry is found by that prefix in a hash
 * of the table's prefixes (the slow path: the ordered set's binary search
 * costs some twenty cache misses on a full table, the hash one), unless
 * the group has only ever had one prefix, whose entry it names.  Groups
 * 0..32 stand for "some prefix of this length", used when the 16-bit ids
 * run out.
 *
 * The grouping only decides what shares a leaf: a lookup's answer comes
 * from the entry itself, so routes added to an entry or nexthop flags
 * changed later never regroup anything. */
#ifndef SIM_FIBVIEW_H
#define SIM_FIBVIEW_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/lpm.h"
#include "sim/pfxset.h"

typedef struct {
  uint8_t plen;
  bool shared;    /* has had more than one prefix: the entry is looked up */
  uint32_t refs;  /* prefixes in the group (interned groups only) */
  uint32_t entry; /* the one prefix's entry, while !shared */
  uint64_t key;   /* the signature it is interned under */
} sim_fibview_group;

/* A hash from keys to small ids in one array of 64-bit slots, open
 * addressing with linear probing: each slot key << id_bits | id, or
 * SIM_FIBVIEW_EMPTY; keys of at most 64 - id_bits bits, never all ones. */
typedef struct {
  uint64_t *slots;
  uint32_t nslots, used; /* nslots a power of two, used <= 3/4 of it */
  unsigned id_bits;
} sim_fibview_hash;

#define SIM_FIBVIEW_EMPTY UINT64_MAX

static inline uint32_t sim_fibview_slot(uint64_t key, uint32_t nslots) {
  return (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (nslots - 1);
}

static inline bool sim_fibview_hash_find(const sim_fibview_hash *h, uint64_t key, uint32_t *id) {
  for (uint32_t i = sim_fibview_slot(key, h->nslots);; i = (i + 1) & (h->nslots - 1)) {
    uint64_t s = h->slots[i];
    if (s == SIM_FIBVIEW_EMPTY) return false;
    if (s >> h->id_bits == key) {
      *id = (uint32_t)(s & ((1ull << h->id_bits) - 1));
      return true;
    }
  }
}

#define SIM_FIBVIEW_CLASSES 33 /* groups 0..32: any prefix of that length */

typedef struct {
  sim_lpm_src src; /* the table's prefixes with their groups as values */
  const sim_pfxset *set;
  sim_pfxset_cursor c;
  GArray *groups;      /* sim_fibview_group, by id */
  GArray *free;        /* uint16_t group ids to reuse */
  sim_fibview_hash by_key;   /* 48-bit signature -> group */
  GArray *of_entry;          /* uint16_t group id, by entry id */
  sim_fibview_hash by_prefix; /* sim_pfxset_key() (38 bits) -> entry id */
} sim_fibview;

#define SIM_FIBVIEW_ID_BITS 26 /* entries per table: 67 million */

void sim_fibview_init(sim_fibview *v, const sim_pfxset *set);
void sim_fibview_free(sim_fibview *v);
/* Entry id (prefix dst/plen) joins the group of its signature (the
 * first route's type, device and gateway); returns the group. */
uint16_t sim_fibview_join(sim_fibview *v, uint32_t id, uint32_t dst, unsigned plen, uint8_t type,
                          int oif, uint32_t gw);
/* Entry id, prefix dst/plen, leaves its group. */
void sim_fibview_leave(sim_fibview *v, uint32_t id, uint32_t dst, unsigned plen);
/* Bytes held: groups, the entries' groups and the hashes. */
size_t sim_fibview_bytes(const sim_fibview *v);

/* The entry of the prefix group g stands for among those covering dst. */
static inline bool sim_fibview_entry(const sim_fibview *v, uint16_t g, uint32_t dst,
                                     uint32_t *id) {
  const sim_fibview_group *gr = &g_array_index(v->groups, sim_fibview_group, g);
  if (!gr->shared) {
    *id = gr->entry;
    return true;
  }
  uint32_t mask = gr->plen ? ~0u << (32 - gr->plen) : 0;
  return sim_fibview_hash_find(&v->by_prefix, sim_pfxset_key(dst & mask, gr->plen), id);
}

#endif
