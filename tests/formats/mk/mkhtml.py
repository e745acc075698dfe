"""mkhtml.py: the web page fixtures (an invented plan), written once: python3 mkhtml.py OUTDIR."""
import sys

OUT = sys.argv[1]

GBK_PAGE = '''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>临川市人民政府办公厅关于印发临川市推进数字政府建设三年行动实施方案的通知_政策文件_临川市人民政府门户网站</title>
<meta name="ArticleTitle" content="临川市人民政府办公厅关于印发临川市推进数字政府建设三年行动实施方案的通知">
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav { color: red }</style>
</head>
<body>
<div class="header"><div class="logo"><a href="/">临川市人民政府门户网站</a></div>
<div class="search"><form><input name="q"><button>搜索</button></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjlc/">走进临川</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zcwj/">政策文件</a></div>
<div class="main">
<table class="xxgk_table" border="1">
<tr><td>索&nbsp;引&nbsp;号：</td><td>11360000MB0000000X/2024-00123</td><td>主题分类：</td><td>政务公开</td></tr>
<tr><td>发布机构：</td><td>临川市人民政府办公厅</td><td>发文日期：</td><td>2024年03月01日</td></tr>
<tr><td>标　　题：</td><td colspan="3">临川市人民政府办公厅关于印发临川市推进数字政府建设三年行动实施方案的通知</td></tr>
<tr><td>文　　号：</td><td>临府办发〔2024〕5号</td><td>成文日期：</td><td>2024年02月26日</td></tr>
</table>
<h1 class="title">临川市人民政府办公厅关于印发临川市推进数字政府建设三年行动实施方案的通知</h1>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="pages_content" id="UCAP-CONTENT">
<p>各区人民政府，市政府各部门：</p>
<p>　　《临川市推进数字政府建设三年行动实施方案》已经市人民政府同意，现印发给你们，请认真组织实施。</p>
<p style="text-align:right">临川市人民政府办公厅</p>
<p style="text-align:right">2024年2月26日</p>
<p style="text-align:center"><strong>临川市推进数字政府建设三年行动实施方案</strong></p>
<p>　　为加快推进数字政府建设，提升政府治理效能，结合本市实际，制定本实施方案。</p>
<p>　　<strong>一、总体要求</strong></p>
<p>　　到2026年，政务服务事项全程网办率达到90%以上，
“一网通办”能力显著增强。</p>
<p>　　<strong>二、重点任务</strong></p>
<p>　　（一）夯实数字基础设施。推进政务云整合，<br>完善电子政务外网。（市政务服务数据管理局牵头，市财政局配合）</p>
<p>　　（二）提升政务服务效能。推行“高效办成一件事”。（市政务服务数据管理局、市发展改革委牵头，市有关部门配合）</p>
<p>附件：重点任务分工表</p>
<table border="1" cellspacing="0">
<tr><td><p>序号</p></td><td><p>类别</p></td><td><p>重点任务</p></td><td><p>牵头单位</p></td><td><p>配合单位</p></td><td><p>完成时限</p></td></tr>
<tr><td>1</td><td rowspan="2">基础设施</td><td>推进政务云整合</td><td>市政务服务数据管理局</td><td>市财政局</td><td>2024年底</td></tr>
<tr><td>2</td><td>完善电子政务外网</td><td>市政务服务数据管理局</td><td>各区人民政府</td><td>2025年6月</td></tr>
<tr><td>3</td><td>政务服务</td><td>推行“高效办成一件事”</td><td colspan="2">市政务服务数据管理局、市发展改革委</td><td>2024年底</td></tr>
</table>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a.html">临川市数字经济发展规划</a></li><li><a href="/b.html">临川市政务服务事项清单</a></li></ul></div>
</div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer"><p>主办：临川市人民政府办公厅　承办：临川市大数据中心</p><p>网站标识码：3600000001　赣ICP备00000000号</p></div>
</body></html>
'''
open(OUT + '/notice-gbk.html', 'wb').write(GBK_PAGE.encode('gb18030'))

UTF8_PAGE = '''<html>
<head><title>临川市发展改革委关于做好2024年重点项目建设工作的通知 - 临川市发展和改革委员会</title></head>
<body>
<header><nav><a href="/">网站首页</a> | <a href="/xxgk">信息公开</a> | <a href="/zcfg">政策法规</a></nav></header>
<div id="article">
<div class="info">发布时间：2024-03-05 10:30　来源：临川市发展和改革委员会　浏览次数：1024</div>
<div class="article-body">
<div>各县（区）发展改革委：</div>
<div>为做好2024年全市重点项目建设工作，现将有关事项通知如下。</div>
<div><b>一、加快项目前期工作</b></div>
<div>1. 各地要建立重点项目前期工作台账，实行清单化管理。</div>
<div>2. 对列入省重点的项目，要在6月底前完成审批手续。</div>
<div><b>二、强化要素保障</b></div>
<div>（一）用地保障。优先保障重点项目用地指标。（市自然资源局牵头）</div>
<div>（二）资金保障。积极争取中央预算内投资和地方政府专项债券。（市财政局、市发展改革委按职责分工负责）</div>
<div>Contact: project office, tel. 0794-1234567.</div>
</div>
</div>
<aside><h4>热点文章</h4><ul><li><a href="/1">临川市2023年国民经济和社会发展统计公报</a></li><li><a href="/2">关于公布第一批市级重点项目的通知</a></li></ul></aside>
<footer>版权所有：临川市发展和改革委员会 地址：临川市行政中心</footer>
</body></html>
'''
open(OUT + '/notice-utf8.html', 'wb').write(UTF8_PAGE.encode('utf-8'))
