/* `ip`: global options and objects (iproute2 ip/ip.c), and `ip netns`
 * (ip/ipnetns.c).  Named namespaces live in /run/netns, hence the paths in
 * iproute2's messages. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "core/fileio.h"
#include "core/ip_batch.h"
#include "core/ip_util.h"

#define NETNS_RUN_DIR "/run/netns"

typedef nsp_line_result (*ip_object_fn)(nsp_cmd_ctx *c, int argc, char **argv);

/* The object table of ip/ip.c, in its order: abbreviations resolve to the
 * first match ("n" is neighbour, "l" is link). NULL: not modelled. */
static const struct {
  const char *name;
  ip_object_fn fn;
} ip_objects[] = {
    {"address", nsp_cmd_ip_addr}, {"addrlabel", NULL}, {"maddress", NULL},
    {"route", nsp_cmd_ip_route},  {"rule", nsp_cmd_ip_rule},      {"neighbor", nsp_cmd_ip_neigh},
    {"neighbour", nsp_cmd_ip_neigh}, {"ntable", NULL}, {"ntbl", NULL},
    {"link", nsp_cmd_ip_link},    {"l2tp", NULL},      {"fou", NULL},
    {"ila", NULL},                {"macsec", NULL},    {"tunnel", NULL},
    {"tuntap", NULL},             {"tap", NULL},       {"token", NULL},
    {"tcpmetrics", NULL},         {"tcp_metrics", NULL}, {"monitor", NULL},
    {"xfrm", NULL},               {"mroute", NULL},    {"mrule", NULL},
    {"netns", NULL},              {"netconf", NULL},   {"vrf", NULL},
    {"sr", NULL},                 {"nexthop", nsp_cmd_ip_nexthop},   {"mptcp", NULL},
    {"ioam", NULL},               {"help", NULL},      {"stats", NULL},
};

static nsp_line_result ip_object_run(nsp_cmd_ctx *c, int argc, char **argv, bool all) {
  for (size_t i = 0; i < G_N_ELEMENTS(ip_objects); i++) {
    if (!nsp_matches(argv[0], ip_objects[i].name)) continue;
    if (strcmp(ip_objects[i].name, "netns") == 0) return nsp_cmd_ip_netns(c, argc, argv, all);
    if (!ip_objects[i].fn) return nsp_unsupported(c, "ip %s is not modelled", ip_objects[i].name);
    if (all) return nsp_unsupported(c, "ip -all is only modelled with netns");
    return ip_objects[i].fn(c, argc, argv);
  }
  nsp_out(c, "Object \"%s\" is unknown, try \"ip help\".\n", argv[0]);
  c->status = 1;
  return NSP_LINE_OK;
}

/* The errno behind a GFileError, for strerror()'s words. */
static int ip_batch_errno(int code) {
  switch (code) {
  case G_FILE_ERROR_NOENT: return ENOENT;
  case G_FILE_ERROR_ACCES: return EACCES;
  case G_FILE_ERROR_ISDIR: return EISDIR;
  case G_FILE_ERROR_PERM: return EPERM;
  default: return EIO;
  }
}

static bool ip_netns_open(nsp_cmd_ctx *c, const char *name) {
  if (c->be->ops->netns_exists(c->be, name)) return true;
  /* open("/run/netns/NAME"): a name over NAME_MAX is ENAMETOOLONG */
  nsp_out(c, "Cannot open network namespace \"%s\": %s\n", name,
          g_strerror(strlen(name) > NAME_MAX ? ENAMETOOLONG : ENOENT));
  c->status = 255;
  return false;
}

/* One line of a batch; false when the batch must stop. */
static bool ip_batch_line(nsp_cmd_ctx *c, const char *name, nsp_ip_batch *b, char *line,
                          GPtrArray *words, bool force, nsp_line_result *lr) {
  const char *why;
  if (!nsp_ip_batch_split(line, words, &why)) {
    nsp_out(c, "%s\n", why); /* makeargs(): exit(1) */
    c->status = 1;
    return false;
  }
  if (words->len == 0) return true; /* blank line */
  g_ptr_array_add(words, NULL);
  c->status = 0;
  c->exited = false;
  *lr = ip_object_run(c, (int)words->len - 1, (char **)words->pdata, false);
  if (*lr != NSP_LINE_OK) {
    gchar *where = g_strdup_printf("%s:%u: ", name, b->lineno);
    g_string_prepend(c->why, where);
    g_free(where);
    return false;
  }
  if (c->exited) return false;
  if (c->status == 0) return true;
  nsp_out(c, "Command failed %s:%u\n", name, b->lineno);
  return force;
}

