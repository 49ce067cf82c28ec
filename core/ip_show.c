/* The link and address listings of iproute2 (ip/ipaddress.c:
 * print_linkinfo(), print_addrinfo()), one function per line shape. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "core/ip_show.h"
#include "core/ip_util.h"
#include "core/rt_names.h"
#include "proto/inet.h"

/* print_link_flags(): NO-CARRIER first when up without a running link,
 * then the IFF_ names in if.h order, and M-DOWN for a same-namespace peer
 * that is down. */
static void show_link_flags(nsp_cmd_ctx *c, const nsp_link *l, bool m_down) {
  GString *f = g_string_new(NULL);
  if ((l->flags & NSP_IFF_UP) && !(l->flags & NSP_IFF_RUNNING)) g_string_append(f, "NO-CARRIER,");
  if (l->flags & NSP_IFF_LOOPBACK) g_string_append(f, "LOOPBACK,");
  if (l->flags & NSP_IFF_BROADCAST) g_string_append(f, "BROADCAST,");
  if (l->flags & NSP_IFF_MULTICAST) g_string_append(f, "MULTICAST,");
  if (l->flags & NSP_IFF_UP) g_string_append(f, "UP,");
  if (l->flags & NSP_IFF_LOWER_UP) g_string_append(f, "LOWER_UP,");
  if (m_down) g_string_append(f, "M-DOWN,");
  if (f->len) g_string_truncate(f, f->len - 1);
  nsp_out(c, "<%s> ", f->str);
  g_string_free(f, TRUE);
}

/* IFLA_OPERSTATE as iproute2 names it. */
static const char *show_operstate(const nsp_link *l) {
  switch (l->operstate) {
  case NSP_OPER_UNKNOWN: return "UNKNOWN";
  case NSP_OPER_UP: return "UP";
  case NSP_OPER_LOWERLAYERDOWN: return "LOWERLAYERDOWN";
  default: return "DOWN";
  }
}

static const nsp_link *show_find(const nsp_link *links, size_t n, int ifindex) {
  for (size_t i = 0; i < n; i++)
    if (links[i].ifindex == ifindex) return &links[i];
  return NULL;
}

static void show_link_netns(nsp_cmd_ctx *c, const nsp_link *l) {
  if (l->peer_ns[0])
    nsp_out(c, " link-netns %s", l->peer_ns);
  else if (l->peer_nsid >= 0)
    nsp_out(c, " link-netnsid %d", l->peer_nsid);
}

/* The first line; with -4 the link-netns part moves up here (print_linkinfo()
 * skips the link/ether line for a family filter). */
static void show_link_head(nsp_cmd_ctx *c, const nsp_link *l, const nsp_link *all, size_t n,
                           bool mode) {
  bool m_down = false;
  nsp_out(c, "%d: %s", l->ifindex, l->name);
  if (l->kind == NSP_LINK_VETH) {
    const nsp_link *peer = l->peer_ns[0] || l->peer_nsid >= 0 ? NULL : show_find(all, n, l->peer_ifindex);
    if (peer) {
      nsp_out(c, "@%s", peer->name);
      m_down = !(peer->flags & NSP_IFF_UP);
    } else if (l->peer_ifindex) {
      nsp_out(c, "@if%d", l->peer_ifindex);
    } else {
      nsp_out(c, "@NONE");
    }
  }
  nsp_out(c, ": ");
  show_link_flags(c, l, m_down);
  nsp_out(c, "mtu %u qdisc %s ", l->mtu, l->qdisc_noqueue ? "noqueue" : "noop");
  const nsp_link *master = l->master_ifindex ? show_find(all, n, l->master_ifindex) : NULL;
  if (master) nsp_out(c, "master %s ", master->name);
  nsp_out(c, "state %s %sgroup default qlen 1000", show_operstate(l), mode ? "mode DEFAULT " : "");
  if (c->inet_only) show_link_netns(c, l);
  nsp_out(c, "\n");
}

static void show_link_addr_line(nsp_cmd_ctx *c, const nsp_link *l, bool do_link) {
  char mac[18];
  if (l->kind == NSP_LINK_LOOPBACK) {
    nsp_out(c, "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00");
  } else {
    nsp_out(c, "    link/ether %s brd ff:ff:ff:ff:ff:ff", ether_addr_ntop(&l->mac, mac));
    show_link_netns(c, l);
  }
  if (c->details) nsp_show_link_details(c, l, do_link);
  nsp_out(c, "\n");
}

