/* The input route cache: what ip_route_input_slow() answered for a
 * (device, source, destination, TOS), kept per namespace so that a flow
 * forwarded packet after packet is routed once.  The kernel keeps such an
 * answer in the nexthop's cached input dst (rt_cache_valid(),
 * nhc_rth_input) and throws every one away by bumping the namespace's
 * generation (net/ipv4/route.c rt_cache_flush() -> rt_genid_bump_ipv4()):
 * fib_table_insert()/fib_table_delete(), fib rules, address and device
 * events (fib_frontend.c fib_inetaddr_event(), fib_netdev_event()) and the
 * devinet sysctls (devinet_conf_proc()) all call it.
 *
 * Here the generation is the world's, and it moves on every change that
 * could alter an answer rather than at each place that writes routing
 * state: every control operation of the backend (sim/backend*.c, which
 * every command, job and test goes through), every timer other than the
 * wire's (link watch, address lifetimes, nexthop and neighbour timers:
 * no packet-hop runs one), and every ICMP message delivered locally other
 * than echoes (redirects and "fragmentation needed" write exceptions).  A
 * forwarded packet changes nothing an answer depends on.
 *
 * Only answers that depend on nothing but the key are kept: no custom
 * rules (they can match marks, ports, protocols, UIDs), no path chosen by
 * the multipath hash (it reads ports, and inner headers of ICMP errors),
 * and no error (ip_error() rate-limits, counts and traces per packet). */
#include "sim/rtcache.h"

int sim_ip_route_input_cached(sim_iface *in, const sim_flow *fl, sim_rt_result *res) {
  sim_netns *ns = in->ns;
  uint64_t gen = ns->w->rt_genid;
  const sim_rt_result *hit = sim_rtcache_hit(in, fl->saddr, fl->daddr, fl->tos);
  if (hit) {
    *res = *hit;
    return 0;
  }
  int err = sim_ip_route_input(in, fl, res);
  if (err || ns->custom_rules || res->hashed) return err;
  if (!ns->rtc) ns->rtc = g_new0(struct sim_rtcache, 1); /* once, on the first packet routed */
  sim_rtc_entry *e = sim_rtc_slot(ns->rtc, in->ifindex, fl->saddr, fl->daddr);
  *e = (sim_rtc_entry){.gen = gen, .saddr = fl->saddr, .daddr = fl->daddr, .iif = in->ifindex,
                   .tos = fl->tos, .res = *res};
  return 0;
}

void sim_rtcache_free(sim_netns *ns) {
  g_free(ns->rtc);
  ns->rtc = NULL;
}
