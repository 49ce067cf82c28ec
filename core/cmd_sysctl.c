/* `sysctl` (procps-ng sysctl.c: ReadSetting(), WriteSetting()).  Keys are
 * files under /proc/sys, hence the paths in its messages. */
#include <errno.h>
#include <string.h>

#include "core/cmd.h"

typedef struct {
  bool write, quiet, names_only_values;
} sysctl_opts;

/* procps slashdot(): unless the first separator already is `to`, every
 * `from` becomes `to` and every `to` becomes `from` ("172.16.0.1/24" is
 * /proc/sys/172/16/0/1.24, a VLAN's "eth0.1" stays one name; found by
 * tests/difffuzz). */
static void sysctl_slashdot(char *p, char from, char to) {
  p = strpbrk(p, "/.");
  if (!p || *p == to) return;
  for (; p; p = strpbrk(p + 1, "/.")) *p = *p == from ? to : from;
}

static char *sysctl_key_norm(const char *key) {
  char *k = g_strdup(key);
  sysctl_slashdot(k, '/', '.');
  return k;
}

static char *sysctl_proc_path(const char *key) {
  char *p = g_strdup_printf("/proc/sys/%s", key);
  sysctl_slashdot(p + strlen("/proc/sys/"), '.', '/');
  return p;
}

static int sysctl_report_stat(nsp_cmd_ctx *c, const char *key, const nsp_status *st) {
  char *path = sysctl_proc_path(key);
  nsp_out(c, "sysctl: cannot stat %s: %s\n", path, g_strerror(st->err));
  g_free(path);
  return 255;
}

static int sysctl_read(nsp_cmd_ctx *c, const char *arg, const sysctl_opts *o) {
  char *key = sysctl_key_norm(arg), val[64];
  nsp_status st = {0};
  int rc = 0;
  if (!c->be->ops->sysctl_get(c->be, c->ns, key, val, sizeof val, &st))
    rc = sysctl_report_stat(c, key, &st);
  else if (o->names_only_values)
    nsp_out(c, "%s\n", val);
  else if (!o->quiet)
    nsp_out(c, "%s = %s\n", key, val);
  g_free(key);
  return rc;
}

static int sysctl_write(nsp_cmd_ctx *c, const char *arg, const sysctl_opts *o) {
  const char *eq = strchr(arg, '=');
  if (!eq) { /* procps 4.0.2 parse_setting_line("command line", 0, ...) */
    const char *k = arg + strspn(arg, " \t");
    if (strlen(k) < 2 || k[0] == '#' || k[0] == ';') return 1; /* silently nothing */
    /* "-key" (an exclusion) only comes after "--", which is not modelled */
    nsp_out(c, "sysctl: command line(0): invalid syntax, continuing...\n");
    return 1;
  }
  char *name = g_strndup(arg, (gsize)(eq - arg));
  char *key = sysctl_key_norm(g_strstrip(name));
  char *value = g_strstrip(g_strdup(eq + 1));
  nsp_status st = {0};
  int rc = 0;
  if (!*value) {
    nsp_out(c, "sysctl: malformed setting \"%s\"\n", arg);
    rc = 255;
  } else if (!c->be->ops->sysctl_set(c->be, c->ns, key, value, &st)) {
    if (st.err == ENOENT) {
      rc = sysctl_report_stat(c, key, &st);
    } else {
      nsp_out(c, "sysctl: setting key \"%s\": %s\n", key, g_strerror(st.err));
      rc = 255;
    }
  } else if (!o->quiet) {
    if (o->names_only_values)
      nsp_out(c, "%s\n", value);
    else
      nsp_out(c, "%s = %s\n", key, value);
  }
  g_free(name);
  g_free(key);
  g_free(value);
  return rc;
}

/* A key Linux has that the backend does not keep (EOPNOTSUPP from a read):
 * the line is refused before any of its keys is read or written. */
static bool sysctl_key_modelled(nsp_cmd_ctx *c, const char *arg, char **key_out) {
  const char *eq = strchr(arg, '=');
  char *name = eq ? g_strndup(arg, (gsize)(eq - arg)) : g_strdup(arg);
  char *key = sysctl_key_norm(g_strstrip(name)), val[64];
  nsp_status st = {0};
  bool ok = c->be->ops->sysctl_get(c->be, c->ns, key, val, sizeof val, &st) ||
            st.err != EOPNOTSUPP;
  g_free(name);
  if (ok) g_free(key);
  else *key_out = key;
  return ok;
}

nsp_line_result nsp_cmd_sysctl(nsp_cmd_ctx *c, int argc, char **argv) {
  sysctl_opts o = {0};
  int i = 1, rc = 0, done = 0;
  /* getopt_long() permutes: an option anywhere applies to every key
   * (`sysctl KEY -w K=V` writes both; found by tests/difffuzz) */
  for (; i < argc; i++) {
    if (argv[i][0] != '-' || !argv[i][1]) continue;
    for (const char *f = argv[i] + 1; *f; f++) {
      if (*f == 'w') o.write = true;
      else if (*f == 'q') o.quiet = true;
      else if (*f == 'n') o.names_only_values = true;
      else return nsp_unsupported(c, "sysctl option -%c is not modelled", *f);
    }
  }
  for (i = 1; i < argc; i++) {
    char *key;
    if ((argv[i][0] == '-' && argv[i][1]) || sysctl_key_modelled(c, argv[i], &key)) continue;
    nsp_line_result lr = nsp_unsupported(c, "sysctl %s: a key of Linux the model does not keep", key);
    g_free(key);
    return lr;
  }
  for (i = 1; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1]) continue;
    rc |= (o.write || strchr(argv[i], '=')) ? sysctl_write(c, argv[i], &o) : sysctl_read(c, argv[i], &o);
    done++;
  }
  if (!done) return nsp_unsupported(c, "sysctl without a key lists everything");
  c->status = rc ? 255 : 0;
  return NSP_LINE_OK;
}
