/* main.c: parse the command line, load the documents, run a query or the reader. */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <libgen.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "format/format.h"
#include "reader/reader.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/planview"
#endif
#define DEFAULT_DOCUMENT "tianjin-regional-coordination-2.yaml"
#define FIRST_SLICE_MS 15 /* loaded before the reader starts, when a document takes longer */

static bool locale_is_utf8 = true; /* the user's locale; planview itself runs in UTF-8 */

/* What planview does: open the reader, or one of the queries. */
enum mode {
	MODE_READER, MODE_OUTLINE, MODE_SHOW, MODE_GREP, MODE_DEPT, MODE_DEPARTMENTS,
	MODE_EXPORT, MODE_MATRIX, MODE_IMPORT, MODE_CHECK, MODE_LIST_ACTIONS, MODE_DUMP_KEYMAP,
};

struct options {
	enum mode mode;
	const char *mode_name;
	const char *arg;
	const char *export; /* --export's format: alone, or the view of a --grep or --dept */
	struct strlist depts; /* --dept's names (the items any of them leads); with --grep,
	                         the grep within their items */
	int search_flags;
	bool exact_script; /* --exact-script */
	bool ambiguous_wide;
	bool csv_raw;       /* --csv-raw */
	bool no_cache;      /* --no-cache */
	bool help;          /* -h: printed once the options are read (--keymap names its key) */
	bool no_mouse;      /* --no-mouse */
	const char *keymap; /* a preset name or a file; NULL for the default */
	const char *encoding; /* --import's: the text's encoding, instead of detecting it */
	enum query_color color; /* --color's */
	const char *registry; /* --import's: where to write a starter registry */
};

/* Long options without a short form; the modes come first, in enum mode's order. */
enum {
	OPT_OUTLINE = 256, OPT_SHOW, OPT_GREP, OPT_DEPT, OPT_DEPARTMENTS, OPT_EXPORT,
	OPT_MATRIX, OPT_IMPORT, OPT_CHECK, OPT_LIST_ACTIONS, OPT_DUMP_KEYMAP,
	OPT_AMBIGUOUS_WIDE, OPT_KEYMAP, OPT_ENCODING, OPT_REGISTRY, OPT_EXACT_SCRIPT, OPT_CSV_RAW,
	OPT_COLOR, OPT_NO_CACHE, OPT_NO_MOUSE,
};
#define OPT_MODE(opt) ((enum mode)((opt) - OPT_OUTLINE + MODE_OUTLINE))

