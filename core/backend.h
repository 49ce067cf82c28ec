/* The backend interface: one table of operations, two implementations
 * (sim/ in memory, real/ on the kernel).  Its vocabulary is netlink's: the
 * objects are those of rtnetlink dumps and a failing operation returns an
 * errno and, where the kernel sends one, its extack message.  The command
 * layer (core/cmd_*.c) turns those into iproute2's words, so both backends
 * print through the same code. */
#ifndef NSP_BACKEND_H
#define NSP_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/nf.h"
#include "proto/ether.h"

#define NSP_IFNAMSIZ 16 /* IFNAMSIZ: 15 characters and the NUL */
#define NSP_NSNAMSIZ 64

/* Outcome of a control-plane operation, as netlink reports it. */
typedef struct {
  int err;           /* 0 or a positive errno */
  unsigned info;     /* sock_extended_err.ee_info of a local error (the MTU) */
  char extack[256];  /* kernel's extended ack message, "" when none */
  bool recv_error;   /* the answer never came: recvmsg() on the netlink
                        socket failed with err (ENOBUFS) */
} nsp_status;

void nsp_status_set(nsp_status *st, int err, const char *extack);

/* Link flags (values of include/uapi/linux/if.h). */
enum {
  NSP_IFF_UP = 0x1,
  NSP_IFF_BROADCAST = 0x2,
  NSP_IFF_LOOPBACK = 0x8,
  NSP_IFF_RUNNING = 0x40,
  NSP_IFF_NOARP = 0x80,
  NSP_IFF_MULTICAST = 0x1000,
  NSP_IFF_LOWER_UP = 0x10000,
};

typedef enum { NSP_LINK_LOOPBACK, NSP_LINK_VETH, NSP_LINK_BRIDGE } nsp_link_kind;

/* RFC 2863 operational states (IF_OPER_*), as IFLA_OPERSTATE reports them. */
enum {
  NSP_OPER_UNKNOWN = 0,
  NSP_OPER_DOWN = 2,
  NSP_OPER_LOWERLAYERDOWN = 3,
  NSP_OPER_UP = 6,
};

/* A bridge identifier: priority and address (struct bridge_id). */
typedef struct {
  uint16_t prio;
  ether_addr addr;
} nsp_bridge_id;

/* What `ip link add NAME type bridge ...` asks for (ip/iplink_bridge.c);
 * times in centiseconds as iproute2 sends them (clock_t of USER_HZ 100). */
typedef struct {
  bool has_mac;
  ether_addr mac;               /* `address`: NET_ADDR_SET */
  int stp_state;                /* -1: not given */
  long ageing_time, forward_delay, hello_time, max_age; /* -1: not given */
  int vlan_filtering;           /* -1: not given */
  int priority;                 /* -1: not given */
} nsp_bridge_cfg;

/* A bridge device's settings and STP state (IFLA_BR_*), for ip -d link. */
typedef struct {
  uint32_t forward_delay, hello_time, max_age, ageing_time; /* centiseconds */
  uint32_t stp_state;
  uint16_t priority;
  uint8_t vlan_filtering;
  nsp_bridge_id bridge_id, designated_root;
  uint16_t root_port;
  uint32_t root_path_cost;
  uint8_t topology_change, topology_change_detected;
  uint64_t hello_timer, tcn_timer, topology_change_timer, gc_timer; /* centiseconds left */
} nsp_bridge_info;

/* A bridge port's state (IFLA_BRPORT_*), for bridge link and ip -d link. */
typedef struct {
  uint8_t state;                /* BR_STATE_*: 0 disabled .. 3 forwarding, 4 blocking */
  uint16_t priority;
  uint32_t cost;
  uint16_t port_id, port_no, designated_port;
  uint32_t designated_cost;
  nsp_bridge_id designated_bridge, designated_root;
  uint64_t hold_timer, message_age_timer, forward_delay_timer; /* centiseconds left */
} nsp_bport_info;

/* One entry of `bridge fdb show` (RTM_NEWNEIGH, AF_BRIDGE). */
typedef struct {
  ether_addr mac;
  int ifindex;                  /* the device it is listed under */
  int master_ifindex;           /* NDA_MASTER: the bridge, 0 for a device's own (self) entry */
  unsigned state;               /* NSP_NUD_*: PERMANENT, NOARP (static), REACHABLE, STALE */
  bool self;                    /* NTF_SELF: the device's own address list */
} nsp_fdb;

/* What `ip -d link show` adds about any device (IFLA_MIN_MTU ..
 * IFLA_GRO_MAX_SIZE, and IFLA_INET6_ADDR_GEN_MODE). */
