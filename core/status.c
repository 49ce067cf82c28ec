#include <glib.h>
#include <string.h>

#include "core/backend.h"

void nsp_status_set(nsp_status *st, int err, const char *extack) {
  if (!st) return;
  st->err = err;
  st->recv_error = false;
  g_strlcpy(st->extack, extack ? extack : "", sizeof st->extack);
}

/* Routes and their multipath paths in one block: the routes first (and a
 * zeroed one after them, as the dumps have always ended), then every
 * route's paths, each route's pointer moved to its copy. */
nsp_route *nsp_routes_pack(const nsp_route *rs, size_t n) {
  size_t paths = 0;
  for (size_t i = 0; i < n; i++) paths += rs[i].npaths;
  size_t head = (n + 1) * sizeof(nsp_route);
  nsp_route *out = g_malloc0(head + paths * sizeof(nsp_nh_path));
  nsp_nh_path *p = (nsp_nh_path *)((char *)out + head);
  for (size_t i = 0; i < n; i++) {
    out[i] = rs[i];
    if (!rs[i].npaths) {
      out[i].paths = NULL;
      continue;
    }
    memcpy(p, rs[i].paths, rs[i].npaths * sizeof *p);
    out[i].paths = p;
    p += rs[i].npaths;
  }
  return out;
}

nsp_nexthop *nsp_nexthops_pack(const nsp_nexthop *nhs, size_t n) {
  size_t members = 0;
  for (size_t i = 0; i < n; i++) members += nhs[i].ngroup;
  size_t head = (n + 1) * sizeof(nsp_nexthop);
  nsp_nexthop *out = g_malloc0(head + members * sizeof(nsp_nh_grp));
  nsp_nh_grp *g = (nsp_nh_grp *)((char *)out + head);
  for (size_t i = 0; i < n; i++) {
    out[i] = nhs[i];
    if (!nhs[i].ngroup) {
      out[i].group = NULL;
      continue;
    }
    memcpy(g, nhs[i].group, nhs[i].ngroup * sizeof *g);
    out[i].group = g;
    g += nhs[i].ngroup;
  }
  return out;
}
