/* `ip neigh` (ip/ipneigh.c: print_neigh()). */
#include <string.h>

#include "core/ip_util.h"
#include "proto/inet.h"

static const char *neigh_state_name(unsigned s) {
  switch (s) {
    case NSP_NUD_INCOMPLETE: return "INCOMPLETE";
    case NSP_NUD_REACHABLE: return "REACHABLE";
    case NSP_NUD_STALE: return "STALE";
    case NSP_NUD_DELAY: return "DELAY";
    case NSP_NUD_PROBE: return "PROBE";
    case NSP_NUD_FAILED: return "FAILED";
    case NSP_NUD_NOARP: return "NOARP";
    case NSP_NUD_PERMANENT: return "PERMANENT";
    default: return "NONE";
  }
}

/* ip neigh show [dev DEV] [[to] PREFIX] */
static nsp_line_result neigh_show(nsp_cmd_ctx *c, int argc, char **argv) {
  int oif = 0, plen = -1;
  uint32_t to = 0;
  for (; argc > 0; argc--, argv++) {
    if (strcmp(argv[0], "dev") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      if (!(oif = nsp_ifindex_by_name(c, argv[0]))) {
        c->status = nsp_ip_nodev(c, argv[0]);
        return NSP_LINE_OK;
      }
      continue;
    }
    if (strcmp(argv[0], "to") == 0) NSP_NEXT_ARG(c, argc, argv);
    if (!nsp_ip_prefix_parse(argv[0], &to, &plen))
      return nsp_unsupported(c, "ip neigh show filter \"%s\"", argv[0]);
    if (plen < 0) plen = 32;
  }
  size_t n;
  nsp_neigh *ns = c->be->ops->neigh_list(c->be, c->ns, &n);
  for (size_t i = 0; i < n; i++) {
    char ip[16], dev[NSP_IFNAMSIZ], mac[18];
    if (oif && ns[i].ifindex != oif) continue;
    if (plen >= 0 && ((ns[i].ip ^ to) & ipv4_prefix_mask((unsigned)plen))) continue;
    /* the default filter of ipneigh.c leaves out NOARP (and NONE) entries */
    if (!ns[i].state || ns[i].state == NSP_NUD_NOARP) continue;
    nsp_out(c, "%s ", ipv4_addr_ntop(ns[i].ip, ip));
    if (!oif) nsp_out(c, "dev %s ", nsp_ifname_by_index(c, ns[i].ifindex, dev));
    if (ns[i].has_mac) nsp_out(c, "lladdr %s ", ether_addr_ntop(&ns[i].mac, mac));
    nsp_out(c, "%s \n", neigh_state_name(ns[i].state));
  }
  g_free(ns);
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_ip_neigh(nsp_cmd_ctx *c, int argc, char **argv) {
  argc--, argv++;
  if (argc < 1) return neigh_show(c, 0, NULL);
  const char *cmd = argv[0];
  argc--, argv++;
  if (nsp_matches(cmd, "show") || nsp_matches(cmd, "list") || nsp_matches(cmd, "lst"))
    return neigh_show(c, argc, argv);
  if (nsp_matches(cmd, "add") || nsp_matches(cmd, "change") || nsp_matches(cmd, "replace") ||
      nsp_matches(cmd, "delete") || nsp_matches(cmd, "flush") || nsp_matches(cmd, "get") ||
      nsp_matches(cmd, "help"))
    return nsp_unsupported(c, "ip neigh %s", cmd);
  c->status = nsp_ip_unknown_cmd(c, cmd, "neigh");
  return NSP_LINE_OK;
}
