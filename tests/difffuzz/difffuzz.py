#!/usr/bin/env python3
"""Differential fuzzing of command lines: nspath's words against the real
ip, sysctl and ping (docs/fuzzing.md).

Lines are mutated from the golden scenarios (a word dropped, doubled,
swapped, replaced by another scenario word, abbreviated, cut; a name made
too long; a number out of range; a bad prefix; an unknown object) and run,
in batches, after the same set-up -- the textbook's router -- both by
nspath in the simulation and by the real tools inside a scratch private
mount and network namespace (unshare, its own /run/netns: nothing it names
reaches the host).  The two transcripts are compared by `nspath diff`
(times, MACs, ifindexes masked).  Lines nspath says it cannot run are
counted apart (and left out before the comparison, so that what they change
on the kernel does not make later lines differ).  A difference matching
tests/difffuzz/deliberate.txt is deliberate (the reason is written there),
one matching known.txt is found and not fixed yet; any other is reported
and fails the run.

Lines that could reach outside the scratch namespaces are never generated:
sysctl writes only to net.ipv4 / net.ipv6.conf keys (per namespace) and no
-p/--system; no `netns PID`, `netns attach`, no other program under
`ip netns exec`; pings are made short (-c 1, -W 0.2).

usage: difffuzz.py NSPATH --lines N [--seed S] [--batch B] [--report FILE]
       difffuzz.py NSPATH --file LINES   (those lines, after the set-up, as they are)
Root needed (unshare).  Exit 0 when no unexplained difference was seen."""
import argparse, glob, os, random, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))

SETUP = """ip netns add ns1
ip netns add router
ip netns add ns2
ip link add ns1-veth0 type veth peer name gw-veth0
ip link add ns2-veth0 type veth peer name gw-veth1
ip link set ns1-veth0 netns ns1
ip link set gw-veth0 netns router
ip link set gw-veth1 netns router
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec router ip link set gw-veth0 up
ip netns exec router ip link set gw-veth1 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
ip netns exec router ip address add 192.0.2.254/24 dev gw-veth0
ip netns exec router ip address add 198.51.100.254/24 dev gw-veth1
ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0
ip netns exec ns1 ip route add default via 192.0.2.254
ip netns exec ns2 ip route add default via 198.51.100.254
ip netns exec router sysctl -w net.ipv4.ip_forward=1
""".splitlines()
NAMESPACES = ['ns1', 'router', 'ns2']
TOOLS = ('ip', 'ping', 'sysctl', 'nc', 'iptables')
# nc's options that stay inside the namespaces: no unix sockets (-U), proxies
# (-x, -X), passed descriptors (-F), intervals (-i); -w is kept short
NC_OPTS_SAFE = {'-4', '-d', '-D', '-k', '-l', '-n', '-N', '-u', '-v', '-z', '-w', '-s', '-p', '-q',
                '-M', '-m', '-O', '-I', '-t', '-C', '-b', '-vz', '-zv', '-nv', '-vn', '-uv', '-vu'}


def seed_lines():
    out = []
    for f in sorted(glob.glob(os.path.join(TOP, 'tests/scenarios/*.sh'))):
        for line in open(f, encoding='utf-8'):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            line = re.sub(r'^(\$ )?(sudo )?', '', line)
            if line.split()[0] in TOOLS and '-batch' not in line:
                out.append(line)
    return out


def retarget(words, rng):
    """Namespaces named in the seeds become the set-up's."""
    w = list(words)
    end = w.index('nc') if 'nc' in w else len(w) - 1   # nc's -n is "numeric"
    for i in range(min(end, len(w) - 1)):
        if w[i] in ('exec', '-n', '-netns', 'netns') and rng.random() < 0.9 and i + 1 < len(w) \
                and not w[i + 1].isdigit() and w[i + 1] not in ('add', 'del', 'delete', 'list', 'exec'):
            w[i + 1] = rng.choice(NAMESPACES)
    return w


