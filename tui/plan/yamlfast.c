/*
 * yamlfast.c: the YAML planview writes, read without libyaml. It reads block mappings and
 * lists, one-line plain, double- and single-quoted scalars, one-line flow lists of them
 * ([a, "b"], []) and comments, and nothing else: at the first thing outside that (a tab,
 * a multi-line scalar, an anchor, a flow mapping, a character libyaml would refuse...) it
 * stops and says so, and yaml.c reads the input again with libyaml, which reads all of
 * YAML and says what is wrong with it. What it hands the sink is what libyaml's events
 * would have built: the same nodes, the same strings, lines and columns
 * (fuzz/fuzz_yamlfast.c compares the two trees, and fuzz_yaml the whole loads).
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

/* An open block collection: the column its keys or dashes stand at. */
struct level {
	size_t indent;
	bool seq;
};

struct scan {
	const struct yaml_sink *sink;
	unsigned line;                  /* of the line being read, from 1 */
	struct level open[MAX_YAML_DEPTH + 1];
	size_t depth;
	bool pending;                   /* the last key or dash has no value yet */
	unsigned pend_line, pend_col;   /* where its empty value would stand */
	size_t pend_indent;             /* the column of that key or dash */
	struct buf text;                /* a quoted scalar's value */
};

/*
 * The length of the UTF-8 character at p (up to end) that libyaml's reader accepts and
 * its scanner treats as an ordinary character; 0 for anything else: a control character,
 * a tab, a carriage return, a line break other than \n (U+0085, U+2028, U+2029), U+FEFF
 * (skipped at the start of a line), a noncharacter or a malformed sequence.
 */
