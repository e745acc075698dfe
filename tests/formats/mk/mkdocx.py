"""mkdocx.py: the .docx fixtures (an invented plan), written once: python3 mkdocx.py OUTDIR."""
import sys
import zipfile
from ooxml import p, package, run, esc, write, CT, RELS, DOCRELS, document, DECL, W

OUT = sys.argv[1]


def lvl(i, fmt, text, start=1, suff=None, restart=None):
    s = '<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/>' % (i, start, fmt)
    if restart is not None:
        s += '<w:lvlRestart w:val="%d"/>' % restart
    if suff:
        s += '<w:suff w:val="%s"/>' % suff
    return s + '<w:lvlText w:val="%s"/><w:lvlJc w:val="left"/></w:lvl>' % text


NUMBERING = (
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>' +
    lvl(0, 'chineseCounting', '%1、', suff='nothing') +
    lvl(1, 'chineseCounting', '（%2）', suff='nothing') +
    lvl(2, 'decimal', '%3.', suff='nothing') +
    lvl(3, 'decimal', '（%4）', suff='nothing') +
    lvl(4, 'decimalEnclosedCircle', '%5', suff='nothing') +
    '</w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>' +
    lvl(0, 'ideographTraditional', '%1.', suff='tab') +
    lvl(1, 'lowerLetter', '%2)', suff='tab') +
    '</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    # numId 3 shares abstract 0: it continues its counters, except where it overrides a start
    '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')

STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>'
    '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>')

TEXTBOX = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
           '<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>'
           '<w:p><w:r><w:t>公开方式：主动公开</w:t></w:r></w:p>'
           '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
           '</mc:Choice><mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
           '<w:p><w:r><w:t>公开方式：主动公开</w:t></w:r></w:p>'
           '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')

FOOTNOTE_REF = '<w:r><w:footnoteReference w:id="1"/></w:r>'


