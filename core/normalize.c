/* The transcript masks (core/transcript.h), written out by hand.
 *
 * They were GRegex patterns compiled for every line (tests/golden.sh
 * has them as sed expressions); `nspath check` of a 100,000-line transcript
 * spent seconds compiling them.  Each pass here is one of those patterns,
 * applied in the same order, each to what the previous left, with the same
 * leftmost, non-overlapping, greedy matching; tests/test_normalize.c holds
 * them to the GRegex originals on the kernel's transcripts and on generated
 * lines.  As GRegex does by default (any newline convention), `$` also
 * matches before one final newline sequence (\r, \v, \f, NEL, U+2028,
 * U+2029), which a line read from a file with CRLF ends with.
 *
 * One difference from the patterns applied once: the masks anchored at the
 * line's end (" (id: N)", a job's pid, the trailing blanks) are repeated
 * until none matches, so that normalizing is a projection -- a normalized
 * line normalizes to itself.  Applied once, removing one exposes another:
 * "ns1 (id: 0) " lost its blank and kept its id, "x (id: 1) (id: 2)" one
 * id, and "  \u2029  " its last blanks but not those now before the final
 * newline (found by tests/fuzz/fuzz_transcript, whose invariant this is:
 * regress/transcript/blanks-before-u2029). */
#include <stdint.h>
#include <string.h>

#include "core/transcript.h"

/* How long a match starting at s[i] is (0: none); n is strlen(s).  A mask
 * whose replacement starts with the pattern's first group (\1) sets *keep
 * to that group's length: those characters stay, the rest is replaced. */
typedef size_t (*norm_match_fn)(const char *s, size_t i, size_t n, size_t *keep);

static bool norm_digit(char c) { return c >= '0' && c <= '9'; }
static bool norm_hex(char c) { return norm_digit(c) || (c >= 'a' && c <= 'f'); }

/* The length of the newline sequence at s[i] when it ends the line (0: the
 * line ends there; SIZE_MAX: neither). */
