/* The ping socket on the kernel, as iputils 20221126 runs it as root
 * (ping/ping.c, ping/ping_common.c; the functions are named where each
 * step is reproduced).  A private namespace is entered only around the
 * socket() calls: a socket belongs for life to the namespace it was made
 * in, so the rest runs from the caller's namespace.
 *
 * Where errors come from.  An ICMP error about one of our echo requests
 * reaches a raw ICMP socket twice (net/ipv4/raw.c):
 *   - raw_local_deliver() queues a copy of the error packet itself, as it
 *     does every ICMP packet that ICMP_FILTER lets through;
 *   - icmp_rcv() → icmp_unreach() → raw_icmp_error() → raw_err() queues it
 *     on the error queue with IP_RECVERR (ip_icmp_error(): ee_origin
 *     SO_EE_ORIGIN_ICMP, the offender is the error's source, the data is
 *     the quoted ICMP header, msg_name the quoted destination) and sets
 *     sk_err, which the next plain recvmsg() returns once.
 * raw_err() returns early for ICMP_SOURCE_QUENCH and ICMP_REDIRECT, so
 * those two exist only as raw copies.  iputils reports an error from the
 * error queue (ping4_receive_error_msg(): "From X icmp_seq=N ...", counted
 * in nerrors) and only acknowledges the raw copy of the same error
 * (ping4_parse_reply(): error_pkt → acknowledge(), no output), while source
 * quench and redirects are printed from the raw copy.  We do the same:
 * Destination Unreachable, Time Exceeded and Parameter Problem are
 * reported from the error queue only and their raw copies are dropped;
 * Source Quench and Redirect are reported from the raw copy.  Each error
 * is therefore reported once, from one source per type. */
#include "real/probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <linux/errqueue.h>
#include <linux/filter.h>
#include <linux/icmp.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "real/ns.h"

#define PROBE_NS_S 1000000000ULL
#define PROBE_PKT_MAX 65536 /* the largest IPv4 datagram */
#define PROBE_UDP_PORT 1025 /* ping4_run(): dst.sin_port = htons(1025) */
#define PROBE_TV_LEN 16     /* sizeof(struct timeval) on LP64 */

struct real_probe {
  int fd;   /* the raw ICMP socket */
  int nsfd; /* our duplicate of the namespace, for connect()'s UDP socket */
  nsp_probe_cfg cfg;
  GQueue pending; /* nsp_probe_event*: errors met by send while it looked for its own */
  uint8_t pkt[PROBE_PKT_MAX];
};

uint64_t real_clock_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * PROBE_NS_S + (uint64_t)ts.tv_nsec;
}

/* A socket of the namespace nsfd; -1 with errno on failure. */
static int probe_socket_in(int nsfd, int type, int protocol) {
  int saved = real_ns_enter(nsfd);
  if (saved < 0) return -1;
  int fd = socket(AF_INET, type | SOCK_CLOEXEC, protocol);
  int e = errno;
  real_ns_leave(saved);
  errno = e;
  return fd;
}

/* SO_BINDTODEVICE as ping4_run() sets it (name and its NUL); the kernel
 * looks the name up in the socket's namespace: ENODEV when missing. */
static int probe_bind_dev(int fd, const char *dev) {
  size_t len = strnlen(dev, NSP_IFNAMSIZ);
  if (len == 0) return 0;
  return setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)(len + 1));
}

/* ping4_run()'s ICMP_FILTER (only echo replies and the five error types
 * reach the socket) and ping4_install_filter()'s BPF program, which drops
 * echo replies carrying another ident; the id is loaded big-endian, as
 * written by real_probe_send(). */
