/* Nexthop objects (net/ipv4/nexthop.c): `ip nexthop add id N via A dev D`,
 * blackholes and groups of them, which routes name by id (`nhid N`).  A
 * namespace keeps them sorted by id, the order of the dump.  An object
 * dies with its device's admin down or lost carrier (nexthop_flush_dev()),
 * leaves the groups that held it (an emptied group dies too), and takes
 * the routes that named it with it. */
#ifndef SIM_NEXTHOP_H
#define SIM_NEXTHOP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"
#include "sim/mpath.h"

typedef struct sim_netns sim_netns;

typedef struct {
  nsp_nexthop nh;      /* as the dump shows it; nh.group points to grp */
  nsp_nh_grp *grp;     /* a group's members (owned) */
  nsp_nh_path path;    /* a single nexthop's path (NSP_RTNH_F_GW_HOST: its
                          gateway is one of our addresses) */
  nsp_nh_path *paths;  /* a group's members' paths, in member order (owned) */
} sim_nh;

/* RTM_NEWNEXTHOP: rtm_to_nh_config() and nexthop_add() with the kernel's
 * checks and messages; nlflags as for routes (replace needs an id). */
bool sim_nh_add(sim_netns *ns, const nsp_nexthop *nh, unsigned nlflags, nsp_status *st);
/* RTM_DELNEXTHOP: remove_nexthop() */
bool sim_nh_del(sim_netns *ns, const nsp_nexthop *nh, nsp_status *st);
/* The dump, or the one object id names (ENOENT when none). */
nsp_nexthop *sim_nh_list(sim_netns *ns, uint32_t id, size_t *n, nsp_status *st);
sim_nh *sim_nh_find(sim_netns *ns, uint32_t id);
/* The paths a route naming id chooses among. */
void sim_nh_paths(sim_netns *ns, uint32_t id, sim_paths *ps);
/* nexthop_flush_dev(): the device went down or lost its carrier. */
void sim_nh_flush_dev(sim_netns *ns, int ifindex);
void sim_nh_free_all(sim_netns *ns);

#endif
