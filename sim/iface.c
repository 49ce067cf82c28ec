/* Interfaces: loopback, veth ends and bridges, admin and carrier state,
 * and the kernel-generated routes that follow addresses and link state
 * (net/ipv4/fib_frontend.c: fib_add_ifaddr, fib_disable_ip, fib_sync_*). */
#include <string.h>

#include "proto/inet.h"
#include "sim/nexthop.h"
#include "sim/bridge.h"
#include "sim/sim.h"

#define SIM_BASE_REACHABLE_NS (30ULL * 1000000000ULL)

static void iface_random_mac(sim_world *w, ether_addr *mac) {
  uint64_t r = sim_world_rand(w);
  for (int i = 0; i < ETHER_ADDR_LEN; i++) mac->b[i] = (uint8_t)(r >> (8 * i));
  mac->b[0] = (uint8_t)((mac->b[0] & 0xfe) | 0x02); /* eth_random_addr(): local, unicast */
}

sim_iface *sim_iface_new(sim_netns *ns, const char *name, nsp_link_kind kind) {
  sim_world *w = ns->w;
  sim_iface *dev = g_new0(sim_iface, 1);
  g_strlcpy(dev->name, name, sizeof dev->name);
  dev->kind = kind;
  dev->mtu = kind == NSP_LINK_LOOPBACK ? 65536 : 1500;
  if (kind != NSP_LINK_LOOPBACK) iface_random_mac(w, &dev->mac);
  dev->oper_lowerdown = true;
  dev->addrs = g_array_new(FALSE, FALSE, sizeof(nsp_addr));
  /* neigh_rand_reach_time() draws uniformly from [base/2, 3*base/2), so on
   * the kernel a REACHABLE entry lasts 15-45 s and a scenario longer than
   * 15 s has several possible captures; the model takes the middle, base
   * itself, which is also the textbook's recorded outcome. */
  dev->reachable_time = SIM_BASE_REACHABLE_NS;
  sim_addrconf_init(dev);
  sim_iface_attach(dev, ns);
  return dev;
}

static bool route_uses_dev(const sim_route *r, const void *ctx) {
  return r->oif == *(const int *)ctx;
}

/* fib_sync_down_dev() without force spares host-scope routes (their
 * nexthop scope is RT_SCOPE_NOWHERE): the local routes of the addresses
 * outlive an admin down, so 127.0.0.1 stays reachable on a downed lo. */
static bool route_dies_with_dev(const sim_route *r, const void *ctx) {
  return r->oif == *(const int *)ctx && r->scope != NSP_SCOPE_HOST;
}

static bool route_has_path_on(const sim_route *r, const void *ctx) {
  for (unsigned i = 0; i < r->npaths; i++)
    if (r->paths[i].oif == *(const int *)ctx) return true;
  return false;
}

static bool route_all_paths_dead(const sim_route *r, const void *ctx) {
  return r->npaths && (r->nh_flags & NSP_RTNH_F_DEAD);
}

/* unregister: a multipath route with a path through the device dies
 * whole (fib_sync_down_dev() with NETDEV_UNREGISTER), and so do the
 * nexthop objects on it */
static void iface_routes_flush(sim_iface *dev) {
  sim_tables_remove_if(dev->ns, route_uses_dev, &dev->ifindex);
  sim_tables_remove_if(dev->ns, route_has_path_on, &dev->ifindex);
  sim_nh_flush_dev(dev->ns, dev->ifindex);
}

/* admin down: a multipath route's paths through the device are dead and
 * linkdown, the route goes when all are; the nexthop objects on it go
 * (nexthop_flush_dev()) */
static void iface_routes_down(sim_iface *dev) {
  sim_tables_remove_if(dev->ns, route_dies_with_dev, &dev->ifindex);
  sim_tables_set_path_flags(dev->ns, dev->ifindex, NSP_RTNH_F_DEAD | NSP_RTNH_F_LINKDOWN, 0);
  sim_tables_remove_if(dev->ns, route_all_paths_dead, NULL);
  sim_nh_flush_dev(dev->ns, dev->ifindex);
}

void sim_iface_routes_flush(sim_iface *dev) { iface_routes_flush(dev); }

/* dev_index_reserve(): xa_alloc_cyclic() on the namespace's table, the
 * first free index from where the last allocation left off (net->ifindex);
 * an index a moved device brings along is taken as it is and does not
 * move that point -- a bridge made in a namespace after veths 2 and 4 were
 * moved in is 3 (recorded) */
static int iface_index_alloc(sim_netns *ns) {
  int idx = ns->next_ifindex;
  while (sim_netns_iface_by_index(ns, idx)) idx++;
  ns->next_ifindex = idx + 1;
  return idx;
}

