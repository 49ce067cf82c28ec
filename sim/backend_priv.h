/* Operations of the simulation backend, split by theme across files. */
#ifndef SIM_BACKEND_PRIV_H
#define SIM_BACKEND_PRIV_H

#include "sim/sim.h"

#define W(b) ((sim_world *)(b))

sim_netns *sim_be_ns(nsp_backend *b, const char *ns);
sim_iface *sim_be_dev(nsp_backend *b, const char *nsname, int ifindex, nsp_status *st);

bool sim_be_addr_add(nsp_backend *b, const char *ns, const nsp_addr *a, nsp_status *st);
bool sim_be_addr_del(nsp_backend *b, const char *ns, const nsp_addr *a, nsp_status *st);
nsp_addr *sim_be_addr_list(nsp_backend *b, const char *ns, size_t *n);
bool sim_be_route_add(nsp_backend *b, const char *ns, const nsp_route_req *rq, nsp_status *st);
bool sim_be_route_del(nsp_backend *b, const char *ns, const nsp_route_req *rq, nsp_status *st);
nsp_route *sim_be_route_list(nsp_backend *b, const char *ns, uint32_t table, size_t *n,
                             nsp_status *st);
bool sim_be_route_get(nsp_backend *b, const char *ns, const nsp_route_get_req *q,
                      nsp_route_get *out, nsp_status *st);
bool sim_be_rule_add(nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st);
bool sim_be_rule_del(nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st);
nsp_rule *sim_be_rule_list(nsp_backend *b, const char *ns, size_t *n);
nsp_neigh *sim_be_neigh_list(nsp_backend *b, const char *ns, size_t *n);
bool sim_be_sysctl_get(nsp_backend *b, const char *ns, const char *key, char *out, size_t cap,
                       nsp_status *st);
bool sim_be_sysctl_set(nsp_backend *b, const char *ns, const char *key, const char *value,
                       nsp_status *st);

#endif
