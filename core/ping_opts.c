/* ping's options as iputils 20221126 (Debian 12) parses and checks them
 * (ping/ping.c main(), iputils_common.c), with its messages. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ping_opts.h"
#include "proto/inet.h"

#define PING_MAX_SIZE 65507   /* 65535 - 20 - 8: beyond, the kernel says EMSGSIZE */
#define PING_MAX_COUNT 100000 /* more is not simulated */

/* main()'s getopt() string in 20221126 */
static const char ping_optstring[] = "h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:";

/* ping_common.c usage(): on stderr, exit status 2 */
static const char ping_usage_text[] =
    "\n" "Usage\n" "  ping [options] <destination>\n" "\n" "Options:\n"
    "  <destination>      dns name or ip address\n" "  -a                 use audible ping\n"
    "  -A                 use adaptive ping\n" "  -B                 sticky source address\n"
    "  -c <count>         stop after <count> replies\n"
    "  -C                 call connect() syscall on socket creation\n"
    "  -D                 print timestamps\n" "  -d                 use SO_DEBUG socket option\n"
    "  -e <identifier>    define identifier for ping session, default is random for\n"
    "                     SOCK_RAW and kernel defined for SOCK_DGRAM\n"
    "                     Imply using SOCK_RAW (for IPv4 only for identifier 0)\n"
    "  -f                 flood ping\n" "  -h                 print help and exit\n"
    "  -I <interface>     either interface name or address\n"
    "  -i <interval>      seconds between sending each packet\n"
    "  -L                 suppress loopback of multicast packets\n"
    "  -l <preload>       send <preload> number of packages while waiting replies\n"
    "  -m <mark>          tag the packets going out\n"
    "  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>\n"
    "  -n                 no dns name resolution\n"
    "  -O                 report outstanding replies\n"
    "  -p <pattern>       contents of padding byte\n" "  -q                 quiet output\n"
    "  -Q <tclass>        use quality of service <tclass> bits\n"
    "  -s <size>          use <size> as number of data bytes to be sent\n"
    "  -S <size>          use <size> as SO_SNDBUF socket option value\n"
    "  -t <ttl>           define time to live\n" "  -U                 print user-to-user latency\n"
    "  -v                 verbose output\n" "  -V                 print version and exit\n"
    "  -w <deadline>      reply wait <deadline> in seconds\n"
    "  -W <timeout>       time to wait for response\n" "\n" "IPv4 options:\n"
    "  -4                 use IPv4\n" "  -b                 allow pinging broadcast\n"
    "  -R                 record route\n"
    "  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>\n" "\n"
    "IPv6 options:\n" "  -6                 use IPv6\n"
    "  -F <flowlabel>     define flow label, default is random\n"
    "  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument\n" "\n"
    "For more details see ping(8).\n";


void ping_not_modelled(ping_opts *o, const char *what) {
  if (!o->why[0]) g_strlcpy(o->why, what, sizeof o->why);
}

/* iputils_common.c strtol_or_err(): PING_GO, or 1 after its message */
static int ping_strtol(nsp_cmd_ctx *c, const ping_opts *o, const char *s, long min, long max,
                        long *out) {
  char *end = NULL;
  errno = 0;
  long v = *s ? strtol(s, &end, 10) : 0;
  int e = errno;
  if (!*s || e || end == s || *end)
    nsp_out(c, "%s: invalid argument: '%s'%s%s\n", o->prog, s, e ? ": " : "",
            e ? g_strerror(e) : "");
  else if (v < min || v > max)
    nsp_out(c, "%s: invalid argument: '%s': out of range: %ld <= value <= %ld\n", o->prog, s,
            min, max);
  else {
    *out = v;
    return PING_GO;
  }
  return 1;
}

/* ping_strtod() of 20221126 and the range checks of -i and -W, in ms:
 * PING_GO, or 2 after the message.  Trailing garbage only warns ("abc" is
 * 0); an empty argument shows the errno left from start-up, ENOENT. */
