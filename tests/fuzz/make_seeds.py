#!/usr/bin/env python3
"""Writes the seed corpora and dictionaries of tests/fuzz/ from the project's
own files: scenarios, the kernel's transcripts, batch files, Markdown, the
committed captures.  Run from the top of the tree; the output is committed.
usage: tests/fuzz/make_seeds.py"""
import glob, hashlib, os, re, struct

F = 'tests/fuzz'

def put(kind, data, name=None):
    os.makedirs(f'{F}/corpus/{kind}', exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(f'{F}/corpus/{kind}/{name}', 'wb') as f:
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

# the seeds are (re)written beside what campaigns merged into the corpora
# (tests/fuzz/campaign.sh); nothing is removed

scen = sorted(glob.glob('tests/scenarios/*.sh')) + ['examples/03-router.sh', 'tests/markdown/fixture.md']
for s in scen:
    put('scenario', open(s, 'rb').read(), os.path.basename(s))
for t in sorted(glob.glob('tests/scenarios/kernel/*.txt')):
    put('transcript', open(t, 'rb').read(), os.path.basename(t))
for t in sorted(glob.glob('tests/scenarios/batch/*.txt')):
    put('transcript', open(t, 'rb').read()[:4096], 'batch-' + os.path.basename(t))
put('transcript', open('tests/markdown/fixture.md', 'rb').read(), 'fixture.md')
frames = []
for p in sorted(glob.glob('captures/*/*.pcap')):
    data = open(p, 'rb').read()
    put('frames', data[:4096], p.split('/')[1] + '-' + os.path.basename(p))
    frames += pcap_frames(p)
seen = set()
for fr in frames:
    if fr in seen:
        continue
    seen.add(fr)
    put('proto', fr)
    put('frames', fr)
# wire: each distinct frame to each world's first devices, to its own MAC,
# and a burst of all of them into the router world
for i, fr in enumerate(sorted(seen)):
    world, dev = i % 3, i % 6
    put('wire', bytes([world, 0x80 | dev, 1]) + struct.pack('>H', len(fr)) + fr)
burst = bytes([0]) + b''.join(bytes([0x80 | (i % 4), 0]) + struct.pack('>H', len(f)) + f
                              for i, f in enumerate(sorted(seen)))
put('wire', burst[:8192], 'burst')

# dictionaries: the words of the scenarios, and Markdown's and transcripts' marks
words = set()
for s in scen:
    for line in open(s, encoding='utf-8', errors='replace'):
        for w in re.findall(r'[^\s"\']+', line):
            if len(w) <= 40:
                words.add(w)
extra = ['```', '~~~', '```sh', '```console', '```bash', '$ ', '\\\n', '#', 'sudo', '-batch',
         '-force', '-n', '-4', '-all', '--', '-c', '-i', '-s', '-W', '-w', '-t', '-I', '-M', '-q',
         '0', '65507', '1000000000', '255', '256', '/32', '/0', '/33', '-1', 'exec', 'netns']
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
              'link-netns', 'link-netnsid 0', 'rtt min/avg/max/mdev', 'route add', 'ip ']:
        f.write(dict_line(w) + '\n')
