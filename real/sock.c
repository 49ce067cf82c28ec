/* Sockets on the kernel: each is a kernel socket made inside the private
 * namespace (entered only around socket(); a socket belongs to the
 * namespace it was made in for life), non-blocking, driven from the
 * caller's namespace with the plain system calls. */
#include "real/sock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "real/ns.h"
#include "real/probe.h"

typedef struct {
  nsp_sock base;
  int fd;
} real_sock;

#define RS(s) ((real_sock *)(s))

static struct sockaddr_in sock_sin(const nsp_sockaddr *a) {
  return (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons(a->port),
                              .sin_addr.s_addr = htonl(a->addr)};
}

static nsp_sockaddr sock_from_sin(const struct sockaddr_in *sin) {
  return (nsp_sockaddr){.addr = ntohl(sin->sin_addr.s_addr), .port = ntohs(sin->sin_port)};
}

static int sock_setint(int fd, int level, int opt, int v) {
  return setsockopt(fd, level, opt, &v, sizeof v);
}

/* The options in nsp_sock_opts' order; IP_RECVTTL with IP_RECVERR so that
 * an error read from the queue carries the TTL of the ICMP error. */
static int sock_setup(int fd, const nsp_sock_opts *o) {
  size_t dlen = strnlen(o->dev, NSP_IFNAMSIZ);
  if ((o->reuseaddr && sock_setint(fd, SOL_SOCKET, SO_REUSEADDR, 1) != 0) ||
      (o->reuseport && sock_setint(fd, SOL_SOCKET, SO_REUSEPORT, 1) != 0) ||
      (dlen && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, o->dev, (socklen_t)(dlen + 1)) != 0) ||
      (o->pmtudisc >= 0 && sock_setint(fd, SOL_IP, IP_MTU_DISCOVER, o->pmtudisc) != 0) ||
      (o->tos >= 0 && sock_setint(fd, SOL_IP, IP_TOS, o->tos) != 0) ||
      (o->ttl && sock_setint(fd, SOL_IP, IP_TTL, o->ttl) != 0) ||
      (o->recverr && (sock_setint(fd, SOL_IP, IP_RECVERR, 1) != 0 ||
                      sock_setint(fd, SOL_IP, IP_RECVTTL, 1) != 0)))
    return errno;
  return 0;
}

static nsp_sock *sock_wrap(nsp_backend *be, int fd) {
  real_sock *s = g_new0(real_sock, 1);
  s->base.be = be;
  s->fd = fd;
  return &s->base;
}

nsp_sock *real_sock_open(nsp_backend *be, int nsfd, const nsp_sock_opts *o, nsp_status *st) {
  int saved = real_ns_enter(nsfd);
  if (saved < 0) {
    nsp_status_set(st, errno, NULL);
    return NULL;
  }
  int type = o->type == NSP_SOCK_TCP ? SOCK_STREAM : SOCK_DGRAM;
  int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int e = errno;
  real_ns_leave(saved);
  if (fd < 0) {
    nsp_status_set(st, e, NULL);
    return NULL;
  }
  if ((e = sock_setup(fd, o)) != 0) {
    close(fd);
    nsp_status_set(st, e, NULL);
    return NULL;
  }
  return sock_wrap(be, fd);
}

static bool sock_ok(int rc, nsp_status *st) {
  if (rc == 0) return true;
  nsp_status_set(st, errno, NULL);
  return false;
}

bool real_sock_bind(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st) {
  struct sockaddr_in sin = sock_sin(a);
  return sock_ok(bind(RS(s)->fd, (struct sockaddr *)&sin, sizeof sin), st);
}

bool real_sock_connect(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st) {
  struct sockaddr_in sin = sock_sin(a);
  return sock_ok(connect(RS(s)->fd, (struct sockaddr *)&sin, sizeof sin), st);
}

bool real_sock_listen(nsp_sock *s, int backlog, nsp_status *st) {
  return sock_ok(listen(RS(s)->fd, backlog), st);
}

nsp_sock *real_sock_accept(nsp_sock *s, nsp_sockaddr *peer, nsp_status *st) {
  struct sockaddr_in sin = {0};
  socklen_t len = sizeof sin;
  int fd = accept4(RS(s)->fd, (struct sockaddr *)&sin, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) {
    nsp_status_set(st, errno, NULL);
    return NULL;
  }
  if (peer) *peer = sock_from_sin(&sin);
  return sock_wrap(s->be, fd);
}

long real_sock_send(nsp_sock *s, const void *data, size_t len, const nsp_sockaddr *to,
                    nsp_status *st) {
  struct sockaddr_in sin;
  if (to) sin = sock_sin(to);
  ssize_t n = sendto(RS(s)->fd, data, len, MSG_NOSIGNAL, to ? (struct sockaddr *)&sin : NULL,
                     to ? sizeof sin : 0);
  if (n < 0) nsp_status_set(st, errno, NULL);
  return (long)n;
}

