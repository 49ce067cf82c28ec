/* A device's multicast address list (dev->mc: net/core/dev_addr_lists.c
 * dev_mc_add()/dev_mc_del(), in the order first added, with a reference
 * count), and the groups the stacks put there by themselves -- what
 * `bridge fdb show` lists as "33:33:00:00:00:01 dev X self permanent"
 * (ndo_dflt_fdb_dump()).  Recorded on the kernel (tests/scenarios/README.md):
 *
 *   register    IPv6 joins all-nodes ff02::1 (ipv6_add_dev(); the group is
 *               "loaded" into dev->mc even while the device is down)
 *   open        a bridge joins the snoopers' groups 224.0.0.106 and ff02::6a
 *               (br_multicast_join_snoopers(), in ndo_open)
 *   up          IPv4 joins all-hosts 224.0.0.1 (ip_mc_up()), IPv6 loads the
 *               groups it had unloaded (ipv6_mc_up()): all-nodes again
 *   link-local  IPv6 joins the address's solicited-node group
 *               ff02::1:ffXX:XXXX (addrconf_join_solict())
 *   down        the bridge leaves its snoopers' groups (ndo_stop), IPv4
 *               drops all-hosts (ip_mc_down()), IPv6 unloads every group
 *               (ipv6_mc_down()) and leaves the link-local's (addrconf_ifdown())
 *   unregister  (a move to another namespace too) everything goes
 *
 * With net.ipv6.conf.DEV.disable_ipv6 set IPv6 stops short of all that
 * but the register's all-nodes; setting it on an up device unloads IPv6's
 * groups as a down would, clearing it loads them as an up would
 * (dev_disable_change()).
 *
 * IPv4 multicast addresses map to 01:00:5e plus the low 23 bits, IPv6 ones
 * to 33:33 plus the low 32 bits. */
#include <string.h>

#include "sim/bridge.h"

typedef struct {
  ether_addr addr;
  int refs;
} mc_ent;

static void mc_v4(uint32_t group, ether_addr *a) {
  *a = (ether_addr){{0x01, 0x00, 0x5e, (uint8_t)((group >> 16) & 0x7f), (uint8_t)(group >> 8),
                     (uint8_t)group}};
}

static void mc_v6(uint32_t low32, ether_addr *a) {
  *a = (ether_addr){{0x33, 0x33, (uint8_t)(low32 >> 24), (uint8_t)(low32 >> 16),
                     (uint8_t)(low32 >> 8), (uint8_t)low32}};
}

void sim_mc_add(sim_iface *dev, const ether_addr *a) {
  if (!dev->mc) dev->mc = g_array_new(FALSE, FALSE, sizeof(mc_ent));
  for (guint i = 0; i < dev->mc->len; i++) {
    mc_ent *e = &g_array_index(dev->mc, mc_ent, i);
    if (ether_addr_eq(&e->addr, a)) {
      e->refs++;
      return;
    }
  }
  mc_ent e = {.addr = *a, .refs = 1};
  g_array_append_val(dev->mc, e);
}

void sim_mc_del(sim_iface *dev, const ether_addr *a) {
  for (guint i = 0; dev->mc && i < dev->mc->len; i++) {
    mc_ent *e = &g_array_index(dev->mc, mc_ent, i);
    if (!ether_addr_eq(&e->addr, a)) continue;
    if (--e->refs == 0) g_array_remove_index(dev->mc, i);
    return;
  }
}

size_t sim_mc_count(const sim_iface *dev) { return dev->mc ? dev->mc->len : 0; }

const ether_addr *sim_mc_at(const sim_iface *dev, size_t i) {
  return &g_array_index(dev->mc, mc_ent, i).addr;
}

static bool mc_ethernet(const sim_iface *dev) { return dev->kind != NSP_LINK_LOOPBACK; }

/* IPv6's groups of the device: all-nodes (always), the bridge snoopers'
 * ff02::6a while the bridge is open, the link-local's solicited-node one. */
void sim_mc_v6_load(sim_iface *dev, bool load) {
  ether_addr a;
  mc_v6(1, &a);
  if (load && !dev->mc6_allnodes_loaded) sim_mc_add(dev, &a);
  if (!load && dev->mc6_allnodes_loaded) sim_mc_del(dev, &a);
  dev->mc6_allnodes_loaded = load;
}

void sim_mc_register(sim_iface *dev) {
  if (mc_ethernet(dev)) sim_mc_v6_load(dev, true);
}

void sim_mc_unregister(sim_iface *dev) {
  if (dev->mc) g_array_set_size(dev->mc, 0);
  dev->mc6_allnodes_loaded = false;
}

void sim_mc_open(sim_iface *dev) {
  ether_addr a;
  if (!mc_ethernet(dev)) return;
  if (dev->br) {
    mc_v4(0xe000006au, &a); /* 224.0.0.106 */
    sim_mc_add(dev, &a);
    mc_v6(0x6a, &a);        /* ff02::6a */
    sim_mc_add(dev, &a);
  }
  mc_v4(0xe0000001u, &a);   /* all-hosts */
  sim_mc_add(dev, &a);
  /* addrconf_notify(NETDEV_UP) stops short of ipv6_mc_up() when IPv6 is
   * disabled on the device */
  if (!dev->disable_ipv6) sim_mc_v6_load(dev, true);
}

/* The solicited-node group of the EUI-64 link-local address made from mac. */
static void mc_solicited(const ether_addr *mac, ether_addr *a) {
  mc_v6(0xff000000u | (uint32_t)mac->b[3] << 16 | (uint32_t)mac->b[4] << 8 | mac->b[5], a);
}

void sim_mc_ll6(sim_iface *dev, bool on) {
  ether_addr a;
  if (!mc_ethernet(dev) || on == dev->mc6_ll_joined) return;
  mc_solicited(&dev->ll6_mac, &a);
  if (on) sim_mc_add(dev, &a);
  else sim_mc_del(dev, &a);
  dev->mc6_ll_joined = on;
}

void sim_mc_close(sim_iface *dev) {
  ether_addr a;
  if (!mc_ethernet(dev)) return;
  if (dev->br) {
    mc_v4(0xe000006au, &a);
    sim_mc_del(dev, &a);
    mc_v6(0x6a, &a);
    sim_mc_del(dev, &a);
  }
  mc_v4(0xe0000001u, &a);
  sim_mc_del(dev, &a);
  /* addrconf_ifdown(): ipv6_mc_down() only for a device that was ready */
  if (!dev->disable_ipv6) sim_mc_v6_load(dev, false);
  sim_mc_ll6(dev, false);
}
