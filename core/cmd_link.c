/* `ip link` (ip/iplink.c, ip/link_veth.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ip_show.h"
#include "core/ip_util.h"
#include "core/link_bridge.h"
#include "proto/ether.h"
#include "proto/inet.h"

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

/* ll_addr_a2n(): a dotted quad, or hex bytes separated by ':'; the part
 * it could not read, or NULL. */
static const char *link_lladdr_bad(const char *arg, char *buf, size_t cap) {
  uint32_t a;
  if (strchr(arg, '.')) return ipv4_addr_pton(arg, &a) ? NULL : arg;
  g_strlcpy(buf, arg, cap);
  for (char *p = buf;;) {
    char *colon = strchr(p, ':');
    unsigned v;
    if (colon) *colon = '\0';
    if (sscanf(p, "%x", &v) != 1 || v > 255) return p;
    if (!colon) return NULL;
    p = colon + 1;
  }
}

/* The words iplink_parse() takes by prefix (matches()), in its order, before
 * a bare word can be a name: "a" is "address", "t" "txqueuelen", "ty"
 * "type" (the differential fuzzer, tests/difffuzz, found nspath naming a
 * veth "a").  true: w was one (done: false returned through *stop). */
static bool link_prefix_word(nsp_cmd_ctx *c, int *argc, char ***argv, bool *stop,
                             nsp_line_result *lr) {
  const char *w = (*argv)[0], *val = *argc > 1 ? (*argv)[1] : NULL;
  char buf[256];
  *stop = true;
  if (nsp_matches(w, "address")) {
    const char *bad = val ? link_lladdr_bad(val, buf, sizeof buf) : NULL;
    if (!val) c->status = nsp_ip_incomplete(c);
    else if (bad) nsp_out(c, "\"%s\" is invalid lladdr.\n", bad), c->status = 255;
    else *lr = nsp_unsupported(c, "ip link add option \"%s\"", w);
    return true;
  }
  if (nsp_matches(w, "txqueuelen") || nsp_matches(w, "txqlen")) {
    char *end = NULL;
    if (!val) c->status = nsp_ip_incomplete(c);
    else if ((strtoul(val, &end, 0), !*val || *end))
      c->status = nsp_ip_invarg(c, "Invalid \"txqueuelen\" value\n", val);
    else *lr = nsp_unsupported(c, "ip link add option \"%s\"", w);
    return true;
  }
  static const char *const others[] = {"link", "broadcast", "master", "nomaster", "dynamic",
                                       "alias", "numtxqueues", "numrxqueues", "addrgenmode",
                                       "link-netns", "link-netnsid", "help"};
  for (size_t i = 0; i < G_N_ELEMENTS(others); i++)
    if (nsp_matches(w, others[i]) && !(i > 4 && nsp_matches(w, "type"))) {
      *lr = nsp_unsupported(c, "ip link add option \"%s\"", w);
      return true;
    }
  *stop = false;
  return false;
}

/* "type" by prefix, where no earlier keyword of iplink_parse() takes the word */
static bool link_word_is_type(const char *w) {
  return nsp_matches(w, "type") && !nsp_matches(w, "txqueuelen") && !nsp_matches(w, "txqlen");
}

/* Reads naming words until "type" or the end; false when iproute2 stopped
 * (status set) or nspath cannot go on (*lr unsupported). */
