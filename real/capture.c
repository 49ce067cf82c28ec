/* Live capture of a veth end into a pcap file.  One thread per capture:
 * it sleeps in poll() on a packet socket (and on an eventfd that
 * real_capture_stop() rings) and writes every frame with pcap_dump() as
 * soon as the kernel hands it over; stopping drains the socket before
 * closing, since a capture closed right after the traffic otherwise loses
 * the last frames (KERNEL.md, "Seen on this machine's kernel").
 *
 * libpcap compiles the filter and writes the file, but the frames are read
 * from a plain AF_PACKET socket of our own, not through pcap_activate():
 * libpcap 1.10 reads Linux captures only through a memory-mapped packet
 * ring (TPACKET_V2 in immediate mode, which a live capture needs), 2 MiB a
 * capture that the kernel zeroes when it is set up (alloc_pg_vec(), page
 * by page: 2.8 s of system time in clear_page for 200 links here, 26 s for
 * a 1,000-router chain), and those 2 MiB of 65 KB slots hold only 31
 * frames.  A packet socket costs nothing until frames arrive and queues up
 * to its receive buffer (docs/performance.md).  What libpcap's ring did
 * that matters here is done the same way: both directions (ETH_P_ALL bound
 * to the interface, outgoing frames from dev_queue_xmit_nit()), the kernel
 * filter attached before the bind so no frame passes unfiltered, the time
 * the kernel stamped the frame with (SO_TIMESTAMPNS: net_timestamp_set()
 * and net_timestamp_check(), what tpacket_rcv() reads), a frame's full
 * length beside its captured part (MSG_TRUNC). */
#include "real/capture.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <net/if.h> /* before the linux/ headers, which then leave IFF_* to it */
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "real/ns.h"

#define CAPTURE_SNAPLEN 65535
#define CAPTURE_GRACE_MS 50 /* a stop waits this long after the last frame */
/* SO_RCVBUFFORCE: what may queue before the thread reads it (a burst of
 * 64 KB GSO frames from `ping -s 65000` or a TCP window); charged only for
 * frames that are waiting */
#define CAPTURE_RCVBUF (4 << 20)
/* IPv6 is left on in the namespaces (real/world.c); its own traffic (DAD,
 * MLD, router solicitations) stays out of the file, as the reference
 * recorder keeps it out by switching IPv6 off.  So do the IGMPv3 reports a
 * bridge sends for its snoopers' group at random moments
 * (igmp_ifc_start_timer()), which the simulation does not model */
#define CAPTURE_FILTER "not ip6 and not igmp"

struct real_capture {
  int sock;  /* the packet socket, non-blocking */
  pcap_t *dead; /* pcap_open_dead(): the file's link type and snaplen */
  pcap_dumper_t *dump;
  int wake; /* eventfd: readable once real_capture_stop() was called */
  GThread *thread;
  uint64_t frames; /* written by the thread only; read atomically while it runs */
  bool rung;       /* real_capture_ring() was called */
  uint8_t *buf;    /* one frame, CAPTURE_SNAPLEN */
  /* the opening, done by the thread so that several overlap */
  int nsfd;
  char *ifname, *path;
  GMutex lock;
  GCond cond;
  bool opened;     /* the thread is done opening; open_st.err 0: it worked */
  nsp_status open_st;
};

/* One frame off the socket into the file: 1 one was written (or the
 * link's ENETDOWN read and passed over), 0 none waiting, -1 the socket
 * failed for good.  ENETDOWN is the link going down (or its
 * namespace going away): packet_notifier() reports it once and re-binds
 * the socket at NETDEV_UP, so it is no failure (libpcap 1.10 takes it the
 * same way). */
