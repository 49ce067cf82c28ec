#include "real/counters.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "real/ns.h"

static void counters_add(GArray *out, const char *prefix, const char *name, uint64_t v) {
  nsp_counter c = {.value = v};
  g_snprintf(c.name, sizeof c.name, "%s%s", prefix, name);
  g_array_append_val(out, c);
}

/* "Ip: Forwarding DefaultTTL ..." then "Ip: 1 64 ...": nstat's names are
 * the table's name and the field's, "IpForwarding". */
static void counters_parse_mib(GArray *out, const char *text) {
  gchar **lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i] && lines[i + 1]; i += 2) {
    gchar **names = g_strsplit_set(lines[i], " ", -1), **vals = g_strsplit_set(lines[i + 1], " ", -1);
    char *table = names[0];
    size_t tl = strlen(table);
    if (tl && table[tl - 1] == ':') table[tl - 1] = '\0';
    for (guint k = 1; names[k] && vals[k]; k++)
      if (names[k][0]) counters_add(out, table, names[k], g_ascii_strtoull(vals[k], NULL, 10));
    g_strfreev(names);
    g_strfreev(vals);
  }
  g_strfreev(lines);
}

/* /proc/net/dev: "  IF: rx_bytes rx_packets errs drop fifo frame compressed
 * multicast tx_bytes tx_packets errs drop ..." after two header lines. */
static void counters_parse_dev(GArray *out, const char *text) {
  static const struct {
    int col;
    const char *name;
  } cols[] = {{1, "rx_packets"}, {3, "rx_dropped"}, {9, "tx_packets"}, {11, "tx_dropped"}};
  gchar **lines = g_strsplit(text, "\n", -1);
  for (guint i = 2; lines[i]; i++) {
    char *colon = strchr(lines[i], ':');
    if (!colon) continue;
    *colon = '\0';
    char *ifname = g_strstrip(lines[i]);
    uint64_t v[16] = {0};
    char *p = colon + 1;
    for (int k = 0; k < 16; k++) v[k] = g_ascii_strtoull(p, &p, 10);
    char prefix[NSP_IFNAMSIZ + 2];
    g_snprintf(prefix, sizeof prefix, "%s:", ifname);
    for (size_t k = 0; k < G_N_ELEMENTS(cols); k++) counters_add(out, prefix, cols[k].name, v[cols[k].col]);
  }
  g_strfreev(lines);
}

/* /proc/thread-self/net is the namespace of the calling thread (the capture
 * threads stay where they are); read inside, parsed outside. */
nsp_counter *real_counters_read(int nsfd, size_t *n) {
  static const char *const files[] = {"/proc/thread-self/net/snmp", "/proc/thread-self/net/netstat",
                                      "/proc/thread-self/net/dev"};
  gchar *text[3] = {NULL, NULL, NULL};
  *n = 0;
  int saved = real_ns_enter(nsfd);
  if (saved < 0) return NULL;
  for (int i = 0; i < 3; i++) g_file_get_contents(files[i], &text[i], NULL, NULL);
  real_ns_leave(saved);
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_counter));
  if (text[0]) counters_parse_mib(out, text[0]);
  if (text[1]) counters_parse_mib(out, text[1]);
  if (text[2]) counters_parse_dev(out, text[2]);
  for (int i = 0; i < 3; i++) g_free(text[i]);
  *n = out->len;
  return (nsp_counter *)g_array_free(out, FALSE);
}
