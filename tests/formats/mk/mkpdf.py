"""mkpdf.py: the .pdf fixtures (an invented plan), written once: python3 mkpdf.py OUTDIR.

A text PDF with a running header, page numbers "- N -" and a task table that runs over a page
with its header row repeated; a scanned PDF (an image, no text); a truncated PDF.
"""
import sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import SimpleDocTemplate, Paragraph, Table, TableStyle, PageBreak, Spacer
from reportlab.pdfgen import canvas

OUT = sys.argv[1]
pdfmetrics.registerFont(UnicodeCIDFont('STSong-Light'))
FONT = 'STSong-Light'
BODY = ParagraphStyle('body', fontName=FONT, fontSize=12, leading=20, firstLineIndent=24,
                      wordWrap='CJK')
TITLE = ParagraphStyle('title', fontName=FONT, fontSize=18, leading=28, alignment=1,
                       spaceAfter=12, wordWrap='CJK')
FLUSH = ParagraphStyle('flush', parent=BODY, firstLineIndent=0)
CELL = ParagraphStyle('cell', fontName=FONT, fontSize=10.5, leading=14, wordWrap='CJK')
CENTER = ParagraphStyle('center', parent=CELL, alignment=1)


def furniture(c, doc):
    c.saveState()
    c.setFont(FONT, 9)
    c.drawCentredString(A4[0] / 2, A4[1] - 15 * mm, '临川市人民政府办公厅')
    c.setFont(FONT, 10.5)
    c.drawCentredString(A4[0] / 2, 15 * mm, '- %d -' % doc.page)
    c.restoreState()


PLAN = [
    ('title', '临川市推进数字政府建设三年行动实施方案'),
    ('body', '为加快推进数字政府建设，提升政府治理效能和公共服务水平，根据国家和省有关部署要求，结合本市实际，制定本实施方案。'),
    ('body', '一、总体要求'),
    ('body', '（一）指导思想。坚持以人民为中心的发展思想，以数据赋能为主线，以改革创新为动力，全面提升政府履职数字化、智能化水平，为建设现代化城市提供有力支撑。'),
    ('body', '（二）主要目标。到2026年，基本建成整体协同、敏捷高效、智能精准、开放透明、公平普惠的数字政府，政务服务事项全程网办率达到90%以上，“一网通办”“一网统管”“一网协同”能力显著增强。'),
    ('body', '二、重点任务'),
    ('body', '（一）夯实数字基础设施'),
    ('body', '1.推进政务云整合。统筹全市政务云资源，2024年底前完成各部门非涉密业务系统迁移上云，实现资源集约共享、按需调度。（市政务服务数据管理局牵头，市财政局配合）'),
    ('body', '2.完善电子政务外网。扩大外网覆盖范围，推动外网向乡镇（街道）、村（社区）延伸，建设全市统一的外网安全管理平台。（市政务服务数据管理局牵头，各区人民政府负责）'),
    ('body', '（二）提升政务服务效能'),
    ('body', '1.推行“高效办成一件事”。围绕企业和群众全生命周期，梳理一批高频事项集成办理清单，实行一次告知、一表申请、一套材料、一窗受理。（市政务服务数据管理局、市发展改革委牵头，市有关部门配合）'),
    ('body', '2.深化“跨省通办”。拓展与长三角、粤港澳大湾区等地区的通办事项，推动更多事项异地可办、就近能办。（市政务服务数据管理局牵头）'),
    ('body', '三、保障措施'),
    ('body', '（一）加强组织领导。各区、各部门要把数字政府建设作为“一把手”工程，落实主体责任，细化工作举措，确保各项任务落到实处。'),
    ('body', '（二）强化资金保障。市财政局要统筹安排数字政府建设资金，提高资金使用效益。'),
    ('flush', '附件：临川市数字政府建设重点任务分工表'),
]

