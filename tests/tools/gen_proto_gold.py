# Regenerates the golden frames of tests/test_proto.c (and gold.pcap, to check
# their checksums with tshark). python3 tests/tools/gen_proto_gold.py
import struct
def ck(b):
    if len(b)%2: b+=b'\0'
    s=sum(struct.unpack('!%dH'%(len(b)//2),b))
    while s>>16: s=(s&0xffff)+(s>>16)
    return (~s)&0xffff
def ip(a): return bytes(int(x) for x in a.split('.'))
def ipv4(tos,tot,id_,frag,ttl,proto,src,dst):
    h=struct.pack('!BBHHHBBH4s4s',0x45,tos,tot,id_,frag,ttl,proto,0,ip(src),ip(dst))
    c=ck(h); return h[:10]+struct.pack('!H',c)+h[12:]
def icmp(t,c,id_,seq,data):
    h=struct.pack('!BBHHH',t,c,0,id_,seq)+data
    k=ck(h); return h[:2]+struct.pack('!H',k)+h[4:]
mac1=bytes([2,0,0,0,0,1]); mac2=bytes([2,0,0,0,0,0xfe]); bc=b'\xff'*6
arp=struct.pack('!HHBBH',1,0x0800,6,4,1)+mac1+ip('192.0.2.1')+b'\0'*6+ip('192.0.2.254')
arpf=bc+mac1+b'\x08\x06'+arp; arpf+=b'\0'*(60-len(arpf))
payload=struct.pack('<QQ',0x6553f100,0x000a3b5c)+bytes(range(16,56))
assert len(payload)==56
ic=icmp(8,0,0x1234,1,payload)
echo=ipv4(0,20+len(ic),0x4d2e,0x4000,64,1,'192.0.2.1','198.51.100.1')+ic
echof=mac2+mac1+b'\x08\x00'+echo
# TTL-1 variant quoted by a router
ic1=icmp(8,0,0x1234,1,payload)
orig=ipv4(0,84,0x4d2f,0x4000,1,1,'192.0.2.1','198.51.100.1')+ic1
quote=orig[:28]
te=icmp(11,0,0,0,quote)
teip=ipv4(0xc0,20+len(te),0x0001,0,64,1,'192.0.2.254','192.0.2.1')+te
tef=mac1+mac2+b'\x08\x00'+teip
import sys
with open('gold.pcap','wb') as f:
    f.write(struct.pack('<IHHiIII',0xa1b2c3d4,2,4,0,0,65535,1))
    for i,fr in enumerate([arpf,echof,tef]):
        f.write(struct.pack('<IIII',i,0,len(fr),len(fr))+fr)
def carr(name,b):
    out='static const uint8_t %s[%d] = {\n'%(name,len(b))
    for i in range(0,len(b),12):
        out+='    '+', '.join('0x%02x'%x for x in b[i:i+12])+',\n'
    return out+'};\n'
print(carr('GOLD_ARP_FRAME',arpf)); print(carr('GOLD_ECHO_FRAME',echof)); print(carr('GOLD_TE_FRAME',tef))
print(hex(ck(echo[:20])), 'ip ck', echo[10:12].hex(), 'icmp', ic[2:4].hex(), 'te ip', teip[10:12].hex(), 'te icmp', te[2:4].hex(), 'orig ip', orig[10:12].hex())
