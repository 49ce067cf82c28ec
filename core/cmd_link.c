/* `ip link` (ip/iplink.c, ip/link_veth.c). */
#include <string.h>

#include "core/ip_show.h"
#include "core/ip_util.h"
#include "core/link_bridge.h"
#include "proto/ether.h"

/* The naming words of iplink_parse() (ip/iplink.c, iproute2 6.1): "name N"
 * names the link, "dev D" or a bare word names the device; creating wants
 * both to be one name.  Other iplink words are options nspath does not model. */
typedef struct {
  const char *name, *dev;
  const char *mac;     /* address MAC (a bridge's) */
} link_names;

static bool link_word_is_option(const char *w) {
  static const char *const opts[] = {
      "up", "down", "index", "link", "address", "broadcast", "brd", "txqueuelen", "qlen",
      "txqlen", "mtu", "netns", "multicast", "allmulticast", "promisc", "trailers", "arp",
      "carrier", "vf", "master", "vrf", "nomaster", "dynamic", "alias", "group", "mode",
      "state", "numtxqueues", "numrxqueues", "addrgenmode", "link-netns", "link-netnsid",
      "protodown", "protodown_reason", "gso_max_size", "gso_max_segs", "help"};
  for (size_t i = 0; i < G_N_ELEMENTS(opts); i++)
    if (strcmp(w, opts[i]) == 0) return true;
  return false;
}

/* Reads naming words until "type" or the end; false when iproute2 stopped
 * (status set) or nspath cannot go on (*lr unsupported). */
static bool link_names_read(nsp_cmd_ctx *c, int *argc, char ***argv, link_names *ln,
                            nsp_line_result *lr) {
  *ln = (link_names){0};
  for (; *argc > 0 && strcmp((*argv)[0], "type") != 0; (*argc)--, (*argv)++) {
    bool is_name = strcmp((*argv)[0], "name") == 0;
    if (strcmp((*argv)[0], "address") == 0 && *argc > 1) {
      ln->mac = (*argv)[1];
      (*argc)--, (*argv)++;
      continue;
    }
    if (!is_name && strcmp((*argv)[0], "dev") != 0 && link_word_is_option((*argv)[0])) {
      *lr = nsp_unsupported(c, "ip link add option \"%s\"", (*argv)[0]);
      return false;
    }
    if (is_name || strcmp((*argv)[0], "dev") == 0) {
      if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
      (*argc)--, (*argv)++;
    }
    const char *w = (*argv)[0];
    if (is_name && ln->name) return c->status = nsp_ip_duparg(c, "name", w), false;
    if (!is_name && ln->dev != ln->name) return c->status = nsp_ip_duparg2(c, "dev", w), false;
    if (!nsp_ifname_valid(w))
      return c->status = nsp_ip_invarg(c, "\"name\" not a valid ifname", w), false;
    if (is_name) ln->name = w;
    if (!is_name || !ln->dev) ln->dev = w;
  }
  if (ln->name && ln->dev && strcmp(ln->name, ln->dev) != 0) {
    nsp_out(c, "both \"name\" and \"dev\" cannot be used when creating devices.\n");
    return c->status = 255, false;
  }
  if (!ln->name) ln->name = ln->dev;
  return true;
}

/* ip link add [dev] NAME [address MAC] type bridge [OPTIONS] */
static nsp_line_result link_add_bridge(nsp_cmd_ctx *c, const link_names *self, int argc, char **argv) {
  nsp_bridge_cfg cfg;
  nsp_bridge_cfg_init(&cfg);
  if (self->mac) {
    if (!ether_addr_pton(self->mac, &cfg.mac)) {
      nsp_out(c, "\"%s\" is invalid lladdr.\n", self->mac);
      c->status = 255;
      return NSP_LINE_OK;
    }
    cfg.has_mac = true;
  }
  nsp_line_result lr = nsp_link_bridge_parse(c, argc, argv, &cfg);
  if (lr != NSP_LINE_OK || c->status) return lr;
  if (!self->name) return nsp_unsupported(c, "a bridge without a name");
  nsp_status st = {0};
  if (!c->be->ops->link_add_bridge(c->be, c->ns, self->name, &cfg, &st)) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
  return NSP_LINE_OK;
}

/* ip link add [name] NAME type veth [peer [name] PEER] (ip/link_veth.c parses
 * the peer's words with iplink_parse() too) */
