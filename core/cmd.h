/* The command layer: runs one scenario line (iproute2, sysctl, ping) against
 * a backend and writes what the real command would print.  It is shared by
 * both backends; only the backend differs. */
#ifndef NSP_CMD_H
#define NSP_CMD_H

#include <glib.h>
#include <stdbool.h>

#include "core/backend.h"
#include "core/jobs.h"

/* What happened to a line. */
typedef enum {
  NSP_LINE_OK,          /* ran (whatever the command's own exit status) */
  NSP_LINE_SKIPPED,     /* blank or comment */
  NSP_LINE_UNSUPPORTED, /* outside nspath's world: reported, exit status 2 */
} nsp_line_result;

struct nsp_cmd_ctx {
  nsp_backend *be;
  GString *out;         /* the transcript: stdout and stderr in order */
  const char *ns;       /* namespace of the current command (NULL: root) */
  int status;           /* exit status of the last command */
  bool inet_only;       /* ip -4 */
  bool details;         /* ip -d */
  bool exited;          /* the command called exit() in iproute2: an
                           `ip -batch` stops there, -force or not */
  GString *why;         /* for NSP_LINE_UNSUPPORTED: what was not understood */
  bool unsupported;     /* nsp_unsupported() was called (also by a job, later) */
  nsp_jobs *jobs;       /* the scenario's job table (NULL: commands that take
                           time run to their end on a table of their own) */
  nsp_job_activity act; /* set by a command that goes on as a job (core/jobs.h) */
  const char *in;       /* standard input the line gives the command (core/stdin.h), or NULL */
  size_t in_len;
  const volatile int *stop; /* NULL, or non-zero once the run must end (a
                               signal, a spent budget): a long command stops
                               as at Ctrl-C (ping prints its statistics) */
};

/* True once the run must end (nsp_cmd_ctx.stop). */
static inline bool nsp_cmd_stopped(const nsp_cmd_ctx *c) { return c->stop && *c->stop; }

/* argv-style view of a command line. */
typedef struct {
  char **v;
  int n;
} nsp_args;

/* Prints like printf into the transcript. */
void nsp_out(nsp_cmd_ctx *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Marks the line unsupported with a reason; returns NSP_LINE_UNSUPPORTED. */
nsp_line_result nsp_unsupported(nsp_cmd_ctx *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Splits a shell line into words (quotes and backslashes as sh does);
 * false with *why set for what only a shell could run (pipes, redirections,
 * substitutions, several commands). */
bool nsp_args_split(const char *line, nsp_args *a, GString *why);
void nsp_args_free(nsp_args *a);

/* A line as the shell reads it: commands joined by '|', maybe ending in
 * '&'. */
typedef struct {
  nsp_args *stages;
  guint n;
  bool background;
} nsp_pipeline;

/* Splits a line into its pipeline (quotes as nsp_args_split()); false with
 * *why for the rest of the shell's syntax. */
bool nsp_pipeline_split(const char *line, nsp_pipeline *pl, GString *why);
void nsp_pipeline_free(nsp_pipeline *pl);

/* iproute2's matches(): word is a non-empty prefix of keyword. */
bool nsp_matches(const char *word, const char *keyword);

/* Runs one command (already split, prompt and sudo removed). */
nsp_line_result nsp_cmd_run(nsp_cmd_ctx *c, int argc, char **argv);

/* The individual commands; argv[0] is the command or object name. */
nsp_line_result nsp_cmd_ip(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_ip_netns(nsp_cmd_ctx *c, int argc, char **argv, bool all);
nsp_line_result nsp_cmd_ip_link(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_ip_addr(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_ip_route(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_ip_route_get(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_ip_rule(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_ip_nexthop(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_ip_neigh(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_sysctl(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_ping(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_nc(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_traceroute(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_iptables(nsp_cmd_ctx *c, int argc, char **argv);
/* conntrack -L / -F (core/cmd_conntrack.c) */
nsp_line_result nsp_cmd_conntrack(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_tcpdump(nsp_cmd_ctx *c, int argc, char **argv);
nsp_line_result nsp_cmd_bridge(nsp_cmd_ctx *c, int argc, char **argv);
/* sleep, and bash's kill, wait and jobs (core/cmd_shell.c) */
nsp_line_result nsp_cmd_shell(nsp_cmd_ctx *c, int argc, char **argv);

/* Helpers shared by the ip commands. */
/* NAME's ifindex in ns (0: none), through the backend's optional link_index
 * or else its link list. */
int nsp_backend_link_index(nsp_backend *be, const char *ns, const char *name);
int nsp_ifindex_by_name(nsp_cmd_ctx *c, const char *name); /* 0 when absent */
const char *nsp_ifname_by_index(nsp_cmd_ctx *c, int ifindex, char buf[NSP_IFNAMSIZ]);
/* rtnl_talk()'s report of a failed request: "Error: MSG." or
 * "RTNETLINK answers: STRERROR". */
void nsp_rtnl_error(nsp_cmd_ctx *c, const nsp_status *st);

#endif
