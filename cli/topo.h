/* The world as the backend tells it at one moment (either backend: the
 * simulation's state, or the kernel's read back through netlink and
 * /proc/sys): every namespace with its forwarding flag, interfaces and
 * their addresses, and its main routing table as `ip route show` prints
 * it.  What `nspath graph` draws and `nspath report` lists. */
#ifndef CLI_TOPO_H
#define CLI_TOPO_H

#include <glib.h>

#include "core/backend.h"

typedef struct {
  nsp_link link;
  GPtrArray *addrs;     /* char*: "192.0.2.1/24" in `ip address` order */
  int forwarding;       /* net.ipv4.conf.IF.forwarding; -1 unknown */
} topo_iface;

typedef struct {
  char *name;           /* "" for the scenario's root namespace */
  int ip_forward;       /* net.ipv4.ip_forward; -1 unknown */
  GArray *ifaces;       /* topo_iface, ordered by ifindex */
  GPtrArray *routes;    /* char*: the lines of `ip route show` */
} topo_ns;

/* Every namespace, the root first, then as `ip netns list` shows them,
 * oldest first.  Reading runs `ip route show` in each through the command
 * layer, without pace: nothing changes in the world. */
GPtrArray *topo_read(nsp_backend *be);
void topo_free(GPtrArray *t);

/* The namespace and interface called ns and dev in t, or NULL. */
const topo_iface *topo_find(const GPtrArray *t, const char *ns, const char *dev, const topo_ns **in);

#endif