/* batch() of ip/ip.c: each line an ip command without "ip"; a failure is
 * reported with its place and ends the batch unless -force. */
static nsp_line_result ip_batch_run(nsp_cmd_ctx *c, const char *name, bool force) {
  gchar *text;
  gsize len;
  GError *err = NULL;
  if (strcmp(name, "-") == 0)
    return nsp_unsupported(c, "ip -batch - reads standard input, which a scenario has not");
  if (!nsp_file_read(name, NSP_FILE_MAX, &text, &len, &err)) {
    /* iproute2 would read on; nspath's bound is its own (core/fileio.h) */
    if (err->domain == G_FILE_ERROR && err->code == G_FILE_ERROR_FAILED) {
      nsp_line_result r = nsp_unsupported(c, "ip -batch %s", err->message);
      g_error_free(err);
      return r;
    }
    nsp_out(c, "Cannot open file \"%s\" for reading: %s\n", name,
            g_strerror(err->domain == G_FILE_ERROR ? ip_batch_errno(err->code) : EIO));
    g_error_free(err);
    c->status = 1;
    return NSP_LINE_OK;
  }
  nsp_ip_batch b = {.p = text, .end = text + len, .lineno = 0};
  GPtrArray *words = g_ptr_array_new();
  nsp_line_result lr = NSP_LINE_OK;
  bool failed = false, missing = false, go = true;
  char *line;
  while (go && !nsp_cmd_stopped(c) && (line = nsp_ip_batch_next(&b, &missing))) {
    go = ip_batch_line(c, name, &b, line, words, force, &lr);
    failed |= c->status != 0;
    g_free(line);
  }
  if (missing) nsp_out(c, "Missing continuation line\n");
  /* a command that exited leaves its own status; else EXIT_FAILURE or 0 */
  if (!c->exited) c->status = failed ? 1 : 0;
  g_ptr_array_free(words, TRUE);
  g_free(text);
  return lr;
}

nsp_line_result nsp_cmd_ip(nsp_cmd_ctx *c, int argc, char **argv) {
  bool all = false, force = false;
  const char *batch = NULL;
  argc--, argv++;
  while (argc > 0 && argv[0][0] == '-') {
    const char *opt = argv[0];
    if (strcmp(opt, "--") == 0) {
      argc--, argv++;
      break;
    }
    if (opt[1] == '-') opt++;
    if (strcmp(opt, "-4") == 0) {
      c->inet_only = true;
    } else if (nsp_matches(opt, "-details") && strlen(opt) > 1) {
      c->details = true;
    } else if (nsp_matches(opt, "-netns") && strlen(opt) > 1) {
      /* ip.c counts the program in argc: NEXT_ARG() on the last word does
       * not find it incomplete, and netns_switch(argv[1]) gets NULL, which
       * glibc prints as "(null)" (found by tests/difffuzz) */
      if (argc < 2) return ip_netns_open(c, "(null)"), NSP_LINE_OK;
      NSP_NEXT_ARG(c, argc, argv);
      if (!ip_netns_open(c, argv[0])) return NSP_LINE_OK;
      c->ns = argv[0];
    } else if (nsp_matches(opt, "-all") && strlen(opt) > 1) {
      all = true;
    } else if (nsp_matches(opt, "-force") && strlen(opt) > 2) { /* "-f" is -family */
      force = true;
    } else if (nsp_matches(opt, "-batch") && strlen(opt) > 1) {
      if (argc < 2) return nsp_unsupported(c, "ip -batch without a file prints its usage");
      NSP_NEXT_ARG(c, argc, argv);
      batch = argv[0];
    } else {
      return nsp_unsupported(c, "ip option \"%s\" is not modelled", argv[0]);
    }
    argc--, argv++;
  }
  if (batch) return ip_batch_run(c, batch, force); /* the rest of the line is ignored */
  if (c->details && c->inet_only) return nsp_unsupported(c, "ip -d with -4 is not modelled");
  if (argc == 0) return nsp_unsupported(c, "ip without an object prints its usage");
  return ip_object_run(c, argc, argv, all);
}

/* ---- ip netns ----------------------------------------------------------- */