static int capture_read_one(real_capture *c) {
  union {
    struct cmsghdr align;
    char space[CMSG_SPACE(sizeof(struct timespec))];
  } control;
  struct iovec iov = {.iov_base = c->buf, .iov_len = CAPTURE_SNAPLEN};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control,
                       .msg_controllen = sizeof control};
  ssize_t n = recvmsg(c->sock, &msg, MSG_TRUNC);
  if (n < 0) {
    if (errno == EAGAIN || errno == EINTR) return 0;
    return errno == ENETDOWN ? 1 : -1;
  }
  struct pcap_pkthdr h = {.len = (bpf_u_int32)n,
                          .caplen = (bpf_u_int32)(n < CAPTURE_SNAPLEN ? n : CAPTURE_SNAPLEN)};
  for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
    if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_TIMESTAMPNS) {
      struct timespec ts;
      memcpy(&ts, CMSG_DATA(cm), sizeof ts);
      h.ts.tv_sec = ts.tv_sec;
      h.ts.tv_usec = ts.tv_nsec / 1000;
    }
  pcap_dump((u_char *)c->dump, &h, c->buf);
  __atomic_add_fetch(&c->frames, 1, __ATOMIC_RELAXED);
  return 1;
}

/* Everything the socket holds now, then flushed so that the file is
 * complete up to here.  false when the socket failed for good. */
static bool capture_dispatch(real_capture *c) {
  int r;
  while ((r = capture_read_one(c)) > 0) continue;
  pcap_dump_flush(c->dump);
  return r == 0;
}

/* The capture thread: frames until the stop is rung, then frames until
 * CAPTURE_GRACE_MS pass without one. */
static bool capture_open(real_capture *c, nsp_status *st);

static gpointer capture_run(gpointer data) {
  real_capture *c = data;
  nsp_status st = {0};
  bool ok = capture_open(c, &st);
  g_mutex_lock(&c->lock);
  c->open_st = st;
  c->opened = true;
  g_cond_signal(&c->cond);
  g_mutex_unlock(&c->lock);
  if (!ok) return NULL;
  bool draining = false, dead = false;
  for (;;) {
    struct pollfd pfd[2] = {{.fd = dead ? -1 : c->sock, .events = POLLIN},
                            {.fd = draining ? -1 : c->wake, .events = POLLIN}};
    int n = poll(pfd, 2, draining ? CAPTURE_GRACE_MS : -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    if (pfd[1].revents) draining = true;
    if (pfd[0].revents) dead = !capture_dispatch(c);
    else if (draining && n == 0) break;
    if (draining && dead) break;
  }
  return NULL;
}

/* The kernel filter, compiled by libpcap for Ethernet (a struct bpf_insn
 * is a struct sock_filter).  0 or an errno. */
static int capture_filter(real_capture *c, int s, nsp_status *st) {
  struct bpf_program prog;
  if (pcap_compile(c->dead, &prog, CAPTURE_FILTER, 1, PCAP_NETMASK_UNKNOWN) != 0) {
    nsp_status_set(st, EIO, pcap_geterr(c->dead));
    return EIO;
  }
  struct sock_fprog fp = {.len = (unsigned short)prog.bf_len, .filter = (struct sock_filter *)prog.bf_insns};
  int rc = setsockopt(s, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof fp) == 0 ? 0 : errno;
  pcap_freecode(&prog);
  if (rc) nsp_status_set(st, rc, "SO_ATTACH_FILTER");
  return rc;
}

/* The socket, made in the namespace the caller entered (a packet socket
 * belongs to the namespace it was made in): protocol 0 until the bind, so
 * nothing is queued before the filter is on.  Its errors are libpcap's:
 * ENODEV no such interface (SIOCGIFINDEX), EINVAL not Ethernet or
 * loopback (libpcap would give another link type), ENETDOWN a link that is
 * down (pending after packet_do_bind(); libpcap's PCAP_ERROR_IFACE_NOT_UP).  0 or an
 * errno, with st set. */
static int capture_socket(real_capture *c, nsp_status *st) {
  int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (s < 0) {
    nsp_status_set(st, errno, "socket: AF_PACKET");
    return st->err;
  }
  c->sock = s;
  struct ifreq ifr = {0};
  g_strlcpy(ifr.ifr_name, c->ifname, sizeof ifr.ifr_name);
  if (ioctl(s, SIOCGIFINDEX, &ifr) != 0) {
    nsp_status_set(st, errno, "SIOCGIFINDEX");
    return st->err;
  }
  int ifindex = ifr.ifr_ifindex;
  if (ioctl(s, SIOCGIFHWADDR, &ifr) != 0) {
    nsp_status_set(st, errno, "SIOCGIFHWADDR");
    return st->err;
  }
  if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER && ifr.ifr_hwaddr.sa_family != ARPHRD_LOOPBACK) {
    nsp_status_set(st, EINVAL, "not an Ethernet interface");
    return EINVAL;
  }
  int on = 1, rcvbuf = CAPTURE_RCVBUF;
  if (setsockopt(s, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) {
    nsp_status_set(st, errno, "SO_TIMESTAMPNS");
    return st->err;
  }
  /* SO_RCVBUFFORCE needs CAP_NET_ADMIN; without it the default buffer */
  (void)setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf);
  int rc = capture_filter(c, s, st);
  if (rc) return rc;
  struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
                            .sll_ifindex = ifindex};
  if (bind(s, (struct sockaddr *)&sll, sizeof sll) != 0) {
    nsp_status_set(st, errno, "bind");
    return st->err;
  }
  /* a link that is down binds all the same, with the error pending on the
   * socket (packet_do_bind()); libpcap's iface_bind() reads it back */
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err) nsp_status_set(st, err, err == ENETDOWN ? "That device is not up" : "SO_ERROR");
  return err;
}

