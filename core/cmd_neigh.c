/* `ip neigh` (ip/ipneigh.c): add, change, replace and del
 * (ipneigh_modify()), show and flush (do_show_or_flush(), with its state
 * filter), get (ipneigh_get()), and print_neigh()'s words. */
#include <stdio.h>
#include <string.h>

#include "core/ip_util.h"
#include "proto/inet.h"

#define STATE_NONE_BIT 0x100u /* the filter's bit for NUD_NONE */

static const char *const state_names[] = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY",
                                          "PROBE",      "FAILED",    "NOARP", "PERMANENT"};

/* nud_state_a2n() */
static bool nud_state_a2n(const char *arg, unsigned *state) {
  static const struct {
    const char *name;
    unsigned state;
    bool prefix; /* matches(): any prefix of the word */
  } words[] = {
      {"permanent", NSP_NUD_PERMANENT, true}, {"reachable", NSP_NUD_REACHABLE, true},
      {"noarp", NSP_NUD_NOARP, false},        {"none", 0, false},
      {"stale", NSP_NUD_STALE, false},        {"incomplete", NSP_NUD_INCOMPLETE, false},
      {"delay", NSP_NUD_DELAY, false},        {"probe", NSP_NUD_PROBE, false},
      {"failed", NSP_NUD_FAILED, true},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
    if (words[i].prefix ? nsp_matches(arg, words[i].name) : strcmp(arg, words[i].name) == 0) {
      *state = words[i].state;
      return true;
    }
  /* get_unsigned(state, arg, 0): a single bit below 0x100 */
  char *end;
  unsigned long v = strtoul(arg, &end, 0);
  if (!*arg || *end || v >= 0x100 || (v & (v - 1))) return false;
  *state = (unsigned)v;
  return true;
}

/* ll_addr_a2n() (iproute2 lib/ll_addr.c) into ipneigh_modify()'s 20-byte
 * buffer: an address with a '.' is an IPv4 address of 4 bytes; otherwise
 * each ':'-separated part is read with sscanf("%x") as iproute2 reads it,
 * so a part only has to start like a hex number ("change" is the byte 0x0c
 * and reaches the kernel, which refuses its length: "Invalid link address").
 * The kernel checks the length (neigh_add(): shorter than the device's
 * address is refused; longer is cut to it). */
static bool ll_addr_a2n(nsp_cmd_ctx *c, const char *arg, nsp_neigh_req *rq) {
  enum { LLABUF = 20 };
  uint8_t buf[LLABUF];
  unsigned len;
  if (strchr(arg, '.')) {
    uint32_t a;
    if (!nsp_ip_addr_parse(arg, &a)) {
      nsp_out(c, "\"%s\" is invalid lladdr.\n", arg);
      return false;
    }
    for (int i = 0; i < 4; i++) buf[i] = (uint8_t)(a >> (24 - 8 * i));
    len = 4;
  } else {
    g_autofree char *copy = g_strdup(arg);
    char *part = copy;
    for (len = 0; len < LLABUF; len++) {
      char *next = strchr(part, ':');
      if (next) *next++ = '\0';
      int temp;
      if (sscanf(part, "%x", (unsigned *)&temp) != 1 || temp < 0 || temp > 255) {
        nsp_out(c, "\"%s\" is invalid lladdr.\n", part);
        return false;
      }
      buf[len] = (uint8_t)temp;
      if (!next) break;
      part = next;
    }
    len++; /* ll_addr_a2n() returns i + 1, also when the buffer ran out */
  }
  memcpy(rq->mac.b, buf, len < ETHER_ADDR_LEN ? len : ETHER_ADDR_LEN);
  rq->mac_len = len < ETHER_ADDR_LEN ? len : ETHER_ADDR_LEN;
  return true;
}

static void neigh_print(nsp_cmd_ctx *c, const nsp_neigh *e, bool with_dev) {
  char ip[16], dev[NSP_IFNAMSIZ], mac[18];
  nsp_out(c, "%s ", ipv4_addr_ntop(e->ip, ip));
  if (with_dev && e->ifindex) nsp_out(c, "dev %s ", nsp_ifname_by_index(c, e->ifindex, dev));
  if (e->has_mac) nsp_out(c, "lladdr %s ", ether_addr_ntop(&e->mac, mac));
  if (e->flags & NSP_NTF_ROUTER) nsp_out(c, "router ");
  if (e->flags & NSP_NTF_PROXY) nsp_out(c, "proxy ");
  for (unsigned i = 0; i < G_N_ELEMENTS(state_names); i++)
    if (e->state & (1u << i)) nsp_out(c, "%s ", state_names[i]);
  nsp_out(c, "\n");
}

/* ipneigh_modify(): ADDR [lladdr LLADDR] [nud STATE] | proxy ADDR, dev DEV, router */
static nsp_line_result neigh_modify(nsp_cmd_ctx *c, int argc, char **argv, unsigned nlflags,
                                    bool del) {
  nsp_neigh_req rq = {.state = NSP_NUD_PERMANENT, .nlflags = nlflags};
  const char *dev = NULL, *lla = NULL;
  bool dst_ok = false, dev_ok = false;
  for (; argc > 0; argc--, argv++) {
    if (nsp_matches(argv[0], "lladdr")) {
      NSP_NEXT_ARG(c, argc, argv);
      if (lla) return c->status = nsp_ip_duparg(c, "lladdr", argv[0]), NSP_LINE_OK;
      lla = argv[0];
    } else if (strcmp(argv[0], "nud") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      if (!nud_state_a2n(argv[0], &rq.state))
        return c->status = nsp_ip_invarg(c, "nud state is bad", argv[0]), NSP_LINE_OK;
    } else if (nsp_matches(argv[0], "proxy")) {
      NSP_NEXT_ARG(c, argc, argv);
      if (dst_ok) return c->status = nsp_ip_duparg(c, "address", argv[0]), NSP_LINE_OK;
      if (!nsp_ip_addr_parse(argv[0], &rq.ip))
        return c->status = nsp_ip_addr_expected(c, argv[0], false), NSP_LINE_OK;
      dst_ok = dev_ok = true;
      rq.flags |= NSP_NTF_PROXY;
    } else if (strcmp(argv[0], "router") == 0) {
      rq.flags |= NSP_NTF_ROUTER;
    } else if (strcmp(argv[0], "dev") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      dev = argv[0];
      dev_ok = true;
    } else if (strcmp(argv[0], "use") == 0 || strcmp(argv[0], "managed") == 0 ||
               nsp_matches(argv[0], "extern_learn") || nsp_matches(argv[0], "protocol")) {
      return nsp_unsupported(c, "ip neigh option \"%s\" is not modelled", argv[0]);
    } else {
      if (strcmp(argv[0], "to") == 0) NSP_NEXT_ARG(c, argc, argv);
      /* ipneigh_modify(): "help" and any abbreviation of it ("h") is
       * skipped and the next word read as the address (found by
       * tests/difffuzz: `ip neigh add h ns2`) */
      if (nsp_matches(argv[0], "help")) NSP_NEXT_ARG(c, argc, argv);
      if (dst_ok) return c->status = nsp_ip_duparg2(c, "to", argv[0]), NSP_LINE_OK;
      if (!nsp_ip_addr_parse(argv[0], &rq.ip))
        return c->status = nsp_ip_addr_expected(c, argv[0], false), NSP_LINE_OK;
      dst_ok = true;
    }
  }
  if (!dev_ok || !dst_ok) {
    nsp_out(c, "Device and destination are required arguments.\n");
    c->exited = true;
    c->status = 255;
    return NSP_LINE_OK;
  }
  if (lla && strcmp(lla, "null") != 0 && !ll_addr_a2n(c, lla, &rq)) {
    c->status = 255;
    return NSP_LINE_OK;
  }
  if (dev && !(rq.ifindex = nsp_ifindex_by_name(c, dev))) {
    c->status = nsp_ip_nodev(c, dev);
    return NSP_LINE_OK;
  }
  nsp_status st = {0};
  bool ok = del ? c->be->ops->neigh_del(c->be, c->ns, &rq, &st)
                : c->be->ops->neigh_modify(c->be, c->ns, &rq, &st);
  if (!ok) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
  return NSP_LINE_OK;
}

typedef struct {
  int oif;
  unsigned state;
  bool proxy;
  uint32_t to;
  int plen;      /* -1: no prefix */
} neigh_filter;

/* print_neigh()'s filter */
static bool neigh_filter_pass(const neigh_filter *f, const nsp_neigh *e) {
  if (f->oif && e->ifindex != f->oif) return false;
  if (!(f->state & e->state) && !(e->flags & NSP_NTF_PROXY) &&
      (e->state || !(f->state & STATE_NONE_BIT)))
    return false;
  if (f->plen > 0 && ((e->ip ^ f->to) & ipv4_prefix_mask((unsigned)f->plen))) return false;
  return true;
}

/* do_show_or_flush(): ip neigh show|flush [proxy] [[to] PREFIX] [dev DEV] [nud STATE] */
static nsp_line_result neigh_show(nsp_cmd_ctx *c, int argc, char **argv, bool flush) {
  neigh_filter f = {.plen = -1};
  const char *dev = NULL;
  bool state_given = false;
  if (flush && argc <= 0) {
    nsp_out(c, "Flush requires arguments.\n");
    c->status = 255;
    return NSP_LINE_OK;
  }
  f.state = flush ? ~(unsigned)(NSP_NUD_PERMANENT | NSP_NUD_NOARP) : 0xFFu & ~(unsigned)NSP_NUD_NOARP;
  bool prefix_seen = false;
  for (; argc > 0; argc--, argv++) {
    if (strcmp(argv[0], "dev") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      if (dev) return c->status = nsp_ip_duparg(c, "dev", argv[0]), NSP_LINE_OK;
      dev = argv[0];
    } else if (strcmp(argv[0], "nud") == 0) {
      unsigned s;
      NSP_NEXT_ARG(c, argc, argv);
      if (!state_given) {
        state_given = true;
        f.state = 0;
      }
      if (!nud_state_a2n(argv[0], &s)) {
        if (strcmp(argv[0], "all") != 0)
          return c->status = nsp_ip_invarg(c, "nud state is bad", argv[0]), NSP_LINE_OK;
        s = ~0u;
        if (flush) s &= ~(unsigned)NSP_NUD_NOARP;
      }
      f.state |= s ? s : STATE_NONE_BIT;
    } else if (strcmp(argv[0], "proxy") == 0) {
      f.proxy = true;
    } else if (strcmp(argv[0], "master") == 0 || strcmp(argv[0], "vrf") == 0 ||
               strcmp(argv[0], "nomaster") == 0 || strcmp(argv[0], "unused") == 0 ||
               nsp_matches(argv[0], "protocol")) {
      return nsp_unsupported(c, "ip neigh %s filter \"%s\" is not modelled", flush ? "flush" : "show", argv[0]);
    } else {
      const char *p = argv[0];
      if (strcmp(p, "to") == 0) {
        NSP_NEXT_ARG(c, argc, argv);
        p = argv[0];
      }
      /* get_prefix(&filter.pfx, *argv, filter.family): the family is
       * AF_INET with -4 or once an earlier prefix set it (ipneigh.c
       * do_show_or_flush(); found by tests/difffuzz) */
      if (!nsp_ip_prefix_parse(p, &f.to, &f.plen))
        return c->status = nsp_ip_prefix_expected(c, p, c->inet_only || prefix_seen), NSP_LINE_OK;
      /* "default", "any" and "all" keep the family unspecified (get_prefix_1()) */
      if (strcmp(p, "default") && strcmp(p, "any") && strcmp(p, "all")) prefix_seen = true;
      if (f.plen < 0) f.plen = 32;
    }
  }
  if (dev && !(f.oif = nsp_ifindex_by_name(c, dev))) {
    c->status = nsp_ip_nodev(c, dev);
    return NSP_LINE_OK;
  }
  size_t n;
  nsp_neigh *es = c->be->ops->neigh_list(c->be, c->ns, f.proxy, &n);
  for (size_t i = 0; i < n; i++) {
    if (!neigh_filter_pass(&f, &es[i])) continue;
    if (!flush) {
      neigh_print(c, &es[i], !f.oif);
      continue;
    }
    /* a flush sends RTM_DELNEIGH for each entry the dump shows; an entry
     * gone meanwhile is no error worth a word (rtnl_send_check) */
    nsp_neigh_req rq = {.ifindex = es[i].ifindex, .ip = es[i].ip, .flags = es[i].flags};
    nsp_status st = {0};
    c->be->ops->neigh_del(c->be, c->ns, &rq, &st);
  }
  g_free(es);
  return NSP_LINE_OK;
}

/* ipneigh_get(): ip neigh get ADDR dev DEV | proxy ADDR [dev DEV] */
static nsp_line_result neigh_get(nsp_cmd_ctx *c, int argc, char **argv) {
  const char *dev = NULL;
  bool dst_ok = false, dev_ok = false, proxy = false;
  uint32_t ip = 0;
  for (; argc > 0; argc--, argv++) {
    if (strcmp(argv[0], "dev") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      dev = argv[0];
      dev_ok = true;
    } else if (nsp_matches(argv[0], "proxy")) {
      NSP_NEXT_ARG(c, argc, argv);
      if (dst_ok) return c->status = nsp_ip_duparg(c, "address", argv[0]), NSP_LINE_OK;
      if (!nsp_ip_addr_parse(argv[0], &ip))
        return c->status = nsp_ip_addr_expected(c, argv[0], false), NSP_LINE_OK;
      dst_ok = dev_ok = proxy = true;
    } else {
      if (strcmp(argv[0], "to") == 0) NSP_NEXT_ARG(c, argc, argv);
      if (dst_ok) return c->status = nsp_ip_duparg2(c, "to", argv[0]), NSP_LINE_OK;
      if (!nsp_ip_addr_parse(argv[0], &ip))
        return c->status = nsp_ip_addr_expected(c, argv[0], false), NSP_LINE_OK;
      dst_ok = true;
    }
  }
  if (!dev_ok || !dst_ok) {
    nsp_out(c, "Device and address are required arguments.\n");
    c->status = 255;
    return NSP_LINE_OK;
  }
  int oif = 0;
  if (dev && !(oif = nsp_ifindex_by_name(c, dev))) {
    nsp_out(c, "Cannot find device \"%s\"\n", dev);
    c->status = 255;
    return NSP_LINE_OK;
  }
  /* neigh_get(): neigh_lookup() on the device; pneigh_lookup() also finds a
   * proxy entry made without a device */
  size_t n;
  nsp_neigh *es = c->be->ops->neigh_list(c->be, c->ns, proxy, &n);
  const nsp_neigh *hit = NULL;
  for (size_t i = 0; i < n && !hit; i++)
    if (es[i].ip == ip && (es[i].ifindex == oif || (proxy && !es[i].ifindex))) hit = &es[i];
  if (hit) {
    neigh_print(c, hit, true);
  } else {
    nsp_status st = {0};
    if (!proxy && !oif) nsp_status_set(&st, EINVAL, "No device specified");
    else nsp_status_set(&st, ENOENT, proxy ? "Proxy neighbour entry not found" : "Neighbour entry not found");
    nsp_rtnl_error(c, &st);
    c->status = 254;
  }
  g_free(es);
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_ip_neigh(nsp_cmd_ctx *c, int argc, char **argv) {
  argc--, argv++;
  if (argc < 1) return neigh_show(c, 0, NULL, false);
  const char *cmd = argv[0];
  argc--, argv++;
  if (nsp_matches(cmd, "add")) return neigh_modify(c, argc, argv, NSP_NLM_F_CREATE | NSP_NLM_F_EXCL, false);
  if (nsp_matches(cmd, "change") || strcmp(cmd, "chg") == 0)
    return neigh_modify(c, argc, argv, NSP_NLM_F_REPLACE, false);
  if (nsp_matches(cmd, "replace"))
    return neigh_modify(c, argc, argv, NSP_NLM_F_CREATE | NSP_NLM_F_REPLACE, false);
  if (nsp_matches(cmd, "delete")) return neigh_modify(c, argc, argv, 0, true);
  if (nsp_matches(cmd, "get")) return neigh_get(c, argc, argv);
  if (nsp_matches(cmd, "show") || nsp_matches(cmd, "list") || nsp_matches(cmd, "lst"))
    return neigh_show(c, argc, argv, false);
  if (nsp_matches(cmd, "flush")) return neigh_show(c, argc, argv, true);
  if (nsp_matches(cmd, "help")) return nsp_unsupported(c, "ip neigh help is not modelled");
  c->status = nsp_ip_unknown_cmd(c, cmd, "neigh");
  return NSP_LINE_OK;
}
