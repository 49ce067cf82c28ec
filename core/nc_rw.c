/* netcat.c readwrite() for the client (core/cmd_nc.c) and the server
 * (core/nc_listen.c), as rounds of one poll() each, so that the server
 * can run them as a job. */
#include "core/nc_run.h"

uint64_t nc_now(const nc_run *r) { return r->be->ops->clock_now(r->be); }

void nc_sleep(nc_run *r, uint64_t ns) {
  if (r->jobs) nsp_jobs_sleep(r->jobs, ns);
  else r->be->ops->clock_advance(r->be, ns);
}

void nc_settle(nc_run *r) { nc_sleep(r, NC_SETTLE_NS); }

int nc_wait(nc_run *r, nsp_pollfd *fds, size_t n, uint64_t deadline) {
  if (r->jobs) return nsp_jobs_poll(r->jobs, fds, n, deadline);
  return r->be->ops->sock_poll(r->be, fds, n, deadline);
}

/* fillbuf() on stdin: what is left of the input (at most BUFSIZE), or
 * the end; a pipe gives its data and its end on separate reads. */
static void nc_read_stdin(nc_run *r) {
  if (r->in_pos == r->in_len) {
    r->stdin_open = false;
    if (r->o->quit_s >= 0) r->ctrld_seen = true;
    return;
  }
  size_t n = r->in_len - r->in_pos;
  if (n > NC_BUFSIZE - r->pending) n = NC_BUFSIZE - r->pending;
  r->pending += n;
  r->in_pos += n;
}

static void nc_write_net(nc_run *r) {
  nsp_status st = {0};
  const char *data = r->in + r->in_pos - r->pending;
  long n = r->be->ops->sock_send(r->s, data, r->pending, NULL, &st);
  if (n < 0) {
    if (st.err != EAGAIN) r->netout_open = false;
    return;
  }
  r->pending -= (size_t)n;
  nc_settle(r);
}

static void nc_read_net(nc_run *r) {
  char buf[NC_BUFSIZE];
  nsp_status st = {0};
  long n = r->be->ops->sock_recv(r->s, buf, sizeof buf, NULL, false, &st);
  if (n < 0) {
    if (st.err != EAGAIN) r->netin_open = false;
    return;
  }
  if (n == 0) {
    r->be->ops->sock_shutdown(r->s, NSP_SHUT_RD, &st);
    r->netin_open = false;
    return;
  }
  g_string_append_len(r->c->out, buf, n);
}

/* Both inputs gone, or -q's end: readwrite() returns (or nc exits). */
static bool nc_done(nc_run *r) {
  if (!r->stdin_open && !r->netin_open && r->pending == 0) return true;
  /* "listen and net in gone, queues empty, done": a server ends with its
   * client, whatever its own stdin does */
  if (r->o->listen && !r->netin_open && r->pending == 0) return true;
  if (r->ctrld_seen && r->pending == 0) {
    /* delay_exit: -q 0 exits at once; -q N closes the socket and exits N s later */
    if (r->o->quit_s > 0) r->be->ops->clock_advance(r->be, (uint64_t)r->o->quit_s * NC_NS_S);
    return true;
  }
  return false;
}

void nc_rw_begin(nc_run *r) {
  r->stdin_open = !r->o->detach;
  r->netin_open = r->netout_open = true;
}

bool nc_rw_over(nc_run *r) { return nc_done(r); }

unsigned nc_rw_events(const nc_run *r) {
  return (r->netin_open ? NSP_POLLIN : 0) | (r->netout_open && r->pending ? NSP_POLLOUT : 0);
}

bool nc_rw_round(nc_run *r, unsigned net) {
  bool want_out = r->netout_open && r->pending;
  if (net & NSP_POLLERR) r->netin_open = r->netout_open = false;
  if ((net & NSP_POLLHUP) && !(net & NSP_POLLIN)) r->netin_open = false;
  if (r->stdin_open && r->pending < NC_BUFSIZE) nc_read_stdin(r);
  if (want_out && (net & NSP_POLLOUT) && r->pending) nc_write_net(r);
  if (r->netin_open && (net & NSP_POLLIN)) nc_read_net(r);
  if (!r->stdin_open && r->pending == 0 && r->netout_open) {
    nsp_status st = {0};
    if (r->o->shut_on_eof) {
      r->be->ops->sock_shutdown(r->s, NSP_SHUT_WR, &st);
      nc_settle(r);
    }
    r->netout_open = false;
  }
  return r->netout_open || r->netin_open || r->stdin_open;
}

/* The poll() of one round: stdin is always ready (data or its end), so
 * with it open nothing waits; else the socket, within -w. */
static bool nc_poll(nc_run *r, unsigned *net) {
  nsp_pollfd f = {.sock = r->s, .events = nc_rw_events(r)};
  uint64_t deadline;
  if (r->stdin_open) deadline = nc_now(r);
  else if (r->o->timeout_ms > 0) deadline = nc_now(r) + (uint64_t)r->o->timeout_ms * 1000000ULL;
  else deadline = nc_now(r) + NC_FOREVER_NS;
  int ready = nc_wait(r, &f, 1, deadline);
  *net = f.revents;
  if (ready == 0 && nsp_cmd_stopped(r->c)) return false; /* Ctrl-C: nc ends */
  if (ready == 0 && !r->stdin_open) {
    if (r->o->timeout_ms <= 0) r->hung = true;
    return false; /* "timeout happened" */
  }
  return true;
}

void nc_readwrite(nc_run *r) {
  nc_rw_begin(r);
  for (;;) {
    if (nc_done(r)) return;
    unsigned net;
    if (!nc_poll(r, &net)) return;
    if (!nc_rw_round(r, net)) return;
  }
}
