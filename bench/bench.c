/*
 * bench.c: planview's figures for bench/run, measured through the public headers of
 * tui/plan/plan.h and tui/reader/reader.h (linked against the layers' libraries). Every subcommand prints lines of
 * "key value" (or "key index field value") for the script to pick up.
 *
 *   bench load FILE                 library_load: time, peak RSS, file size
 *   bench yamlparse FILE            bare libyaml event parse of FILE: the floor for the loader
 *   bench search FILE PATTERN...    in-memory search over the reader's blocks, per pattern,
 *                                   and the latency of each keystroke while typing it
 *   bench layout FILE WIDTH...      the cost of a full relayout at each width
 *   bench numcheck MAX              numeral_parse/numeral_format against bench/numeral.h
 *   bench tmuxwait SOCKET TARGET TIMEOUT_MS COMMAND COND...
 *                                   send a tmux COMMAND, then poll the pane (through one
 *                                   control-mode client, no fork per poll) until every
 *                                   COND holds: +TEXT must show, -TEXT must not; prints ms
 */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <yaml.h>

#include "plan/plan.h"
#include "reader/reader.h"
#include "numeral.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long
maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static long long
file_size(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return (long long)st.st_size;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static struct document *
load(const char *path, struct library **libp, double *ms)
{
	struct library *lib = library_create();
	struct diags diags = { 0 };
	double t0;
	int rc;

	lib->no_cache = true; /* the parse, not a snapshot: the cold load */
	t0 = now_ms();
	rc = library_load(lib, path, &diags);

	*ms = now_ms() - t0;
	if (rc != 0 || lib->ndocs == 0) {
		diags_print(&diags, stderr);
		fprintf(stderr, "bench: %s: not loaded\n", path);
		exit(2);
	}
	diags_free(&diags);
	*libp = lib;
	return lib->docs[lib->ndocs - 1];
}

/* load FILE: one library_load in a fresh process, so ru_maxrss is the load's peak. */
static int
cmd_load(int argc, char **argv)
{
	struct library *lib;
	struct document *doc;
	long long size;
	long before;
	double ms;

	if (argc != 1)
		return 2;
	size = file_size(argv[0]);
	before = maxrss_kb();
	doc = load(argv[0], &lib, &ms);
	printf("bytes %lld\n", size);
	printf("load_ms %.3f\n", ms);
	printf("mb_per_s %.2f\n", (double)size / 1e6 / (ms / 1e3));
	printf("rss_before_kb %ld\n", before);
	printf("maxrss_kb %ld\n", maxrss_kb());
	{
		size_t items = 0;

		for (size_t i = 0; i < doc->nnodes; i++)
			items += doc->nodes[i].kind == NODE_ITEM;
		printf("nodes %zu\n", doc->nnodes);
		printf("clauses %zu\n", items); /* headings and items: the generator's chapters and clauses */
	}
	library_free(lib);
	return 0;
}

/* yamlparse FILE: libyaml's events over the file, each deleted: what any loader must pay. */
static int
cmd_yamlparse(int argc, char **argv)
{
	yaml_parser_t parser;
	yaml_event_t event;
	long long size, events = 0;
	double t0, ms;
	FILE *fp;
	int done = 0;

	if (argc != 1)
		return 2;
	size = file_size(argv[0]);
	t0 = now_ms();
	if ((fp = fopen(argv[0], "rb")) == NULL) {
		perror(argv[0]);
		return 2;
	}
	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "bench: yaml_parser_initialize failed\n");
		return 2;
	}
	yaml_parser_set_input_file(&parser, fp);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "bench: %s: %s at line %zu\n", argv[0],
			    parser.problem ? parser.problem : "parse error",
			    parser.problem_mark.line + 1);
			return 2;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		events++;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	ms = now_ms() - t0;
	printf("bytes %lld\n", size);
	printf("events %lld\n", events);
	printf("parse_ms %.3f\n", ms);
	printf("mb_per_s %.2f\n", (double)size / 1e6 / (ms / 1e3));
	printf("maxrss_kb %ld\n", maxrss_kb());
	return 0;
}

