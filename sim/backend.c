/* The simulation's implementation of the backend table.  Each operation
 * reproduces the kernel's answer, errno and extack message included
 * (net/core/rtnetlink.c, net/ipv4/devinet.c, fib_frontend.c, fib_semantics.c). */
#include <errno.h>
#include <string.h>

#include "proto/inet.h"
#include "sim/backend_priv.h"
#include "sim/bridge.h"
#include "sim/netfilter.h"
#include "sim/world.h"

sim_netns *sim_be_ns(nsp_backend *b, const char *ns) { return sim_world_netns_find(W(b), ns); }
#define be_ns sim_be_ns

static bool be_netns_add(nsp_backend *b, const char *name, nsp_status *st) {
  if (be_ns(b, name)) {
    nsp_status_set(st, EEXIST, NULL);
    return false;
  }
  /* user.max_net_namespaces: past it unshare(CLONE_NEWNET) fails with
   * ENOSPC (kernel/ucount.c inc_ucount(); recorded on 6.18 with the limit
   * set to 3 in a user namespace: the namespace of `unshare -n` and two
   * `ip netns add` made, the third printed `Failed to create a new network
   * namespace "c": No space left on device`).  The scenario's root counts,
   * as nspath's private root namespace does with --real. */
  if (W(b)->netns->len >= (guint)W(b)->max_net_namespaces) {
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
  /* loopback and bridges are NETIF_F_NETNS_LOCAL (dev_change_net_namespace()) */
  if (d->kind == NSP_LINK_LOOPBACK || d->kind == NSP_LINK_BRIDGE) {
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
  d->mac_set = true; /* dev_set_mac_address(): NET_ADDR_SET */
  if (d->br) sim_bridge_set_mac(d->br, mac);
  else sim_iface_mac_changed(d, mac);
  return true;
}

static bool be_link_add_bridge(nsp_backend *b, const char *nsname, const char *name,
                               const nsp_bridge_cfg *cfg, nsp_status *st) {
  sim_netns *ns = be_ns(b, nsname);
  /* br_validate(), before rtnl_newlink() looks at the name: a multicast or
   * all-zero address is EADDRNOTAVAIL (found by tests/difffuzz) */
  if (cfg->has_mac && ((cfg->mac.b[0] & 1) || !memcmp(cfg->mac.b, "\0\0\0\0\0\0", 6))) {
    nsp_status_set(st, EADDRNOTAVAIL, NULL);
    return false;
  }
  if (be_link_name_taken(ns, name, st)) return false;
  /* br_dev_newlink(): the device is registered, then br_changelink() sets
   * the options in this order; a refusal unregisters it again, and the
   * index it had is spent (recorded: the next device gets the one after) */
  int err = 0;
  if (cfg->hello_time >= 0 && (cfg->hello_time < 100 || cfg->hello_time > 1000))
    err = ERANGE; /* br_set_hello_time(): BR_MIN/MAX_HELLO_TIME, 1..10 s */
  else if (cfg->max_age >= 0 && (cfg->max_age < 600 || cfg->max_age > 4000))
    err = ERANGE; /* br_set_max_age(): 6..40 s */
  else if (cfg->vlan_filtering >= 0)
    err = EOPNOTSUPP; /* this kernel is built without CONFIG_BRIDGE_VLAN_FILTERING (recorded) */
  if (err) {
    sim_iface_index_spend(ns);
    nsp_status_set(st, err, NULL);
    return false;
  }
  sim_bridge_new(ns, name, cfg);
  return true;
}

/* do_set_master(): off its old master, then into the new one */
static bool be_link_set_master(nsp_backend *b, const char *nsname, int ifindex, int master,
                               nsp_status *st) {
  sim_iface *d = sim_be_dev(b, nsname, ifindex, st);
  if (!d) return false;
  if (!master) {
    if (d->bport) sim_bridge_del_port(d->bport);
    return true;
  }
  sim_iface *m = sim_be_dev(b, nsname, master, st);
  if (!m) return false;
  if (!m->br) {
    nsp_status_set(st, EOPNOTSUPP, NULL); /* no ndo_add_slave */
    return false;
  }
  if (d == m) {
    nsp_status_set(st, ELOOP, "Can not enslave a bridge to a bridge");
    return false;
  }
  return sim_bridge_add_port(m->br, d, st);
}

/* rtnl_fdb_dump(): device after device, a port's entries in its bridge's
 * fdb first, then every device's own address list (ndo_dflt_fdb_dump():
 * dev->uc, which none has, then dev->mc) -- the bridge's own fdb entries
 * come after its list */
static void be_fdb_self(const sim_iface *d, GArray *out) {
  for (size_t i = 0; i < sim_mc_count(d); i++) {
    nsp_fdb e = {.mac = *sim_mc_at(d, i), .ifindex = d->ifindex, .state = NSP_NUD_PERMANENT,
                 .self = true};
    g_array_append_val(out, e);
  }
}

static nsp_fdb *be_fdb_list(nsp_backend *b, const char *nsname, size_t *n) {
  sim_netns *ns = be_ns(b, nsname);
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_fdb));
  for (guint i = 0; i < ns->ifaces->len; i++) {
    sim_iface *d = g_ptr_array_index(ns->ifaces, i);
    if (d->kind == NSP_LINK_LOOPBACK) continue; /* not ARPHRD_ETHER: nothing */
    if (d->bport) sim_fdb_dump(d->bport->br, d, out);
    be_fdb_self(d, out);
    if (d->br) sim_fdb_dump(d->br, d, out);
  }
  *n = out->len;
  return (nsp_fdb *)g_array_free(out, FALSE);
}

