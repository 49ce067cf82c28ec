#include "sim/fibview.h"

#include <string.h>

/* ---- the table's prefixes as the index's source --------------------------- */

static uint16_t view_group_of(const sim_fibview *v, uint32_t id) {
  return g_array_index(v->of_entry, uint16_t, id);
}

static void view_seek(sim_lpm_src *s, uint64_t key) {
  sim_fibview *v = (sim_fibview *)s;
  v->c = sim_pfxset_lower_bound(v->set, key);
}

static bool view_next(sim_lpm_src *s, uint64_t *key, uint16_t *val) {
  sim_fibview *v = (sim_fibview *)s;
  uint32_t id;
  if (!sim_pfxset_next(v->set, &v->c, key, &id)) return false;
  *val = view_group_of(v, id);
  return true;
}

static uint8_t view_shorter(sim_lpm_src *s, uint32_t dst, unsigned plen, uint16_t *val) {
  sim_fibview *v = (sim_fibview *)s;
  for (unsigned l = plen; l-- > 0;) {
    uint32_t mask = l ? ~0u << (32 - l) : 0, id;
    if (sim_fibview_hash_find(&v->by_prefix, sim_pfxset_key(dst & mask, l), &id)) {
      *val = view_group_of(v, id);
      return (uint8_t)(l + 1);
    }
  }
  *val = SIM_LPM_NONE;
  return 0;
}

/* ---- the hashes -------------------------------------------------------------- */

static void hash_init(sim_fibview_hash *h, unsigned id_bits) {
  h->nslots = 64;
  h->used = 0;
  h->id_bits = id_bits;
  h->slots = g_new(uint64_t, h->nslots);
  memset(h->slots, 0xff, h->nslots * sizeof(uint64_t));
}

static void hash_put(uint64_t *slots, uint32_t nslots, unsigned id_bits, uint64_t s) {
  uint32_t i = sim_fibview_slot(s >> id_bits, nslots);
  while (slots[i] != SIM_FIBVIEW_EMPTY) i = (i + 1) & (nslots - 1);
  slots[i] = s;
}

static void hash_add(sim_fibview_hash *h, uint64_t key, uint32_t id) {
  if ((h->used + 1) * 4 > h->nslots * 3) {
    uint32_t n = h->nslots * 2;
    uint64_t *slots = g_new(uint64_t, n);
    memset(slots, 0xff, n * sizeof(uint64_t));
    for (uint32_t i = 0; i < h->nslots; i++)
      if (h->slots[i] != SIM_FIBVIEW_EMPTY) hash_put(slots, n, h->id_bits, h->slots[i]);
    g_free(h->slots);
    h->slots = slots;
    h->nslots = n;
  }
  hash_put(h->slots, h->nslots, h->id_bits, key << h->id_bits | id);
  h->used++;
}

/* Removal with backward shift (Knuth 6.4, algorithm R): the slots after
 * the hole that would be found from before it move into it, so that no
 * probe stops early and no tombstones pile up. */
static void hash_remove(sim_fibview_hash *h, uint64_t key) {
  uint32_t m = h->nslots - 1, i = sim_fibview_slot(key, h->nslots);
  while (h->slots[i] != SIM_FIBVIEW_EMPTY && h->slots[i] >> h->id_bits != key) i = (i + 1) & m;
  if (h->slots[i] == SIM_FIBVIEW_EMPTY) return;
  for (uint32_t j = (i + 1) & m; h->slots[j] != SIM_FIBVIEW_EMPTY; j = (j + 1) & m) {
    uint32_t home = sim_fibview_slot(h->slots[j] >> h->id_bits, h->nslots);
    /* j's entry moves unless its home is cyclically in (i, j] */
    if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
      h->slots[i] = h->slots[j];
      i = j;
    }
  }
  h->slots[i] = SIM_FIBVIEW_EMPTY;
  h->used--;
}

/* ---- life ------------------------------------------------------------------ */

