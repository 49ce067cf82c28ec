/* The socket part of the backend contract, built once per backend
 * (-DNSP_BACKEND_REAL for the kernel, which skips without root): what a
 * program's UDP socket sees in a namespace — datagrams both ways with the
 * sender's address, Port Unreachable as ECONNREFUSED on a connected socket
 * (and on the next send), IP_RECVERR's queue with Time Exceeded and Port
 * Unreachable (offender, destination port, the error's TTL), and the
 * errors of bind(), connect() and sendto(). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "tests/contract_util.h"

static nsp_sock *udp_open(nsp_backend *be, const char *ns, const nsp_sock_opts *o) {
  nsp_sock_opts def = {.type = NSP_SOCK_UDP, .pmtudisc = -1, .tos = -1};
  nsp_status st = {0};
  nsp_sock *s = be->ops->sock_open(be, ns, o ? o : &def, &st);
  assert_non_null(s);
  return s;
}

static void udp_bind(nsp_backend *be, nsp_sock *s, const char *addr, uint16_t port) {
  nsp_status st = {0};
  nsp_sockaddr a = {.addr = addr ? ip(addr) : 0, .port = port};
  assert_true(be->ops->sock_bind(s, &a, &st));
}

static void udp_connect(nsp_backend *be, nsp_sock *s, const char *addr, uint16_t port) {
  nsp_status st = {0};
  nsp_sockaddr a = {.addr = ip(addr), .port = port};
  assert_true(be->ops->sock_connect(s, &a, &st));
}

/* poll() on one socket; its revents */
static unsigned poll1(nsp_backend *be, nsp_sock *s, unsigned events, uint64_t wait) {
  nsp_pollfd f = {.sock = s, .events = events};
  be->ops->sock_poll(be, &f, 1, be->ops->clock_now(be) + wait);
  return f.revents;
}

static void test_udp_both_ways(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  router(be);
  nsp_sock *srv = udp_open(be, "c-ns2", NULL);
  udp_bind(be, srv, NULL, 9999);
  nsp_sock *cli = udp_open(be, "c-ns1", NULL);
  udp_connect(be, cli, "198.51.100.1", 9999);
  nsp_sockaddr me;
  assert_true(be->ops->sock_name(cli, false, &me, &st));
  assert_int_equal(me.addr, ip("192.0.2.1")); /* the route's source */
  assert_true(me.port >= 32768 && me.port <= 60999);
  assert_int_equal(be->ops->sock_send(cli, "hello\n", 6, NULL, &st), 6);
  assert_int_equal(poll1(be, srv, NSP_POLLIN, REPLY_WAIT), NSP_POLLIN);
  char buf[64];
  nsp_sockaddr from;
  assert_int_equal(be->ops->sock_recv(srv, buf, sizeof buf, &from, true, &st), 6); /* peek */
  assert_int_equal(be->ops->sock_recv(srv, buf, sizeof buf, &from, false, &st), 6);
  assert_memory_equal(buf, "hello\n", 6);
  assert_int_equal(from.addr, me.addr);
  assert_int_equal(from.port, me.port);
  assert_int_equal(be->ops->sock_recv(srv, buf, sizeof buf, NULL, false, &st), -1);
  assert_int_equal(st.err, EAGAIN);
  assert_int_equal(be->ops->sock_send(srv, "world", 5, &from, &st), 5);
  assert_int_equal(poll1(be, cli, NSP_POLLIN, REPLY_WAIT), NSP_POLLIN);
  assert_int_equal(be->ops->sock_recv(cli, buf, 3, &from, false, &st), 3); /* the rest is lost */
  assert_memory_equal(buf, "wor", 3);
  assert_int_equal(from.addr, ip("198.51.100.1"));
  assert_int_equal(from.port, 9999);
  assert_int_equal(poll1(be, cli, NSP_POLLIN, 0), 0);
  be->ops->sock_close(cli);
  be->ops->sock_close(srv);
}

/* A connected socket learns of Port Unreachable: POLLERR, then the next
 * call (recv or send) fails once with ECONNREFUSED, and the one after that
 * works again. */