/*
 * Search every block of the page the way the find engine (reader/scan.c) does; stop at the
 * first match when `first`. Returns the number of matches, or -1 on a search error.
 */
static long
search_blocks(struct search *re, const struct page *pg, bool first)
{
	long n = 0;

	for (size_t b = 0; b < pg->nblocks; b++) {
		const struct block *blk = &pg->blocks[b];
		size_t at = 0, ms, me;
		int rc;

		while ((rc = search_exec(re, blk->text, blk->len, at, &ms, &me)) == 1) {
			n++;
			if (first)
				return n;
			at = search_resume(blk->text, blk->len, ms, me);
		}
		if (rc < 0) {
			fprintf(stderr, "bench: search stopped: %s\n", search_error(re));
			return -1;
		}
	}
	return n;
}

static struct search *
compile_or_null(const char *pattern)
{
	char *error = NULL;
	struct search *re = search_compile(pattern, SEARCH_SMARTCASE, &error);

	free(error);
	return re;
}

/* Byte offsets after each UTF-8 character of s. */
static size_t
char_ends(const char *s, size_t *ends, size_t max)
{
	size_t n = 0, len = strlen(s);

	for (size_t i = 0; i < len && n < max;) {
		uint32_t cp;

		i += utf8_decode(s + i, len - i, &cp);
		ends[n++] = i;
	}
	return n;
}

/*
 * search FILE PATTERN...: load once, build the reader's page (its blocks are what the
 * reader searches: headings, paragraphs, attributions), then per pattern the median full
 * search, and per typed prefix the time to compile and reach the first match and the
 * time to compile and count every match (what the reader does on each keystroke).
 */
static int
cmd_search(int argc, char **argv)
{
	struct library *lib;
	struct document *doc;
	struct page pg = { 0 };
	double ms, t0, bytes = 0;
	int reps;

	if (argc < 2)
		return 2;
	doc = load(argv[0], &lib, &ms);
	t0 = now_ms();
	page_build(&pg, doc, NULL);
	printf("load_ms %.3f\n", ms);
	printf("pagebuild_ms %.3f\n", now_ms() - t0);
	for (size_t b = 0; b < pg.nblocks; b++)
		bytes += (double)pg.blocks[b].len;
	printf("blocks %zu\n", pg.nblocks);
	printf("block_bytes %.0f\n", bytes);
	reps = bytes < 30e6 ? 5 : 3;
	for (int p = 1; p < argc; p++) {
		const char *pattern = argv[p];
		double times[9], cms, fmax = 0, cmax = 0;
		size_t ends[256], nch;
		long matches = 0;
		struct search *re;

		printf("pattern %d text %s\n", p, pattern);
		t0 = now_ms();
		if ((re = compile_or_null(pattern)) == NULL) {
			printf("pattern %d error invalid\n", p);
			continue;
		}
		cms = now_ms() - t0;
		for (int r = 0; r < reps; r++) {
			t0 = now_ms();
			matches = search_blocks(re, &pg, false);
			times[r] = now_ms() - t0;
		}
		search_free(re);
		printf("pattern %d compile_ms %.3f\n", p, cms);
		printf("pattern %d search_ms %.3f\n", p, median(times, reps));
		printf("pattern %d matches %ld\n", p, matches);
		printf("pattern %d mb_per_s %.1f\n", p, bytes / 1e6 / (median(times, reps) / 1e3));

		/* typing the pattern, one character at a time */
		nch = char_ends(pattern, ends, sizeof ends / sizeof ends[0]);
		for (size_t c = 0; c < nch; c++) {
			char *prefix = xstrndup(pattern, ends[c]);
			double tf, tc;
			long nf = 0, nc = 0;

			t0 = now_ms();
			if ((re = compile_or_null(prefix)) != NULL) {
				nf = search_blocks(re, &pg, true);
				search_free(re);
			}
			tf = now_ms() - t0;
			t0 = now_ms();
			if ((re = compile_or_null(prefix)) != NULL) {
				nc = search_blocks(re, &pg, false);
				search_free(re);
			}
			tc = now_ms() - t0;
			printf("prefix %d %zu first_ms %.3f count_ms %.3f matches %ld %s%s\n", p,
			    c + 1, tf, tc, nc, re == NULL && nf == 0 ? "(invalid) " : "", prefix);
			if (tf > fmax)
				fmax = tf;
			if (tc > cmax)
				cmax = tc;
			free(prefix);
		}
		printf("pattern %d incr_first_max_ms %.3f\n", p, fmax);
		printf("pattern %d incr_count_max_ms %.3f\n", p, cmax);
	}
	page_free(&pg);
	library_free(lib);
	return 0;
}