static const struct option long_options[] = {
	{ "ambiguous-wide", no_argument, NULL, OPT_AMBIGUOUS_WIDE },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "csv-raw", no_argument, NULL, OPT_CSV_RAW },
	{ "departments", no_argument, NULL, OPT_DEPARTMENTS },
	{ "dept", required_argument, NULL, OPT_DEPT },
	{ "dump-keymap", no_argument, NULL, OPT_DUMP_KEYMAP },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "exact-script", no_argument, NULL, OPT_EXACT_SCRIPT },
	{ "export", required_argument, NULL, OPT_EXPORT },
	{ "grep", required_argument, NULL, OPT_GREP },
	{ "help", no_argument, NULL, 'h' },
	{ "ignore-case", no_argument, NULL, 'i' },
	{ "import", required_argument, NULL, OPT_IMPORT },
	{ "keymap", required_argument, NULL, OPT_KEYMAP },
	{ "list-actions", no_argument, NULL, OPT_LIST_ACTIONS },
	{ "matrix", no_argument, NULL, OPT_MATRIX },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
	{ "outline", no_argument, NULL, OPT_OUTLINE },
	{ "registry", required_argument, NULL, OPT_REGISTRY },
	{ "show", required_argument, NULL, OPT_SHOW },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char *const usage_text = N_(
"Usage: planview [OPTION]... [FILE|DIRECTORY]...\n"
"Read a structured policy plan in the terminal, or query it from the command line.\n"
"With no query option, open the reader on the FILEs (default: the bundled plan).\n"
"A FILE is a plan as YAML, or a plan's plain text, read into items as it loads\n"
"(- is standard input: the reader then takes keys from the terminal); a DIRECTORY\n"
"stands for the plans in it. With several, each query line starts FILE:.\n"
"\n"
"Queries (print to standard output and exit):\n"
"      --outline          list the headings and items\n"
"      --show ITEM        print one item: its number (15, 十五, (十五), （十五）)\n"
"                         or, where numbers repeat, its path (二/（一）/3)\n"
"      --grep REGEX       list the items matching a PCRE2 regular expression\n"
"  -i, --ignore-case      make --grep ignore case\n"
"      --exact-script     match traditional and simplified characters only as\n"
"                         written (by default 财政 finds 財政 and the reverse)\n"
"                         in --grep, --dept and the reader's search\n"
"      --dept NAME        list the items a department leads (name as written,\n"
"                         full name or short form such as 发改委); with\n"
"                         --grep, search only those items; given again\n"
"                         (--dept A --dept B), the items any of them leads\n"
"      --departments      list every department with the items it leads and\n"
"                         cooperates on\n"
"      --export FORMAT    write the whole document as text, markdown (md), json,\n"
"                         csv (the task-division table) or yaml; with --dept or\n"
"                         --grep, only the items they select (not as yaml)\n"
"      --matrix           print the item × department responsibility matrix\n"
"                         (lead, cooperate) as CSV\n"
"      --csv-raw          write CSV cells as they are: by default a cell\n"
"                         starting = + - @ gets a ' so no spreadsheet runs it\n"
"      --import TEXTFILE  read a plan's plain text and write it as YAML\n"
"      --registry FILE    with --import, also write a starter registry of the\n"
"                         plan's departments to FILE (never over a file)\n"
"      --check [FILE]...  validate documents and report every problem\n"
"      --color[=WHEN]     highlight matches: auto (a terminal, not TERM=dumb,\n"
"                         no NO_COLOR: the default), always (--color), never\n"
"      --encoding NAME    plain texts are in NAME (GB18030, BIG5, UTF-16LE…);\n"
"                         by default UTF-8, UTF-16 with a BOM or GB18030 is found\n"
"      --no-cache         parse the documents again: neither read nor write\n"
"                         their snapshots (in $XDG_CACHE_HOME/planview)\n"
"\n"
"Reader:\n"
"      --ambiguous-wide   the terminal draws East Asian ambiguous characters\n"
"                         (“ ” — …) two columns wide; lay out text to match\n"
"      --keymap NAME|FILE key bindings: the preset default, vi or emacs, or a\n"
"                         keymap file; ~/.config/planview/keys applies on top\n"
"      --list-actions     list every action a key can be bound to\n"
"      --dump-keymap      print the bindings in effect, as a keymap file\n"
"      --no-mouse         leave the mouse to the terminal, for its own selection\n"
"                         (with the mouse on, shift selects in most terminals)\n"
"  Press %s in the reader for its keys.\n"
"\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Exit status: 0 found (or valid), 1 nothing found (or warnings only), 2 error.\n"
"Environment: PLANVIEW_DATADIR (the data directory, holding content/ and keymaps/),\n"
"XDG_CONFIG_HOME, XDG_CACHE_HOME, PLANVIEW_CACHE_MAX (the cache's cap in bytes),\n"
"PLANVIEW_JOBS (processes for a query over many files; default: the CPUs), NO_COLOR.\n");

static void usage_error(const char *, const char *) __attribute__((noreturn));

/* A misused command line: say what is wrong, point at --help, exit 2. */
static void
usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s: '", progname, _(what));
	fputs_safe(arg, stderr, true);
	fprintf(stderr, _("'\nTry '%s --help' for more information.\n"), progname);
	exit(2);
}

/* A name as typed, blanks around it dropped (in place: argv's strings are ours to change). */
static char *
trimmed(char *arg)
{
	size_t len = strlen(arg), b = blank_span(arg, len);

	arg[blank_trim(arg, len)] = '\0';
	return arg + (b < len ? b : len);
}

static void
set_mode(struct options *o, int opt, char *arg)
{
	enum mode mode = OPT_MODE(opt);
	const char *name = NULL;

	for (const struct option *lo = long_options; lo->name != NULL; lo++)
		if (lo->val == opt)
			name = lo->name;
	/* --dept, once or more, with --grep in either order: the grep within their items */
	if (mode == MODE_DEPT) {
		strlist_add(&o->depts, trimmed(arg)); /* " 财政局 " pasted from a table is 财政局 */
		if (o->mode == MODE_DEPT || o->mode == MODE_GREP)
			return;
	}
	if (mode == MODE_GREP && o->mode == MODE_DEPT)
		o->mode = MODE_READER;
	/* --export with --grep or --dept, in either order: the export of that view */
	if (opt == OPT_EXPORT) {
		o->export = arg;
		if (o->mode == MODE_GREP || o->mode == MODE_DEPT)
			return;
	} else if (o->mode == MODE_EXPORT && (mode == MODE_GREP || mode == MODE_DEPT))
		o->mode = MODE_READER;
	if (o->mode != MODE_READER && o->mode != mode)
		fprintf(stderr, _("%s: --%s and --%s cannot be combined\n"
		    "Try '%s --help' for more information.\n"), progname, o->mode_name, name,
		    progname), exit(2);
	o->mode = mode;
	o->mode_name = name;
	o->arg = arg;
}

