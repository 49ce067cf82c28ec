/* The in-memory world: private structures shared by the sim/ modules.
 * A world owns namespaces, a namespace owns its interfaces, routing tables,
 * neighbour table, sysctls and counters.  Nothing lives at file scope: two
 * worlds in one process never notice each other. */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <glib.h>
#include <pcap/pcap.h>

#include "core/backend.h"
#include "proto/ipv4.h"
#include "sim/conntrack.h"
#include "sim/fib.h"
#include "sim/route.h"
#include "sim/timer.h"
#include "sim/trace.h"
#include "sim/wire.h"

/* user.max_net_namespaces at boot as the kernel computes it for a 32 GiB
 * machine: kernel/fork.c fork_init() sets every ucount limit of
 * init_user_ns to max_threads / 2, and set_max_threads() makes max_threads
 * the RAM over 8 thread stacks (THREAD_SIZE 16 KiB on x86-64), so RAM /
 * 256 KiB (this 24 GiB machine shows 96369).  A writable sysctl
 * (sim_world.max_net_namespaces, sim/sysctl.c); docs/manual.md "Limits". */
#define SIM_MAX_NETNS 131072

typedef struct sim_world sim_world;
typedef struct sim_netns sim_netns;
typedef struct sim_iface sim_iface;
typedef struct sim_link sim_link;
typedef struct sim_neigh sim_neigh;
typedef struct sim_sock sim_sock;
typedef struct sim_trace sim_trace;
typedef struct sim_pkt sim_pkt;
typedef struct sim_capture sim_capture;
typedef struct sim_bridge sim_bridge;
typedef struct sim_bport sim_bport;
typedef struct sim_pneigh sim_pneigh;

/* A packet buffer of the world's pool (pkt.c): an IPv4 packet waiting for
 * its neighbour. */
struct sim_pkt {
  sim_pkt *next;
  size_t len;
  uint8_t *data;           /* buf, or a block of its own when larger */
  uint8_t buf[1536];       /* a 1500-byte MTU frame and its Ethernet header */
};

typedef struct {
  sim_pkt *head, *tail;
} sim_pktq;

/* sim_drop, the drop reasons, lives with the trace that reports them. */

/* Snapshot of the MIB counters a namespace keeps (/proc/net/snmp names). */
typedef struct {
  uint64_t ip_in_receives, ip_in_hdr_errors, ip_in_addr_errors, ip_in_no_routes;
  uint64_t ip_forw_datagrams, ip_in_delivers, ip_out_requests, ip_out_no_routes;
  uint64_t icmp_in_msgs, icmp_out_msgs;
  uint64_t ip_reasm_reqds;   /* fragments taken into a reassembly queue (IpReasmReqds) */
  uint64_t arp_rcv;          /* ARP packets arp_process() consumed (no MIB counter) */
  uint64_t ip6_rcv;          /* IPv6 frames handed to the IPv6 stack, which the model does
                                not run beyond its own traffic (Ip6InReceives) */
  uint64_t udp_in_datagrams, udp_no_ports, udp_in_errors, udp_out_datagrams, udp_rcvbuf_errors;
  uint64_t tcp_active_opens, tcp_passive_opens, tcp_in_segs, tcp_out_segs, tcp_out_rsts,
      tcp_in_errs, tcp_listen_drops;
  uint64_t drops[SIM_DROP_MAX];
} sim_counters;

/* Neighbour entry (net/core/neighbour.c). */
struct sim_neigh {
  sim_iface *dev;
  uint32_t ip;
  ether_addr ha;
  unsigned state;        /* NSP_NUD_* */
  unsigned flags;        /* NSP_NTF_ROUTER */
  int probes;
  uint64_t confirmed, updated, used;
  sim_timer timer;
  sim_pktq queue;        /* IP packets waiting for resolution */
  size_t queue_bytes;
};