def plan():
    b = []
    b.append(p('临川市推进数字政府建设三年行动实施方案（2024—2026年）'))
    b.append(p('为加快推进数字政府建设，提升政府治理效能，结合本市实际，制定本实施方案。', extra=TEXTBOX))
    b.append(p('总体要求', style='1'))
    b.append(p('指导思想', style='2'))
    b.append(p('坚持以人民为中心，以数据赋能为主线，全面提升履职能力。', extra=FOOTNOTE_REF))
    b.append(p('主要目标', style='2'))
    b.append(p('到2026年，政务服务事项全程网办率达到90%以上。'))
    b.append(p('重点任务', num=(1, 0)))
    b.append(p('夯实数字基础设施', num=(1, 1)))
    b.append(p('推进政务云整合。统筹全市政务云资源，2024年底前完成迁移。（市政务服务数据管理局牵头，市财政局配合）', num=(1, 2)))
    b.append(p('完善电子政务外网。', num=(1, 2)))
    b.append('<w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr>'
             + run('建设全市统一的') + '<w:r><w:br/></w:r>' + run('政务外网安全管理平台。')
             + '<w:del w:id="9"><w:r><w:delText>（已删除）</w:delText></w:r></w:del>'
             + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r></w:p>')
    b.append(p('提升政务服务效能', num=(1, 1)))
    b.append(p('推行“高效办成一件事”。（市政务服务数据管理局、市发展改革委牵头，市有关部门配合）', num=(1, 2)))
    b.append(p('企业开办一件事。', num=(1, 3)))
    b.append(p('企业注销一件事。', num=(1, 3)))
    b.append(p('简化申报材料；', num=(1, 4)))
    b.append(p('压缩办理时限。', num=(1, 4)))
    b.append(p('深化“跨省通办”。（市政务服务数据管理局牵头）', num=(1, 2)))
    b.append(p('保障措施', style='1'))
    b.append(p('加强组织领导。各区、各部门要落实主体责任。', num=(1, 1)))
    b.append(p(''))
    b.append(p('附件：重点任务分工表'))
    b.append(p('附件说明', num=(3, 0)))
    b.append(p('分工表中的完成时限为最迟时限。', num=(2, 0)))
    b.append(p('涉及多个部门的，排在第一位的为牵头单位。', num=(2, 0)))
    b.append('<w:p>' + run('English words') + '<w:r><w:br/></w:r>' + run('stay apart.') + '</w:p>')
    return ''.join(b)


HEADER = p('临川市人民政府办公厅文件')
FOOTER = ('<w:p><w:r><w:t xml:space="preserve">- </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
          '<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
          '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
          '<w:r><w:t xml:space="preserve"> -</w:t></w:r></w:p>')
FOOTNOTES = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:t>数据赋能：指以数据要素驱动业务流程再造。</w:t></w:r></w:p></w:footnote>')

package(OUT + '/plan-numbered.docx', plan(), numbering=NUMBERING, styles=STYLES, header=HEADER,
        footer=FOOTER, footnotes=FOOTNOTES, title='临川市推进数字政府建设三年行动实施方案')


# The task table: 类别 merged vertically (vMerge), a note row merged across (gridSpan).
def tc(text, w=1000, vmerge=None, span=None, inner=None):
    pr = '<w:tcPr><w:tcW w:w="%d" w:type="dxa"/>' % w
    if span:
        pr += '<w:gridSpan w:val="%d"/>' % span
    if vmerge == 'restart':
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == 'continue':
        pr += '<w:vMerge/>'
    pr += '</w:tcPr>'
    paras = ''.join(p(t) for t in text.split('\n')) if text else '<w:p/>'
    return '<w:tc>%s%s%s</w:tc>' % (pr, inner or '', paras)


def tr(cells, header=False):
    pr = '<w:trPr><w:tblHeader/></w:trPr>' if header else ''
    return '<w:tr>%s%s</w:tr>' % (pr, ''.join(cells))


def tbl(rows, cols):
    grid = '<w:tblGrid>%s</w:tblGrid>' % ''.join('<w:gridCol w:w="1000"/>' for _ in range(cols))
    return '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>%s%s</w:tbl>' % (grid, ''.join(rows))


NESTED = tbl([tr([tc('2024年6月底前'), tc('完成方案')]), tr([tc('2025年底前'), tc('全面推开')])], 2)


def tasks():
    rows = [tr([tc(h) for h in ('序号', '类别', '重点任务', '牵头单位', '配合单位', '完成时限')], header=True)]
    rows.append(tr([tc('1'), tc('基础设施', vmerge='restart'), tc('推进政务云整合'),
                    tc('市政务服务数据管理局', vmerge='restart'), tc('市财政局'), tc('2024年底')]))
    rows.append(tr([tc('2'), tc('', vmerge='continue'), tc('完善电子政务外网'),
                    tc('', vmerge='continue'), tc('市委网信办\n市公安局'), tc('2025年6月')]))
    rows.append(tr([tc('3'), tc('政务服务', vmerge='restart'), tc('推行“高效办成一件事”'),
                    tc('市政务服务数据管理局、市发展改革委'), tc('市有关部门'), tc('', inner=NESTED)]))
    rows.append(tr([tc('4'), tc('', vmerge='continue'), tc('深化“跨省通办”'),
                    tc('市政务服务数据管理局'), tc(''), tc('持续推进')]))
    rows.append(tr([tc('备注：完成时限为最迟时限。', span=6)]))
    body = p('附件') + p('临川市数字政府建设重点任务分工表') + tbl(rows, 6) + p('')
    return body


package(OUT + '/tasks-merged.docx', tasks())


# Hostile: tables nested deeper than the XML parser allows, and deeper than the reader allows.
def nested(depth):
    inner = p('最里层')
    for _ in range(depth):
        inner = '<w:tbl><w:tr><w:tc>%s<w:p/></w:tc></w:tr></w:tbl>' % inner
    return inner


package(OUT + '/nested200.docx', nested(200))
package(OUT + '/nested40.docx', nested(40))

# Hostile: entity expansion ("billion laughs") in word/document.xml.
LOL = DECL + '<!DOCTYPE w:document [\n<!ENTITY lol "lol">\n' + ''.join(
    '<!ENTITY lol%d "%s">\n' % (i, ('&lol%d;' % (i - 1) if i > 1 else '&lol;') * 10) for i in range(1, 10)) + \
    ']>\n<w:document %s><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>' % W
write(OUT + '/billion-laughs.docx', [('[Content_Types].xml', CT), ('_rels/.rels', RELS),
                                     ('word/document.xml', LOL)])

# Hostile: zip bombs (bzip2 members so the fixture stays small).
ZERO = b'<' + b' ' * (100 * 1024 * 1024)
write(OUT + '/zipbomb.docx', [('[Content_Types].xml', CT), ('_rels/.rels', RELS),
                              ('word/document.xml', ZERO)], method=zipfile.ZIP_BZIP2)
SIXTY = b' ' * (60 * 1024 * 1024)
write(OUT + '/zipbomb-total.docx', [('[Content_Types].xml', CT), ('word/document.xml', document(p('小'))) ] +
      [('word/media/pad%d.bin' % i, SIXTY) for i in range(5)], method=zipfile.ZIP_BZIP2)

# Hostile: a zip bomb that lies about its size (the header says 1 KiB): only reading finds it out.
def forge_sizes(path, real, fake):
    data = bytearray(open(path, 'rb').read())
    import struct
    for sig, off in ((b'PK\x03\x04', 22), (b'PK\x01\x02', 24)):
        i = data.find(sig)
        while i >= 0:
            if struct.unpack_from('<I', data, i + off)[0] == real:
                struct.pack_into('<I', data, i + off, fake)
            i = data.find(sig, i + 4)
    open(path, 'wb').write(bytes(data))


write(OUT + '/zipbomb-forged.docx', [('[Content_Types].xml', CT), ('_rels/.rels', RELS),
                                     ('word/document.xml', ZERO)], method=zipfile.ZIP_BZIP2)
forge_sizes(OUT + '/zipbomb-forged.docx', len(ZERO), 1024)
