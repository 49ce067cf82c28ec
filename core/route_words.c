/* The words of iproute2 6.1's iproute_modify() the model does not keep
 * (route metrics, realms, tos, vrf, pref, expires): a bad value gets
 * iproute2's own error, a good one makes the line unsupported; and
 * iproute2's usage(), which a route without its prefix gets.  Found by the
 * differential test against the kernel (tests/routediff). */
#include <stdlib.h>
#include <string.h>

#include "core/ip_util.h"
#include "core/route_words.h"

/* ip/iproute.c usage(), as iproute2 6.1 prints it */
static const char route_usage[] =
    "Usage: ip route { list | flush } SELECTOR\n"
    "       ip route save SELECTOR\n"
    "       ip route restore\n"
    "       ip route showdump\n"
    "       ip route get [ ROUTE_GET_FLAGS ] ADDRESS\n"
    "                            [ from ADDRESS iif STRING ]\n"
    "                            [ oif STRING ] [ tos TOS ]\n"
    "                            [ mark NUMBER ] [ vrf NAME ]\n"
    "                            [ uid NUMBER ] [ ipproto PROTOCOL ]\n"
    "                            [ sport NUMBER ] [ dport NUMBER ]\n"
    "       ip route { add | del | change | append | replace } ROUTE\n"
    "SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]\n"
    "            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]\n"
    "            [ type TYPE ] [ scope SCOPE ]\n"
    "ROUTE := NODE_SPEC [ INFO_SPEC ]\n"
    "NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]\n"
    "             [ table TABLE_ID ] [ proto RTPROTO ]\n"
    "             [ scope SCOPE ] [ metric METRIC ]\n"
    "             [ ttl-propagate { enabled | disabled } ]\n"
    "INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...\n"
    "NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]\n"
    "      [ dev STRING ] [ weight NUMBER ] NHFLAGS\n"
    "FAMILY := [ inet | inet6 | mpls | bridge | link ]\n"
    "OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ] [ as [ to ] ADDRESS ]\n"
    "           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]\n"
    "           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]\n"
    "           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]\n"
    "           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]\n"
    "           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]\n"
    "           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]\n"
    "TYPE := { unicast | local | broadcast | multicast | throw |\n"
    "          unreachable | prohibit | blackhole | nat }\n"
    "TABLE_ID := [ local | main | default | all | NUMBER ]\n"
    "SCOPE := [ host | link | global | NUMBER ]\n"
    "NHFLAGS := [ onlink | pervasive ]\n"
    "RTPROTO := [ kernel | boot | static | NUMBER ]\n"
    "PREF := [ low | medium | high ]\n"
    "TIME := NUMBER[s|ms]\n"
    "BOOL := [1|0]\n"
    "FEATURES := ecn\n"
    "ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | rpl | ioam6 | xfrm ]\n"
    "ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | IOAM6HDR | XFRMINFO ]\n"
    "SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID] [cleanup]\n"
    "SEGMODE := [ encap | encap.red | inline | l2encap | l2encap.red ]\n"
    "SEG6LOCAL := action ACTION [ OPTIONS ] [ count ]\n"
    "ACTION := { End | End.X | End.T | End.DX2 | End.DX6 | End.DX4 |\n"
    "            End.DT6 | End.DT4 | End.DT46 | End.B6 | End.B6.Encaps |\n"
    "            End.BM | End.S | End.AS | End.AM | End.BPF }\n"
    "OPTIONS := OPTION [ OPTIONS ]\n"
    "OPTION := { flavors FLAVORS | srh SEG6HDR | nh4 ADDR | nh6 ADDR | iif DEV | oif DEV |\n"
    "            table TABLEID | vrftable TABLEID | endpoint PROGNAME }\n"
    "FLAVORS := { FLAVOR[,FLAVOR] }\n"
    "FLAVOR := { psp | usp | usd | next-csid }\n"
    "IOAM6HDR := trace prealloc type IOAM6_TRACE_TYPE ns IOAM6_NAMESPACE size IOAM6_TRACE_SIZE\n"
    "XFRMINFO := if_id IF_ID [ link_dev LINK ]\n"
    "ROUTE_GET_FLAGS := [ fibmatch ]\n";

