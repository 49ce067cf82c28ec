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
    else *lr = nsp_unsupported(c, "ip link add option \"%s\" is not modelled", w);
    return true;
  }
  if (nsp_matches(w, "txqueuelen") || nsp_matches(w, "txqlen")) {
    char *end = NULL;
    if (!val) c->status = nsp_ip_incomplete(c);
    else if ((strtoul(val, &end, 0), !*val || *end))
      c->status = nsp_ip_invarg(c, "Invalid \"txqueuelen\" value\n", val);
    else *lr = nsp_unsupported(c, "ip link add option \"%s\" is not modelled", w);
    return true;
  }
  static const char *const others[] = {"link", "broadcast", "master", "nomaster", "dynamic",
                                       "alias", "numtxqueues", "numrxqueues", "addrgenmode",
                                       "link-netns", "link-netnsid", "help"};
  for (size_t i = 0; i < G_N_ELEMENTS(others); i++)
    if (nsp_matches(w, others[i]) && !(i > 4 && nsp_matches(w, "type"))) {
      *lr = nsp_unsupported(c, "ip link add option \"%s\" is not modelled", w);
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
      *lr = nsp_unsupported(c, "ip link add option \"%s\" is not modelled", (*argv)[0]);
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
  if (!self->name) return nsp_unsupported(c, "a bridge without a name is not modelled");
  nsp_status st = {0};
  /* IFLA_IFNAME's policy, as for a veth below (found by tests/difffuzz) */
  if (strlen(self->name) >= NSP_IFNAMSIZ)
    nsp_status_set(&st, ERANGE, "Attribute failed policy validation");
  if (st.err || !c->be->ops->link_add_bridge(c->be, c->ns, self->name, &cfg, &st)) {
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
  if (strcmp(type, "veth") != 0) return nsp_unsupported(c, "link type \"%s\" is not modelled", type);
  if (argc > 0 && strcmp(argv[0], "peer") == 0) {
    argc--, argv++;
    if (!link_names_read(c, &argc, &argv, &peer, &lr)) return lr;
  }
  if (argc > 0) return nsp_unsupported(c, "ip link add option \"%s\" is not modelled", argv[0]);
  if (self.mac || peer.mac) return nsp_unsupported(c, "ip link add option \"address\" for a veth is not modelled");
  if (!self.name || !peer.name) return nsp_unsupported(c, "a veth without explicit names is not modelled");
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

/* iplink_parse()'s words, each equal to the word or (prefix) abbreviated
 * by it, with the values it takes (-1: what follows is another parser's:
 * not modelled).  A word that is none of them is "help" by prefix, or the
 * device.  Grouped by first letter (no two letters' words can both match),
 * in iplink_parse()'s order within a group, which decides between
 * abbreviations ("a" is address, not alias): every device name of every
 * `ip link set` is looked up here (tests/instr_budget.sh ns_run). */
typedef struct {
  const char *word;
  bool prefix;
  int nval;
} link_kw;

#define LINK_KW_GROUP(g) (*n = G_N_ELEMENTS(g), g)

static const link_kw *link_keyword_group(char first, size_t *n) {
  static const link_kw a[] = {{"address", 1, 1}, {"allmulticast", 0, 1}, {"arp", 0, 1}, {"alias", 1, 1},
                              {"addrgenmode", 1, 1}};
  static const link_kw b[] = {{"broadcast", 1, 1}, {"brd", 0, 1}};
  static const link_kw c[] = {{"carrier", 0, 1}};
  static const link_kw d[] = {{"down", 0, 0}, {"dynamic", 1, 1}};
  static const link_kw g[] = {{"group", 0, 1}, {"gso_max_size", 0, 1}, {"gso_max_segs", 0, 1}, {"gro_max_size", 0, 1}};
  static const link_kw i[] = {{"index", 0, 1}};
  static const link_kw l[] = {{"link", 1, 1}, {"link-netns", 1, 1}, {"link-netnsid", 1, 1}};
  static const link_kw m[] = {{"mtu", 0, 1}, {"multicast", 0, 1}, {"master", 1, 1}, {"mode", 0, 1}};
  static const link_kw nn[] = {{"name", 0, 1}, {"netns", 0, 1}, {"nomaster", 1, 0}, {"numtxqueues", 1, 1},
                               {"numrxqueues", 1, 1}};
  static const link_kw p[] = {{"promisc", 0, 1}, {"protodown", 0, 1}, {"protodown_reason", 0, -1}, {"parentdev", 0, 1}};
  static const link_kw q[] = {{"qlen", 0, 1}};
  static const link_kw s[] = {{"state", 0, 1}};
  static const link_kw t[] = {{"txqueuelen", 1, 1}, {"txqlen", 1, 1}, {"trailers", 0, 1}, {"type", 1, -1}};
  static const link_kw u[] = {{"up", 0, 0}};
  static const link_kw v[] = {{"vf", 0, -1}, {"vrf", 0, 1}};
  static const link_kw x[] = {{"xdpgeneric", 0, -1}, {"xdpdrv", 0, -1}, {"xdpoffload", 0, -1}, {"xdp", 0, -1}};
  switch (first) {
  case 'a': return LINK_KW_GROUP(a);
  case 'b': return LINK_KW_GROUP(b);
  case 'c': return LINK_KW_GROUP(c);
  case 'd': return LINK_KW_GROUP(d);
  case 'g': return LINK_KW_GROUP(g);
  case 'i': return LINK_KW_GROUP(i);
  case 'l': return LINK_KW_GROUP(l);
  case 'm': return LINK_KW_GROUP(m);
  case 'n': return LINK_KW_GROUP(nn);
  case 'p': return LINK_KW_GROUP(p);
  case 'q': return LINK_KW_GROUP(q);
  case 's': return LINK_KW_GROUP(s);
  case 't': return LINK_KW_GROUP(t);
  case 'u': return LINK_KW_GROUP(u);
  case 'v': return LINK_KW_GROUP(v);
  case 'x': return LINK_KW_GROUP(x);
  default: return *n = 0, NULL;
  }
}

static const link_kw *link_keyword(const char *w) {
  size_t n;
  const link_kw *kws = link_keyword_group(w[0], &n);
  for (size_t i = 0; i < n; i++)
    if (kws[i].prefix ? nsp_matches(w, kws[i].word) : !strcmp(w, kws[i].word)) return &kws[i];
  return NULL;
}

/* ll_addr_a2n(): a dotted quad (4 bytes), or hex bytes separated by ':' (at
 * most 32, one more said when there are more); -1 after iproute2's words */
static int link_lladdr_a2n(nsp_cmd_ctx *c, const char *arg, uint8_t *out, size_t cap) {
  char buf[256];
  const char *bad = link_lladdr_bad(arg, buf, sizeof buf);
  if (bad) {
    nsp_out(c, "\"%s\" is invalid lladdr.\n", bad);
    return -1;
  }
  uint32_t a;
  if (strchr(arg, '.')) {
    ipv4_addr_pton(arg, &a);
    for (size_t i = 0; i < 4 && i < cap; i++) out[i] = (uint8_t)(a >> (24 - 8 * i));
    return 4;
  }
  int n = 0;
  for (const char *p = arg; p; p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL, n++) {
    if (n == 32) return 33;
    unsigned v = 0;
    sscanf(p, "%x", &v);
    if ((size_t)n < cap) out[n] = (uint8_t)v;
  }
  return n;
}

typedef struct {
  const char *dev;
  int up;               /* -1 unchanged */
  const char *netns;
  bool has_addr;
  ether_addr mac;
  const char *other;    /* the first word of iplink_parse() nspath does not model */
  const char *master;   /* master BR */
  bool nomaster;
} link_set_req;

/* `netns NAME`: iplink_parse() opens it there and then, so a name that is
 * no namespace is invarg() before anything else is looked at */
static nsp_line_result link_set_netns_word(nsp_cmd_ctx *c, const char *w, link_set_req *r) {
  if (r->netns) {
    c->status = nsp_ip_duparg(c, "netns", w);
    return NSP_LINE_OK;
  }
  if (!c->be->ops->netns_exists(c->be, w)) {
    char *end;
    strtol(w, &end, 0);
    if (*w && !*end) return nsp_unsupported(c, "ip link set netns PID is not modelled");
    c->status = nsp_ip_invarg(c, "Invalid \"netns\" value\n", w);
    return NSP_LINE_OK;
  }
  r->netns = w;
  return NSP_LINE_OK;
}

/* iplink_parse() for `ip link set` and `delete`: every word read in its
 * order (found by tests/difffuzz: "n" is nomaster, "a" address, "d"
 * dynamic, never a device name); the words nspath does not model are
 * read with their values and kept in r->other, so that iproute2's own
 * complaints about the line still come first. */
static nsp_line_result link_set_parse(nsp_cmd_ctx *c, int argc, char **argv, link_set_req *r) {
  *r = (link_set_req){.up = -1};
  int addr_len = 0;
  for (; argc > 0; argc--, argv++) {
    const link_kw *k = link_keyword(argv[0]);
    const char *w = k ? k->word : "";
    if (!strcmp(w, "up") || !strcmp(w, "down")) {
      r->up = !strcmp(w, "up");
    } else if (!strcmp(w, "netns")) {
      NSP_NEXT_ARG(c, argc, argv);
      nsp_line_result lr = link_set_netns_word(c, argv[0], r);
      if (lr != NSP_LINE_OK || c->status) return lr;
    } else if (!strcmp(w, "address")) {
      NSP_NEXT_ARG(c, argc, argv);
      if ((addr_len = link_lladdr_a2n(c, argv[0], r->mac.b, sizeof r->mac.b)) < 0) {
        c->status = 255;
        return NSP_LINE_OK;
      }
      r->has_addr = true;
    } else if (!strcmp(w, "master")) {
      NSP_NEXT_ARG(c, argc, argv);
      /* iplink_parse(): the master's index, looked up at once */
      if (!nsp_ifindex_by_name(c, argv[0])) {
        c->status = nsp_ip_invarg(c, "Device does not exist\n", argv[0]);
        return NSP_LINE_OK;
      }
      r->master = argv[0];
    } else if (!strcmp(w, "nomaster")) {
      r->nomaster = true;
    } else if (k && k->nval < 0) {
      return nsp_unsupported(c, "ip link set option \"%s\" is not modelled", argv[0]);
    } else if (k) {
      if (!r->other) r->other = argv[0];
      for (int i = 0; i < k->nval; i++) NSP_NEXT_ARG(c, argc, argv);
    } else {
      if (nsp_matches(argv[0], "help")) return nsp_unsupported(c, "ip link help prints its usage");
      /* a second "dev" is duparg2(), a name check_altifname() refuses is
       * invarg() (both found by tests/difffuzz) */
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
    }
  }
  /* the length of an address for an existing device (nl_get_ll_addr_len();
   * every device nspath makes has 6 bytes) */
  if (r->dev && addr_len && addr_len != ETHER_ADDR_LEN && nsp_ifindex_by_name(c, r->dev)) {
    nsp_out(c, "Invalid address length %d - must be %d bytes\n", addr_len, ETHER_ADDR_LEN);
    c->status = 255;
  }
  return NSP_LINE_OK;
}

/* iplink_modify(): no device named */
static void link_no_dev(nsp_cmd_ctx *c) {
  nsp_out(c, "Not enough information: \"dev\" argument is required.\n");
  c->status = 255;
  c->exited = true; /* iplink.c: exit(-1) */
}

static bool link_set_apply(nsp_cmd_ctx *c, const link_set_req *r, int idx, nsp_status *st) {
  nsp_backend *be = c->be;
  if (r->has_addr && !be->ops->link_set_mac(be, c->ns, idx, &r->mac, st)) return false;
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
    link_no_dev(c);
    return NSP_LINE_OK;
  }
  if (r.other) return nsp_unsupported(c, "ip link set option \"%s\" is not modelled", r.other);
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

/* iplink_modify(RTM_DELLINK): the same iplink_parse(); up and down are
 * flags the kernel ignores on a deletion */
static nsp_line_result link_del(nsp_cmd_ctx *c, int argc, char **argv) {
  link_set_req r;
  nsp_line_result lr = link_set_parse(c, argc, argv, &r);
  if (lr != NSP_LINE_OK || c->status) return lr;
  if (!r.dev) {
    link_no_dev(c);
    return NSP_LINE_OK;
  }
  if (r.other || r.netns || r.has_addr || r.master || r.nomaster)
    return nsp_unsupported(c, "ip link delete option \"%s\" is not modelled",
                           r.other ? r.other : r.netns ? "netns" : r.has_addr ? "address" : "master");
  int idx = nsp_ifindex_by_name(c, r.dev);
  if (!idx) {
    c->status = nsp_ip_nodev(c, r.dev);
    return NSP_LINE_OK;
  }
  nsp_status st = {0};
  if (!c->be->ops->link_del(c->be, c->ns, idx, &st)) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
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
  if (nsp_matches(cmd, "replace")) return nsp_unsupported(c, "ip link replace is not modelled");
  if (nsp_matches(cmd, "delete")) return link_del(c, argc, argv);
  if (nsp_matches(cmd, "show") || nsp_matches(cmd, "lst") || nsp_matches(cmd, "list"))
    return nsp_link_show(c, argc, argv, false);
  if (nsp_matches(cmd, "xstats") || nsp_matches(cmd, "afstats") || nsp_matches(cmd, "property"))
    return nsp_unsupported(c, "ip link %s is not modelled", cmd);
  if (nsp_matches(cmd, "help")) return nsp_unsupported(c, "ip link help is not modelled");
  c->status = nsp_ip_unknown_cmd(c, cmd, "link");
  return NSP_LINE_OK;
}