/* IPv6's own traffic of an interface (sim/addrconf.c): when each next
 * packet is due (0: none). */
#define SIM_AC_MLD 4
typedef struct {
  sim_timer timer;
  uint64_t mld_at[SIM_AC_MLD]; /* two reports while tentative, two after DAD */
  uint64_t ns_at, dad_at, rs_at, rs_interval;
} sim_addrconf;

struct sim_iface {
  sim_netns *ns;
  int ifindex;
  char name[NSP_IFNAMSIZ];
  nsp_link_kind kind;
  bool up;
  bool ever_up;
  bool oper_lowerdown;   /* no carrier reads LOWERLAYERDOWN (else DOWN) */
  bool ll6;              /* IPv6 link-local configured (addrconf_dev_config) */
  uint64_t ll6_dad_done; /* when DAD ends and "tentative" goes */
  ether_addr mac;
  unsigned mtu;
  sim_iface *peer;
  sim_link *link;
  GArray *addrs;         /* nsp_addr, primaries before their secondaries */
  int forwarding;        /* net.ipv4.conf.NAME.forwarding */
  int rp_filter, accept_local, send_redirects; /* conf.NAME.*, combined with conf.all (rpf.c) */
  int accept_redirects, secure_redirects, shared_media; /* ... (sim/redirect.c) */
  int proxy_arp;         /* conf.NAME.proxy_arp, or'ed with conf.all (arp.c) */
  int arp_ignore, arp_announce, arp_filter; /* the larger / the larger / or'ed with conf.all */
  struct sim_arp_proxy *proxy; /* requests waiting for a proxy answer; NULL until one */
  unsigned conf_set;     /* the keys above written for this device (sysctl.c) */
  int promote_secondaries;
  uint64_t reachable_time; /* neigh_rand_reach_time(BASE_REACHABLE_TIME), per device */
  GHashTable *neighs;    /* ip -> sim_neigh*; NULL until the first */
  sim_neigh *neigh_last; /* the last one looked up */
  GPtrArray *caps;       /* sim_capture*: packet sockets on it; NULL until one */
  int promisc;           /* promiscuity (dev_set_promiscuity()): captures, bridge ports */
  int allmulti;          /* dev_set_allmulti(): bridge ports */
  bool mac_set;          /* addr_assign_type NET_ADDR_SET: set by hand */
  uint8_t operstate;     /* NSP_OPER_*, of a bridge (linkwatch's, sim/linkwatch.c) */
  bool lw_pending;       /* a linkwatch event waits */
  bool qdisc_active;     /* a bridge's qdisc lets frames out (dev_activate()) */
  sim_bridge *br;        /* this device is a bridge */
  sim_bport *bport;      /* this device is a port of a bridge */
  GArray *mc;            /* dev->mc (sim/mcaddr.c) */
  bool mc6_allnodes_loaded, mc6_ll_joined;
  int disable_ipv6;      /* net.ipv6.conf.DEV.disable_ipv6 */
  ether_addr ll6_mac;    /* the address the link-local was made from */
  sim_addrconf v6;       /* its own IPv6 traffic */
};

/* One veth pair as seen by the capture: named as `ip link add A ... peer name B`. */
struct sim_link {
  char a_name[NSP_IFNAMSIZ], b_name[NSP_IFNAMSIZ];
  sim_iface *end[2];      /* the devices named a_name and b_name; NULL once gone */
  pcap_t *pcap;
  pcap_dumper_t *dumper;
  char *pcap_buf;         /* the capture file's stdio buffer */
  uint64_t frames;
  bool has_file;          /* a capture file was opened for it */
  bool dead;             /* pair destroyed; the capture file stays */
};

