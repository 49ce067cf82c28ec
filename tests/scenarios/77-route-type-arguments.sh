# ip route's words for types, tables and scopes and the kernel's refusals: a blackhole, unreachable or prohibit route with a gateway or a device, a local route scoped link, a host-scope route with a gateway, a nat route, a local route without a device, a src that is not ours, table names and numbers (4294967295 works, 4294967296 does not, "foo" neither), ip route flush without arguments, deleting from a table that does not exist, a type word where the prefix should be.
ip netns add p
ip -n p link set lo up
ip -n p link add p-a type veth peer name p-b
ip -n p link set p-a up
ip -n p link set p-b up
ip -n p address add 10.0.0.1/24 dev p-a
ip -n p route add blackhole 10.1.0.0/16 via 10.0.0.2
ip -n p route add blackhole 10.1.0.0/16 dev p-a
ip -n p route add unreachable 10.1.0.0/16 dev p-a
ip -n p route add prohibit 10.1.0.0/16 via 10.0.0.2
ip -n p route add local 10.2.0.0/16 dev p-a scope link
ip -n p route add 10.3.0.0/16 dev p-a scope host via 10.0.0.2
ip -n p route add nat 10.4.0.0/16
ip -n p route add local 10.5.0.0/16
ip -n p route add 10.6.0.0/16 dev p-a src 10.9.9.9
ip -n p route add local 10.7.0.1 dev p-a src 10.7.0.1
ip -n p route add 10.8.0.0/16 via 10.0.0.2 table foo
ip -n p route add 10.8.0.0/16 via 10.0.0.2 table 4294967296
ip -n p route add 10.8.0.0/16 via 10.0.0.2 table 4294967295
ip -n p route add 10.8.0.0/16 via 10.0.0.2 table unspec
ip -n p route add type blackhole 10.9.0.0/16
ip -n p route add 10.10.0.0/16 scope frob dev p-a
ip -n p route add 10.10.0.0/16 via 10.0.0.2 via 10.0.0.3
ip -n p route add unreachable 10.11.0.0/16 metric 5
ip -n p route add unreachable 10.11.0.0/16 metric 5
ip -n p route add blackhole 10.11.0.0/16
ip -n p route add throw default table 5
ip -n p route
ip -n p route show table 4294967295
ip -n p route show table foo
ip -n p route show table local
ip -n p route flush
ip -n p route del 10.8.0.0/16 table 9
ip -n p route del unreachable 10.11.0.0/16
ip -n p route del 10.11.0.0/16
ip -n p route
