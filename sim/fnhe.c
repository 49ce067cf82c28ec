/* Next-hop exceptions (net/ipv4/route.c): what a honoured redirect leaves
 * in the FIB.  The kernel hangs a small hash off each next hop (struct
 * fib_nh_common's nhc_exceptions); here one array per namespace keyed by
 * the next hop's device and gateway and the destination, which is the same
 * key as long as one next hop has one (device, gateway) pair.  A few
 * entries at most: a linear walk, no allocation on the packet path. */
#include <string.h>

#include "sim/redirect.h"

#define NS_PER_CLOCK_T 10000000ULL /* USER_HZ 100: rta_expires' unit */

static sim_redirect *fnhe_state(sim_netns *ns) {
  if (!ns->rdr) {
    ns->rdr = g_new0(sim_redirect, 1);
    ns->rdr->fnhes = g_array_new(FALSE, FALSE, sizeof(sim_fnhe));
  }
  return ns->rdr;
}

static int fnhe_index(sim_netns *ns, int oif, uint32_t nh_gw, uint32_t daddr) {
  if (!ns->rdr) return -1;
  GArray *a = ns->rdr->fnhes;
  for (guint i = 0; i < a->len; i++) {
    const sim_fnhe *e = &g_array_index(a, sim_fnhe, i);
    if (e->oif == oif && e->nh_gw == nh_gw && e->daddr == daddr) return (int)i;
  }
  return -1;
}

const sim_fnhe *sim_fnhe_find(sim_netns *ns, int oif, uint32_t nh_gw, uint32_t daddr) {
  int i = fnhe_index(ns, oif, nh_gw, daddr);
  return i < 0 ? NULL : &g_array_index(ns->rdr->fnhes, sim_fnhe, i);
}

/* update_or_create_fnhe(): a new exception starts in the current
 * generation, an existing one takes the new gateway and expiry */
void sim_fnhe_update(sim_netns *ns, int oif, uint32_t nh_gw, uint32_t daddr, uint32_t gw,
                     uint64_t expires) {
  sim_redirect *r = fnhe_state(ns);
  int i = fnhe_index(ns, oif, nh_gw, daddr);
  if (i < 0) {
    sim_fnhe e = {.oif = oif, .nh_gw = nh_gw, .daddr = daddr, .genid = r->genid};
    g_array_append_val(r->fnhes, e);
    i = (int)r->fnhes->len - 1;
  }
  sim_fnhe *e = &g_array_index(r->fnhes, sim_fnhe, i);
  e->gw = gw;
  e->expires = expires;
}

void sim_fnhe_flush_cache(sim_netns *ns) {
  if (ns->rdr) ns->rdr->genid++;
}

/* find_exception() deletes an expired exception it meets (ip_del_fnhe());
 * rt_bind_exception() resets one of an older generation: no gateway, no
 * expiry, but still there and bound, so `ip route show cache` lists the
 * plain route (as the kernel does after `ip route flush cache` and a
 * lookup). */
void sim_fnhe_apply(sim_netns *ns, uint32_t daddr, sim_rt_result *res) {
  if (!ns->rdr || !ns->rdr->fnhes->len || !res->dev || !res->rt) return;
  uint32_t nh_gw = res->gateway ? res->nexthop : 0;
  int i = fnhe_index(ns, res->dev->ifindex, nh_gw, daddr);
  if (i < 0) return;
  sim_fnhe *e = &g_array_index(ns->rdr->fnhes, sim_fnhe, i);
  if (e->expires && ns->w->now > e->expires) {
    g_array_remove_index(ns->rdr->fnhes, (guint)i);
    return;
  }
  if (e->genid != ns->rdr->genid) {
    e->genid = ns->rdr->genid;
    e->gw = 0;
    e->expires = 0;
  }
  e->bound = true;
  /* fill_route_from_fnhe() */
  if (e->gw) {
    res->nexthop = e->gw;
    res->gateway = true;
    res->flags |= NSP_RTCF_REDIRECTED;
  }
  res->expires = e->expires;
}

/* rt_fill_info() without a flow: destination, gateway, device, the cache
 * flags and the time left (jiffies_to_clock_t()) */
nsp_route_get *sim_fnhe_list(sim_netns *ns, size_t *n) {
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_route_get));
  for (guint i = 0; ns->rdr && i < ns->rdr->fnhes->len; i++) {
    const sim_fnhe *e = &g_array_index(ns->rdr->fnhes, sim_fnhe, i);
    if (e->genid != ns->rdr->genid || !e->bound) continue;
    if (e->expires && ns->w->now > e->expires) continue;
    nsp_route_get g = {.type = NSP_RTN_UNICAST, .table = NSP_RT_TABLE_MAIN, .dst = e->daddr,
                       .oif = e->oif, .gw = e->gw ? e->gw : (e->nh_gw ? e->nh_gw : e->daddr)};
    if (e->gw) g.flags |= NSP_RTCF_REDIRECTED;
    if (e->expires) g.expires = (uint32_t)((e->expires - ns->w->now) / NS_PER_CLOCK_T);
    g_array_append_val(out, g);
  }
  *n = out->len;
  return (nsp_route_get *)g_array_free(out, FALSE);
}

void sim_fnhe_forget(sim_netns *ns, int oif) {
  for (guint i = 0; ns->rdr && i < ns->rdr->fnhes->len;) {
    if (g_array_index(ns->rdr->fnhes, sim_fnhe, i).oif == oif) g_array_remove_index(ns->rdr->fnhes, i);
    else i++;
  }
}