struct sim_netns {
  sim_world *w;
  char *name;            /* NULL for the root namespace */
  int nsid_in_root;      /* -1 until a peer link makes the kernel assign one */
  int next_ifindex;
  GPtrArray *ifaces;     /* sim_iface*, ordered by ifindex */
  sim_fib main, local;
  GPtrArray *tables;     /* sim_table*: every other table made; NULL until one */
  unsigned tables_made;
  GArray *rules;         /* sim_rule, in list order (sim/rules.c) */
  GPtrArray *nexthops;   /* sim_nh*, by id (sim/nexthop.c); NULL until one */
  uint32_t nh_last_id;   /* net->nexthop.last_id_allocated */
  int mp_hash_policy, mp_hash_seed, mp_use_neigh, mp_hash_fields; /* net.ipv4.fib_multipath_* */
  bool custom_rules;     /* net->ipv4.fib_has_custom_rules: a rule was added or deleted */
  bool custom_local_routes; /* fib_has_custom_local_routes: `ip route add local …` once */
  int all_rp_filter, all_accept_local, all_send_redirects;
  int default_rp_filter, default_accept_local, default_send_redirects;
  int all_accept_redirects, default_accept_redirects, all_secure_redirects;
  int default_secure_redirects, all_shared_media, default_shared_media;
  struct sim_redirect *rdr; /* redirect peers and next-hop exceptions; NULL until one */
  int all_proxy_arp, default_proxy_arp;
  int all_arp_ignore, default_arp_ignore, all_arp_announce, default_arp_announce;
  int all_arp_filter, default_arp_filter;
  int ip_forward;        /* net.ipv4.ip_forward == conf.all.forwarding */
  int default_forwarding;
  int all_disable_ipv6, default_disable_ipv6; /* net.ipv6.conf.{all,default}.disable_ipv6 */
  int all_promote_secondaries, default_promote_secondaries;
  int ip_default_ttl;    /* TTL of what the namespace itself sends (ICMP replies, errors) */
  int icmp_echo_ignore_all, icmp_echo_ignore_broadcasts;
  int icmp_ratelimit_ms, icmp_ratemask, icmp_errors_use_inbound_ifaddr;
  sim_counters cnt;
  GPtrArray *socks;      /* sim_sock*: raw ICMP sockets of running pings; NULL until one */
  GPtrArray *isocks;     /* sim_isock*: UDP and TCP sockets (inet_sock.h); NULL until one */
  GHashTable *icmp_peers;  /* daddr -> token bucket (inet_peer); NULL until one */
  GPtrArray *frags;        /* reassembly queues (frag.c) */
  GArray *pneighs;         /* sim_pneigh: the proxy table (neigh_admin.c); NULL until one */
  uint64_t pneigh_seq;
  struct sim_nf *nf;       /* iptables' tables and conntrack (netfilter.h); NULL until used */
  struct sim_rtcache *rtc; /* input routes (sim/rtcache.c); NULL until a packet is routed */
};

struct sim_world {
  nsp_backend base;
  sim_timerq timers;
  uint64_t now;
  uint64_t rng;
  uint32_t mp_boot_seed;   /* the multipath hash seed while the sysctl is 0 (sim/mpath.h) */
  uint64_t rng6;           /* IPv6's own timing (sim/addrconf.c): a stream of its
                              own, so the rest draws what it always drew */
  GPtrArray *netns;      /* sim_netns*, in creation order; [0] is the root */
  GHashTable *netns_by_name; /* name -> sim_netns*, the root excepted */
  sim_netns *netns_last; /* the one sim_world_netns_find() found last */
  uint64_t *nsid_used;   /* bitmap of the ids namespaces have in the root */
  size_t nsid_words, nsid_hint;
  GPtrArray *links;      /* sim_link* */
  char *pcap_dir;
  char *capture_error;   /* the first capture file that could not be written */
  void (*tap)(void *ctx, const char *link, uint64_t now, const uint8_t *frame, size_t len);
  void *tap_ctx;
  uint64_t link_delay_ns;  /* the same for every wire: see link.c */
  sim_wire wire;           /* frames in flight, in arrival order */
  sim_timer wire_timer;    /* the head of wire as a timer (never in timers) */
  sim_pkt *pkt_pool;       /* free packet buffers */
  unsigned faults;         /* sim_fault: the model broken on purpose (tests) */
  sim_trace *trace;        /* NULL unless tracing (sim/trace.h) */
  uint64_t lw_next;        /* linkwatch_nextevent (sim/linkwatch.c) */
  sim_timer lw_timer;
  GPtrArray *lw_pending;   /* sim_iface* with a non-urgent event waiting */
  uint64_t events;         /* timers and frames run so far */
  uint64_t rt_genid;       /* the input route cache's generation (sim/rtcache.c): never 0 */
  int max_net_namespaces;  /* user.max_net_namespaces of the one user namespace */
  uint64_t budget_events, budget_ns; /* sim_world_set_budget() */
  volatile int *budget_stop;
  bool dying;              /* sim_world_free() runs: what goes need not leave
                              the rest consistent (routes, peers' flags) */
};

