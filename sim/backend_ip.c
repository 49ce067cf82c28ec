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
  sim_fib_remove_if(&d->ns->main, route_from_addr, &k);
  sim_fib_remove_if(&d->ns->local, route_from_addr, &k);
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

/* fib_check_nh_v4_gw(): the gateway must be reachable through a route of
 * scope link or host (a connected subnet or a local address), on the given
 * device if one was named; the device must be up. */
static bool route_gw_covers(const sim_route *c, const void *ctx) {
  int oif = *(const int *)ctx;
  return c->scope >= NSP_SCOPE_LINK && (!oif || c->oif == oif);
}

static bool route_check_gw(sim_netns *ns, nsp_route *r, nsp_status *st) {
  const sim_route *best = sim_fib_lookup_match(&ns->local, r->gw, route_gw_covers, &r->oif);
  if (!best) best = sim_fib_lookup_match(&ns->main, r->gw, route_gw_covers, &r->oif);
  /* no covering route: the failed fib_lookup()'s ENETUNREACH; one of another
   * type (a broadcast address): EINVAL -- the message is the same */
  if (!best) {
    nsp_status_set(st, ENETUNREACH, "Nexthop has invalid gateway");
    return false;
  }
  if (best->type != NSP_RTN_UNICAST && best->type != NSP_RTN_LOCAL) {
    nsp_status_set(st, EINVAL, "Nexthop has invalid gateway");
    return false;
  }
  r->oif = best->oif;
  /* fib_check_nh_v4_gw(): nh scope = the covering route's; a host-scope
   * (local) gateway is not used as such (rt_set_nexthop()) */
  if (best->type == NSP_RTN_LOCAL) r->nh_flags |= NSP_RTNH_F_GW_HOST;
  sim_iface *dev = sim_netns_iface_by_index(ns, r->oif);
  if (!dev || !dev->up) {
    nsp_status_set(st, ENETDOWN, "Nexthop device is not up");
    return false;
  }
  if (!sim_iface_carrier(dev)) r->nh_flags |= NSP_RTNH_F_LINKDOWN;
  return true;
}

static bool route_check_dev(sim_netns *ns, nsp_route *r, nsp_status *st) {
  sim_iface *dev = sim_netns_iface_by_index(ns, r->oif);
  if (!dev) {
    nsp_status_set(st, ENODEV, NULL);
    return false;
  }
  if (!dev->up) {
    nsp_status_set(st, ENETDOWN, "Nexthop device is not up");
    return false;
  }
  if (!sim_iface_carrier(dev)) r->nh_flags |= NSP_RTNH_F_LINKDOWN;
  return true;
}

bool sim_be_route_add(nsp_backend *b, const char *nsname, const nsp_route_req *rq,
                      nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  nsp_route r = rq->r;
  if (r.plen < 32 && (r.dst & ~ipv4_prefix_mask(r.plen))) {
    nsp_status_set(st, EINVAL, "Invalid prefix for given prefix length");
    return false;
  }
  if (r.type == NSP_RTN_UNICAST) {
    if (r.gw ? !route_check_gw(ns, &r, st) : !route_check_dev(ns, &r, st)) return false;
  }
  if (r.prefsrc && !sim_netns_addr_is_local(ns, r.prefsrc)) {
    nsp_status_set(st, EINVAL, "Invalid prefsrc address");
    return false;
  }
  sim_fib *t = r.table == NSP_RT_TABLE_LOCAL ? &ns->local : &ns->main;
  if (sim_fib_insert(t, &r, true) < 0) {
    nsp_status_set(st, EEXIST, NULL);
    return false;
  }
  return true;
}

bool sim_be_route_del(nsp_backend *b, const char *nsname, const nsp_route_req *rq,
                      nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  sim_fib *t = rq->r.table == NSP_RT_TABLE_LOCAL ? &ns->local : &ns->main;
  if (!sim_fib_delete(t, rq)) {
    nsp_status_set(st, ESRCH, NULL);
    return false;
  }
  return true;
}

nsp_route *sim_be_route_list(nsp_backend *b, const char *nsname, uint8_t table, size_t *n) {
  sim_netns *ns = sim_be_ns(b, nsname);
  const sim_fib *t = table == NSP_RT_TABLE_LOCAL ? &ns->local : &ns->main;
  *n = sim_fib_len(t);
  nsp_route *out = g_new0(nsp_route, *n + 1);
  sim_fib_iter it;
  sim_fib_iter_init(t, &it);
  for (size_t i = 0; i < *n; i++) out[i] = *sim_fib_iter_next(t, &it);
  return out;
}

bool sim_be_route_get(nsp_backend *b, const char *nsname, uint32_t dst, uint32_t src, int oif,
                      nsp_route_get *out, nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  memset(out, 0, sizeof *out);
  /* __ip_route_output_key(): a source that is not ours finds no route */
  if (src && !sim_netns_addr_is_local(ns, src)) {
    nsp_status_set(st, ENETUNREACH, NULL);
    return false;
  }
  sim_iface *dev = oif ? sim_netns_iface_by_index(ns, oif) : NULL;
  sim_rt_result res;
  if (!sim_ip_route_output(ns, dst, src, dev, &res)) {
    nsp_status_set(st, ENETUNREACH, NULL);
    return false;
  }
  out->type = res.type;
  out->dst = dst;
  out->gw = res.nexthop != dst ? res.nexthop : 0;
  out->oif = res.dev ? res.dev->ifindex : 0;
  out->src = res.src;
  out->has_src = res.src != 0;
  out->from = src;
  return true;
}
