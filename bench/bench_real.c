/* Section "real": setting up and tearing down a topology on the kernel with
 * `nspath run --real --no-capture --pace 0`, against the same lines as a
 * shell script of `ip` commands and as `ip -batch` files; then each textbook
 * scenario simulated against the same scenario on the kernel.  Root only:
 * otherwise one row says the section was skipped.
 *
 * The shell variants name their namespaces nspb<pid>-cN and remove them
 * (ip netns del, as their teardown) whatever happens; nspath's are private
 * and die with it. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "bench/bench.h"
#include "core/scenario.h"
#include "sim/world.h"

/* Host - `routers` routers - host in the textbook's order: namespaces,
 * veths created and moved, ends up, addresses, forwarding.  With a prefix
 * the namespace and link names carry it (the ip script runs on the host). */
static void bench_real_gen(GString *s, int routers, const char *pre) {
  for (int i = 0; i <= routers + 1; i++) g_string_append_printf(s, "ip netns add %sc%d\n", pre, i);
  for (int i = 0; i <= routers; i++)
    g_string_append_printf(s,
                           "ip link add %sl%da type veth peer name %sl%db\n"
                           "ip link set %sl%da netns %sc%d\nip link set %sl%db netns %sc%d\n",
                           pre, i, pre, i, pre, i, pre, i, pre, i, pre, i + 1);
  for (int i = 0; i <= routers; i++)
    g_string_append_printf(s, "ip -n %sc%d link set %sl%da up\nip -n %sc%d link set %sl%db up\n", pre, i,
                           pre, i, pre, i + 1, pre, i);
  for (int i = 0; i <= routers; i++)
    g_string_append_printf(s,
                           "ip -n %sc%d address add 10.%d.%d.1/24 dev %sl%da\n"
                           "ip -n %sc%d address add 10.%d.%d.2/24 dev %sl%db\n",
                           pre, i, i / 250, i % 250, pre, i, pre, i + 1, i / 250, i % 250, pre, i);
  for (int i = 1; i <= routers; i++)
    g_string_append_printf(s, "ip netns exec %sc%d sysctl -qw net.ipv4.ip_forward=1\n", pre, i);
}

/* The same as ip -batch: the root's lines in one batch, each namespace's
 * `ip -n` lines in its own, the sysctls as in the script, a batch of
 * deletions.  A bash script that runs them. */
static void bench_real_gen_batch(GString *s, int routers, const char *pre) {
  g_string_append_printf(s, "ip -batch - <<'EOF'\n");
  for (int i = 0; i <= routers + 1; i++) g_string_append_printf(s, "netns add %sc%d\n", pre, i);
  for (int i = 0; i <= routers; i++)
    g_string_append_printf(s, "link add %sl%da type veth peer name %sl%db\nlink set %sl%da netns %sc%d\n"
                              "link set %sl%db netns %sc%d\n",
                           pre, i, pre, i, pre, i, pre, i, pre, i, pre, i + 1);
  g_string_append(s, "EOF\n");
  for (int c = 0; c <= routers + 1; c++) {
    g_string_append_printf(s, "ip -n %sc%d -batch - <<'EOF'\n", pre, c);
    if (c <= routers) g_string_append_printf(s, "link set %sl%da up\n", pre, c);
    if (c > 0) g_string_append_printf(s, "link set %sl%db up\n", pre, c - 1);
    if (c <= routers) g_string_append_printf(s, "address add 10.%d.%d.1/24 dev %sl%da\n", c / 250, c % 250, pre, c);
    if (c > 0)
      g_string_append_printf(s, "address add 10.%d.%d.2/24 dev %sl%db\n", (c - 1) / 250, (c - 1) % 250, pre, c - 1);
    g_string_append(s, "EOF\n");
  }
  for (int i = 1; i <= routers; i++)
    g_string_append_printf(s, "ip netns exec %sc%d sysctl -qw net.ipv4.ip_forward=1\n", pre, i);
  g_string_append_printf(s, "ip -batch - <<'EOF'\n");
  for (int i = 0; i <= routers + 1; i++) g_string_append_printf(s, "netns del %sc%d\n", pre, i);
  g_string_append(s, "EOF\n");
}

static void bench_real_gen_teardown(GString *s, int routers, const char *pre) {
  for (int i = 0; i <= routers + 1; i++) g_string_append_printf(s, "ip netns del %sc%d\n", pre, i);
}