/* --color's WHEN, as grep's: auto, always (also with none), never; else a usage error. */
static enum query_color
color_when(const char *when)
{
	if (when == NULL || strcmp(when, "always") == 0)
		return COLOR_ALWAYS;
	if (strcmp(when, "never") == 0)
		return COLOR_NEVER;
	if (strcmp(when, "auto") != 0)
		usage_error(N_("--color takes auto, always or never"), when);
	return COLOR_AUTO;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "hiV", long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			o->help = true;
			break;
		case 'V':
			printf("planview %s\n", PACKAGE_VERSION);
			exit(0);
		case 'i':
			o->search_flags |= SEARCH_CASELESS;
			break;
		case OPT_AMBIGUOUS_WIDE:
			o->ambiguous_wide = true;
			break;
		case OPT_EXACT_SCRIPT:
			o->exact_script = true;
			break;
		case OPT_KEYMAP:
			o->keymap = optarg;
			break;
		case OPT_COLOR:
			o->color = color_when(optarg);
			break;
		case OPT_ENCODING:
			o->encoding = optarg;
			break;
		case OPT_CSV_RAW:
			o->csv_raw = true;
			break;
		case OPT_NO_CACHE:
			o->no_cache = true;
			break;
		case OPT_NO_MOUSE:
			o->no_mouse = true;
			break;
		case OPT_REGISTRY:
			o->registry = optarg;
			break;
		case '?':
			fprintf(stderr, _("Try '%s --help' for more information.\n"), progname);
			exit(2);
		default:
			set_mode(o, c, optarg);
			break;
		}
	}
}

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * A directory planview needs: $ENV when set, else the one beside the running program's
 * build tree (`relative` to tui/, when `probe` exists there: planview runs uninstalled),
 * else the installed one.
 */
static char *
find_dir(const char *env, const char *relative, const char *probe, const char *installed)
{
	const char *value = getenv(env);
	char exe[4096], *dir, *path;
	ssize_t n;

	if (value != NULL && *value != '\0')
		return xstrdup(value);
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
		exe[n] = '\0';
		dir = xasprintf("%s/%s", dirname(exe), relative);
		path = xasprintf("%s/%s", dir, probe);
		if (access(path, F_OK) == 0) {
			free(path);
			return dir;
		}
		free(path);
		free(dir);
	}
	return xstrdup(installed);
}

/* The data directory, holding content/ and keymaps/. */
static char *
data_root(void)
{
	return find_dir("PLANVIEW_DATADIR", "..", "content/" DEFAULT_DOCUMENT, PKGDATADIR);
}

/* A bundled file: data_path("content", "x.yaml"). */
static char *
data_path(const char *dir, const char *name)
{
	char *root = data_root(), *path = xasprintf("%s/%s/%s", root, dir, name);

	free(root);
	return path;
}

/*
 * The shared name forms (content/name-forms.yaml), for the queries that match department
 * names and the reader's picker over several files (a body a row); NULL for the others, or
 * when they cannot be read (said, and matching goes on without them).
 */
static struct name_forms *
load_name_forms(const struct options *o, size_t nfiles)
{
	struct diags diags = { 0 };
	struct name_forms *nf;
	char *path;

	if (o->mode != MODE_DEPT && o->mode != MODE_DEPARTMENTS && o->mode != MODE_MATRIX &&
	    !(o->mode == MODE_READER && nfiles > 1))
		return NULL;
	path = data_path("content", "name-forms.yaml");
	nf = names_load(path, &diags);
	diags_print(&diags, stderr);
	diags_free(&diags);
	free(path);
	return nf;
}

