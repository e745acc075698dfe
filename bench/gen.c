/*
 * gen.c: a synthetic planview document of about SIZE_MB megabytes (10^6 bytes), the same
 * for the same seed.
 *
 *   gen SIZE_MB SEED > plan.yaml      (copy content/tianjin-departments.yaml beside it)
 *
 * The document follows the real schema (content/README.md): version 1, half-width
 * punctuation, no final newline, the Tianjin department registry. Chapters hold 4-30
 * clauses; chapter and clause numbers are canonical Chinese numerals, unique in the
 * document (clauses count on across chapters, as in the bundled plan). Paragraphs are
 * sentences of the bundled plan, whole or spliced from their comma-separated phrases, with
 * place and department names swapped about. Attributions draw their 1-4 leads from the 13
 * registry departments with the bundled plan's frequencies; by_division when several,
 * 市相关部门 cooperates; a few clauses name nobody, a few carry the source quirks
 * (title_alone, a second attribution with lead: []). The last clause is titled
 * 健全规划终审备案制度: 终审备案 occurs nowhere else, for "search to the last match".
 *
 * Plain C99, no dependencies: a fresh machine needs only cc.
 */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numeral.h"

/* The sentences of the bundled plan (content/tianjin-regional-coordination-2.yaml). */
static const char *const sentences[] = {
	"进一步深化实施携手奔小康行动,积极构建完善大扶贫协作体系,助推甘肃省、承德市结对帮扶的39个贫困县在现行国家扶贫标准的基础上全部脱贫摘帽,稳定实现“两不愁三保障”。",
	"深入开展产业帮扶,组织企业到受援地区投资兴业、发展产业、带动就业。",
	"完善劳务输出精准对接机制,不断提高受援地区劳动力就业技能和水平,促进贫困人口来津稳定就业。",
	"加强扶贫协作双方党政干部和专业技术人员交流培训,推动人才、资金、技术向受援地区流动。",
	"全方位推动对口支援新疆和田(含支援新疆生产建设兵团十一师)、西藏昌都、青海黄南和甘肃藏区各项工作深入开展,加大民族团结和交往交流交融力度,促进对口地区社会稳定和长治久安。",
	"严格规划执行和评估优化,维护规划的严肃性、科学性。",
	"落实天津市对口支援项目及资金管理的相关要求,不断完善资金项目管理。",
	"对标国家标准,完善绩效综合考核评价体系和监督机制,做好国家绩效综合考核评价和天津市东西部扶贫和对口支援考核,不断提高对口支援实效质量,促进对口地区公共服务能力和社会事业提升,推动对口支援向更深层次、更高质量、更可持续方向发展。",
	"坚持创新引领,积极探索协作(合作)新模式,建立形成政府、企业和社会组织广泛参与的良好工作格局,助推对口协作(合作)地区经济社会全面发展。",
	"支持陕西省水源区加快推进工业清洁化生产,协助健全全流域水源保护和水资源污染治理制度,引导天津环保企业应用新技术参与污水垃圾处理设施建设、运营及管理。",
	"进一步做好重庆市万州区对口支援工作,建立和完善联席会议等工作制度,完善津渝高层互访机制,加强高层协商与沟通,集中力量做好三峡库区移民小区综合帮扶和农村扶贫开发工作。",
	"扎实推进与长春市对口合作,加强产业务实合作,协同促进民营经济发展,推动天津滨海新区、中国(天津)自由贸易试验区等成熟的改革试点经验在长春复制推广,全力建设互为产业链协同的配套区、企业转型升级的拓展区、政府深化改革的借鉴区,互为科研技术成果的转化基地、商品贸易的供应基地、干部人才交流的培训基地,打造跨区域经济协同发展的成功典范。",
	"扎实开展引滦入津上下游横向生态补偿,认真落实两省市生态补偿的协议,确保第一期协议顺利完成,在生态环境部的统一部署和指导下,继续与河北省充分沟通,积极推动第二期协议签订工作,切实保护和改善引滦入津水环境质量,保障饮用水安全,促进津冀生态环境保护协同发展,共同维护引滦入津生态环境安全。",
	"发挥政府在产销合作中的桥梁纽带作用,积极搭建合作平台,组织天津企业参加产销合作洽谈会、交易会,推动产销区企业开展实质对接。",
	"充分发挥天津市场优势和产区资源优势,通过政府引导和政策支持,努力培育一批活力强、效益好、特色优势明显的区域性粮食企业集团,作为粮食产销合作的骨干力量和重要依托。",
	"支持到产区建立一定数量的异地粮食储备和粮源基地,有效利用产区优质粮源和仓储资源。",
	"鼓励和支持天津粮食企业“走出去”、产区粮食企业“请进来”,促进企业跨区域深度融合发展。",
	"逐步形成多元化、规模化、现代化的粮食产销合作新格局,使产区粮食有稳定销路,天津粮源有可靠保障,实现更高质量、更可持续的粮食安全。",
	"加强与能源富集省市战略合作。",
	"按照“政府推动,市场运作”的原则,加快推动“外电入津”工作,全面推动落实“晋电入津”框架合作协议,充分利用蒙西至天津南和锡盟经天津至山东两条特高压交流输电通道,提高天津接纳内蒙煤电和清洁能源受电能力,探索建立与能源富集省市的市场化长效合作机制。",
	"根据国家统一部署,加快完善有利于资源集约节约利用和可持续发展的资源价格形成机制。",
	"稳步推进电力价格市场化改革,完善输配电价体系,逐步放开除公益性以外的发售电价格。",
	"按照“准许成本加合理收益”的原则,核定城市燃气管网配气价格,逐步建立灵活反映天然气市场供需变化的价格机制。",
	"在基本公共服务领域,深入推进市与区共同财政事权和支出责任划分改革,逐步建立起权责清晰、财力协调、标准合理、保障有力的基本公共服务制度体系和保障机制。",
	"规范市与区共同财政事权事项的支出责任分担方式,调整完善财政转移支付体系,基本公共服务投入向困难地区、薄弱环节、重点人群倾斜,增强区级财政基本公共服务保障能力。",
	"强化市级政府统筹职能,加大对重点生态功能区、财力困难区、社区和农村倾斜力度,推进地区间基本公共服务均等化。",
	"贯彻落实企业职工基本养老保险基金中央调剂制度,制定天津实施方案。",
	"完善基本医疗保险制度,在调整筹资水平、加强支付管理、简化经办流程、提高工作效率、加强行为监管、完善目录和协议定点机构管理等方面推出新举措。",
	"在率先实现异地就医住院联网直接结算的基础上,配合国家层面探索更高层级的统筹工作。",
	"巩固完善义务教育管理体制,强化市级统筹作用,推进各区区内城乡义务教育一体化,落实义务教育经费保障机制,推动城区优质教育资源向乡村学校辐射,加强乡村小规模学校和乡镇寄宿制学校建设,加大对贫困地区支持力度。",
	"制定天津市基本公共服务标准,细化落实国家基本公共服务质量要求,逐步建立起系统完善、层次分明、衔接配套、科学适用的基本公共服务标准体系,促进基本公共服务均等化、普惠化、便捷化水平进一步提高。",
	"推动劳务协作基地和就业扶贫车间建设,搭建春风行动、就业援助月、民营企业招聘周等求职招聘服务平台,不断拓宽东西部劳务协作和对口支援地区建档立卡贫困人口和本市困难村劳动力的就业能力和渠道,扎实推进对各区和对口支援地区就业劳务协作。",
	"充分考虑各区特点,发挥各区比较优势,提高财政、产业、土地、环保、人才等政策的精准性和有效性,因地制宜培育和激发各区发展动能。",
	"依据各区生态功能定位和资源环境承载能力,实施分区环境管控,加强基于生态保护红线、环境质量底线、资源利用上线和环境准入负面清单的生态环境战略性保护。",
	"市级财政专项转移支付继续向财力困难区和生态补偿重点区倾斜,因地制宜培育和激发区域发展动能。",
	"贯彻落实国家综合标准依法依规推动落后产能退出的工作部署,综合运用能耗、环保、质量、安全、技术等标准,退出落后产能。",
	"加快构建以人工智能为引领的战略性新兴产业体系,进一步优化工业布局,着力建设全国先进制造研发基地。",
	"实行土地利用计划差别化管理,加强建设用地规模控制和空间管控,优化城镇生活和农业生产空间布局,将京津冀一体化重大交通等基础设施项目纳入市级预留用地计划,单列下达疏解北京非首都功能承接平台新增建设用地计划指标。",
	"进一步完善市对区均衡性转移支付制度,在保障制度政策平稳过渡的基础上,结合全面推开营改增试点、全面实施绩效管理等体制政策调整,修订完善天津市市对区均衡性转移支付管理办法,建立健全资金规模稳定增长机制。",
	"综合考虑各区标准收支差、财力困难程度等因素,将转移支付资金重点向困难地区倾斜,促进各区域基本公共服务均等化。",
	"严守生态保护红线,加大市级对重点生态功能区转移支付力度,提供更多优质生态产品。",
	"加强区域规划编制前期研究,完善区域规划编制、审批和实施工作程序,实行区域规划编制审批计划管理制度,进一步健全区域规划实施机制,加强中期评估和后评估,形成科学合理、管理严格、指导有力的区域规划体系。",
	"根据国家和天津市重大战略和重大布局需要,适时编制实施新的区域规划。",
	"建立区域协调发展评价指标体系,科学客观评价区域发展的协调性,为区域政策制定和调整提供参考。",
	"引导社会智库研究发布区域协调发展指数。",
	"加快建立区域发展风险识别和预警预案制度,密切监控突出问题,预先防范和妥善应对区域发展风险。",
	"加强对各区经济运行的监测,按月通报主要经济指标完成情况,及早发现问题、解决问题。",
	"研究论证促进区域协调发展的法规制度,明确战略重点和方向,健全区域政策制定、实施、监督、评价机制,明确有关部门和各区政府在区域协调发展中的责任和义务,发挥社会组织、研究机构、企业的作用。",
	"坚持和加强党对区域协调发展工作的领导,强化各区主体责任,广泛动员全社会力量,共同推动建立更加有效的区域协调发展新机制,为实施区域协调发展战略提供强有力的保障。",
	"市委、市政府有关部门要按照职能分工,研究具体政策措施,对接国家部委及时落实有关新机制新政策,协同推动区域协调发展。",
	"市发展改革委要会同有关部门加强对区域协调发展新机制实施情况跟踪分析和协调指导,研究新情况、总结新经验、解决新问题,重大问题要及时向市委、市政府报告。",
	/* sentences naming a department, as plans do (the name is swapped below) */
	"市发展改革委要会同有关部门加强跟踪分析和协调指导,及时研究解决实施中的重大问题。",
	"市财政局要统筹安排相关资金,加大对重点领域和薄弱环节的支持力度。",
	"市发展改革委、市财政局要加强工作衔接,形成推动区域协调发展的合力。",
	"由市发展改革委牵头建立工作台账,按季度调度进展情况,并向市委、市政府报告。",
};
#define NSENT (sizeof sentences / sizeof sentences[0])