/* world.c */
uint64_t sim_world_rand(sim_world *w);
uint64_t sim_world_rand6(sim_world *w);
sim_netns *sim_world_netns_find(sim_world *w, const char *name);
sim_netns *sim_world_netns_add(sim_world *w, const char *name);
void sim_world_netns_del(sim_world *w, sim_netns *ns);
int sim_world_nsid_alloc(sim_world *w);
void sim_world_nsid_free(sim_world *w, int id);
void sim_world_run_until(sim_world *w, uint64_t t);
/* When the next event is due; false when there is none. */
bool sim_world_next_event(sim_world *w, uint64_t *when);

/* netns.c */
sim_netns *sim_netns_new(sim_world *w, const char *name);
void sim_netns_free(sim_netns *ns);
sim_iface *sim_netns_iface_by_index(sim_netns *ns, int ifindex);
sim_iface *sim_netns_iface_by_name(sim_netns *ns, const char *name);
sim_iface *sim_netns_lo(sim_netns *ns);
bool sim_netns_addr_is_local(sim_netns *ns, uint32_t addr);
uint32_t sim_netns_select_addr(sim_netns *ns, sim_iface *dev, uint32_t dst, int scope);
int sim_iface_forwarding(const sim_iface *dev);

/* iface.c */
sim_iface *sim_iface_new(sim_netns *ns, const char *name, nsp_link_kind kind);
void sim_iface_free(sim_iface *dev);
void sim_iface_attach(sim_iface *dev, sim_netns *ns);
void sim_iface_detach(sim_iface *dev);
bool sim_iface_carrier(const sim_iface *dev);
/* netif_oper_up(): up, and operstate UP or UNKNOWN */
bool sim_iface_oper_up(const sim_iface *dev);
void sim_iface_set_up(sim_iface *dev, bool up);
/* netif_carrier_on()/off() happened: what follows at once (routes,
 * neighbours, a bridge port's state) and through linkwatch (operstate) */
void sim_iface_carrier_changed(sim_iface *dev);
/* NETDEV_CHANGEADDR: the new address, neighbours flushed */
void sim_iface_mac_changed(sim_iface *dev, const ether_addr *mac);
/* linkwatch changed a bridge's operstate (NETDEV_CHANGE): IPv6 and the rest */
void sim_iface_oper_changed(sim_iface *dev);
/* net.ipv6.conf.DEV.disable_ipv6 written (dev_disable_change()) */
void sim_iface_set_disable_ipv6(sim_iface *dev, int v);
/* the index a device registered and unregistered at once took: spent */
int sim_iface_index_spend(sim_netns *ns);
void sim_iface_addr_sync_routes(sim_iface *dev);
void sim_iface_routes_flush(sim_iface *dev);

