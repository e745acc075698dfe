"""mkbundled.py: the bundled plan's source text as a Word file, a paragraph per line, to
read back (tests/formats.test checks it gives the bundled plan's items and departments)."""
import os
import sys

from ooxml import p, package

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, '..', '..', '..', 'content', 'source',
                      'tianjin-regional-coordination-2.txt')


def main(out):
    with open(SOURCE, encoding='utf-8') as f:
        lines = [line.rstrip('\n') for line in f]
    body = ''.join(p(line) for line in lines if line.strip())
    package(os.path.join(out, 'bundled.docx'), body)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '..')
