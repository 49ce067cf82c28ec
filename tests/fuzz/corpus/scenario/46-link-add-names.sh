# ip link add reads the names of the new link and of its veth peer alike (iplink_parse()): "name N" names the link, "dev D" or a bare word the device. A second bare word is a duplicate "dev", two different names are refused (the textbook's typo "peer name gw veth1"), one name given twice is fine.
sudo ip link add x1 x2 type veth peer name x3
sudo ip link add x1 type veth peer x3 x4
sudo ip link add x1 type veth peer name x3 x4
sudo ip link add x1 type veth peer name x3 name x4
sudo ip link add ns2-veth0 type veth peer name gw veth1
sudo ip link add name x5 x6 type veth peer name x7
sudo ip link add x1 type veth peer x3 name x3
sudo ip link add dev x5 type veth peer dev x7
sudo ip link show dev x3
sudo ip link show dev x7
sudo ip link delete x1
sudo ip link delete x5