typedef struct {
  unsigned min_mtu, max_mtu;
  unsigned num_tx_queues, num_rx_queues;
  unsigned gso_max_size, gso_max_segs, tso_max_size, tso_max_segs, gro_max_size;
  bool has_addrgenmode;   /* IPv6 is there: addrgenmode eui64 */
} nsp_link_details;

typedef struct {
  int ifindex;
  char name[NSP_IFNAMSIZ];
  nsp_link_kind kind;
  unsigned flags;       /* NSP_IFF_* */
  bool carrier;
  unsigned mtu;
  ether_addr mac;
  int peer_ifindex;     /* veth: peer's ifindex, 0 otherwise */
  int peer_nsid;        /* veth: -1 when the peer is in the same namespace */
  char peer_name[NSP_IFNAMSIZ]; /* veth peer's name when in the same namespace */
  char peer_ns[NSP_NSNAMSIZ];   /* name of the peer's namespace, "" if same */
  bool oper_lowerdown;  /* up without carrier: LOWERLAYERDOWN, else DOWN */
  bool qdisc_noqueue;   /* has been up once: noqueue replaced noop */
  /* IPv6 is not modelled beyond the addresses `ip address show` lists:
   * ::1 on an up loopback, the EUI-64 link-local of an up veth once it had
   * carrier, "tentative" while its duplicate address detection runs. */
  bool inet6_ll;
  bool inet6_ll_tentative;
  bool inet6_lo;
  uint8_t operstate;    /* NSP_OPER_* */
  int master_ifindex;   /* the bridge this is a port of, 0: none */
  unsigned promiscuity, allmulti;
  nsp_bridge_info br;   /* kind NSP_LINK_BRIDGE */
  nsp_bport_info port;  /* master_ifindex set */
  nsp_link_details det;
} nsp_link;

/* Address scopes (rtnetlink.h). */
enum { NSP_SCOPE_UNIVERSE = 0, NSP_SCOPE_LINK = 253, NSP_SCOPE_HOST = 254, NSP_SCOPE_NOWHERE = 255 };
enum { NSP_IFA_F_SECONDARY = 0x01 };

typedef struct {
  int ifindex;
  uint32_t local;      /* host order */
  uint8_t plen;
  uint8_t scope;
  unsigned flags;      /* NSP_IFA_F_* */
  uint32_t brd;        /* 0 when none was given */
  char label[NSP_IFNAMSIZ];
} nsp_addr;

/* Route types, protocols and tables (rtnetlink.h). */
enum {
  NSP_RTN_UNSPEC = 0,
  NSP_RTN_UNICAST = 1,
  NSP_RTN_LOCAL = 2,
  NSP_RTN_BROADCAST = 3,
  NSP_RTN_ANYCAST = 4,
  NSP_RTN_MULTICAST = 5,
  NSP_RTN_BLACKHOLE = 6,
  NSP_RTN_UNREACHABLE = 7,
  NSP_RTN_PROHIBIT = 8,
  NSP_RTN_THROW = 9,
  NSP_RTN_NAT = 10,
  NSP_RTN_MAX = 11,
};
enum { NSP_RTPROT_UNSPEC = 0, NSP_RTPROT_KERNEL = 2, NSP_RTPROT_BOOT = 3, NSP_RTPROT_STATIC = 4 };
enum {
  NSP_RT_TABLE_UNSPEC = 0,
  NSP_RT_TABLE_DEFAULT = 253,
  NSP_RT_TABLE_MAIN = 254,
  NSP_RT_TABLE_LOCAL = 255,
};
/* netlink request flags of RTM_NEWROUTE (include/uapi/linux/netlink.h):
 * add is CREATE|EXCL, replace CREATE|REPLACE, change REPLACE, append
 * CREATE|APPEND, prepend CREATE (ip/iproute.c do_iproute()). */
enum {
  NSP_NLM_F_REPLACE = 0x100,
  NSP_NLM_F_EXCL = 0x200,
  NSP_NLM_F_CREATE = 0x400,
  NSP_NLM_F_APPEND = 0x800,
};
/* Routing cache flags of `ip route get` (include/uapi/linux/in_route.h),
 * in rtm_flags above the low 16 bits. */
enum {
  NSP_RTCF_NOTIFY = 0x00010000,
  NSP_RTCF_REDIRECTED = 0x00040000,
  NSP_RTCF_DOREDIRECT = 0x01000000,
  NSP_RTCF_DIRECTSRC = 0x04000000,
  NSP_RTCF_BROADCAST = 0x10000000,
  NSP_RTCF_MULTICAST = 0x20000000,
  NSP_RTCF_REJECT = 0x40000000,
  NSP_RTCF_LOCAL = 0x80000000u,
};
enum { NSP_RTNH_F_DEAD = 1, NSP_RTNH_F_ONLINK = 4, NSP_RTNH_F_LINKDOWN = 16 };
/* Not a kernel flag: the gateway is one of our own addresses, so its
 * nexthop has host scope and packets go to the destination on the link. */
