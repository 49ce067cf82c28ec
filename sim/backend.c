/* The simulation's implementation of the backend table.  Each operation
 * reproduces the kernel's answer, errno and extack message included
 * (net/core/rtnetlink.c, net/ipv4/devinet.c, fib_frontend.c, fib_semantics.c). */
#include <errno.h>
#include <string.h>

#include "proto/inet.h"
#include "sim/backend_priv.h"
#include "sim/world.h"

sim_netns *sim_be_ns(nsp_backend *b, const char *ns) { return sim_world_netns_find(W(b), ns); }
#define be_ns sim_be_ns

static bool be_netns_add(nsp_backend *b, const char *name, nsp_status *st) {
  if (be_ns(b, name)) {
    nsp_status_set(st, EEXIST, NULL);
    return false;
  }
  /* user.max_net_namespaces: past it unshare(CLONE_NEWNET) fails with
   * ENOSPC (kernel/ucount.c inc_ucount(); seen on the kernel with the limit
   * lowered in a user namespace).  The scenario's root counts, as nspath's
   * private root namespace does with --real. */
  if (W(b)->netns->len >= SIM_MAX_NETNS) {
    nsp_status_set(st, ENOSPC, NULL);
    return false;
  }
  sim_world_netns_add(W(b), name);
  return true;
}

static bool be_netns_del(nsp_backend *b, const char *name, nsp_status *st) {
  sim_netns *ns = be_ns(b, name);
  if (!ns) {
    nsp_status_set(st, ENOENT, NULL);
    return false;
  }
  sim_world_netns_del(W(b), ns);
  return true;
}

static bool be_netns_exists(nsp_backend *b, const char *name) { return be_ns(b, name) != NULL; }

static char **be_netns_list(nsp_backend *b) {
  GPtrArray *names = g_ptr_array_new();
  for (guint i = W(b)->netns->len; i-- > 1;)
    g_ptr_array_add(names, g_strdup(((sim_netns *)g_ptr_array_index(W(b)->netns, i))->name));
  g_ptr_array_add(names, NULL);
  return (char **)g_ptr_array_free(names, FALSE);
}

static int be_netns_id(nsp_backend *b, const char *name) {
  sim_netns *ns = be_ns(b, name);
  return ns ? ns->nsid_in_root : -1;
}

static bool be_link_name_taken(sim_netns *ns, const char *name, nsp_status *st) {
  if (!sim_netns_iface_by_name(ns, name)) return false;
  nsp_status_set(st, EEXIST, NULL);
  return true;
}

static bool be_link_add_veth(nsp_backend *b, const char *nsname, const char *name,
                             const char *peer, nsp_status *st) {
  sim_netns *ns = be_ns(b, nsname);
  if (be_link_name_taken(ns, name, st) || be_link_name_taken(ns, peer, st)) return false;
  if (strcmp(name, peer) == 0) {
    nsp_status_set(st, EEXIST, NULL);
    return false;
  }
  /* veth_newlink() registers the peer first */
  sim_iface *p = sim_iface_new(ns, peer, NSP_LINK_VETH);
  sim_iface *d = sim_iface_new(ns, name, NSP_LINK_VETH);
  d->peer = p;
  p->peer = d;
  sim_link *l = g_new0(sim_link, 1);
  g_strlcpy(l->a_name, name, sizeof l->a_name);
  g_strlcpy(l->b_name, peer, sizeof l->b_name);
  l->end[0] = d;
  l->end[1] = p;
  d->link = p->link = l;
  g_ptr_array_add(W(b)->links, l);
  sim_link_open_capture(W(b), l);
  return true;
}

sim_iface *sim_be_dev(nsp_backend *b, const char *nsname, int ifindex, nsp_status *st) {
  sim_iface *d = sim_netns_iface_by_index(be_ns(b, nsname), ifindex);
  if (!d) nsp_status_set(st, ENODEV, NULL);
  return d;
}

static bool be_link_del(nsp_backend *b, const char *nsname, int ifindex, nsp_status *st) {
  sim_iface *d = sim_be_dev(b, nsname, ifindex, st);
  if (!d) return false;
  if (d->kind == NSP_LINK_LOOPBACK) {
    nsp_status_set(st, EOPNOTSUPP, NULL);
    return false;
  }
  if (d->peer) sim_iface_free(d->peer);
  sim_iface_free(d);
  return true;
}

/* The kernel gives a namespace an id in another when a link there must name
 * it (peernet2id_alloc() from rtnl_fill_link_netnsid()). */
static void be_nsid_assign(sim_world *w, sim_netns *ns) {
  if (ns->name && ns->nsid_in_root < 0) ns->nsid_in_root = sim_world_nsid_alloc(w);
}

