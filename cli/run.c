#include "cli/run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
  return true;
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
  bool ok = true;
  *files = 0;
  *frames = 0;
  if (capturing) b->be->ops->clock_advance(b->be, NSPATH_CAPTURE_TAIL_NS);
  if (b->sim) {
    sim_world_close_captures(b->sim);
    if (sim_world_capture_error(b->sim)) {
      g_string_assign(why, sim_world_capture_error(b->sim));
      ok = false;
    }
    sim_world_capture_stats(b->sim, files, frames);
    sim_world_free(b->sim);
  } else {
    real_world_close_captures(b->real, files, frames);
    if (keep && ok) ok = cli_backend_keep(b->real, why);
    real_world_free(b->real);
  }
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