/* Complain that a preset does not exist, naming those that do. */
static void
no_such_preset(const char *name, struct diags *diags)
{
	char *dir = data_path("keymaps", "");
	struct strlist names = { 0 };
	struct buf list = { 0 };
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);

			if (len > 5 && strcmp(de->d_name + len - 5, ".keys") == 0)
				strlist_add_owned(&names, xstrndup(de->d_name, len - 5));
		}
		closedir(d);
	}
	qsort(names.v, names.n, sizeof *names.v, compare_strings);
	strlist_join(&list, &names, ", ");
	diag_add(diags, DIAG_ERROR, "planview", 0, 0, "no keymap preset called '%s' "
	    "(presets: %s; a keymap file is named by a path)", name,
	    names.n != 0 ? list.s : "none installed");
	buf_free(&list);
	strlist_free(&names);
	free(dir);
}

/*
 * The bindings in effect: the preset (compiled-in defaults, a named preset, or a file),
 * then the user's file on top. Problems go to diags; the valid bindings stay.
 */
static void
build_keymap(const struct options *o, struct keymap *km, struct diags *diags)
{
	const char *preset = o->keymap;
	char *path = NULL;
	struct stat st;

	if (preset == NULL || strcmp(preset, "default") == 0)
		keymap_defaults(km);
	else {
		bool named = strchr(preset, '/') == NULL && strchr(preset, '.') == NULL;
		char *file = xasprintf("%s.keys", preset);

		path = named ? data_path("keymaps", file) : xstrdup(preset);
		free(file);
		if (named && !is_file(path))
			no_such_preset(preset, diags);
		else
			keymap_load(km, path, path, diags);
		free(path);
	}
	/* the user's keys: $XDG_CONFIG_HOME/planview/keys or ~/.config/planview/keys */
	if ((path = file_xdg_path("XDG_CONFIG_HOME", ".config", "planview/keys")) != NULL &&
	    stat(path, &st) == 0) {
		char *name = file_home_relative(path);

		keymap_load(km, path, name, diags);
		free(name);
	}
	free(path);
}

/* What to say when folding is off because OpenCC's data is missing: NULL when it is not. */
static char *
fold_warning(const struct options *o)
{
	return o->exact_script ? NULL : script_warning();
}

/* The query the options name (any mode but the reader's). */
static struct cli_query
query_of(const struct options *o)
{
	static const enum query_kind queries[] = {
		[MODE_DEPARTMENTS] = QUERY_DEPARTMENTS,
		[MODE_DEPT] = QUERY_DEPT,
		[MODE_EXPORT] = QUERY_EXPORT,
		[MODE_GREP] = QUERY_GREP,
		[MODE_MATRIX] = QUERY_MATRIX,
		[MODE_OUTLINE] = QUERY_OUTLINE,
		[MODE_SHOW] = QUERY_SHOW,
	};

	return (struct cli_query){ queries[o->mode], o->arg, o->export,
	    o->search_flags | (o->exact_script ? 0 : SEARCH_FOLD), o->csv_raw, &o->depts, o->color };
}

/* Whether the options name a query that reads no item's text (cli_query_heads_only()). */
static bool
heads_only(const struct options *o)
{
	struct cli_query q;

	if (o->mode == MODE_READER)
		return false;
	q = query_of(o);
	return cli_query_heads_only(&q);
}

/* Whether the options name a query that takes several files one at a time (run_query()). */
static bool
query_streams(const struct options *o, size_t nfiles)
{
	struct cli_query q;

	if (o->mode == MODE_READER)
		return false;
	q = query_of(o);
	return cli_query_streams(&q, nfiles);
}

/*
 * Run the query the options name: over the documents loaded into lib, or with files, over
 * the files, each loaded in turn (cli_query_files(), which says what loading had to say);
 * the exit status.
 */
static int
run_query(const struct options *o, struct library *lib, const struct strlist *files,
    struct diags *diags)
{
	struct cli_query q = query_of(o);
	int status = files != NULL ? cli_query_files(&q, lib, files->v, files->n, diags) :
	    cli_query(&q, lib);
	char *warning = fold_warning(o); /* once folding was tried: a query that needs none is quiet */

	if (warning != NULL)
		fprintf(stderr, "%s: %s: %s\n", progname, _("warning"), warning);
	free(warning);
	return status;
}

static int
list_actions(void)
{
	for (size_t i = 0; i < reader_nactions; i++)
		printf("%-18s %s\n", reader_actions[i].name, _(reader_actions[i].desc));
	return 0;
}