static void be_id(const ether_addr *a, uint16_t prio, nsp_bridge_id *id) {
  id->prio = prio;
  id->addr = *a;
}

/* The time left on a kernel timer, in centiseconds (br_timer_value()). */
static uint64_t be_timer_cs(const sim_timer *t, uint64_t now) {
  return sim_timer_pending(t) && t->expires > now ? (t->expires - now) / 10000000ULL : 0;
}

static void be_bridge_fill(const sim_bridge *br, nsp_bridge_info *i) {
  i->forward_delay = br->forward_delay_cs;
  i->hello_time = br->hello_time_cs;
  i->max_age = br->max_age_cs;
  i->ageing_time = br->ageing_time_cs;
  i->stp_state = (uint32_t)br->stp_state;
  i->priority = br->priority;
  be_id(&br->id_addr, br->priority, &i->bridge_id);
  i->designated_root = i->bridge_id;
  i->gc_timer = be_timer_cs(&br->fdb.gc, br->dev->ns->w->now);
}

static void be_bport_fill(const sim_bport *p, nsp_bport_info *i) {
  const sim_bridge *br = p->br;
  i->state = p->state;
  i->priority = p->priority;
  i->cost = p->path_cost;
  i->port_no = (uint16_t)p->port_no;
  i->port_id = (uint16_t)(p->priority << 10 | (p->port_no & 0x3ff)); /* br_make_port_id(): BR_PORT_BITS 10 */
  i->designated_port = i->port_id;
  be_id(&br->id_addr, br->priority, &i->designated_bridge);
  i->designated_root = i->designated_bridge;
  uint64_t now = br->dev->ns->w->now;
  i->forward_delay_timer = p->fdt_expires > now ? (p->fdt_expires - now) / 10000000ULL : 0;
}

/* What ip -d link shows of every device, as the kernel sets it up: a
 * loopback's MTU range is 0..0, a veth's and a bridge's 68..65535; a veth
 * has a queue per possible CPU (veth_get_num_queues(); 2 here, masked in
 * transcripts); a bridge's tso_max_size is GSO_LEGACY_MAX_SIZE until a port
 * comes or goes (br_set_gso_limits()). */
static void be_link_details(const sim_iface *d, nsp_link_details *x) {
  bool lo = d->kind == NSP_LINK_LOOPBACK;
  x->min_mtu = lo ? 0 : 68;
  x->max_mtu = lo ? 0 : 65535;
  x->num_tx_queues = x->num_rx_queues = d->kind == NSP_LINK_VETH ? 2 : 1;
  x->gso_max_size = x->gro_max_size = 65536;
  x->gso_max_segs = x->tso_max_segs = 65535;
  x->tso_max_size = d->br && !d->br->gso_limits_set ? 65536 : 524280;
  x->has_addrgenmode = true;
}

