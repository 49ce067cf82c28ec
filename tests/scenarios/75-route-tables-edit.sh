# Routing tables as iproute2 edits them: routes in numbered and named tables, ip route show table N|all (tables in the kernel's order, "table N" printed only when listing several), a table that does not exist ("ipv4: FIB table does not exist.", "Dump terminated"), a table made by an add that failed, replace (the first route of the prefix and metric), change (only an existing one), append and prepend around routes of the same metric, delete taking the first, flush of one table. The default table is looked up after main.
ip netns add t
ip -n t link set lo up
ip -n t link add t-a type veth peer name t-b
ip -n t link set t-a up
ip -n t link set t-b up
ip -n t address add 10.0.0.1/24 dev t-a
ip -n t address add 10.0.1.1/24 dev t-b
ip -n t route show table 7
ip -n t route add 10.9.0.0/16 via 10.0.5.5 table 7
ip -n t route show table 7
ip -n t route add 10.9.0.0/16 via 10.0.0.2
ip -n t route add 10.9.0.0/16 via 10.0.0.3
ip -n t route replace 10.9.0.0/16 via 10.0.0.4
ip -n t route append 10.9.0.0/16 via 10.0.1.5
ip -n t route prepend 10.9.0.0/16 via 10.0.1.6
ip -n t route append 10.9.0.0/16 via 10.0.1.6
ip -n t route append 10.9.0.0/16 via 10.0.1.7 metric 10
ip -n t route change 10.8.0.0/16 via 10.0.0.4
ip -n t route replace 10.8.0.0/16 via 10.0.0.4
ip -n t route
ip -n t route get 10.9.1.1
ip -n t route del 10.9.0.0/16
ip -n t route get 10.9.1.1
ip -n t route add 10.7.0.0/16 dev t-b table 300
ip -n t route add default via 10.0.1.2 table default
ip -n t route add 10.9.0.0/24 via 10.0.1.3 table 1000
ip -n t route add 10.9.0.0/24 via 10.0.1.4 table 44
ip -4 -n t route show table all
ip -n t route show table default
ip -n t route show table 300
ip -n t route get 203.0.113.9
ip -n t route flush table main
ip -n t route
ip -n t route get 10.9.1.1
ip -n t route show table local
ip -n t route flush
ip -n t route del 10.7.0.0/16 table 301
ip -n t route del 10.7.0.0/16 table 300
ip -n t route show table 300