static size_t
plain_char(const unsigned char *p, const unsigned char *end)
{
	uint32_t cp;
	size_t n;

	if (p[0] < 0x80)
		return p[0] >= 0x20 && p[0] != 0x7f;
	n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
	if (n == 0 || p[0] > 0xf4 || (size_t)(end - p) < n)
		return 0;
	cp = p[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	if (cp < 0xa0 || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

/* Whether every character of the line is one plain_char() accepts. */
static bool
line_sound(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n;

	while (p < end) {
		if (*p >= 0x20 && *p < 0x7f) {
			p++;
			continue;
		}
		if ((n = plain_char(p, end)) == 0)
			return false;
		p += n;
	}
	return true;
}

static bool
is_blank_or_end(const char *p, const char *end)
{
	return p == end || *p == ' ';
}

/* The end of the spaces from p. */
static const char *
skip_spaces(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	return p;
}

/* Whether nothing but spaces and a comment follow p. */
static bool
rest_empty(const char *p, const char *end)
{
	const char *q = skip_spaces(p, end);

	return q == end || (*q == '#' && q > p);
}

/* The length of a key (chapters, by_division) at p followed by ':' and a blank; 0 if none. */
static size_t
key_at(const char *p, const char *end)
{
	const char *q = p;

	if (q == end || !((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_'))
		return 0;
	while (q < end && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
	    (*q >= '0' && *q <= '9') || *q == '_' || *q == '-'))
		q++;
	return q < end && *q == ':' && is_blank_or_end(q + 1, end) ? (size_t)(q - p) : 0;
}

/* The value of n hex digits at p, or -1. */
static long
hex_value(const char *p, const char *end, int n)
{
	long v = 0;

	if (end - p < n)
		return -1;
	for (int i = 0; i < n; i++) {
		char c = p[i];

		v = v << 4 | (c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1);
		if (v < 0)
			return -1;
	}
	return v;
}

/* Append code point cp as UTF-8. */
static void
put_utf8(struct buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, u, n);
}

/*
 * One escape of a double-quoted scalar, from the character after its backslash at *p
 * (before end), as libyaml reads it; *p moves past it. False for one libyaml refuses.
 */
static bool
escape(struct buf *b, const char **p, const char *end)
{
	static const char simple[] = "0\0a\ab\bt\tn\nv\vf\fr\re\033  \"\"//\\\\"; /* \' is not one */
	char c = *(*p)++;
	int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
	long v;

	if (digits == 0) {
		for (size_t i = 0; i + 1 < sizeof simple; i += 2)
			if (simple[i] == c) {
				buf_putc(b, simple[i + 1]);
				return true;
			}
		if (c != 'N' && c != '_' && c != 'L' && c != 'P')
			return false;
		put_utf8(b, c == 'N' ? 0x85 : c == '_' ? 0xa0 : c == 'L' ? 0x2028 : 0x2029);
		return true;
	}
	if ((v = hex_value(*p, end, digits)) < 0 || (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return false;
	*p += digits;
	put_utf8(b, (uint32_t)v);
	return true;
}

/*
 * A quoted scalar from its opening quote at p to its closing one on the same line, its
 * value in s->text; the end of the scalar, or NULL.
 */
static const char *
quoted(struct scan *s, const char *p, const char *end)
{
	char q = *p++;

	buf_truncate(&s->text, 0);
	while (p < end) {
		const char *run = p;

		while (p < end && *p != q && (q == '\'' || *p != '\\'))
			p++;
		buf_add(&s->text, run, (size_t)(p - run));
		if (p == end)
			break; /* it goes on past the line: libyaml's to fold */
		if (q == '\'' && p + 1 < end && p[1] == '\'') {
			buf_putc(&s->text, '\'');
			p += 2;
		} else if (*p == q) {
			return p + 1;
		} else if (++p == end || !escape(&s->text, &p, end)) {
			break;
		}
	}
	return NULL;
}

/*
 * The end of a plain scalar starting at p (before a comment, trailing spaces trimmed), or
 * NULL if the line holds what libyaml would read otherwise (": " makes a mapping).
 */
static const char *
plain_end(const char *p, const char *end)
{
	const char *q = p, *last = p;

	while (q < end) {
		if (*q == ' ') {
			if (q + 1 < end && q[1] == '#')
				break;
		} else {
			if (*q == ':' && is_blank_or_end(q + 1, end))
				return NULL;
			last = q + 1;
		}
		q++;
	}
	return last;
}

/*
 * The character column (from 1) of p, a place on a line that *at (in column *col) is
 * before on the same line: UTF-8 lead bytes counted from there, and *at moved to p.
 */
static unsigned
column(const char **at, unsigned *col, const char *p)
{
	for (; *at < p; (*at)++)
		*col += ((unsigned char)**at & 0xc0) != 0x80;
	return *col;
}

/*
 * The end of a plain scalar in a one-line flow list at p: up to the next ',' or ']',
 * trailing spaces trimmed; NULL at anything libyaml could read otherwise in a flow
 * (another bracket or brace, a colon, a comment) or an empty one.
 */
static const char *
flow_plain_end(const char *p, const char *end)
{
	const char *q = p, *last = p;

	if (strchr("-?:&*!|>%@`#'\"", *p) != NULL)
		return NULL;
	for (; q < end && *q != ',' && *q != ']'; q++) {
		if (strchr("[]{}:#", *q) != NULL)
			return NULL;
		if (*q != ' ')
			last = q + 1;
	}
	return last > p ? last : NULL;
}

/*
 * A one-line flow list of scalars from its [ at p: [a, "b", 'c'], or []; the end of its
 * ], or NULL if it is not that.
 */
static const char *
flow_list(struct scan *s, const char *line, const char *p, const char *end)
{
	const struct yaml_sink *k = s->sink;
	const char *after, *at = line;
	unsigned col = 1;

	if (!k->open(k->ctx, true, s->line, column(&at, &col, p)))
		return NULL;
	p = skip_spaces(p + 1, end);
	while (p < end && *p != ']') {
		bool ok;

		if (*p == '"' || *p == '\'') {
			ok = (after = quoted(s, p, end)) != NULL && k->scalar(k->ctx, s->line,
			    column(&at, &col, p), s->text.s != NULL ? s->text.s : "", s->text.len,
			    false);
		} else {
			ok = (after = flow_plain_end(p, end)) != NULL && k->scalar(k->ctx, s->line,
			    column(&at, &col, p), p, (size_t)(after - p), true);
		}
		if (!ok)
			return NULL;
		p = skip_spaces(after, end);
		if (p < end && *p == ',') {
			p = skip_spaces(p + 1, end);
			if (p == end || *p == ']' || *p == ',')
				return NULL; /* [a, ]: libyaml's to read */
		} else if (p == end || *p != ']') {
			return NULL;
		}
	}
	if (p == end)
		return NULL; /* it goes on past the line */
	k->close(k->ctx);
	return p + 1;
}

/* A scalar value or a flow list at p on the line; false if it is not in the subset. */
static bool
value(struct scan *s, const char *line, const char *p, const char *end)
{
	unsigned col = (unsigned)(p - line) + 1; /* all before it on the line is ASCII */
	const struct yaml_sink *k = s->sink;
	const char *after;

	switch (*p) {
	case '"':
	case '\'':
		if ((after = quoted(s, p, end)) == NULL || !rest_empty(after, end) ||
		    (after < end && *after != ' '))
			return false;
		return k->scalar(k->ctx, s->line, col, s->text.s != NULL ? s->text.s : "",
		    s->text.len, false);
	case '[':
		return (after = flow_list(s, line, p, end)) != NULL && rest_empty(after, end) &&
		    (after == end || *after == ' ');
	case '-':
	case '?':
	case ':':
		if (is_blank_or_end(p + 1, end))
			return false;
		break;
	default:
		if (strchr("&*!|>%@`,]{}#", *p) != NULL)
			return false;
	}
	if ((after = plain_end(p, end)) == NULL)
		return false;
	return k->scalar(k->ctx, s->line, col, p, (size_t)(after - p), true);
}

/* A key or dash at column col (from 0) with no value on its line: one may follow below. */
static void
await_value(struct scan *s, size_t col, unsigned value_col)
{
	s->pending = true;
	s->pend_line = s->line;
	s->pend_col = value_col;
	s->pend_indent = col;
}

/* The empty value of a key or dash that nothing deeper followed, where libyaml puts it. */
static bool
empty_value(struct scan *s)
{
	s->pending = false;
	return s->sink->scalar(s->sink->ctx, s->pend_line, s->pend_col, "", 0, true);
}

/* Open a collection whose keys or dashes stand at column indent (from 0) of this line. */
static bool
push(struct scan *s, bool seq, size_t indent)
{
	if (s->depth == MAX_YAML_DEPTH || !s->sink->open(s->sink->ctx, seq, s->line,
	    (unsigned)indent + 1))
		return false;
	s->open[s->depth++] = (struct level){ indent, seq };
	return true;
}

static void
pop(struct scan *s)
{
	s->depth--;
	s->sink->close(s->sink->ctx);
}

/* "key: value" or "key:" at p, column col, in the mapping on top. */
static bool
map_entry(struct scan *s, const char *line, const char *p, const char *end)
{
	size_t col = (size_t)(p - line), klen = key_at(p, end);
	const char *v;

	if (klen == 0 || !s->sink->scalar(s->sink->ctx, s->line, (unsigned)col + 1, p, klen, true))
		return false;
	v = skip_spaces(p + klen + 1, end);
	if (rest_empty(p + klen + 1, end)) {
		await_value(s, col, (unsigned)(col + klen + 2));
		return true;
	}
	return value(s, line, v, end);
}

/* "- value", "- key: value" or "-" at p, in the list on top. */
static bool
seq_entry(struct scan *s, const char *line, const char *p, const char *end)
{
	size_t col = (size_t)(p - line);
	const char *v = skip_spaces(p + 1, end);

	if (rest_empty(p + 1, end)) {
		await_value(s, col, (unsigned)col + 2);
		return true;
	}
	if (*v == '-' && is_blank_or_end(v + 1, end))
		return false; /* a list in a list's entry: libyaml's to read */
	if (key_at(v, end) != 0)
		return push(s, false, (size_t)(v - line)) &&
		    map_entry(s, line, v, end);
	return value(s, line, v, end);
}

/* An entry at p of the collection on top, which must be of its kind. */
static bool
entry(struct scan *s, const char *line, const char *p, const char *end)
{
	bool dash = *p == '-' && is_blank_or_end(p + 1, end);

	if (dash != s->open[s->depth - 1].seq)
		return false;
	return dash ? seq_entry(s, line, p, end) : map_entry(s, line, p, end);
}

/* One line (without its \n); false at anything outside the subset. */
static bool
scan_line(struct scan *s, const char *line, const char *end)
{
	const char *p = skip_spaces(line, end);
	size_t indent = (size_t)(p - line);
	bool dash;

	if (!line_sound(line, (size_t)(end - line)))
		return false;
	if (p == end || *p == '#')
		return true;
	if (indent == 0 && end - p >= 3 && (memcmp(p, "---", 3) == 0 || memcmp(p, "...", 3) == 0))
		return false;
	dash = *p == '-' && is_blank_or_end(p + 1, end);
	if (s->depth == 0) /* the root: a mapping at the first column */
		return indent == 0 && !dash && push(s, false, 0) && map_entry(s, line, p, end);
	if (s->pending && indent > s->pend_indent) {
		s->pending = false;
		return push(s, dash, indent) && entry(s, line, p, end);
	}
	if (s->pending && !empty_value(s))
		return false;
	if (indent > s->open[s->depth - 1].indent)
		return false; /* a scalar going on, or a stray key: libyaml's to read */
	while (s->depth > 1 && s->open[s->depth - 1].indent > indent)
		pop(s);
	if (s->open[s->depth - 1].indent != indent)
		return false;
	return entry(s, line, p, end);
}

/* The lines in buf[0, len) that end with \n, read: how many bytes they took. */
static size_t
scan_lines(struct scan *s, const char *buf, size_t len, bool *ok)
{
	const char *p = buf, *end = buf + len, *nl;

	while (*ok && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		s->line++;
		*ok = scan_line(s, p, nl);
		p = nl + 1;
	}
	return (size_t)(p - buf);
}

#define READ_CHUNK (1u << 20)

/*
 * Read YAML from read(src, ...) into the sink, a chunk at a time; false at the first
 * thing outside the subset (the sink has had part of it, and is to be emptied by the
 * caller).
 */
bool
yaml_fast_read(yaml_read_fn *read, void *src, const struct yaml_sink *sink)
{
	struct scan s = { .sink = sink };
	size_t cap = READ_CHUNK, have = 0, got, used;
	char *buf = xmalloc(cap);
	bool ok = true, first = true;

	while (ok && (got = read(src, buf + have, cap - have)) > 0) {
		have += got;
		if (first && have >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
			ok = false; /* a byte-order mark: libyaml's to skip */
		first = false;
		used = scan_lines(&s, buf, have, &ok);
		memmove(buf, buf + used, have - used);
		have -= used;
		if (have == cap) /* a line longer than the buffer */
			buf = xreallocarray(buf, cap *= 2, 1);
	}
	if (ok && have > 0) { /* the last line, without a \n */
		s.line++;
		ok = scan_line(&s, buf, buf + have);
	}
	free(buf);
	if (ok && s.depth == 0)
		ok = false; /* nothing but comments: libyaml says what is missing */
	if (ok && s.pending)
		ok = empty_value(&s);
	while (ok && s.depth > 0)
		pop(&s);
	buf_free(&s.text);
	return ok;
}