void sim_fibview_init(sim_fibview *v, const sim_pfxset *set) {
  v->src = (sim_lpm_src){view_seek, view_next, view_shorter};
  v->set = set;
  v->c = sim_pfxset_first(set);
  v->groups = g_array_new(FALSE, TRUE, sizeof(sim_fibview_group));
  for (unsigned l = 0; l < SIM_FIBVIEW_CLASSES; l++) {
    sim_fibview_group g = {.plen = (uint8_t)l, .shared = true};
    g_array_append_val(v->groups, g);
  }
  v->free = g_array_new(FALSE, FALSE, sizeof(uint16_t));
  hash_init(&v->by_key, 16);
  v->of_entry = g_array_new(FALSE, TRUE, sizeof(uint16_t));
  hash_init(&v->by_prefix, SIM_FIBVIEW_ID_BITS);
}

void sim_fibview_free(sim_fibview *v) {
  g_array_free(v->groups, TRUE);
  g_array_free(v->free, TRUE);
  g_free(v->by_key.slots);
  g_array_free(v->of_entry, TRUE);
  g_free(v->by_prefix.slots);
}

size_t sim_fibview_bytes(const sim_fibview *v) {
  return v->groups->len * sizeof(sim_fibview_group) + v->of_entry->len * sizeof(uint16_t) +
         ((size_t)v->by_key.nslots + v->by_prefix.nslots) * sizeof(uint64_t);
}

/* ---- groups ---------------------------------------------------------------- */

static sim_fibview_group *view_group(sim_fibview *v, uint16_t g) {
  return &g_array_index(v->groups, sim_fibview_group, g);
}

/* A new interned group, or SIM_LPM_NONE when the ids ran out. */
static uint16_t view_group_new(sim_fibview *v, uint64_t key, unsigned plen) {
  uint16_t g;
  if (v->free->len) {
    g = g_array_index(v->free, uint16_t, v->free->len - 1);
    g_array_set_size(v->free, v->free->len - 1);
  } else if (v->groups->len <= SIM_LPM_VAL_MAX) {
    g = (uint16_t)v->groups->len;
    g_array_set_size(v->groups, v->groups->len + 1);
  } else {
    return SIM_LPM_NONE;
  }
  *view_group(v, g) = (sim_fibview_group){.plen = (uint8_t)plen, .key = key};
  hash_add(&v->by_key, key, g);
  return g;
}

/* The signature: the length in the low 6 bits, exact; type, device and
 * gateway mixed into the 42 above.  Two signatures that mix alike share a
 * group, which costs compression only, as the length stays exact. */
static uint64_t view_key(unsigned plen, uint8_t type, int oif, uint32_t gw) {
  uint64_t x = (uint64_t)gw << 32 | (uint64_t)(uint32_t)oif << 8 | type;
  x ^= x >> 33, x *= 0xff51afd7ed558ccdull, x ^= x >> 33; /* MurmurHash3's fmix64 */
  return (x & ((1ull << 42) - 1)) << 6 | plen;
}

uint16_t sim_fibview_join(sim_fibview *v, uint32_t id, uint32_t dst, unsigned plen, uint8_t type,
                          int oif, uint32_t gw) {
  g_assert(id < 1u << SIM_FIBVIEW_ID_BITS);
  hash_add(&v->by_prefix, sim_pfxset_key(dst, plen), id);
  uint64_t key = view_key(plen, type, oif, gw);
  uint32_t found;
  uint16_t g = sim_fibview_hash_find(&v->by_key, key, &found) ? (uint16_t)found
                                                              : view_group_new(v, key, plen);
  if (g == SIM_LPM_NONE) g = (uint16_t)plen; /* no id left: the length's class */
  if (g >= SIM_FIBVIEW_CLASSES) {
    sim_fibview_group *gr = view_group(v, g);
    if (gr->refs++) gr->shared = true;
    gr->entry = id;
  }
  if (id >= v->of_entry->len) g_array_set_size(v->of_entry, id + 1);
  g_array_index(v->of_entry, uint16_t, id) = g;
  return g;
}

void sim_fibview_leave(sim_fibview *v, uint32_t id, uint32_t dst, unsigned plen) {
  hash_remove(&v->by_prefix, sim_pfxset_key(dst, plen));
  uint16_t g = view_group_of(v, id);
  if (g < SIM_FIBVIEW_CLASSES) return;
  sim_fibview_group *gr = view_group(v, g);
  if (--gr->refs) return;
  hash_remove(&v->by_key, gr->key);
  g_array_append_val(v->free, g);
}
