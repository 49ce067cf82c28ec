/* Source validation of a packet coming in (net/ipv4/fib_frontend.c
 * fib_validate_source(), __fib_validate_source()): a source that is one of
 * our own addresses is a martian unless accept_local, and with rp_filter
 * the route back to the source must leave by the device the packet came
 * in on (1, strict) or by any device (2, loose). */
#include <errno.h>

#include "sim/mpath.h"
#include "sim/sim.h"

#define LOOPBACK_IFINDEX 1

static int rpf_max(int a, int b) { return a > b ? a : b; }

/* inet_lookup_ifaddr_rcu(): an address configured on some device.  Without
 * local routes of the user's (the only caller's case) the local table holds
 * a /32 local route for each configured address and nothing else local but
 * 127/8, whose sources were refused as martians before: one lookup there
 * answers it, as quick as the kernel's hash and not a walk per packet. */
static bool rpf_addr_configured(sim_netns *ns, uint32_t a) {
  return sim_netns_addr_is_local(ns, a);
}

/* The nexthop's scope (fib_check_nh()): link for a gateway on a connected
 * subnet, host for a device route or a gateway that is one of ours,
 * nowhere for a local route */
static int rpf_nh_scope(const sim_route *r) {
  if (r->gw && !(r->nh_flags & NSP_RTNH_F_GW_HOST)) return NSP_SCOPE_LINK;
  if (r->type == NSP_RTN_LOCAL && r->scope == NSP_SCOPE_HOST) return NSP_SCOPE_NOWHERE;
  return NSP_SCOPE_HOST;
}

/* net/ipv4/fib_semantics.c fib_info_nh_uses_dev(): any path of a
 * multipath route or of its nexthop object counts (found by
 * tests/routediff) */
static bool rpf_uses_dev(sim_netns *ns, const sim_route *r, int ifindex) {
  if (!r->npaths && !r->nhid) return r->oif == ifindex;
  sim_paths ps;
  sim_route_paths(ns, r, &ps);
  for (unsigned i = 0; i < ps.n; i++)
    if (ps.p[i].oif == ifindex) return true;
  return false;
}

/* FIB_RES_NHC(res)->nhc_scope: of a route with paths, the path
 * fib_table_lookup() stopped at (the first alive one, on oif when the
 * flow names one): a gateway's is link, a device's host */
static int rpf_res_scope(sim_netns *ns, const sim_route *r, int oif) {
  if (!r->npaths && !r->nhid) return rpf_nh_scope(r);
  sim_paths ps;
  sim_route_paths(ns, r, &ps);
  int i = sim_mp_first_usable(ns, &ps, oif);
  if (i < 0) return NSP_SCOPE_HOST; /* a blackhole object: rejected before */
  const nsp_nh_path *p = &ps.p[i];
  return p->gw && !(p->flags & NSP_RTNH_F_GW_HOST) ? NSP_SCOPE_LINK : NSP_SCOPE_HOST;
}

static int rpf_full_check(sim_iface *dev, uint32_t src, uint32_t dst, uint8_t tos, int oif,
                          int rpf, bool accept_local) {
  sim_netns *ns = dev->ns;
  sim_flow fl = {.daddr = src, .saddr = dst, .iif = oif ? oif : LOOPBACK_IFINDEX, .tos = tos};
  sim_fib_res res;
  if (sim_fib_lookup_flow(ns, &fl, &res)) goto last_resort;
  if (res.rt->type != NSP_RTN_UNICAST && (res.rt->type != NSP_RTN_LOCAL || !accept_local))
    return -EINVAL;
  bool dev_match = rpf_uses_dev(ns, res.rt, dev->ifindex) ||
                   (res.rt->type == NSP_RTN_LOCAL && dev->kind == NSP_LINK_LOOPBACK);
  if (dev_match) return rpf_res_scope(ns, res.rt, 0) >= NSP_SCOPE_HOST;
  if (dev->addrs->len == 0) goto last_resort;
  if (rpf == 1) return -EXDEV;
  fl.oif = dev->ifindex;
  if (sim_fib_lookup_flow(ns, &fl, &res) == 0 && res.rt->type == NSP_RTN_UNICAST)
    return rpf_res_scope(ns, res.rt, fl.oif) >= NSP_SCOPE_HOST;
  return 0;
last_resort:
  return rpf ? -EXDEV : 0;
}

int sim_ip_validate_source(sim_iface *dev, uint32_t src, uint32_t dst, uint8_t tos, int oif) {
  sim_netns *ns = dev->ns;
  int rpf = rpf_max(ns->all_rp_filter, dev->rp_filter);
  bool accept_local = ns->all_accept_local || dev->accept_local;
  bool tx_redirects = ns->all_send_redirects || dev->send_redirects;
  if (rpf || (dev->ifindex == oif && tx_redirects))
    return rpf_full_check(dev, src, dst, tos, oif, rpf, accept_local);
  if (accept_local) return 0;
  /* "with custom local routes in place, checking local addresses only
   * will be too optimistic, with custom rules ... too strict" */
  if (ns->custom_local_routes || ns->custom_rules)
    return rpf_full_check(dev, src, dst, tos, oif, rpf, accept_local);
  return rpf_addr_configured(ns, src) ? -EINVAL : 0;
}
