#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check Documentation/netlink/specs/*.yaml with the kernel's own ynl tools.

    scripts/check_netlink_specs.py TOP BUILD_DIR

Run by scripts/check-docs.sh (step "docs" of selftests/run_tests.sh).  The
ynl tools (tools/net/ynl) and the schemas (Documentation/netlink/*.yaml)
come from Debian's linux-source-6.12 tarball and are kept in
BUILD_DIR/ynl.  For every spec:

- ynl's spec loader validates it against the genetlink-legacy schema and
  resolves it (what "ynl --spec" does before it talks to the kernel);
- ynl-gen-c generates the UAPI header, the kernel's policy tables and ops,
  and the user space library from it;
- every number of the generated UAPI header (family name and version,
  commands, attributes, their counts) equals the one of the same name in
  include/uapi/linux/smc.h or smc_ext.h: the spec describes the ABI that
  the module and the tools are built with.

One PASS/FAIL/SKIP line per spec; exit status 1 when one failed.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

TARBALL = '/usr/src/linux-source-6.12.tar.xz'
SRC = 'linux-source-6.12'
SCHEMA = 'genetlink-legacy.yaml'


def say(status, text):
    print(f'{status} docs: {text}', flush=True)


def ynl_tree(build):
    """The extracted ynl tools and schemas, or None."""
    root = os.path.join(build, 'ynl', SRC)
    gen = os.path.join(root, 'tools/net/ynl/ynl-gen-c.py')
    if os.path.exists(gen) and os.path.exists(
            os.path.join(root, 'Documentation/netlink', SCHEMA)):
        return root
    if not os.path.exists(TARBALL):
        return None
    os.makedirs(os.path.join(build, 'ynl'), exist_ok=True)
    rc = subprocess.run(['tar', '-xJf', TARBALL, '-C',
                         os.path.join(build, 'ynl'), '--wildcards',
                         f'{SRC}/tools/net/ynl',
                         f'{SRC}/Documentation/netlink/*.yaml'],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL).returncode
    if rc or not os.path.exists(gen):
        return None
    return root


def enums(text):
    """(name, value expression) of every enumerator of a generated header.

    The value is an int where the header implies one, else the expression
    as written (counts such as "(__X_MAX - 1)").
    """
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    out = []
    for body in re.findall(r'\benum\b[^{;]*\{(.*?)\}', text, flags=re.S):
        nxt = 0
        for item in body.split(','):
            item = item.strip()
            if not item:
                continue
            name, _, expr = item.partition('=')
            name, expr = name.strip(), expr.strip()
            if not expr:
                value = nxt
            elif re.fullmatch(r'-?(0x[0-9a-fA-F]+|[0-9]+)', expr):
                value = int(expr, 0)
            else:
                value = expr
            out.append((name, value))
            nxt = value + 1 if isinstance(value, int) else None
    return out


def defines(text):
    """#define NAME VALUE lines (string or number) of a header"""
    return dict(re.findall(r'^#define\s+(\w+)\s+("[^"]*"|\d+)\s*$', text,
                           flags=re.M))


def our_defines(top):
    cpp = subprocess.run(['gcc', '-E', '-dM', '-x', 'c', '-I',
                          os.path.join(top, 'include/uapi'), '-'],
                         input='#include <linux/smc_ext.h>\n',
                         capture_output=True, text=True, check=True)
    return defines(cpp.stdout)


def compare(top, generated, ours):
    """Problems, as a list of strings; empty when the numbers agree."""
    problems = []
    for name, value in defines(generated).items():
        if name.endswith('_H'):
            continue
        if ours.get(name) != value:
            problems.append(f'{name} is {value} in the spec, '
                            f'{ours.get(name, "undefined")} in our headers')
    lines = ['#include <linux/smc_ext.h>']
    for name, value in enums(generated):
        # ynl-gen-c's own command counts; Linux's smc.h has none
        if name.endswith('CMD_MAX') or value is None:
            continue
        lines.append(f'_Static_assert({name} == {value}, '
                     f'"{name} is {value} in the spec");')
    with tempfile.NamedTemporaryFile('w', suffix='.c') as f:
        f.write('\n'.join(lines) + '\n')
        f.flush()
        cc = subprocess.run(['gcc', '-fsyntax-only', '-I',
                             os.path.join(top, 'include/uapi'), f.name],
                            capture_output=True, text=True)
    if cc.returncode:
        for line in cc.stderr.splitlines():
            m = re.search(r'error: (.*)', line)
            if m:
                problems.append(m.group(1))
    return problems


def check(top, root, tmp, spec, ours):
    name = os.path.basename(spec)
    what = (f'netlink spec {name}: ynl validates it, ynl-gen-c generates '
            f'UAPI, kernel and user code, numbers match include/uapi')
    sys.path.insert(0, os.path.join(root, 'tools/net/ynl'))
    from lib import SpecFamily  # pylint: disable=import-outside-toplevel

    schema = os.path.join(root, 'Documentation/netlink', SCHEMA)
    try:
        SpecFamily(spec, schema)
    except Exception as e:  # pylint: disable=broad-except
        say('FAIL', f'{what} ({type(e).__name__}: {str(e)[:300]})')
        return False
    # ynl-gen-c takes the schema from the spec's tree and needs a kernel
    # root (a MAINTAINERS file) above the spec
    tree = os.path.join(tmp, name)
    os.makedirs(os.path.join(tree, 'Documentation/netlink/specs'))
    open(os.path.join(tree, 'MAINTAINERS'), 'w').close()
    shutil.copy(schema, os.path.join(tree, 'Documentation/netlink'))
    copy = os.path.join(tree, 'Documentation/netlink/specs', name)
    shutil.copy(spec, copy)
    gen = os.path.join(root, 'tools/net/ynl/ynl-gen-c.py')
    out = {}
    for mode, kind in (('uapi', '--header'), ('kernel', '--header'),
                       ('kernel', '--source'), ('user', '--header'),
                       ('user', '--source')):
        dst = os.path.join(tree, f'{mode}{kind}.out')
        run = subprocess.run([sys.executable, gen, '--mode', mode, kind,
                              '--spec', copy, '-o', dst],
                             capture_output=True, text=True, timeout=120)
        if run.returncode:
            err = (run.stderr or run.stdout).strip().splitlines()
            say('FAIL', f'{what} (ynl-gen-c --mode {mode} {kind}: '
                f'{err[-1] if err else "failed"})')
            return False
        with open(dst) as f:
            out[mode + kind] = f.read()
    problems = compare(top, out['uapi--header'], ours)
    if problems:
        say('FAIL', what)
        for p in problems[:20]:
            print(f'#   {p}')
        return False
    say('PASS', what)
    return True


def main():
    top, build = sys.argv[1], sys.argv[2]
    specs = sorted(os.path.join(top, 'Documentation/netlink/specs', s)
                   for s in os.listdir(os.path.join(
                       top, 'Documentation/netlink/specs'))
                   if s.endswith('.yaml'))
    try:
        import jsonschema  # noqa: F401 pylint: disable=import-outside-toplevel,unused-import
        import yaml  # noqa: F401 pylint: disable=import-outside-toplevel,unused-import
    except ImportError as e:
        for s in specs:
            say('SKIP', f'netlink spec {os.path.basename(s)} ({e.name} '
                'missing: apt-get install python3-jsonschema python3-yaml)')
        return 0
    root = ynl_tree(build)
    if root is None:
        for s in specs:
            say('SKIP', f'netlink spec {os.path.basename(s)} (no ynl tools: '
                f'install linux-source-6.12 for {TARBALL})')
        return 0
    if not specs:
        say('FAIL', 'netlink specs: none in Documentation/netlink/specs')
        return 1
    ours = our_defines(top)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for spec in specs:
            ok = check(top, root, tmp, spec, ours) and ok
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