static void be_link_fill(const sim_iface *d, nsp_link *l) {
  memset(l, 0, sizeof *l);
  l->ifindex = d->ifindex;
  g_strlcpy(l->name, d->name, sizeof l->name);
  l->kind = d->kind;
  l->flags = (d->up ? NSP_IFF_UP : 0) | (sim_iface_carrier(d) ? NSP_IFF_LOWER_UP : 0);
  l->flags |= d->kind == NSP_LINK_LOOPBACK ? NSP_IFF_LOOPBACK : NSP_IFF_BROADCAST | NSP_IFF_MULTICAST;
  if (d->up && (d->kind == NSP_LINK_LOOPBACK || sim_iface_oper_up(d))) l->flags |= NSP_IFF_RUNNING;
  /* IFLA_OPERSTATE: DOWN while not running; a bridge's from linkwatch */
  l->operstate = !d->up ? NSP_OPER_DOWN
                 : d->kind == NSP_LINK_LOOPBACK ? NSP_OPER_UNKNOWN
                 : d->br ? d->operstate
                 : sim_iface_carrier(d) ? NSP_OPER_UP
                 : d->oper_lowerdown ? NSP_OPER_LOWERLAYERDOWN : NSP_OPER_DOWN;
  l->promiscuity = (unsigned)d->promisc;
  l->allmulti = (unsigned)d->allmulti;
  if (d->br) be_bridge_fill(d->br, &l->br);
  if (d->bport) {
    l->master_ifindex = d->bport->br->dev->ifindex;
    be_bport_fill(d->bport, &l->port);
  }
  be_link_details(d, &l->det);
  l->carrier = sim_iface_carrier(d);
  l->mtu = d->mtu;
  l->mac = d->mac;
  l->peer_nsid = -1;
  l->qdisc_noqueue = d->ever_up;
  l->oper_lowerdown = d->oper_lowerdown;
  l->inet6_lo = d->kind == NSP_LINK_LOOPBACK && d->up && !d->disable_ipv6;
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
static nsp_capture *be_capture_open(nsp_backend *b, const char *ns, const nsp_capture_cfg *cfg,
                                    nsp_status *st) {
  return (nsp_capture *)sim_capture_open(be_ns(b, ns), cfg, st);
}
static bool be_capture_next(nsp_capture *c, nsp_capture_frame *f) {
  return sim_capture_next((sim_capture *)c, f);
}
static void be_capture_stats(nsp_capture *c, nsp_capture_stats *s) {
  sim_capture_stats((sim_capture *)c, s);
}
static void be_capture_close(nsp_capture *c) { sim_capture_close((sim_capture *)c); }

/* The virtual clock runs, an instant at a time, until a socket or a
 * capture has something or the deadline comes. */
static bool be_wait_ready(const nsp_wait_set *ws) {
  for (size_t i = 0; i < ws->np; i++)
    if (sim_sock_ready((const sim_sock *)ws->probes[i])) return true;
  for (size_t i = 0; i < ws->nc; i++)
    if (sim_capture_ready((const sim_capture *)ws->caps[i])) return true;
  return ws->nfds && sim_be_sock_ready(ws->fds, ws->nfds) > 0;
}

static void be_wait_any(nsp_backend *b, const nsp_wait_set *ws, uint64_t deadline) {
  sim_world *w = W(b);
  for (;;) {
    if (be_wait_ready(ws)) return;
    uint64_t next;
    if (!sim_world_next_event(w, &next) || next > deadline) break;
    sim_world_run_until(w, next);
  }
  sim_world_run_until(w, deadline);
  if (ws->nfds) sim_be_sock_ready(ws->fds, ws->nfds);
}

/* iptables' tables (sim/netfilter.c); a namespace that is gone: ENOENT,
 * as `ip netns exec` would have failed before */
static nsp_nf_table *be_nf_table_get(nsp_backend *b, const char *ns, nsp_nf_table_id t,
                                     nsp_status *st) {
  sim_netns *n = be_ns(b, ns);
  if (!n) {
    nsp_status_set(st, ENOENT, NULL);
    return NULL;
  }
  return sim_nf_table_get(n, t);
}
/* conntrack -L and -F: a namespace where conntrack never ran has none */
static bool be_ct_list(nsp_backend *b, const char *ns, nsp_ct_entry **out, size_t *count,
                       nsp_status *st) {
  sim_netns *n = be_ns(b, ns);
  if (!n) {
    nsp_status_set(st, ENOENT, NULL);
    return false;
  }
  GArray *a = g_array_new(FALSE, TRUE, sizeof(nsp_ct_entry));
  if (n->nf && n->nf->ct) sim_ct_table_list(n->nf->ct, n->w->now, a);
  *count = a->len;
  *out = (nsp_ct_entry *)(void *)g_array_free(a, FALSE);
  return true;
}
static bool be_ct_flush(nsp_backend *b, const char *ns, nsp_status *st) {
  sim_netns *n = be_ns(b, ns);
  if (!n) {
    nsp_status_set(st, ENOENT, NULL);
    return false;
  }
  if (n->nf && n->nf->ct) sim_ct_table_flush(n->nf->ct);
  return true;
}
static bool be_nf_table_set(nsp_backend *b, const char *ns, const nsp_nf_table *t,
                            nsp_status *st) {
  sim_netns *n = be_ns(b, ns);
  if (!n) {
    nsp_status_set(st, ENOENT, NULL);
    return false;
  }
  sim_nf_table_set(n, t);
  return true;
}

static uint64_t be_clock_now(nsp_backend *b) { return W(b)->now; }
static void be_clock_advance(nsp_backend *b, uint64_t ns) { sim_world_run_until(W(b), W(b)->now + ns); }
static uint16_t be_random_u16(nsp_backend *b) { return (uint16_t)sim_world_rand(W(b)); }
static void be_destroy(nsp_backend *b) { sim_world_free(W(b)); }

/* Every operation that changes the world makes the cached input routes
 * stale (sim/rtcache.c), before it (what it sends on the way is routed
 * afresh) and after it. */
#define BE_FLUSHING(op, fn, params, args)                                                   \
  static bool flush_##op params {                                                          \
    sim_world_rt_flush(W(b));                                                              \
    bool ok = fn args;                                                                     \
    sim_world_rt_flush(W(b));                                                              \
    return ok;                                                                             \
  }
