#!/usr/bin/env python3
"""Fails when two files define a class, struct, union or enum of the same name in the same named
namespace (outside anonymous namespaces and other types).

Two such definitions are an ODR violation the compiler does not report: every translation unit
compiles its own one, and the linker keeps one copy of each inline member function for the whole
program. At -O3 the members are inlined and nothing shows; at -Os the web build called one topic's
Scene::~Scene() on the other topic's Scene and hung. Topics therefore prefix their type names
(CamScene, CamHomography) or use their own namespace.

Usage: unique_types.py <src-dir>... ; prints every clash and exits 1 when there is one.
"""
import collections
import os
import re
import sys

TOKEN = re.compile(
    r'\bnamespace\s*(\w+(?:::\w+)*)?\s*\{'
    r'|\b(?:struct|class|union|enum\s+class|enum\s+struct|enum)\s+(\w+)(?!\s*::)\s*(?:final\s*)?(?::[^{;()]*)?\{'
    r'|[{}]')


def strip(text):
    """Comments, strings and character literals out, so braces in them do not count."""
    text = re.sub(r'//[^\n]*', '', text)
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    text = re.sub(r'R"(\w*)\((?:.|\n)*?\)\1"', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    return re.sub(r"'(?:\\.|[^'\\\n])*'", "''", text)


def definitions(path):
    """(namespace, name) of every type defined at namespace scope in a named namespace."""
    with open(path, encoding='utf-8') as f:
        text = strip(f.read())
    stack = []  # ('ns', name) | ('type', name) | ('block', '')
    for m in TOKEN.finditer(text):
        token = m.group(0)
        if token.startswith('namespace'):
            stack.append(('ns', m.group(1) or ''))
        elif m.group(2):
            at_namespace_scope = all(kind == 'ns' for kind, _ in stack)
            anonymous = any(kind == 'ns' and not name for kind, name in stack)
            if at_namespace_scope and not anonymous:
                yield '::'.join(name for _, name in stack), m.group(2)
            stack.append(('type', m.group(2)))
        elif token == '{':
            stack.append(('block', ''))
        elif stack:
            stack.pop()


def main(roots):
    where = collections.defaultdict(set)
    files = 0
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                if name.endswith(('.h', '.hpp', '.cpp', '.inc')):
                    path = os.path.join(folder, name)
                    files += 1
                    for key in definitions(path):
                        where[key].add(os.path.relpath(path, os.path.dirname(root.rstrip('/'))))
    clashes = {key: paths for key, paths in where.items() if len(paths) > 1}
    for (ns, name), paths in sorted(clashes.items()):
        print(f'{ns}::{name} is defined in {len(paths)} files: {", ".join(sorted(paths))}')
    if files == 0:
        print('no sources found under', roots)
        return 1
    print(f'{len(where)} types in {files} files, {len(clashes)} defined twice')
    return 1 if clashes else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:] or ['src']))