static bool link_names_read(nsp_cmd_ctx *c, int *argc, char ***argv, link_names *ln,
                            nsp_line_result *lr) {
  *ln = (link_names){0};
  for (; *argc > 0 && !link_word_is_type((*argv)[0]); (*argc)--, (*argv)++) {
    bool is_name = strcmp((*argv)[0], "name") == 0, stop;
    char buf[256];
    /* iplink_parse(): "address" (by prefix) with a valid lladdr: the MAC */
    if (nsp_matches((*argv)[0], "address") && *argc > 1 &&
        !link_lladdr_bad((*argv)[1], buf, sizeof buf)) {
      ln->mac = (*argv)[1];
      (*argc)--, (*argv)++;
      continue;
    }
    if (!is_name && strcmp((*argv)[0], "dev") != 0 && strcmp((*argv)[0], "up") != 0 &&
        strcmp((*argv)[0], "down") != 0 && strcmp((*argv)[0], "index") != 0 &&
        link_prefix_word(c, argc, argv, &stop, lr))
      return false;
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
    /* iplink_parse(): "name" is check_ifname()ed (IFNAMSIZ), a bare or
     * "dev" name only check_altifname()ed (no length: the kernel refuses
     * a long one, link_add() below) */
    if (is_name && !nsp_ifname_valid(w))
      return c->status = nsp_ip_invarg(c, "\"name\" not a valid ifname", w), false;
    if (!is_name && (!*w || strchr(w, '/') || strpbrk(w, " \t\n\v\f\r")))
      return c->status = nsp_ip_invarg(c, "\"dev\" not a valid ifname", w), false;
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
  /* IFLA_IFNAME's policy (NLA_STRING of IFNAMSIZ - 1): said here for both
   * backends, since --real makes veths late (real/lazy.h); the kernel's
   * words, seen by the differential fuzzer (tests/difffuzz) */
  if (strlen(self.name) >= NSP_IFNAMSIZ || strlen(peer.name) >= NSP_IFNAMSIZ)
    nsp_status_set(&st, ERANGE, "Attribute failed policy validation");
  if (st.err || !c->be->ops->link_add_veth(c->be, c->ns, self.name, peer.name, &st)) {
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
      /* iplink_parse() opens it there and then: a name that is no
       * namespace is invarg() before anything else is looked at */
      if (!c->be->ops->netns_exists(c->be, argv[0])) {
        char *end;
        strtol(argv[0], &end, 0);
        if (*argv[0] && !*end) return nsp_unsupported(c, "ip link set netns PID");
        c->status = nsp_ip_invarg(c, "Invalid \"netns\" value\n", argv[0]);
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
    } else if (strcmp(argv[0], "dev") == 0 || !r->dev) {
      /* iplink_parse(): a second "dev" is duparg2(), a name check_altifname()
       * refuses is invarg() (both found by tests/difffuzz) */
      if (strcmp(argv[0], "dev") == 0) NSP_NEXT_ARG(c, argc, argv);
      if (r->dev) {
        c->status = nsp_ip_duparg2(c, "dev", argv[0]);
        return NSP_LINE_OK;
      }
      if (!*argv[0] || strchr(argv[0], '/') || strpbrk(argv[0], " \t\n\v\f\r")) {
        c->status = nsp_ip_invarg(c, "\"dev\" not a valid ifname", argv[0]);
        return NSP_LINE_OK;
      }
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

/* iplink_modify(RTM_DELLINK): iplink_parse() reads every word -- up and
 * down are flags, a second name is duparg2() (found by tests/difffuzz) */
static nsp_line_result link_del(nsp_cmd_ctx *c, int argc, char **argv) {
  const char *dev = NULL;
  for (; argc > 0; argc--, argv++) {
    if (strcmp(argv[0], "up") == 0 || strcmp(argv[0], "down") == 0) continue;
    if (strcmp(argv[0], "dev") != 0 && link_word_is_option(argv[0]))
      return nsp_unsupported(c, "ip link delete option \"%s\"", argv[0]);
    if (strcmp(argv[0], "dev") == 0) NSP_NEXT_ARG(c, argc, argv);
    if (dev) {
      c->status = nsp_ip_duparg2(c, "dev", argv[0]);
      return NSP_LINE_OK;
    }
    if (!*argv[0] || strchr(argv[0], '/') || strpbrk(argv[0], " \t\n\v\f\r")) {
      c->status = nsp_ip_invarg(c, "\"dev\" not a valid ifname", argv[0]);
      return NSP_LINE_OK;
    }
    dev = argv[0];
  }
  if (!dev) {
    nsp_out(c, "Not enough information: \"dev\" argument is required.\n");
    c->status = 255;
    c->exited = true; /* iplink.c: exit(-1) */
    return NSP_LINE_OK;
  }
  int idx = nsp_ifindex_by_name(c, dev);
  if (!idx) {
    c->status = nsp_ip_nodev(c, dev);
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
  /* do_iplink()'s order, then the commands nspath does not model ("x" is
   * xstats; found by tests/difffuzz) */
  if (nsp_matches(cmd, "add")) return link_add(c, argc, argv);
  if (nsp_matches(cmd, "set") || nsp_matches(cmd, "change")) return link_set(c, argc, argv);
  if (nsp_matches(cmd, "replace")) return nsp_unsupported(c, "ip link replace");
  if (nsp_matches(cmd, "delete")) return link_del(c, argc, argv);
  if (nsp_matches(cmd, "show") || nsp_matches(cmd, "lst") || nsp_matches(cmd, "list"))
    return nsp_link_show(c, argc, argv, false);
  if (nsp_matches(cmd, "xstats") || nsp_matches(cmd, "afstats") || nsp_matches(cmd, "property"))
    return nsp_unsupported(c, "ip link %s", cmd);
  if (nsp_matches(cmd, "help")) return nsp_unsupported(c, "ip link help");
  c->status = nsp_ip_unknown_cmd(c, cmd, "link");
  return NSP_LINE_OK;
}