enum { NSP_RTNH_F_GW_HOST = 0x10000 };

/* One path of a multipath route (struct rtnexthop and its RTA_GATEWAY in
 * RTA_MULTIPATH) or of a nexthop group as a route shows it. */
typedef struct {
  uint32_t gw;         /* 0: none */
  int oif;
  uint16_t weight;     /* 1..256: rtnh_hops + 1 */
  unsigned flags;      /* NSP_RTNH_F_* (dead, onlink, linkdown) */
} nsp_nh_path;

typedef struct {
  uint32_t table;      /* RTA_TABLE: any id, 0 (unspec) for main */
  uint8_t type;
  uint8_t protocol;
  uint8_t scope;
  uint32_t dst;        /* host order, host bits clear */
  uint8_t plen;
  uint32_t gw;         /* 0: none */
  int oif;             /* 0: none */
  uint32_t prefsrc;    /* 0: none */
  uint32_t metric;
  unsigned nh_flags;   /* NSP_RTNH_F_* */
  uint32_t nhid;       /* RTA_NH_ID: the nexthop object, 0: none */
  /* RTA_MULTIPATH: npaths (2 or more) paths, gw and oif then 0; a route
   * of a list or a dump owns them in the same allocation (one g_free),
   * a request points to the caller's */
  uint16_t npaths;
  const nsp_nh_path *paths;
} nsp_route;

/* A route request as `ip route add/del` builds it: fields left at their
 * "unset" value are not sent (as iproute2 omits the attribute). */
typedef struct {
  nsp_route r;
  bool has_metric;
  bool has_scope;
  bool has_type;
  bool has_protocol;
  unsigned nlflags;    /* route_add: NSP_NLM_F_*; 0 is `ip route add` (CREATE|EXCL) */
} nsp_route_req;

/* `ip route get ADDR [from A] [iif DEV] [oif DEV] [mark M] [tos T] [uid U]`
 * as iproute_get() sends it (0: not given). */
typedef struct {
  uint32_t dst;
  uint32_t src;        /* from */
  int iif;             /* iif: the input path (ip_route_input()) */
  int oif;
  uint32_t mark;
  uint8_t tos;
  bool has_uid;
  uint32_t uid;
  uint8_t ipproto;     /* RTA_IP_PROTO: 0 not given (the kernel's default is UDP) */
  uint16_t sport, dport; /* RTA_SPORT, RTA_DPORT, 0: not given */
} nsp_route_get_req;

/* The answer of `ip route get`: what rt_fill_info() puts in the message
 * (net/ipv4/route.c), which iproute2's print_route() prints. */
typedef struct {
  uint8_t type;
  uint8_t tos;         /* rtm_tos */
  uint32_t table;      /* RTA_TABLE */
  uint32_t dst;
  bool has_src;        /* RTA_SRC: the request's `from` */
  uint32_t src;
  int oif;             /* RTA_OIF, 0: none */
  bool has_prefsrc;    /* RTA_PREFSRC: the source chosen (output routes) */
  uint32_t prefsrc;
  uint32_t gw;         /* RTA_GATEWAY, 0: none */
  uint32_t mark;       /* RTA_MARK, 0: none */
  bool has_uid;
  uint32_t uid;        /* RTA_UID */
  int iif;             /* RTA_IIF (input routes), 0: none */
  uint32_t flags;      /* rtm_flags: NSP_RTCF_* */
  uint32_t error;      /* RTA_CACHEINFO rta_error */
} nsp_route_get;

/* Rule actions (include/uapi/linux/fib_rules.h) and flags. */
enum {
  NSP_FR_ACT_UNSPEC = 0,
  NSP_FR_ACT_TO_TBL = 1,
  NSP_FR_ACT_GOTO = 2,
  NSP_FR_ACT_NOP = 3,
  NSP_FR_ACT_BLACKHOLE = 6,
  NSP_FR_ACT_UNREACHABLE = 7,
  NSP_FR_ACT_PROHIBIT = 8,
};
enum {
  NSP_FIB_RULE_PERMANENT = 0x1,
  NSP_FIB_RULE_INVERT = 0x2,
  NSP_FIB_RULE_UNRESOLVED = 0x4,
  NSP_FIB_RULE_IIF_DETACHED = 0x8,
  NSP_FIB_RULE_OIF_DETACHED = 0x10,
};

/* A policy routing rule as RTM_NEWRULE/RTM_DELRULE carry it: struct
 * fib_rule_hdr and the FRA_* attributes, each has_* saying whether the
 * attribute is present (ip/iprule.c iprule_modify(), print_rule()). */