/*
 * layout FILE WIDTH...: the page built once and laid out at another width, then at each
 * width: what the reader does on a resize before it draws (page_layout(), then the
 * reading position found again in the middle of the page and a screen of 40 rows
 * wrapped), the counting of every row that follows in slices between keys, the bare
 * layout_wrap() calls alone, and finding the row of the last block's end.
 */
static int
cmd_layout(int argc, char **argv)
{
	struct library *lib;
	struct document *doc;
	struct page pg = { 0 };
	double ms, t0;

	if (argc < 2)
		return 2;
	doc = load(argv[0], &lib, &ms);
	t0 = now_ms();
	page_build(&pg, doc, NULL);
	printf("pagebuild_ms %.3f\n", now_ms() - t0);
	for (int a = 1; a < argc; a++) {
		int width = atoi(argv[a]);
		double tl[3], tc[3], tw[3], tlast;
		size_t lines = 0, lastblock = pg.nblocks - 1;

		for (int r = 0; r < 3; r++) {
			struct pos at;
			struct vline l;

			page_layout(&pg, width + 1, false); /* the screen before the resize */
			page_count(&pg, -1);
			t0 = now_ms();
			page_layout(&pg, width, false);
			at = page_pos_of(&pg, pg.nblocks / 2, 0);
			for (int y = 0; y < 40 && page_row(&pg, at, &l); y++)
				page_step(&pg, &at, 1);
			tl[r] = now_ms() - t0;
			t0 = now_ms();
			page_count(&pg, -1);
			tc[r] = now_ms() - t0;
			t0 = now_ms();
			lines = 0;
			for (size_t b = 0; b < pg.nblocks; b++) {
				struct wrapline *w;

				lines += layout_wrap(pg.blocks[b].text, pg.blocks[b].len, width, 0, 0,
				    false, &w);
				free(w);
			}
			tw[r] = now_ms() - t0;
		}
		page_layout(&pg, width, false);
		t0 = now_ms();
		(void)page_pos_of(&pg, lastblock, pg.blocks[lastblock].len);
		tlast = now_ms() - t0;
		page_count(&pg, -1);
		printf("width %d relayout_ms %.3f\n", width, median(tl, 3));
		printf("width %d count_ms %.3f\n", width, median(tc, 3));
		printf("width %d wrap_ms %.3f\n", width, median(tw, 3));
		printf("width %d rows %zu\n", width, page_total_rows(&pg));
		printf("width %d poslast_ms %.3f\n", width, tlast);
	}
	page_free(&pg);
	library_free(lib);
	return 0;
}

/* numcheck MAX: the library's numerals agree with the generator's for 1..MAX. */
static int
cmd_numcheck(int argc, char **argv)
{
	long max, bad = 0;
	char mine[64];

	if (argc != 1)
		return 2;
	max = atol(argv[0]);
	for (long n = 1; n <= max; n++) {
		char *theirs = numeral_format((int)n);
		int back;

		cn_numeral((int)n, mine);
		back = numeral_parse(mine, strlen(mine));
		if (strcmp(theirs, mine) != 0 || back != n) {
			if (bad++ < 10)
				printf("mismatch %ld mine %s format %s parse %d\n", n, mine, theirs,
				    back);
		}
		free(theirs);
	}
	printf("numcheck_max %ld\n", max);
	printf("numcheck_bad %ld\n", bad);
	return bad != 0;
}

