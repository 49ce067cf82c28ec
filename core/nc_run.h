/* One nc process as core/cmd_nc.c (the client) and core/nc_listen.c (the
 * server, a job) run it: its sockets, its standard input, and netcat.c's
 * readwrite() (core/nc_rw.c) shared by both. */
#ifndef NSP_NC_RUN_H
#define NSP_NC_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cmd.h"
#include "core/jobs.h"
#include "core/nc_opts.h"

#define NC_NS_S 1000000000ULL
#define NC_SETTLE_NS 100000ULL    /* 100 us: see core/cmd_nc.c */
#define NC_BUFSIZE 16384          /* netcat.c BUFSIZE */
#define NC_FOREVER_NS (3600 * NC_NS_S) /* waiting longer than this is a hang */

typedef struct {
  nsp_cmd_ctx *c;
  nc_opts *o;
  nsp_backend *be;
  nsp_jobs *jobs;          /* jobs that run while this nc waits in its line (the
                              client); NULL inside a job (the server) */
  nsp_sock *s;             /* the socket readwrite() talks on */
  char port[8];            /* the port as nc prints it */
  char ipaddr[24];         /* " (A.B.C.D)" after the host when not -n and the host is written
                              otherwise (netcat.c: "if there is something to report, print IP"),
                              else "" */
  const char *in;          /* standard input */
  size_t in_len, in_pos;
  size_t pending;          /* stdinbuf: bytes read from stdin, not yet sent */
  bool stdin_open, netin_open, netout_open, ctrld_seen;
  bool hung;               /* it would wait forever */
} nc_run;

uint64_t nc_now(const nc_run *r);
/* Lets a round trip's time pass after a call that sends (cmd_nc.c), the
 * jobs running meanwhile. */
void nc_settle(nc_run *r);
void nc_sleep(nc_run *r, uint64_t ns);
/* poll(2) until deadline, the jobs running meanwhile. */
int nc_wait(nc_run *r, nsp_pollfd *fds, size_t n, uint64_t deadline);

/* readwrite(): nc_rw_begin(), then rounds: nc_rw_over() says it has
 * returned, nc_rw_events() what to poll the socket for, nc_rw_round() does
 * what one poll() found (false: it returned). */
void nc_rw_begin(nc_run *r);
bool nc_rw_over(nc_run *r);
unsigned nc_rw_events(const nc_run *r);
bool nc_rw_round(nc_run *r, unsigned revents);
/* The whole of it, waiting in the line (the client). */
void nc_readwrite(nc_run *r);

/* The server: an nc -l line goes on as a job (core/nc_listen.c). */
nsp_line_result nc_listen_start(nsp_cmd_ctx *c, nc_opts *o);

#endif