void nsp_show_link(nsp_cmd_ctx *c, const nsp_link *l, const nsp_link *all, size_t n) {
  show_link_head(c, l, all, n, true);
  show_link_addr_line(c, l, true);
}

static const char *show_scope(uint8_t scope) {
  switch (scope) {
    case NSP_SCOPE_UNIVERSE: return "global";
    case NSP_SCOPE_LINK: return "link";
    case NSP_SCOPE_HOST: return "host";
    case NSP_SCOPE_NOWHERE: return "nowhere";
    default: return "site";
  }
}

static void show_inet(nsp_cmd_ctx *c, const nsp_addr *a) {
  char ip[16], brd[16];
  nsp_out(c, "    inet %s/%u ", ipv4_addr_ntop(a->local, ip), a->plen);
  if (a->brd) nsp_out(c, "brd %s ", ipv4_addr_ntop(a->brd, brd));
  nsp_out(c, "scope %s %s%s\n", show_scope(a->scope),
          a->flags & NSP_IFA_F_SECONDARY ? "secondary " : "", a->label);
  nsp_out(c, "       valid_lft forever preferred_lft forever\n");
}

/* EUI-64 (RFC 4291 appendix A): the MAC with the U/L bit flipped and
 * ff:fe in the middle, under fe80::/64. */
static void show_inet6_ll(nsp_cmd_ctx *c, const nsp_link *l) {
  uint8_t a[16] = {0xfe, 0x80};
  char txt[INET6_ADDRSTRLEN];
  a[8] = l->mac.b[0] ^ 0x02, a[9] = l->mac.b[1], a[10] = l->mac.b[2];
  a[11] = 0xff, a[12] = 0xfe;
  a[13] = l->mac.b[3], a[14] = l->mac.b[4], a[15] = l->mac.b[5];
  inet_ntop(AF_INET6, a, txt, sizeof txt);
  nsp_out(c, "    inet6 %s/64 scope link %s\n", txt, l->inet6_ll_tentative ? "tentative " : "");
  nsp_out(c, "       valid_lft forever preferred_lft forever\n");
}

void nsp_show_link_addrs(nsp_cmd_ctx *c, const nsp_link *l, const nsp_link *all, size_t n,
                         const nsp_addr *addrs, size_t naddrs) {
  bool any = false;
  for (size_t i = 0; i < naddrs; i++) any |= addrs[i].ifindex == l->ifindex;
  if (c->inet_only && !any) return; /* a family filter drops links without such addresses */
  show_link_head(c, l, all, n, false);
  if (!c->inet_only) show_link_addr_line(c, l, false);
  for (size_t i = 0; i < naddrs; i++)
    if (addrs[i].ifindex == l->ifindex) show_inet(c, &addrs[i]);
  if (c->inet_only) return;
  if (l->inet6_lo) {
    nsp_out(c, "    inet6 ::1/128 scope host \n");
    nsp_out(c, "       valid_lft forever preferred_lft forever\n");
  }
  if (l->inet6_ll) show_inet6_ll(c, l);
}

/* get_filter(): an address flag, "-" before it inverts it */
static bool show_addr_flag(const char *w) {
  static const char *const flags[] = {"dynamic", "primary", "secondary", "temporary", "nodad",
                                      "optimistic", "dadfailed", "home", "deprecated", "tentative",
                                      "permanent", "mngtmpaddr", "noprefixroute", "autojoin",
                                      "stable-privacy"};
  if (w[0] == '-') w++;
  for (size_t i = 0; i < G_N_ELEMENTS(flags); i++)
    if (!strcmp(w, flags[i])) return true;
  return false;
}

/* rtnl_group_a2n(): "default" (/etc/iproute2/group) or a number >= 0 */
static bool show_group_valid(const char *s) {
  char *end;
  if (!strcmp(s, "default")) return true;
  long v = strtol(s, &end, 0);
  return end != s && !*end && v >= 0;
}

typedef struct {
  const char *dev;
  const char *kind;   /* type KIND */
  int master;         /* master BR: its ports only */
  bool up;
  const char *other;  /* the first filter nspath does not model */
} show_filter;