static nsp_line_result link_add(nsp_cmd_ctx *c, int argc, char **argv) {
  link_names self, peer = {0};
  nsp_line_result lr = NSP_LINE_OK;
  if (!link_names_read(c, &argc, &argv, &self, &lr)) return lr;
  if (argc == 0) {
    nsp_out(c, "Not enough information: \"type\" argument is required\n");
    c->status = 255;
    return NSP_LINE_OK;
  }
  NSP_NEXT_ARG(c, argc, argv);
  const char *type = argv[0];
  argc--, argv++;
  if (strcmp(type, "bridge") == 0) return link_add_bridge(c, &self, argc, argv);
  if (strcmp(type, "veth") != 0) return nsp_unsupported(c, "link type \"%s\"", type);
  if (argc > 0 && strcmp(argv[0], "peer") == 0) {
    argc--, argv++;
    if (!link_names_read(c, &argc, &argv, &peer, &lr)) return lr;
  }
  if (argc > 0) return nsp_unsupported(c, "ip link add option \"%s\"", argv[0]);
  if (self.mac || peer.mac) return nsp_unsupported(c, "ip link add option \"address\" for a veth");
  if (!self.name || !peer.name) return nsp_unsupported(c, "veth without explicit names");
  nsp_status st = {0};
  if (!c->be->ops->link_add_veth(c->be, c->ns, self.name, peer.name, &st)) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
  return NSP_LINE_OK;
}

typedef struct {
  const char *dev;
  int up;               /* -1 unchanged */
  const char *netns;
  const char *addr;
  const char *master;   /* master BR */
  bool nomaster;
} link_set_req;

static nsp_line_result link_set_parse(nsp_cmd_ctx *c, int argc, char **argv, link_set_req *r) {
  r->dev = r->netns = r->addr = r->master = NULL;
  r->nomaster = false;
  r->up = -1;
  while (argc > 0) {
    if (strcmp(argv[0], "up") == 0) r->up = 1;
    else if (strcmp(argv[0], "down") == 0) r->up = 0;
    else if (strcmp(argv[0], "netns") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      if (r->netns) {
        c->status = nsp_ip_duparg(c, "netns", argv[0]);
        return NSP_LINE_OK;
      }
      r->netns = argv[0];
    } else if (strcmp(argv[0], "address") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      r->addr = argv[0];
    } else if (strcmp(argv[0], "master") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      /* iplink_parse(): the master's index, looked up at once */
      if (!nsp_ifindex_by_name(c, argv[0])) {
        nsp_out(c, "Error: argument \"%s\" is wrong: Device does not exist\n\n", argv[0]);
        c->status = 255;
        c->exited = true;
        return NSP_LINE_OK;
      }
      r->master = argv[0];
    } else if (strcmp(argv[0], "nomaster") == 0) {
      r->nomaster = true;
    } else if (strcmp(argv[0], "dev") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      r->dev = argv[0];
    } else if (!r->dev) {
      r->dev = argv[0];
    } else {
      return nsp_unsupported(c, "ip link set option \"%s\"", argv[0]);
    }
    argc--, argv++;
  }
  return NSP_LINE_OK;
}

static bool link_set_apply(nsp_cmd_ctx *c, const link_set_req *r, int idx, nsp_status *st) {
  nsp_backend *be = c->be;
  if (r->addr) {
    ether_addr mac;
    if (!ether_addr_pton(r->addr, &mac)) {
      nsp_out(c, "\"%s\" is invalid lladdr.\n", r->addr);
      c->status = 255;
      return true;
    }
    if (!be->ops->link_set_mac(be, c->ns, idx, &mac, st)) return false;
  }
  if (r->netns) return be->ops->link_set_netns(be, c->ns, idx, r->netns, st);
  /* do_setlink(): IFLA_MASTER before the flags */
  if ((r->master || r->nomaster) &&
      !be->ops->link_set_master(be, c->ns, idx, r->master ? nsp_ifindex_by_name(c, r->master) : 0, st))
    return false;
  if (r->up >= 0) return be->ops->link_set_up(be, c->ns, idx, r->up == 1, st);
  return true;
}

static nsp_line_result link_set(nsp_cmd_ctx *c, int argc, char **argv) {
  link_set_req r;
  nsp_line_result lr = link_set_parse(c, argc, argv, &r);
  if (lr != NSP_LINE_OK || c->status) return lr; /* unsupported, or iproute2 already said no */
  if (!r.dev) {
    nsp_out(c, "Not enough information: \"dev\" argument is required.\n");
    c->status = 255;
    c->exited = true; /* iplink.c: exit(-1) */
    return NSP_LINE_OK;
  }
  if (r.netns && !c->be->ops->netns_exists(c->be, r.netns)) {
    c->status = nsp_ip_invarg(c, "Invalid \"netns\" value\n", r.netns);
    return NSP_LINE_OK;
  }
  int idx = nsp_ifindex_by_name(c, r.dev);
  if (!idx) {
    c->status = nsp_ip_nodev(c, r.dev);
    return NSP_LINE_OK;
  }
  nsp_status st = {0};
  if (!link_set_apply(c, &r, idx, &st)) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
  return NSP_LINE_OK;
}

