/* `ip address` (ip/ipaddress.c: ipaddr_modify(), ipaddr_list_or_flush()). */
#include <string.h>

#include "core/ip_show.h"
#include "core/ip_util.h"
#include "proto/inet.h"

static int addr_default_scope(uint32_t a) {
  return (a >> 24) == 127 ? NSP_SCOPE_HOST : NSP_SCOPE_UNIVERSE;
}

static bool addr_scope_parse(const char *s, uint8_t *scope) {
  static const struct {
    const char *name;
    uint8_t v;
  } t[] = {{"global", 0}, {"universe", 0}, {"link", 253}, {"host", 254}, {"nowhere", 255}};
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
    if (strcmp(s, t[i].name) == 0) return *scope = t[i].v, true;
  return false;
}

static nsp_line_result addr_modify(nsp_cmd_ctx *c, int argc, char **argv, bool add) {
  nsp_addr a = {0};
  const char *dev = NULL, *local = NULL;
  int plen = -1;
  bool scoped = false;
  while (argc > 0) {
    const char *k = argv[0];
    if (strcmp(k, "dev") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      dev = argv[0];
    } else if (strcmp(k, "scope") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      if (!addr_scope_parse(argv[0], &a.scope)) {
        c->status = nsp_ip_invarg(c, "invalid scope value.", argv[0]);
        return NSP_LINE_OK;
      }
      scoped = true;
    } else if (strcmp(k, "label") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      g_strlcpy(a.label, argv[0], sizeof a.label);
    } else if (nsp_matches(k, "broadcast") || strcmp(k, "brd") == 0) {
      NSP_NEXT_ARG(c, argc, argv);
      if (!nsp_ip_addr_parse(argv[0], &a.brd))
        return nsp_unsupported(c, "broadcast \"%s\" (only explicit addresses)", argv[0]);
    } else if (strcmp(k, "peer") == 0 || strcmp(k, "remote") == 0) {
      /* get_prefix(&peer, *argv, req.ifa.ifa_family): the family is inet
       * once a local address set it (ipaddr_modify(); found by
       * tests/difffuzz: "peer dev X" is "inet prefix is expected rather
       * than \"dev\"") */
      NSP_NEXT_ARG(c, argc, argv);
      uint32_t peer;
      int peer_plen;
      bool inet = c->inet_only || (local && strcmp(local, "default") && strcmp(local, "any") &&
                                   strcmp(local, "all"));
      if (!nsp_ip_prefix_parse(argv[0], &peer, &peer_plen)) {
        c->status = nsp_ip_prefix_expected(c, argv[0], inet);
        return NSP_LINE_OK;
      }
      return nsp_unsupported(c, "ip address %s peer is not modelled", add ? "add" : "del");
    } else {
      if (strcmp(k, "local") == 0) NSP_NEXT_ARG(c, argc, argv);
      if (local) {
        c->status = nsp_ip_duparg2(c, "local", argv[0]);
        return NSP_LINE_OK;
      }
      local = argv[0];
      if (!nsp_ip_prefix_parse(local, &a.local, &plen)) {
        c->status = nsp_ip_prefix_expected(c, local, c->inet_only);
        return NSP_LINE_OK;
      }
    }
    argc--, argv++;
  }
  if (!dev) {
    nsp_out(c, "Not enough information: \"dev\" argument is required.\n");
    c->status = 255;
    return NSP_LINE_OK;
  }
  if (!local) return nsp_unsupported(c, "ip address %s without an address is not modelled", add ? "add" : "del");
  a.plen = (uint8_t)(plen < 0 ? 32 : plen);
  if (!scoped && add) a.scope = (uint8_t)addr_default_scope(a.local);
  /* ipaddr_modify() warns before it looks the device up (found by
   * tests/difffuzz: the warning comes even before "Cannot find device") */
  if (!add && plen < 0) {
    nsp_out(c, "Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
               "         Explicitly specify the prefix length (%s/32) to avoid this warning.\n"
               "         This special behaviour is likely to disappear in further releases,\n"
               "         fix your scripts!\n", local);
    a.plen = 0;
  }
  a.ifindex = nsp_ifindex_by_name(c, dev);
  if (!a.ifindex) {
    c->status = nsp_ip_nodev(c, dev);
    return NSP_LINE_OK;
  }
  nsp_status st = {0};
  bool ok = add ? c->be->ops->addr_add(c->be, c->ns, &a, &st) : c->be->ops->addr_del(c->be, c->ns, &a, &st);
  if (!ok) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_ip_addr(nsp_cmd_ctx *c, int argc, char **argv) {
  argc--, argv++;
  if (argc < 1) return nsp_link_show(c, 0, NULL, true);
  const char *cmd = argv[0];
  argc--, argv++;
  if (nsp_matches(cmd, "add")) return addr_modify(c, argc, argv, true);
  if (nsp_matches(cmd, "change") || nsp_matches(cmd, "replace"))
    return nsp_unsupported(c, "ip address %s is not modelled", cmd);
  if (nsp_matches(cmd, "delete")) return addr_modify(c, argc, argv, false);
  if (nsp_matches(cmd, "list") || nsp_matches(cmd, "show") || nsp_matches(cmd, "lst"))
    return nsp_link_show(c, argc, argv, true);
  if (nsp_matches(cmd, "flush") || nsp_matches(cmd, "save") || nsp_matches(cmd, "showdump") ||
      nsp_matches(cmd, "restore") || nsp_matches(cmd, "help"))
    return nsp_unsupported(c, "ip address %s is not modelled", cmd);
  c->status = nsp_ip_unknown_cmd(c, cmd, "address");
  return NSP_LINE_OK;
}
