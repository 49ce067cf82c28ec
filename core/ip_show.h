#ifndef NSP_IP_SHOW_H
#define NSP_IP_SHOW_H

#include "core/cmd.h"

/* `ip link show` for one link; all/n: every link of the namespace (for
 * the name of a peer in the same namespace). */
void nsp_show_link(nsp_cmd_ctx *c, const nsp_link *l, const nsp_link *all, size_t n);
/* `ip address show` for one link and its addresses. */
void nsp_show_link_addrs(nsp_cmd_ctx *c, const nsp_link *l, const nsp_link *all, size_t n,
                         const nsp_addr *addrs, size_t naddrs);

/* core/ip_show_details.c: the rest of the link/ether line under ip -d
 * (do_link: ip link, which adds addrgenmode), and the kinds' lines. */
void nsp_show_link_details(nsp_cmd_ctx *c, const nsp_link *l, bool do_link);

/* `ip link show` / `ip address show` with an optional [dev] NAME. */
nsp_line_result nsp_link_show(nsp_cmd_ctx *c, int argc, char **argv, bool with_addrs);

#endif
