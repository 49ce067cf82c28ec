/* The transcript masks (core/transcript.h), written out by hand.
 *
 * They were eleven GRegex patterns compiled for every line (tests/golden.sh
 * has them as sed expressions); `nspath check` of a 100,000-line transcript
 * spent seconds compiling them.  Each pass here is one of those patterns,
 * applied in the same order, each to what the previous left, with the same
 * leftmost, non-overlapping, greedy matching; tests/test_normalize.c holds
 * them to the GRegex originals on the kernel's transcripts and on generated
 * lines.  As GRegex does by default (any newline convention), `$` also
 * matches before one final newline sequence (\r, \v, \f, NEL, U+2028,
 * U+2029), which a line read from a file with CRLF ends with. */
#include <stdint.h>
#include <string.h>

#include "core/transcript.h"

/* How long a match starting at s[i] is (0: none); n is strlen(s). */
typedef size_t (*norm_match_fn)(const char *s, size_t i, size_t n);

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
static size_t m_time(const char *s, size_t i, size_t n) {
  return norm_run(s, i, n, "time=", norm_time_char, " ms");
}
/* , time [0-9]+ms */
static size_t m_total(const char *s, size_t i, size_t n) {
  return norm_run(s, i, n, ", time ", norm_digit, "ms");
}
/* ^rtt min/avg/max/mdev = [0-9./]+ ms */
static size_t m_rtt(const char *s, size_t i, size_t n) {
  return i ? 0 : norm_run(s, i, n, "rtt min/avg/max/mdev = ", norm_rtt_char, " ms");
}
/* ([0-9a-f]{2}:){5}[0-9a-f]{2} */
static size_t m_mac(const char *s, size_t i, size_t n) {
  if (n - i < 17) return 0;
  for (size_t k = 0; k < 17; k++)
    if (k % 3 == 2 ? s[i + k] != ':' : !norm_hex(s[i + k])) return 0;
  return 17;
}
/* MAC brd MAC */
static size_t m_brd(const char *s, size_t i, size_t n) {
  return n - i >= 11 && !memcmp(s + i, "MAC brd MAC", 11) ? 11 : 0;
}
/* fe80::[0-9a-f:]+/64 */
static size_t m_fe80(const char *s, size_t i, size_t n) {
  return norm_run(s, i, n, "fe80::", norm_v6_char, "/64");
}
/* ^[0-9]+: */
static size_t m_index(const char *s, size_t i, size_t n) {
  return i ? 0 : norm_run(s, i, n, "", norm_digit, ": ");
}
/* @if[0-9]+: */
static size_t m_peer(const char *s, size_t i, size_t n) {
  return norm_run(s, i, n, "@if", norm_digit, ":");
}
/*  \(id: [0-9]+\)$ */
static size_t m_nsid(const char *s, size_t i, size_t n) {
  size_t k = norm_run(s, i, n, " (id: ", norm_digit, ")");
  return k && norm_at_end(s, i + k, n) ? k : 0;
}
/* link-netnsid [0-9]+ */
static size_t m_netnsid(const char *s, size_t i, size_t n) {
  return norm_run(s, i, n, "link-netnsid ", norm_digit, "");
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

static size_t m_trailing(const char *s, size_t i, size_t n) {
  size_t k = norm_span(s, i, n, norm_blank);
  return k && norm_at_end(s, i + k, n) ? k : 0;
}

/* Where a mask's matches may start. */
typedef enum {
  NORM_AT_CHAR,  /* at each `first` character (memchr) */
  NORM_AT_MAC_COLON, /* two characters before each ':' */
  NORM_AT_START, /* ^: at the start only */
  NORM_AT_TAIL,  /* only where the blanks of the line's end begin */
} norm_where;

/* The masks in the order the patterns were applied. */
static const struct {
  norm_match_fn match;
  norm_where where;
  char first;
  const char *repl;
} norm_masks[] = {
    {m_time, NORM_AT_CHAR, 't', "time=T ms"},
    {m_total, NORM_AT_CHAR, ',', ", time Tms"},
    {m_rtt, NORM_AT_START, 0, "rtt min/avg/max/mdev = T ms"},
    {m_mac, NORM_AT_MAC_COLON, 0, "MAC"},
    {m_brd, NORM_AT_CHAR, 'M', "MAC brd ff:ff:ff:ff:ff:ff"},
    {m_fe80, NORM_AT_CHAR, 'f', "fe80::EUI64/64"},
    {m_index, NORM_AT_START, 0, "N: "},
    {m_peer, NORM_AT_CHAR, '@', "@ifN:"},
    {m_nsid, NORM_AT_CHAR, ' ', ""},
    {m_netnsid, NORM_AT_CHAR, 'l', "link-netnsid N"},
    {m_trailing, NORM_AT_TAIL, 0, ""},
};

/* The next place at or after i where mask m may match, n when none. */
static size_t norm_next(size_t m, const char *s, size_t i, size_t n) {
  const char *p;
  switch (norm_masks[m].where) {
  case NORM_AT_CHAR:
    p = memchr(s + i, norm_masks[m].first, n - i);
    return p ? (size_t)(p - s) : n;
  case NORM_AT_MAC_COLON: /* a MAC's first colon is two characters in */
    if (n - i < 17) return n;
    p = memchr(s + i + 2, ':', n - i - 2);
    return p ? (size_t)(p - s) - 2 : n;
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
    size_t k = norm_masks[m].match(s, i, n);
    if (!k) {
      i++;
      continue;
    }
    if (!any) g_string_truncate(out, 0);
    any = true;
    g_string_append_len(out, s + copied, (gssize)(i - copied));
    g_string_append(out, norm_masks[m].repl);
    i += k;
    copied = i;
  }
  if (any) g_string_append_len(out, s + copied, (gssize)(n - copied));
  return any;
}

char *nsp_transcript_normalize_line(const char *line) {
  GString *a = g_string_new(line), *b = g_string_sized_new(a->len + 32);
  for (size_t m = 0; m < G_N_ELEMENTS(norm_masks); m++) {
    if (!norm_pass(m, a, b)) continue;
    GString *t = a;
    a = b;
    b = t;
  }
  g_string_free(b, TRUE);
  return g_string_free(a, FALSE);
}