static void test_udp_port_unreachable(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  router(be);
  nsp_sock *cli = udp_open(be, "c-ns1", NULL);
  udp_connect(be, cli, "198.51.100.1", 9998);
  assert_int_equal(be->ops->sock_send(cli, "X", 1, NULL, &st), 1);
  assert_int_equal(poll1(be, cli, NSP_POLLIN, REPLY_WAIT), NSP_POLLERR);
  char buf[8];
  assert_int_equal(be->ops->sock_recv(cli, buf, sizeof buf, NULL, false, &st), -1);
  assert_int_equal(st.err, ECONNREFUSED);
  assert_int_equal(be->ops->sock_recv(cli, buf, sizeof buf, NULL, false, &st), -1);
  assert_int_equal(st.err, EAGAIN);
  assert_int_equal(be->ops->sock_send(cli, "X", 1, NULL, &st), 1);
  assert_true(poll1(be, cli, 0, REPLY_WAIT) & NSP_POLLERR);
  st.err = 0;
  assert_int_equal(be->ops->sock_send(cli, "X", 1, NULL, &st), -1); /* nothing sent */
  assert_int_equal(st.err, ECONNREFUSED);
  assert_int_equal(be->ops->sock_error(cli), 0);
  be->ops->sock_close(cli);
  /* unconnected and without IP_RECVERR, nobody hears of it */
  nsp_sock *u = udp_open(be, "c-ns1", NULL);
  nsp_sockaddr to = {.addr = ip("198.51.100.1"), .port = 9998};
  assert_int_equal(be->ops->sock_send(u, "X", 1, &to, &st), 1);
  assert_int_equal(poll1(be, u, NSP_POLLIN, S / 2), 0);
  be->ops->sock_close(u);
}

/* traceroute's way: IP_RECVERR and a TTL per socket; the error queue
 * says who answered, what, about which port, and with what TTL it came. */
static void test_udp_recverr(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  router(be);
  nsp_sock_opts o = {.type = NSP_SOCK_UDP, .pmtudisc = NSP_PMTUDISC_DONT, .tos = -1, .ttl = 1,
                     .recverr = true};
  nsp_sock *a = udp_open(be, "c-ns1", &o);
  udp_connect(be, a, "198.51.100.1", 33434);
  assert_int_equal(be->ops->sock_send(a, "@ABC", 4, NULL, &st), 4);
  assert_int_equal(poll1(be, a, NSP_POLLIN, REPLY_WAIT), NSP_POLLERR);
  nsp_sock_errq e;
  assert_true(be->ops->sock_recv_err(a, &e));
  assert_int_equal(e.origin, NSP_EE_ORIGIN_ICMP);
  assert_int_equal(e.type, 11);
  assert_int_equal(e.code, 0);
  assert_int_equal(e.err, EHOSTUNREACH);
  assert_int_equal(e.offender, ip("192.0.2.254"));
  assert_int_equal(e.dst.addr, ip("198.51.100.1"));
  assert_int_equal(e.dst.port, 33434);
  assert_int_equal(e.ttl, 64);
  assert_int_equal(e.len, 4); /* the quoted payload after the UDP header */
  assert_false(be->ops->sock_recv_err(a, &e));
  assert_int_equal(be->ops->sock_error(a), 0); /* reading the queue cleared it */
  be->ops->sock_close(a);
  o.ttl = 0;
  nsp_sock *b = udp_open(be, "c-ns1", &o);
  udp_connect(be, b, "198.51.100.1", 33435);
  assert_int_equal(be->ops->sock_send(b, "@ABC", 4, NULL, &st), 4);
  assert_int_equal(poll1(be, b, NSP_POLLIN, REPLY_WAIT), NSP_POLLERR);
  assert_true(be->ops->sock_recv_err(b, &e));
  assert_int_equal(e.type, 3);
  assert_int_equal(e.code, 3);
  assert_int_equal(e.err, ECONNREFUSED);
  assert_int_equal(e.offender, ip("198.51.100.1"));
  assert_int_equal(e.dst.port, 33435);
  assert_int_equal(e.ttl, 63);
  be->ops->sock_close(b);
}