/* --help, naming the help key of the keymap the options choose. */
static int
usage(const struct options *o)
{
	struct keymap km;
	struct diags diags = { 0 };
	char *key;

	keymap_init(&km, reader_actions, reader_nactions);
	build_keymap(o, &km, &diags);
	key = keymap_key_of(&km, "help");
	printf(_(usage_text), key != NULL ? key : "F1");
	free(key);
	keymap_free(&km);
	diags_free(&diags);
	return 0;
}

static int
dump_keymap(const struct options *o)
{
	struct keymap km;
	struct diags diags = { 0 };
	struct buf out = { 0 };
	int status;

	keymap_init(&km, reader_actions, reader_nactions);
	build_keymap(o, &km, &diags);
	diags_print(&diags, stderr);
	keymap_dump(&km, &out);
	if (isatty(STDOUT_FILENO)) { /* a note's control and bidi characters shown escaped */
		struct buf safe = { 0 };

		utf8_sanitize_lines(&safe, out.s != NULL ? out.s : "", out.len);
		buf_free(&out);
		out = safe;
	}
	fwrite(out.s != NULL ? out.s : "", 1, out.len, stdout);
	status = diags.worst == DIAG_ERROR ? 2 : 0;
	buf_free(&out);
	keymap_free(&km);
	diags_free(&diags);
	return status;
}

/* The first keymap problem, to show as the reader starts. */
static char *
keymap_warning(const struct diags *d)
{
	const struct diag *x;

	if (d->n == 0)
		return NULL;
	x = &d->v[0];
	return xasprintf("%s:%u:%u: %s%s", x->file, x->line, x->col, x->msg,
	    d->n > 1 ? _(" (and more: planview --dump-keymap lists them)") : "");
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Whether a YAML file in a directory is a document (a list of chapters), not a registry:
 * a line "chapters:" or "body:" among its first thousand lines. Read with read() a block
 * at a time, not stdio: a library's thousands of plans are each looked at, and each system
 * call counts. O_NONBLOCK: a FIFO put there meanwhile must not hang the open.
 */
static bool
looks_like_document(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), lines = 0;
	char block[4096 + 1];
	size_t kept = 0, end; /* kept: a line's first bytes carried over to the next block */
	bool doc = false, start = true, full; /* start: the next byte begins a line */
	ssize_t got;

	if (fd == -1)
		return false;
	while (!doc && lines < 1000 && (got = read(fd, block + kept, sizeof block - 1 - kept)) > 0) {
		full = (size_t)got == sizeof block - 1 - kept;
		end = kept + (size_t)got;
		block[end] = '\0';
		kept = 0;
		for (size_t i = 0; i < end && !doc && lines < 1000; i++) {
			if (start && full && end - i < 9) { /* too near the end to tell: read on */
				kept = end - i;
				memmove(block, block + i, kept);
				break;
			}
			if (start)
				doc = strncmp(block + i, "chapters:", 9) == 0 ||
				    strncmp(block + i, "body:", 5) == 0;
			start = block[i] == '\n';
			lines += start;
		}
	}
	if (!doc && kept != 0) { /* a line carried over, and then the end of the file */
		block[kept] = '\0';
		doc = strncmp(block, "chapters:", 9) == 0 || strncmp(block, "body:", 5) == 0;
	}
	close(fd);
	return doc;
}

/* A directory's name without its trailing slashes (but / stays /): DIR/ + name is DIR/name. */
static size_t
dir_len(const char *dir)
{
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return len;
}

struct entry {            /* a directory's entry: its path first, for compare_names() */
	char *path;
	bool regular;     /* readdir() said it is a regular file: no stat() needed */
};

/*
 * A directory's documents by name, sorted: its .yaml documents, plans' .txt, and the
 * published files the format layer reads.
 */
static struct entry *
directory_entries(const char *dir, DIR *d, size_t *n)
{
	struct entry *v = NULL;
	struct dirent *de;

	*n = 0;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (strncmp(de->d_name, "~$", 2) == 0)
			continue; /* Word's lock file beside a document open in it */
		if ((len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0) ||
		    (len > 4 && strcmp(de->d_name + len - 4, ".txt") == 0) ||
		    format_named(de->d_name)) {
			v = xgrow(v, *n, sizeof *v);
			v[*n].path = xasprintf("%.*s/%s", (int)dir_len(dir), dir, de->d_name);
			v[(*n)++].regular = de->d_type == DT_REG;
		}
	}
	if (*n != 0)
		qsort(v, *n, sizeof *v, compare_names); /* by the path, the first member */
	return v;
}

