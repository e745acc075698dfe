"""cidpdf.py: a small PDF writer for text fixtures, no reportlab: one Type0 font (Identity-H,
a CID per character used, half-width ASCII) with a ToUnicode CMap, which is all a reader
needs to extract the text; the font is not embedded. Pages are lists of runs
(x, y, size, text), y from the bottom of an A4 page."""
import zlib

A4 = (595.28, 841.89)


def width(ch):
    """A character's advance in ems: ASCII is half-width, the rest full."""
    return 0.5 if ord(ch) < 0x80 else 1.0


class Writer:
    def __init__(self):
        self.objects = []

    def add(self, body):
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data, extra=b''):
        packed = zlib.compress(data, 9)
        return self.add(b'<< /Length %d /Filter /FlateDecode %s>>\nstream\n' % (len(packed), extra)
                        + packed + b'\nendstream')

    def bytes(self, root, info):
        out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += b'%d 0 obj\n' % i + body + b'\nendobj\n'
        xref = len(out)
        out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(self.objects) + 1)
        for off in offsets:
            out += b'%010d 00000 n \n' % off
        out += (b'trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n'
                % (len(self.objects) + 1, root, info, xref))
        return bytes(out)


def utf16_hex(s):
    return s.encode('utf-16-be').hex().upper()


def to_unicode(cids):
    """The CMap from each CID back to its character, 100 entries a block."""
    lines = ['/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap',
             '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
             '/CMapName /Adobe-Identity-UCS def', '/CMapType 2 def',
             '1 begincodespacerange', '<0000> <FFFF>', 'endcodespacerange']
    items = sorted(cids.items(), key=lambda kv: kv[1])
    for i in range(0, len(items), 100):
        block = items[i:i + 100]
        lines.append('%d beginbfchar' % len(block))
        lines += ['<%04X> <%s>' % (cid, utf16_hex(ch)) for ch, cid in block]
        lines.append('endbfchar')
    lines += ['endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end']
    return '\n'.join(lines).encode('ascii')


def font(w, cids):
    half = sorted(cid for ch, cid in cids.items() if width(ch) == 0.5)
    widths = b' '.join(b'%d [500]' % cid for cid in half)
    desc = w.add(b'<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 '
                 b'/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 '
                 b'/CapHeight 880 /StemV 93 >>')
    cid = w.add(b'<< /Type /Font /Subtype /CIDFontType2 /BaseFont /STSong-Light '
                b'/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> '
                b'/FontDescriptor %d 0 R /DW 1000 /W [%s] /CIDToGIDMap /Identity >>' % (desc, widths))
    cmap = w.stream(to_unicode(cids))
    return w.add(b'<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H '
                 b'/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>' % (cid, cmap))


def content(runs, cids):
    ops = []
    for x, y, size, text in runs:
        codes = ''.join('%04X' % cids[ch] for ch in text)
        ops.append('BT /F1 %.2f Tf %.2f %.2f Td <%s> Tj ET' % (size, x, y, codes))
    return '\n'.join(ops).encode('ascii')


def write(path, pages, title):
    """Write pages (lists of runs) as a PDF whose Info names its title."""
    chars = sorted({ch for page in pages for run in page for ch in run[3]})
    cids = {ch: i + 1 for i, ch in enumerate(chars)}
    w = Writer()
    f = font(w, cids)
    tree = len(w.objects) + 1
    w.add(b'')  # the page tree, filled in below
    kids = []
    for page in pages:
        body = w.stream(content(page, cids))
        kids.append(w.add(b'<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] '
                          b'/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>'
                          % (tree, A4[0], A4[1], f, body)))
    w.objects[tree - 1] = (b'<< /Type /Pages /Count %d /Kids [%s] >>'
                           % (len(kids), b' '.join(b'%d 0 R' % k for k in kids)))
    root = w.add(b'<< /Type /Catalog /Pages %d 0 R >>' % tree)
    info = w.add(b'<< /Title <FEFF%s> /Producer (cidpdf.py) >>' % utf16_hex(title).encode('ascii'))
    with open(path, 'wb') as out:
        out.write(w.bytes(root, info))
