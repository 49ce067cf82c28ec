/* Live capture of a veth end into a pcap file.  One thread per capture:
 * it sleeps in poll() on libpcap's selectable descriptor (and on an
 * eventfd that real_capture_stop() rings) and writes every frame with
 * pcap_dump() as soon as the kernel hands it over.  Immediate mode makes
 * each frame readable at once instead of when a TPACKET_V3 block fills or
 * times out; stopping drains the ring before closing, since a capture
 * closed right after the traffic otherwise loses the last frames
 * (KERNEL.md, "Seen on this machine's kernel"). */
#include "real/capture.h"

#include <errno.h>
#include <glib.h>
#include <pcap/pcap.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "real/ns.h"

#define CAPTURE_SNAPLEN 65535
#define CAPTURE_GRACE_MS 50 /* a stop waits this long after the last frame */

struct real_capture {
  pcap_t *pc;
  pcap_dumper_t *dump;
  int fd;   /* pcap_get_selectable_fd() */
  int wake; /* eventfd: readable once real_capture_stop() was called */
  GThread *thread;
  uint64_t frames; /* written by the thread only; read atomically while it runs */
  bool rung;       /* real_capture_ring() was called */
  /* the opening, done by the thread so that several overlap */
  int nsfd;
  char *ifname, *path;
  GMutex lock;
  GCond cond;
  bool opened;     /* the thread is done opening; open_st.err 0: it worked */
  nsp_status open_st;
};

static void capture_write(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes) {
  real_capture *c = (real_capture *)user;
  pcap_dump((u_char *)c->dump, h, bytes);
  __atomic_add_fetch(&c->frames, 1, __ATOMIC_RELAXED);
}

/* Everything the ring holds now (non-blocking handle: 0 when empty), then
 * flushed so that the file is complete up to here.  false when the handle
 * failed for good (the interface went away with its namespace). */
static bool capture_dispatch(real_capture *c) {
  int n;
  while ((n = pcap_dispatch(c->pc, -1, capture_write, (u_char *)c)) > 0) continue;
  pcap_dump_flush(c->dump);
  return n == 0;
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
    struct pollfd pfd[2] = {{.fd = dead ? -1 : c->fd, .events = POLLIN},
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

/* The handle as the contract asks, activated in the namespace entered by
 * the caller; a pcap status (PCAP_ERROR_*, 0, or a warning > 0). */
static int capture_activate(pcap_t *pc) {
  if (pcap_set_snaplen(pc, CAPTURE_SNAPLEN) != 0 || pcap_set_promisc(pc, 0) != 0 ||
      pcap_set_immediate_mode(pc, 1) != 0)
    return PCAP_ERROR;
  int rc = pcap_activate(pc);
  if (rc < 0) return rc;
  /* IPv6 is left on in the namespaces (real/world.c); its own traffic (DAD,
   * MLD, router solicitations) stays out of the file, as the reference
   * recorder keeps it out by switching IPv6 off.  So do the IGMPv3 reports
   * a bridge sends for its snoopers' group at random moments
   * (igmp_ifc_start_timer()), which the simulation does not model */
  struct bpf_program prog;
  if (pcap_compile(pc, &prog, "not ip6 and not igmp", 1, PCAP_NETMASK_UNKNOWN) != 0) return PCAP_ERROR;
  int f = pcap_setfilter(pc, &prog);
  pcap_freecode(&prog);
  return f != 0 ? PCAP_ERROR : rc;
}

static int capture_errno(int rc) {
  switch (rc) {
  case PCAP_ERROR_NO_SUCH_DEVICE: return ENODEV;
  case PCAP_ERROR_PERM_DENIED: return EPERM;
  case PCAP_ERROR_IFACE_NOT_UP: return ENETDOWN;
  default: return EIO;
  }
}

/* Everything after activation, from our own namespace: Ethernet framing,
 * non-blocking reads, the file.  0 or an errno (st->extack set). */
static int capture_open_rest(real_capture *c, const char *path, nsp_status *st) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  if (pcap_datalink(c->pc) != DLT_EN10MB && pcap_set_datalink(c->pc, DLT_EN10MB) != 0) {
    nsp_status_set(st, EINVAL, "not an Ethernet interface");
    return EINVAL;
  }
  if (pcap_setnonblock(c->pc, 1, errbuf) != 0 || (c->fd = pcap_get_selectable_fd(c->pc)) < 0) {
    nsp_status_set(st, EIO, errbuf[0] ? errbuf : "no selectable descriptor");
    return EIO;
  }
  errno = 0;
  if (!(c->dump = pcap_dump_open(c->pc, path))) {
    int e = errno ? errno : EIO;
    nsp_status_set(st, e, pcap_geterr(c->pc));
    return e;
  }
  return 0;
}

/* On the capture's thread: the handle, activated inside the namespace
 * (setns() moves only the calling thread), then the file. */
static bool capture_open(real_capture *c, nsp_status *st) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  int saved = real_ns_enter(c->nsfd);
  if (saved < 0) {
    nsp_status_set(st, errno, NULL);
    return false;
  }
  pcap_t *pc = pcap_create(c->ifname, errbuf);
  int rc = pc ? capture_activate(pc) : PCAP_ERROR;
  real_ns_leave(saved);
  if (rc < 0) {
    nsp_status_set(st, capture_errno(rc), pc ? pcap_geterr(pc) : errbuf);
    if (pc) pcap_close(pc);
    return false;
  }
  c->pc = pc;
  return capture_open_rest(c, c->path, st) == 0;
}

static void capture_free(real_capture *c) {
  if (c->dump) pcap_dump_close(c->dump);
  if (c->pc) pcap_close(c->pc);
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
  c->ifname = g_strdup(ifname);
  c->path = g_strdup(path);
  c->nsfd = fcntl(nsfd, F_DUPFD_CLOEXEC, 0);
  c->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (c->nsfd < 0 || c->wake < 0) {
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
