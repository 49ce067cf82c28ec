/* `bridge` (iproute2 6.1 bridge/bridge.c, fdb.c, link.c): `bridge fdb
 * show [br BR] [dev DEV]` and `bridge link show [dev DEV]`, what the book
 * runs; other objects and actions are refused as not modelled. */
#include <string.h>

#include "core/cmd.h"
#include "core/ip_util.h"

static const char *const bridge_stp_states[] = {"disabled", "listening", "learning", "forwarding",
                                                "blocking"};

static const nsp_link *bridge_find(const nsp_link *l, size_t n, int ifindex) {
  for (size_t i = 0; i < n; i++)
    if (l[i].ifindex == ifindex) return &l[i];
  return NULL;
}

/* fdb.c print_fdb(): "MAC [dev DEV] [self] [master BR] STATE" */
static void bridge_fdb_print(nsp_cmd_ctx *c, const nsp_fdb *e, const nsp_link *l, size_t n,
                             bool with_dev) {
  char mac[18], name[NSP_IFNAMSIZ + 4];
  nsp_out(c, "%s ", ether_addr_ntop(&e->mac, mac));
  if (with_dev) {
    const nsp_link *d = bridge_find(l, n, e->ifindex);
    if (d) g_strlcpy(name, d->name, sizeof name);
    else g_snprintf(name, sizeof name, "if%d", e->ifindex);
    nsp_out(c, "dev %s ", name);
  }
  if (e->self) nsp_out(c, "self ");
  if (e->master_ifindex) {
    const nsp_link *m = bridge_find(l, n, e->master_ifindex);
    nsp_out(c, "master %s ", m ? m->name : "");
  }
  /* state_n2a() */
  const char *state = e->state & NSP_NUD_PERMANENT ? "permanent"
                       : e->state & NSP_NUD_NOARP  ? "static"
                       : e->state & NSP_NUD_STALE  ? "stale"
                                                   : "";
  nsp_out(c, "%s\n", state);
}

/* bridge fdb show [br BR] [dev DEV]: the kernel filters by bridge
 * (rtnl_fdb_dump() with NDA_MASTER: the bridge and its ports) and by
 * device (ndm_ifindex); with dev, iproute2 leaves "dev X" out */
static nsp_line_result bridge_fdb_show(nsp_cmd_ctx *c, int argc, char **argv) {
  const char *br = NULL, *dev = NULL;
  for (; argc > 0; argc--, argv++) {
    if (!strcmp(argv[0], "dev") || !strcmp(argv[0], "brport")) {
      NSP_NEXT_ARG(c, argc, argv);
      dev = argv[0];
    } else if (!strcmp(argv[0], "br")) {
      NSP_NEXT_ARG(c, argc, argv);
      br = argv[0];
    } else {
      return nsp_unsupported(c, "bridge fdb show argument \"%s\" is not modelled", argv[0]);
    }
  }
  int br_idx = 0, dev_idx = 0;
  if (br && !(br_idx = nsp_ifindex_by_name(c, br))) {
    nsp_out(c, "Cannot find bridge device \"%s\"\n", br);
    c->status = 255;
    return NSP_LINE_OK;
  }
  if (dev && !(dev_idx = nsp_ifindex_by_name(c, dev))) {
    nsp_out(c, "Cannot find device \"%s\"\n", dev);
    c->status = 255;
    return NSP_LINE_OK;
  }
  size_t n, nl;
  nsp_fdb *f = c->be->ops->fdb_list(c->be, c->ns, &n);
  nsp_link *l = c->be->ops->link_list(c->be, c->ns, &nl);
  const nsp_link *brl = br_idx ? bridge_find(l, nl, br_idx) : NULL;
  for (size_t i = 0; i < n; i++) {
    const nsp_link *d = bridge_find(l, nl, f[i].ifindex);
    if (dev_idx && f[i].ifindex != dev_idx) continue;
    /* "br X": X and its ports, when X is a bridge (else: nothing matches) */
    if (br_idx && (!brl || brl->kind != NSP_LINK_BRIDGE || !d ||
                   (d->ifindex != br_idx && d->master_ifindex != br_idx)))
      continue;
    bridge_fdb_print(c, &f[i], l, nl, !dev_idx);
  }
  g_free(f);
  g_free(l);
  return NSP_LINE_OK;
}

