#include "cli/run.h"

#include "cli/pcapng.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

volatile int cli_interrupted;

static void cli_on_signal(int sig) { cli_interrupted = sig; }

void cli_signals_install(bool pipe) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = cli_on_signal;
  sa.sa_flags = (int)SA_RESETHAND; /* no SA_RESTART: waits return early */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  if (pipe) {
    /* the report's writes fail from then on, and the run ends as for the
     * others, removing what it made */
    sa.sa_flags = 0;
    sigaction(SIGPIPE, &sa, NULL);
  }
}

bool cli_backend_open(bool real, const char *pcap_dir, unsigned faults, cli_backend *b,
                      nsp_status *st) {
  memset(b, 0, sizeof *b);
  if (!real) {
    b->sim = sim_world_new(NSPATH_SEED);
    sim_world_set_faults(b->sim, faults);
    if (pcap_dir) sim_world_set_pcap_dir(b->sim, pcap_dir);
    b->be = sim_world_backend(b->sim);
    return true;
  }
  if (!(b->real = real_world_new(st))) return false;
  if (pcap_dir) real_world_set_pcap_dir(b->real, pcap_dir);
  b->be = real_world_backend(b->real);
  b->t0_ns = (uint64_t)g_get_real_time() * 1000ULL;
  return true;
}

bool cli_backend_set_pcapng(cli_backend *b, const char *path, const char *pcap_dir,
                            nsp_status *st) {
  b->pcapng = g_strdup(path);
  if (b->sim) {
    sim_world_journal_enable(b->sim, true);
    return true;
  }
  if (!pcap_dir) {
    GError *err = NULL;
    b->tmp_dir = g_dir_make_tmp("nspath-pcapng-XXXXXX", &err);
    if (!b->tmp_dir) {
      nsp_status_set(st, EIO, err->message);
      g_error_free(err);
      return false;
    }
    real_world_set_pcap_dir(b->real, b->tmp_dir);
  }
  b->pcap_dir = g_strdup(pcap_dir ? pcap_dir : b->tmp_dir);
  return true;
}

/* The frames of the run into c: the simulation's journal, or the kernel's
 * pcaps (their places read while the namespaces still exist, the files
 * once the captures have ended). */
static bool cli_backend_pcapng_sim(cli_backend *b, cli_pcapng *c, const char *label) {
  size_t n;
  sim_frame_rec *recs = sim_world_journal_take(b->sim, &n);
  if (c) cli_pcapng_add_journal(c, recs, n, label);
  if (b->journal_out) {
    *b->journal_out = recs;
    *b->njournal_out = n;
  } else {
    sim_frame_recs_free(recs, n);
  }
  return true;
}

static void cli_backend_tmp_remove(cli_backend *b) {
  if (!b->tmp_dir) return;
  GDir *d = g_dir_open(b->tmp_dir, 0, NULL);
  for (const char *e; d && (e = g_dir_read_name(d));) {
    char *f = g_build_filename(b->tmp_dir, e, NULL);
    g_unlink(f);
    g_free(f);
  }
  if (d) g_dir_close(d);
  g_rmdir(b->tmp_dir);
}

void cli_backend_open_error(const char *prog, const nsp_status *st) {
  if (st->err == EPERM)
    fprintf(stderr, "%s: --real needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); "
                    "without --real nspath simulates\n", prog);
  else
    fprintf(stderr, "%s: cannot create a network namespace: %s\n", prog, g_strerror(st->err));
}

/* Bind-mounts the namespaces under /run/netns/nspath-PID-NAME (real/keep.c). */
static bool cli_backend_keep(real_world *w, GString *why) {
  char *prefix = g_strdup_printf("nspath-%d-", (int)getpid());
  GString *names = g_string_new(NULL);
  GError *err = NULL;
  bool ok = real_world_keep(w, prefix, names, &err);
  if (ok)
    fprintf(stderr, "nspath: kept %s (ip netns exec %sNAME …; remove with: nspath clean)\n",
            names->str, prefix);
  else
    g_string_printf(why, "cannot keep the namespaces: %s", err->message);
  if (err) g_error_free(err);
  g_string_free(names, TRUE);
  g_free(prefix);
  return ok;
}