/* Removes the files of dir, not dir. */
static void bench_real_files_remove(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));) {
    gchar *p = g_build_filename(dir, n, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (d) g_dir_close(d);
}

static char *bench_real_write(const char *dir, const char *name, GString *s) {
  char *path = g_build_filename(dir, name, NULL);
  g_file_set_contents(path, s->str, (gssize)s->len, NULL);
  g_string_truncate(s, 0);
  return path;
}

/* Wall time of argv in ms; negative when it did not exit 0. */
static double bench_real_spawn(char **argv) {
  int status = 0;
  double t0 = bench_now_ns();
  bool ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                         NULL, NULL, &status, NULL);
  double ms = (bench_now_ns() - t0) / 1e6;
  return ok && g_spawn_check_wait_status(status, NULL) ? ms : -1;
}

/* Removes whatever a failed shell variant left: the namespaces named pre*. */
static void bench_real_sweep(const char *pre) {
  char *cmd = g_strdup_printf("for n in $(ip netns list | awk '{print $1}'); do "
                              "case $n in %s*) ip netns del \"$n\";; esac; done",
                              pre);
  char *argv[] = {"bash", "-c", cmd, NULL};
  bench_real_spawn(argv);
  g_free(cmd);
}

typedef struct {
  double nspath[7], capture[7], script[7], batch[7]; /* ms per run; -1: failed */
  int runs;
  bool shell;   /* the ip script and ip -batch were run too */
  bool pcaps;   /* nspath with a capture on every link was run too */
} bench_real_times;

/* nspath --real on the scenario; with a pcap folder a capture on every link
 * (the files removed after each run). */
static double bench_real_nspath(const bench_opts *o, char *scen, char *pcaps) {
  char *a0[] = {(char *)o->nspath, "run", "--real", "--no-capture", "--pace", "0", scen, NULL};
  char *a1[] = {(char *)o->nspath, "run", "--real", "--pcap-dir", pcaps, "--pace", "0", scen, NULL};
  double ms = bench_real_spawn(pcaps ? a1 : a0);
  if (pcaps) bench_real_files_remove(pcaps);
  return ms;
}

static void bench_real_topology(const bench_opts *o, const char *dir, const char *pre, int routers,
                                bench_real_times *out) {
  GString *s = g_string_new(NULL);
  bench_real_gen(s, routers, "");
  char *scen = bench_real_write(dir, "scenario.sh", s);
  bench_real_gen(s, routers, pre);
  bench_real_gen_teardown(s, routers, pre);
  char *script = bench_real_write(dir, "script.sh", s);
  bench_real_gen_batch(s, routers, pre);
  char *batch = bench_real_write(dir, "batch.sh", s);
  char *pcaps = g_build_filename(dir, "pcaps", NULL);
  for (int k = 0; k < out->runs; k++) {
    char *a1[] = {"bash", script, NULL};
    char *a2[] = {"bash", batch, NULL};
    out->nspath[k] = bench_real_nspath(o, scen, NULL);
    if (out->pcaps) out->capture[k] = bench_real_nspath(o, scen, pcaps);
    if (!out->shell) continue;
    out->script[k] = bench_real_spawn(a1);
    bench_real_sweep(pre);
    out->batch[k] = bench_real_spawn(a2);
    bench_real_sweep(pre);
  }
  g_rmdir(pcaps);
  g_free(pcaps);
  g_free(scen);
  g_free(script);
  g_free(batch);
  g_string_free(s, TRUE);
}

static void bench_real_row(const bench_opts *o, const char *what, const double *v, int runs,
                           double goal_ms, const bench_real_times *t) {
  double m = bench_stats_of(v, runs).median;
  GString *cmp = g_string_new(NULL);
  if (goal_ms)
    g_string_printf(cmp, "goal <= %.0f ms: %s", goal_ms, m >= 0 && m <= goal_ms ? "met" : "NOT met");
  if (t) {
    double sc = bench_stats_of(t->script, runs).median, ba = bench_stats_of(t->batch, runs).median;
    g_string_append_printf(cmp, "%s%.1fx ip script (%.0f ms), %.1fx ip -batch (%.0f ms)",
                           cmp->len ? "; " : "", sc / m, sc, ba / m, ba);
  }
  bench_row_runs(o->rep, what, v, runs, "ms", cmp->str);
  g_string_free(cmp, TRUE);
}