int sim_iface_index_spend(sim_netns *ns) { return iface_index_alloc(ns); }

/* Into a namespace: keeps its ifindex if free there (dev_change_net_namespace). */
void sim_iface_attach(sim_iface *dev, sim_netns *ns) {
  dev->ns = ns;
  if (dev->kind == NSP_LINK_LOOPBACK) dev->ifindex = 1; /* LOOPBACK_IFINDEX */
  else if (!dev->ifindex || sim_netns_iface_by_index(ns, dev->ifindex)) dev->ifindex = iface_index_alloc(ns);
  /* conf/default is copied into a device's conf when it registers there */
  dev->forwarding = ns->default_forwarding;
  dev->promote_secondaries = ns->default_promote_secondaries;
  dev->disable_ipv6 = ns->default_disable_ipv6;
  dev->rp_filter = ns->default_rp_filter;
  dev->accept_local = ns->default_accept_local;
  dev->send_redirects = ns->default_send_redirects;
  dev->accept_redirects = ns->default_accept_redirects;
  dev->secure_redirects = ns->default_secure_redirects;
  dev->shared_media = ns->default_shared_media;
  dev->proxy_arp = ns->default_proxy_arp;
  dev->arp_ignore = ns->default_arp_ignore;
  dev->arp_announce = ns->default_arp_announce;
  dev->arp_filter = ns->default_arp_filter;
  guint i = 0;
  while (i < ns->ifaces->len &&
         ((sim_iface *)g_ptr_array_index(ns->ifaces, i))->ifindex < dev->ifindex)
    i++;
  g_ptr_array_insert(ns->ifaces, (gint)i, dev);
  sim_mc_register(dev); /* NETDEV_REGISTER: IPv6 joins all-nodes */
}

/* Out of its namespace: a move goes through unregister, which downs the
 * device and drops its addresses, routes and neighbours. */
void sim_iface_detach(sim_iface *dev) {
  sim_netns *ns = dev->ns;
  /* when the whole world goes, its tables go with it: removing each
   * device's routes first cost more than building them */
  if (!ns->w->dying) {
    if (dev->up) sim_iface_set_up(dev, false);
    iface_routes_flush(dev);
  }
  /* NETDEV_UNREGISTER: a port leaves its bridge (br_del_if()) */
  if (dev->bport) sim_bridge_del_port(dev->bport);
  sim_linkwatch_forget(dev);
  sim_addrconf_stop(dev);
  sim_mc_unregister(dev);
  sim_neigh_ifdown(dev, false);
  sim_capture_dev_gone(dev);
  g_array_set_size(dev->addrs, 0);
  g_ptr_array_remove(ns->ifaces, dev);
  dev->ns = NULL;
}

void sim_iface_free(sim_iface *dev) {
  if (dev->br) sim_bridge_free(dev->br); /* br_dev_delete(): its ports go free first */
  sim_iface_detach(dev);
  if (dev->peer) {
    sim_iface *peer = dev->peer;
    peer->peer = NULL;
    /* the survivor, if any, loses its carrier */
    if (!peer->ns->w->dying)
      sim_tables_set_nh_flags(peer->ns, peer->ifindex, NSP_RTNH_F_LINKDOWN, 0);
  }
  if (dev->link) {
    dev->link->dead = true;
    dev->link->end[dev->link->end[1] == dev] = NULL; /* its frames in flight are lost */
  }
  g_array_free(dev->addrs, TRUE);
  sim_arp_proxy_free(dev);
  if (dev->neighs) g_hash_table_destroy(dev->neighs);
  if (dev->caps) g_ptr_array_free(dev->caps, TRUE);
  if (dev->mc) g_array_free(dev->mc, TRUE);
  g_free(dev);
}

/* veth_open(): carrier only when both ends are up; a bridge's its own. */
bool sim_iface_carrier(const sim_iface *dev) {
  if (dev->kind == NSP_LINK_LOOPBACK) return dev->up;
  if (dev->br) return dev->up && dev->br->carrier;
  return dev->up && dev->peer && dev->peer->up;
}

/* A veth's events are urgent for linkwatch, so its operstate follows its
 * carrier at once; a bridge's waits for linkwatch (sim/linkwatch.c). */
bool sim_iface_oper_up(const sim_iface *dev) {
  if (!dev->up) return false;
  if (dev->br) return dev->operstate == NSP_OPER_UP || dev->operstate == NSP_OPER_UNKNOWN;
  return sim_iface_carrier(dev);
}

static void route_add_kernel(sim_fib *t, const sim_route *r) {
  sim_fib_insert(t, r, true); /* fib_magic: an identical entry stays as it is */
}

