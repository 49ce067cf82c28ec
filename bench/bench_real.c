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
  double nspath, script, batch; /* medians, ms */
} bench_real_times;

static void bench_real_topology(const bench_opts *o, const char *dir, const char *pre, int routers,
                                int runs, bench_real_times *out) {
  GString *s = g_string_new(NULL);
  bench_real_gen(s, routers, "");
  char *scen = bench_real_write(dir, "scenario.sh", s);
  bench_real_gen(s, routers, pre);
  bench_real_gen_teardown(s, routers, pre);
  char *script = bench_real_write(dir, "script.sh", s);
  bench_real_gen_batch(s, routers, pre);
  char *batch = bench_real_write(dir, "batch.sh", s);
  double *t[3] = {g_new(double, runs), g_new(double, runs), g_new(double, runs)};
  for (int k = 0; k < runs; k++) {
    char *a0[] = {(char *)o->nspath, "run", "--real", "--no-capture", "--pace", "0", scen, NULL};
    char *a1[] = {"bash", script, NULL};
    char *a2[] = {"bash", batch, NULL};
    t[0][k] = bench_real_spawn(a0);
    t[1][k] = bench_real_spawn(a1);
    bench_real_sweep(pre);
    t[2][k] = bench_real_spawn(a2);
    bench_real_sweep(pre);
  }
  out->nspath = bench_median(t[0], runs);
  out->script = bench_median(t[1], runs);
  out->batch = bench_median(t[2], runs);
  for (int i = 0; i < 3; i++) g_free(t[i]);
  g_free(scen);
  g_free(script);
  g_free(batch);
  g_string_free(s, TRUE);
}

static void bench_real_setup_rows(const bench_opts *o, const char *dir) {
  char *pre = g_strdup_printf("nspb%d-", (int)getpid());
  struct {
    const char *what;
    int routers, runs;
    double goal_ms;
  } topo[] = {{"textbook topology (3 namespaces) up+down", 1, o->quick ? 3 : 7, 20},
              {"chain of 200 routers up+down", 200, o->quick ? 1 : 3, 1000}};
  for (size_t i = 0; i < G_N_ELEMENTS(topo); i++) {
    bench_real_times r;
    bench_real_topology(o, dir, pre, topo[i].routers, topo[i].runs, &r);
    char *what = g_strdup_printf("%s: nspath --real", topo[i].what);
    char *cmp = g_strdup_printf("goal <= %.0f ms: %s; %.1fx ip script (%.0f ms), %.1fx ip -batch (%.0f ms)",
                                topo[i].goal_ms, r.nspath >= 0 && r.nspath <= topo[i].goal_ms ? "met" : "NOT met",
                                r.script / r.nspath, r.script, r.batch / r.nspath, r.batch);
    bench_row(what, r.nspath, "ms", cmp);
    g_free(what);
    g_free(cmp);
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
    bench_row(what, sim_ms, "ms", cmp);
    g_free(base);
    g_free(what);
    g_free(cmp);
  }
  g_ptr_array_free(paths, TRUE);
}

void bench_real(const bench_opts *o) {
  bench_section("real kernel: setup+teardown vs ip (medians), textbook scenarios simulated vs --real");
  if (geteuid() != 0) {
    bench_row("real mode: skipped (needs root)", 0, "", "run the bench as root to measure --real");
    return;
  }
  char *dir = g_dir_make_tmp("nspath-bench-XXXXXX", NULL);
  if (!dir) {
    bench_row("real mode: skipped (no temporary directory)", 0, "", NULL);
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