typedef struct {
  uint8_t src_len, dst_len;
  uint8_t tos;
  uint8_t action;      /* NSP_FR_ACT_* */
  uint8_t flags;       /* NSP_FIB_RULE_* */
  uint32_t table;      /* frh.table or FRA_TABLE; 0: none */
  bool has_src, has_dst;
  uint32_t src, dst;   /* as given: host bits are kept */
  bool has_pref;
  uint32_t pref;
  bool has_mark, has_mask;
  uint32_t mark, mask;
  char iif[NSP_IFNAMSIZ]; /* "" when none */
  char oif[NSP_IFNAMSIZ];
  bool has_suppress_prefixlen;
  int32_t suppress_prefixlen;
  bool has_goto;
  uint32_t goto_target;
  uint8_t protocol;
} nsp_rule;

/* A nexthop object (RTM_NEWNEXTHOP, include/uapi/linux/nexthop.h): one
 * path (gw, oif), a blackhole, or a group of other objects. */
typedef struct {
  uint32_t id;
  uint16_t weight;     /* 1..256 */
} nsp_nh_grp;

typedef struct {
  bool has_id;         /* NHA_ID is sent (a missing or 0 id on add asks the kernel for one) */
  uint32_t id;
  bool inet;           /* nh_family AF_INET (else AF_UNSPEC, as for a group) */
  uint32_t gw;         /* NHA_GATEWAY */
  int oif;             /* NHA_OIF */
  bool blackhole;      /* NHA_BLACKHOLE */
  unsigned flags;      /* nh_flags: NSP_RTNH_F_ONLINK (and DEAD, LINKDOWN in dumps) */
  uint8_t scope;       /* nh_scope in dumps: link with a gateway, host without */
  uint8_t protocol;    /* nh_protocol */
  bool has_group_type; /* NHA_GROUP_TYPE given (mpath is the only one modelled) */
  uint16_t ngroup;     /* NHA_GROUP: members, 0 for a single nexthop */
  const nsp_nh_grp *group; /* owned as nsp_route.paths is */
} nsp_nexthop;

/* Neighbour states (include/uapi/linux/neighbour.h). */
enum {
  NSP_NUD_INCOMPLETE = 0x01,
  NSP_NUD_REACHABLE = 0x02,
  NSP_NUD_STALE = 0x04,
  NSP_NUD_DELAY = 0x08,
  NSP_NUD_PROBE = 0x10,
  NSP_NUD_FAILED = 0x20,
  NSP_NUD_NOARP = 0x40,
  NSP_NUD_PERMANENT = 0x80,
};

/* Neighbour flags (ndm_flags); request flags: NSP_NLM_F_* above. */
enum { NSP_NTF_PROXY = 0x08, NSP_NTF_ROUTER = 0x80 };

/* One neighbour (RTM_NEWNEIGH, AF_INET); a proxy entry has NSP_NTF_PROXY,
 * no state and ifindex 0 when it was added without a device. */
typedef struct {
  int ifindex;
  uint32_t ip;
  ether_addr mac;
  bool has_mac;       /* NDA_LLADDR: the entry is NUD_VALID */
  unsigned state;
  unsigned flags;     /* NSP_NTF_* */
} nsp_neigh;

/* `ip neigh add|change|replace|del` (ip/ipneigh.c ipneigh_modify()). */
typedef struct {
  int ifindex;        /* 0: no device given */
  uint32_t ip;
  ether_addr mac;
  unsigned mac_len;   /* bytes of lladdr given, 0 for none */
  unsigned state;     /* NSP_NUD_*, PERMANENT unless `nud` said otherwise */
  unsigned flags;     /* NSP_NTF_ROUTER, NSP_NTF_PROXY */
  unsigned nlflags;   /* NSP_NLM_F_*: add CREATE|EXCL, change REPLACE, replace CREATE|REPLACE */
} nsp_neigh_req;

/* ---- ping probes -------------------------------------------------------- */

typedef struct {
  uint32_t dst;
  uint32_t src;            /* 0: chosen by routing */
  char dev[NSP_IFNAMSIZ];  /* "" or SO_BINDTODEVICE */
  uint8_t ttl;             /* 0: none set, the namespace's net.ipv4.ip_default_ttl */
  uint16_t ident;
  int pmtudisc;            /* -M: 0 want (the default), 1 dont, 2 do */
  uint32_t mark;           /* -m: SO_MARK, which the rules' fwmark sees; 0: none */
} nsp_probe_cfg;

