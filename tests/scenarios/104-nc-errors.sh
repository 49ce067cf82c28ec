# nc's own errors, before any socket: usage, a missing port, options that
# do not go together, bad numbers, an unknown option, a name with -n.
nc
nc -n 192.0.2.1
nc -z -l 5
nc -k 192.0.2.1 5
nc -w abc 192.0.2.1 5
nc -w -1 192.0.2.1 5
nc -n 192.0.2.1 99999
nc -n 192.0.2.1 0
nc -n 192.0.2.1 foo
nc -n -q x 192.0.2.1 5
nc -Y
nc -n not-an-address 5
nc -l
nc -s 192.0.2.1 -l 5