/* link.c print_link_flags(): as ip link's, M-DOWN after the flags */
static void bridge_link_flags(nsp_cmd_ctx *c, const nsp_link *l, bool m_down) {
  GString *f = g_string_new(NULL);
  if ((l->flags & NSP_IFF_UP) && !(l->flags & NSP_IFF_RUNNING)) g_string_append(f, "NO-CARRIER,");
  if (l->flags & NSP_IFF_BROADCAST) g_string_append(f, "BROADCAST,");
  if (l->flags & NSP_IFF_MULTICAST) g_string_append(f, "MULTICAST,");
  if (l->flags & NSP_IFF_UP) g_string_append(f, "UP,");
  if (l->flags & NSP_IFF_LOWER_UP) g_string_append(f, "LOWER_UP,");
  if (f->len) g_string_truncate(f, f->len - 1);
  if (m_down) g_string_append(f, ",M-DOWN");
  nsp_out(c, "<%s> ", f->str);
  g_string_free(f, TRUE);
}

/* link.c print_linkinfo() of a port (the AF_BRIDGE dump lists ports only):
 * its peer's index is looked up in this namespace, netnsid or not
 * (print_name_and_link() without IFLA_LINK_NETNSID, which the bridge's
 * message lacks): a veth whose peer lives elsewhere shows the name of
 * whatever device has that index here, if any */
static void bridge_link_print(nsp_cmd_ctx *c, const nsp_link *p, const nsp_link *l, size_t n) {
  nsp_out(c, "%d: %s", p->ifindex, p->name);
  bool m_down = false;
  if (p->peer_ifindex) {
    const nsp_link *peer = bridge_find(l, n, p->peer_ifindex);
    if (peer) nsp_out(c, "@%s", peer->name);
    else nsp_out(c, "@if%d", p->peer_ifindex);
    m_down = peer && !(peer->flags & NSP_IFF_UP);
  }
  nsp_out(c, ": ");
  bridge_link_flags(c, p, m_down);
  const nsp_link *m = bridge_find(l, n, p->master_ifindex);
  nsp_out(c, "mtu %u master %s ", p->mtu, m ? m->name : "");
  if (p->port.state <= 4) nsp_out(c, "state %s ", bridge_stp_states[p->port.state]);
  else nsp_out(c, "state (%d) ", p->port.state);
  nsp_out(c, "priority %u cost %u \n", p->port.priority, p->port.cost);
}

static nsp_line_result bridge_link_show(nsp_cmd_ctx *c, int argc, char **argv) {
  const char *dev = NULL;
  for (; argc > 0; argc--, argv++) {
    if (!strcmp(argv[0], "dev")) {
      NSP_NEXT_ARG(c, argc, argv);
      dev = argv[0];
    } else {
      return nsp_unsupported(c, "bridge link show argument \"%s\" is not modelled", argv[0]);
    }
  }
  int idx = 0;
  if (dev && !(idx = nsp_ifindex_by_name(c, dev))) {
    nsp_out(c, "Cannot find device \"%s\"\n", dev);
    c->status = 255;
    return NSP_LINE_OK;
  }
  size_t n;
  nsp_link *l = c->be->ops->link_list(c->be, c->ns, &n);
  for (size_t i = 0; i < n; i++)
    if (l[i].master_ifindex && (!idx || l[i].ifindex == idx)) bridge_link_print(c, &l[i], l, n);
  g_free(l);
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_bridge(nsp_cmd_ctx *c, int argc, char **argv) {
  argc--, argv++;
  while (argc > 0 && argv[0][0] == '-' && argv[0][1])
    return nsp_unsupported(c, "bridge option \"%s\" is not modelled", argv[0]);
  if (argc < 1) return nsp_unsupported(c, "bridge without an object prints its usage");
  const char *obj = argv[0];
  argc--, argv++;
  bool show = argc == 0 || nsp_matches(argv[0], "show") || nsp_matches(argv[0], "list") ||
              nsp_matches(argv[0], "lst");
  if (nsp_matches(obj, "fdb")) {
    if (!show) return nsp_unsupported(c, "bridge fdb %s is not modelled", argv[0]);
    return bridge_fdb_show(c, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
  }
  if (nsp_matches(obj, "link")) {
    if (!show) return nsp_unsupported(c, "bridge link %s is not modelled", argv[0]);
    return bridge_link_show(c, argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
  }
  if (nsp_matches(obj, "mdb") || nsp_matches(obj, "vlan") || nsp_matches(obj, "monitor") ||
      nsp_matches(obj, "vni") || nsp_matches(obj, "help"))
    return nsp_unsupported(c, "bridge %s is not modelled", obj);
  nsp_out(c, "Object \"%s\" is unknown, try \"bridge help\".\n", obj);
  c->status = 255;
  return NSP_LINE_OK;
}