static bool be_link_set_netns(nsp_backend *b, const char *nsname, int ifindex, const char *to,
                              nsp_status *st) {
  sim_iface *d = sim_be_dev(b, nsname, ifindex, st);
  sim_netns *dst = be_ns(b, to);
  if (!d) return false;
  if (!dst) {
    nsp_status_set(st, ENOENT, NULL);
    return false;
  }
  if (d->ns == dst) return true;
  if (d->kind == NSP_LINK_LOOPBACK) {
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  if (sim_netns_iface_by_name(dst, d->name)) {
    /* __dev_change_net_namespace()'s extack on the kernel here (6.18; 6.1
     * sent none), seen by the differential fuzzer (tests/difffuzz) */
    nsp_status_set(st, EEXIST, "An interface with the same name exists in the target netns");
    return false;
  }
  sim_iface_detach(d);
  sim_iface_attach(d, dst);
  if (d->peer) {
    be_nsid_assign(W(b), dst);
    be_nsid_assign(W(b), d->peer->ns);
  }
  return true;
}

static bool be_link_set_up(nsp_backend *b, const char *nsname, int ifindex, bool up,
                           nsp_status *st) {
  sim_iface *d = sim_be_dev(b, nsname, ifindex, st);
  if (!d) return false;
  sim_iface_set_up(d, up);
  return true;
}

static bool be_link_set_mac(nsp_backend *b, const char *nsname, int ifindex,
                            const ether_addr *mac, nsp_status *st) {
  sim_iface *d = sim_be_dev(b, nsname, ifindex, st);
  if (!d) return false;
  /* eth_prepare_mac_addr_change(): "Cannot assign requested address" */
  if (d->kind == NSP_LINK_LOOPBACK || ether_addr_is_multicast(mac) ||
      ether_addr_eq(mac, &ETHER_ADDR_ZERO)) {
    nsp_status_set(st, EADDRNOTAVAIL, NULL);
    return false;
  }
  /* NETDEV_CHANGEADDR -> arp_netdev_event() -> neigh_changeaddr(): the
   * device's neighbours are flushed and resolved again */
  if (!ether_addr_eq(mac, &d->mac)) sim_neigh_flush_dev(d);
  d->mac = *mac;
  return true;
}

static void be_link_fill(const sim_iface *d, nsp_link *l) {
  memset(l, 0, sizeof *l);
  l->ifindex = d->ifindex;
  g_strlcpy(l->name, d->name, sizeof l->name);
  l->kind = d->kind;
  l->flags = (d->up ? NSP_IFF_UP : 0) | (sim_iface_carrier(d) ? NSP_IFF_LOWER_UP : 0);
  l->flags |= d->kind == NSP_LINK_LOOPBACK ? NSP_IFF_LOOPBACK : NSP_IFF_BROADCAST | NSP_IFF_MULTICAST;
  l->carrier = sim_iface_carrier(d);
  l->mtu = d->mtu;
  l->mac = d->mac;
  l->peer_nsid = -1;
  l->qdisc_noqueue = d->ever_up;
  l->oper_lowerdown = d->oper_lowerdown;
  l->inet6_lo = d->kind == NSP_LINK_LOOPBACK && d->up;
  l->inet6_ll = d->ll6;
  l->inet6_ll_tentative = d->ll6 && d->ns->w->now < d->ll6_dad_done;
  if (d->peer) {
    l->peer_ifindex = d->peer->ifindex;
    if (d->peer->ns == d->ns) {
      g_strlcpy(l->peer_name, d->peer->name, sizeof l->peer_name);
    } else {
      l->peer_nsid = d->peer->ns->nsid_in_root >= 0 ? d->peer->ns->nsid_in_root : 0;
      g_strlcpy(l->peer_ns, d->peer->ns->name ? d->peer->ns->name : "", sizeof l->peer_ns);
    }
  }
}

static int be_link_index(nsp_backend *b, const char *nsname, const char *name) {
  sim_iface *d = sim_netns_iface_by_name(be_ns(b, nsname), name);
  return d ? d->ifindex : 0;
}

static nsp_link *be_link_list(nsp_backend *b, const char *nsname, size_t *n) {
  sim_netns *ns = be_ns(b, nsname);
  nsp_link *out = g_new0(nsp_link, ns->ifaces->len + 1);
  for (guint i = 0; i < ns->ifaces->len; i++) be_link_fill(g_ptr_array_index(ns->ifaces, i), &out[i]);
  *n = ns->ifaces->len;
  return out;
}

/* The MIB counters the simulation keeps, under nstat's names. */
static nsp_counter *be_counters_read(nsp_backend *b, const char *nsname, size_t *n) {
  const sim_counters *c = &be_ns(b, nsname)->cnt;
  const struct {
    const char *name;
    uint64_t v;
  } t[] = {{"IpInReceives", c->ip_in_receives},     {"IpInHdrErrors", c->ip_in_hdr_errors},
           {"IpInAddrErrors", c->ip_in_addr_errors}, {"IpForwDatagrams", c->ip_forw_datagrams},
           {"IpInDelivers", c->ip_in_delivers},     {"IpOutRequests", c->ip_out_requests},
           {"IpOutNoRoutes", c->ip_out_no_routes},  {"IcmpInMsgs", c->icmp_in_msgs},
           {"IcmpOutMsgs", c->icmp_out_msgs},       {"IpExtInNoRoutes", c->ip_in_no_routes},
           {"UdpInDatagrams", c->udp_in_datagrams}, {"UdpNoPorts", c->udp_no_ports},
           {"UdpInErrors", c->udp_in_errors},       {"UdpOutDatagrams", c->udp_out_datagrams},
           {"UdpRcvbufErrors", c->udp_rcvbuf_errors},
           {"TcpActiveOpens", c->tcp_active_opens}, {"TcpPassiveOpens", c->tcp_passive_opens},
           {"TcpInSegs", c->tcp_in_segs},           {"TcpOutSegs", c->tcp_out_segs},
           {"TcpOutRsts", c->tcp_out_rsts},         {"TcpInErrs", c->tcp_in_errs},
           {"TcpExtListenDrops", c->tcp_listen_drops}};
  nsp_counter *out = g_new0(nsp_counter, G_N_ELEMENTS(t));
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    g_strlcpy(out[i].name, t[i].name, sizeof out[i].name);
    out[i].value = t[i].v;
  }
  *n = G_N_ELEMENTS(t);
  return out;
}