/* A control-mode tmux client: commands in, %begin/%end blocks out. */
struct ctl {
	pid_t pid;
	int in, out;
	char buf[1 << 16];
	size_t len;
};

static int
ctl_line(struct ctl *c, char *line, size_t size, int timeout_ms)
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);

		if (nl != NULL) {
			size_t n = (size_t)(nl - c->buf);

			if (n >= size)
				n = size - 1;
			memcpy(line, c->buf, n);
			line[n] = '\0';
			c->len -= (size_t)(nl - c->buf) + 1;
			memmove(c->buf, nl + 1, c->len);
			return 0;
		}
		if (c->len == sizeof c->buf)
			c->len = 0; /* an over-long notification: drop it */
		struct pollfd pfd = { c->out, POLLIN, 0 };
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return -1;
		ssize_t r = read(c->out, c->buf + c->len, sizeof c->buf - c->len);
		if (r <= 0)
			return -1;
		c->len += (size_t)r;
	}
}

static int
ctl_start(struct ctl *c, const char *socket, const char *target)
{
	int to[2], from[2];

	if (pipe(to) != 0 || pipe(from) != 0)
		return -1;
	c->len = 0;
	if ((c->pid = fork()) == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[1]);
		close(from[0]);
		execlp("tmux", "tmux", "-S", socket, "-C", "attach-session", "-t", target,
		    (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	c->in = to[1];
	c->out = from[0];
	return 0;
}

/* Send one command; collect the lines of its reply block (NUL-separated) into out. */
static int
ctl_cmd(struct ctl *c, const char *cmd, char *out, size_t size, size_t *outlen)
{
	char line[8192];
	bool in = false;

	if (write(c->in, cmd, strlen(cmd)) < 0 || write(c->in, "\n", 1) < 0)
		return -1;
	*outlen = 0;
	for (;;) {
		if (ctl_line(c, line, sizeof line, 10000) != 0)
			return -1;
		if (!in) {
			if (strncmp(line, "%begin ", 7) == 0)
				in = true;
			continue; /* notifications (%output, ...) and earlier replies */
		}
		if (strncmp(line, "%end ", 5) == 0 || strncmp(line, "%error ", 7) == 0) {
			/* the reply to the attach itself comes first: skip an empty block */
			return strncmp(line, "%error ", 7) == 0 ? -1 : 0;
		}
		size_t n = strlen(line) + 1;
		if (*outlen + n <= size) {
			memcpy(out + *outlen, line, n);
			*outlen += n;
		}
	}
}

/*
 * End a control client: told to go, and reaped. A client left attached (a tmuxwait that
 * gave up) keeps the server writing to it: one left so held a server at 800 MB, refusing
 * keys, until the next run.
 */
static void
ctl_end(struct ctl *c)
{
	close(c->in);
	close(c->out);
	kill(c->pid, SIGTERM);
	waitpid(c->pid, NULL, 0);
}

/* A control client attached to target, its attach's reply read, no %output asked for. */
static int
ctl_attach(struct ctl *c, const char *socket, const char *target, char *buf, size_t size)
{
	char line[8192];
	size_t len;

	if (ctl_start(c, socket, target) != 0)
		return -1;
	/* the first reply block is the attach's own: wait for it */
	for (;;) {
		if (ctl_line(c, line, sizeof line, 10000) != 0) {
			fprintf(stderr, "bench: tmux control client did not start\n");
			return -1;
		}
		if (strncmp(line, "%end ", 5) == 0 || strncmp(line, "%error ", 7) == 0)
			break;
	}
	/* no %output notifications (tmux >= 3.2); older ones send them and they are dropped */
	(void)ctl_cmd(c, "refresh-client -f no-output", buf, size, &len);
	return 0;
}

static bool
conds_hold(char **conds, int nconds, const char *screen, size_t len)
{
	for (int i = 0; i < nconds; i++) {
		bool want = conds[i][0] == '+';
		const char *text = conds[i] + 1;
		bool found = memmem(screen, len, text, strlen(text)) != NULL;

		if (found != want)
			return false;
	}
	return true;
}

static int
cmd_tmuxwait(int argc, char **argv)
{
	static char screen[1 << 20];
	struct ctl c;
	double t0, t, timeout;
	size_t len;
	long polls = 0;
	char line[8192];

	if (argc < 5)
		return 2;
	timeout = atof(argv[2]);
	signal(SIGPIPE, SIG_IGN);
	if (ctl_attach(&c, argv[0], argv[1], screen, sizeof screen) != 0)
		return 2;
	snprintf(line, sizeof line, "capture-pane -p -t %s", argv[1]);
	/*
	 * tmux has been seen to refuse a send-keys now and then, with no message (send-keys
	 * -l '?', send-keys G, once in a run of hundreds), and to go on refusing it on the same
	 * client: it is tried again, and after three refusals on a client of its own, timed
	 * from the try that took; what tmux said goes to the log
	 */
	for (int tries = 1;; tries++) {
		t0 = now_ms();
		if (ctl_cmd(&c, argv[3], screen, sizeof screen, &len) == 0)
			break;
		fprintf(stderr, "bench: tmux refused (try %d): %s: %.*s\n", tries, argv[3],
		    (int)(len < 200 ? len : 200), screen);
		if (tries == 6) {
			ctl_end(&c);
			return 2;
		}
		if (tries == 3) {
			ctl_end(&c);
			if (ctl_attach(&c, argv[0], argv[1], screen, sizeof screen) != 0)
				return 2;
		}
		usleep(20000);
	}
	for (;;) {
		if (ctl_cmd(&c, line, screen, sizeof screen, &len) != 0) {
			fprintf(stderr, "bench: capture-pane failed\n");
			ctl_end(&c);
			return 2;
		}
		polls++;
		t = now_ms() - t0;
		for (size_t i = 0; i + 1 < len; i++)
			if (screen[i] == '\0')
				screen[i] = '\n';
		if (conds_hold(argv + 4, argc - 4, screen, len))
			break;
		if (t > timeout) {
			printf("timeout_ms %.0f\n", timeout);
			printf("polls %ld\n", polls);
			fwrite(screen, 1, len, stderr);
			ctl_end(&c);
			return 1;
		}
	}
	printf("ms %.3f\n", t);
	printf("polls %ld\n", polls);
	printf("poll_ms %.3f\n", t / (double)polls);
	ctl_end(&c);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
		const char *usage;
	} cmds[] = {
		{ "load", cmd_load, "FILE" },
		{ "yamlparse", cmd_yamlparse, "FILE" },
		{ "search", cmd_search, "FILE PATTERN..." },
		{ "layout", cmd_layout, "FILE WIDTH..." },
		{ "numcheck", cmd_numcheck, "MAX" },
		{ "tmuxwait", cmd_tmuxwait, "SOCKET TARGET TIMEOUT_MS COMMAND +TEXT|-TEXT..." },
	};

	progname = "bench";
	setlocale(LC_ALL, "");
	if (MB_CUR_MAX == 1)
		setlocale(LC_CTYPE, "C.UTF-8"); /* as planview does: page_build sanitizes by the locale */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2)
		for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
			if (strcmp(argv[1], cmds[i].name) == 0) {
				int rc = cmds[i].fn(argc - 2, argv + 2);

				if (rc == 2 && argc == 2)
					fprintf(stderr, "usage: bench %s %s\n", cmds[i].name,
					    cmds[i].usage);
				return rc;
			}
	fprintf(stderr, "usage:\n");
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		fprintf(stderr, "  bench %s %s\n", cmds[i].name, cmds[i].usage);
	return 2;
}