/* Names that are swapped for one another in the text. */
static const char *const places[] = {
	"甘肃省", "承德市", "河北省", "长春市", "重庆市万州区", "陕西省", "新疆和田",
	"西藏昌都", "青海黄南", "天津滨海新区", "北京", "山东", "内蒙",
};
#define NPLACES (sizeof places / sizeof places[0])

/* The registry's departments and how many clauses of the bundled plan each leads (+1). */
static const struct {
	const char *name;
	int weight;
} depts[] = {
	{ "市委组织部", 3 }, { "市合作交流办", 4 }, { "市生态环境局", 3 },
	{ "市粮食和物资局", 2 }, { "市财政局", 5 }, { "市发展改革委", 6 },
	{ "市工业和信息化局", 3 }, { "市人力社保局", 3 }, { "市医保局", 2 }, { "市教委", 2 },
	{ "市规划和自然资源局", 3 }, { "市统计局", 2 }, { "市司法局", 2 },
};
#define NDEPTS (sizeof depts / sizeof depts[0])

static const char *const verbs[] = {
	"深入实施", "深入开展", "创新开展", "完善", "建立", "健全", "提升", "提高", "推动",
	"实施", "规范", "加强", "强化", "加快推进", "着力构建", "统筹推进", "建立健全",
};
static const char *const objects[] = {
	"东西部扶贫协作", "对口支援", "对口协作(合作)", "多元化横向生态补偿机制",
	"粮食主产区与主销区之间利益补偿机制", "资源输出地与输入地之间利益补偿机制",
	"基本公共服务保障能力", "基本公共服务统筹层次", "城乡区域间基本公共服务衔接",
	"差别化的区域政策", "均衡的财政转移支付制度", "区域规划编制管理",
	"区域发展监测评估预警体系", "区域协调发展法规规章体系", "组织领导", "协调指导",
	"产业帮扶", "劳务协作", "生态环境保护协同发展", "义务教育一体化", "区域合作机制",
	"能源富集省市战略合作", "粮食产销合作", "资源价格形成机制",
};
static const char *const chapter_verbs[] = { "优化", "健全", "完善", "创新", "切实加强", "深化" };
static const char *const chapter_objects[] = {
	"区域互助机制", "区际利益补偿机制", "基本公共服务均等化机制", "区域政策调控机制",
	"区域发展保障机制", "组织实施", "区域合作机制", "市场一体化发展机制",
};
#define N(a) (sizeof (a) / sizeof (a)[0])