static nsp_probe *be_probe_open(nsp_backend *b, const char *ns, const nsp_probe_cfg *cfg,
                                nsp_status *st) {
  return (nsp_probe *)sim_sock_open(be_ns(b, ns), cfg, st);
}
static bool be_probe_connect(nsp_probe *p, uint32_t *src, nsp_status *st) {
  return sim_sock_connect((sim_sock *)p, src, st);
}
static bool be_probe_send(nsp_probe *p, uint16_t seq, size_t size, nsp_status *st) {
  return sim_sock_send((sim_sock *)p, seq, size, st);
}
static void be_probe_wait(nsp_probe *p, uint64_t deadline, nsp_probe_event *ev) {
  sim_sock_wait((sim_sock *)p, deadline, ev);
}
static void be_probe_close(nsp_probe *p) { sim_sock_close((sim_sock *)p); }
static uint64_t be_clock_now(nsp_backend *b) { return W(b)->now; }
static void be_clock_advance(nsp_backend *b, uint64_t ns) { sim_world_run_until(W(b), W(b)->now + ns); }
static uint16_t be_random_u16(nsp_backend *b) { return (uint16_t)sim_world_rand(W(b)); }
static void be_destroy(nsp_backend *b) { sim_world_free(W(b)); }

const nsp_backend_ops sim_backend_ops = {
    .netns_add = be_netns_add,
    .netns_del = be_netns_del,
    .netns_exists = be_netns_exists,
    .netns_list = be_netns_list,
    .netns_id = be_netns_id,
    .link_add_veth = be_link_add_veth,
    .link_index = be_link_index,
    .link_del = be_link_del,
    .link_set_netns = be_link_set_netns,
    .link_set_up = be_link_set_up,
    .link_set_mac = be_link_set_mac,
    .link_list = be_link_list,
    .addr_add = sim_be_addr_add,
    .addr_del = sim_be_addr_del,
    .addr_list = sim_be_addr_list,
    .route_add = sim_be_route_add,
    .route_del = sim_be_route_del,
    .route_list = sim_be_route_list,
    .route_get = sim_be_route_get,
    .rule_add = sim_be_rule_add,
    .rule_del = sim_be_rule_del,
    .rule_list = sim_be_rule_list,
    .nexthop_add = sim_be_nexthop_add,
    .nexthop_del = sim_be_nexthop_del,
    .nexthop_list = sim_be_nexthop_list,
    .neigh_list = sim_be_neigh_list,
    .sysctl_get = sim_be_sysctl_get,
    .sysctl_set = sim_be_sysctl_set,
    .counters_read = be_counters_read,
    .probe_open = be_probe_open,
    .probe_connect = be_probe_connect,
    .probe_send = be_probe_send,
    .probe_wait = be_probe_wait,
    .probe_close = be_probe_close,
    SIM_BE_SOCK_OPS,
    .clock_now = be_clock_now,
    .clock_advance = be_clock_advance,
    .random_u16 = be_random_u16,
    .destroy = be_destroy,
};