BE_FLUSHING(netns_add, be_netns_add,
            (nsp_backend *b, const char *name, nsp_status *st),
            (b, name, st))
BE_FLUSHING(netns_del, be_netns_del,
            (nsp_backend *b, const char *name, nsp_status *st),
            (b, name, st))
BE_FLUSHING(link_add_veth, be_link_add_veth,
            (nsp_backend *b, const char *ns, const char *name, const char *peer, nsp_status *st),
            (b, ns, name, peer, st))
BE_FLUSHING(link_del, be_link_del,
            (nsp_backend *b, const char *ns, int ifindex, nsp_status *st),
            (b, ns, ifindex, st))
BE_FLUSHING(link_add_bridge, be_link_add_bridge,
            (nsp_backend *b, const char *ns, const char *name, const nsp_bridge_cfg *cfg, nsp_status *st),
            (b, ns, name, cfg, st))
BE_FLUSHING(link_set_master, be_link_set_master,
            (nsp_backend *b, const char *ns, int ifindex, int master, nsp_status *st),
            (b, ns, ifindex, master, st))
BE_FLUSHING(link_set_netns, be_link_set_netns,
            (nsp_backend *b, const char *ns, int ifindex, const char *to, nsp_status *st),
            (b, ns, ifindex, to, st))
BE_FLUSHING(link_set_up, be_link_set_up,
            (nsp_backend *b, const char *ns, int ifindex, bool up, nsp_status *st),
            (b, ns, ifindex, up, st))
BE_FLUSHING(link_set_mac, be_link_set_mac,
            (nsp_backend *b, const char *ns, int ifindex, const ether_addr *mac, nsp_status *st),
            (b, ns, ifindex, mac, st))
BE_FLUSHING(addr_add, sim_be_addr_add,
            (nsp_backend *b, const char *ns, const nsp_addr *a, nsp_status *st),
            (b, ns, a, st))
BE_FLUSHING(addr_del, sim_be_addr_del,
            (nsp_backend *b, const char *ns, const nsp_addr *a, nsp_status *st),
            (b, ns, a, st))
