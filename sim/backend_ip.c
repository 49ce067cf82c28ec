/* Addresses, routes, neighbours and sysctls of the simulation backend. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/inet.h"
#include "sim/backend_priv.h"

/* __inet_insert_ifa(): same subnet as an existing address -> secondary;
 * the same address and mask again -> EEXIST. Primaries go after the last
 * primary, secondaries to the end. */
bool sim_be_addr_add(nsp_backend *b, const char *nsname, const nsp_addr *a, nsp_status *st) {
  sim_iface *d = sim_be_dev(b, nsname, a->ifindex, st);
  if (!d) return false;
  nsp_addr n = *a;
  uint32_t mask = ipv4_prefix_mask(a->plen);
  guint last_primary = 0;
  for (guint i = 0; i < d->addrs->len; i++) {
    const nsp_addr *o = &g_array_index(d->addrs, nsp_addr, i);
    if (o->plen == a->plen && ((o->local ^ a->local) & mask) == 0) {
      if (o->local == a->local) {
        nsp_status_set(st, EEXIST, "ipv4: Address already assigned");
        return false;
      }
      n.flags |= NSP_IFA_F_SECONDARY;
    }
    if (!(o->flags & NSP_IFA_F_SECONDARY)) last_primary = i + 1;
  }
  if (!n.label[0]) g_strlcpy(n.label, d->name, sizeof n.label);
  if (n.flags & NSP_IFA_F_SECONDARY)
    g_array_append_val(d->addrs, n);
  else
    g_array_insert_val(d->addrs, last_primary, n);
  sim_iface_addr_sync_routes(d);
  return true;
}

typedef struct {
  int oif;
  uint32_t addr;
} addr_route_key;

static bool route_from_addr(const sim_route *r, const void *ctx) {
  const addr_route_key *k = ctx;
  return r->oif == k->oif && (r->protocol == NSP_RTPROT_KERNEL || r->prefsrc == k->addr);
}

static guint addr_primary_end(const sim_iface *d) {
  guint n = 0;
  for (guint i = 0; i < d->addrs->len; i++)
    if (!(g_array_index(d->addrs, nsp_addr, i).flags & NSP_IFA_F_SECONDARY)) n = i + 1;
  return n;
}

static void addr_remove_at(sim_iface *d, guint i) {
  addr_route_key k = {.oif = d->ifindex, .addr = g_array_index(d->addrs, nsp_addr, i).local};
  g_array_remove_index(d->addrs, i);
  sim_tables_remove_if(d->ns, route_from_addr, &k);
}

/* inet_rtm_deladdr() + __inet_del_ifa(): with promote_secondaries=0 (as
 * measured in a new namespace here) a primary takes its secondaries along,
 * with 1 (conf/all or the device) the first of them becomes the primary;
 * the last address gone disables IP on the device (fib_disable_ip() in
 * net/ipv4/fib_frontend.c), which removes every route through it and, by
 * arp_ifdown(), its neighbour entries: the next packet ARPs by broadcast
 * (tests/scenarios/43). */
bool sim_be_addr_del(nsp_backend *b, const char *nsname, const nsp_addr *a, nsp_status *st) {
  sim_iface *d = sim_be_dev(b, nsname, a->ifindex, st);
  if (!d) return false;
  for (guint i = 0; i < d->addrs->len; i++) {
    nsp_addr *o = &g_array_index(d->addrs, nsp_addr, i);
    if (o->local != a->local || (a->plen && o->plen != a->plen)) continue;
    bool primary = !(o->flags & NSP_IFA_F_SECONDARY);
    uint32_t mask = ipv4_prefix_mask(o->plen), prefix = o->local & mask;
    uint8_t plen = o->plen;
    addr_remove_at(d, i);
    bool promote = d->promote_secondaries || d->ns->all_promote_secondaries;
    for (guint j = 0; primary && j < d->addrs->len;) {
      nsp_addr *s = &g_array_index(d->addrs, nsp_addr, j);
      if (!(s->flags & NSP_IFA_F_SECONDARY) || s->plen != plen || (s->local & mask) != prefix) {
        j++;
      } else if (promote) {
        nsp_addr p = *s;
        p.flags &= ~(unsigned)NSP_IFA_F_SECONDARY;
        g_array_remove_index(d->addrs, j);
        g_array_insert_val(d->addrs, addr_primary_end(d), p);
        break;
      } else {
        addr_remove_at(d, j);
      }
    }
    if (d->addrs->len == 0) {
      sim_iface_routes_flush(d);
      sim_neigh_ifdown(d, false);
    }
    sim_iface_addr_sync_routes(d);
    return true;
  }
  nsp_status_set(st, EADDRNOTAVAIL, "ipv4: Address not found");
  return false;
}

nsp_addr *sim_be_addr_list(nsp_backend *b, const char *nsname, size_t *n) {
  sim_netns *ns = sim_be_ns(b, nsname);
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_addr));
  for (guint i = 0; i < ns->ifaces->len; i++) {
    sim_iface *d = g_ptr_array_index(ns->ifaces, i);
    for (guint j = 0; j < d->addrs->len; j++) {
      nsp_addr a = g_array_index(d->addrs, nsp_addr, j);
      a.ifindex = d->ifindex;
      g_array_append_val(out, a);
    }
  }
  *n = out->len;
  return (nsp_addr *)g_array_free(out, FALSE);
}