static int probe_filters(int fd, uint16_t ident) {
  struct icmp_filter filt = {
      .data = ~((1U << ICMP_SOURCE_QUENCH) | (1U << ICMP_DEST_UNREACH) |
                (1U << ICMP_TIME_EXCEEDED) | (1U << ICMP_PARAMETERPROB) | (1U << ICMP_REDIRECT) |
                (1U << ICMP_ECHOREPLY))};
  struct sock_filter insns[] = {
      BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),                    /* X = IP header length */
      BPF_STMT(BPF_LD | BPF_H | BPF_IND, 4),                     /* the ICMP id */
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ident, 0, 1),          /* ours? */
      BPF_STMT(BPF_RET | BPF_K, ~0U),                            /* yes: pass */
      BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),                     /* the ICMP type */
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP_ECHOREPLY, 1, 0), /* an echo reply? */
      BPF_STMT(BPF_RET | BPF_K, 0xFFFFFFF),                      /* no: pass */
      BPF_STMT(BPF_RET | BPF_K, 0),                              /* someone else's reply */
  };
  struct sock_fprog prog = {.len = G_N_ELEMENTS(insns), .filter = insns};
  if (setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof filt) != 0) return -1;
  return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog);
}

/* ping4_run()'s order: SO_BINDTODEVICE, IP_MTU_DISCOVER, bind(), the
 * filters, IP_RECVERR, IP_TTL.  iputils sets IP_MTU_DISCOVER only with -M
 * (setting WANT explicitly is the same unless the namespace's
 * ip_no_pmtu_disc was changed) and IP_TTL only with -t (cfg->ttl 0
 * otherwise: the namespace's ip_default_ttl).  0 or an errno. */
static int probe_setup(int fd, const nsp_probe_cfg *cfg) {
  static const int disc[] = {IP_PMTUDISC_WANT, IP_PMTUDISC_DONT, IP_PMTUDISC_DO};
  if (cfg->pmtudisc < 0 || cfg->pmtudisc > 2) return EINVAL;
  int on = 1, ttl = cfg->ttl, mode = disc[cfg->pmtudisc];
  struct sockaddr_in src = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(cfg->src)};
  if (probe_bind_dev(fd, cfg->dev) != 0 ||
      (cfg->mark && setsockopt(fd, SOL_SOCKET, SO_MARK, &cfg->mark, sizeof cfg->mark) != 0) ||
      setsockopt(fd, SOL_IP, IP_MTU_DISCOVER, &mode, sizeof mode) != 0 ||
      (cfg->src && bind(fd, (const struct sockaddr *)&src, sizeof src) != 0) ||
      probe_filters(fd, cfg->ident) != 0 ||
      setsockopt(fd, SOL_IP, IP_RECVERR, &on, sizeof on) != 0 ||
      (ttl && setsockopt(fd, SOL_IP, IP_TTL, &ttl, sizeof ttl) != 0))
    return errno;
  return 0;
}

real_probe *real_probe_open(int nsfd, const nsp_probe_cfg *cfg, nsp_status *st) {
  int fd = probe_socket_in(nsfd, SOCK_RAW, IPPROTO_ICMP);
  if (fd < 0) {
    nsp_status_set(st, errno, NULL);
    return NULL;
  }
  int err = probe_setup(fd, cfg), nsdup = -1;
  if (!err && (nsdup = fcntl(nsfd, F_DUPFD_CLOEXEC, 0)) < 0) err = errno;
  if (err) {
    close(fd);
    nsp_status_set(st, err, NULL);
    return NULL;
  }
  real_probe *p = g_new0(real_probe, 1);
  p->fd = fd;
  p->nsfd = nsdup;
  p->cfg = *cfg;
  g_queue_init(&p->pending);
  return p;
}

/* ping4_run() without -I ADDR: connect() a UDP socket (bound to the device
 * when -I DEV) to the destination's port 1025 and read the source the
 * route lookup chose; ip_route_connect() fails with ENETUNREACH when there
 * is no route (KERNEL.md §5.6). */
