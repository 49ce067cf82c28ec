/* traceroute's bookkeeping and output (core/traceroute.h), ported from
 * traceroute/traceroute.c 2.1.2: get_timeout(), check_expired(),
 * print_probe(), parse_icmp_res().  Addresses are IPv4 in host order. */
#include <string.h>

#include "core/traceroute.h"
#include "proto/inet.h"

/* ICMP types and Destination Unreachable codes (netinet/ip_icmp.h) */
enum { TR_ICMP_DEST_UNREACH = 3, TR_ICMP_TIME_EXCEEDED = 11 };

/* ttl2hops(): the hops back, assuming the sender started at 64, 128 or 255 */
static int tr_ttl2hops(int x) { return (x <= 64 ? 65 : (x <= 128 ? 129 : 256)) - x; }

static bool tr_equal_addr(const tr_probe *a, const tr_probe *b) {
  return a->has_res && b->has_res && a->res == b->res;
}

double tr_get_timeout(const tr_state *t, const tr_probe *pb) {
  const tr_opts *o = t->o;
  double value;
  unsigned idx = (unsigned)(pb - t->probes);
  if (o->here_factor) {
    /* an answer already in from the same hop */
    const tr_probe *p = &t->probes[idx - idx % o->probes_per_hop];
    for (unsigned i = 0; i < o->probes_per_hop; i++, p++)
      if (p->done && (value = p->recv_time - p->send_time) > 0) {
        value = (value + TR_DEF_WAIT_PREC) * o->here_factor;
        return value < o->wait_secs ? value : o->wait_secs;
      }
  }
  if (o->near_factor) {
    /* or from some later probe already sent */
    for (const tr_probe *p = pb + 1; p < t->probes + t->num_probes && p->send_time; p++)
      if (p->done && (value = p->recv_time - p->send_time) > 0) {
        value = (value + TR_DEF_WAIT_PREC) * o->near_factor;
        return value < o->wait_secs ? value : o->wait_secs;
      }
  }
  return o->wait_secs;
}

static void tr_replace_by_final(tr_probe *pb, tr_probe *fp) {
  *pb = *fp;
  memset(fp, 0, sizeof *fp);
  fp->send_time = 1.; /* "block extra re-send" */
}

/* Where would the final answer fp belong, judged by the TTL it came back
 * with?  ("The idea comes from tracepath(1) routine.") */
static bool tr_final_fits_here(const tr_state *t, const tr_probe *pb, const tr_probe *fp) {
  unsigned pph = t->o->probes_per_hop;
  int back_hops = tr_ttl2hops(fp->recv_ttl);
  for (const tr_probe *p = pb - 1; p >= t->probes; p--)
    if (p->done && !p->final && p->recv_ttl) {
      int hops = tr_ttl2hops(p->recv_ttl);
      if (hops < back_hops) {
        int ttl = (int)((p - t->probes) / pph) + 1;
        back_hops = (back_hops - hops) + ttl;
        break;
      }
    }
  int ttl = (int)((pb - t->probes) / pph) + 1;
  return back_hops <= ttl;
}

void tr_check_expired(tr_state *t, tr_probe *pb) {
  unsigned pph = t->o->probes_per_hop, idx = (unsigned)(pb - t->probes);
  tr_probe *p, *fp = NULL, *pfp = NULL, *endp = t->probes + t->num_probes;
  if (!pb->done) return;
  /* all the previous probes of the same hop */
  for (p = &t->probes[idx - idx % pph]; p < pb; p++) {
    if (!p->done || !p->final) return;
    pfp = p;
  }
  /* forward through the probes sent */
  for (p = pb + 1; p < endp && p->send_time; p++)
    if (p->done) {
      if (!p->final) return; /* a later one was ttl-exceeded: we expired */
      fp = p;
      break;
    }
  if (!fp) return;
  /* "*(this) * * * ... final": the final hop may have answered only the
   * latest probes, mostly with unreachable errors ("!H"), so only those
   * are moved here */
  if (!fp->err_str[0]) return;
  if (pfp || idx % pph + (unsigned)(fp - pb) < pph) {
    tr_replace_by_final(pb, fp);
    return;
  }
  for (p = pb - 1; p >= t->probes; p--)
    if (tr_equal_addr(p, fp)) {
      tr_replace_by_final(pb, fp);
      return;
    }
  if (fp->recv_ttl && tr_final_fits_here(t, pb, fp)) tr_replace_by_final(pb, fp);
}

/* print_addr(): the model resolves no names; getnameinfo() without one
 * gives the address back, printed twice */
static void tr_print_addr(const tr_state *t, uint32_t a, GString *out) {
  char s[16];
  ipv4_addr_ntop(a, s);
  if (t->o->noresolve) g_string_append_printf(out, " %s", s);
  else g_string_append_printf(out, " %s (%s)", s, s);
}

void tr_print_probe(const tr_state *t, const tr_probe *pb, GString *out) {
  unsigned pph = t->o->probes_per_hop, idx = (unsigned)(pb - t->probes);
  unsigned ttl = idx / pph + 1, np = idx % pph;
  if (np == 0) g_string_append_printf(out, "\n%2u ", ttl);
  if (!pb->has_res) {
    g_string_append(out, " *");
  } else {
    bool prn = !np; /* the first of the hop, or one from elsewhere */
    if (np) {
      const tr_probe *p;
      for (p = pb - 1; np && !p->has_res; p--, np--) {
      }
      if (!np || !tr_equal_addr(p, pb)) prn = true;
    }
    if (prn) tr_print_addr(t, pb->res, out);
  }
  if (pb->recv_time) g_string_append_printf(out, "  %.3f ms", (pb->recv_time - pb->send_time) * 1000);
  if (pb->err_str[0]) g_string_append_printf(out, " %s", pb->err_str);
}

void tr_parse_icmp_res(tr_probe *pb, uint8_t type, uint8_t code, uint32_t info) {
  const char *str = NULL;
  char buf[sizeof pb->err_str];
  if (type == TR_ICMP_TIME_EXCEEDED) {
    if (code == 0) return; /* ICMP_EXC_TTL: a hop on the way */
  } else if (type == TR_ICMP_DEST_UNREACH) {
    switch (code) {
    case 0: case 6: case 8: case 11: str = "!N"; break;   /* NET, NET_UNKNOWN, ISOLATED, TOSNET */
    case 1: case 7: case 12: str = "!H"; break;           /* HOST, HOST_UNKNOWN, TOSHOST */
    case 9: case 10: case 13: str = "!X"; break;          /* NET_PROHIB, HOST_PROHIB, FILTER_PROHIB */
    case 3: str = ""; break;                              /* PORT: the destination is reached */
    case 2: str = "!P"; break;                            /* PROTOCOL */
    case 4: g_snprintf(buf, sizeof buf, "!F-%u", info); str = buf; break; /* NEEDFRAG */
    case 5: str = "!S"; break;                            /* SRCFAIL */
    case 14: str = "!V"; break;                           /* HOST_PRECEDENCE */
    case 15: str = "!C"; break;                           /* PRECEDENCE_CUTOFF */
    default: g_snprintf(buf, sizeof buf, "!<%u>", code); str = buf; break;
    }
  }
  if (!str) {
    g_snprintf(buf, sizeof buf, "!<%u-%u>", type, code);
    str = buf;
  }
  if (*str) g_strlcpy(pb->err_str, str, sizeof pb->err_str);
  pb->final = true;
}
