# SPDX-License-Identifier: GPL-2.0
"""Checks of the project's documentation, called by scripts/check-docs.sh.

  check_docs.py rst FILE...        every file parses with docutils without
                                   a message at warning level or above
  check_docs.py commands TOP FILE...
                                   every command shown in a console example
                                   of FILE is run by some test

Prints one "PASS name" or "FAIL name" line per check (details as "#"
lines) and exits 1 when a check failed.

The kernel's documentation is built with Sphinx, whose directives and roles
plain docutils does not know.  The few used here are registered: toctree
and :doc: check that the documents they name exist, the others are
accepted as they are.
"""

import io
import os
import re
import shlex
import sys

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.directives.body import CodeBlock


def doc_exists(source, target):
    """A :doc: or toctree target, relative to SOURCE or to Documentation/."""
    base = os.path.dirname(os.path.abspath(source))
    if target.startswith('/'):
        top = base
        while os.path.basename(top) != 'Documentation' and top != '/':
            top = os.path.dirname(top)
        path = os.path.join(top, target.lstrip('/'))
    else:
        path = os.path.join(base, target)
    return os.path.exists(path + '.rst')


class TocTree(Directive):
    """Sphinx's toctree: only the entries are checked."""
    has_content = True
    option_spec = {
        'maxdepth': directives.unchanged, 'caption': directives.unchanged,
        'hidden': directives.flag, 'numbered': directives.unchanged,
        'glob': directives.flag, 'titlesonly': directives.flag,
        'name': directives.unchanged,
    }

    def run(self):
        source = self.state.document['source']
        out = []
        for entry in self.content:
            entry = entry.strip()
            m = re.match(r'.*<(.+)>$', entry)
            target = m.group(1) if m else entry
            if target and not doc_exists(source, target):
                out.append(self.state_machine.reporter.warning(
                    'toctree names a missing document: %s' % target,
                    line=self.lineno))
        return out


class Ignored(Directive):
    """Sphinx directives that produce nothing we can check here."""
    has_content = True
    optional_arguments = 10
    final_argument_whitespace = True
    option_spec = None

    def run(self):
        return []


def doc_role(name, rawtext, text, lineno, inliner, options=None,
             content=None):
    m = re.match(r'(?s).*<(.+)>$', text)
    target = m.group(1) if m else text
    msgs = []
    if not doc_exists(inliner.document['source'], target):
        msgs.append(inliner.reporter.warning(
            ':doc: names a missing document: %s' % target, line=lineno))
    return [nodes.literal(rawtext, text)], msgs


def literal_role(name, rawtext, text, lineno, inliner, options=None,
                 content=None):
    return [nodes.literal(rawtext, text)], []


def register():
    directives.register_directive('toctree', TocTree)
    for name in ('code-block', 'sourcecode'):
        directives.register_directive(name, CodeBlock)
    for name in ('highlight', 'kernel-doc', 'kernel-feat', 'kernel-abi',
                 'only', 'index'):
        directives.register_directive(name, Ignored)
    roles.register_local_role('doc', doc_role)
    for name in ('ref', 'c:func', 'c:type', 'c:macro', 'c:data',
                 'c:member', 'manpage', 'file', 'command', 'option',
                 'envvar', 'kbd', 'abbr'):
        roles.register_local_role(name, literal_role)


def parse(path):
    """Doctree and the text of all messages at warning level or above."""
    warnings = io.StringIO()
    with open(path, encoding='utf-8') as f:
        text = f.read()
    tree = publish_doctree(text, source_path=path, settings_overrides={
        'report_level': 2, 'halt_level': 5, 'warning_stream': warnings,
        'syntax_highlight': 'none', 'input_encoding': 'utf-8',
        'file_insertion_enabled': True, 'raw_enabled': False,
    })
    return tree, warnings.getvalue()


def cmd_rst(files):
    bad = 0
    for path in files:
        try:
            _, msgs = parse(path)
        except Exception as e:  # a crash of the parser is a failure too
            msgs = '%s: %s' % (type(e).__name__, e)
        if msgs.strip():
            bad += 1
            print('FAIL docs: %s parses without warnings' % path)
            for line in msgs.strip().splitlines():
                print('#   ' + line)
        else:
            print('PASS docs: %s parses without warnings' % path)
    return bad


# --- commands shown in the documents and the tests that run them ----------

# Filters in a pipeline only shape output; what is checked is the command
# that produces it.
FILTERS = {'grep', 'egrep', 'head', 'tail', 'sort', 'uniq', 'wc', 'less',
           'more', 'cat', 'cut', 'sed', 'awk', 'tee', 'sleep'}
SEPARATORS = {'|', '||', '&&', ';', '&'}


def doc_commands(path):
    """(line, command) for every "# " or "$ " line of a literal block."""
    tree, _ = parse(path)
    with open(path, encoding='utf-8') as f:
        source = [ln.strip() for ln in f]
    out = []
    pos = 0
    for block in tree.findall(nodes.literal_block):
        lines = block.astext().splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if not (line.startswith('# ') or line.startswith('$ ')):
                continue
            # the line number in the file, for the report
            try:
                pos = source.index(line.strip(), pos) + 1
            except ValueError:
                pass
            cmd = line[2:]
            while cmd.endswith('\\') and i < len(lines):
                cmd = cmd[:-1] + ' ' + lines[i].strip()
                i += 1
            out.append((pos, cmd.strip()))
    return out