static int ping_seconds(nsp_cmd_ctx *c, const ping_opts *o, const char *s, const char *what,
                         bool no_negative, int *ms) {
  int e = ENOENT;
  if (*s) {
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end)
      nsp_out(c, "%s: option argument contains garbage: %s\n"
                 "%s: this will become fatal error in the future\n", o->prog, end, o->prog);
    e = ERANGE;
    if (fpclassify(v) == FP_NORMAL || fpclassify(v) == FP_ZERO) {
      if ((no_negative && isless(v, 0)) || isgreater(v, (double)INT_MAX / 1000)) {
        nsp_out(c, "%s: %s: %s\n", o->prog, what, s);
        return 2;
      }
      *ms = (int)(v * 1000);
      return PING_GO;
    }
  }
  nsp_out(c, "%s: %s: %s: %s\n", o->prog, what, s, g_strerror(e));
  return 2;
}

/* One option of main()'s getopt() loop: PING_GO, or the exit status. */
static int ping_opt_apply(nsp_cmd_ctx *c, ping_opts *o, char ch, const char *arg) {
  char what[40];
  switch (ch) {
  case 'c': return ping_strtol(c, o, arg, 1, LONG_MAX, &o->count);
  case 's': return ping_strtol(c, o, arg, 0, INT_MAX, &o->size);
  case 't': return ping_strtol(c, o, arg, 0, 255, &o->ttl);
  case 'i': return ping_seconds(c, o, arg, "bad timing interval", false, &o->interval);
  case 'W': return ping_seconds(c, o, arg, "bad linger time", true, &o->linger);
  case 'w': { /* the deadline is read as ping.c reads it (strtol_or_err(), 0 to
                 INT_MAX), so a bad one gets its words; running it is not modelled */
    long deadline;
    int rc = ping_strtol(c, o, arg, 0, INT_MAX, &deadline);
    if (rc == PING_GO) ping_not_modelled(o, "ping option -w is not modelled");
    return rc;
  }
  case 'q': o->quiet = true; return PING_GO;
  case 'M': /* ping.c: IP_PMTUDISC_DO / DONT / WANT */
    if (!strcmp(arg, "do")) o->pmtudisc = 2;
    else if (!strcmp(arg, "dont")) o->pmtudisc = 1;
    else if (!strcmp(arg, "want")) o->pmtudisc = 0;
    else if (!strcmp(arg, "probe")) ping_not_modelled(o, "ping -M probe is not modelled");
    else {
      nsp_out(c, "%s: invalid -M argument: %s\n", o->prog, arg);
      return 2;
    }
    return PING_GO;
  case 'm': { /* SO_MARK on the socket and on the probe that picks the source */
    long mark;
    int rc = ping_strtol(c, o, arg, 0, 4294967295L, &mark);
    o->mark = (uint32_t)mark;
    return rc;
  }
  case '4':
  case 'n': return PING_GO;
  case 'I':
    if (strchr(arg, ':')) ping_not_modelled(o, "ping -I with an IPv6 address is not modelled");
    else if (ipv4_addr_pton(arg, &o->src)) o->has_src = true; /* inet_pton() */
    else o->dev = arg;
    return PING_GO;
  case 'V':
    nsp_out(c, "ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, "
               "getrandom(): yes, __fpending(): yes\n");
    return 0;
  case 'h':
  case '?': nsp_out(c, "%s", ping_usage_text); return 2;
  default:
    g_snprintf(what, sizeof what, "ping option -%c is not modelled", ch);
    ping_not_modelled(o, what);
    return PING_GO;
  }
}