int nsp_route_usage(nsp_cmd_ctx *c) {
  nsp_out(c, "%s", route_usage);
  c->exited = true; /* exit(-1) */
  return 255;
}

typedef enum { W_DSFIELD, W_U32, W_LOCK_U32, W_LOCK_HOPLIMIT, W_TIME, W_LOCK_TIME, W_FEATURES,
               W_QUICKACK, W_LOCK_ANY, W_REALM, W_VRF, W_PREF } word_kind;

/* iproute_modify()'s tests in its order (among the words the model keeps,
 * which come first in route_arg(), none is caught earlier by these) */
static const struct {
  const char *word;
  bool exact;        /* strcmp(), else matches(): any abbreviation */
  word_kind kind;
  const char *bad;   /* invarg()'s message */
} route_words[] = {
    {"tos", true, W_DSFIELD, "\"tos\" value is invalid\n"},
    {"dsfield", false, W_DSFIELD, "\"tos\" value is invalid\n"},
    {"expires", true, W_U32, "\"expires\" value is invalid\n"},
    {"mtu", true, W_LOCK_U32, "\"mtu\" value is invalid\n"},
    {"hoplimit", true, W_LOCK_HOPLIMIT, "\"hoplimit\" value is invalid\n"},
    {"advmss", true, W_LOCK_U32, "\"mss\" value is invalid\n"},
    {"reordering", false, W_LOCK_U32, "\"reordering\" value is invalid\n"},
    {"rtt", true, W_LOCK_TIME, "\"rtt\" value is invalid\n"},
    {"rto_min", true, W_TIME, "\"rto_min\" value is invalid\n"},
    {"window", false, W_LOCK_U32, "\"window\" value is invalid\n"},
    {"cwnd", false, W_LOCK_U32, "\"cwnd\" value is invalid\n"},
    {"initcwnd", false, W_LOCK_U32, "\"initcwnd\" value is invalid\n"},
    {"initrwnd", false, W_LOCK_U32, "\"initrwnd\" value is invalid\n"},
    {"features", false, W_FEATURES, "\"features\" value not valid\n"},
    {"quickack", false, W_QUICKACK, "\"quickack\" value is invalid\n"},
    {"congctl", false, W_LOCK_ANY, NULL},
    {"rttvar", false, W_LOCK_TIME, "\"rttvar\" value is invalid\n"},
    {"ssthresh", false, W_LOCK_U32, "\"ssthresh\" value is invalid\n"},
    {"realms", false, W_REALM, "\"realm\" value is invalid\n"},
    {"vrf", false, W_VRF, "Invalid VRF\n"},
    {"pref", false, W_PREF, "\"pref\" value is invalid\n"},
};

/* Debian 12's /etc/iproute2/rt_dsfield names */
static const char *const dsfield_names[] = {"default", "AF11", "AF12", "AF13", "AF21", "AF22",
                                            "AF23",    "AF31", "AF32", "AF33", "AF41", "AF42",
                                            "AF43",    "CS1",  "CS2",  "CS3",  "CS4",  "CS5",
                                            "CS6",     "CS7",  "EF"};

/* lib/rt_names.c rtnl_dsfield_a2n(): a name of the file or hex up to 255 */
static bool route_dsfield_ok(const char *s) {
  for (size_t i = 0; i < sizeof dsfield_names / sizeof *dsfield_names; i++)
    if (!strcmp(s, dsfield_names[i])) return true;
  uint32_t v;
  return nsp_get_unsigned(s, 16, &v) && v <= 255;
}

/* rtnl_rtrealm_a2n(): "cosmos" (rt_realms), "unknown" or a number to 255 */
static bool route_realm_ok(const char *s, size_t n) {
  if ((n == 6 && !strncmp(s, "cosmos", 6)) || (n == 7 && !strncmp(s, "unknown", 7))) return true;
  char buf[16];
  uint32_t v;
  if (n == 0 || n >= sizeof buf) return false;
  memcpy(buf, s, n);
  buf[n] = 0;
  return nsp_get_unsigned(buf, 0, &v) && v <= 255;
}