bool real_probe_connect(real_probe *p, uint32_t *src, nsp_status *st) {
  int fd = probe_socket_in(p->nsfd, SOCK_DGRAM, 0);
  if (fd < 0) {
    nsp_status_set(st, errno, NULL);
    return false;
  }
  struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(PROBE_UDP_PORT),
                            .sin_addr.s_addr = htonl(p->cfg.dst)};
  struct sockaddr_in me = {0};
  socklen_t len = sizeof me;
  int err = 0;
  if (probe_bind_dev(fd, p->cfg.dev) != 0 ||
      (p->cfg.mark && setsockopt(fd, SOL_SOCKET, SO_MARK, &p->cfg.mark, sizeof p->cfg.mark) != 0) ||
      connect(fd, (const struct sockaddr *)&dst, sizeof dst) != 0 ||
      getsockname(fd, (struct sockaddr *)&me, &len) != 0)
    err = errno;
  close(fd);
  if (err) {
    nsp_status_set(st, err, NULL);
    return false;
  }
  *src = ntohl(me.sin_addr.s_addr);
  return true;
}

/* What one entry of the error queue was. */
typedef enum {
  ERRQ_EMPTY, /* nothing queued */
  ERRQ_OTHER, /* an error about someone else's packet, or not ICMP: dropped */
  ERRQ_LOCAL, /* SO_EE_ORIGIN_LOCAL: *info is the MTU of an EMSGSIZE, else 0 */
  ERRQ_EVENT, /* an ICMP error about one of our echo requests: *ev */
} errq_kind;

/* ping4_receive_error_msg(): one recvmsg(MSG_ERRQUEUE); an ICMP-origin
 * error is ours when it quotes an echo request with our id sent to our
 * destination. */
