/* test_resp.c: responsibility as plans write it, in its many shapes. */
#include <stdlib.h>

#include "tap.h"

/* The responsibility closing a line, as lead|...;cooperate|...;responsible|...;flags. */
static void
tail(const char *line, const char *want)
{
	struct resp r = { 0 };
	size_t end, at = resp_tail(line, strlen(line), &end, &r);
	struct buf b = { 0 };

	if (at == SIZE_MAX && resp_line(line, strlen(line), &r))
		at = 0;
	if (at == SIZE_MAX) {
		is_str("none", want, line);
		return;
	}
	strlist_join(&b, &r.lead, "|");
	buf_putc(&b, ';');
	strlist_join(&b, &r.cooperate, "|");
	buf_putc(&b, ';');
	strlist_join(&b, &r.responsible, "|");
	buf_putc(&b, ';');
	strlist_join(&b, &r.supervisors, "|");
	buf_putc(&b, ';');
	strlist_join(&b, &r.deadlines, "|");
	buf_printf(&b, ";%s%s%s", r.by_division ? "d" : "", r.separately ? "s" : "",
	    r.lead_missing ? "m" : "");
	is_str(b.s, want, line);
	buf_free(&b);
	resp_free(&r);
}

void
test_resp(void)
{
	tail("正文。(市委组织部、市合作交流办按职责分工牵头负责,市相关部门配合)",
	    "市委组织部|市合作交流办;市相关部门;;;;d");
	tail("加快推进。（区发改局牵头，区财政局、区住建局配合）", "区发改局;区财政局|区住建局;;;;");
	tail("（甲局、乙局分别牵头，丙委配合）", "甲局|乙局;丙委;;;;s");
	tail("〔责任单位：市发展改革委、市财政局按职责分工负责〕", ";;市发展改革委|市财政局;;;d");
	tail("（市教育局、市人社局牵头，市财政局及各区人民政府按职责分工负责）",
	    "市教育局|市人社局;市财政局|各区人民政府;;;;d");
	tail("推进（牵头单位：市发改委；配合单位：各县（市、区）人民政府）",
	    "市发改委;各县（市、区）人民政府;;;;");
	tail("（市发展和改革委员会牵头，市财政局和市税务局配合；2024年6月底前完成）",
	    "市发展和改革委员会;市财政局|市税务局;;;2024年6月底前完成;");
	tail("加強管理。（市財政局牽頭，市相關部門配合）", "市財政局;市相關部門;;;;");
	tail("完善机制。责任单位：市发改委、市财政局", ";;市发改委|市财政局;;;");
	tail("牵头单位：区发改局", "区发改局;;;;;");
	tail("分管领导：张三、李四", ";;;张三|李四;;");
	tail("完成时限：2023年12月底前", ";;;;2023年12月底前;");
	tail("部门分工：市商务局牵头，市财政局配合。", "市商务局;市财政局;;;;");
	tail("(牵头负责,市相关部门配合)", ";市相关部门;;;;m");
	tail("推进。（市卫生健康委、市疾控中心、市应急管理局）", ";;市卫生健康委|市疾控中心|市应急管理局;;;");
	tail("协同。（市税务局，各县、市、区政府配合）", ";市税务局|各县、市、区政府;;;;");
	tail("（区城管局牵头，各街道办事处配合", "区城管局;各街道办事处;;;;");
	tail("（区城管局牵头，区市场监管局配合））", "区城管局;区市场监管局;;;;");
	tail("支持建立储备（含支援新疆生产建设兵团十一师）", "none");
	tail("推动对口协作（合作）", "none");
	tail("（以下简称“市发改委”）", "none");
	tail("（此件公开发布）", "none");
	tail("全面深化改革（2023年底前完成）", "none");
	tail("（责任单位：待定）", "none");
	ok(resp_states_rule("列第一位的为牵头单位", strlen("列第一位的为牵头单位")), "the rule");
}