TASKS = [
    ('1', '推进政务云整合，完成各部门非涉密业务系统迁移上云', '市政务服务数据管理局', '市财政局', '2024年底'),
    ('2', '完善电子政务外网，推动外网向乡镇（街道）、村（社区）延伸', '市政务服务数据管理局', '各区人民政府', '2025年6月'),
    ('3', '建设全市统一的外网安全管理平台', '市委网信办', '市公安局、市政务服务数据管理局', '2025年底'),
    ('4', '推行“高效办成一件事”，梳理高频事项集成办理清单', '市政务服务数据管理局、市发展改革委', '市有关部门', '2024年底'),
    ('5', '深化“跨省通办”，拓展与长三角、粤港澳大湾区等地区的通办事项', '市政务服务数据管理局', '市有关部门', '持续推进'),
    ('6', '建设城市运行管理中心，实现城市运行“一屏统览”', '市城市管理局', '市应急管理局、市公安局', '2025年底'),
    ('7', '推进公共数据开放，编制公共数据开放目录', '市政务服务数据管理局', '市有关部门', '2024年9月'),
    ('8', '完善数据共享交换平台，推动部门间数据按需共享', '市政务服务数据管理局', '市有关部门', '2025年6月'),
    ('9', '推广电子证照应用，实现高频证照免提交', '市政务服务数据管理局', '市公安局、市市场监管局', '2025年底'),
    ('10', '建设“12345”政务服务便民热线知识库', '市政务服务数据管理局', '市有关部门', '2024年底'),
    ('11', '开展数字政府建设评估，形成年度评估报告', '市发展改革委', '市政务服务数据管理局', '每年12月'),
    ('12', '加强数字政府安全保障，开展网络安全攻防演练', '市委网信办', '市公安局', '每年'),
    ('13', '加强数字素养培训，每年组织专题培训不少于2次', '市委组织部', '市人力资源社会保障局', '每年'),
    ('14', '推进“互联网+监管”，建设统一的综合监管平台', '市市场监管局', '市有关部门', '2025年底'),
    ('15', '推行电子印章统一管理，实现跨部门互信互认', '市政务服务数据管理局', '市公安局', '2024年底'),
    ('16', '建设基层治理数字化平台，推动数据向基层回流', '市委政法委', '市民政局、各区人民政府', '2025年底'),
    ('17', '完善“一件事一次办”线下专窗，提供帮办代办服务', '各区人民政府', '市政务服务数据管理局', '2024年9月'),
    ('18', '推动政务服务向移动端延伸，上线“掌上办”事项1000项以上', '市政务服务数据管理局', '市有关部门', '2025年底'),
    ('19', '建立数字政府建设项目统筹管理机制', '市发展改革委', '市财政局、市政务服务数据管理局', '2024年6月'),
    ('20', '开展数字政府建设典型案例评选推广', '市政务服务数据管理局', '各区人民政府', '每年'),
]


def plan_pdf(path):
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm,
                            topMargin=30 * mm, bottomMargin=30 * mm, title='临川市推进数字政府建设三年行动实施方案',
                            author='', creator='', subject='')
    story = []
    for kind, text in PLAN:
        story.append(Paragraph(text, {'title': TITLE, 'body': BODY, 'flush': FLUSH}[kind]))
    story.append(Paragraph('附件', FLUSH))
    story.append(Paragraph('临川市数字政府建设重点任务分工表', TITLE))
    head = [Paragraph(h, CENTER) for h in ('序号', '重点任务', '牵头单位', '配合单位', '完成时限')]
    rows = [head] + [[Paragraph(c, CENTER if i in (0, 4) else CELL) for i, c in enumerate(r)] for r in TASKS]
    t = Table(rows, colWidths=[14 * mm, 62 * mm, 36 * mm, 36 * mm, 22 * mm], repeatRows=1)
    t.setStyle(TableStyle([('GRID', (0, 0), (-1, -1), 0.5, '#000000'),
                           ('VALIGN', (0, 0), (-1, -1), 'MIDDLE'),
                           ('TOPPADDING', (0, 0), (-1, -1), 4), ('BOTTOMPADDING', (0, 0), (-1, -1), 4)]))
    story.append(t)
    story.append(Spacer(1, 12))
    story.append(Paragraph('注：完成时限为最迟时限。', BODY))
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


def scanned_pdf(path):
    from PIL import Image, ImageDraw
    img = Image.new('1', (200, 120), 1)
    d = ImageDraw.Draw(img)
    for y in range(10, 110, 12):
        d.line((10, y, 190, y), fill=0)
    img.save('/tmp/scan.png')
    c = canvas.Canvas(path, pagesize=A4)
    c.drawImage('/tmp/scan.png', 20 * mm, 150 * mm, width=170 * mm, height=100 * mm)
    c.showPage()
    c.save()


plan_pdf(OUT + '/plan-tasks.pdf')
scanned_pdf(OUT + '/scanned.pdf')
data = open(OUT + '/plan-tasks.pdf', 'rb').read()
open(OUT + '/truncated.pdf', 'wb').write(data[:len(data) * 2 // 5])
