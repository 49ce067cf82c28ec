/* nc's options and their messages, as netcat-openbsd 1.219 prints them
 * (err(3)'s "nc: " prefix, strtonum(3)'s "invalid", "too small", "too
 * large"). */
#include "core/nc_opts.h"

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

static const char NC_USAGE[] =
    "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n"
    "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n"
    "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n"
    "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n"
    "\t  [destination] [port]\n";

/* options taking an argument in netcat.c's getopt string */
static const char NC_WITH_ARG[] = "IiMmOPpqsTVWwXx";
static const char NC_FLAGS[] = "46bCDdFhklNnrStUuvZz";

static int nc_usage(nsp_cmd_ctx *c) {
  nsp_out(c, "%s", NC_USAGE);
  return 1;
}

/* strtonum(3): the value, or errstr "invalid", "too small", "too large". */
static long long nc_strtonum(const char *s, long long lo, long long hi, const char **errstr) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  *errstr = NULL;
  if (s == end || *end != '\0' || errno == ERANGE) {
    *errstr = errno == ERANGE ? (v < 0 ? "too small" : "too large") : "invalid";
    return 0;
  }
  if (v < lo) *errstr = "too small";
  else if (v > hi) *errstr = "too large";
  return *errstr ? 0 : v;
}

int nc_port_parse(nsp_cmd_ctx *c, const char *text, bool udp, uint16_t *port) {
  const char *errstr;
  long long v = nc_strtonum(text, 1, 65535, &errstr);
  if (!errstr) {
    *port = (uint16_t)v;
    return NC_GO;
  }
  /* build_ports(): a service name first (getservbyname), else the number's error */
  struct servent *sv = getservbyname(text, udp ? "udp" : "tcp");
  if (sv) {
    *port = ntohs((uint16_t)sv->s_port);
    return NC_GO;
  }
  nsp_out(c, "nc: port number %s: %s\n", errstr, text);
  return 1;
}

static int nc_opt(nsp_cmd_ctx *c, nc_opts *o, char ch, const char *arg) {
  const char *errstr;
  switch (ch) {
  case '4': return NC_GO;
  case 'u': o->udp = true; return NC_GO;
  case 'l': o->listen = true; return NC_GO;
  case 'k': o->keep = true; return NC_GO;
  case 'n': o->numeric = true; return NC_GO;
  case 'v': o->verbose = true; return NC_GO;
  case 'z': o->zero = true; return NC_GO;
  case 'N': o->shut_on_eof = true; return NC_GO;
  case 'd': o->detach = true; return NC_GO;
  case 's': o->src = arg; return NC_GO;
  case 'p': o->lport = arg; return NC_GO;
  case 'w':
    o->timeout_ms = (int)nc_strtonum(arg, 0, INT_MAX / 1000, &errstr) * 1000;
    if (errstr) {
      nsp_out(c, "nc: timeout %s: %s\n", errstr, arg);
      return 1;
    }
    return NC_GO;
  case 'q':
    o->quit_s = (int)nc_strtonum(arg, INT_MIN, INT_MAX, &errstr);
    if (errstr) {
      nsp_out(c, "nc: quit timer %s: %s\n", errstr, arg);
      return 1;
    }
    if (o->quit_s >= 0) o->shut_on_eof = true; /* Debian: -q implies -N */
    return NC_GO;
  case 'M':
    o->ttl = (int)nc_strtonum(arg, 0, 255, &errstr);
    if (errstr) {
      nsp_out(c, "nc: ttl is %s\n", errstr);
      return 1;
    }
    return NC_GO;
  default:
    g_snprintf(o->why, sizeof o->why, "nc option -%c is not modelled", ch);
    return NC_UNSUPPORTED;
  }
}

/* One argument that starts with '-': its flags, and an option's value
 * from the rest or the next argument. */
static int nc_opt_word(nsp_cmd_ctx *c, nc_opts *o, int argc, char **argv, int *i) {
  const char *w = argv[*i];
  for (size_t k = 1; w[k]; k++) {
    char ch = w[k];
    if (strchr(NC_WITH_ARG, ch)) {
      const char *arg = w[k + 1] ? w + k + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
      if (!arg) {
        nsp_out(c, "nc: option requires an argument -- '%c'\n", ch);
        return nc_usage(c);
      }
      return nc_opt(c, o, ch, arg);
    }
    if (!strchr(NC_FLAGS, ch)) {
      nsp_out(c, "nc: invalid option -- '%c'\n", ch);
      return nc_usage(c);
    }
    int r = nc_opt(c, o, ch, NULL);
    if (r != NC_GO) return r;
  }
  return NC_GO;
}

/* main()'s "Cruft to make sure options are clean" */
static int nc_operands(nsp_cmd_ctx *c, nc_opts *o, char **ops, int n) {
  if (n == 0 && o->listen) {
    o->port = o->lport;
    o->host = o->src;
  } else if (n == 1 && !o->lport && !o->src) {
    if (o->listen) o->port = ops[0];
  } else if (n >= 2) {
    if (o->listen && (o->lport || o->src || n > 2)) return nc_usage(c);
    if (n > 2) {
      g_strlcpy(o->why, "nc with several ports is not modelled", sizeof o->why);
      return NC_UNSUPPORTED;
    }
    o->host = ops[0];
    o->port = ops[1];
  } else {
    return nc_usage(c);
  }
  if (!o->port) {
    nsp_out(c, "nc: missing port number\n");
    return 1;
  }
  if (o->listen && o->zero) {
    nsp_out(c, "nc: cannot use -z and -l\n");
    return 1;
  }
  if (!o->listen && o->keep) {
    nsp_out(c, "nc: must use -l with -k\n");
    return 1;
  }
  return NC_GO;
}

int nc_opts_parse(nsp_cmd_ctx *c, int argc, char **argv, nc_opts *o) {
  memset(o, 0, sizeof *o);
  o->timeout_ms = -1;
  o->quit_s = -1;
  o->ttl = -1;
  char **ops = g_new0(char *, argc + 1);
  int n = 0, r = NC_GO;
  bool dashdash = false;
  for (int i = 1; i < argc && r == NC_GO; i++) {
    if (!dashdash && !strcmp(argv[i], "--")) dashdash = true;
    else if (!dashdash && argv[i][0] == '-' && argv[i][1]) r = nc_opt_word(c, o, argc, argv, &i);
    else ops[n++] = argv[i];
  }
  if (r == NC_GO) r = nc_operands(c, o, ops, n);
  g_free(ops);
  return r;
}