typedef enum {
  NSP_PROBE_NONE,     /* deadline reached, nothing arrived */
  NSP_PROBE_REPLY,    /* an echo reply for our ident */
  NSP_PROBE_ERROR,    /* an ICMP error quoting one of our requests */
} nsp_probe_kind;

typedef struct {
  nsp_probe_kind kind;
  uint16_t seq;
  uint32_t from;       /* reply source or error sender */
  uint8_t ttl;         /* reply's TTL */
  uint8_t icmp_type, icmp_code;
  size_t len;          /* ICMP bytes (header + payload) of a reply */
  uint64_t sent_ns;    /* from the timestamp in the payload, when present */
  uint64_t at_ns;      /* when it arrived */
} nsp_probe_event;

/* One counter of a namespace, named as nstat names it: the MIB counters of
 * /proc/net/snmp and /proc/net/netstat ("IpInAddrErrors",
 * "IcmpOutTimeExcds", "IpExtInNoRoutes"), and the packet counters of each
 * interface as "IFNAME:rx_packets", ":rx_dropped", ":tx_packets", ":tx_dropped". */
typedef struct {
  char name[48];
  uint64_t value;
} nsp_counter;

/* ---- captures (tcpdump) --------------------------------------------------- */

/* A capture on one interface, as libpcap opens it for tcpdump: what the
 * interface sends and receives, both directions, as the kernel's packet
 * taps see it (dev_queue_xmit_nit(), __netif_receive_skb()). */
typedef struct {
  char dev[NSP_IFNAMSIZ];
  unsigned snaplen;        /* bytes kept of each frame */
  bool promisc;            /* tcpdump's default; -p: off */
  const char *filter;      /* pcap-filter expression ("" all), compiled by libpcap
                              (netmask 0) and run on the socket, as the kernel runs it */
  unsigned timeout_ms;     /* the buffer timeout: TPACKET_V3 hands frames over a
                              block at a time, at most this late (0: at once) */
} nsp_capture_cfg;

typedef struct {
  uint64_t ts_ns;          /* the pcap time stamp: the virtual clock, or CLOCK_REALTIME */
  uint32_t len;            /* bytes on the wire */
  uint32_t caplen;         /* bytes kept */
  const uint8_t *data;     /* valid until the next capture_next() or capture_close() */
} nsp_capture_frame;

typedef struct {
  uint64_t received;       /* pcap_stats() ps_recv: frames the filter let into the ring */
  uint64_t dropped;        /* ps_drop */
} nsp_capture_stats;
/* ---- connection tracking (conntrack -L) ---------------------------------
 * One connection as ctnetlink dumps it: both tuples (host order; ICMP:
 * the identifier in the ports' place of both, type and code apart), the
 * seconds left (nf_ct_expires() / HZ), the TCP state's name, the status
 * bits conntrack prints. */
typedef struct {
  uint8_t proto;              /* IPPROTO_TCP, _UDP, _ICMP, else generic */
  uint32_t src[2], dst[2];    /* [0] original, [1] reply */
  uint16_t sport[2], dport[2];
  uint8_t icmp_type[2], icmp_code[2];
  uint16_t icmp_id[2];
  uint64_t timeout_s;
  const char *tcp_state;      /* "TIME_WAIT", …; NULL but for TCP */
  bool unreplied, assured;
} nsp_ct_entry;

/* ---- sockets (UDP, TCP) -------------------------------------------------
 * BSD sockets as a program in a namespace sees them (nc, traceroute): the
 * real backend makes kernel sockets inside its private namespace, the
 * simulation its own (sim/inet_sock.h).  Addresses and ports in host order.
 * Every call is non-blocking; sock_poll() is the only one that lets time
 * pass, as poll(2) does. */

typedef enum { NSP_SOCK_UDP = 1, NSP_SOCK_TCP = 2 } nsp_sock_type;

/* IP_PMTUDISC_* values (include/uapi/linux/in.h) */
enum { NSP_PMTUDISC_DONT = 0, NSP_PMTUDISC_WANT = 1, NSP_PMTUDISC_DO = 2, NSP_PMTUDISC_PROBE = 3 };

/* Options set between socket() and bind(), in this order: SO_REUSEADDR,
 * SO_REUSEPORT, SO_BINDTODEVICE, IP_MTU_DISCOVER, IP_TOS, IP_TTL,
 * IP_RECVERR. */
typedef struct {
  nsp_sock_type type;
  bool reuseaddr, reuseport;
  char dev[NSP_IFNAMSIZ]; /* "": not bound to a device */
  int pmtudisc;           /* -1: the default (WANT while ip_no_pmtu_disc is 0) */
  int tos;                /* -1: not set */
  int ttl;                /* 0: not set (the route's hop limit, ip_default_ttl) */
  bool recverr;           /* IP_RECVERR: ICMP errors queued for sock_recv_err() */
  char comm[16];          /* the program's name ("nc"), for --explain; the kernel ignores it */
} nsp_sock_opts;

