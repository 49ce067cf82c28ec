/* The real backend's sockets (core/backend.h): kernel sockets made in a
 * private namespace. */
#ifndef REAL_SOCK_H
#define REAL_SOCK_H

#include "core/backend.h"

nsp_sock *real_sock_open(nsp_backend *be, int nsfd, const nsp_sock_opts *o, nsp_status *st);
bool real_sock_bind(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st);
bool real_sock_connect(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st);
bool real_sock_listen(nsp_sock *s, int backlog, nsp_status *st);
nsp_sock *real_sock_accept(nsp_sock *s, nsp_sockaddr *peer, nsp_status *st);
long real_sock_send(nsp_sock *s, const void *data, size_t len, const nsp_sockaddr *to,
                    nsp_status *st);
long real_sock_recv(nsp_sock *s, void *buf, size_t cap, nsp_sockaddr *from, bool peek,
                    nsp_status *st);
bool real_sock_recv_err(nsp_sock *s, nsp_sock_errq *e);
int real_sock_error(nsp_sock *s);
bool real_sock_name(nsp_sock *s, bool peer, nsp_sockaddr *a, nsp_status *st);
bool real_sock_shutdown(nsp_sock *s, int how, nsp_status *st);
void real_sock_close(nsp_sock *s);
int real_sock_poll(nsp_backend *b, nsp_pollfd *fds, size_t n, uint64_t deadline);
/* The socket's descriptor (-1 for NULL), for the job scheduler's poll(). */
int real_sock_fd(const nsp_sock *s);

#endif