static nsp_line_result link_del(nsp_cmd_ctx *c, int argc, char **argv) {
  if (argc > 0 && strcmp(argv[0], "dev") == 0) NSP_NEXT_ARG(c, argc, argv);
  if (argc < 1) {
    nsp_out(c, "Not enough information: \"dev\" argument is required.\n");
    c->status = 255;
    c->exited = true; /* iplink.c: exit(-1) */
    return NSP_LINE_OK;
  }
  int idx = nsp_ifindex_by_name(c, argv[0]);
  if (!idx) {
    c->status = nsp_ip_nodev(c, argv[0]);
    return NSP_LINE_OK;
  }
  nsp_status st = {0};
  if (!c->be->ops->link_del(c->be, c->ns, idx, &st)) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
  return NSP_LINE_OK;
}

/* ip link show [dev] [DEV] [master BR] [type TYPE] (ipaddr_list_flush_or_save()):
 * "master" and "type" filter the dump, as iproute2 asks the kernel */
nsp_line_result nsp_link_show(nsp_cmd_ctx *c, int argc, char **argv, bool with_addrs) {
  const char *dev = NULL, *type = NULL;
  int master = 0;
  while (argc > 0) {
    if (strcmp(argv[0], "master") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      if (!(master = nsp_ifindex_by_name(c, argv[0]))) {
        nsp_out(c, "Error: argument \"%s\" is wrong: Device does not exist\n\n", argv[0]);
        c->status = 255;
        return NSP_LINE_OK;
      }
      argc--, argv++;
      continue;
    }
    if (strcmp(argv[0], "type") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      type = argv[0];
      argc--, argv++;
      continue;
    }
    if (strcmp(argv[0], "dev") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
    } else if (dev) {
      c->status = nsp_ip_duparg2(c, "dev", argv[0]);
      return NSP_LINE_OK;
    }
    dev = argv[0];
    argc--, argv++;
  }
  if (type && strcmp(type, "bridge") && strcmp(type, "veth"))
    return nsp_unsupported(c, "ip link show type \"%s\"", type);
  size_t n, na = 0;
  nsp_link *links = c->be->ops->link_list(c->be, c->ns, &n);
  nsp_addr *addrs = with_addrs ? c->be->ops->addr_list(c->be, c->ns, &na) : NULL;
  bool found = false;
  for (size_t i = 0; i < n; i++) {
    if (dev && strcmp(dev, links[i].name) != 0) continue;
    found = true;
    if (master && links[i].master_ifindex != master) continue;
    if (type && (strcmp(type, "bridge") ? links[i].kind != NSP_LINK_VETH
                                        : links[i].kind != NSP_LINK_BRIDGE))
      continue;
    if (with_addrs)
      nsp_show_link_addrs(c, &links[i], links, n, addrs, na);
    else
      nsp_show_link(c, &links[i], links, n);
  }
  if (dev && !found) {
    nsp_out(c, "Device \"%s\" does not exist.\n", dev);
    c->status = 1;
  }
  g_free(links);
  g_free(addrs);
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_ip_link(nsp_cmd_ctx *c, int argc, char **argv) {
  argc--, argv++;
  if (argc < 1) return nsp_link_show(c, 0, NULL, false);
  const char *cmd = argv[0];
  argc--, argv++;
  if (nsp_matches(cmd, "add")) return link_add(c, argc, argv);
  if (nsp_matches(cmd, "set") || nsp_matches(cmd, "change")) return link_set(c, argc, argv);
  if (nsp_matches(cmd, "replace")) return nsp_unsupported(c, "ip link replace");
  if (nsp_matches(cmd, "delete")) return link_del(c, argc, argv);
  if (nsp_matches(cmd, "show") || nsp_matches(cmd, "lst") || nsp_matches(cmd, "list"))
    return nsp_link_show(c, argc, argv, false);
  if (nsp_matches(cmd, "help")) return nsp_unsupported(c, "ip link help");
  c->status = nsp_ip_unknown_cmd(c, cmd, "link");
  return NSP_LINE_OK;
}