#define SENTINEL_TITLE "健全规划终审备案制度"

static uint64_t rng_state;

static uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int
pick(int n)
{
	return (int)(rng() % (uint64_t)n);
}

static int
chance(int percent)
{
	return pick(100) < percent;
}

/* Phrases: the sentences cut at the commas outside “” and (). */
struct phrase {
	const char *s;
	size_t len;
	int first; /* begins its sentence */
};
static struct phrase *phrases;
static size_t nphrases;

static void
split_phrases(void)
{
	phrases = malloc(4096 * sizeof *phrases);
	for (size_t i = 0; i < NSENT; i++) {
		const char *s = sentences[i], *start = s;
		size_t len = strlen(s) - strlen("。");
		int depth = 0;

		for (size_t k = 0; k <= len; k++) {
			if (k < len && strncmp(s + k, "“", 3) == 0)
				depth++;
			else if (k < len && strncmp(s + k, "”", 3) == 0)
				depth--;
			else if (k < len && s[k] == '(')
				depth++;
			else if (k < len && s[k] == ')')
				depth--;
			if (k == len || (s[k] == ',' && depth == 0)) {
				phrases[nphrases++] = (struct phrase){ start, (size_t)(s + k - start),
				    start == s };
				start = s + k + 1;
			}
		}
	}
}

