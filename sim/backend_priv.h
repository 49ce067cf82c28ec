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
nsp_route_get *sim_be_route_cache_list(nsp_backend *b, const char *ns, size_t *n,
                                       nsp_status *st);
bool sim_be_route_get(nsp_backend *b, const char *ns, const nsp_route_get_req *q,
                      nsp_route_get *out, nsp_status *st);
/* neigh_admin.c */
nsp_neigh *sim_be_neigh_list(nsp_backend *b, const char *ns, bool proxy, size_t *n);
bool sim_be_neigh_modify(nsp_backend *b, const char *ns, const nsp_neigh_req *rq, nsp_status *st);
bool sim_be_neigh_del(nsp_backend *b, const char *ns, const nsp_neigh_req *rq, nsp_status *st);
bool sim_be_rule_add(nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st);
bool sim_be_rule_del(nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st);
nsp_rule *sim_be_rule_list(nsp_backend *b, const char *ns, size_t *n);
bool sim_be_nexthop_add(nsp_backend *b, const char *ns, const nsp_nexthop *nh, unsigned nlflags,
                        nsp_status *st);
bool sim_be_nexthop_del(nsp_backend *b, const char *ns, const nsp_nexthop *nh, nsp_status *st);
nsp_nexthop *sim_be_nexthop_list(nsp_backend *b, const char *ns, uint32_t id, size_t *n,
                                 nsp_status *st);
bool sim_be_sysctl_get(nsp_backend *b, const char *ns, const char *key, char *out, size_t cap,
                       nsp_status *st);
/* sysctl_linux.c: a net.ipv4 key Linux has (for ns's devices) */
bool sim_sysctl_linux_has(sim_netns *ns, const char *key);
/* sysctl_linux_keys.c (scripts/gen-sysctl-linux): the keys outside net.ipv4 */
extern const char *const sim_sysctl_linux_keys[];
extern const size_t sim_sysctl_linux_nkeys;
bool sim_be_sysctl_set(nsp_backend *b, const char *ns, const char *key, const char *value,
                       nsp_status *st);

/* backend_sock.c */
nsp_sock *sim_be_sock_open(nsp_backend *b, const char *ns, const nsp_sock_opts *o, nsp_status *st);
bool sim_be_sock_bind(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st);
bool sim_be_sock_connect(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st);
bool sim_be_sock_listen(nsp_sock *s, int backlog, nsp_status *st);
nsp_sock *sim_be_sock_accept(nsp_sock *s, nsp_sockaddr *peer, nsp_status *st);
long sim_be_sock_send(nsp_sock *s, const void *data, size_t len, const nsp_sockaddr *to,
                      nsp_status *st);
long sim_be_sock_recv(nsp_sock *s, void *buf, size_t cap, nsp_sockaddr *from, bool peek,
                      nsp_status *st);
bool sim_be_sock_recv_err(nsp_sock *s, nsp_sock_errq *e);
int sim_be_sock_error(nsp_sock *s);
bool sim_be_sock_name(nsp_sock *s, bool peer, nsp_sockaddr *a, nsp_status *st);
bool sim_be_sock_shutdown(nsp_sock *s, int how, nsp_status *st);
void sim_be_sock_close(nsp_sock *s);
int sim_be_sock_poll(nsp_backend *b, nsp_pollfd *fds, size_t n, uint64_t deadline);
/* sets every revents; how many have one */
int sim_be_sock_ready(nsp_pollfd *fds, size_t n);
#define SIM_BE_SOCK_OPS                                                                    \
  .sock_open = sim_be_sock_open, .sock_bind = sim_be_sock_bind,                            \
  .sock_connect = sim_be_sock_connect, .sock_listen = sim_be_sock_listen,                  \
  .sock_accept = sim_be_sock_accept, .sock_send = sim_be_sock_send,                        \
  .sock_recv = sim_be_sock_recv, .sock_recv_err = sim_be_sock_recv_err,                    \
  .sock_error = sim_be_sock_error, .sock_name = sim_be_sock_name,                          \
  .sock_shutdown = sim_be_sock_shutdown, .sock_close = sim_be_sock_close,                  \
  .sock_poll = sim_be_sock_poll

#endif