/* pkt.c */
/* A buffer of len bytes (len set), from the pool when it has one. */
sim_pkt *sim_pkt_get(sim_world *w, size_t len);
void sim_pkt_put(sim_world *w, sim_pkt *p);
void sim_pktq_push(sim_pktq *q, sim_pkt *p);
sim_pkt *sim_pktq_pop(sim_pktq *q);
void sim_pktq_purge(sim_world *w, sim_pktq *q);
void sim_pkt_pool_free(sim_world *w);

/* link.c: frames on the wire */
void sim_link_wire_deliver(sim_timer *t, void *world);
/* Room for a len-byte frame out of dev, or NULL (counted) when the wire
 * has no carrier; sim_link_xmit() then sends what was written in it. */
uint8_t *sim_link_frame_new(sim_iface *dev, size_t len);
void sim_link_xmit(sim_iface *dev);
/* Whether a frame goes into the captures: the kernel's are taken with
 * "not ip6" (real/capture.c), so IPv6's own traffic (sim/addrconf.c) stays
 * out of the pcaps, their counts and taps, and the frame journal's files. */
static inline bool sim_link_frame_captured(const uint8_t *frame, size_t len) {
  return !(len >= 14 && frame[12] == 0x86 && frame[13] == 0xdd); /* ETH_P_IPV6 */
}
void sim_link_open_capture(sim_world *w, sim_link *l);
void sim_link_close(sim_link *l);

/* ether.c: receive path entry */
void sim_ether_input(sim_iface *dev, const uint8_t *frame, size_t len);
/* a frame up the bridge device's own stack (br_pass_frame_up()); host: for
 * this host, as the ingress port's eth_type_trans() decided */
void sim_ether_input_up(sim_iface *dev, const uint8_t *frame, size_t len, bool host);
/* dev_queue_xmit() of a whole frame out of dev (a bridge forwarding) */
void sim_ether_xmit_frame(sim_iface *dev, const uint8_t *frame, size_t len);
void sim_ether_output(sim_iface *dev, const ether_addr *dst, uint16_t type,
                      const uint8_t *payload, size_t len);

/* mcaddr.c: the device's multicast address list */
void sim_mc_add(sim_iface *dev, const ether_addr *a);
void sim_mc_del(sim_iface *dev, const ether_addr *a);
size_t sim_mc_count(const sim_iface *dev);
const ether_addr *sim_mc_at(const sim_iface *dev, size_t i);
void sim_mc_register(sim_iface *dev);
void sim_mc_unregister(sim_iface *dev);
void sim_mc_open(sim_iface *dev);
void sim_mc_close(sim_iface *dev);
void sim_mc_ll6(sim_iface *dev, bool on);
/* ipv6_mc_up() / ipv6_mc_down(): IPv6's groups loaded into dev->mc or not */
void sim_mc_v6_load(sim_iface *dev, bool load);

/* addrconf.c: IPv6's own packets (DAD, MLDv2 reports, router solicitations) */
void sim_addrconf_init(sim_iface *dev);
void sim_addrconf_start(sim_iface *dev, uint64_t dad_done);
void sim_addrconf_stop(sim_iface *dev);

/* linkwatch.c */
void sim_linkwatch_init(sim_world *w);
void sim_linkwatch_free(sim_world *w);
/* linkwatch_fire_event() */
void sim_linkwatch_event(sim_iface *dev);
void sim_linkwatch_forget(sim_iface *dev);

/* capture.c: packet sockets (tcpdump) */
void sim_capture_tap(sim_iface *dev, const uint8_t *frame, size_t len);
/* A frame dev sent or received, for the packet sockets on it. */
static inline void sim_tap(sim_iface *dev, const uint8_t *frame, size_t len) {
  if (dev->caps && dev->caps->len) sim_capture_tap(dev, frame, len);
}
sim_capture *sim_capture_open(sim_netns *ns, const nsp_capture_cfg *cfg, nsp_status *st);
bool sim_capture_next(sim_capture *c, nsp_capture_frame *f);
bool sim_capture_ready(const sim_capture *c);
void sim_capture_stats(sim_capture *c, nsp_capture_stats *s);
void sim_capture_close(sim_capture *c);
void sim_capture_dev_gone(sim_iface *dev);