def mutate(words, vocab, rng):
    w = list(words)
    for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
        if not w:
            break
        i = rng.randrange(len(w))
        m = rng.randrange(11)
        if m == 0 and len(w) > 1:
            del w[i]                                   # a word missing
        elif m == 1:
            w.insert(i, w[i])                          # a word twice
        elif m == 2 and i + 1 < len(w):
            w[i], w[i + 1] = w[i + 1], w[i]            # wrong order
        elif m == 3:
            w[i] = rng.choice(vocab)                   # another word
        elif m == 4 and len(w[i]) > 1:
            w[i] = w[i][:rng.randrange(1, len(w[i]))]  # abbreviated
        elif m == 5:
            w[i] = w[i] + 'x' * rng.choice([1, 8, 16, 300])  # over-long
        elif m == 6:
            nums = [k for k, x in enumerate(w) if re.search(r'\d', x)]
            if nums:
                k = rng.choice(nums)
                w[k] = re.sub(r'\d+', lambda _: rng.choice(
                    ['256', '-1', '0', '65536', '4294967296', '99999999999', '33', '1e3']), w[k], count=1)
        elif m == 7:
            pre = [k for k, x in enumerate(w) if '/' in x or re.match(r'^\d+\.\d+', x)]
            if pre:
                k = rng.choice(pre)
                w[k] = rng.choice(['10.0.0.0/33', '10.0.0.1/24', '1.2.3', '1.2.3.4.5', '300.1.1.1',
                                   '10.0.0.0/-1', 'default', '0/0', '::1', 'abc', '10.0.0.0/8/8'])
        elif m == 8:
            w[i] = rng.choice(['foo', 'help', 'lnk', 'addr', 'rou', 'neigh', 'netns', 'show',
                               'list', 'flush', 'get', 'replace', 'change', 'append'])
        elif m == 9:
            w = w[:i + 1]                              # cut short
        else:
            w.insert(i, rng.choice(vocab))
    return w


def safe(words):
    """True when the line cannot reach outside the scratch namespaces."""
    line = ' '.join(words)
    if not words or words[0] not in TOOLS or any(c in line for c in '|;&$`<>(){}\\*?[]~!"\''):
        return False
    for i, x in enumerate(words):
        if x in ('attach', 'pid', '-p', '--load', '--system', '-f', '--file', '-batch', '--batch',
                 '-b', 'exec') and not (x == 'exec' and i >= 2 and words[i - 1] == 'netns'):
            if not (x in ('-p', '-f', '-b') and words[0] == 'ping' and 'sysctl' not in words):
                return False
        if x in ('netns', 'exec') and i + 1 < len(words) and words[i + 1].lstrip('-').isdigit():
            return False
    # what `ip netns exec NS` runs: one of the tools again, and nothing nested
    for i in range(len(words) - 3):
        if words[i:i + 2] == ['netns', 'exec'] and words[i + 3] not in TOOLS:
            return False
    if 'sysctl' in words:
        k = words.index('sysctl')
        for x in words[k + 1:]:
            if '=' in x and not re.match(r'^net\.ipv(4\.|6\.conf\.)', x):
                return False
            if x.startswith('-') and x not in ('-w', '-n', '-q', '-e', '-N', '-a', '--write', '-r'):
                return False
    if 'ping' in words:
        if '-f' in words or '-i' in words or '-l' in words:
            return False
    if 'iptables' in words:
        # --modprobe names a program iptables would run; the tables live in
        # the scratch network namespace like everything else
        k = words.index('iptables')
        if any(x == '-M' or x.startswith('--modprobe') for x in words[k + 1:]):
            return False
    if 'nc' in words:
        k = words.index('nc')
        # a server (-l): the recorder runs one typed without '&' in a second
        # terminal (tests/tools/record-shell) and nspath models that; a batch
        # run line by line has no second terminal -- the real one would hold
        # every later line until it is killed
        if any(x.startswith('-') and not x.startswith('--') and 'l' in x for x in words[k + 1:]):
            return False
        for x in words[k + 1:]:
            if x.startswith('-') and x not in NC_OPTS_SAFE and not re.match(r'^-\d+$', x):
                return False
            if '/' in x:
                return False
    return True


