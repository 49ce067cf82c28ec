/* ping's command line (iputils 20221126 ping/ping.c main()): the options,
 * their checks and messages.  core/cmd_ping.c runs what they describe. */
#ifndef NSP_PING_OPTS_H
#define NSP_PING_OPTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cmd.h"

#define PING_GO (-1)          /* go on; other values are an exit status */
#define PING_UNSUPPORTED (-2) /* accepted by ping, not modelled: ping_opts.why */

typedef struct {
  const char *prog; /* argv[0]: getopt() and error() print it */
  char **targets;   /* the non-option arguments, in order */
  int ntargets, interval, linger; /* -i and -W in ms */
  long count, size, ttl;          /* -c (0 when absent), -s, -t (-1 when absent) */
  bool quiet, has_src;            /* -q, -I ADDR */
  int pmtudisc;                   /* -M: 0 want, 1 dont, 2 do */
  uint32_t mark;                  /* -m (0 when absent) */
  uint32_t src;
  const char *dev;  /* -I DEV */
  char why[96];     /* the first thing accepted but not modelled */
} ping_opts;

/* getopt() with permutation over argv; PING_GO or the exit status after
 * ping's message.  g_free(o->targets) afterwards. */
int ping_opts_parse(nsp_cmd_ctx *c, int argc, char **argv, ping_opts *o);
/* main() between getopt() and ping4_run(): PING_GO with *dst, the exit
 * status, or PING_UNSUPPORTED with o->why. */
int ping_opts_check(nsp_cmd_ctx *c, ping_opts *o, uint32_t *dst);
void ping_not_modelled(ping_opts *o, const char *what);

#endif
