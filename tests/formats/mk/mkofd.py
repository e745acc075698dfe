"""mkofd.py: the .ofd fixture (an invented plan, GB/T 33190 layout written by hand): python3 mkofd.py OUTDIR."""
import sys
import zipfile

OUT = sys.argv[1]
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
LEFT, WIDTH, SIZE, PITCH = 28.0, 154.0, 4.2, 7.4
ids = [100]


def nid():
    ids[0] += 1
    return ids[0]


def width(ch, size):
    return size / 2 if ord(ch) < 0x80 else size


def text_object(x, y, text, size):
    """One TextObject with one TextCode at baseline (x, y); DeltaX in the g N D form."""
    ws = [width(c, size) for c in text]
    deltas, i = [], 0
    while i < len(ws) - 1:
        j = i
        while j < len(ws) - 1 and ws[j] == ws[i]:
            j += 1
        n = j - i
        deltas.append('g %d %g' % (n, ws[i]) if n > 1 else '%g' % ws[i])
        i = j
    w = sum(ws)
    esc = text.replace('&', '&amp;').replace('<', '&lt;')
    return ('<ofd:TextObject ID="%d" Boundary="%.2f %.2f %.2f %.2f" Font="3" Size="%g">'
            '<ofd:TextCode X="0" Y="%g" DeltaX="%s">%s</ofd:TextCode></ofd:TextObject>'
            % (nid(), x, y - size, w, size * 1.2, size, size, ' '.join(deltas), esc))


def wrap(text, avail, size, indent=0.0):
    lines, cur, w = [], '', indent
    for c in text:
        if w + width(c, size) > avail + 0.01:
            lines.append(cur)
            cur, w = '', 0.0
        cur += c
        w += width(c, size)
    if cur:
        lines.append(cur)
    return lines


def page_xml(objs):
    return DECL + ('<ofd:Page %s><ofd:Template TemplateID="2" ZOrder="Background"/>'
                   '<ofd:Area><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:Area>'
                   '<ofd:Content><ofd:Layer ID="%d">%s</ofd:Layer></ofd:Content></ofd:Page>'
                   % (NS, nid(), ''.join(objs)))


def centered(text, y, size):
    w = sum(width(c, size) for c in text)
    return text_object(105 - w / 2, y, text, size)


def page_number(n):
    return centered('— %d —' % n, 280, 3.7)


PARAS = [
    '临川市推进数字政府建设三年行动实施方案',
    '为加快推进数字政府建设，提升政府治理效能和公共服务水平，结合本市实际，制定本实施方案。',
    '一、总体要求',
    '到2026年，基本建成整体协同、敏捷高效、智能精准的数字政府，政务服务事项全程网办率达到90%以上。',
    '二、重点任务',
    '（一）夯实数字基础设施。统筹全市政务云资源，2024年底前完成各部门非涉密业务系统迁移上云。（市政务服务数据管理局牵头，市财政局配合）',
    '（二）提升政务服务效能。推行“高效办成一件事”，实行一次告知、一表申请、一套材料、一窗受理。（市政务服务数据管理局、市发展改革委牵头，市有关部门配合）',
    '三、保障措施',
    '各区、各部门要把数字政府建设作为“一把手”工程，落实主体责任，细化工作举措，确保各项任务落到实处。',
]


def page1():
    objs, y = [centered(PARAS[0], 40, 6.0)], 56.0
    for text in PARAS[1:]:
        for i, line in enumerate(wrap(text, WIDTH, SIZE, indent=2 * SIZE)):
            x = LEFT + (2 * SIZE if i == 0 else 0)
            objs.append(text_object(x, y, line, SIZE))
            y += PITCH
    objs.append(page_number(1))
    return page_xml(objs)


COLS = [(20, 14, '序号'), (34, 62, '重点任务'), (96, 36, '牵头单位'), (132, 36, '配合单位'), (168, 22, '完成时限')]
ROWS = [
    ('1', '推进政务云整合，完成各部门非涉密业务系统迁移上云', '市政务服务数据管理局', '市财政局', '2024年底'),
    ('2', '完善电子政务外网，推动外网向乡镇（街道）延伸', '市政务服务数据管理局', '各区人民政府', '2025年6月'),
    ('3', '推行“高效办成一件事”，梳理高频事项集成办理清单', '市政务服务数据管理局、市发展改革委', '市有关部门', '2024年底'),
    ('4', '建设城市运行管理中心', '市城市管理局', '市应急管理局、市公安局', '2025年底'),
]


def page2():
    cs, pitch, pad = 3.7, 5.2, 1.6
    objs = [text_object(LEFT, 40, '附件', SIZE), centered('临川市数字政府建设重点任务分工表', 52, 5.0)]
    top = 60.0
    for x, w, h in COLS:
        objs.append(text_object(x + (w - len(h) * cs) / 2, top + pad + cs, h, cs))
    top += pitch + 2 * pad
    for row in ROWS:
        cells = [wrap(t, w - 2 * pad, cs) for (x, w, _), t in zip(COLS, row)]
        for (x, w, _), lines in zip(COLS, cells):
            for i, line in enumerate(lines):
                objs.append(text_object(x + pad, top + pad + cs + i * pitch, line, cs))
        top += max(len(c) for c in cells) * pitch + 2 * pad
    objs.append(text_object(LEFT, top + 12, '注：完成时限为最迟时限。', SIZE))
    objs.append(page_number(2))
    return page_xml(objs)


TEMPLATE = DECL + ('<ofd:Page %s><ofd:Content><ofd:Layer ID="3">%s</ofd:Layer></ofd:Content></ofd:Page>'
                   % (NS, centered('临川市人民政府办公厅', 18, 3.2)))
OFD = DECL + ('<ofd:OFD %s Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
              '<ofd:DocID>00000000000000000000000000000001</ofd:DocID>'
              '<ofd:Title>临川市推进数字政府建设三年行动实施方案</ofd:Title>'
              '<ofd:CreationDate>2024-03-01</ofd:CreationDate>'
              '<ofd:CustomDatas><ofd:CustomData Name="发文机关">临川市人民政府办公厅</ofd:CustomData>'
              '<ofd:CustomData Name="文号">临府办发〔2024〕5号</ofd:CustomData>'
              '<ofd:CustomData Name="成文日期">2024年2月26日</ofd:CustomData></ofd:CustomDatas>'
              '</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>' % NS)
DOCUMENT = DECL + ('<ofd:Document %s><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>'
                   '<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                   '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>'
                   '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
                   '<ofd:Pages><ofd:Page ID="10" BaseLoc="Pages/Page_0/Content.xml"/>'
                   '<ofd:Page ID="11" BaseLoc="./Pages/Page_1/Content.xml"/></ofd:Pages></ofd:Document>' % NS)
PUBLICRES = DECL + ('<ofd:Res %s BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/>'
                    '</ofd:Fonts></ofd:Res>' % NS)

with zipfile.ZipFile(OUT + '/plan.ofd', 'w') as z:
    for name, data in [('OFD.xml', OFD), ('Doc_0/Document.xml', DOCUMENT), ('Doc_0/PublicRes.xml', PUBLICRES),
                       ('Doc_0/Tpls/Tpl_0/Content.xml', TEMPLATE),
                       ('Doc_0/Pages/Page_0/Content.xml', page1()), ('Doc_0/Pages/Page_1/Content.xml', page2())]:
        info = zipfile.ZipInfo(name, date_time=(2024, 3, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data.encode('utf-8'))