static void bench_real_setup_rows(const bench_opts *o, const char *dir) {
  char *pre = g_strdup_printf("nspb%d-", (int)getpid());
  struct {
    const char *what;
    int routers, runs;
    bool shell, pcaps;
    double goal_ms, goal_pcaps_ms;
  } topo[] = {
      {"textbook topology (3 namespaces) up+down", 1, o->quick ? 3 : 7, true, false, 20, 0},
      {"chain of 10 routers up+down", 10, 3, true, false, 0, 0},
      {"chain of 50 routers up+down", 50, 3, true, false, 0, 0},
      {"chain of 200 routers up+down", 200, o->quick ? 1 : 3, true, true, 1000, 0},
      {"chain of 1,000 routers up+down", 1000, o->quick ? 1 : 3, false, true, 2500, 4000},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(topo); i++) {
    if (o->quick && topo[i].routers == 1000) continue;
    bench_real_times r = {.runs = topo[i].runs, .shell = topo[i].shell, .pcaps = topo[i].pcaps};
    bench_real_topology(o, dir, pre, topo[i].routers, &r);
    double x = topo[i].routers;
    bench_point(o->rep, "real_setup", "nspath --real", x, bench_stats_of(r.nspath, r.runs).median / 1e3);
    if (r.pcaps)
      bench_point(o->rep, "real_setup", "nspath --real, pcap per link", x,
                  bench_stats_of(r.capture, r.runs).median / 1e3);
    if (r.shell) {
      bench_point(o->rep, "real_setup", "ip script", x, bench_stats_of(r.script, r.runs).median / 1e3);
      bench_point(o->rep, "real_setup", "ip -batch", x, bench_stats_of(r.batch, r.runs).median / 1e3);
    }
    if (!topo[i].goal_ms) continue;
    char *what = g_strdup_printf("%s: nspath --real", topo[i].what);
    bench_real_row(o, what, r.nspath, r.runs, topo[i].goal_ms, r.shell ? &r : NULL);
    g_free(what);
    if (!r.pcaps) continue;
    what = g_strdup_printf("%s: nspath --real, pcap per link", topo[i].what);
    bench_real_row(o, what, r.capture, r.runs, topo[i].goal_pcaps_ms, NULL);
    g_free(what);
  }
  g_free(pre);
}

static double bench_real_simulate(const char *path) {
  gchar *text;
  gsize len;
  if (!g_file_get_contents(path, &text, &len, NULL)) return -1;
  sim_world *w = sim_world_new(1);
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  double t0 = bench_now_ns();
  nsp_scenario_run_text(sim_world_backend(w), path, text, len, &r);
  double ms = (bench_now_ns() - t0) / 1e6;
  nsp_scenario_result_clear(&r);
  sim_world_free(w);
  g_free(text);
  return ms;
}

/* Each textbook scenario once on the kernel (its pings take real seconds)
 * and in the simulation. */
static void bench_real_textbook_rows(const bench_opts *o) {
  GPtrArray *paths = bench_textbook_paths(o);
  for (guint i = 0; i < paths->len; i++) {
    char *path = g_ptr_array_index(paths, i);
    char *argv[] = {(char *)o->nspath, "run", "--real", "--no-capture", path, NULL};
    double real_ms = bench_real_spawn(argv), sim_ms = bench_real_simulate(path);
    char *base = g_path_get_basename(path);
    char *what = g_strdup_printf("%s: simulated", base);
    char *cmp = g_strdup_printf("%.0fx faster than nspath --real (%.0f ms)", real_ms / sim_ms, real_ms);
    bench_row(o->rep, what, sim_ms, "ms", cmp);
    g_free(base);
    g_free(what);
    g_free(cmp);
  }
  g_ptr_array_free(paths, TRUE);
}

void bench_real(const bench_opts *o) {
  bench_section(o->rep, "real kernel: setup+teardown vs ip (medians), textbook scenarios simulated vs --real");
  if (geteuid() != 0) {
    bench_row(o->rep, "real mode: skipped (needs root)", 0, "", "run the bench as root to measure --real");
    return;
  }
  char *dir = g_dir_make_tmp("nspath-bench-XXXXXX", NULL);
  if (!dir) {
    bench_row(o->rep, "real mode: skipped (no temporary directory)", 0, "", NULL);
    return;
  }
  bench_real_setup_rows(o, dir);
  bench_real_textbook_rows(o);
  const char *files[] = {"scenario.sh", "script.sh", "batch.sh"};
  for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
    char *p = g_build_filename(dir, files[i], NULL);
    g_unlink(p);
    g_free(p);
  }
  g_rmdir(dir);
  g_free(dir);
}
