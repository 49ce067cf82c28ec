/* NAT in the simulation (sim/nf_nat.c). */
#ifndef SIM_NF_NAT_H
#define SIM_NF_NAT_H

#include "core/nf.h"
#include "sim/conntrack.h"

typedef enum { SIM_NAT_SRC, SIM_NAT_DST } sim_nat_manip;

/* struct nf_nat_range: the addresses and ports a binding may take */
typedef struct {
  bool has_addr, has_port;
  uint32_t addr_lo, addr_hi;
  uint16_t port_lo, port_hi;
} sim_nat_range;

sim_nat_manip sim_nat_hook_manip(nsp_nf_hook h);
/* nf_nat_initialized(): the connection's binding of that kind is made */
bool sim_nat_initialized(const sim_ct *ct, sim_nat_manip m);
/* nf_nat_setup_info(): a new connection's binding */
void sim_nat_setup(sim_ct_table *t, sim_ct *ct, sim_nat_manip m, const sim_nat_range *r);
/* nf_nat_alloc_null_binding(): no rule gave one */
void sim_nat_null_binding(sim_ct_table *t, sim_ct *ct, sim_nat_manip m);
/* nf_nat_packet(): the packet rewritten as its connection says at hook */
void sim_nat_packet(const sim_ct *ct, sim_ctinfo ci, nsp_nf_hook hook, uint8_t *pkt, size_t len);
/* nf_nat_icmp_reply_translation(): an ICMP error RELATED to ct, the
 * packet it quotes and its own header; false: drop it */
bool sim_nat_icmp_reply(const sim_ct *ct, sim_ctinfo ci, nsp_nf_hook hook, uint8_t *pkt,
                        size_t len);

#endif
