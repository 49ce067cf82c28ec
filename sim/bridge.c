/* The bridge device and its ports (net/bridge/br_if.c, br_device.c,
 * br_stp.c, br_stp_if.c), with spanning tree off.
 *
 * The bridge's address: a random one at birth (addr_assign_type RANDOM),
 * but its bridge id starts at 00:00:00:00:00:00, so the first port makes
 * br_stp_recalculate_bridge_id() take the lowest port address for both;
 * every port added or removed recalculates it, and without ports it is
 * 00:00:00:00:00:00 again -- unless the address was set by hand (`ip link
 * set br0 address`, or `address` at creation: NET_ADDR_SET), which stays.
 *
 * Carrier: on at birth, and a port-less bridge keeps it (ip link shows
 * LOWER_UP, state UNKNOWN); from then on br_port_state_selection() sets it
 * to "some port forwards", which runs when a port is enabled or disabled,
 * or the bridge id changes -- adding a down port that lowers the id drops
 * the carrier at once.  The operational state follows the carrier through
 * linkwatch, which treats a bridge's event as not urgent: at most one run
 * a second (sim/linkwatch.c).
 *
 * With STP off a port is forwarding as soon as it is up with carrier
 * (br_make_forwarding() skips listening and learning), disabled otherwise;
 * disabling it forgets what was learnt on it (br_fdb_delete_by_port()). */
#include <errno.h>
#include <string.h>

#include "sim/bridge.h"

#define BR_DEFAULT_FORWARD_DELAY 1500 /* centiseconds (15 s) */
#define BR_DEFAULT_HELLO 200
#define BR_DEFAULT_MAX_AGE 2000
#define BR_DEFAULT_AGEING 30000       /* 300 s */
#define BR_CS_NS 10000000ULL

uint64_t sim_bridge_ageing_ns(const sim_bridge *br) { return br->ageing_time_cs * BR_CS_NS; }

static bool br_port_up(const sim_bport *p) {
  return p->dev->up && sim_iface_oper_up(p->dev);
}

/* br_port_state_selection() with STP off: every port that is not disabled
 * forwards; the carrier says whether one does. */
static void br_port_state_selection(sim_bridge *br) {
  unsigned live = 0;
  for (guint i = 0; i < br->ports->len; i++) {
    sim_bport *p = g_ptr_array_index(br->ports, i);
    if (p->state == SIM_BR_DISABLED) continue;
    /* br_make_forwarding(): forwarding at once, and the forward delay
     * timer armed all the same (it does nothing when it fires) */
    if (p->state == SIM_BR_BLOCKING) {
      p->state = SIM_BR_FORWARDING;
      p->fdt_expires = br->forward_delay_cs ? br->dev->ns->w->now + br->forward_delay_cs * BR_CS_NS : 0;
    }
    if (p->state == SIM_BR_FORWARDING) live++;
  }
  bool carrier = live > 0;
  if (carrier != br->carrier) {
    br->carrier = carrier;
    sim_iface_carrier_changed(br->dev);
  }
}

static void br_stp_enable_port(sim_bport *p) {
  p->state = SIM_BR_BLOCKING; /* br_init_port() */
  p->enabled_at = p->dev->ns->w->now;
  br_port_state_selection(p->br);
}

static void br_stp_disable_port(sim_bport *p) {
  p->state = SIM_BR_DISABLED;
  p->fdt_expires = 0;
  sim_fdb_delete_by_port(p->br, p, false);
  br_port_state_selection(p->br);
}

/* br_stp_change_bridge_id(): the fdb's entry for the bridge moves to the
 * new address, which becomes the device's too */
static void br_change_bridge_id(sim_bridge *br, const ether_addr *a) {
  sim_fdb_change_mac_address(br, a);
  br->id_addr = *a;
  if (!ether_addr_eq(&br->dev->mac, a)) sim_iface_mac_changed(br->dev, a);
  br_port_state_selection(br);
}

/* br_stp_recalculate_bridge_id(): the lowest port address (or none) */
static bool br_recalculate_bridge_id(sim_bridge *br) {
  if (br->dev->mac_set) return false;
  const ether_addr *addr = &ETHER_ADDR_ZERO;
  bool any = false;
  for (guint i = 0; i < br->ports->len; i++) {
    const sim_bport *p = g_ptr_array_index(br->ports, i);
    if (!any || memcmp(p->dev->mac.b, addr->b, ETHER_ADDR_LEN) < 0) addr = &p->dev->mac;
    any = true;
  }
  if (ether_addr_eq(&br->id_addr, addr)) return false;
  br_change_bridge_id(br, addr);
  return true;
}

static long br_cfg(long v, long dflt) { return v >= 0 ? v : dflt; }

sim_iface *sim_bridge_new(sim_netns *ns, const char *name, const nsp_bridge_cfg *cfg) {
  sim_iface *dev = sim_iface_new(ns, name, NSP_LINK_BRIDGE);
  sim_bridge *br = g_new0(sim_bridge, 1);
  dev->br = br;
  br->dev = dev;
  br->ports = g_ptr_array_new();
  br->priority = (uint16_t)br_cfg(cfg->priority, 32768);
  br->forward_delay_cs = (uint32_t)br_cfg(cfg->forward_delay, BR_DEFAULT_FORWARD_DELAY);
  br->hello_time_cs = (uint32_t)br_cfg(cfg->hello_time, BR_DEFAULT_HELLO);
  br->max_age_cs = (uint32_t)br_cfg(cfg->max_age, BR_DEFAULT_MAX_AGE);
  br->ageing_time_cs = (uint32_t)br_cfg(cfg->ageing_time, BR_DEFAULT_AGEING);
  br->stp_state = (int)br_cfg(cfg->stp_state, 0);
  br->carrier = true;
  sim_fdb_init(br);
  if (cfg->has_mac) {
    dev->mac = cfg->mac;
    dev->mac_set = true;
  }
  /* NETDEV_REGISTER: br_fdb_change_mac_address() files the device's address */
  sim_fdb_add_local(br, NULL, &dev->mac);
  return dev;
}