static errq_kind probe_errq_read(real_probe *p, nsp_probe_event *ev, unsigned *info) {
  uint8_t icmp[ICMP_HDR_LEN];
  union {
    char buf[512];
    struct cmsghdr align;
  } cbuf;
  struct sockaddr_in target = {0};
  struct iovec iov = {.iov_base = icmp, .iov_len = sizeof icmp};
  struct msghdr msg = {.msg_name = &target, .msg_namelen = sizeof target, .msg_iov = &iov,
                       .msg_iovlen = 1, .msg_control = cbuf.buf, .msg_controllen = sizeof cbuf.buf};
  ssize_t n = recvmsg(p->fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
  if (n < 0) return ERRQ_EMPTY;
  struct sock_extended_err e;
  struct sockaddr_in offender;
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  while (c && !(c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR)) c = CMSG_NXTHDR(&msg, c);
  if (!c || c->cmsg_len < CMSG_LEN(sizeof e + sizeof offender)) return ERRQ_OTHER;
  memcpy(&e, CMSG_DATA(c), sizeof e);
  memcpy(&offender, CMSG_DATA(c) + sizeof e, sizeof offender); /* SO_EE_OFFENDER() */
  if (e.ee_origin == SO_EE_ORIGIN_LOCAL) {
    *info = e.ee_errno == EMSGSIZE ? e.ee_info : 0;
    return ERRQ_LOCAL;
  }
  if (e.ee_origin != SO_EE_ORIGIN_ICMP || n < ICMP_HDR_LEN ||
      ntohl(target.sin_addr.s_addr) != p->cfg.dst || icmp[0] != ICMP_ECHO ||
      inet_get16(icmp + 4) != p->cfg.ident)
    return ERRQ_OTHER;
  *ev = (nsp_probe_event){.kind = NSP_PROBE_ERROR, .seq = inet_get16(icmp + 6),
                          .from = ntohl(offender.sin_addr.s_addr), .icmp_type = e.ee_type,
                          .icmp_code = e.ee_code, .at_ns = real_clock_now()};
  return ERRQ_EVENT;
}

/* The timeval real_probe_send() wrote: seconds and microseconds, 8 bytes
 * each, little-endian (sim/sock.c's layout); UINT64_MAX when too short. */
static uint64_t probe_payload_time(const uint8_t *icmp, size_t ilen) {
  if (ilen < ICMP_HDR_LEN + PROBE_TV_LEN) return UINT64_MAX;
  uint64_t sec = 0, usec = 0;
  for (int i = 7; i >= 0; i--) sec = (sec << 8) | icmp[ICMP_HDR_LEN + i];
  for (int i = 7; i >= 0; i--) usec = (usec << 8) | icmp[ICMP_HDR_LEN + 8 + i];
  return sec * PROBE_NS_S + usec * 1000ULL;
}

/* ping4_parse_reply() on a packet of the raw socket: an echo reply with
 * our id, or a source quench or redirect quoting one of our echo requests
 * to our destination.  The other error types are taken from the error
 * queue (see the top of this file). */
static bool probe_offer(real_probe *p, const ipv4_hdr *h, const uint8_t *icmp, size_t ilen,
                        nsp_probe_event *ev) {
  if (ilen < ICMP_HDR_LEN) return false;
  *ev = (nsp_probe_event){.from = h->saddr, .ttl = h->ttl, .icmp_type = icmp[0],
                          .icmp_code = icmp[1], .gateway = inet_get32(icmp + 4),
                          .at_ns = real_clock_now()};
  if (icmp[0] == ICMP_ECHOREPLY) {
    if (inet_get16(icmp + 4) != p->cfg.ident) return false;
    ev->kind = NSP_PROBE_REPLY;
    ev->seq = inet_get16(icmp + 6);
    ev->len = ilen;
    ev->sent_ns = probe_payload_time(icmp, ilen);
    return true;
  }
  if (icmp[0] != ICMP_SOURCE_QUENCH && icmp[0] != ICMP_REDIRECT) return false;
  if (ilen < ICMP_HDR_LEN + IPV4_HDR_LEN + ICMP_HDR_LEN) return false;
  const uint8_t *inner = icmp + ICMP_HDR_LEN;
  size_t ihl = (size_t)(inner[0] & 0x0f) * 4;
  if (ihl < IPV4_HDR_LEN || ilen < ICMP_HDR_LEN + ihl + ICMP_HDR_LEN) return false;
  const uint8_t *q = inner + ihl;
  if (inner[9] != IPV4_PROTO_ICMP || inet_get32(inner + 16) != p->cfg.dst || q[0] != ICMP_ECHO ||
      inet_get16(q + 4) != p->cfg.ident)
    return false;
  ev->kind = NSP_PROBE_ERROR;
  ev->seq = inet_get16(q + 6);
  return true;
}

typedef enum { RX_EMPTY, RX_SKIP, RX_EVENT } rx_kind;

/* One packet of the raw socket's receive queue (whole IP header first, as
 * Linux raw sockets give it).  A failing recv() that is not EAGAIN has
 * consumed the socket's pending error (sk_err, set by raw_err() and
 * returned once by sock_error()): skipped, the error queue has the
 * details. */
static rx_kind probe_rx_read(real_probe *p, nsp_probe_event *ev) {
  ssize_t n = recv(p->fd, p->pkt, sizeof p->pkt, MSG_DONTWAIT);
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? RX_EMPTY : RX_SKIP;
  ipv4_hdr h;
  if (ipv4_hdr_parse(p->pkt, (size_t)n, &h) != PROTO_OK || h.proto != IPV4_PROTO_ICMP)
    return RX_SKIP;
  return probe_offer(p, &h, p->pkt + h.ihl, (size_t)h.tot_len - h.ihl, ev) ? RX_EVENT : RX_SKIP;
}

/* One event already queued in the kernel, without waiting: the error
 * queue first (ICMP errors; local errors belong to the send that caused
 * them and are dropped here), then the receive queue. */
static bool probe_take(real_probe *p, nsp_probe_event *ev) {
  for (;;) {
    errq_kind k;
    unsigned info;
    while ((k = probe_errq_read(p, ev, &info)) != ERRQ_EMPTY)
      if (k == ERRQ_EVENT) return true;
    rx_kind r = probe_rx_read(p, ev);
    if (r != RX_SKIP) return r == RX_EVENT;
  }
}

/* ping4_send_probe()'s payload: the pattern of setup() (byte i is i), the
 * send time over its first 16 bytes when they fit (timing). */
static void probe_payload(uint8_t *d, size_t size, uint64_t now) {
  uint64_t sec = now / PROBE_NS_S, usec = now % PROBE_NS_S / 1000;
  for (size_t i = 0; i < size; i++) d[i] = (uint8_t)i;
  for (size_t i = 0; i < 8 && size >= PROBE_TV_LEN; i++) {
    d[i] = (uint8_t)(sec >> (8 * i));
    d[8 + i] = (uint8_t)(usec >> (8 * i));
  }
}

/* After sendto() failed with EMSGSIZE: __ip_append_data() queued an
 * SO_EE_ORIGIN_LOCAL error whose ee_info is the MTU (ip_local_error(), with
 * IP_RECVERR on).  ICMP errors met on the way are kept for real_probe_wait(). */
static unsigned probe_local_mtu(real_probe *p) {
  unsigned mtu = 0, info;
  nsp_probe_event ev;
  errq_kind k;
  while ((k = probe_errq_read(p, &ev, &info)) != ERRQ_EMPTY) {
    if (k == ERRQ_LOCAL && info) mtu = info;
    if (k == ERRQ_EVENT) g_queue_push_tail(&p->pending, g_memdup2(&ev, sizeof ev));
  }
  return mtu;
}

bool real_probe_send(real_probe *p, uint16_t seq, size_t size, nsp_status *st) {
  if (size > PROBE_PKT_MAX - ICMP_HDR_LEN) {
    nsp_status_set(st, EMSGSIZE, NULL); /* raw_sendmsg(): len > 0xFFFF */
    return false;
  }
  uint8_t *data = g_malloc(size ? size : 1);
  probe_payload(data, size, real_clock_now());
  icmp_hdr h = {.type = ICMP_ECHO, .code = 0, .id = p->cfg.ident, .seq = seq};
  size_t len = icmp_emit(&h, data, size, p->pkt, sizeof p->pkt);
  g_free(data);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(p->cfg.dst)};
  if (sendto(p->fd, p->pkt, len, 0, (const struct sockaddr *)&to, sizeof to) >= 0) return true;
  int err = errno;
  nsp_status_set(st, err, NULL);
  if (err == EMSGSIZE && st) st->info = probe_local_mtu(p);
  return false;
}

void real_probe_wait(real_probe *p, uint64_t deadline_ns, nsp_probe_event *ev) {
  for (;;) {
    nsp_probe_event *e = g_queue_pop_head(&p->pending);
    if (e) {
      *ev = *e;
      g_free(e);
      return;
    }
    if (probe_take(p, ev)) return;
    uint64_t now = real_clock_now();
    if (now >= deadline_ns) {
      *ev = (nsp_probe_event){.kind = NSP_PROBE_NONE, .at_ns = now};
      return;
    }
    /* POLLERR (error queue or sk_err) is always reported */
    struct pollfd pfd = {.fd = p->fd, .events = POLLIN};
    uint64_t left = deadline_ns - now;
    struct timespec ts = {.tv_sec = (time_t)(left / PROBE_NS_S),
                          .tv_nsec = (long)(left % PROBE_NS_S)};
    ppoll(&pfd, 1, &ts, NULL);
  }
}

int real_probe_fd(real_probe *p, bool *pending) {
  *pending = !g_queue_is_empty(&p->pending);
  return p->fd;
}

void real_probe_close(real_probe *p) {
  if (!p) return;
  close(p->fd);
  close(p->nsfd);
  g_queue_clear_full(&p->pending, g_free);
  g_free(p);
}
