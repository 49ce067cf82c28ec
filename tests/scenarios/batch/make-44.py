#!/usr/bin/env python3
"""Writes the batch files of ../44-ip-batch.sh (run from this folder).

44-routes.txt: nested prefixes from /8 to /32 through two routers, some
with a second route of another metric, enough of them (more than
SIM_FIB_INDEX_MIN in sim/fib.h) that the simulation answers from its index.
44-errors.txt: blank lines, comments, a continued line and failing commands.
44-deletes.txt: deletes that uncover shorter prefixes.
44-quote.txt, 44-eof.txt, 44-missing.txt: an unterminated quote; a
backslash on a last line without newline (a word, not a continuation); a
continuation with no line after it."""

A, B = "via 192.0.2.254", "via 203.0.113.254"

routes = ["# nested prefixes: /8 > /16 > /20 > /24 > /32"]
routes.append(f"route add 10.0.0.0/8 {A}")
for a in range(4):
    routes.append(f"route add 10.{a}.0.0/16 {B if a % 2 else A}")
    routes.append(f"route add 10.{a}.0.0/16 {B if a % 2 == 0 else A} metric 100")
    for b in range(0, 256, 16):
        routes.append(f"route add 10.{a}.{b}.0/20 {A if (a + b) % 3 else B}")
        for c in range(b, b + 16, 4):
            routes.append(f"route add 10.{a}.{c}.0/24 {B if (a + c) % 5 else A}")
        routes.append(f"route add 10.{a}.{b + 1}.7/32 {B}")
routes.append("")
routes.append("route add 172.16.0.0/12 dev nlpm-h0")
routes.append("route add 172.16.9.0/24 dev nlpm-h1 metric 50")
with open("44-routes.txt", "w") as f:
    f.write("\n".join(routes) + "\n")

errors = [
    "# comments and blank lines count in the line numbers",
    "",
    "route add 10.200.0.0/16 \\",
    "    via 192.0.2.254   # a continued line",
    "route add 10.0.0.0/8 via 192.0.2.254",
    "route add 10.201.0.0/16 dev nlpm-nothere",
    "route add 10.202.0.0/16 via 198.51.100.1",
    "route get 10.200.1.1",
    "route add 10.203.0.0/16 via 203.0.113.254",
]
with open("44-errors.txt", "w") as f:
    f.write("\n".join(errors) + "\n")

deletes = [
    "route del 10.1.16.0/24",
    "route del 10.1.16.0/20",
    "route del 10.2.0.0/16 metric 0",
    "route del 10.3.0.0/16",
    "route del 10.3.0.0/16",
]
with open("44-deletes.txt", "w") as f:
    f.write("\n".join(deletes) + "\n")

with open("44-quote.txt", "w") as f:
    f.write('route show "table main\nroute show\n')
with open("44-eof.txt", "w") as f:
    f.write("route show table 'main'\nroute add 10.204.0.0/16 \\")
with open("44-missing.txt", "w") as f:
    f.write("route add 10.205.0.0/16 via 192.0.2.254\nroute add 10.206.0.0/16 \\\n")