static int br_find_portno(const sim_bridge *br) {
  for (int no = 1;; no++) {
    bool used = false;
    for (guint i = 0; i < br->ports->len && !used; i++)
      used = ((const sim_bport *)g_ptr_array_index(br->ports, i))->port_no == no;
    if (!used) return no;
  }
}

bool sim_bridge_add_port(sim_bridge *br, sim_iface *dev, nsp_status *st) {
  /* br_add_if(): only Ethernet devices, no bridge in a bridge */
  if (dev->kind == NSP_LINK_LOOPBACK) {
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  if (dev->kind == NSP_LINK_BRIDGE) {
    nsp_status_set(st, ELOOP, "Can not enslave a bridge to a bridge");
    return false;
  }
  if (dev->bport) {
    if (dev->bport->br == br) return true; /* do_set_master(): nothing to do */
    sim_bridge_del_port(dev->bport);       /* ... else it leaves its master first */
  }
  sim_bport *p = g_new0(sim_bport, 1);
  p->br = br;
  p->dev = dev;
  p->port_no = br_find_portno(br);
  p->priority = 32;
  p->path_cost = 2;
  p->state = SIM_BR_DISABLED;
  dev->bport = p;
  dev->promisc++;                 /* br_manage_promisc(): no VLAN filtering */
  dev->allmulti++;                /* dev_set_allmulti(dev, 1) */
  g_ptr_array_insert(br->ports, 0, p);
  br->gso_limits_set = true;      /* br_set_gso_limits(): the ports' tso_max_size */
  sim_fdb_add_local(br, p, &dev->mac);
  br_recalculate_bridge_id(br);
  if (dev->up && sim_iface_oper_up(dev) && br->dev->up) br_stp_enable_port(p);
  return true;
}

/* del_nbp() then br_del_if()'s recalculation */
void sim_bridge_del_port(sim_bport *p) {
  sim_bridge *br = p->br;
  sim_iface *dev = p->dev;
  p->state = SIM_BR_DISABLED;    /* br_stp_disable_port() */
  sim_fdb_delete_by_port(br, p, false);
  br_port_state_selection(br);
  g_ptr_array_remove(br->ports, p);
  sim_fdb_delete_by_port(br, p, true);
  dev->bport = NULL;
  dev->promisc--;
  dev->allmulti--;
  g_free(p);
  br_recalculate_bridge_id(br);
}

void sim_bridge_free(sim_bridge *br) {
  while (br->ports->len) sim_bridge_del_port(g_ptr_array_index(br->ports, 0));
  sim_fdb_free(br);
  g_ptr_array_free(br->ports, TRUE);
  br->dev->br = NULL;
  g_free(br);
}

/* br_dev_open() / NETDEV_UP of a port */
void sim_bridge_dev_up(sim_iface *dev) {
  if (dev->br) {
    sim_bridge *br = dev->br;
    sim_fdb_gc_schedule(br, 100000000ULL); /* mod_delayed_work(gc_work, HZ / 10) */
    for (guint i = 0; i < br->ports->len; i++) {
      sim_bport *p = g_ptr_array_index(br->ports, i);
      if (br_port_up(p)) br_stp_enable_port(p);
    }
  } else if (dev->bport && dev->bport->br->dev->up && br_port_up(dev->bport)) {
    br_stp_enable_port(dev->bport);
  }
}

/* br_dev_stop() / NETDEV_DOWN of a port */
void sim_bridge_dev_down(sim_iface *dev) {
  if (dev->br) {
    for (guint i = 0; i < dev->br->ports->len; i++) {
      sim_bport *p = g_ptr_array_index(dev->br->ports, i);
      if (p->state != SIM_BR_DISABLED) br_stp_disable_port(p);
    }
    sim_fdb_gc_cancel(dev->br);
  } else if (dev->bport && dev->bport->br->dev->up) {
    br_stp_disable_port(dev->bport);
  }
}

/* br_port_carrier_check() on NETDEV_CHANGE */
void sim_bridge_port_carrier(sim_iface *dev) {
  sim_bport *p = dev->bport;
  if (!p || !p->br->dev->up) return;
  if (br_port_up(p)) {
    if (p->state == SIM_BR_DISABLED) br_stp_enable_port(p);
  } else if (p->state != SIM_BR_DISABLED) {
    br_stp_disable_port(p);
  }
}

/* NETDEV_CHANGEADDR of a port: its new address replaces its local entry
 * and may change the bridge id */
void sim_bridge_port_mac_changed(sim_iface *dev) {
  sim_fdb_changeaddr(dev->bport, &dev->mac);
  br_recalculate_bridge_id(dev->bport->br);
}

/* br_set_mac_address(): by hand, for good (NET_ADDR_SET) */
void sim_bridge_set_mac(sim_bridge *br, const ether_addr *a) {
  br->dev->mac_set = true;
  if (!ether_addr_eq(&br->dev->mac, a)) br_change_bridge_id(br, a);
}