/*
 * Whether a directory's entry is a regular file (or a link to one); one that is not (a
 * FIFO, a device, a socket, a directory) is skipped with a warning, never opened.
 */
static bool
regular_entry(const struct entry *e, struct diags *diags)
{
	const char *name = e->path;
	struct stat st;

	if (e->regular || stat(name, &st) == -1 || S_ISREG(st.st_mode))
		return true; /* what cannot be seen is for loading to report */
	diag_add(diags, DIAG_WARNING, name, 0, 0, S_ISDIR(st.st_mode) ?
	    "a directory: skipped" : "not a regular file: skipped");
	return false;
}

enum sniffed {
	SNIFF_LATER, SNIFF_NOT_DOCUMENT, SNIFF_DOCUMENT,
	SNIFF_READ = 4, /* a flag: its head was read (its directory's pack did not know it) */
};
#define SNIFFS_PER_JOB 256 /* YAML heads read by a process forked to read them */

struct sniffing {
	const struct library *lib;
	const struct entry *entries;
	char *sniffed;    /* an enum sniffed for each entry */
};

/* What a regular YAML file is: as its directory's pack knows it, else by its head. */
static char
sniff_entry(const struct library *lib, const char *path)
{
	int known = library_known(lib, path);

	if (known != -1)
		return known ? SNIFF_DOCUMENT : SNIFF_NOT_DOCUMENT;
	return SNIFF_READ | (looks_like_document(path) ? SNIFF_DOCUMENT : SNIFF_NOT_DOCUMENT);
}

/* Read the heads of entries[from..to) readdir() called regular files into out[]. */
static void
sniff_into(const struct sniffing *s, size_t from, size_t to, char *out)
{
	for (size_t k = from; k < to; k++)
		out[k - from] = !s->entries[k].regular || !loader_is_yaml(s->entries[k].path) ?
		    SNIFF_LATER : sniff_entry(s->lib, s->entries[k].path);
}

/* Entries [from, to) read here (jobs.c). */
static void
sniff_here(size_t from, size_t to, void *arg)
{
	struct sniffing *s = arg;

	sniff_into(s, from, to, s->sniffed + from);
}

/* In a child (jobs.c): its chunk of the entries read, a byte each, written to fd. */
static bool
sniff_chunk(size_t from, size_t to, void *arg, int fd)
{
	const struct sniffing *s = arg;
	char *out = xmalloc(to - from + 1);
	bool ok;

	sniff_into(s, from, to, out);
	ok = file_write_fd(fd, out, to - from) == 0;
	free(out);
	return ok;
}

/* A child's chunk of bytes taken in (jobs.c), if it is whole. */
static bool
sniff_take(void *arg, const char *data, size_t len, int fd, size_t from, size_t to)
{
	struct sniffing *s = arg;

	(void)fd;
	if (len != to - from)
		return false;
	memcpy(s->sniffed + from, data, len);
	return true;
}

/*
 * Which of a directory's YAML entries are documents, for those readdir() called regular
 * files (SNIFF_LATER for the rest, read once they are known to be regular): a library's
 * thousands of heads are read by as many processes as its queries take.
 */
static char *
sniff_entries(const struct library *lib, const struct entry *entries, size_t n)
{
	struct sniffing s = { lib, entries, xmalloc(n + 1) };

	jobs_free(jobs_run(n, jobs_for(n, SNIFFS_PER_JOB), sniff_chunk, sniff_here, sniff_take,
	    &s));
	return s.sniffed;
}

/* Whether a sniffed entry is a document (whether its head was read or not). */
static bool
sniffed_document(char sniffed)
{
	return (sniffed & ~SNIFF_READ) == SNIFF_DOCUMENT;
}

/* Whether entry k of a directory is a document to load (its head read now if not yet). */
static bool
document_entry(const struct entry *entries, const char *sniffed, size_t k)
{
	if (sniffed[k] != SNIFF_LATER)
		return sniffed_document(sniffed[k]);
	return !loader_is_yaml(entries[k].path) || looks_like_document(entries[k].path);
}

/* A directory listed, whose pack may be written once its documents are loaded. */
struct pack_job {
	struct strlist paths;     /* its regular YAML files */
	bool *documents;          /* which of them are documents */
	bool changed;             /* some were not in the pack as they are now */
};
struct pack_jobs {
	struct pack_job *v;
	size_t n;
};

