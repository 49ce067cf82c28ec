/* Netfilter tables as values (core/nf.h). */
#include "core/nf.h"

#include <glib.h>
#include <string.h>

/* The built-in chains of each table, in hook order
 * (iptables/nft.c xtables_ipv4[]). */
static const bool nf_table_hooks[NSP_NF_NTABLES][NSP_NF_NHOOKS] = {
    [NSP_NF_FILTER] = {[NSP_NF_INPUT] = true, [NSP_NF_FORWARD] = true, [NSP_NF_OUTPUT] = true},
    [NSP_NF_NAT] = {[NSP_NF_PREROUTING] = true, [NSP_NF_INPUT] = true, [NSP_NF_OUTPUT] = true,
                    [NSP_NF_POSTROUTING] = true},
};

const char *nsp_nf_table_name(nsp_nf_table_id t) { return t == NSP_NF_NAT ? "nat" : "filter"; }

bool nsp_nf_table_lookup(const char *name, nsp_nf_table_id *t) {
  if (!strcmp(name, "filter")) *t = NSP_NF_FILTER;
  else if (!strcmp(name, "nat")) *t = NSP_NF_NAT;
  else return false;
  return true;
}

const char *nsp_nf_hook_name(nsp_nf_hook h) {
  static const char *const names[] = {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"};
  return (unsigned)h < NSP_NF_NHOOKS ? names[h] : "?";
}

bool nsp_nf_table_has_hook(nsp_nf_table_id t, nsp_nf_hook h) {
  return (unsigned)t < NSP_NF_NTABLES && (unsigned)h < NSP_NF_NHOOKS && nf_table_hooks[t][h];
}

static nsp_nf_chain *nf_chain_slot(nsp_nf_table *t, size_t at) {
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 8;
    t->chains = g_renew(nsp_nf_chain, t->chains, t->cap);
  }
  memmove(t->chains + at + 1, t->chains + at, (t->n - at) * sizeof *t->chains);
  t->n++;
  memset(&t->chains[at], 0, sizeof t->chains[at]);
  return &t->chains[at];
}

nsp_nf_table *nsp_nf_table_new(nsp_nf_table_id id) {
  nsp_nf_table *t = g_new0(nsp_nf_table, 1);
  t->id = id;
  for (int h = 0; h < NSP_NF_NHOOKS; h++) {
    if (!nf_table_hooks[id][h]) continue;
    nsp_nf_chain *c = nf_chain_slot(t, t->n);
    g_strlcpy(c->name, nsp_nf_hook_name((nsp_nf_hook)h), sizeof c->name);
    c->builtin = true;
    c->policy = NSP_NFT_ACCEPT;
  }
  return t;
}

nsp_nf_table *nsp_nf_table_copy(const nsp_nf_table *t) {
  nsp_nf_table *c = g_new0(nsp_nf_table, 1);
  *c = *t;
  c->cap = t->n;
  c->chains = g_new0(nsp_nf_chain, t->n ? t->n : 1);
  for (size_t i = 0; i < t->n; i++) {
    c->chains[i] = t->chains[i];
    c->chains[i].cap = t->chains[i].n;
    c->chains[i].rules = g_memdup2(t->chains[i].rules, t->chains[i].n * sizeof(nsp_nf_rule));
  }
  return c;
}

void nsp_nf_table_free(nsp_nf_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) g_free(t->chains[i].rules);
  g_free(t->chains);
  g_free(t);
}

nsp_nf_chain *nsp_nf_chain_find(nsp_nf_table *t, const char *name) {
  for (size_t i = 0; i < t->n; i++)
    if (!strcmp(t->chains[i].name, name)) return &t->chains[i];
  return NULL;
}

nsp_nf_chain *nsp_nf_chain_add(nsp_nf_table *t, const char *name) {
  size_t at = 0;
  while (at < t->n && t->chains[at].builtin) at++;
  while (at < t->n && strcmp(t->chains[at].name, name) < 0) at++;
  nsp_nf_chain *c = nf_chain_slot(t, at);
  g_strlcpy(c->name, name, sizeof c->name);
  c->made = true;
  c->policy = NSP_NFT_NONE;
  return c;
}

void nsp_nf_chain_remove(nsp_nf_table *t, nsp_nf_chain *c) {
  size_t at = (size_t)(c - t->chains);
  g_free(c->rules);
  memmove(t->chains + at, t->chains + at + 1, (t->n - at - 1) * sizeof *t->chains);
  t->n--;
}

void nsp_nf_rule_insert(nsp_nf_chain *c, size_t pos, const nsp_nf_rule *r) {
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 8;
    c->rules = g_renew(nsp_nf_rule, c->rules, c->cap);
  }
  memmove(c->rules + pos + 1, c->rules + pos, (c->n - pos) * sizeof *c->rules);
  c->rules[pos] = *r;
  c->n++;
}

void nsp_nf_rule_remove(nsp_nf_chain *c, size_t pos) {
  memmove(c->rules + pos, c->rules + pos + 1, (c->n - pos - 1) * sizeof *c->rules);
  c->n--;
}

bool nsp_nf_rule_same(const nsp_nf_rule *a, const nsp_nf_rule *b) {
  nsp_nf_rule x = *a, y = *b;
  x.pkts = x.bytes = y.pkts = y.bytes = 0;
  return memcmp(&x, &y, sizeof x) == 0;
}

unsigned nsp_nf_chain_refs(const nsp_nf_table *t, const char *name) {
  unsigned refs = 0;
  for (size_t i = 0; i < t->n; i++)
    for (size_t k = 0; k < t->chains[i].n; k++) {
      const nsp_nf_rule *r = &t->chains[i].rules[k];
      if ((r->target == NSP_NFT_JUMP || r->target == NSP_NFT_GOTO) && !strcmp(r->chain, name))
        refs++;
    }
  return refs;
}

void nsp_nf_chain_rename(nsp_nf_table *t, nsp_nf_chain *c, const char *name) {
  char old[NSP_NF_CHAINSZ];
  g_strlcpy(old, c->name, sizeof old);
  nsp_nf_chain keep = *c; /* owns the rules from here */
  size_t at = (size_t)(c - t->chains);
  memmove(t->chains + at, t->chains + at + 1, (t->n - at - 1) * sizeof *t->chains);
  t->n--;
  g_strlcpy(keep.name, name, sizeof keep.name);
  *nsp_nf_chain_add(t, name) = keep; /* its place in name order */
  for (size_t i = 0; i < t->n; i++)
    for (size_t k = 0; k < t->chains[i].n; k++) {
      nsp_nf_rule *r = &t->chains[i].rules[k];
      if ((r->target == NSP_NFT_JUMP || r->target == NSP_NFT_GOTO) && !strcmp(r->chain, old))
        g_strlcpy(r->chain, name, sizeof r->chain);
    }
}