def shorten_nc(words):
    """nc waits 1 s at most (-w 1), with nothing on its standard input."""
    if 'nc' not in words:
        return words
    w = list(words)
    k = w.index('nc')
    for i in range(k + 1, len(w) - 1):
        if w[i] == '-w' and re.match(r'^\d+$', w[i + 1]) and int(w[i + 1]) > 1:
            w[i + 1] = '1'
    if '-w' not in w[k + 1:]:
        w[k + 1:k + 1] = ['-w', '1']
    return w


def shorten_ping(words):
    """Pings stay short: one request, 0.2 s of wait."""
    if 'ping' not in words:
        return words
    w = list(words)
    for i in range(len(w) - 1):
        if w[i] == '-c':
            w[i + 1] = '1'
        if w[i] in ('-W', '-w'):
            w[i + 1] = '0.2'
    if 'ping' not in w:
        return w
    p = w.index('ping') + 1
    if '-c' not in w:
        w[p:p] = ['-c', '1']
    if '-W' not in w:
        w[p:p] = ['-W', '0.2']
    return w


def generate(n, rng):
    seeds, out = seed_lines(), []
    vocab = sorted({x for s in seeds for x in s.split()})
    while len(out) < n:
        w = mutate(retarget(rng.choice(seeds).split(), rng), vocab, rng)
        w = shorten_nc(shorten_ping(w))
        if safe(w):
            out.append(' '.join(w))
    return out


REAL = r'''set -u
mkdir -p /run/netns && mount -t tmpfs f14-difffuzz /run/netns || exit 99
while IFS= read -r line; do
  printf '$ %s\n' "$line"
  case " $line " in
    *" nc "*) eval "timeout -s KILL 15 $line" </dev/null 2>&1 ;;
    *) eval "$line" </dev/null 2>&1 ;;
  esac
done <"$1"
'''


def unsupported_lines(nspath, lines, work):
    """The lines nspath does not run, by their number in the script: left
    out before the comparison, so that what they would have changed on the
    kernel does not make later lines differ."""
    script = os.path.join(work, 'probe.sh')
    with open(script, 'w') as f:
        f.write('\n'.join(SETUP + lines) + '\n')
    m = subprocess.run([nspath, 'run', '--no-capture', script], capture_output=True,
                       text=True, errors='replace', cwd=work)
    return {int(x) for x in re.findall(r'^[^\n]*probe\.sh:(\d+): ', m.stderr, re.M)}


# nspath runs at its default pace (9 ms of virtual time a command, the
# kernel's measured pace), not --pace 0: neighbour timers then move as on
# the kernel, whose commands here take longer still (states that depend on
# the exact time a command took stay a known class of difference).
def run_batch(nspath, lines, work):
    script = os.path.join(work, 'batch.sh')
    with open(script, 'w') as f:
        f.write('\n'.join(SETUP + lines) + '\n')
    real = os.path.join(work, 'real.sh')
    with open(real, 'w') as f:
        f.write(REAL)
    k = subprocess.run(['timeout', '300', 'unshare', '-m', '-n', '--propagation', 'private',
                        'bash', real, script], capture_output=True, text=True, errors='replace')
    with open(os.path.join(work, 'kernel.txt'), 'w') as f:
        f.write(k.stdout)
    m = subprocess.run([nspath, 'run', '--no-capture', script], capture_output=True,
                       text=True, errors='replace', cwd=work)
    with open(os.path.join(work, 'nspath.txt'), 'w') as f:
        f.write(m.stdout)
    unsupported = {int(x) for x in re.findall(r'^[^\n]*batch\.sh:(\d+): ', m.stderr, re.M)}
    d = subprocess.run([nspath, 'diff', os.path.join(work, 'kernel.txt'),
                        os.path.join(work, 'nspath.txt')], capture_output=True, text=True,
                       errors='replace')
    # `nspath diff` names a command by its line in nspath.txt; the k-th
    # command there is line k of the script (one command a line)
    tmap, k = {}, 0
    for i, line in enumerate(m.stdout.split('\n'), 1):
        if line.startswith('$ ') or line == '$':
            k += 1
            tmap[i] = k
    diffs = []
    for block in re.split(r'^(?=@@ )', d.stdout, flags=re.M):
        mm = re.match(r'@@ [^:]*:(\d+) \$ (.*)\n', block)
        if mm:
            diffs.append((tmap.get(int(mm.group(1)), 0), mm.group(2), block[mm.end():]))
        elif block.startswith('@@'):
            diffs.append((0, '(transcripts out of step)', block))
    return unsupported, diffs