typedef struct {
  uint32_t addr;
  uint16_t port;
} nsp_sockaddr;

/* poll(2) bits (asm-generic/poll.h values) */
enum { NSP_POLLIN = 0x1, NSP_POLLOUT = 0x4, NSP_POLLERR = 0x8, NSP_POLLHUP = 0x10,
       NSP_POLLRDHUP = 0x2000 };

/* shutdown(2) */
enum { NSP_SHUT_RD = 0, NSP_SHUT_WR = 1, NSP_SHUT_RDWR = 2 };

/* One entry of a socket's error queue (struct sock_extended_err, with
 * the message's name and IP_TTL control message). */
enum { NSP_EE_ORIGIN_LOCAL = 1, NSP_EE_ORIGIN_ICMP = 2 };
typedef struct {
  int err;               /* ee_errno: ECONNREFUSED, EHOSTUNREACH, EMSGSIZE, ... */
  uint8_t origin;        /* NSP_EE_ORIGIN_* */
  uint8_t type, code;    /* the ICMP error's */
  uint32_t info;         /* ee_info: the MTU of Fragmentation Needed */
  uint32_t offender;     /* the ICMP error's source (SO_EE_OFFENDER) */
  nsp_sockaddr dst;      /* msg_name: where the quoted datagram was going */
  uint8_t ttl;           /* IP_TTL of the ICMP error as it arrived (IP_RECVTTL) */
  uint64_t at_ns;        /* when it arrived (the backend's clock) */
  size_t len;            /* bytes of the quoted payload (after its UDP header) */
} nsp_sock_errq;

/* A list of routes (nexthop objects) and the paths (members) they point
 * to, copied into one allocation for a single g_free: what route_list
 * (nexthop_list) returns. */
nsp_route *nsp_routes_pack(const nsp_route *rs, size_t n);
nsp_nexthop *nsp_nexthops_pack(const nsp_nexthop *nhs, size_t n);

typedef struct nsp_backend nsp_backend;
typedef struct nsp_sock nsp_sock;

/* Every backend's socket starts with this: the backend whose operations
 * it takes, so that a wrapper (core/probe_log.c) can hand sockets through. */
struct nsp_sock {
  nsp_backend *be;
};

typedef struct {
  nsp_sock *sock;
  unsigned events;       /* NSP_POLL* asked for (ERR and HUP are always reported) */
  unsigned revents;      /* set by sock_poll() */
} nsp_pollfd;

typedef struct nsp_probe nsp_probe;
typedef struct nsp_capture nsp_capture;

/* What the job scheduler waits on (core/jobs.h): ping sockets, captures,
 * and sockets of nsp_sock (revents set on return, as sock_poll() does). */
typedef struct {
  nsp_probe *const *probes;
  size_t np;
  nsp_capture *const *caps;
  size_t nc;
  nsp_pollfd *fds;
  size_t nfds;
} nsp_wait_set;

