"""ooxml.py: write small .docx files part by part (stdlib only), deterministic bytes."""
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' \
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' \
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' \
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' \
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT_TYPES = {
    'word/document.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    'word/numbering.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml',
    'word/styles.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml',
    'word/header1.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml',
    'word/footer1.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml',
    'word/footnotes.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml',
    'docProps/core.xml': 'application/vnd.openxmlformats-package.core-properties+xml',
}


def content_types(names):
    over = ''.join('<Override PartName="/%s" ContentType="%s"/>' % (n, CT_TYPES[n]) for n in names if n in CT_TYPES)
    return DECL + ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>%s</Types>' % over)


CT = content_types(['word/document.xml'])
RELS = DECL + '''<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>'''
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
DOCREL_PARTS = [('rId1', 'numbering', 'word/numbering.xml'), ('rId2', 'styles', 'word/styles.xml'),
                ('rId3', 'header', 'word/header1.xml'), ('rId4', 'footer', 'word/footer1.xml'),
                ('rId5', 'footnotes', 'word/footnotes.xml')]


def docrels(names):
    rels = ''.join('<Relationship Id="%s" Type="%s%s" Target="%s"/>' % (i, REL, t, p[5:])
                   for i, t, p in DOCREL_PARTS if p in names)
    return DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels


DOCRELS = docrels([])
SECT_HF = '<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:footerReference w:type="default" r:id="rId4"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
SECT = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def run(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % esc(text)


def p(text, num=None, style=None, extra=''):
    ppr = ''
    if style or num:
        ppr = '<w:pPr>'
        if style:
            ppr += '<w:pStyle w:val="%s"/>' % style
        if num:
            ppr += '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % (num[1], num[0])
        ppr += '</w:pPr>'
    body = run(text) if text else ''
    return '<w:p>%s%s%s</w:p>' % (ppr, body, extra)


def document(body, sect=None):
    return DECL + '<w:document %s><w:body>%s%s</w:body></w:document>' % (W, body, sect or SECT)


def core(title):
    return DECL + ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>%s</dc:title>'
                   '<dc:creator>someone</dc:creator></cp:coreProperties>') % esc(title)


def write(path, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, 'w') as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 3, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data.encode('utf-8') if isinstance(data, str) else data)


def package(path, body, numbering=None, styles=None, header=None, footer=None,
            footnotes=None, title=None, extra=()):
    parts = [('word/document.xml', document(body, SECT_HF if header or footer else SECT))]
    if numbering:
        parts.append(('word/numbering.xml', DECL + '<w:numbering %s>%s</w:numbering>' % (W, numbering)))
    if styles:
        parts.append(('word/styles.xml', DECL + '<w:styles %s>%s</w:styles>' % (W, styles)))
    if header:
        parts.append(('word/header1.xml', DECL + '<w:hdr %s>%s</w:hdr>' % (W, header)))
    if footer:
        parts.append(('word/footer1.xml', DECL + '<w:ftr %s>%s</w:ftr>' % (W, footer)))
    if footnotes:
        parts.append(('word/footnotes.xml', DECL + '<w:footnotes %s>%s</w:footnotes>' % (W, footnotes)))
    if title:
        parts.append(('docProps/core.xml', core(title)))
    names = [n for n, _ in parts]
    rels = RELS if not title else RELS.replace('</Relationships>', '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>')
    head = [('[Content_Types].xml', content_types(names)), ('_rels/.rels', rels),
            ('word/_rels/document.xml.rels', docrels(names))]
    write(path, head + parts + list(extra))
