/* The neighbour tables as the administrator sees them (net/core/neighbour.c):
 * neigh_add() and neigh_delete() for `ip neigh add|change|replace|del`,
 * the proxy table (pneigh_lookup(), pneigh_delete(), pneigh_ifdown()), the
 * dumps of `ip neigh show`, and what a device going down takes away.
 *
 * Proxy entries are kept and listed; answering ARP for them (arp_process()
 * with forwarding on, after a random proxy_delay) is not modelled. */
#include <errno.h>
#include <string.h>

#include "sim/backend_priv.h"
#include "sim/sim.h"

struct sim_pneigh {
  uint32_t ip;
  int ifindex;        /* 0: added without a device */
  unsigned flags;     /* NTF_ROUTER as given; NTF_PROXY is implied */
  bool permanent;     /* ndm_state had NUD_PERMANENT (iproute2's default) */
  uint64_t seq;       /* creation order: a bucket lists its newest first */
};

#define NUD_VALID                                                                          \
  (NSP_NUD_PERMANENT | NSP_NUD_NOARP | NSP_NUD_REACHABLE | NSP_NUD_PROBE | NSP_NUD_STALE | \
   NSP_NUD_DELAY)

/* pneigh_hash(): the last 4 bytes of the key as the CPU reads them, folded
 * to the 16 buckets the dump walks in order (PNEIGH_HASHMASK 0xF). */
static unsigned pneigh_hash(uint32_t ip) {
  uint32_t be = GUINT32_TO_BE(ip), h;
  memcpy(&h, &be, 4);
  h = GUINT32_FROM_LE(h);
  h ^= h >> 16;
  h ^= h >> 8;
  h ^= h >> 4;
  return h & 0xF;
}

/* __pneigh_lookup_1(): the key, and the device or an entry without one */
static sim_pneigh *pneigh_find(sim_netns *ns, uint32_t ip, int ifindex, bool exact) {
  for (guint i = 0; ns->pneighs && i < ns->pneighs->len; i++) {
    sim_pneigh *p = &g_array_index(ns->pneighs, sim_pneigh, i);
    if (p->ip == ip && (p->ifindex == ifindex || (!exact && !p->ifindex))) return p;
  }
  return NULL;
}

static void pneigh_add(sim_netns *ns, const nsp_neigh_req *rq) {
  sim_pneigh *p = pneigh_find(ns, rq->ip, rq->ifindex, false);
  if (!p) {
    if (!ns->pneighs) ns->pneighs = g_array_new(FALSE, TRUE, sizeof(sim_pneigh));
    sim_pneigh n = {.ip = rq->ip, .ifindex = rq->ifindex, .seq = ++ns->pneigh_seq};
    g_array_append_val(ns->pneighs, n);
    p = &g_array_index(ns->pneighs, sim_pneigh, ns->pneighs->len - 1);
  }
  p->flags = rq->flags & ~(unsigned)NSP_NTF_PROXY;
  p->permanent = (rq->state & NSP_NUD_PERMANENT) != 0;
}

/* pneigh_ifdown_and_unlock(): a device's proxy entries go with it, the
 * permanent ones excepted when the carrier alone went */
static void pneigh_ifdown(sim_netns *ns, int ifindex, bool skip_perm) {
  for (guint i = 0; ns->pneighs && i < ns->pneighs->len;) {
    sim_pneigh *p = &g_array_index(ns->pneighs, sim_pneigh, i);
    if (p->ifindex == ifindex && !(skip_perm && p->permanent)) g_array_remove_index(ns->pneighs, i);
    else i++;
  }
}

void sim_neigh_ifdown(sim_iface *dev, bool skip_perm) {
  sim_neigh_flush_dev(dev, skip_perm);
  pneigh_ifdown(dev->ns, dev->ifindex, skip_perm);
}

void sim_pneigh_free_all(sim_netns *ns) {
  if (ns->pneighs) g_array_free(ns->pneighs, TRUE);
  ns->pneighs = NULL;
}

/* ---- the backend's operations -------------------------------------------- */