/* Output, counted. */
static char *out;
static size_t outlen, outcap;
static unsigned long long total;

static void
put(const char *s, size_t len)
{
	if (outlen + len > outcap) {
		fwrite(out, 1, outlen, stdout);
		outlen = 0;
	}
	if (len > outcap) {
		fwrite(s, 1, len, stdout);
	} else {
		memcpy(out + outlen, s, len);
		outlen += len;
	}
	total += len;
}

static void
puts_(const char *s)
{
	put(s, strlen(s));
}

/* A paragraph under construction. */
static char para[1 << 16];
static size_t plen;

static void
para_add(const char *s, size_t len)
{
	if (plen + len < sizeof para) {
		memcpy(para + plen, s, len);
		plen += len;
	}
}

/* Add s[0..len), swapping place and department names now and then. */
static void
para_add_swapped(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t best = len, blen = 0;
		int kind = 0;

		for (size_t p = 0; p < NPLACES; p++) {
			const char *f = memmem(s + i, len - i, places[p], strlen(places[p]));
			if (f != NULL && (size_t)(f - s) < best) {
				best = (size_t)(f - s);
				blen = strlen(places[p]);
				kind = 1;
			}
		}
		for (size_t d = 0; d < NDEPTS; d++) {
			const char *f = memmem(s + i, len - i, depts[d].name, strlen(depts[d].name));
			if (f != NULL && ((size_t)(f - s) < best ||
			    ((size_t)(f - s) == best && strlen(depts[d].name) > blen))) {
				best = (size_t)(f - s);
				blen = strlen(depts[d].name);
				kind = 2;
			}
		}
		para_add(s + i, best - i);
		if (best == len)
			break;
		if (kind == 1 && chance(50)) {
			const char *r = places[pick(NPLACES)];
			para_add(r, strlen(r));
		} else if (kind == 2 && chance(80)) {
			const char *r = depts[pick(NDEPTS)].name;
			para_add(r, strlen(r));
		} else
			para_add(s + best, blen);
		i = best + blen;
	}
}

static void
sentence(void)
{
	if (chance(55)) {
		const char *s = sentences[pick(NSENT)];
		para_add_swapped(s, strlen(s));
		return;
	}
	/* a spliced sentence: the start of one sentence, then phrases from others */
	struct phrase *p;
	int k = 2 + pick(3);

	do
		p = &phrases[pick((int)nphrases)];
	while (!p->first);
	para_add_swapped(p->s, p->len);
	for (int i = 1; i < k; i++) {
		do
			p = &phrases[pick((int)nphrases)];
		while (p->first && chance(70));
		para_add(",", 1);
		para_add_swapped(p->s, p->len);
	}
	para_add("。", strlen("。"));
}

/* A paragraph as a YAML sequence item at `indent`. */
static void
paragraph(const char *indent)
{
	int n = 2 + pick(3) + pick(3); /* 2-6, mostly 3-5 */

	plen = 0;
	for (int i = 0; i < n; i++)
		sentence();
	puts_(indent);
	puts_("- ");
	put(para, plen);
	puts_("\n");
}