/* One filter word with its value; false when the line is done. */
static bool show_filter_word(nsp_cmd_ctx *c, int *argc, char ***argv, show_filter *f,
                             bool link, nsp_line_result *lr) {
  const char *w = (*argv)[0];
  bool with_value = !strcmp(w, "to") || !strcmp(w, "scope") || !strcmp(w, "label") ||
                    !strcmp(w, "group") || !strcmp(w, "master") || !strcmp(w, "vrf") ||
                    !strcmp(w, "type") || !strcmp(w, "dev");
  if (with_value) {
    if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
    *argc -= 1, *argv += 1;
  }
  const char *v = (*argv)[0];
  nsp_inet_prefix p;
  uint8_t scope;
  if (!strcmp(w, "to")) {
    /* link show reads it as a link-layer address: not modelled */
    if (link || strchr(v, ':')) return *lr = nsp_unsupported(c, "ip %s show to %s is not modelled", link ? "link" : "address", v), false;
    if (!nsp_ip_get_prefix(v, c->inet_only, &p)) return c->status = nsp_ip_invarg(c, "invalid \"to\"\n", v), false;
  } else if (!strcmp(w, "scope")) {
    if (!nsp_rt_scope_a2n(v, &scope) && strcmp(v, "all"))
      return c->status = nsp_ip_invarg(c, "invalid \"scope\"\n", v), false;
  } else if (!strcmp(w, "up")) {
    f->up = true;
    return true;
  } else if (!strcmp(w, "group")) {
    if (!show_group_valid(v)) return c->status = nsp_ip_invarg(c, "Invalid \"group\" value\n", v), false;
  } else if (!strcmp(w, "master")) {
    if (!(f->master = nsp_ifindex_by_name(c, v)))
      return c->status = nsp_ip_invarg(c, "Device does not exist\n", v), false;
    return true;
  } else if (!strcmp(w, "vrf")) {
    /* name_is_vrf(): no device nspath makes is a VRF */
    return c->status = nsp_ip_invarg(c, "Not a valid VRF name\n", v), false;
  } else if (!strcmp(w, "type")) {
    size_t n = strlen(v);
    if (n < 6 || strcmp(v + n - 6, "_slave")) {
      f->kind = v;
      return true;
    }
  } else if (!show_addr_flag(w) && strcmp(w, "label") && strcmp(w, "nomaster")) {
    if (strcmp(w, "dev") && nsp_matches(w, "help"))
      return *lr = nsp_unsupported(c, "ip %s help prints its usage", link ? "link" : "address"), false;
    if (f->dev) return c->status = nsp_ip_duparg2(c, "dev", v), false;
    f->dev = v;
    return true;
  }
  if (!f->other) f->other = w;
  return true;
}

/* IFLA_INFO_KIND: a loopback has none */
static bool show_kind_match(const nsp_link *l, const char *kind) {
  return (l->kind == NSP_LINK_VETH && !strcmp(kind, "veth")) ||
         (l->kind == NSP_LINK_BRIDGE && !strcmp(kind, "bridge"));
}

nsp_line_result nsp_link_show(nsp_cmd_ctx *c, int argc, char **argv, bool with_addrs) {
  show_filter f = {0};
  nsp_line_result lr = NSP_LINE_OK;
  for (; argc > 0; argc--, argv++)
    if (!show_filter_word(c, &argc, &argv, &f, !with_addrs, &lr)) return lr;
  size_t n, na = 0;
  nsp_link *links = c->be->ops->link_list(c->be, c->ns, &n);
  bool found = false;
  for (size_t i = 0; f.dev && i < n; i++) found |= !strcmp(f.dev, links[i].name);
  if (f.dev && !found) {
    nsp_out(c, "Device \"%s\" does not exist.\n", f.dev);
    c->status = 1;
    g_free(links);
    return NSP_LINE_OK;
  }
  if (f.other) {
    g_free(links);
    return nsp_unsupported(c, "ip %s show filter \"%s\" is not modelled", with_addrs ? "address" : "link", f.other);
  }
  nsp_addr *addrs = with_addrs ? c->be->ops->addr_list(c->be, c->ns, &na) : NULL;
  for (size_t i = 0; i < n; i++) {
    if (f.dev && strcmp(f.dev, links[i].name) != 0) continue;
    if (f.up && !(links[i].flags & NSP_IFF_UP)) continue;
    if (f.kind && !show_kind_match(&links[i], f.kind)) continue;
    if (f.master && links[i].master_ifindex != f.master) continue;
    if (with_addrs)
      nsp_show_link_addrs(c, &links[i], links, n, addrs, na);
    else
      nsp_show_link(c, &links[i], links, n);
  }
  g_free(links);
  g_free(addrs);
  return NSP_LINE_OK;
}