/* ipnetns.c invalid_name(): a name longer than NAME_MAX (found by the
 * differential fuzzer, tests/difffuzz) is refused as well */
static bool netns_name_invalid(const char *name) {
  return !*name || strlen(name) > NAME_MAX || strchr(name, '/') || !strcmp(name, ".") ||
         !strcmp(name, "..");
}

static void netns_list(nsp_cmd_ctx *c) {
  char **names = c->be->ops->netns_list(c->be);
  for (char **n = names; *n; n++) {
    int id = c->be->ops->netns_id(c->be, *n);
    if (id >= 0)
      nsp_out(c, "%s (id: %d)\n", *n, id);
    else
      nsp_out(c, "%s\n", *n);
  }
  g_strfreev(names);
}

static void netns_add(nsp_cmd_ctx *c, const char *name) {
  nsp_status st = {0};
  if (!c->be->ops->netns_add(c->be, name, &st)) {
    if (st.err == ENOSPC) /* netns_add(): unshare() failed, the file is removed again */
      nsp_out(c, "Failed to create a new network namespace \"%s\": %s\n", name,
              g_strerror(st.err));
    else
      nsp_out(c, "Cannot create namespace file \"%s/%s\": %s\n", NETNS_RUN_DIR, name,
              g_strerror(st.err));
    c->status = 1;
  }
}

static void netns_del(nsp_cmd_ctx *c, const char *name) {
  nsp_status st = {0};
  if (!c->be->ops->netns_del(c->be, name, &st)) {
    nsp_out(c, "Cannot remove namespace file \"%s/%s\": %s\n", NETNS_RUN_DIR, name,
            g_strerror(st.err));
    c->status = 1;
  }
}

static void netns_del_all(nsp_cmd_ctx *c) {
  char **names = c->be->ops->netns_list(c->be);
  for (char **n = names; *n; n++) netns_del(c, *n);
  g_strfreev(names);
}

static nsp_line_result netns_exec(nsp_cmd_ctx *c, int argc, char **argv) {
  if (argc < 1) {
    nsp_out(c, "No netns name specified\n");
    c->status = 255;
    return NSP_LINE_OK;
  }
  if (argc < 2) {
    nsp_out(c, "No command specified\n");
    c->status = 255;
    return NSP_LINE_OK;
  }
  if (!ip_netns_open(c, argv[0])) return NSP_LINE_OK;
  c->ns = argv[0];
  return nsp_cmd_run(c, argc - 1, argv + 1);
}

nsp_line_result nsp_cmd_ip_netns(nsp_cmd_ctx *c, int argc, char **argv, bool all) {
  argc--, argv++;
  if (c->ns) return nsp_unsupported(c, "ip netns inside another namespace is not modelled");
  if (argc < 1) {
    netns_list(c);
    return NSP_LINE_OK;
  }
  if (!all && argc > 1 && netns_name_invalid(argv[1])) {
    nsp_out(c, "Invalid netns name \"%s\"\n", argv[1]);
    c->status = 255;
    return NSP_LINE_OK;
  }
  const char *cmd = argv[0];
  if (nsp_matches(cmd, "list") || nsp_matches(cmd, "show") || nsp_matches(cmd, "lst")) {
    netns_list(c);
  } else if (nsp_matches(cmd, "add")) {
    if (argc < 2) {
      nsp_out(c, "No netns name specified\n");
      c->status = 255;
    } else {
      netns_add(c, argv[1]);
    }
  } else if (nsp_matches(cmd, "delete")) {
    if (all)
      netns_del_all(c);
    else if (argc < 2) {
      nsp_out(c, "No netns name specified\n");
      c->status = 255;
    } else {
      netns_del(c, argv[1]);
    }
  } else if (nsp_matches(cmd, "exec")) {
    if (all) return nsp_unsupported(c, "ip -all netns exec is not modelled");
    return netns_exec(c, argc - 1, argv + 1);
  } else if (nsp_matches(cmd, "list-id") || nsp_matches(cmd, "set") ||
             nsp_matches(cmd, "identify") || nsp_matches(cmd, "pids") ||
             nsp_matches(cmd, "monitor") || nsp_matches(cmd, "attach") ||
             nsp_matches(cmd, "help")) {
    return nsp_unsupported(c, "ip netns %s is not modelled", cmd);
  } else {
    nsp_out(c, "Command \"%s\" is unknown, try \"ip netns help\".\n", cmd);
    c->status = 255;
  }
  return NSP_LINE_OK;
}