typedef struct {
  /* namespaces; ns == NULL is the scenario's root namespace */
  bool (*netns_add)(nsp_backend *b, const char *name, nsp_status *st);
  bool (*netns_del)(nsp_backend *b, const char *name, nsp_status *st);
  bool (*netns_exists)(nsp_backend *b, const char *name);
  /* names, newest first as `ip netns list` shows them; NULL-terminated, g_strfreev */
  char **(*netns_list)(nsp_backend *b);
  int (*netns_id)(nsp_backend *b, const char *name); /* -1 when none assigned */

  /* links */
  bool (*link_add_veth)(nsp_backend *b, const char *ns, const char *name, const char *peer,
                        nsp_status *st);
  /* optional: NAME's ifindex in ns, 0 when none (otherwise link_list is
   * searched; the real backend resolves names without making its recorded
   * veths, real/lazy.h) */
  int (*link_index)(nsp_backend *b, const char *ns, const char *name);
  bool (*link_del)(nsp_backend *b, const char *ns, int ifindex, nsp_status *st);
  /* `ip link add NAME type bridge ...` */
  bool (*link_add_bridge)(nsp_backend *b, const char *ns, const char *name,
                          const nsp_bridge_cfg *cfg, nsp_status *st);
  /* `ip link set DEV master BR` (master 0: nomaster) */
  bool (*link_set_master)(nsp_backend *b, const char *ns, int ifindex, int master,
                          nsp_status *st);
  /* every fdb entry of the namespace, in the kernel's dump order
   * (rtnl_fdb_dump()); *n set; g_free */
  nsp_fdb *(*fdb_list)(nsp_backend *b, const char *ns, size_t *n);
  bool (*link_set_netns)(nsp_backend *b, const char *ns, int ifindex, const char *to,
                         nsp_status *st);
  bool (*link_set_up)(nsp_backend *b, const char *ns, int ifindex, bool up, nsp_status *st);
  bool (*link_set_mac)(nsp_backend *b, const char *ns, int ifindex, const ether_addr *mac,
                       nsp_status *st);
  /* all links ordered by ifindex; *n set; g_free the array */
  nsp_link *(*link_list)(nsp_backend *b, const char *ns, size_t *n);

  /* addresses */
  bool (*addr_add)(nsp_backend *b, const char *ns, const nsp_addr *a, nsp_status *st);
  bool (*addr_del)(nsp_backend *b, const char *ns, const nsp_addr *a, nsp_status *st);
  nsp_addr *(*addr_list)(nsp_backend *b, const char *ns, size_t *n);

  /* routes; route_add with rq->nlflags (add, replace, change, append, prepend) */
  bool (*route_add)(nsp_backend *b, const char *ns, const nsp_route_req *rq, nsp_status *st);
  bool (*route_del)(nsp_backend *b, const char *ns, const nsp_route_req *rq, nsp_status *st);
  /* the IPv4 routes of one table in dump order, table 0: every table in
   * the kernel's order; NULL with st when the table does not exist */
  nsp_route *(*route_list)(nsp_backend *b, const char *ns, uint32_t table, size_t *n,
                           nsp_status *st);
  bool (*route_get)(nsp_backend *b, const char *ns, const nsp_route_get_req *q,
                    nsp_route_get *out, nsp_status *st);

  /* policy routing rules (IPv4), in list order */
  bool (*rule_add)(nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st);
  bool (*rule_del)(nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st);
  nsp_rule *(*rule_list)(nsp_backend *b, const char *ns, size_t *n);

  /* nexthop objects (IPv4): add/replace (nlflags as route_add's), delete
   * by id, and the dump in id order -- id != 0: that one, NULL with st
   * (ENOENT) when it does not exist; *n set, one g_free */
  bool (*nexthop_add)(nsp_backend *b, const char *ns, const nsp_nexthop *nh, unsigned nlflags,
                      nsp_status *st);
  bool (*nexthop_del)(nsp_backend *b, const char *ns, const nsp_nexthop *nh, nsp_status *st);
  nsp_nexthop *(*nexthop_list)(nsp_backend *b, const char *ns, uint32_t id, size_t *n,
                               nsp_status *st);

  /* the neighbours of ns in the kernel's dump order (proxy: the proxy
   * table's instead, as a dump with NTF_PROXY); *n set; g_free */
  nsp_neigh *(*neigh_list)(nsp_backend *b, const char *ns, bool proxy, size_t *n);
  /* RTM_NEWNEIGH / RTM_DELNEIGH (net/core/neighbour.c neigh_add(), neigh_delete()) */
  bool (*neigh_modify)(nsp_backend *b, const char *ns, const nsp_neigh_req *rq, nsp_status *st);
  bool (*neigh_del)(nsp_backend *b, const char *ns, const nsp_neigh_req *rq, nsp_status *st);

  /* sysctl by dotted key ("net.ipv4.ip_forward"); value as text */
  bool (*sysctl_get)(nsp_backend *b, const char *ns, const char *key, char *out, size_t cap,
                     nsp_status *st);
  bool (*sysctl_set)(nsp_backend *b, const char *ns, const char *key, const char *value,
                     nsp_status *st);

  /* the namespace's counters, as many as the backend keeps; *n set; g_free */
  nsp_counter *(*counters_read)(nsp_backend *b, const char *ns, size_t *n);

  /* ping */
  nsp_probe *(*probe_open)(nsp_backend *b, const char *ns, const nsp_probe_cfg *cfg,
                           nsp_status *st);
  /* route lookup as connect() on a UDP socket does; fills the source address */
  bool (*probe_connect)(nsp_probe *p, uint32_t *src, nsp_status *st);
  /* sends one echo request with `size` bytes of payload; false + st on a send error */
  bool (*probe_send)(nsp_probe *p, uint16_t seq, size_t size, nsp_status *st);
  /* waits until an event arrives or the clock reaches deadline_ns */
  void (*probe_wait)(nsp_probe *p, uint64_t deadline_ns, nsp_probe_event *ev);
  void (*probe_close)(nsp_probe *p);

  /* captures: open on cfg->dev of ns (st: ENODEV no such device, ENETDOWN
   * down, EINVAL a filter libpcap refuses, with what tcpdump prints after
   * "tcpdump: " in extack); the next frame handed over, without waiting
   * (false when none is there yet) */
  nsp_capture *(*capture_open)(nsp_backend *b, const char *ns, const nsp_capture_cfg *cfg,
                               nsp_status *st);
  bool (*capture_next)(nsp_capture *c, nsp_capture_frame *f);
  void (*capture_stats)(nsp_capture *c, nsp_capture_stats *s);
  void (*capture_close)(nsp_capture *c);

  /* Waits until one of the probes has an event, one of the captures a
   * frame or one of the sockets an event asked for, or the clock reaches
   * deadline_ns (the job scheduler's wait: core/jobs.h); in the simulation
   * the clock runs meanwhile. */
  void (*wait_any)(nsp_backend *b, const nsp_wait_set *ws, uint64_t deadline_ns);
  /* sockets.  Each call returns false (or -1) with st->err a positive errno
   * the way the system call fails on the kernel. */
  nsp_sock *(*sock_open)(nsp_backend *b, const char *ns, const nsp_sock_opts *o, nsp_status *st);
  bool (*sock_bind)(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st);
  /* UDP: sets the peer; TCP: starts the handshake and fails with
   * EINPROGRESS (a non-blocking connect()); POLLOUT then tells it ended,
   * sock_error() how */
  bool (*sock_connect)(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st);
  bool (*sock_listen)(nsp_sock *s, int backlog, nsp_status *st);
  /* a connection that finished its handshake, or NULL with EAGAIN */
  nsp_sock *(*sock_accept)(nsp_sock *s, nsp_sockaddr *peer, nsp_status *st);
  /* to: NULL on a connected socket (send), else sendto(); bytes taken or -1 */
  long (*sock_send)(nsp_sock *s, const void *data, size_t len, const nsp_sockaddr *to,
                    nsp_status *st);
  /* bytes read (0: end of stream), or -1 with EAGAIN or a pending error;
   * from may be NULL; peek: MSG_PEEK */
  long (*sock_recv)(nsp_sock *s, void *buf, size_t cap, nsp_sockaddr *from, bool peek,
                    nsp_status *st);
  /* MSG_ERRQUEUE: the oldest queued error, false when none */
  bool (*sock_recv_err)(nsp_sock *s, nsp_sock_errq *e);
  /* getsockopt(SO_ERROR): the pending error, cleared; 0 when none */
  int (*sock_error)(nsp_sock *s);
  bool (*sock_name)(nsp_sock *s, bool peer, nsp_sockaddr *a, nsp_status *st);
  bool (*sock_shutdown)(nsp_sock *s, int how, nsp_status *st);
  void (*sock_close)(nsp_sock *s);
  /* poll(2) over sockets of the backend: waits until one of them is ready
   * or the clock reaches deadline_ns (now: no waiting); sets revents and
   * returns how many are ready */
  int (*sock_poll)(nsp_backend *b, nsp_pollfd *fds, size_t n, uint64_t deadline_ns);

  /* netfilter (iptables, core/nf.h): a copy of table t of ns with its
   * counters (nsp_nf_table_free), and a table to take its place, counters
   * and all -- iptables-nft reads the ruleset, changes it and commits it.
   * NULL where the backend runs the real program instead (tool_run). */
  nsp_nf_table *(*nf_table_get)(nsp_backend *b, const char *ns, nsp_nf_table_id t,
                                nsp_status *st);
  bool (*nf_table_set)(nsp_backend *b, const char *ns, const nsp_nf_table *t, nsp_status *st);
  /* the connection tracking table of ns (conntrack -L): its *n entries in
   * *out (g_free); ct_flush empties it (conntrack -F).  NULL where the
   * backend runs the real program instead (tool_run). */
  bool (*ct_list)(nsp_backend *b, const char *ns, nsp_ct_entry **out, size_t *n, nsp_status *st);
  bool (*ct_flush)(nsp_backend *b, const char *ns, nsp_status *st);
  /* optional: runs the program argv[0] (an absolute path) inside ns, its
   * standard output and error into *out (g_free) in the order written,
   * its exit status into *status; false (st) when it could not run */
  bool (*tool_run)(nsp_backend *b, const char *ns, char *const *argv, char **out, int *status,
                   nsp_status *st);

  /* time: monotonic ns; sleep lets time pass (the virtual clock runs events) */
  uint64_t (*clock_now)(nsp_backend *b);
  void (*clock_advance)(nsp_backend *b, uint64_t ns);
  /* a random 16-bit value from the backend's generator (ping ident) */
  uint16_t (*random_u16)(nsp_backend *b);

  void (*destroy)(nsp_backend *b);
} nsp_backend_ops;

struct nsp_backend {
  const nsp_backend_ops *ops;
  bool virtual_clock;  /* the simulation's clock, from 0 (CLOCK_MONOTONIC otherwise) */
};

#endif