static void test_udp_call_errors(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  router(be);
  nsp_sock *a = udp_open(be, "c-ns2", NULL);
  udp_bind(be, a, NULL, 9999);
  nsp_sockaddr addr = {.addr = 0, .port = 9998};
  assert_false(be->ops->sock_bind(a, &addr, &st)); /* bound already */
  assert_int_equal(st.err, EINVAL);
  nsp_sock *b = udp_open(be, "c-ns2", NULL);
  addr.port = 9999;
  assert_false(be->ops->sock_bind(b, &addr, &st));
  assert_int_equal(st.err, EADDRINUSE);
  addr = (nsp_sockaddr){.addr = ip("192.0.2.1"), .port = 9999}; /* ns1's, not ours */
  assert_false(be->ops->sock_bind(b, &addr, &st));
  assert_int_equal(st.err, EADDRNOTAVAIL);
  addr.addr = ip("198.51.100.1");
  addr.port = 0;
  assert_true(be->ops->sock_bind(b, &addr, &st)); /* an ephemeral port */
  nsp_sockaddr me;
  assert_true(be->ops->sock_name(b, false, &me, &st));
  assert_true(me.port >= 32768 && me.port <= 60999);
  assert_int_equal(be->ops->sock_send(b, "x", 1, NULL, &st), -1);
  assert_int_equal(st.err, EDESTADDRREQ);
  nsp_sockaddr far = {.addr = ip("203.0.113.9"), .port = 53};
  be->ops->sock_close(b);
  be->ops->sock_close(a);
  /* a namespace without routes: connect() and sendto() are ENETUNREACH */
  nsp_sock *c = udp_open(be, "c-rt", NULL);
  far.addr = ip("10.99.0.1");
  assert_false(be->ops->sock_connect(c, &far, &st));
  assert_int_equal(st.err, ENETUNREACH);
  assert_int_equal(be->ops->sock_send(c, "x", 1, &far, &st), -1);
  assert_int_equal(st.err, ENETUNREACH);
  be->ops->sock_close(c);
}

static nsp_sock *tcp_open(nsp_backend *be, const char *ns) {
  nsp_sock_opts o = {.type = NSP_SOCK_TCP, .pmtudisc = -1, .tos = -1, .reuseaddr = true};
  nsp_status st = {0};
  nsp_sock *s = be->ops->sock_open(be, ns, &o, &st);
  assert_non_null(s);
  return s;
}

/* nc's way: a listener, a non-blocking connect (EINPROGRESS, then POLLOUT
 * and no error), accept() with the client's address, data one way, the
 * client's FIN read as the end of the stream, the server's close read as
 * the end on the client. */