static size_t norm_final_newline(const char *s, size_t i, size_t n) {
  size_t rest = n - i;
  const char *p = s + i;
  if (rest == 0) return 0;
  if (rest == 1 && (*p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')) return 1;
  if (rest == 2 && (!memcmp(p, "\r\n", 2) || !memcmp(p, "\xc2\x85", 2))) return 2;
  if (rest == 3 && (!memcmp(p, "\xe2\x80\xa8", 3) || !memcmp(p, "\xe2\x80\xa9", 3))) return 3;
  return SIZE_MAX;
}

/* PCRE's `$` outside multiline mode. */
static bool norm_at_end(const char *s, size_t i, size_t n) {
  return norm_final_newline(s, i, n) != SIZE_MAX;
}

/* Counts the characters from s[i] for which ok() holds. */
static size_t norm_span(const char *s, size_t i, size_t n, bool (*ok)(char)) {
  size_t k = i;
  while (k < n && ok(s[k])) k++;
  return k - i;
}

static bool norm_time_char(char c) { return norm_digit(c) || c == '.'; }
static bool norm_rtt_char(char c) { return norm_digit(c) || c == '.' || c == '/'; }
static bool norm_v6_char(char c) { return norm_hex(c) || c == ':'; }
static bool norm_blank(char c) { return c == ' ' || c == '\t'; }

/* LITERAL, then at least one ok() character (greedy), then TAIL. */
static size_t norm_run(const char *s, size_t i, size_t n, const char *lit, bool (*ok)(char),
                       const char *tail) {
  size_t l = strlen(lit), t = strlen(tail);
  if (n - i < l || memcmp(s + i, lit, l)) return 0;
  size_t k = norm_span(s, i + l, n, ok);
  if (!k || n - (i + l + k) < t || memcmp(s + i + l + k, tail, t)) return 0;
  return l + k + t;
}

/* time=[0-9.]+ ms */
static size_t m_time(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  return norm_run(s, i, n, "time=", norm_time_char, " ms");
}
/* "  [0-9.]+ ms": traceroute's times ( 1  10.0.1.254  0.061 ms  0.012 ms) */
static size_t m_trace_time(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  return norm_run(s, i, n, "  ", norm_time_char, " ms");
}
/* , time [0-9]+ms */
static size_t m_total(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  return norm_run(s, i, n, ", time ", norm_digit, "ms");
}
/* ^rtt min/avg/max/mdev = [0-9./]+ ms */
static size_t m_rtt(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  return i ? 0 : norm_run(s, i, n, "rtt min/avg/max/mdev = ", norm_rtt_char, " ms");
}
/* ([0-9a-f]{2}:){5}[0-9a-f]{2} */
static size_t m_mac(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  if (n - i < 17) return 0;
  for (size_t k = 0; k < 17; k++)
    if (k % 3 == 2 ? s[i + k] != ':' : !norm_hex(s[i + k])) return 0;
  return 17;
}
/* MAC brd MAC */
static size_t m_brd(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  return n - i >= 11 && !memcmp(s + i, "MAC brd MAC", 11) ? 11 : 0;
}
/* fe80::[0-9a-f:]+/64 */
static size_t m_fe80(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  return norm_run(s, i, n, "fe80::", norm_v6_char, "/64");
}
/* ^[0-9]+: */
static size_t m_index(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  return i ? 0 : norm_run(s, i, n, "", norm_digit, ": ");
}
/* @if[0-9]+: */
static size_t m_peer(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  return norm_run(s, i, n, "@if", norm_digit, ":");
}
/*  \(id: [0-9]+\)$ */
static size_t m_nsid(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  size_t k = norm_run(s, i, n, " (id: ", norm_digit, ")");
  return k && norm_at_end(s, i + k, n) ? k : 0;
}
/* link-netnsid [0-9]+ */
static size_t m_netnsid(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  return norm_run(s, i, n, "link-netnsid ", norm_digit, "");
}
/* n digits exactly at s[i] (more may follow). */
static bool norm_digits(const char *s, size_t i, size_t n, size_t count) {
  if (n - i < count) return false;
  for (size_t k = 0; k < count; k++)
    if (!norm_digit(s[i + k])) return false;
  return true;
}

/* [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} at s[i] */
static bool norm_clock(const char *s, size_t i, size_t n) {
  return norm_digits(s, i, n, 2) && n - i >= 15 && s[i + 2] == ':' &&
         norm_digits(s, i + 3, n, 2) && s[i + 5] == ':' && norm_digits(s, i + 6, n, 2) &&
         s[i + 8] == '.' && norm_digits(s, i + 9, n, 6);
}

/* ([0-9a-f]{4})\.[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5} -> \1.MAC: a bridge id
 * as ip -d link prints it (ether_ntoa() leaves out leading zeros); a
 * group takes two digits when there are two (a third would fail where a
 * colon must follow, with one or two taken alike). */
static size_t m_bridge_id(const char *s, size_t i, size_t n, size_t *keep) {
  if (n - i < 16) return 0;
  for (size_t k = 0; k < 4; k++)
    if (!norm_hex(s[i + k])) return 0;
  if (s[i + 4] != '.') return 0;
  size_t k = i + 5;
  for (int g = 0; g < 6; g++) {
    if (g && (k >= n || s[k++] != ':')) return 0;
    if (k >= n || !norm_hex(s[k])) return 0;
    k += k + 1 < n && norm_hex(s[k + 1]) ? 2 : 1;
  }
  *keep = 4;
  return k - i;
}
/* ^(\[[0-9]+\]) [0-9]+$ -> \1 PID: bash's "[1] 12345" for a job */
static size_t m_job_pid(const char *s, size_t i, size_t n, size_t *keep) {
  if (i || n < 5 || s[0] != '[') return 0;
  size_t d = norm_span(s, 1, n, norm_digit);
  if (!d || n - 1 - d < 3 || s[1 + d] != ']' || s[2 + d] != ' ') return 0;
  size_t p = norm_span(s, 3 + d, n, norm_digit);
  if (!p || !norm_at_end(s, 3 + d + p, n)) return 0;
  *keep = 2 + d;
  return 3 + d + p;
}
/* ^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}  (tcpdump's time of day) */
static size_t m_tcpdump_tod(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  return !i && norm_clock(s, 0, n) && n > 15 && s[15] == ' ' ? 16 : 0;
}
/* ^[0-9]+\.[0-9]{6}  (-tt: seconds since the epoch) */
static size_t m_tcpdump_epoch(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  if (i) return 0;
  size_t d = norm_span(s, 0, n, norm_digit);
  if (!d || d >= n || s[d] != '.' || !norm_digits(s, d + 1, n, 6) || n - d - 7 < 1 ||
      s[d + 7] != ' ')
    return 0;
  return d + 8;
}
/* ^[ -][0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}  (-ttt's deltas) */
static size_t m_tcpdump_delta(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  if (i || n < 17 || (s[0] != ' ' && s[0] != '-')) return 0;
  return norm_clock(s, 1, n) && s[16] == ' ' ? 17 : 0;
}
/* ^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:...  (-tttt: date and time) */
static size_t m_tcpdump_date(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  if (i || n < 27 || !norm_digits(s, 0, n, 4) || s[4] != '-' || !norm_digits(s, 5, n, 2) ||
      s[7] != '-' || !norm_digits(s, 8, n, 2) || s[10] != ' ' || !norm_clock(s, 11, n) ||
      s[26] != ' ')
    return 0;
  return 27;
}
/* (ICMP echo (request|reply)), id [0-9]+, seq -> \1, id ID, seq */
static size_t m_icmp_id(const char *s, size_t i, size_t n, size_t *keep) {
  static const char *const kinds[] = {"ICMP echo request", "ICMP echo reply"};
  for (size_t k = 0; k < 2; k++) {
    size_t l = strlen(kinds[k]);
    if (n - i < l || memcmp(s + i, kinds[k], l)) continue;
    size_t m = norm_run(s, i + l, n, ", id ", norm_digit, ", seq");
    if (!m) return 0;
    *keep = l;
    return l + m;
  }
  return 0;
}
static bool norm_tos_flag(char c) {
  return (c >= 'A' && c <= 'Z') || norm_digit(c) || c == '(' || c == ')';
}
/* (\(tos 0x[0-9a-f]+(,[A-Z()0-9]+)?, ttl [0-9]+), id [0-9]+, -> \1, id ID,
 * (tcpdump -v's IPv4 header) */
static size_t m_ip_id(const char *s, size_t i, size_t n, size_t *keep) {
  if (n - i < 7 || memcmp(s + i, "(tos 0x", 7)) return 0;
  size_t k = i + 7, h = norm_span(s, k, n, norm_hex);
  if (!h) return 0;
  k += h;
  if (k < n && s[k] == ',') { /* the ECN bits, when the optional group fits */
    size_t f = norm_span(s, k + 1, n, norm_tos_flag);
    if (f && n - (k + 1 + f) >= 6 && !memcmp(s + k + 1 + f, ", ttl ", 6)) k += 1 + f;
  }
  size_t t = norm_run(s, k, n, ", ttl ", norm_digit, "");
  if (!t) return 0;
  k += t;
  size_t m = norm_run(s, k, n, ", id ", norm_digit, ",");
  if (!m) return 0;
  *keep = k - i;
  return k + m - i;
}
/* TS val [0-9]+ ecr [0-9]+ -> TS val TS ecr TS (tcpdump's TCP timestamps:
 * a random offset per connection on the kernel, seeded in the model) */
static size_t m_tcp_ts(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  size_t a = norm_run(s, i, n, "TS val ", norm_digit, " ecr ");
  if (!a) return 0;
  size_t d = norm_span(s, i + a, n, norm_digit);
  return d ? a + d : 0;
}
/* , seq [0-9]{7,}(:[0-9]+)? -> , seq SEQ: tcpdump's absolute sequence
 * numbers (the SYN's, the SYN-ACK's, all with -S) start from a random
 * ISN; the relative ones after the handshake stay (a connection of a
 * scenario never gets near 1,000,000 bytes; an ISN below that, one in
 * 4,000, shows as a difference and is recorded again) */
static size_t m_tcp_seq(const char *s, size_t i, size_t n, size_t *keep) {
  if (n - i < 6 || memcmp(s + i, ", seq ", 6)) return 0;
  size_t d = norm_span(s, i + 6, n, norm_digit);
  if (d < 7) return 0;
  size_t k = i + 6 + d;
  if (k < n && s[k] == ':') {
    size_t e = norm_span(s, k + 1, n, norm_digit);
    if (e) k += 1 + e;
  }
  *keep = 6;
  return k - i;
}
/* , ack [0-9]{7,} -> , ack ACK (the SYN-ACK's, a refusal's RST) */
static size_t m_tcp_ack(const char *s, size_t i, size_t n, size_t *keep) {
  if (n - i < 6 || memcmp(s + i, ", ack ", 6)) return 0;
  size_t d = norm_span(s, i + 6, n, norm_digit);
  if (d < 7) return 0;
  *keep = 6;
  return 6 + d;
}
/* cksum 0x[0-9a-f]{4} \(correct\) -> cksum 0xCSUM (correct): a TCP
 * checksum the sender computed follows from the masked numbers */
static size_t m_cksum_correct(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  if (n - i < 22 || memcmp(s + i, "cksum 0x", 8)) return 0;
  for (size_t k = 8; k < 12; k++)
    if (!norm_hex(s[i + k])) return 0;
  return memcmp(s + i + 12, " (correct)", 10) ? 0 : 22;
}
/* -> 0x[0-9a-f]{4} -> -> 0xCSUM: what tcpdump says a TCP or UDP checksum
 * left CHECKSUM_PARTIAL should be (the field itself, the pseudo-header's
 * sum, stays) */
static size_t m_cksum_should(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  if (n - i < 9 || memcmp(s + i, "-> 0x", 5)) return 0;
  for (size_t k = 5; k < 9; k++)
    if (!norm_hex(s[i + k])) return 0;
  return 9;
}
/* \.(3276[89]|327[7-9][0-9]|32[89][0-9]{2}|3[3-9][0-9]{3}|[45][0-9]{4}|60[0-9]{3})(?= >|:)
 * -> .PORT: an ephemeral port (ip_local_port_range 32768-60999, random on
 * the kernel) after an address in tcpdump's "SRC.PORT > DST.PORT:" */
static size_t m_eph_port(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  if (n - i < 7 || s[i] != '.' || !norm_digits(s, i + 1, n, 5)) return 0;
  unsigned port = 0;
  for (size_t k = 1; k <= 5; k++) port = port * 10 + (unsigned)(s[i + k] - '0');
  if (port < 32768 || port > 60999) return 0;
  if (s[i + 6] == ':' || (n - i >= 8 && s[i + 6] == ' ' && s[i + 7] == '>')) return 6;
  return 0;
}
/* _timer +[0-9]+\.[0-9]{2} (ip -d link: the bridge's and ports' timers) */
static size_t m_timer(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  if (n - i < 6 || memcmp(s + i, "_timer", 6)) return 0;
  size_t k = i + 6, b = 0;
  while (k + b < n && s[k + b] == ' ') b++;
  if (!b) return 0;
  k += b;
  size_t d = norm_span(s, k, n, norm_digit);
  if (!d || k + d >= n || s[k + d] != '.' || !norm_digits(s, k + d + 1, n, 2)) return 0;
  return k + d + 3 - i;
}
/* numtxqueues [0-9]+ numrxqueues [0-9]+ (a veth: a queue per possible CPU) */
static size_t m_queues(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  size_t a = norm_run(s, i, n, "numtxqueues ", norm_digit, " numrxqueues ");
  if (!a) return 0;
  size_t d = norm_span(s, i + a, n, norm_digit);
  return d ? a + d : 0;
}

/* [ \t]+$: the blanks that end the line or stand before its final newline.
 * One run at most can match; it is found from the end, so a line with many
 * blanks costs one pass, not one per blank.  Its start, n when none. */
static size_t norm_trailing_start(const char *s, size_t n) {
  size_t end = n;
  if (n && !norm_blank(s[n - 1]))
    for (size_t l = 1; l <= 3 && l <= n; l++)
      if (norm_final_newline(s, n - l, n) == l) end = n - l;
  size_t k = end;
  while (k > 0 && norm_blank(s[k - 1])) k--;
  return k < end ? k : n;
}

static size_t m_trailing(const char *s, size_t i, size_t n, size_t *keep) {
  (void)keep;
  size_t k = norm_span(s, i, n, norm_blank);
  return k && norm_at_end(s, i + k, n) ? k : 0;
}

/* Where a mask's matches may start. */
typedef enum {
  NORM_AT_CHAR,  /* `back` characters before each `first` character (memchr) */
  NORM_AT_START, /* ^: at the start only */
  NORM_AT_TAIL,  /* only where the blanks of the line's end begin */
} norm_where;

/* The masks in the order the patterns were applied. */
static const struct {
  norm_match_fn match;
  norm_where where;
  char first;
  size_t back;
  const char *repl;
} norm_masks[] = {
    {m_time, NORM_AT_CHAR, 't', 0, "time=T ms"},
    {m_total, NORM_AT_CHAR, ',', 0, ", time Tms"},
    {m_trace_time, NORM_AT_CHAR, ' ', 0, "  T ms"},
    {m_rtt, NORM_AT_START, 0, 0, "rtt min/avg/max/mdev = T ms"},
    {m_bridge_id, NORM_AT_CHAR, '.', 4, ".MAC"},
    {m_mac, NORM_AT_CHAR, ':', 2, "MAC"}, /* a MAC's first colon is two characters in */
    {m_brd, NORM_AT_CHAR, 'M', 0, "MAC brd ff:ff:ff:ff:ff:ff"},
    {m_fe80, NORM_AT_CHAR, 'f', 0, "fe80::EUI64/64"},
    {m_index, NORM_AT_START, 0, 0, "N: "},
    {m_peer, NORM_AT_CHAR, '@', 0, "@ifN:"},
    {m_nsid, NORM_AT_CHAR, ' ', 0, ""},
    {m_netnsid, NORM_AT_CHAR, 'l', 0, "link-netnsid N"},
    {m_job_pid, NORM_AT_START, 0, 0, " PID"},
    {m_tcpdump_tod, NORM_AT_START, 0, 0, "HH:MM:SS.US "},
    {m_tcpdump_epoch, NORM_AT_START, 0, 0, "EPOCH.US "},
    {m_tcpdump_delta, NORM_AT_START, 0, 0, " DELTA "},
    {m_tcpdump_date, NORM_AT_START, 0, 0, "DATE TIME "},
    {m_icmp_id, NORM_AT_CHAR, 'I', 0, ", id ID, seq"},
    {m_ip_id, NORM_AT_CHAR, '(', 0, ", id ID,"},
    {m_tcp_ts, NORM_AT_CHAR, 'T', 0, "TS val TS ecr TS"},
    {m_tcp_seq, NORM_AT_CHAR, ',', 0, "SEQ"},
    {m_tcp_ack, NORM_AT_CHAR, ',', 0, "ACK"},
    {m_cksum_correct, NORM_AT_CHAR, 'c', 0, "cksum 0xCSUM (correct)"},
    {m_cksum_should, NORM_AT_CHAR, '-', 0, "-> 0xCSUM"},
    {m_eph_port, NORM_AT_CHAR, '.', 0, ".PORT"},
    {m_timer, NORM_AT_CHAR, '_', 0, "_timer T"},
    {m_queues, NORM_AT_CHAR, 'n', 0, "numtxqueues Q numrxqueues Q"},
    {m_trailing, NORM_AT_TAIL, 0, 0, ""},
};

/* The next place at or after i where mask m may match, n when none. */
static size_t norm_next(size_t m, const char *s, size_t i, size_t n) {
  const char *p;
  switch (norm_masks[m].where) {
  case NORM_AT_CHAR: {
    size_t back = norm_masks[m].back;
    if (n - i <= back) return n;
    p = memchr(s + i + back, norm_masks[m].first, n - i - back);
    return p ? (size_t)(p - s) - back : n;
  }
  case NORM_AT_START:
    return i == 0 ? 0 : n;
  case NORM_AT_TAIL: {
    size_t k = norm_trailing_start(s, n);
    return k >= i ? k : n;
  }
  }
  return i;
}

/* One pass: every match in `in` replaced, into out; false (out untouched)
 * when nothing matched. */
static bool norm_pass(size_t m, const GString *in, GString *out) {
  const char *s = in->str;
  size_t n = in->len, copied = 0;
  bool any = false;
  for (size_t i = 0; i < n;) {
    if ((i = norm_next(m, s, i, n)) >= n) break;
    size_t keep = 0, k = norm_masks[m].match(s, i, n, &keep);
    if (!k) {
      i++;
      continue;
    }
    if (!any) g_string_truncate(out, 0);
    any = true;
    g_string_append_len(out, s + copied, (gssize)(i + keep - copied));
    g_string_append(out, norm_masks[m].repl);
    i += k;
    copied = i;
  }
  if (any) g_string_append_len(out, s + copied, (gssize)(n - copied));
  return any;
}

/* Mask m over *a, the result left in *a (*b is scratch); true when it matched. */
static bool norm_apply(size_t m, GString **a, GString **b) {
  if (!norm_pass(m, *a, *b)) return false;
  GString *t = *a;
  *a = *b;
  *b = t;
  return true;
}

/* Rounds of every mask until one changes nothing: a replacement can make a
 * match of its own mask or of an earlier one with what follows it (found
 * by tests/fuzz: "TS val 1 ecr 2 val 3 ecr 4" is "TS val TS ecr TS val 3
 * ecr 4" after one round, and the "TS" the mask wrote starts a new match),
 * and blanks cut from the end expose blanks before a final newline.  So
 * normalizing is a projection.  Every match leaves a mask's fixed text
 * where digits, a MAC or blanks were, and a round that changes nothing
 * ends it; the bound is for safety only (fuzz_transcript checks that a
 * second normalization changes nothing). */
#define NORM_ROUNDS_MAX 16

char *nsp_transcript_normalize_line(const char *line) {
  GString *a = g_string_new(line), *b = g_string_sized_new(a->len + 32);
  for (int round = 0; round < NORM_ROUNDS_MAX; round++) {
    bool changed = false;
    for (size_t m = 0; m < G_N_ELEMENTS(norm_masks); m++) changed |= norm_apply(m, &a, &b);
    if (!changed) break;
  }
  g_string_free(b, TRUE);
  return g_string_free(a, FALSE);
}