bool sim_be_neigh_modify(nsp_backend *b, const char *nsname, const nsp_neigh_req *rq,
                         nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  sim_iface *dev = NULL;
  if (rq->ifindex && !(dev = sim_be_dev(b, nsname, rq->ifindex, st))) return false;
  if (dev && rq->mac_len && rq->mac_len < ETHER_ADDR_LEN) {
    nsp_status_set(st, EINVAL, "Invalid link address");
    return false;
  }
  if (rq->flags & NSP_NTF_PROXY) {
    pneigh_add(ns, rq);
    return true;
  }
  if (!dev) {
    nsp_status_set(st, EINVAL, "Device not specified");
    return false;
  }
  bool override = true;
  sim_neigh *n = sim_neigh_lookup(dev, rq->ip, false);
  if (!n) {
    if (!(rq->nlflags & NSP_NLM_F_CREATE)) {
      nsp_status_set(st, ENOENT, NULL);
      return false;
    }
    n = sim_neigh_lookup(dev, rq->ip, true);
  } else {
    if (rq->nlflags & NSP_NLM_F_EXCL) {
      nsp_status_set(st, EEXIST, NULL);
      return false;
    }
    override = (rq->nlflags & NSP_NLM_F_REPLACE) != 0;
  }
  /* the entry stays (in NUD_NONE) when the update refuses */
  int err = sim_neigh_admin_update(n, rq->mac_len ? &rq->mac : NULL, rq->state, override);
  if (err) {
    nsp_status_set(st, err, "No link layer address given");
    return false;
  }
  /* neigh_update_is_router(), with NEIGH_UPDATE_F_OVERRIDE_ISROUTER: an
   * update of a valid state sets or clears the router flag */
  if (override && (rq->state & NUD_VALID)) n->flags = rq->flags & NSP_NTF_ROUTER;
  return true;
}

bool sim_be_neigh_del(nsp_backend *b, const char *nsname, const nsp_neigh_req *rq,
                      nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  sim_iface *dev = NULL;
  if (rq->ifindex && !(dev = sim_be_dev(b, nsname, rq->ifindex, st))) return false;
  if (rq->flags & NSP_NTF_PROXY) {
    sim_pneigh *p = pneigh_find(ns, rq->ip, rq->ifindex, true);
    if (!p) {
      nsp_status_set(st, ENOENT, NULL);
      return false;
    }
    g_array_remove_index(ns->pneighs, (guint)(p - (sim_pneigh *)(void *)ns->pneighs->data));
    return true;
  }
  if (!dev) {
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  sim_neigh *n = sim_neigh_lookup(dev, rq->ip, false);
  if (!n) {
    nsp_status_set(st, ENOENT, NULL);
    return false;
  }
  /* __neigh_update(NUD_FAILED, OVERRIDE | ADMIN), then neigh_remove_one() */
  sim_neigh_admin_update(n, NULL, NSP_NUD_FAILED, true);
  g_hash_table_remove(dev->neighs, GUINT_TO_POINTER(rq->ip));
  sim_neigh_free(n);
  return true;
}

static gint neigh_cmp(gconstpointer a, gconstpointer b) {
  const nsp_neigh *x = a, *y = b;
  if (x->ifindex != y->ifindex) return x->ifindex < y->ifindex ? -1 : 1;
  return x->ip < y->ip ? -1 : x->ip > y->ip;
}

/* pneigh_dump_table(): bucket by bucket, each newest first */
static gint pneigh_cmp(gconstpointer a, gconstpointer b) {
  const sim_pneigh *x = a, *y = b;
  unsigned hx = pneigh_hash(x->ip), hy = pneigh_hash(y->ip);
  if (hx != hy) return hx < hy ? -1 : 1;
  return x->seq > y->seq ? -1 : x->seq < y->seq;
}

static nsp_neigh *pneigh_list(sim_netns *ns, size_t *n) {
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_neigh));
  if (ns->pneighs) {
    GArray *sorted = g_array_copy(ns->pneighs);
    g_array_sort(sorted, pneigh_cmp);
    for (guint i = 0; i < sorted->len; i++) {
      const sim_pneigh *p = &g_array_index(sorted, sim_pneigh, i);
      nsp_neigh x = {.ifindex = p->ifindex, .ip = p->ip, .flags = p->flags | NSP_NTF_PROXY};
      g_array_append_val(out, x);
    }
    g_array_free(sorted, TRUE);
  }
  *n = out->len;
  return (nsp_neigh *)g_array_free(out, FALSE);
}

/* neigh_dump_table(): the kernel walks a hash with a random seed, so the
 * order of two entries differs between runs; ours is by device and address. */
nsp_neigh *sim_be_neigh_list(nsp_backend *b, const char *nsname, bool proxy, size_t *n) {
  sim_netns *ns = sim_be_ns(b, nsname);
  if (proxy) return pneigh_list(ns, n);
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_neigh));
  for (guint i = 0; i < ns->ifaces->len; i++) {
    sim_iface *d = g_ptr_array_index(ns->ifaces, i);
    GHashTableIter it;
    gpointer v;
    if (!d->neighs) continue;
    g_hash_table_iter_init(&it, d->neighs);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
      const sim_neigh *e = v;
      /* neigh_fill_info(): NDA_LLADDR only for a valid entry */
      nsp_neigh x = {.ifindex = d->ifindex, .ip = e->ip, .mac = e->ha, .state = e->state,
                     .has_mac = (e->state & NUD_VALID) != 0, .flags = e->flags};
      g_array_append_val(out, x);
    }
  }
  g_array_sort(out, neigh_cmp);
  *n = out->len;
  return (nsp_neigh *)g_array_free(out, FALSE);
}