/* fib_magic() into local makes local, and with it main, its alias until the
 * first rule change (fib_new_table()) */
static void route_add_local(sim_iface *dev, const sim_route *r) {
  if (!dev->ns->custom_rules) dev->ns->main.made = true;
  route_add_kernel(&dev->ns->local, r);
}

/* fib_add_ifaddr(): the local route always; broadcast and prefix routes only
 * while the device is up; a secondary borrows its primary's source. */
static void iface_addr_routes_add(sim_iface *dev, const nsp_addr *a) {
  uint32_t mask = ipv4_prefix_mask(a->plen), prefix = a->local & mask;
  uint32_t src = a->local;
  if (a->flags & NSP_IFA_F_SECONDARY) {
    for (guint i = 0; i < dev->addrs->len; i++) {
      const nsp_addr *p = &g_array_index(dev->addrs, nsp_addr, i);
      if (!(p->flags & NSP_IFA_F_SECONDARY) && p->plen == a->plen && (p->local & mask) == prefix)
        src = p->local;
    }
  }
  sim_route r = {.table = NSP_RT_TABLE_LOCAL, .type = NSP_RTN_LOCAL, .protocol = NSP_RTPROT_KERNEL,
                 .scope = NSP_SCOPE_HOST, .dst = a->local, .plen = 32, .oif = dev->ifindex,
                 .prefsrc = src};
  route_add_local(dev, &r);
  if (!dev->up) return;
  unsigned lflags = sim_iface_carrier(dev) ? 0 : NSP_RTNH_F_LINKDOWN;
  if (a->brd && a->brd != 0xffffffffu) {
    sim_route b = r;
    b.type = NSP_RTN_BROADCAST, b.scope = NSP_SCOPE_LINK, b.dst = a->brd;
    route_add_local(dev, &b);
  }
  if (prefix && !(a->flags & NSP_IFA_F_SECONDARY) && (prefix != a->local || a->plen < 32)) {
    sim_route p = r;
    bool lo = dev->kind == NSP_LINK_LOOPBACK;
    p.table = lo ? NSP_RT_TABLE_LOCAL : NSP_RT_TABLE_MAIN;
    p.type = lo ? NSP_RTN_LOCAL : NSP_RTN_UNICAST;
    p.scope = lo ? NSP_SCOPE_HOST : NSP_SCOPE_LINK;
    p.dst = prefix, p.plen = a->plen, p.nh_flags = lflags;
    if (lo) route_add_local(dev, &p);
    else route_add_kernel(&dev->ns->main, &p);
    if (a->plen < 31) {
      sim_route b = r;
      b.type = NSP_RTN_BROADCAST, b.scope = NSP_SCOPE_LINK, b.dst = prefix | ~mask;
      b.nh_flags = lflags;
      route_add_local(dev, &b);
    }
  }
}

void sim_iface_addr_sync_routes(sim_iface *dev) {
  for (guint i = 0; i < dev->addrs->len; i++)
    iface_addr_routes_add(dev, &g_array_index(dev->addrs, nsp_addr, i));
}

/* addrconf: the link-local address comes with the first carrier after an
 * admin up and goes with the admin down; DAD waits a random part of
 * rtr_solicit_delay (1 s), then one probe and retrans_time (1 s). */
static void iface_ll6_update(sim_iface *dev) {
  if (!dev->up) {
    if (dev->ll6) sim_addrconf_stop(dev);
    dev->ll6 = false;
  } else if (!dev->ll6 && !dev->disable_ipv6 && sim_iface_oper_up(dev) &&
             dev->kind != NSP_LINK_LOOPBACK) {
    sim_world *w = dev->ns->w;
    dev->ll6 = true;
    dev->ll6_mac = dev->mac;
    dev->ll6_dad_done = w->now + 1000000000ULL + sim_world_rand(w) % 1000000000ULL;
    sim_mc_ll6(dev, true); /* the solicited-node group is joined before the first report */
    sim_addrconf_start(dev, dev->ll6_dad_done);
  }
  sim_mc_ll6(dev, dev->ll6);
}

/* dev_disable_change(): disabling IPv6 on a device runs addrconf_ifdown()
 * (the link-local address and its traffic go, and on an up device its
 * groups), enabling it runs what NETDEV_UP does for IPv6. */
void sim_iface_set_disable_ipv6(sim_iface *dev, int v) {
  bool was = dev->disable_ipv6 != 0;
  dev->disable_ipv6 = v;
  if (was == (v != 0)) return;
  if (v) {
    if (dev->ll6) sim_addrconf_stop(dev);
    dev->ll6 = false;
    sim_mc_ll6(dev, false);
    if (dev->up && dev->kind != NSP_LINK_LOOPBACK) sim_mc_v6_load(dev, false);
  } else if (dev->up) {
    if (dev->kind != NSP_LINK_LOOPBACK) sim_mc_v6_load(dev, true);
    iface_ll6_update(dev);
  }
}

