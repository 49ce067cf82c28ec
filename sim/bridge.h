/* The Linux bridge (net/bridge), split as the kernel splits it:
 *   sim/bridge.c        br_if.c, br_device.c, br_stp*.c: the bridge device,
 *                       its ports, their states, the bridge id and carrier;
 *   sim/bridge_fdb.c    br_fdb.c: the forwarding database, learning,
 *                       ageing, the permanent local entries;
 *   sim/bridge_input.c  br_input.c, br_forward.c: a frame in on a port or
 *                       out of the bridge device, forwarded or flooded.
 * A bridge is a device of its namespace (kind NSP_LINK_BRIDGE) whose
 * ports are other devices of that namespace. */
#ifndef SIM_BRIDGE_H
#define SIM_BRIDGE_H

#include "sim/sim.h"

/* Port states (include/uapi/linux/if_bridge.h BR_STATE_*). */
enum {
  SIM_BR_DISABLED = 0,
  SIM_BR_LISTENING = 1,
  SIM_BR_LEARNING = 2,
  SIM_BR_FORWARDING = 3,
  SIM_BR_BLOCKING = 4,
};

/* fdb entry flags (br_private.h BR_FDB_*). */
enum {
  SIM_FDB_LOCAL = 1u << 0,
  SIM_FDB_STATIC = 1u << 1,
  SIM_FDB_ADDED_BY_USER = 1u << 3,
};

typedef struct sim_fdb_entry sim_fdb_entry;
struct sim_fdb_entry {
  sim_fdb_entry *prev, *next; /* fdb_list: newest first (hlist_add_head_rcu) */
  uint64_t key;               /* the address as a number: the hash key */
  ether_addr addr;
  sim_bport *dst;             /* NULL: the bridge device itself */
  unsigned flags;             /* SIM_FDB_* */
  uint64_t updated, used;
};

typedef struct {
  GHashTable *by_addr;        /* uint64 key of the address -> sim_fdb_entry* */
  sim_fdb_entry *head;        /* fdb_list */
  sim_timer gc;               /* br_fdb_cleanup(), a delayed work */
} sim_fdb;

struct sim_bport {
  sim_bridge *br;
  sim_iface *dev;
  int port_no;                /* from 1, the lowest free (find_portno()) */
  uint8_t state;              /* SIM_BR_* */
  uint16_t priority;          /* 32 */
  uint32_t path_cost;         /* 2: port_cost() of a 10 Gb/s veth */
  uint64_t enabled_at;        /* when br_stp_enable_port() last ran */
  uint64_t fdt_expires;       /* forward_delay_timer, 0: not pending */
};

/* What became of each frame that came in on a port (sim_bridge_input()).
 * The kernel counts none of these but the drops, by their reason
 * (kfree_skb() in br_handle_frame(), br_handle_frame_finish(),
 * br_forward()); the model counts every fate so that nothing a port takes
 * in vanishes unaccounted (tests/fuzz/fuzz_wire.c sums them). */
typedef enum {
  SIM_BR_FORWARD,     /* to the one port the destination was learnt on */
  SIM_BR_FLOOD,       /* unknown unicast, broadcast, multicast: every other forwarding port */
  SIM_BR_LOCAL,       /* a local entry: only up the bridge device's own stack */
  SIM_BR_PORT_STACK,  /* a link-local group not forwarded: RX_HANDLER_PASS to the port's stack */
  SIM_BR_DROP_FILTERED, /* learnt behind the port it came in on (br_forward(): !should_deliver) */
  SIM_BR_DROP_LEARNING, /* the port is learning: the source learnt, the frame dropped */
  SIM_BR_DROP_SHORT,  /* no whole Ethernet header */
  SIM_BR_DROP_SOURCE, /* a multicast or zero source (!is_valid_ether_addr()) */
  SIM_BR_DROP_PAUSE,  /* 01:80:c2:00:00:01, MAC control (IEEE pause) */
  SIM_BR_DROP_STATE,  /* the port is disabled, listening or blocking */
  SIM_BR_FATE_MAX
} sim_br_fate;

struct sim_bridge {
  sim_iface *dev;
  GPtrArray *ports;           /* sim_bport*, newest first (list_add_rcu) */
  ether_addr id_addr;         /* bridge_id.addr: 0 until a port gives one */
  uint16_t priority;          /* bridge_id.prio: 32768 */
  uint32_t forward_delay_cs, hello_time_cs, max_age_cs, ageing_time_cs; /* centiseconds */
  int stp_state;
  bool carrier;               /* netif_carrier_ok(): on at birth */
  bool gso_limits_set;        /* a port came or went: tso_max_size 524280, not 65536 */
  sim_fdb fdb;
  uint64_t fates[SIM_BR_FATE_MAX]; /* of frames in on the ports */
};

/* bridge.c */
/* A new bridge device NAME in ns, as `ip link add NAME type bridge`. */
sim_iface *sim_bridge_new(sim_netns *ns, const char *name, const nsp_bridge_cfg *cfg);
/* The bridge device goes (its ports are released first: br_dev_delete()). */
void sim_bridge_free(sim_bridge *br);
/* `ip link set DEV master BR`: errno and extack as the kernel answers. */
bool sim_bridge_add_port(sim_bridge *br, sim_iface *dev, nsp_status *st);
void sim_bridge_del_port(sim_bport *p);
/* The device notifier (br_device_event()): the bridge device or a port
 * came up, went down, changed carrier or address. */
void sim_bridge_dev_up(sim_iface *dev);
void sim_bridge_dev_down(sim_iface *dev);
void sim_bridge_port_carrier(sim_iface *dev);
void sim_bridge_port_mac_changed(sim_iface *dev);
void sim_bridge_set_mac(sim_bridge *br, const ether_addr *a);
uint64_t sim_bridge_ageing_ns(const sim_bridge *br);

/* bridge_fdb.c */
void sim_fdb_init(sim_bridge *br);
void sim_fdb_free(sim_bridge *br);
sim_fdb_entry *sim_fdb_find(sim_bridge *br, const ether_addr *a);
/* br_fdb_update(): learn a's source port */
void sim_fdb_update(sim_bridge *br, sim_bport *source, const ether_addr *a);
/* fdb_add_local(): a permanent local entry (a port's or the bridge's own address) */
void sim_fdb_add_local(sim_bridge *br, sim_bport *source, const ether_addr *a);
void sim_fdb_delete_by_port(sim_bridge *br, sim_bport *p, bool all);
void sim_fdb_change_mac_address(sim_bridge *br, const ether_addr *newaddr);
void sim_fdb_changeaddr(sim_bport *p, const ether_addr *newaddr);
bool sim_fdb_has_expired(const sim_bridge *br, const sim_fdb_entry *f);
/* gc work: scheduled (delay in ns) or cancelled */
void sim_fdb_gc_schedule(sim_bridge *br, uint64_t delay);
void sim_fdb_gc_cancel(sim_bridge *br);
/* The entries `bridge fdb show` lists for dev (a port: its master entries;
 * the bridge: the ones for itself), appended to out (nsp_fdb). */
void sim_fdb_dump(sim_bridge *br, sim_iface *dev, GArray *out);

/* bridge_input.c */
/* br_handle_frame(): a frame received on port p */
void sim_bridge_input(sim_bport *p, const uint8_t *frame, size_t len);
/* br_dev_xmit(): a frame the bridge device sends (its Ethernet header written) */
void sim_bridge_xmit(sim_bridge *br, const uint8_t *frame, size_t len);

#endif
