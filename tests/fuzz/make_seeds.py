#!/usr/bin/env python3
"""Writes the seeds of the fuzz harnesses and their dictionaries from the
project's own files: scenarios, the kernel's transcripts and captures,
batch files, Markdown, the committed captures (and, given NSPATH, a pcapng
nspath writes).  Run from the top of the tree.

The seeds go to OUT/NAME (build-fuzz/seeds/ by default, not committed):
tests/fuzz/minimize.sh merges them with the campaigns' findings into the
committed corpus, keeping only inputs that add coverage.  The dictionaries
(tests/fuzz/*.dict) are committed.

usage: tests/fuzz/make_seeds.py [--out DIR] [--nspath build/nspath]"""
import argparse, glob, hashlib, os, re, struct, subprocess, tempfile

F = 'tests/fuzz'
ap = argparse.ArgumentParser()
ap.add_argument('--out', default='build-fuzz/seeds')
ap.add_argument('--nspath', default=None, help='writes a pcapng seed for fuzz_frames')
args = ap.parse_args()


def put(kind, data, name=None):
    os.makedirs(f'{args.out}/{kind}', exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(f'{args.out}/{kind}/{name}', 'wb') as f:
        f.write(data)


def pcap_frames(path):
    b = open(path, 'rb').read()
    magic = struct.unpack('<I', b[:4])[0]
    e = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    at, out = 24, []
    while at + 16 <= len(b):
        _, _, incl, _ = struct.unpack(e + 'IIII', b[at:at + 16])
        out.append(b[at + 16:at + 16 + incl])
        at += 16 + incl
    return out


scen = sorted(glob.glob('tests/scenarios/*.sh')) + ['examples/03-router.sh', 'tests/markdown/fixture.md']
for s in scen:
    put('scenario', open(s, 'rb').read(), os.path.basename(s))
for t in sorted(glob.glob('tests/scenarios/kernel/*.txt')):
    put('transcript', open(t, 'rb').read(), os.path.basename(t))
for t in sorted(glob.glob('tests/scenarios/batch/*.txt')):
    put('transcript', open(t, 'rb').read()[:4096], 'batch-' + os.path.basename(t))
put('transcript', open('tests/markdown/fixture.md', 'rb').read(), 'fixture.md')

# frames: the committed captures and the kernel's (ARP, ICMP, fragments,
# UDP and TCP from the nc scenarios), whole files cut to 4 KiB and each
# distinct frame alone; a pcapng as nspath --pcapng writes it
frames = []
pcaps = sorted(glob.glob('captures/*/*.pcap')) + sorted(glob.glob('tests/scenarios/kernel/*/*.pcap'))
for p in pcaps:
    data = open(p, 'rb').read()
    put('frames', data[:4096], p.split('/')[-2] + '-' + os.path.basename(p))
    frames += pcap_frames(p)
if args.nspath:
    with tempfile.TemporaryDirectory() as d:
        png = os.path.join(d, 'x.pcapng')
        r = subprocess.run([os.path.abspath(args.nspath), 'run', '--pcapng', png,
                            os.path.abspath('tests/scenarios/102-nc-udp.sh')], capture_output=True, cwd=d)
        if r.returncode == 0 and os.path.exists(png):
            put('frames', open(png, 'rb').read()[:4096], 'nspath-102-nc-udp.pcapng')
seen = []
for fr in frames:
    if fr not in seen:
        seen.append(fr)
for fr in seen:
    put('proto', fr)
    put('frames', fr)
    # fuzz_proto reads UDP and TCP as [source][destination][segment]
    if len(fr) >= 34 and fr[12:14] == b'\x08\x00' and fr[23] in (6, 17):
        ihl = (fr[14] & 15) * 4
        put('proto', fr[26:34] + fr[14 + ihl:])

# wire: each distinct frame to a world's devices, to the device's own MAC
# (0x80), with the IPv4 length and checksum made right (0x40); a burst of
# them into each world (tests/fuzz/fuzz_wire.c: the worlds and the record
# format)
WORLDS = 7
for i, fr in enumerate(seen):
    world, dev = i % WORLDS, (i // WORLDS) % 6
    put('wire', bytes([world, 0xc0 | dev, 1]) + struct.pack('>H', len(fr)) + fr)
for world in range(WORLDS):
    burst = bytes([world]) + b''.join(bytes([0xc0 | (i % 4), 0]) + struct.pack('>H', len(f)) + f
                                      for i, f in enumerate(seen[world::WORLDS]))
    put('wire', burst[:8192], f'burst-{world}')

# dictionaries: the words of the scenarios' command lines (not their
# comments), the words of the commands nspath models, Markdown's and
# transcripts' marks
words = set()
for s in scen:
    for line in open(s, encoding='utf-8', errors='replace'):
        if line.lstrip().startswith('#'):
            continue
        for w in re.findall(r'[^\s"\']+', line):
            if len(w) <= 40:
                words.add(w)
extra = ['```', '~~~', '```sh', '```console', '```bash', '$ ', '\\\n', '#', 'sudo', '-batch',
         '-force', '-n', '-4', '-all', '--', '-c', '-i', '-s', '-W', '-w', '-t', '-I', '-M', '-q',
         '0', '65507', '1000000000', '255', '256', '/32', '/0', '/33', '-1', 'exec', 'netns',
         '&', '|', '<<<', 'echo', 'printf',
         # ip rule and route types, tables (iproute2's iprule.c, iproute.c)
         'rule', 'add', 'del', 'show', 'list', 'flush', 'from', 'to', 'table', 'lookup', 'pref',
         'priority', 'order', 'fwmark', 'iif', 'oif', 'not', 'tos', 'dsfield', 'suppress_prefixlength',
         'suppress_ifgroup', 'goto', 'nop', 'unicast', 'local', 'broadcast', 'blackhole',
         'unreachable', 'prohibit', 'throw', 'multicast', 'anycast', 'nat', 'main', 'default',
         'all', 'proto', 'scope', 'metric', 'src', 'via', 'dev', 'onlink', 'get', 'mark',
         'connected', 'kernel', 'boot', 'static', 'host', 'link', 'global', '100', '253', '254',
         '255', '32766', '32767',
         # the sysctls of routing and ARP
         'net.ipv4.conf.all.rp_filter=1', 'net.ipv4.conf.all.rp_filter=2', 'rp_filter',
         'accept_local', 'send_redirects', 'proxy_arp', 'arp_ignore', 'arp_announce',
         'arp_filter', 'net.ipv4.conf.default.', 'net.ipv4.conf.all.', 'net.ipv4.ip_default_ttl',
         # nc (netcat-openbsd)
         'nc', '-l', '-u', '-z', '-v', '-vz', '-N', '-d', '-k', '-p', '-4', '-6', '-D', '-e',
         '-x', '-X', '-T', '-O', '-P', '12345', '9999', '80', '22', '65535', '65536']
def dict_line(w):
    return '"' + ''.join(c if c.isprintable() and c not in '"\\' else '\\x%02x' % ord(c) for c in w) + '"'
with open(f'{F}/scenario.dict', 'w') as f:
    f.write('# scenario words (tests/fuzz/make_seeds.py)\n')
    for w in sorted(words | set(extra)):
        f.write(dict_line(w) + '\n')
with open(f'{F}/transcript.dict', 'w') as f:
    f.write('# transcript, Markdown and batch marks (tests/fuzz/make_seeds.py)\n')
    for w in ['$ ', '```', '~~~', '```sh', '```console', '    ', '\\\n', '#', '"', "'",
              'time=0.040 ms', 'link/ether 02:00:00:00:00:01', 'fe80::', 'inet ', '@if',
              'link-netns', 'link-netnsid 0', 'rtt min/avg/max/mdev', 'route add', 'ip ',
              'Connection to ', ' port [tcp/*] succeeded!', 'nc: connect to ', ' failed: ',
              'Connection refused', '0:\tfrom all lookup local', 'from all lookup main',
              'blackhole ', 'unreachable ', 'prohibit ', 'table ']:
        f.write(dict_line(w) + '\n')
# wire: the bytes that steer a frame past the first checks
with open(f'{F}/wire.dict', 'w') as f:
    f.write('# EtherTypes, IPv4 protocol numbers, addresses and ports of the worlds (tests/fuzz/make_seeds.py)\n')
    for w in [b'\x08\x00', b'\x08\x06', b'\x45\x00', b'\x40\x00', b'\x20\x00', b'\x00\x01\x08\x00\x06\x04',
              b'\xc0\x00\x02\x01', b'\xc0\x00\x02\xfe', b'\xc6\x33\x64\x01', b'\xc6\x33\x64\xfe',
              b'\xcb\x00\x71\x01', b'\xcb\x00\x71\x02', b'\x7f\x00\x00\x01', b'\xff\xff\xff\xff',
              b'\x0a\x09\x09\x09', b'\x00\x50', b'\x27\x0f', b'\x30\x39', b'\x00\x16',
              b'\x02', b'\x12', b'\x10', b'\x11', b'\x14', b'\x18', b'\x01\x01\x08\x0a',
              b'\x02\x04\x05\xb4', b'\x04\x02', b'\x01\x03\x03\x07']:
        f.write('"' + ''.join('\\x%02x' % c for c in w) + '"\n')
