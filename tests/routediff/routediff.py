#!/usr/bin/env python3
"""Routing decisions against the kernel (docs/internals.md, "Routing
decisions against the kernel").

Random worlds -- veth pairs (some without carrier, some down) with
addresses, hundreds of routes over nested prefixes in several tables (by
number and by rt_tables name), every route type the model has, multipath
routes and nexthop objects, metrics, src, scope; rules with from, to, iif,
oif, fwmark[/mask], tos, pref, table, suppress_prefixlength, goto and the
blackhole/unreachable/prohibit actions -- are built by the same `ip` lines
in the simulation (one `nspath run` scenario per world: every line goes
through nspath's own parser) and on the kernel (iproute2's `ip -force
-batch` in a namespace of a scratch private mount+network namespace made
with unshare: nothing it names reaches the host).  Then random `ip route
get` queries (destinations biased to the prefixes present, random from,
iif, oif, mark, tos) are answered by both, and the printed text of every
line, queries and set-up alike, must be the same: nothing is masked.

With --broken N, N broken `ip rule` / `ip route` lines a world (a word
missing, a bad prefix, a number out of range, an unknown keyword) are run
too, each by its own `ip` on the kernel (iproute2 ends a batch on a bad
argument), and their error text compared.

usage: routediff.py NSPATH [--seed S] [--worlds W] [--queries N]
                           [--routes R] [--broken B] [--keep DIR]
Root needed (unshare); exits 77 when namespaces cannot be made here.
Prints how many worlds and queries it compared; exit 1 on any difference."""
import argparse, os, random, re, subprocess, sys, tempfile

PAIRS = 4
# Debian 12's /etc/iproute2/rt_tables names and numbers
TABLES = ['main', 'default', '10', '20', '200', '1000', '30', '254', '253', '100000']
DEVS = ['a0', 'a1', 'a2', 'a3', 'b0', 'b1', 'b2', 'b3', 'lo']
BASES = [0x0a000000, 0x0a010000, 0x0a020000, 0x0a030000, 0xac100000, 0xc0a80000,
         0xc6336400, 0xcb007100, 0x08080800]
TOS = ['0x04', '0x08', '0x10', '0x0c', '0x18', '0x1c']
# every query batch line is followed by this: its error is the marker that
# splits iproute2's output into the answers of each line
MARKER = 'link show dev rgdmark'
MARKER_TEXT = 'Device "rgdmark" does not exist.\n'


def ip(a):
    return f'{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}'


def addr_in(rng, net, plen):
    mask = (0xffffffff << (32 - plen)) & 0xffffffff if plen else 0
    return (net & mask) | (rng.getrandbits(32) & ~mask & 0xffffffff)