BE_FLUSHING(route_add, sim_be_route_add,
            (nsp_backend *b, const char *ns, const nsp_route_req *rq, nsp_status *st),
            (b, ns, rq, st))
BE_FLUSHING(route_del, sim_be_route_del,
            (nsp_backend *b, const char *ns, const nsp_route_req *rq, nsp_status *st),
            (b, ns, rq, st))
BE_FLUSHING(rule_add, sim_be_rule_add,
            (nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st),
            (b, ns, r, st))
BE_FLUSHING(rule_del, sim_be_rule_del,
            (nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st),
            (b, ns, r, st))
BE_FLUSHING(nexthop_add, sim_be_nexthop_add,
            (nsp_backend *b, const char *ns, const nsp_nexthop *nh, unsigned nlflags, nsp_status *st),
            (b, ns, nh, nlflags, st))
BE_FLUSHING(nexthop_del, sim_be_nexthop_del,
            (nsp_backend *b, const char *ns, const nsp_nexthop *nh, nsp_status *st),
            (b, ns, nh, st))
BE_FLUSHING(neigh_modify, sim_be_neigh_modify,
            (nsp_backend *b, const char *ns, const nsp_neigh_req *rq, nsp_status *st),
            (b, ns, rq, st))
BE_FLUSHING(neigh_del, sim_be_neigh_del,
            (nsp_backend *b, const char *ns, const nsp_neigh_req *rq, nsp_status *st),
            (b, ns, rq, st))
BE_FLUSHING(sysctl_set, sim_be_sysctl_set,
            (nsp_backend *b, const char *ns, const char *key, const char *value, nsp_status *st),
            (b, ns, key, value, st))
BE_FLUSHING(nf_table_set, be_nf_table_set,
            (nsp_backend *b, const char *ns, const nsp_nf_table *t, nsp_status *st),
            (b, ns, t, st))

const nsp_backend_ops sim_backend_ops = {
    .netns_add = flush_netns_add,
    .netns_del = flush_netns_del,
    .netns_exists = be_netns_exists,
    .netns_list = be_netns_list,
    .netns_id = be_netns_id,
    .link_add_veth = flush_link_add_veth,
    .link_index = be_link_index,
    .link_del = flush_link_del,
    .link_add_bridge = flush_link_add_bridge,
    .link_set_master = flush_link_set_master,
    .fdb_list = be_fdb_list,
    .link_set_netns = flush_link_set_netns,
    .link_set_up = flush_link_set_up,
    .link_set_mac = flush_link_set_mac,
    .link_list = be_link_list,
    .addr_add = flush_addr_add,
    .addr_del = flush_addr_del,
    .addr_list = sim_be_addr_list,
    .route_add = flush_route_add,
    .route_del = flush_route_del,
    .route_list = sim_be_route_list,
    .route_get = sim_be_route_get,
    .route_cache_list = sim_be_route_cache_list,
    .rule_add = flush_rule_add,
    .rule_del = flush_rule_del,
    .rule_list = sim_be_rule_list,
    .nexthop_add = flush_nexthop_add,
    .nexthop_del = flush_nexthop_del,
    .nexthop_list = sim_be_nexthop_list,
    .neigh_list = sim_be_neigh_list,
    .neigh_modify = flush_neigh_modify,
    .neigh_del = flush_neigh_del,
    .sysctl_get = sim_be_sysctl_get,
    .sysctl_set = flush_sysctl_set,
    .counters_read = be_counters_read,
    .probe_open = be_probe_open,
    .probe_connect = be_probe_connect,
    .probe_send = be_probe_send,
    .probe_wait = be_probe_wait,
    .probe_close = be_probe_close,
    .capture_open = be_capture_open,
    .capture_next = be_capture_next,
    .capture_stats = be_capture_stats,
    .capture_close = be_capture_close,
    .wait_any = be_wait_any,
    .nf_table_get = be_nf_table_get,
    .ct_list = be_ct_list,
    .ct_flush = be_ct_flush,
    .nf_table_set = flush_nf_table_set,
    SIM_BE_SOCK_OPS,
    .clock_now = be_clock_now,
    .clock_advance = be_clock_advance,
    .random_u16 = be_random_u16,
    .destroy = be_destroy,
};