static void test_tcp_conversation(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  router(be);
  nsp_sock *l = tcp_open(be, "c-ns2");
  udp_bind(be, l, NULL, 12345);
  assert_true(be->ops->sock_listen(l, 1, &st));
  nsp_sock *c = tcp_open(be, "c-ns1");
  nsp_sockaddr to = {.addr = ip("198.51.100.1"), .port = 12345};
  assert_false(be->ops->sock_connect(c, &to, &st));
  assert_int_equal(st.err, EINPROGRESS);
  assert_int_equal(poll1(be, c, NSP_POLLOUT, REPLY_WAIT), NSP_POLLOUT);
  assert_int_equal(be->ops->sock_error(c), 0);
  assert_int_equal(poll1(be, l, NSP_POLLIN, REPLY_WAIT), NSP_POLLIN);
  nsp_sockaddr peer, me;
  nsp_sock *a = be->ops->sock_accept(l, &peer, &st);
  assert_non_null(a);
  assert_true(be->ops->sock_name(c, false, &me, &st));
  assert_int_equal(peer.addr, ip("192.0.2.1"));
  assert_int_equal(peer.port, me.port);
  assert_true(me.port >= 32768 && me.port <= 60999);
  assert_null(be->ops->sock_accept(l, &peer, &st));
  assert_int_equal(st.err, EAGAIN);
  assert_int_equal(be->ops->sock_send(c, "hello\n", 6, NULL, &st), 6);
  assert_true(be->ops->sock_shutdown(c, NSP_SHUT_WR, &st));
  assert_int_equal(poll1(be, a, NSP_POLLIN, REPLY_WAIT) & NSP_POLLIN, NSP_POLLIN);
  char buf[32];
  long n = be->ops->sock_recv(a, buf, sizeof buf, NULL, false, &st);
  assert_int_equal(n, 6);
  assert_memory_equal(buf, "hello\n", 6);
  /* the FIN: POLLIN and RDHUP, recv 0 */
  assert_true(poll1(be, a, NSP_POLLIN | NSP_POLLRDHUP, REPLY_WAIT) & NSP_POLLRDHUP);
  assert_int_equal(be->ops->sock_recv(a, buf, sizeof buf, NULL, false, &st), 0);
  assert_int_equal(be->ops->sock_send(c, "x", 1, NULL, &st), -1);
  assert_int_equal(st.err, EPIPE);
  be->ops->sock_close(a);
  assert_true(poll1(be, c, NSP_POLLIN, REPLY_WAIT) & NSP_POLLIN);
  assert_int_equal(be->ops->sock_recv(c, buf, sizeof buf, NULL, false, &st), 0);
  be->ops->sock_close(c);
  be->ops->sock_close(l);
}

/* A closed port answers with RST: connect() fails with ECONNREFUSED, the
 * socket reads as readable, writable, in error and hung up. */
static void test_tcp_refused(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  router(be);
  nsp_sock *c = tcp_open(be, "c-ns1");
  nsp_sockaddr to = {.addr = ip("198.51.100.1"), .port = 12346};
  assert_false(be->ops->sock_connect(c, &to, &st));
  assert_int_equal(st.err, EINPROGRESS);
  unsigned r = poll1(be, c, NSP_POLLOUT, REPLY_WAIT);
  assert_int_equal(r, NSP_POLLOUT | NSP_POLLERR | NSP_POLLHUP);
  assert_int_equal(be->ops->sock_error(c), ECONNREFUSED);
  assert_int_equal(be->ops->sock_error(c), 0);
  be->ops->sock_close(c);
}

/* Nobody has the address: the SYN waits for ARP, which fails after 3 s;
 * the Host Unreachable the namespace sends itself ends connect() with
 * EHOSTUNREACH. */
static void test_tcp_host_unreachable(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  router(be);
  assert_true(be->ops->link_set_up(be, "c-ns1", ifindex(be, "c-ns1", "lo"), true, &st));
  nsp_sock *c = tcp_open(be, "c-ns1");
  nsp_sockaddr to = {.addr = ip("192.0.2.77"), .port = 80};
  assert_false(be->ops->sock_connect(c, &to, &st));
  uint64_t t0 = be->ops->clock_now(be);
  assert_int_equal(poll1(be, c, NSP_POLLOUT, 2 * S), 0);
  unsigned r = poll1(be, c, NSP_POLLOUT, 3 * S);
  assert_true(r & NSP_POLLERR);
  uint64_t took = be->ops->clock_now(be) - t0;
  assert_true(took > 2900 * 1000000ULL && took < 4 * S);
  assert_int_equal(be->ops->sock_error(c), EHOSTUNREACH);
  be->ops->sock_close(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_udp_both_ways, setup, teardown),
      cmocka_unit_test_setup_teardown(test_udp_port_unreachable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_udp_recverr, setup, teardown),
      cmocka_unit_test_setup_teardown(test_udp_call_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tcp_conversation, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tcp_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tcp_host_unreachable, setup, teardown),
  };
#ifdef NSP_BACKEND_REAL
  nsp_backend *probe = contract_backend_new();
  if (!probe) {
    print_message("skipped: no private namespaces (root needed)\n");
    return 0;
  }
  probe->ops->destroy(probe);
#endif
  return cmocka_run_group_tests(tests, NULL, NULL);
}