bool nsp_rt_realms_ok(const char *s) {
  uint32_t v;
  if (nsp_get_unsigned(s, 0, &v)) return true;
  const char *slash = strchr(s, '/');
  if (!slash) return route_realm_ok(s, strlen(s));
  return route_realm_ok(s, (size_t)(slash - s)) && route_realm_ok(slash + 1, strlen(slash + 1));
}

/* lib/utils.c get_time_rtt(): a number (a fraction too) with s, sec,
 * secs, ms, msec or msecs after it, or none */
static bool route_time_ok(const char *s) {
  char *end;
  if (strchr(s, '.')) {
    double t = strtod(s, &end);
    if (end == s || t < 0 || t > 4294967295.0) return false;
  } else {
    unsigned long x = strtoul(s, &end, 0);
    if (end == s || x > 0xffffffffUL) return false;
  }
  return !*end || !strcmp(end, "s") || !strcmp(end, "sec") || !strcmp(end, "secs") ||
         !strcmp(end, "ms") || !strcmp(end, "msec") || !strcmp(end, "msecs");
}

static bool route_word_value_ok(nsp_cmd_ctx *c, word_kind kind, const char *v) {
  uint32_t n;
  switch (kind) {
  case W_DSFIELD: return route_dsfield_ok(v);
  case W_U32: case W_LOCK_U32: return nsp_get_unsigned(v, 0, &n);
  case W_LOCK_HOPLIMIT: return nsp_get_unsigned(v, 0, &n) && n <= 255;
  case W_TIME: case W_LOCK_TIME: return route_time_ok(v);
  case W_FEATURES: return !strcmp(v, "ecn");
  case W_QUICKACK: return nsp_get_unsigned(v, 0, &n);
  case W_REALM: return nsp_rt_realms_ok(v);
  /* ipvrf_get_table(): the model has no VRF devices; a device of another
   * kind is left to the unsupported path */
  case W_VRF: return nsp_ifindex_by_name(c, v) != 0;
  case W_PREF:
    return !strcmp(v, "low") || !strcmp(v, "medium") || !strcmp(v, "high") ||
           (nsp_get_unsigned(v, 0, &n) && n <= 255);
  case W_LOCK_ANY: return true;
  }
  return true;
}

bool nsp_route_other_word(nsp_cmd_ctx *c, int *argc, char ***argv, nsp_line_result *lr) {
  const char *k = (*argv)[0];
  size_t i = 0, n = sizeof route_words / sizeof *route_words;
  while (i < n && (route_words[i].exact ? strcmp(k, route_words[i].word) : !nsp_matches(k, route_words[i].word)))
    i++;
  if (i == n) return false;
  word_kind kind = route_words[i].kind;
  /* NEXT_ARG(), and "lock" before the value of a metric that has one */
  bool lock = kind == W_LOCK_U32 || kind == W_LOCK_HOPLIMIT || kind == W_LOCK_TIME || kind == W_LOCK_ANY;
  for (int step = 0; step < (lock ? 2 : 1); step++) {
    if (*argc < 2) return c->status = nsp_ip_incomplete(c), true;
    *argc -= 1, *argv += 1;
    if (!lock || strcmp((*argv)[0], "lock")) break;
  }
  const char *v = (*argv)[0];
  if (!route_word_value_ok(c, kind, v)) {
    c->status = nsp_ip_invarg(c, route_words[i].bad, v);
    return true;
  }
  /* quickack's second message: a number, but neither 0 nor 1 */
  if (kind == W_QUICKACK && strtoul(v, NULL, 0) > 1) {
    c->status = nsp_ip_invarg(c, "\"quickack\" value should be 0 or 1\n", v);
    return true;
  }
  *lr = nsp_unsupported(c, "ip route %s is not modelled", route_words[i].word);
  return true;
}
