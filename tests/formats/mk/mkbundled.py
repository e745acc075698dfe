"""mkbundled.py: the bundled plan's source text as a Word file, a paragraph per line, and as
a PDF typeset as the plan would be published: a title over two lines, paragraphs indented
and wrapped over 28-character lines without regard for sentences, a running header from
page 2 and a 一 N 一 page number at each page's outer corner. tests/formats.test reads both
back and checks they give the bundled plan's items, departments and matches."""
import os
import sys

import cidpdf
from ooxml import p, package

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, '..', '..', '..', 'content', 'source',
                      'tianjin-regional-coordination-2.txt')

# The page: A4, a 28-character measure of 16 pt (公文's 三号), 22 lines of it a page.
SIZE, MEASURE, LINES, PITCH = 16.0, 28, 22, 28.9
LEFT = (cidpdf.A4[0] - SIZE * MEASURE) / 2
TOP = cidpdf.A4[1] - 134  # the first line's baseline
TITLE_SIZE, HEADER_SIZE, FOLIO_SIZE = 22.0, 10.5, 14.0
TITLE = ('天津市建立更加有效的区域协调发展', '新机制的实施方案(征求意见稿)(2)')
HEADER = '天津市建立更加有效的区域协调发展新机制的实施方案'
NO_START = set(',.;:!?)]}、。，．：；！？）】》」』”’%')  # never first on a line: hung in the margin
NO_END = set('([{（【《「『“‘')  # never last on a line


def tokens(text):
    """Characters, except that runs of Latin letters and digits stay whole (2019, 39)."""
    out = []
    for ch in text:
        if ch.isascii() and ch.isalnum() and out and out[-1][-1].isascii() and out[-1][-1].isalnum():
            out[-1] += ch
        else:
            out.append(ch)
    return out


def ems(s):
    return sum(cidpdf.width(ch) for ch in s)


def wrap(text, indent):
    """A paragraph's lines: as many tokens as fit, closing punctuation hung, openers carried."""
    toks, lines = tokens(text), []
    while toks:
        room = MEASURE - (indent if not lines else 0)
        n, used = 0, 0.0
        while n < len(toks) and used + ems(toks[n]) <= room:
            used += ems(toks[n])
            n += 1
        n = max(n, 1)
        while n < len(toks) and toks[n] in NO_START:
            n += 1
        while n > 1 and n < len(toks) and toks[n - 1] in NO_END:
            n -= 1
        lines.append(''.join(toks[:n]))
        toks = toks[n:]
    return lines


def centred(text, size, y):
    return (cidpdf.A4[0] - ems(text) * size) / 2, y, size, text


def furniture(page, n):
    """The running header (not on the first page) and the page number at the outer corner."""
    if n > 1:
        page.append(centred(HEADER, HEADER_SIZE, cidpdf.A4[1] - 52))
    folio = '一 %d 一' % n
    x = cidpdf.A4[0] - LEFT - ems(folio) * FOLIO_SIZE if n % 2 else LEFT
    page.append((x, 56, FOLIO_SIZE, folio))


def typeset(paragraphs):
    pages, page, row = [], [], 0

    def line(text, x, size=SIZE):
        nonlocal page, row
        if row == LINES:
            pages.append(page)
            page, row = [], 0
        page.append((x, TOP - row * PITCH, size, text))
        row += 1

    for t in TITLE:
        line(t, centred(t, TITLE_SIZE, 0)[0], TITLE_SIZE)
    row += 1
    meta, body = paragraphs[1], paragraphs[2:]
    line(meta, centred(meta, SIZE, 0)[0])
    row += 1
    for para in body:
        for i, text in enumerate(wrap(para, 2)):
            line(text, LEFT + (2 * SIZE if i == 0 else 0))
    pages.append(page)
    for n, page in enumerate(pages, 1):
        furniture(page, n)
    return pages


def main(out):
    with open(SOURCE, encoding='utf-8') as f:
        lines = [line.rstrip('\n') for line in f if line.strip()]
    package(os.path.join(out, 'bundled.docx'), ''.join(p(line) for line in lines))
    cidpdf.write(os.path.join(out, 'bundled.pdf'), typeset(lines), ''.join(TITLE))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '..')