def segments(cmd):
    """The simple commands of a command line, as token lists."""
    cmd = re.sub(r'\$\([^()]*\)', 'SUBST', cmd)
    lex = shlex.shlex(cmd, posix=True, punctuation_chars='|&;')
    lex.whitespace_split = True
    seg, out = [], []
    for tok in lex:
        if tok in SEPARATORS:
            out.append(seg)
            seg = []
        else:
            seg.append(tok)
    out.append(seg)
    return [s for s in out if s]


def signature(tokens):
    """What a test must show of a command: its program, its leading
    subcommand words, its options and the sysctl keys it names."""
    while tokens and (tokens[0] == 'sudo' or
                      re.fullmatch(r'[A-Z_][A-Z0-9_]*=.*', tokens[0])):
        tokens = tokens[1:]
    if not tokens:
        return None
    prog = os.path.basename(tokens[0])
    words, opts, keys = [], [], []
    collecting = True
    for t in tokens[1:]:
        if t.startswith('-') and len(t) > 1:
            opts.append(t.split('=', 1)[0])
        elif re.fullmatch(r'[a-z][\w-]*\.[\w.]+(=.*)?', t) and \
                prog == 'sysctl':
            keys.append(t.split('=', 1)[0])
            collecting = False
        elif collecting and re.fullmatch(r'[a-z][a-z-]*', t):
            words.append(t)
        else:
            collecting = False
    return prog, words, opts, keys


class TestCorpus:
    """The command lines of the tests, with the programs they run by
    variable ($TOOLS/smcr, "$smcr", $run) named by their file names."""

    SKIP_SUFFIXES = ('.md', '.rst', '.txt', '.o', '.ko', '.a', '.so')

    def __init__(self, dirs):
        self.files = []
        for d in dirs:
            for root, subdirs, names in os.walk(d):
                subdirs.sort()
                for n in sorted(names):
                    if n.endswith(self.SKIP_SUFFIXES):
                        continue
                    path = os.path.join(root, n)
                    try:
                        with open(path, encoding='utf-8') as f:
                            text = f.read()
                    except (UnicodeDecodeError, OSError):
                        continue
                    self.files.append((path, self.lines(path, text)))

    @staticmethod
    def lines(path, text):
        text = text.replace('\\\n', ' ')
        progs = {}
        for m in re.finditer(
                r'\b([A-Za-z_]\w*)=["\']?[^\s"\'=]*/([A-Za-z_][\w.-]*)["\']?'
                r'(?=\s|$)', text):
            progs[m.group(1)] = m.group(2)
        out = []
        for line in text.splitlines():
            s = line.strip()
            if s.startswith(('#', '*', '/*', '//')):
                continue
            for var, prog in progs.items():
                line = re.sub(r'\$\{?%s\}?(?!\w)' % var, prog, line)
            line = line.replace('"', ' ').replace("'", ' ')
            if path.endswith(('.c', '.h')):
                line = line.replace(',', ' ')
            line = re.sub(r'[`(){};|&]', ' ', line)
            toks = line.split()
            if toks:
                out.append(toks)
        return out

    @staticmethod
    def has_opt(tokens, opt):
        if opt in tokens:
            return True
        if re.fullmatch(r'-[A-Za-z0-9]', opt):
            return any(re.fullmatch(r'-[A-Za-z0-9]+', t) and opt[1] in t
                       for t in tokens)
        return False

    @staticmethod
    def has_key(tokens, key, lines):
        for t in tokens:
            k = t.split('=', 1)[0]
            if k == key:
                return True
            if '$' in k:
                # a helper that writes net.smc.$1: the file must name the
                # setting somewhere, e.g. in its table of values
                pat = re.escape(k.split('$', 1)[0]) + r'\w+'
                leaf = key[len(k.split('$', 1)[0]):]
                if re.fullmatch(pat, key) and \
                        any(leaf in ln for ln in lines):
                    return True
        return False

    def find(self, sig):
        prog, words, opts, keys = sig
        for path, lines in self.files:
            for toks in lines:
                for i, t in enumerate(toks):
                    if t.rsplit('/', 1)[-1] != prog:
                        continue
                    rest = toks[i + 1:]
                    plain = [x for x in rest if not x.startswith('-')]
                    if plain[:len(words)] != words:
                        continue
                    if not all(self.has_opt(rest, o) for o in opts):
                        continue
                    if not all(self.has_key(rest, k, lines) for k in keys):
                        continue
                    return path
        return None


def cmd_commands(top, files):
    corpus = TestCorpus([os.path.join(top, 'selftests'),
                         os.path.join(top, 'tools/smc-tools/tests')])
    bad = 0
    for path in files:
        rel = os.path.relpath(path, top)
        for line, cmd in doc_commands(path):
            for seg in segments(cmd):
                sig = signature(seg)
                if not sig or sig[0] in FILTERS:
                    continue
                shown = ' '.join([sig[0]] + sig[1] + sig[2] + sig[3])
                where = corpus.find(sig)
                if where:
                    print('PASS docs: %s: "%s" is run by %s' %
                          (rel, shown, os.path.relpath(where, top)))
                else:
                    bad += 1
                    print('FAIL docs: %s:%s: "%s" is run by no test' %
                          (rel, line, shown))
    return bad


def main(argv):
    register()
    if len(argv) >= 2 and argv[1] == 'rst':
        return 1 if cmd_rst(argv[2:]) else 0
    if len(argv) >= 3 and argv[1] == 'commands':
        return 1 if cmd_commands(argv[2], argv[3:]) else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