def rules(name, tag):
    out = []
    for line in open(os.path.join(HERE, name), encoding='utf-8'):
        if line.strip() and not line.startswith('#'):
            pat, _, why = line.rstrip('\n').partition('\t')
            out.append((re.compile(pat), f'{tag}: {why}'))
    return out


def deliberate():
    """deliberate.txt: differences on purpose; known.txt: found, not fixed yet."""
    return rules('deliberate.txt', 'deliberate') + rules('known.txt', 'known, open')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('nspath')
    ap.add_argument('--lines', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--batch', type=int, default=40)
    ap.add_argument('--report', default=None)
    ap.add_argument('--file', default=None, help='lines to run instead of generated ones')
    ap.add_argument('--work', default=None, help='keep the last batch\'s files (kernel.txt, nspath.txt) here')
    a = ap.parse_args()
    nspath = os.path.abspath(a.nspath)
    rng = random.Random(a.seed)
    rules = deliberate()
    if a.file:
        lines = [x.rstrip('\n') for x in open(a.file, encoding='utf-8') if x.strip()]
    else:
        lines = generate(a.lines, rng)
    compared = unsupported = same = 0
    explained, unexplained = {}, []
    first = len(SETUP) + 1
    with tempfile.TemporaryDirectory(prefix='f14-difffuzz-') as tmp:
        work = a.work or tmp
        os.makedirs(work, exist_ok=True)
        for b in range(0, len(lines), a.batch):
            batch = lines[b:b + a.batch]
            skip = {u - first for u in unsupported_lines(nspath, batch, work) if u >= first}
            unsupported += len(skip)
            batch = [x for k, x in enumerate(batch) if k not in skip]
            unsup, diffs = run_batch(nspath, batch, work)
            unsup = {u for u in unsup if u >= first}
            unsupported += len(unsup)
            bad = {}
            for ln, cmd, text in diffs:
                if ln in unsup:
                    continue
                why = next((w for p, w in rules if p.search(cmd + '\n' + text)), None)
                if why:
                    explained[why] = explained.get(why, 0) + 1
                else:
                    bad[ln] = (cmd, text)
            for ln, (cmd, text) in bad.items():
                unexplained.append((cmd, text))
            compared += len(batch) - len([u for u in unsup])
            print(f'{b + len(batch)} lines: {compared} compared, {unsupported} not run by nspath, '
                  f'{sum(explained.values())} deliberate, {len(unexplained)} unexplained',
                  file=sys.stderr, flush=True)
    report = [f'lines generated: {len(lines)} (seed {a.seed})',
              f'lines compared: {compared}', f'lines nspath does not run: {unsupported}',
              f'differences explained (deliberate or known): {sum(explained.values())}',
              f'unexplained differences: {len(unexplained)}']
    for why, n in sorted(explained.items(), key=lambda x: -x[1]):
        report.append(f'  {n:6d}  {why}')
    for cmd, text in unexplained[:200]:
        report.append(f'--- $ {cmd}\n{text.rstrip()}')
    out = '\n'.join(report) + '\n'
    if a.report:
        open(a.report, 'w').write(out)
    print(out)
    return 0 if not unexplained else 1


if __name__ == '__main__':
    sys.exit(main())