/* The pack job of a directory: its regular YAML files, and whether any was read. */
static void
add_pack_job(struct pack_jobs *jobs, const struct entry *entries, const char *sniffed,
    size_t n)
{
	struct pack_job job = { 0 };

	if (jobs == NULL)
		return;
	for (size_t k = 0; k < n; k++)
		if (sniffed[k] != SNIFF_LATER) {
			job.documents = xgrow(job.documents, job.paths.n, sizeof *job.documents);
			job.documents[job.paths.n] = sniffed_document(sniffed[k]);
			job.changed = job.changed || (sniffed[k] & SNIFF_READ);
			strlist_add(&job.paths, entries[k].path);
		}
	if (job.paths.n == 0)
		return;
	jobs->v = xgrow(jobs->v, jobs->n, sizeof *jobs->v);
	jobs->v[jobs->n++] = job;
}

/* The packs of the directories written if they are to be (after a query: see library_pack()). */
static void
run_pack_jobs(const struct library *lib, struct pack_jobs *jobs)
{
	for (size_t i = 0; i < jobs->n; i++) {
		library_pack(lib, jobs->v[i].paths.v, jobs->v[i].documents, jobs->v[i].paths.n,
		    jobs->v[i].changed);
		strlist_free(&jobs->v[i].paths);
		free(jobs->v[i].documents);
	}
	free(jobs->v);
}

/*
 * The documents FILE arguments name: files as given, and each directory's documents (not
 * its registries), with a pack job for each directory (when packs is not NULL).
 */
static void
expand_files(const struct library *lib, char **args, int n, struct strlist *out,
    struct pack_jobs *packs, struct diags *diags)
{
	for (int i = 0; i < n; i++) {
		size_t before = out->n, nentries;
		struct entry *entries;
		char *sniffed;
		DIR *d;

		if ((d = opendir(args[i])) == NULL) {
			strlist_add(out, args[i]);
			continue;
		}
		entries = directory_entries(args[i], d, &nentries);
		closedir(d);
		sniffed = sniff_entries(lib, entries, nentries);
		add_pack_job(packs, entries, sniffed, nentries);
		for (size_t k = 0; k < nentries; k++) {
			if (regular_entry(&entries[k], diags) && document_entry(entries, sniffed, k))
				strlist_add_owned(out, entries[k].path);
			else
				free(entries[k].path);
		}
		free(sniffed);
		if (out->n == before)
			diag_add(diags, DIAG_ERROR, args[i], 0, 0, _("no plans in this directory "
			    "(looked for .yaml, .txt, .docx, .doc, .wps, .pdf, .ofd, .html)"));
		free(entries);
	}
}

static int
run_reader(const struct options *o, struct library *lib, struct loader *loader,
    struct strlist *pending, struct diags *load_diags)
{
	struct reader_options ro = { .ambiguous_wide = o->ambiguous_wide,
	    .exact_script = o->exact_script, .no_mouse = o->no_mouse };
	const char *nc = getenv("NO_COLOR");
	struct keymap km;
	struct diags diags = { 0 };
	int status;

	if (!screen_usable()) {
		if (loader != NULL)
			loader_cancel(loader);
		return 2;
	}
	keymap_init(&km, reader_actions, reader_nactions);
	build_keymap(o, &km, &diags);
	ro.warning = keymap_warning(&diags); /* folding's is the reader's to say, once drawn */
	if (!locale_is_utf8 && ro.warning == NULL)
		ro.warning = xasprintf(_("the locale is not UTF-8, so planview assumes the terminal is; "
		    "set LANG=C.UTF-8 (or your own UTF-8 locale) to say so"));
	ro.color = nc == NULL || *nc == '\0';
	ro.keymap = &km;
	ro.loader = loader;
	ro.pending = pending->v;
	ro.npending = pending->n;
	ro.diags = load_diags;
	status = reader_run(lib, &ro);
	free(ro.warning);
	keymap_free(&km);
	diags_free(&diags);
	return status;
}

/* Where the message catalogues are. */
static char *
locale_dir(void)
{
	return find_dir("PLANVIEW_LOCALEDIR", "../po/locale", ".", LOCALEDIR);
}

static void
setup_locale(void)
{
	char *dir;

	setlocale(LC_ALL, "");
	dir = locale_dir();
	bindtextdomain("planview", dir);
	bind_textdomain_codeset("planview", "UTF-8");
	textdomain("planview");
	free(dir);
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		locale_is_utf8 = false;
		setlocale(LC_CTYPE, "C.UTF-8"); /* documents are UTF-8 whatever the locale */
	}
}

