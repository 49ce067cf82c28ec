/* Multipath: which path of a route with several nexthops a flow takes
 * (net/ipv4/route.c fib_multipath_hash(), net/ipv4/fib_semantics.c
 * fib_rebalance() and fib_select_multipath(), net/ipv4/nexthop.c
 * nh_hthr_group_rebalance() and nexthop_select_path_hthr()).
 *
 * The hash is the kernel's, bit for bit: siphash-2-4 over struct
 * flow_keys from its basic member on (48 bytes for IPv4), keyed by
 * net.ipv4.fib_multipath_hash_seed, or by a seed the kernel draws once per
 * boot when that is 0 -- the model draws its own from the world's seed,
 * so with the sysctl unset the model and a kernel choose differently (and
 * two kernels too).  Each path owns the hash range up to its upper bound
 * (the running sum of weights scaled to 2^31); the first path whose
 * bound covers the hash is taken, with the kernel's preference for a path
 * whose source address is the flow's. */
#ifndef SIM_MPATH_H
#define SIM_MPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"
#include "sim/route.h"

typedef struct sim_netns sim_netns;

/* The paths a route's lookup may choose among: a multipath route's own,
 * or those of the nexthop object (a group's members) it names. */
typedef struct {
  const nsp_nh_path *p;
  unsigned n;
  bool group;          /* a nexthop group: a path is good only while its
                          neighbour is (nexthop_is_good_nh()) */
  bool blackhole;      /* a blackhole nexthop object */
  uint8_t scope;       /* the route's scope: the paths' sources are chosen in it */
} sim_paths;

/* The flow keys fib_multipath_hash() fills (host order). */
typedef struct {
  uint32_t saddr, daddr;
  uint8_t proto;
  uint16_t sport, dport;
} sim_mp_keys;

/* siphash-2-4 of the keys as struct flow_keys lays them out, after
 * __flow_hash_consistentify() (the lower address and port first), with
 * the key (seed << 32 | seed) twice; never 0. */
uint32_t sim_mp_flow_hash(const sim_mp_keys *k, uint32_t seed);
/* fib_multipath_hash(): the namespace's policy applied to the flow (its
 * packet when it has one), >> 1. */
uint32_t sim_mp_hash(sim_netns *ns, const sim_flow *fl);
/* fib_select_multipath() / nexthop_select_path(): the index of the path
 * the hash picks, saddr (0: none) preferred; -1 when no path is alive. */
int sim_mp_select(sim_netns *ns, const sim_paths *ps, uint32_t hash, uint32_t saddr);
/* The paths of r (none: n = 0) -- its own, or its nexthop object's. */
void sim_route_paths(sim_netns *ns, const sim_route *r, sim_paths *ps);
/* fib_lookup_good_nhc(): alive (not dead, not linkdown when the device
 * ignores such routes) and, when oif is given, on it. */
bool sim_mp_path_usable(sim_netns *ns, const nsp_nh_path *p, int oif);
/* fib_table_lookup()'s choice before any hash: the first usable path. */
int sim_mp_first_usable(sim_netns *ns, const sim_paths *ps, int oif);
/* The source a path gives a flow (fib_info_update_nhc_saddr()). */
uint32_t sim_mp_path_saddr(sim_netns *ns, const nsp_nh_path *p, uint8_t scope);

#endif