/* arp.c */
/* host: the frame was sent to dev's own address (PACKET_HOST), not broadcast */
void sim_arp_input(sim_iface *dev, const uint8_t *pkt, size_t len, bool host);
void sim_arp_proxy_free(sim_iface *dev);
void sim_arp_solicit(sim_neigh *n, uint32_t saddr_hint, bool unicast);

/* neigh.c */
sim_neigh *sim_neigh_lookup(sim_iface *dev, uint32_t ip, bool create);
/* Hands an IPv4 packet to the neighbour layer: sent now or queued. */
void sim_neigh_output(sim_iface *dev, uint32_t nexthop, const uint8_t *pkt, size_t len);
/* neigh_output()'s fast path: where the len bytes of an IPv4 packet for a
 * neighbour ready to be sent to go, in the wire's ring behind their
 * Ethernet header (sim_link_xmit(dev) sends them), or NULL: the slow path,
 * sim_neigh_output(), has something to do. */
uint8_t *sim_neigh_hh_reserve(sim_iface *dev, uint32_t nexthop, size_t len);
void sim_neigh_update(sim_neigh *n, const ether_addr *ha, unsigned state, bool override);
bool sim_neigh_valid(const sim_neigh *n);
/* neigh_event_send() without a packet: resolve an entry that is not valid */
void sim_neigh_event_send(sim_neigh *n);
void sim_neigh_free(sim_neigh *n);
void sim_neigh_flush_dev(sim_iface *dev, bool skip_perm);
int sim_neigh_admin_update(sim_neigh *n, const ether_addr *ha, unsigned state, bool override);
/* neigh_admin.c: neigh_ifdown() (skip_perm: neigh_carrier_down()), with
 * the device's proxy entries */
void sim_neigh_ifdown(sim_iface *dev, bool skip_perm);
void sim_pneigh_free_all(sim_netns *ns);

/* ip.c */
typedef struct {
  const sim_route *rt;   /* NULL when no route */
  sim_iface *dev;
  uint32_t nexthop;
  uint32_t src;
  uint8_t type;
  uint32_t table;        /* the table the route came from (res.table) */
  const nsp_rule *rule;  /* the rule that chose the table, NULL without custom rules */
  uint32_t flags;        /* NSP_RTCF_* of the cached route */
  bool gateway;          /* rt_uses_gateway: nexthop is the route's gateway */
  bool martian;          /* input: dropped as a martian (source or destination) */
  bool rpf;              /* ... by the reverse path filter */
  uint32_t daddr;        /* output: the flow's destination once routed (a
                            missing one is the source, or 127.0.0.1) */
  int path;              /* a route with several paths: the one taken, else -1 */
  unsigned npaths;       /* ... of how many */
  uint64_t expires;      /* a next-hop exception's expiry (sim/fnhe.c), 0: none */
  bool hashed;           /* the path was chosen by the flow's hash (no oif) */
  uint32_t hash;         /* ... that hash */
} sim_rt_result;

/* ip_route_output_key_hash_rcu(): 0 and res, or -errno (ENETUNREACH,
 * EHOSTUNREACH from an unreachable route, EACCES prohibit, EINVAL blackhole
 * or a bad source, ENODEV). fl->iif is set to the loopback's, as the
 * kernel does. */
int sim_ip_route_output_flow(sim_netns *ns, const sim_flow *fl, sim_rt_result *res);
/* The same for a destination, a source (0: any) and a bound device. */
bool sim_ip_route_output(sim_netns *ns, uint32_t dst, uint32_t src, sim_iface *oif,
                         sim_rt_result *res);
int sim_ip_route_output_err(sim_netns *ns, uint32_t dst, uint32_t src, sim_iface *oif,
                            sim_rt_result *res);
