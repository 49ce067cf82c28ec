/* HTTP as tcpdump 4.99.3 prints a TCP payload to or from port 80 or 8080
 * (print-http.c http_print(), util-print.c txtproto_print()): ": HTTP",
 * and when the payload starts with a request (a method of httpcmds[]) or
 * a response (a 3-digit code as its second token), its first line, or
 * under -v ", length: N" and every text line.  nc's text to port 8080
 * is no request: ": HTTP" alone. */
#include <string.h>

#include "core/tcpdump_nd.h"

#define MAX_TOKEN 128

static const char *const http_cmds[] = {
    "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL",
    "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY",
    "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE",
    "PROPPATCH", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE",
    "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL"};

static bool http_print_char(uint8_t ch) { return ch >= 0x20 && ch < 0x7f; }

/* fetch_token(): the token at idx into tok; the index after it and the
 * blanks that follow, 0 when there is none */
static unsigned http_token(const nd_ctx *c, const uint8_t *p, unsigned idx, unsigned len,
                           char tok[MAX_TOKEN + 1]) {
  size_t n = 0;
  for (; idx < len; idx++) {
    if (!nd_has(c, p + idx, 1)) return 0;
    uint8_t ch = p[idx];
    if (ch & 0x80) return 0;
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') break;
    if (!http_print_char(ch) || n + 2 > MAX_TOKEN + 1) return 0;
    tok[n++] = (char)ch;
  }
  if (!n) return 0;
  tok[n] = '\0';
  for (; idx < len && nd_has(c, p + idx, 1); idx++) {
    uint8_t ch = p[idx];
    if (ch == '\r' || ch == '\n' || !http_print_char(ch) || (ch != ' ' && ch != '\t')) break;
  }
  return idx;
}

/* print_txt_line(): one line after prefix; the index after its end, 0
 * when the rest is no text line (a line cut short ends in [|http]) */
static unsigned http_line(nd_ctx *c, const char *prefix, const uint8_t *p, unsigned idx,
                          unsigned len) {
  unsigned start = idx, linelen;
  for (; idx < len; idx++) {
    if (!nd_check(c, p + idx, 1)) return 0;
    uint8_t ch = p[idx];
    if (ch == '\n') {
      linelen = idx - start;
      idx++;
      goto print;
    }
    if (ch == '\r') {
      if (idx + 1 >= len) return 0;
      if (!nd_check(c, p + idx + 1, 1)) return 0;
      if (p[idx + 1] != '\n') return 0;
      linelen = idx - start;
      idx += 2;
      goto print;
    }
    if (!http_print_char(ch) && ch != '\t') return 0;
  }
  nd_printf(c, "%s%.*s", prefix, (int)(idx - start), (const char *)p + start);
  nd_trunc(c);
  return 0;
print:
  nd_printf(c, "%s%.*s", prefix, (int)linelen, (const char *)p + start);
  return idx;
}

void nd_http_print(nd_ctx *c, const uint8_t *p, uint32_t len) {
  char tok[MAX_TOKEN + 1];
  bool print_this = false;
  c->protocol = "http";
  unsigned idx = http_token(c, p, 0, len, tok);
  if (idx) {
    for (size_t i = 0; i < G_N_ELEMENTS(http_cmds) && !print_this; i++)
      print_this = !g_ascii_strcasecmp(tok, http_cmds[i]);
    /* RESP_CODE_SECOND_TOKEN */
    idx = http_token(c, p, idx, len, tok);
    if (idx && g_ascii_isdigit(tok[0]) && g_ascii_isdigit(tok[1]) && g_ascii_isdigit(tok[2]) &&
        tok[3] == '\0')
      print_this = true;
  }
  nd_printf(c, "HTTP");
  if (!print_this) return;
  if (c->f->vflag) {
    nd_printf(c, ", length: %u", len);
    for (unsigned i = 0; i < len && (i = http_line(c, "\n\t", p, i, len)) != 0;)
      ;
  } else {
    http_line(c, ": ", p, 0, len);
  }
}
