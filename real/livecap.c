#include "real/livecap.h"

#include <errno.h>
#include <glib.h>
#include <pcap/pcap.h>

#include "real/ns.h"

struct real_livecap {
  pcap_t *pc;
  int fd;
};

static int livecap_errno(int rc) {
  switch (rc) {
  case PCAP_ERROR_NO_SUCH_DEVICE: return ENODEV;
  case PCAP_ERROR_PERM_DENIED: return EPERM;
  case PCAP_ERROR_IFACE_NOT_UP: return ENETDOWN;
  default: return EIO;
  }
}

/* pcap_create() and pcap_activate() inside the namespace: the packet
 * socket is made there and binds to the device's index there. */
static pcap_t *livecap_activate(int nsfd, const nsp_capture_cfg *cfg, nsp_status *st) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  int saved = real_ns_enter(nsfd);
  if (saved < 0) {
    nsp_status_set(st, errno, NULL);
    return NULL;
  }
  pcap_t *pc = pcap_create(cfg->dev, errbuf);
  int rc = PCAP_ERROR;
  /* as tcpdump's open_interface(): the buffer timeout, immediate mode only
   * when asked (TPACKET_V3 then hands over blocks: sim/capture.c) */
  if (pc && pcap_set_snaplen(pc, (int)cfg->snaplen) == 0 && pcap_set_promisc(pc, cfg->promisc) == 0 &&
      pcap_set_timeout(pc, cfg->timeout_ms ? (int)cfg->timeout_ms : 1000) == 0 &&
      pcap_set_immediate_mode(pc, cfg->timeout_ms == 0) == 0)
    rc = pcap_activate(pc);
  real_ns_leave(saved);
  if (rc >= 0) return pc;
  nsp_status_set(st, livecap_errno(rc), NULL);
  /* tcpdump's words (open_interface() of tcpdump 4.99.3): PCAP_ERROR's
   * message alone; "DEV: STATUS\n(MESSAGE)" for no such device (and a
   * refusal with a message); "DEV: STATUS" for the rest (a device down) */
  const char *msg = pc ? pcap_geterr(pc) : errbuf;
  if (rc == PCAP_ERROR)
    g_strlcpy(st->extack, msg, sizeof st->extack);
  else if (rc == PCAP_ERROR_NO_SUCH_DEVICE || (rc == PCAP_ERROR_PERM_DENIED && *msg))
    g_snprintf(st->extack, sizeof st->extack, "%s: %s\n(%s)", cfg->dev, pcap_statustostr(rc), msg);
  else
    g_snprintf(st->extack, sizeof st->extack, "%s: %s", cfg->dev, pcap_statustostr(rc));
  if (pc) pcap_close(pc);
  return NULL;
}

real_livecap *real_livecap_open(int nsfd, const nsp_capture_cfg *cfg, nsp_status *st) {
  pcap_t *pc = livecap_activate(nsfd, cfg, st);
  if (!pc) return NULL;
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  int fd = pcap_setnonblock(pc, 1, errbuf) == 0 ? pcap_get_selectable_fd(pc) : -1;
  if (fd < 0 || pcap_datalink(pc) != DLT_EN10MB) {
    nsp_status_set(st, EIO, fd < 0 ? errbuf : "not an Ethernet interface");
    pcap_close(pc);
    return NULL;
  }
  /* the filter, compiled with netmask 0 as tcpdump's, runs in the kernel */
  struct bpf_program prog;
  if (pcap_compile(pc, &prog, cfg->filter ? cfg->filter : "", 1, 0) < 0) {
    nsp_status_set(st, EINVAL, NULL);
    g_strlcpy(st->extack, pcap_geterr(pc), sizeof st->extack);
    pcap_close(pc);
    return NULL;
  }
  int f = pcap_setfilter(pc, &prog);
  pcap_freecode(&prog);
  if (f != 0) {
    nsp_status_set(st, EIO, pcap_geterr(pc));
    pcap_close(pc);
    return NULL;
  }
  real_livecap *c = g_new0(real_livecap, 1);
  c->pc = pc;
  c->fd = fd;
  return c;
}

bool real_livecap_next(real_livecap *c, nsp_capture_frame *f) {
  struct pcap_pkthdr *h;
  const u_char *data;
  if (pcap_next_ex(c->pc, &h, &data) != 1) return false;
  f->ts_ns = (uint64_t)h->ts.tv_sec * 1000000000ULL + (uint64_t)h->ts.tv_usec * 1000ULL;
  f->len = h->len;
  f->caplen = h->caplen;
  f->data = data;
  return true;
}

void real_livecap_stats(real_livecap *c, nsp_capture_stats *s) {
  struct pcap_stat ps = {0};
  pcap_stats(c->pc, &ps);
  s->received = ps.ps_recv;
  s->dropped = ps.ps_drop;
}

int real_livecap_fd(const real_livecap *c) { return c->fd; }

void real_livecap_close(real_livecap *c) {
  if (!c) return;
  pcap_close(c->pc);
  g_free(c);
}