/* NETDEV_CHANGE: routes, neighbours, IPv6 and a bridge port's state follow
 * the operational state */
static void iface_oper_changed(sim_iface *dev) {
  if (!dev->ns) return;
  iface_ll6_update(dev);
  if (dev->bport) sim_bridge_port_carrier(dev);
  if (!dev->up) return;
  bool c = sim_iface_carrier(dev);
  /* fib_sync_down_dev(NETDEV_CHANGE) / fib_sync_up(): linkdown, not dead */
  sim_tables_set_nh_flags(dev->ns, dev->ifindex, c ? 0 : NSP_RTNH_F_LINKDOWN,
                          c ? NSP_RTNH_F_LINKDOWN : 0);
  if (!c) sim_nh_flush_dev(dev->ns, dev->ifindex);
  if (!c) sim_neigh_ifdown(dev, true); /* neigh_carrier_down(): PERMANENT entries stay */
}

void sim_iface_oper_changed(sim_iface *dev) { iface_oper_changed(dev); }

void sim_iface_carrier_changed(sim_iface *dev) {
  if (!dev->ns) return;
  /* a veth's event is urgent and applied here; a bridge's waits */
  sim_linkwatch_event(dev);
  if (dev->kind != NSP_LINK_BRIDGE) iface_oper_changed(dev);
}

void sim_iface_mac_changed(sim_iface *dev, const ether_addr *mac) {
  if (ether_addr_eq(mac, &dev->mac)) return;
  /* NETDEV_CHANGEADDR -> arp_netdev_event() -> neigh_changeaddr(): the
   * device's neighbours are flushed, PERMANENT ones too, and resolved again */
  sim_neigh_flush_dev(dev, false);
  dev->mac = *mac;
  if (dev->bport) sim_bridge_port_mac_changed(dev);
}

static void lo_add_loopback_addr(sim_iface *lo) {
  for (guint i = 0; i < lo->addrs->len; i++)
    if (g_array_index(lo->addrs, nsp_addr, i).local == 0x7f000001u) return;
  nsp_addr a = {.ifindex = lo->ifindex, .local = 0x7f000001u, .plen = 8,
                .scope = NSP_SCOPE_HOST};
  g_strlcpy(a.label, lo->name, sizeof a.label);
  g_array_prepend_val(lo->addrs, a);
}

/* dev_open()/dev_close() with the inetdev and fib notifiers: up adds the
 * address routes back (and 127.0.0.1/8 to a loopback); down removes every
 * route through the device, static ones too, and its neighbours. */
void sim_iface_set_up(sim_iface *dev, bool up) {
  if (dev->up == up) return;
  if (!up && dev->br) sim_bridge_dev_down(dev); /* br_dev_stop(), before IFF_UP goes */
  dev->up = up;
  /* dev_activate() waits for a carrier; dev_deactivate() on close */
  dev->qdisc_active = up && dev->br && dev->br->carrier;
  if (up) dev->ever_up = true;
  if (up) {
    if (dev->kind == NSP_LINK_LOOPBACK) lo_add_loopback_addr(dev);
    sim_iface_addr_sync_routes(dev);
    /* fib_sync_up(RTNH_F_DEAD): a multipath route's dead paths through
     * the device live again (linkdown until its carrier comes) */
    sim_tables_set_path_flags(dev->ns, dev->ifindex, 0, NSP_RTNH_F_DEAD);
    sim_mc_open(dev);
  } else {
    iface_routes_down(dev);
    sim_neigh_ifdown(dev, false);
    sim_mc_close(dev);
  }
  /* br_dev_open(), or a port's NETDEV_UP / NETDEV_DOWN */
  if (up && dev->br) sim_bridge_dev_up(dev);
  else if (dev->bport && up) sim_bridge_dev_up(dev);
  else if (dev->bport) sim_bridge_dev_down(dev);
  /* rfc2863 operstate is computed at the peer's carrier-off event by
   * looking the peer's ifindex up in the device's own namespace
   * (default_operstate()): LOWERLAYERDOWN when the peer is beside it,
   * DOWN when it is elsewhere. */
  if (!up && dev->peer && dev->peer->ns && dev->peer->up)
    dev->peer->oper_lowerdown = dev->peer->ns == dev->ns;
  if (dev->peer && dev->peer->ns) sim_iface_carrier_changed(dev->peer);
  if (dev->kind == NSP_LINK_VETH) sim_iface_carrier_changed(dev);
  else iface_oper_changed(dev);
}
