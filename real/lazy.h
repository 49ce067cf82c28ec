/* Veth pairs made late, in one request, where they end up.
 *
 * Moving a device to another namespace costs the kernel an rcu_barrier()
 * (dev_change_net_namespace() in net/core/dev.c): 15-25 ms here, twice per
 * pair in the textbook's "ip link add … peer …; ip link set … netns …"
 * steps.  So `ip link add` only records the pair; moves and `up`s of its
 * ends are recorded too, and once both ends are up the pair is created with
 * each end already in its namespace (IFLA_NET_NS_FD on both ends of one
 * RTM_NEWLINK) and brought up.  Nothing can tell: between those lines
 * nothing looked at the links.
 *
 * Anything else the scenario does (a show, an address, a route, a ping, …)
 * first makes every recorded pair the textbook's way: created where
 * `ip link add` ran, moved, set up in the order given.  That matters: a
 * veth whose peer was never up shows `state LOWERLAYERDOWN` when made in
 * one namespace and moved, but `state DOWN` when made apart:
 * default_operstate() in net/core/link_watch.c looks the peer up by index
 * in the device's own namespace when the creation's link-watch event runs
 * (iproute2's RTM_GETLINK before the move runs it, linkwatch_sync_dev()),
 * and nothing recomputes it until the carrier changes.
 *
 * Every veth end gets its ifindex from us (the kernel takes ifi_index), so
 * a recorded end already has its final index and `ip link` orders the
 * links as the create-and-move path would. */
#ifndef REAL_LAZY_H
#define REAL_LAZY_H

#include "real/world_priv.h"

typedef struct real_lazy_pair real_lazy_pair;

/* `ip link add NAME type veth peer name PEER` in ns: recorded; EEXIST when
 * a name is taken there (by a link or a recorded end). */
bool real_lazy_add(real_world *w, real_netns *ns, const char *name, const char *peer,
                   nsp_status *st);
/* The index of NAME in ns among the recorded ends, 0 when none. */
int real_lazy_index(real_world *w, real_netns *ns, const char *name);
/* `ip link set` of a recorded end: true when handled here (for a move, *ok
 * is the result), false when the caller must ask the kernel (ifindex is not
 * a recorded end of ns, or the pairs were just made: see real_lazy_flush). */
bool real_lazy_set_netns(real_world *w, real_netns *ns, int ifindex, real_netns *to, bool *ok,
                         nsp_status *st);
/* The same for `ip link set up`: when it makes the pair and a request
 * fails, *ok is false and st says why (the line that made it reports it). */
bool real_lazy_set_up(real_world *w, real_netns *ns, int ifindex, bool up, bool *ok,
                      nsp_status *st);
/* The index the kernel gives the next device made in ns (a recorded end,
 * a bridge): the namespace's cyclic allocation, as if every recorded end
 * were there already. */
int real_ifindex_alloc(real_world *w, real_netns *ns);
/* Makes every recorded pair the textbook's way (see above). */
void real_lazy_flush(real_world *w);
void real_lazy_free(real_world *w);

#endif