class World:
    def __init__(self, rng, name, nroutes):
        self.rng, self.ns, self.nroutes = rng, name, nroutes
        self.prefixes = []   # (net, plen) of the routes added
        self.nhids = []
        self.down = set()

    def chance(self, p):
        return self.rng.random() < p

    def prefix(self):
        r = self.rng
        plen = 0 if self.chance(0.03) else r.choice([8, 12, 16, 16, 20, 24, 24, 24, 25, 28, 30, 32, 32]
                                                   + list(range(8, 33)))
        if self.prefixes and self.chance(0.4):
            # nested in (or wider than) a prefix already there
            a = addr_in(r, *r.choice(self.prefixes))
        else:
            a = r.choice(BASES) | r.getrandbits(16)
        mask = (0xffffffff << (32 - plen)) & 0xffffffff if plen else 0
        return a & mask, plen

    def pfx(self, net, plen):
        return 'default' if plen == 0 and self.chance(0.5) else f'{ip(net)}/{plen}'

    def gw(self, i):
        """A gateway on a0..a3's /16 (10.i/16), now and then off-link."""
        if self.chance(0.05):
            return ip(addr_in(self.rng, 0xc0000200, 24))
        return ip(addr_in(self.rng, 0x0a000000 | i << 16, 16) | 2)

    def setup(self):
        n, out = self.ns, [f'ip netns add {self.ns}', f'ip -n {self.ns} link set lo up']
        for i in range(PAIRS):
            out.append(f'ip -n {n} link add a{i} type veth peer name b{i}')
        for i in range(PAIRS):
            out.append(f'ip -n {n} address add 10.{i}.0.1/16 dev a{i}')
            out.append(f'ip -n {n} address add 172.16.{i}.1/24 dev b{i}')
            if self.chance(0.3):
                out.append(f'ip -n {n} address add 192.168.{i}.{1 + i}/32 dev a{i}')
        # a3 up with its peer down: no carrier; b2 down: its routes go
        for i in range(PAIRS):
            out.append(f'ip -n {n} link set a{i} up')
            if i != 3 and not (i == 2 and self.chance(0.7)):
                out.append(f'ip -n {n} link set b{i} up')
            else:
                self.down.add(f'b{i}')
        sysctl = f'ip netns exec {n} sysctl -q -w net.ipv4.'
        out.append(sysctl + 'ip_forward=1')
        out.append(sysctl + f'fib_multipath_hash_seed={self.rng.randrange(1, 1 << 32)}')
        out.append(sysctl + f'fib_multipath_hash_policy={self.rng.choice([0, 1])}')
        for dev in self.rng.sample(DEVS[:8], 3):
            out.append(sysctl + f'conf.{dev}.{self.rng.choice(["rp_filter=1", "rp_filter=2", "forwarding=0", "accept_local=1", "send_redirects=0"])}')
        return out

    def nexthops(self):
        out, r = [], self.rng
        for k in range(r.randrange(3, 8)):
            nid = 100 + k
            i = r.randrange(PAIRS)
            if self.chance(0.15):
                out.append(f'nexthop add id {nid} blackhole')
            else:
                out.append(f'nexthop add id {nid} via {ip(addr_in(r, 0x0a000000 | i << 16, 16) | 2)} dev a{i}')
            self.nhids.append(nid)
        for k in range(r.randrange(1, 3)):
            members = r.sample(self.nhids[:5], 2)
            w = [f'{m},{r.randrange(1, 4)}' if self.chance(0.5) else str(m) for m in members]
            out.append(f'nexthop add id {200 + k} group {"/".join(w)}')
            self.nhids.append(200 + k)
        return out

    def route(self):
        r = self.rng
        net, plen = self.prefix()
        p = self.pfx(net, plen)
        i = r.randrange(PAIRS)
        verb = r.choices(['add', 'replace', 'append', 'prepend', 'change', 'del'], [80, 8, 5, 2, 2, 3])[0]
        t = r.random()
        if t < 0.30:
            body = f'{p} via {self.gw(i)}' + (f' dev a{i}' if self.chance(0.5) else '')
        elif t < 0.45:
            body = f'{p} dev {r.choice(DEVS[:8])}'
        elif t < 0.52:
            body = f'blackhole {p}'
        elif t < 0.59:
            body = f'unreachable {p}'
        elif t < 0.65:
            body = f'prohibit {p}'
        elif t < 0.74:
            body = f'throw {p}'
        elif t < 0.79:
            body = f'local {p} dev {r.choice(DEVS)}'
        elif t < 0.83:
            body = f'broadcast {p} dev a{i}'
        elif t < 0.91 and self.nhids:
            body = f'{p} nhid {r.choice(self.nhids)}'
        else:
            hops = ' '.join(f'nexthop via {self.gw(j)} dev a{j}' + (f' weight {r.randrange(1, 5)}' if self.chance(0.5) else '')
                            for j in r.sample(range(PAIRS), r.randrange(1, 4)))
            body = f'{p} {hops}'
        extra = []
        if self.chance(0.8):
            extra.append(f'table {r.choice(TABLES)}')
        if self.chance(0.2):
            extra.append(f'metric {r.randrange(1, 4) * 10}')
        if self.chance(0.08):
            extra.append(f'src {r.choice(["10.0.0.1", "10.1.0.1", "172.16.2.1", "10.9.9.9"])}')
        if self.chance(0.06):
            # names only: iproute2 6.1's batch mode keeps the last number
            # read as the value of the name it cached (README)
            extra.append(f'scope {r.choice(["link", "host", "global"])}')
        if self.chance(0.04):
            extra.append(f'proto {r.choice(["static", "boot", "kernel", "bird"])}')
        r.shuffle(extra)
        if 'nexthop via' in body:
            # iproute2 wants the paths last
            pre, _, hops = body.partition(' nexthop ')
            line = f'route {verb} {pre} {" ".join(extra)} nexthop {hops}'
        else:
            line = f'route {verb} {body} {" ".join(extra)}'
        self.prefixes.append((net, plen))
        return re.sub(' +', ' ', line).strip()

    def rule(self, delete=False):
        r = self.rng
        w = ['rule', 'del' if delete else 'add']
        pref = r.randrange(1, 32000)
        if self.chance(0.7) or delete:
            w += [r.choice(['pref', 'priority', 'preference']), str(pref)]
        if self.chance(0.08):
            w.append('not')
        if self.chance(0.3):
            net, plen = self.prefix()
            w += ['from', f'{ip(net)}/{plen}' if plen else 'all']
        if self.chance(0.3):
            net, plen = self.prefix()
            w += ['to', f'{ip(net)}/{plen}']
        if self.chance(0.2):
            w += ['iif', r.choice(DEVS + ['rgd9'])]
        if self.chance(0.12):
            w += ['oif', r.choice(DEVS + ['rgd9'])]
        if self.chance(0.2):
            w += ['fwmark', f'{r.randrange(1, 6)}' + (f'/0x{r.choice([1, 3, 6, 0xff]):x}' if self.chance(0.3) else '')]
        if self.chance(0.1):
            w += ['tos', r.choice(TOS)]
        a = r.random()
        if a < 0.7:
            w += [r.choice(['table', 'lookup']), r.choice(TABLES)]
            if self.chance(0.15):
                w += ['suppress_prefixlength', str(r.randrange(0, 25))]
        elif a < 0.76:
            w.append('blackhole')
        elif a < 0.82:
            w.append('unreachable')
        elif a < 0.88:
            w.append('prohibit')
        elif a < 0.96:
            w += ['goto', str(pref + r.randrange(1, 3000))]
        else:
            w.append('nop')
        return ' '.join(w)

    def query(self):
        r = self.rng
        if self.prefixes and self.chance(0.8):
            net, plen = r.choice(self.prefixes)
            dst = addr_in(r, net, plen)
            if self.chance(0.1):
                dst = net | (0 if self.chance(0.5) else ((1 << (32 - plen)) - 1 if plen else 0))
        else:
            dst = r.getrandbits(32)
        # multicast routing is not modelled: no 224/4 destinations
        if dst >> 28 == 0xe:
            dst ^= 0x80000000
        w = ['route', 'get', ip(dst)]
        iif = self.chance(0.4)
        f = r.random()
        if f < 0.3 or (iif and f < 0.92):
            if f < 0.12:
                src = 0x0a000001 | r.randrange(PAIRS) << 16
            elif self.prefixes and f < 0.2:
                src = addr_in(r, *r.choice(self.prefixes))
            else:
                src = addr_in(r, r.choice([0x0a000000, 0xac100000, 0xc0a80000]), 14)
            if src >> 28 == 0xe:
                src ^= 0x80000000
            w += ['from', ip(src)]
        if iif:
            w += ['iif', r.choice(DEVS)]
        elif self.chance(0.12):
            w += ['oif', r.choice(DEVS)]
        if self.chance(0.3):
            w += ['mark', str(r.randrange(0, 8))]
        if self.chance(0.12):
            w += ['tos', r.choice(TOS)]
        return ' '.join(w)

    def broken(self):
        """A rule or route line with one thing wrong."""
        r = self.rng
        w = (self.rule() if self.chance(0.5) else self.route()).split()
        m = r.randrange(8)
        i = r.randrange(2, len(w)) if len(w) > 2 else len(w) - 1
        if m == 0 and len(w) > 2:
            del w[i]
        elif m == 1:
            w.insert(i, w[i])
        elif m == 2:
            nums = [k for k, x in enumerate(w) if re.fullmatch(r'\d+', x)]
            if nums:
                w[r.choice(nums)] = r.choice(['256', '-1', '4294967296', '99999999999', '0x', '1e3', 'abc'])
        elif m == 3:
            pre = [k for k, x in enumerate(w) if '/' in x or re.match(r'^\d+\.', x)]
            if pre:
                w[r.choice(pre)] = r.choice(['10.0.0.0/33', '10.0.0.1/24', '1.2.3', '300.1.1.1', '1.2.3.4.5',
                                             '10.0.0.0/-1', '0/0', 'abc', '10.0.0.0/8/8'])
        elif m == 4:
            w.insert(i, r.choice(['foo', 'table', 'dev', 'via', 'pref', 'fwmark', 'tos', 'goto', 'nhid',
                                  'weight', 'realm', 'uidrange', 'ipproto', 'sport', 'l3mdev']))
        elif m == 5:
            w = w[:i]
        elif m == 6:
            w[i] = w[i][:max(1, len(w[i]) // 2)]
        else:
            w += [r.choice(['table', 'lookup', 'metric', 'tos', 'fwmark', 'iif', 'from', 'to', 'src', 'scope',
                            'proto', 'nexthop', 'weight', 'suppress_prefixlength'])]
        return ' '.join(w)


def make_world(seed, k, queries, nroutes, nbroken):
    rng = random.Random(f'{seed}/{k}')
    wd = World(rng, f'w{k}', nroutes)
    setup = wd.setup()
    body = wd.nexthops()
    for j in range(nroutes):
        body.append(wd.route())
        if j % 12 == 11:
            body.append(wd.rule(delete=wd.chance(0.15)))
    body += [wd.query() for _ in range(queries)]
    # run one by one after the batch: the listings (IPv6's routes left out,
    # the model lists only IPv4's: README), then the broken lines
    broken = ['rule show', '-4 route show table all', 'nexthop show']
    broken += [wd.broken() for _ in range(nbroken)]
    return wd, setup, body, broken


KERNEL = r'''set -u
mkdir -p /run/netns && mount -t tmpfs rgd-routediff /run/netns || exit 99
for w in "$@"; do
  while IFS= read -r line; do
    printf '$ %s\n' "$line"; eval "$line" </dev/null 2>&1
  done <"$w.setup"
  echo '@@batch'
  ip -n "$(basename "$w")" -force -batch "$w.batch" 2>&1
  echo '@@broken'
  while IFS= read -r line; do
    printf '$ %s\n' "$line"; eval "$line" </dev/null 2>&1
  done <"$w.broken"
  echo '@@end'
done
'''


def split_transcript(text):
    """`$ line` blocks -> [(line, output)]."""
    out = []
    for block in re.split(r'^(?=\$ )', text, flags=re.M):
        if block.startswith('$ '):
            cmd, _, rest = block.partition('\n')
            out.append((cmd[2:], rest))
    return out


def split_batch(text, lines, path):
    """iproute2's -force -batch output, every line followed by MARKER, into
    the output of each line."""
    out, pos = [], 0
    for n in range(len(lines)):
        end_tag = f'{MARKER_TEXT}Command failed {path}:{2 * n + 2}\n'
        e = text.find(end_tag, pos)
        if e < 0:
            return out, text[pos:]
        chunk = text[pos:e]
        own = f'Command failed {path}:{2 * n + 1}\n'
        if chunk.endswith(own):
            chunk = chunk[:-len(own)]
        out.append((lines[n], chunk))
        pos = e + len(end_tag)
    return out, text[pos:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('nspath')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--worlds', type=int, default=5)
    ap.add_argument('--queries', type=int, default=10000, help='in all, spread over the worlds')
    ap.add_argument('--routes', type=int, default=300, help='route lines a world')
    ap.add_argument('--broken', type=int, default=0, help='broken rule/route lines a world')
    ap.add_argument('--keep', default=None, help='keep the files here')
    ap.add_argument('--show', type=int, default=20, help='differences printed')
    a = ap.parse_args()
    nspath = os.path.abspath(a.nspath)
    if os.geteuid() != 0:
        print('routediff: skipped: not root')
        return 77
    if subprocess.run(['unshare', '-m', '-n', '--propagation', 'private', 'ip', 'netns', 'list'],
                      capture_output=True).returncode != 0:
        print('routediff: skipped: no private namespaces (unshare, ip netns) here')
        return 77
    per = -(-a.queries // a.worlds)
    tmp = tempfile.TemporaryDirectory(prefix='rgd-routediff-')
    work = a.keep or tmp.name
    os.makedirs(work, exist_ok=True)
    worlds = []
    for k in range(a.worlds):
        wd, setup, body, broken = make_world(a.seed, k, per, a.routes, a.broken)
        base = os.path.join(work, wd.ns)
        with open(base + '.setup', 'w') as f:
            f.write('\n'.join(setup) + '\n')
        with open(base + '.batch', 'w') as f:
            f.write(''.join(f'{x}\n{MARKER}\n' for x in body))
        with open(base + '.broken', 'w') as f:
            f.write(''.join(f'ip -n {wd.ns} {x}\n' for x in broken))
        with open(base + '.sh', 'w') as f:
            f.write('\n'.join(setup + [f'ip -n {wd.ns} {x}' for x in body + broken]) + '\n')
        worlds.append((wd, setup, body, broken, base))
    with open(os.path.join(work, 'kernel.sh'), 'w') as f:
        f.write(KERNEL)
    k = subprocess.run(['unshare', '-m', '-n', '--propagation', 'private', 'bash',
                        os.path.join(work, 'kernel.sh')] + [w[4] for w in worlds],
                       capture_output=True, text=True, errors='replace')
    if k.returncode == 99:
        print('routediff: skipped: cannot mount a private /run/netns')
        return 77
    with open(os.path.join(work, 'kernel.txt'), 'w') as f:
        f.write(k.stdout)
    kworlds = k.stdout.split('@@end\n')
    compared = queries = differ = lines = not_run = 0
    shown = 0
    for (wd, setup, body, broken, base), ktext in zip(worlds, kworlds):
        m = subprocess.run([nspath, 'run', '--no-capture', base + '.sh'], capture_output=True,
                           text=True, errors='replace', cwd=work)
        with open(base + '.nspath.txt', 'w') as f:
            f.write(m.stdout)
        # lines nspath says it cannot run: none may be among the set-up,
        # the queries and the listings; the broken lines that are (an
        # option the model does not have) are counted and left out
        first_broken = len(setup) + len(body) + 4
        unsup = {int(x) for x in re.findall(r'^[^\n]*\.sh:(\d+): ', m.stderr, re.M)}
        if any(u < first_broken for u in unsup) or (m.stderr.strip() and not unsup):
            print(f'{wd.ns}: nspath says:\n{m.stderr[:4000]}')
            differ += 1
        not_run += len(unsup)
        ks, _, rest = ktext.partition('@@batch\n')
        kb, _, kbr = rest.partition('@@broken\n')
        kernel = split_transcript(ks)
        got, left = split_batch(kb, body, base + '.batch')
        if left.strip() or len(got) != len(body):
            print(f'{wd.ns}: the kernel\'s batch output could not be split after line {len(got)}:\n{left[:2000]}')
            differ += 1
        kernel += [(f'ip -n {wd.ns} {c}', o) for c, o in got]
        kernel += split_transcript(kbr)
        model = split_transcript(m.stdout)
        if len(model) != len(kernel):
            print(f'{wd.ns}: {len(kernel)} lines on the kernel, {len(model)} in the model')
            differ += 1
        for n, ((kc, ko), (mc, mo)) in enumerate(zip(kernel, model), 1):
            if n in unsup:
                continue
            lines += 1
            if kc != mc:
                print(f'{wd.ns}: out of step: kernel "{kc}", model "{mc}"')
                differ += 1
                break
            is_query = ' route get ' in kc
            queries += is_query
            if ko != mo:
                differ += 1
                if shown < a.show:
                    shown += 1
                    print(f'--- {wd.ns} $ {kc}\n-- kernel:\n{ko}-- model:\n{mo}', end='')
        compared += 1
    print(f'routediff: seed {a.seed}: {compared} worlds, {lines} lines compared, '
          f'{queries} route get queries, {a.broken * a.worlds - not_run} broken lines '
          f'({not_run} more not run by nspath), {differ} differ')
    return 1 if differ or compared != a.worlds else 0


if __name__ == '__main__':
    sys.exit(main())