/* ip_route_input_slow(): 0 and res (type LOCAL, BROADCAST, or UNICAST to
 * forward), or the error the packet goes to ip_error() with (EINVAL for a
 * martian). */
int sim_ip_route_input(sim_iface *in, const sim_flow *fl, sim_rt_result *res);
/* rtcache.c: the same through the namespace's cache of answers */
int sim_ip_route_input_cached(sim_iface *in, const sim_flow *fl, sim_rt_result *res);
void sim_rtcache_free(sim_netns *ns);
/* Everything cached is stale: a change that can alter an input route. */
static inline void sim_world_rt_flush(sim_world *w) { w->rt_genid++; }
void sim_ip_input(sim_iface *dev, const uint8_t *pkt, size_t len);
/* Sends a locally generated packet (full IPv4 header in pkt) along `res`:
 * 0, or -EPERM when netfilter dropped it at OUTPUT or POSTROUTING (what
 * ip_local_out() returns to sendmsg()). */
int sim_ip_output(sim_netns *ns, const sim_rt_result *res, uint8_t *pkt, size_t len);
/* The same with a conntrack entry attached (nf_ct_attach(): a REJECT's
 * reset), or NULL. */
int sim_ip_output_skb(sim_netns *ns, const sim_rt_result *res, uint8_t *pkt, size_t len,
                      const sim_nf_skb *attach);
uint16_t sim_ip_next_id(sim_netns *ns);

/* frag.c */
void sim_frag_output(sim_iface *dev, uint32_t nexthop, uint8_t *pkt, size_t len,
                     void (*out)(sim_iface *, uint32_t, const uint8_t *, size_t));
size_t sim_frag_reassemble(sim_netns *ns, const uint8_t *pkt, const ipv4_hdr *h, uint8_t *out);

/* rpf.c: fib_validate_source(): <0 (EINVAL martian, EXDEV reverse path
 * filter), else 1 when the source is directly on dev, 0 otherwise */
int sim_ip_validate_source(sim_iface *dev, uint32_t src, uint32_t dst, uint8_t tos, int oif);

/* backend_route.c: fib_check_nh() of one path (its gateway covered by a
 * link-scope route of table, or its device up), which sets the path's
 * device, GW_HOST and LINKDOWN flags; false with st as the kernel fails */
bool sim_fib_check_nh(sim_netns *ns, uint32_t table, uint8_t scope, nsp_nh_path *p,
                      nsp_status *st);

/* table.c: fib_props[type].error, 0 for types that forward or deliver */
int sim_route_type_error(uint8_t type);

/* icmp.c */
void sim_icmp_input(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len, bool bcast);
/* inet_peer_xrlim_allow()-style token bucket shared by ip_error() and
 * icmpv4_xrlim_allow(): one inet_peer per remote address per namespace. */
bool sim_icmp_peer_allow(sim_netns *ns, uint32_t addr, uint64_t cost, uint64_t burst);
/* icmp_send(): an error about `pkt` (a full IPv4 packet). in == NULL for local output. */
void sim_icmp_send(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len, uint8_t type,
                   uint8_t code, uint32_t info, bool local_dst);
void sim_icmp_send_error(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len,
                         uint8_t type, uint8_t code, bool local_dst);

/* sock.c: raw ICMP sockets of pings */
void sim_sock_deliver(sim_netns *ns, const uint8_t *pkt, size_t len);
sim_sock *sim_sock_open(sim_netns *ns, const nsp_probe_cfg *cfg, nsp_status *st);
bool sim_sock_connect(sim_sock *s, uint32_t *src, nsp_status *st);
bool sim_sock_send(sim_sock *s, uint16_t seq, size_t size, nsp_status *st);
void sim_sock_wait(sim_sock *s, uint64_t deadline, nsp_probe_event *ev);
bool sim_sock_ready(const sim_sock *s);
void sim_sock_close(sim_sock *s);

#endif