long real_sock_recv(nsp_sock *s, void *buf, size_t cap, nsp_sockaddr *from, bool peek,
                    nsp_status *st) {
  struct sockaddr_in sin = {0};
  socklen_t len = sizeof sin;
  ssize_t n = recvfrom(RS(s)->fd, buf, cap, MSG_DONTWAIT | (peek ? MSG_PEEK : 0),
                       (struct sockaddr *)&sin, &len);
  if (n < 0) nsp_status_set(st, errno, NULL);
  else if (from) *from = sock_from_sin(&sin);
  return (long)n;
}

/* One recvmsg(MSG_ERRQUEUE): the extended error, its offender, the
 * destination of the datagram it is about (msg_name) and the ICMP
 * error's TTL (IP_TTL, with IP_RECVTTL on). */
bool real_sock_recv_err(nsp_sock *s, nsp_sock_errq *e) {
  uint8_t data[2048];
  union {
    char buf[512];
    struct cmsghdr align;
  } cbuf;
  struct sockaddr_in dst = {0};
  struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
  struct msghdr msg = {.msg_name = &dst, .msg_namelen = sizeof dst, .msg_iov = &iov,
                       .msg_iovlen = 1, .msg_control = cbuf.buf, .msg_controllen = sizeof cbuf.buf};
  ssize_t n = recvmsg(RS(s)->fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
  if (n < 0) return false;
  memset(e, 0, sizeof *e);
  e->at_ns = real_clock_now();
  e->dst = sock_from_sin(&dst);
  e->len = (size_t)n;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_IP) continue;
    if (c->cmsg_type == IP_TTL && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
      int ttl;
      memcpy(&ttl, CMSG_DATA(c), sizeof ttl);
      e->ttl = (uint8_t)ttl;
    } else if (c->cmsg_type == IP_RECVERR &&
               c->cmsg_len >= CMSG_LEN(sizeof(struct sock_extended_err))) {
      struct sock_extended_err ee;
      memcpy(&ee, CMSG_DATA(c), sizeof ee);
      e->err = (int)ee.ee_errno;
      e->origin = ee.ee_origin;
      e->type = ee.ee_type;
      e->code = ee.ee_code;
      e->info = ee.ee_info;
      if (c->cmsg_len >= CMSG_LEN(sizeof ee + sizeof(struct sockaddr_in))) {
        struct sockaddr_in off;
        memcpy(&off, CMSG_DATA(c) + sizeof ee, sizeof off); /* SO_EE_OFFENDER() */
        e->offender = ntohl(off.sin_addr.s_addr);
      }
    }
  }
  return true;
}

int real_sock_error(nsp_sock *s) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(RS(s)->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
  return err;
}

bool real_sock_name(nsp_sock *s, bool peer, nsp_sockaddr *a, nsp_status *st) {
  struct sockaddr_in sin = {0};
  socklen_t len = sizeof sin;
  int rc = peer ? getpeername(RS(s)->fd, (struct sockaddr *)&sin, &len)
                : getsockname(RS(s)->fd, (struct sockaddr *)&sin, &len);
  if (!sock_ok(rc, st)) return false;
  *a = sock_from_sin(&sin);
  return true;
}

bool real_sock_shutdown(nsp_sock *s, int how, nsp_status *st) {
  return sock_ok(shutdown(RS(s)->fd, how), st);
}

void real_sock_close(nsp_sock *s) {
  close(RS(s)->fd);
  g_free(s);
}

/* ppoll() until the deadline on CLOCK_MONOTONIC (real_clock_now()),
 * restarted after a signal; the NSP_POLL* bits are poll(2)'s own. */
int real_sock_fd(const nsp_sock *s) { return s ? ((const real_sock *)s)->fd : -1; }

int real_sock_poll(nsp_backend *b, nsp_pollfd *fds, size_t n, uint64_t deadline) {
  struct pollfd pfd[64];
  if (n > G_N_ELEMENTS(pfd)) n = G_N_ELEMENTS(pfd);
  for (size_t i = 0; i < n; i++)
    pfd[i] = (struct pollfd){.fd = fds[i].sock ? RS(fds[i].sock)->fd : -1,
                             .events = (short)fds[i].events};
  int rc;
  for (;;) {
    uint64_t now = real_clock_now();
    struct timespec ts = {0}, *tsp = NULL;
    if (deadline != UINT64_MAX) {
      uint64_t left = deadline > now ? deadline - now : 0;
      ts.tv_sec = (time_t)(left / 1000000000ULL);
      ts.tv_nsec = (long)(left % 1000000000ULL);
      tsp = &ts;
    }
    rc = ppoll(pfd, n, tsp, NULL);
    if (rc >= 0 || errno != EINTR) break;
  }
  for (size_t i = 0; i < n; i++) fds[i].revents = rc > 0 ? (unsigned)pfd[i].revents : 0;
  return rc < 0 ? 0 : rc;
}
