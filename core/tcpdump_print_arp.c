/* ARP as tcpdump 4.99.3 prints it (print-arp.c arp_print()). */
#include <string.h>

#include "core/tcpdump_nd.h"

#define ARP_HDR 8 /* hrd, pro, hln, pln, op */

static const char *arp_op_name(uint16_t op, char buf[24]) {
  static const char *const names[] = {NULL, "Request", "Reply", "Reverse Request", "Reverse Reply",
                                      NULL, NULL, NULL, "Inverse Request", "Inverse Reply",
                                      "NACK Reply"};
  if (op < G_N_ELEMENTS(names) && names[op]) return names[op];
  g_snprintf(buf, 24, "Unknown (%u)", op);
  return buf;
}

static const char *arp_hrd_name(uint16_t hrd, char buf[40]) {
  switch (hrd) {
  case 1: return "Ethernet";
  case 6: return "IEEE 802 Network";
  case 15: return "Frame Relay";
  case 19: return "ATM";
  default: g_snprintf(buf, 40, "Unknown Hardware (%u)", hrd); return buf;
  }
}

static const char *arp_pro_name(uint16_t pro, char buf[40]) {
  switch (pro) {
  case 0x0800: return "IPv4";
  case 0x86dd: return "IPv6";
  case 0x0806: return "ARP";
  default: g_snprintf(buf, 40, "Unknown Protocol (0x%04x)", pro); return buf;
  }
}

/* tpaddr_print_ip() / spaddr_print_ip() */
static void arp_paddr(nd_ctx *c, uint16_t pro, uint8_t pln, const uint8_t *a) {
  char ip[16];
  if (pro != 0x0800 && pro != 0x1000) nd_printf(c, "<wrong proto type>");
  else if (pln != 4) nd_printf(c, "<wrong len>");
  else nd_printf(c, "%s", nd_ipaddr(c, a, ip));
}

/* GET_LINKADDR_STRING() for Ethernet: 6 bytes print as a MAC (with the
 * oui name without -n), others as hex bytes joined by ':' */
static void arp_haddr(nd_ctx *c, uint8_t hln, const uint8_t *a) {
  char buf[64];
  if (hln == 6) {
    nd_printf(c, "%s", nd_etheraddr(c, a, buf));
    return;
  }
  if (!hln) {
    nd_printf(c, "<empty>");
    return;
  }
  for (uint8_t i = 0; i < hln; i++) nd_printf(c, i ? ":%02x" : "%02x", a[i]);
}

void nd_arp_print(nd_ctx *c, const uint8_t *p, uint32_t length) {
  c->protocol = "arp";
  char b1[40], b2[40], b3[24];
  if (!nd_check(c, p, ARP_HDR)) return;
  uint16_t hrd = nd_be16(p), pro = nd_be16(p + 2), op = nd_be16(p + 6);
  uint8_t hln = p[4], pln = p[5];
  const uint8_t *sha = p + ARP_HDR, *spa = sha + hln, *tha = spa + pln, *tpa = tha + hln;
  if (!nd_check(c, tpa, pln)) return;
  if (!c->f->eflag) nd_printf(c, "ARP, ");
  bool vflag = c->f->vflag > 0;
  if ((pro != 0x0800 && pro != 0x1000) || pln != 4 || hln == 0 || vflag) {
    nd_printf(c, "%s (len %u), %s (len %u)", arp_hrd_name(hrd, b1), hln, arp_pro_name(pro, b2), pln);
    if (!vflag) goto out;
  }
  nd_printf(c, "%s%s ", vflag ? ", " : "", arp_op_name(op, b3));
  bool tha_set = false;
  for (uint8_t i = 0; i < hln; i++) tha_set |= tha[i] != 0;
  switch (op) {
  case 1:
    nd_printf(c, "who-has ");
    arp_paddr(c, pro, pln, tpa);
    if (tha_set) {
      nd_printf(c, " (");
      arp_haddr(c, hln, tha);
      nd_printf(c, ")");
    }
    nd_printf(c, " tell ");
    arp_paddr(c, pro, pln, spa);
    break;
  case 2:
    arp_paddr(c, pro, pln, spa);
    nd_printf(c, " is-at ");
    arp_haddr(c, hln, sha);
    break;
  case 3:
  case 8:
    nd_printf(c, "who-is ");
    arp_haddr(c, hln, tha);
    nd_printf(c, " tell ");
    arp_haddr(c, hln, sha);
    break;
  case 4:
    arp_haddr(c, hln, tha);
    nd_printf(c, " at ");
    arp_paddr(c, pro, pln, tpa);
    break;
  case 9:
    arp_haddr(c, hln, sha);
    nd_printf(c, " at ");
    arp_paddr(c, pro, pln, spa);
    break;
  default:
    nd_default_print(c, p, length);
    return;
  }
out:
  nd_printf(c, ", length %u", length);
}