static int
pick_dept(void)
{
	static int sum;
	int r;

	if (sum == 0)
		for (size_t d = 0; d < NDEPTS; d++)
			sum += depts[d].weight;
	r = pick(sum);
	for (size_t d = 0; d < NDEPTS; d++)
		if ((r -= depts[d].weight) < 0)
			return (int)d;
	return 0;
}

static void
attribution(void)
{
	int r = pick(100), n = r < 35 ? 1 : r < 80 ? 2 : r < 92 ? 3 : 4;
	int chosen[4];

	puts_("          - lead:\n");
	for (int i = 0; i < n; i++) {
		int d, dup;

		do {
			d = pick_dept();
			dup = 0;
			for (int j = 0; j < i; j++)
				dup |= chosen[j] == d;
		} while (dup);
		chosen[i] = d;
		puts_("              - ");
		puts_(depts[d].name);
		puts_("\n");
	}
	if (n > 1)
		puts_("            by_division: true\n");
	puts_("            cooperate:\n              - 市相关部门\n");
}

static int nclause;

static void
clause(const char *title)
{
	char num[64], buf[256];
	int np = chance(70) ? 1 : chance(67) ? 2 : 3;

	cn_numeral(++nclause, num);
	puts_("      - number: ");
	puts_(num);
	puts_("\n        title: ");
	if (title == NULL) {
		snprintf(buf, sizeof buf, "%s%s", verbs[pick(N(verbs))], objects[pick(N(objects))]);
		title = buf;
	}
	puts_(title);
	puts_("\n");
	if (chance(3))
		puts_("        title_alone: true\n");
	puts_("        text:\n");
	for (int i = 0; i < np; i++)
		paragraph("          ");
	if (title == buf && !chance(7)) {
		puts_("        responsibility:\n");
		attribution();
		if (chance(1))
			puts_("          - lead: []\n            cooperate:\n              - 市相关部门\n"
			    "            own_line: true\n");
	} else
		puts_("        responsibility: []\n");
}

static int nchapter;

static void
chapter_head(const char *title)
{
	char num[64];

	cn_numeral(++nchapter, num);
	puts_("  - number: ");
	puts_(num);
	puts_("\n    title: ");
	if (title != NULL)
		puts_(title);
	else {
		puts_(chapter_verbs[pick(N(chapter_verbs))]);
		puts_(chapter_objects[pick(N(chapter_objects))]);
	}
	puts_("\n    clauses:\n");
}

int
main(int argc, char **argv)
{
	double mb;
	unsigned long long target;
	char *end;

	if (argc != 3 || (mb = strtod(argv[1], &end)) <= 0 || *end != '\0' || mb > 250) {
		fprintf(stderr, "usage: gen SIZE_MB SEED > plan.yaml   (0 < SIZE_MB <= 250)\n");
		return 2;
	}
	target = (unsigned long long)(mb * 1e6);
	rng_state = strtoull(argv[2], NULL, 10) * 0x2545f4914f6cdd1dull + 1;
	outcap = 1 << 20;
	out = malloc(outcap);
	split_phrases();

	puts_("# A synthetic planview document for the benchmark (bench/gen.c); schema: content/README.md.\n"
	    "planview: 1\n"
	    "title: 天津市建立更加有效的区域协调发展新机制的实施方案\n"
	    "status: 征求意见稿\n");
	{
		char part[64];
		snprintf(part, sizeof part, "part: \"基准%gMB\"\n", mb);
		puts_(part);
	}
	puts_("issuer: 天津市发展改革委\n"
	    "published: \"2019-11-26 10:29\"\n"
	    "category: 地方落实举措\n"
	    "departments: tianjin-departments.yaml\n"
	    "source:\n"
	    "  punctuation: half-width\n"
	    "  final_newline: false\n"
	    "chapters:\n");
	while (total < target || nchapter == 0) {
		int n = 4 + pick(27);

		chapter_head(NULL);
		for (int i = 0; i < n && (total < target || i == 0); i++)
			clause(NULL);
	}
	chapter_head("切实加强组织实施");
	clause("加强组织领导");
	clause(SENTINEL_TITLE);
	fwrite(out, 1, outlen, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen: stdout");
		return 1;
	}
	fprintf(stderr, "gen: %llu bytes, %d chapters, %d clauses\n", total, nchapter, nclause);
	return 0;
}
