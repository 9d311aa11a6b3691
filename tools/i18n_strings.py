#!/usr/bin/python3
"""UI string table upkeep (assets/i18n/ui_en.tsv).

  tools/i18n_strings.py wrap FILE...   wrap Cyrillic string literals in Tr(...) (review the diff!)
  tools/i18n_strings.py missing        list Tr("...") strings in src/ without an English entry

The test tests/core/i18n_test.cpp does the same scan and fails on missing entries."""
import re, sys, pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIT = re.compile(r'(?<![\w)])"((?:[^"\\\n]|\\.)*)"')
CYR = re.compile('[\u0400-\u04FF]')
TR = re.compile(r'\bTr\(\s*"((?:[^"\\\n]|\\.)*)"\s*\)')

def wrap(path):
    text = path.read_text()
    out, pos = [], 0
    for m in LIT.finditer(text):
        s = m.group(1)
        before = text[max(0, m.start() - 3):m.start()]
        line_start = text.rfind('\n', 0, m.start()) + 1
        line = text[line_start:m.start()]
        if not CYR.search(s) or before.endswith('Tr(') or line.lstrip().startswith('//') or '#include' in line:
            continue
        out.append(text[pos:m.start()]); out.append('Tr("%s")' % s); pos = m.end()
    out.append(text[pos:])
    path.write_text(''.join(out))

def table():
    t = {}
    p = ROOT / 'assets/i18n/ui_en.tsv'
    if p.exists():
        for line in p.read_text().splitlines():
            if line and not line.startswith('#') and '\t' in line:
                ru, en = line.split('\t', 1)
                t[ru] = en
    return t

def missing():
    t = table(); seen = []
    for f in sorted((ROOT / 'src').rglob('*.cpp')) + sorted((ROOT / 'src').rglob('*.h')):
        for m in TR.finditer(re.sub(r'//[^\n]*', '', f.read_text())):
            s = m.group(1).replace('\\"', '"')
            if s not in t and s not in seen:
                seen.append(s); print(s)

if __name__ == '__main__':
    if sys.argv[1] == 'wrap':
        for f in sys.argv[2:]: wrap(pathlib.Path(f))
    else:
        missing()