bool cli_backend_close(cli_backend *b, bool capturing, bool keep, unsigned *files,
                       uint64_t *frames, GString *why) {
  cli_pcapng *c = b->pcapng ? cli_pcapng_new() : NULL;
  char *path = g_strdup(b->pcapng);
  bool ok = cli_backend_close_into(b, capturing, keep, files, frames, c, NULL, why);
  if (c && ok) ok = cli_pcapng_write(c, path, why);
  else cli_pcapng_free(c);
  g_free(path);
  return ok;
}

/* A world of 100,000 namespaces is some ten million objects: freeing them
 * one by one took a tenth of `nspath run`'s time, just before the exit that
 * gives the kernel the whole heap back at once.  Builds with
 * AddressSanitizer free it, so that LeakSanitizer sees everything else. */
#if defined(__SANITIZE_ADDRESS__)
#define RUN_FREE_AT_EXIT true
#else
#define RUN_FREE_AT_EXIT false
#endif

static void run_world_free(cli_backend *b) {
  if (b->exiting && !RUN_FREE_AT_EXIT) return;
  sim_world_free(b->sim);
}

bool cli_backend_close_into(cli_backend *b, bool capturing, bool keep, unsigned *files,
                            uint64_t *frames, cli_pcapng *c, const char *label, GString *why) {
  bool ok = true;
  *files = 0;
  *frames = 0;
  if (capturing || b->pcapng) b->be->ops->clock_advance(b->be, NSPATH_CAPTURE_TAIL_NS);
  cli_pcapng_points *pts = c && b->real ? cli_pcapng_points_read(b->be) : NULL;
  if ((c || b->journal_out) && b->sim) cli_backend_pcapng_sim(b, c, label);
  if (b->sim) {
    sim_world_close_captures(b->sim);
    if (sim_world_capture_error(b->sim)) {
      g_string_assign(why, sim_world_capture_error(b->sim));
      ok = false;
    }
    sim_world_capture_stats(b->sim, files, frames);
    run_world_free(b);
  } else {
    real_world_close_captures(b->real, files, frames);
    if (c && b->pcap_dir)
      ok = cli_pcapng_add_pcaps(c, b->pcap_dir, pts, label ? b->t0_ns : 0, label, why);
    if (keep && ok) ok = cli_backend_keep(b->real, why);
    real_world_free(b->real);
  }
  cli_pcapng_points_free(pts);
  cli_backend_tmp_remove(b);
  g_free(b->tmp_dir);
  g_free(b->pcap_dir);
  g_free(b->pcapng);
  memset(b, 0, sizeof *b);
  return ok;
}

bool cli_backend_open_said(bool real, const char *pcap_dir, cli_backend *b) {
  nsp_status st = {0};
  if (cli_backend_open(real, pcap_dir, 0, b, &st)) return true;
  cli_backend_open_error("nspath", &st);
  return false;
}

bool cli_backend_close_said(cli_backend *b, const char *pcap_dir, bool keep) {
  unsigned files;
  uint64_t frames;
  GString *why = g_string_new(NULL);
  bool ok = cli_backend_close(b, pcap_dir != NULL, keep, &files, &frames, why);
  if (!ok) fprintf(stderr, "nspath: %s\n", why->str);
  g_string_free(why, TRUE);
  if (pcap_dir)
    fprintf(stderr, "nspath: %u pcap file%s, %llu frame%s in %s/\n", files, files == 1 ? "" : "s",
            (unsigned long long)frames, frames == 1 ? "" : "s", pcap_dir);
  return ok;
}