/* glibc getopt() with argument permutation: options anywhere, "--" ends them. */
int ping_opts_parse(nsp_cmd_ctx *c, int argc, char **argv, ping_opts *o) {
  *o = (ping_opts){.prog = argv[0], .interval = 1000, .linger = 10000, .size = 56, .ttl = -1};
  o->targets = g_new0(char *, argc + 1);
  bool only_args = false;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    if (!only_args && strcmp(a, "--") == 0) {
      only_args = true;
      continue;
    }
    if (only_args || a[0] != '-' || !a[1]) {
      o->targets[o->ntargets++] = a;
      continue;
    }
    for (const char *p = a + 1; *p; p++) {
      const char *spec = *p == ':' ? NULL : strchr(ping_optstring, *p), *arg = NULL;
      if (spec && spec[1] == ':') arg = p[1] ? p + 1 : i + 1 < argc ? argv[++i] : NULL;
      if (!spec || (spec[1] == ':' && !arg)) {
        nsp_out(c, spec ? "%s: option requires an argument -- '%c'\n%s"
                        : "%s: invalid option -- '%c'\n%s", o->prog, *p, ping_usage_text);
        return 2;
      }
      int rc = ping_opt_apply(c, o, *p, arg);
      if (rc != PING_GO) return rc;
      if (arg) break;
    }
  }
  return PING_GO;
}

/* getaddrinfo() here, as seen in a namespace of its own (no DNS server
 * reachable): a name that is no host name fails at once with EAI_NONAME --
 * empty, a leading '-', an empty label (".a", "a..b"), a label over 63
 * characters, a character other than letters, digits, '-', '_' and '.'
 * ("10.0.0.0/33", "a b"); any other name needs DNS: EAI_AGAIN ("a_b",
 * "a.", "." included).  Recorded with ping in `unshare -n`; the
 * differential fuzzer (tests/difffuzz) found the '/' case. */
static const char *ping_gai_strerror(const char *name) {
  size_t label = 0;
  bool bad = !*name || name[0] == '-';
  if (strcmp(name, ".") == 0) return "Temporary failure in name resolution";
  for (const unsigned char *p = (const unsigned char *)name; *p && !bad; p++) {
    if (*p == '.') bad = label == 0 || label > 63;
    else bad = !g_ascii_isalnum(*p) && *p != '-' && *p != '_';
    label = *p == '.' ? 0 : label + 1;
  }
  return bad || label > 63 ? "Name or service not known" : "Temporary failure in name resolution";
}

/* main() between getopt() and ping4_run(): PING_GO with *dst, the exit
 * status, or PING_UNSUPPORTED with o->why. */
int ping_opts_check(nsp_cmd_ctx *c, ping_opts *o, uint32_t *dst) {
  if (!o->ntargets) {
    nsp_out(c, "%s: usage error: Destination address required\n", o->prog);
    return 1;
  }
  if (o->why[0]) return PING_UNSUPPORTED;
  const char *name = NULL; /* main() resolves the last argument, ping4_run() each in turn */
  bool hop = false;
  for (int i = -1; i < o->ntargets && !name; i++) {
    const char *t = o->targets[i < 0 ? o->ntargets - 1 : i];
    name = ipv4_addr_aton(t, dst) ? NULL : t;
    hop = name && i >= 0 && i < o->ntargets - 1;
  }
  if (name && (strcmp(name, "localhost") == 0 || g_str_has_prefix(name, "ip6-"))) {
    ping_not_modelled(o, "ping to a name of /etc/hosts: nspath resolves no names");
  } else if (name) {
    /* a hop is resolved by ping4_run() with other hints: whatever the name,
     * EAI_AGAIN there (seen on the kernel: `ping - 1.2.3.4`; found by
     * tests/difffuzz) */
    nsp_out(c, "%s: %s: %s\n", o->prog, name,
            hop ? "Temporary failure in name resolution" : ping_gai_strerror(name));
    return 2;
  }
  if (o->ntargets > 1) ping_not_modelled(o, "ping via given hops (source route) is not modelled");
  if (o->count > PING_MAX_COUNT) ping_not_modelled(o, "ping -c above 100000 is not simulated");
  if (o->interval < 0) ping_not_modelled(o, "ping -i with a negative interval is not modelled");
  if (o->size > PING_MAX_SIZE) ping_not_modelled(o, "ping -s above 65507 is not modelled");
  if ((*dst >> 28) == 0xe) ping_not_modelled(o, "multicast ping is not modelled");
  if (!*dst && !o->has_src)
    ping_not_modelled(o, "ping 0.0.0.0 (the kernel picks the source as target) is not modelled");
  return o->why[0] ? PING_UNSUPPORTED : PING_GO;
}