/* On the capture's thread: the socket, made inside the namespace (setns()
 * moves only the calling thread), then the file from our own. */
static bool capture_open(real_capture *c, nsp_status *st) {
  int saved = real_ns_enter(c->nsfd);
  if (saved < 0) {
    nsp_status_set(st, errno, NULL);
    return false;
  }
  int rc = capture_socket(c, st);
  real_ns_leave(saved);
  if (rc) return false;
  errno = 0;
  if (!(c->dump = pcap_dump_open(c->dead, c->path))) {
    nsp_status_set(st, errno ? errno : EIO, pcap_geterr(c->dead));
    return false;
  }
  return true;
}

static void capture_free(real_capture *c) {
  if (c->dump) pcap_dump_close(c->dump);
  if (c->dead) pcap_close(c->dead);
  if (c->sock >= 0) close(c->sock);
  g_free(c->buf);
  if (c->wake >= 0) close(c->wake);
  if (c->nsfd >= 0) close(c->nsfd);
  g_free(c->ifname);
  g_free(c->path);
  g_mutex_clear(&c->lock);
  g_cond_clear(&c->cond);
  g_free(c);
}

real_capture *real_capture_start(int nsfd, const char *ifname, const char *path, nsp_status *st) {
  real_capture *c = g_new0(real_capture, 1);
  g_mutex_init(&c->lock);
  g_cond_init(&c->cond);
  c->sock = -1;
  c->dead = pcap_open_dead(DLT_EN10MB, CAPTURE_SNAPLEN);
  c->buf = g_malloc(CAPTURE_SNAPLEN);
  c->ifname = g_strdup(ifname);
  c->path = g_strdup(path);
  c->nsfd = fcntl(nsfd, F_DUPFD_CLOEXEC, 0);
  c->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (c->nsfd < 0 || c->wake < 0 || !c->dead) {
    nsp_status_set(st, errno, NULL);
    capture_free(c);
    return NULL;
  }
  g_autoptr(GError) gerr = NULL;
  if (!(c->thread = g_thread_try_new("nsp-capture", capture_run, c, &gerr))) {
    nsp_status_set(st, EAGAIN, gerr->message);
    capture_free(c);
    return NULL;
  }
  return c;
}

uint64_t real_capture_frames(const real_capture *c) {
  return __atomic_load_n(&c->frames, __ATOMIC_RELAXED);
}

bool real_capture_wait(real_capture *c, nsp_status *st) {
  g_mutex_lock(&c->lock);
  while (!c->opened) g_cond_wait(&c->cond, &c->lock);
  g_mutex_unlock(&c->lock);
  if (c->open_st.err) *st = c->open_st;
  return c->open_st.err == 0;
}

void real_capture_ring(real_capture *c) {
  if (!c || c->rung) return;
  uint64_t one = 1;
  if (write(c->wake, &one, sizeof one) != (ssize_t)sizeof one) /* cannot fail: never full */
    g_warning("capture: eventfd write: %s", g_strerror(errno));
  c->rung = true;
}

void real_capture_stop(real_capture *c, uint64_t *frames) {
  if (!c) return;
  real_capture_ring(c);
  g_thread_join(c->thread);
  if (frames) *frames = c->frames;
  capture_free(c);
}
