/* Section "lines": worlds as users build them, through the nspath program on
 * scenario files -- the chain of bench/chain.h written as the lines a
 * person types (about ten a namespace: ip netns add, ip link add, set
 * netns, addresses, up, routes, sysctl) -- and transcripts as `nspath check`
 * and `nspath diff` read them, the whole process as a new user would run it:
 * its CPU time (user + system, which is its wall time on an idle machine
 * and stays that on a loaded one), its wall time, its peak resident memory.
 * Goals (issue 16): a 100,000-namespace chain in <= 2 s; 1,000,000
 * namespaces in <= 15 s at <= 2 KiB each, with a ping across 250 of them;
 * check and diff of a 100,000-line transcript in <= 1 s each. */
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"
#include "bench/chain.h"

#define RUN_100K_GOAL_S 2.0
#define RUN_1M_GOAL_S 15.0
#define RUN_1M_BYTES_GOAL 2048.0
#define CHECK_GOAL_S 1.0

typedef struct {
  double s;        /* wall time */
  double cpu;      /* user + system time: what the wall time is on an idle machine */
  double rss_kb;   /* peak resident set */
  int status;      /* exit status, -1: did not run */
} lines_run;

/* Runs argv with stdout to out (NULL: /dev/null), stderr to err (NULL:
 * /dev/null). */
