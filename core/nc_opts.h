/* nc's command line (Debian's netcat-openbsd 1.219, netcat.c main()): the
 * options nspath models, their checks and messages (recorded from the
 * program).  core/cmd_nc.c runs what they describe. */
#ifndef NSP_NC_OPTS_H
#define NSP_NC_OPTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cmd.h"

#define NC_GO (-1)          /* go on; other values are an exit status */
#define NC_UNSUPPORTED (-2) /* accepted by nc, not modelled: nc_opts.why */

typedef struct {
  bool udp, listen, keep, numeric, verbose, zero, shut_on_eof, detach;
  int timeout_ms;  /* -w: -1 when absent */
  int quit_s;      /* -q: -1 when absent (Debian's default: never) */
  int ttl;         /* -M: -1 when absent */
  const char *src; /* -s */
  const char *lport; /* -p */
  const char *host;
  const char *port;
  char why[96];
} nc_opts;

/* getopt() with glibc's permutation, then main()'s checks: NC_GO, an
 * exit status after nc's message, or NC_UNSUPPORTED. */
int nc_opts_parse(nsp_cmd_ctx *c, int argc, char **argv, nc_opts *o);
/* strtoport(): 1..65535 or a service name; the exit status after nc's
 * message, or NC_GO with *port. */
int nc_port_parse(nsp_cmd_ctx *c, const char *text, bool udp, uint16_t *port);

#endif