int
main(int argc, char **argv)
{
	struct options o = { .mode = MODE_READER };
	struct diags diags = { 0 };
	struct library *lib;
	struct strlist files = { 0 };
	struct pack_jobs packs = { 0 };
	struct loader *loader = NULL;
	struct name_forms *names;
	size_t next = 0;
	bool loading;
	char *path;
	int status;

	setup_locale();
	argv[0] = (char *)progname; /* getopt's messages name planview, not its path */
	parse_options(argc, argv, &o);
	if (o.help)
		return usage(&o);
	if (o.no_cache)
		script_no_cache();
	if ((o.search_flags & SEARCH_CASELESS) && o.mode != MODE_GREP)
		usage_error(N_("-i works only with --grep"), "-i");
	if (o.csv_raw && o.mode != MODE_MATRIX && (o.export == NULL || strcmp(o.export, "csv") != 0))
		usage_error(N_("--csv-raw works only with --export csv or --matrix"), "--csv-raw");
	argc -= optind;
	argv += optind;
	if (o.registry != NULL && o.mode != MODE_IMPORT)
		usage_error(N_("--registry works only with --import"), "--registry");
	if (o.mode == MODE_IMPORT) {
		if (argc != 0)
			usage_error(N_("--import takes no FILE"), argv[0]);
		return cli_import(o.arg, o.encoding, o.registry);
	}
	if (o.mode == MODE_LIST_ACTIONS || o.mode == MODE_DUMP_KEYMAP)
		return o.mode == MODE_LIST_ACTIONS ? list_actions() : dump_keymap(&o);
	path = argc > 0 ? xstrdup(argv[0]) : data_path("content", DEFAULT_DOCUMENT);
	if (o.mode == MODE_CHECK) {
		status = cli_check(argc > 0 ? argv : &path, argc > 0 ? argc : 1, o.encoding);
		free(path);
		return status;
	}
	lib = library_create();
	lib->encoding = o.encoding;
	lib->no_cache = o.no_cache;
	lib->heads_only = heads_only(&o);
	lib->snapshots_later = o.mode == MODE_READER; /* its first screen first */
	expand_files(lib, argc > 0 ? argv : &path, argc > 0 ? argc : 1, &files,
	    o.mode == MODE_READER ? NULL : &packs, &diags);
	if (diags.worst == DIAG_ERROR) { /* a directory without plans: nothing is opened */
		diags_print(&diags, stderr);
		diags_free(&diags);
		strlist_free(&files);
		strlist_free(&o.depts);
		run_pack_jobs(lib, &packs);
		library_free(lib);
		free(path);
		return 2;
	}
	lib->nodes_on_demand = o.mode == MODE_READER && files.n == 1; /* revealed as shown */
	lib->names = names = load_name_forms(&o, files.n);
	if (query_streams(&o, files.n)) {
		status = run_query(&o, lib, &files, &diags);
		goto done;
	}
	if (o.mode == MODE_READER) {
		loader = library_load_for(lib, files.v, files.n, &next, FIRST_SLICE_MS, &diags);
	} else {
		for (size_t i = 0; i < files.n; i++)
			library_load(lib, files.v[i], &diags);
	}
	loading = diags.worst != DIAG_ERROR && (loader != NULL || next < files.n);
	if (!loading)
		diags_print(&diags, stderr);
	if (lib->ndocs == 0 || diags.worst == DIAG_ERROR) {
		status = 2; /* one broken document of several is still an error, not a partial view */
		if (loader != NULL)
			loader_cancel(loader);
	} else if (o.mode == MODE_READER) {
		struct strlist pending = { files.v + next, files.n - next };

		status = run_reader(&o, lib, loader, &pending, &diags);
	} else {
		status = run_query(&o, lib, NULL, &diags);
	}
	if (loading) { /* what the rest of the documents had to say */
		diags_print(&diags, stderr);
		if (diags.worst == DIAG_ERROR && status == 0)
			status = 2;
	}
done:
	library_save_snapshots(lib); /* what the reader left waiting */
	run_pack_jobs(lib, &packs);
	free(path);
	strlist_free(&files); /* only now: a document loading in the reader goes by its name */
	diags_free(&diags);
	library_free_at_exit(lib);
	names_free(names);
	strlist_free(&o.depts);
	return status;
}