static lines_run lines_spawn(char **argv, const char *out, const char *err) {
  lines_run r = {.status = -1};
  double t0 = bench_now_ns();
  pid_t pid = fork();
  if (pid == 0) {
    int o = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0) _exit(127);
    execvp(argv[0], argv);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (pid < 0 || wait4(pid, &status, 0, &ru) != pid) return r;
  r.s = (bench_now_ns() - t0) / 1e9;
  r.rss_kb = (double)ru.ru_maxrss;
  r.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
          (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return r;
}

static char *lines_write(const char *dir, const char *name, const GString *s) {
  char *path = g_build_filename(dir, name, NULL);
  if (!g_file_set_contents(path, s->str, (gssize)s->len, NULL)) g_clear_pointer(&path, g_free);
  return path;
}

/* The chain of `namespaces` as a file; with ping, a ping from the first host
 * across 250 routers (the 251st namespace answers with TTL 255). */
static char *lines_chain_file(const char *dir, int namespaces, bool ping) {
  GString *s = g_string_new(NULL);
  /* past the kernel's default limit (131,072 on the 32 GiB machine the
   * model stands for) the user raises it as on the kernel */
  if (namespaces >= 131072)
    g_string_append_printf(s, "sysctl -w user.max_net_namespaces=%d\n", namespaces + 1);
  chain_script(s, namespaces - 2, 0);
  if (ping) {
    uint32_t a = chain_addr(250, 1);
    g_string_append_printf(s, "ip netns exec c251 sysctl -w net.ipv4.ip_default_ttl=255\n"
                              "ip netns exec c0 ping -c 1 -t 255 %u.%u.%u.%u\n",
                           a >> 24, a >> 16 & 255, a >> 8 & 255, a & 255);
  }
  char *name = g_strdup_printf("chain-%d.sh", namespaces);
  char *path = lines_write(dir, name, s);
  g_free(name);
  g_string_free(s, TRUE);
  return path;
}

/* nspath run --no-capture on a chain of `namespaces`, `runs` times. */
static void lines_row_chain(const bench_opts *o, const char *dir, int namespaces, int runs,
                            double goal_s, double goal_bytes) {
  bool ping = namespaces >= 1000000;
  char *path = lines_chain_file(dir, namespaces, ping);
  char *out = g_build_filename(dir, "out.txt", NULL), *errs = g_build_filename(dir, "err.txt", NULL);
  double t[5], wall[5], rss = 0;
  bool ok = path != NULL, pinged = !ping;
  for (int i = 0; i < runs && ok; i++) {
    char *argv[] = {(char *)o->nspath, "run", "--no-capture", path, NULL};
    lines_run r = lines_spawn(argv, ping ? out : NULL, errs);
    ok = r.status == 0;
    t[i] = r.cpu;
    wall[i] = r.s;
    rss = MAX(rss, r.rss_kb);
  }
  if (ok && ping) {
    gchar *text = NULL;
    g_file_get_contents(out, &text, NULL, NULL);
    pinged = text && strstr(text, "1 packets transmitted, 1 received") && strstr(text, "ttl=5 ");
    g_free(text);
  }
  double per_ns = rss * 1024 / namespaces;
  char what[80];
  g_snprintf(what, sizeof what, "nspath run: chain of %d namespaces%s", namespaces,
             ping ? ", ping across 250" : "");
  GString *cmp = g_string_new(NULL);
  if (!ok || !pinged) {
    gchar *said = NULL;
    if (!ok && g_file_get_contents(errs, &said, NULL, NULL)) g_strdelimit(said, "\n", ' ');
    g_string_printf(cmp, "FAILED: %s%s", ok ? "the ping did not come back with ttl=5" : "nspath failed: ",
                    ok || !said ? "" : said);
    g_free(said);
  } else {
    double m = bench_stats_of(t, runs).median;
    g_string_printf(cmp, "wall %.2f s; %.1f us/namespace; peak RSS %.0f B/namespace",
                    bench_stats_of(wall, runs).median, m * 1e6 / namespaces, per_ns);
    if (goal_s)
      g_string_append_printf(cmp, "; goal <= %.0f s: %s", goal_s, m <= goal_s ? "met" : "MISSED");
    if (goal_bytes)
      g_string_append_printf(cmp, "; goal <= %.0f B: %s", goal_bytes,
                             per_ns <= goal_bytes ? "met" : "MISSED");
    bench_point(o->rep, "world_build", "nspath run", namespaces, m);
  }
  bench_row_runs(o->rep, what, t, ok ? runs : 1, "CPU s", cmp->str);
  g_string_free(cmp, TRUE);
  if (path) g_unlink(path);
  g_unlink(out);
  g_unlink(errs);
  g_free(errs);
  g_free(out);
  g_free(path);
}

/* A transcript of about 100,000 lines: a chain of 3,200 namespaces, each one's
 * addresses and routes shown, and a ping; then check and diff of it. */
static void lines_rows_check(const bench_opts *o, const char *dir, int runs) {
  GString *s = g_string_new(NULL);
  int n = o->quick ? 320 : 3200;
  chain_script(s, n - 2, 0);
  for (int i = 0; i < n; i++) g_string_append_printf(s, "ip -n c%d address show\nip -n c%d route show\n", i, i);
  g_string_append(s, "ip netns exec c0 ping -c 3 10.0.0.14\n");
  char *scen = lines_write(dir, "show.sh", s);
  char *tx = g_build_filename(dir, "show.txt", NULL);
  char *tx2 = g_build_filename(dir, "show2.txt", NULL);
  char *argv_run[] = {(char *)o->nspath, "run", "--no-capture", scen, NULL};
  lines_run r = lines_spawn(argv_run, tx, NULL);
  gchar *text = NULL;
  unsigned lines = 0;
  if (r.status == 0 && g_file_get_contents(tx, &text, NULL, NULL)) {
    for (char *p = text; *p; p++) lines += *p == '\n';
    /* the copy differs in one command's output */
    char *at = strstr(text, "scope global");
    if (at) memcpy(at, "scope GLOBAL", 12);
    g_file_set_contents(tx2, text, -1, NULL);
  }
  g_free(text);
  struct {
    const char *what;
    char *argv[5];
    int want;
  } cmds[] = {{"nspath check", {(char *)o->nspath, "check", tx, NULL}, 0},
              {"nspath diff (one command differs)", {(char *)o->nspath, "diff", tx, tx2, NULL}, 1}};
  for (size_t k = 0; k < G_N_ELEMENTS(cmds) && lines; k++) {
    double t[5], wall[5];
    bool ok = true;
    for (int i = 0; i < runs && ok; i++) {
      lines_run c = lines_spawn(cmds[k].argv, NULL, NULL);
      ok = c.status == cmds[k].want;
      t[i] = c.cpu;
      wall[i] = c.s;
    }
    char what[80];
    g_snprintf(what, sizeof what, "%s: %u-line transcript", cmds[k].what, lines);
    double m = bench_stats_of(t, runs).median;
    gchar *cmp = ok ? g_strdup_printf("wall %.2f s; goal <= 1 s for 100,000 lines: %s",
                                      bench_stats_of(wall, runs).median,
                                      m * 100000 / lines <= CHECK_GOAL_S ? "met" : "MISSED")
                    : g_strdup_printf("FAILED: exit status not %d", cmds[k].want);
    bench_row_runs(o->rep, what, t, ok ? runs : 1, "CPU s", cmp);
    g_free(cmp);
  }
  g_unlink(scen);
  g_unlink(tx);
  g_unlink(tx2);
  g_free(scen);
  g_free(tx);
  g_free(tx2);
  g_string_free(s, TRUE);
}

void bench_lines(const bench_opts *o) {
  bench_section(o->rep, "worlds from scenario files through the nspath program (wall time)");
  char *dir = g_dir_make_tmp("nspath-bench-XXXXXX", NULL);
  if (!dir) {
    bench_row(o->rep, "lines: skipped (no temporary directory)", 0, "", NULL);
    return;
  }
  lines_row_chain(o, dir, 1000, 5, 0, 0);
  lines_row_chain(o, dir, 10000, 3, 0, 0);
  if (!o->quick) {
    lines_row_chain(o, dir, 100000, 3, RUN_100K_GOAL_S, 0);
    lines_row_chain(o, dir, 1000000, 1, RUN_1M_GOAL_S, RUN_1M_BYTES_GOAL);
  }
  lines_rows_check(o, dir, o->quick ? 1 : 3);
  g_rmdir(dir);
  g_free(dir);
}
