/*
 * plan_int.h: what the plan layer's files share: the YAML node tree, the schema's walk,
 * the source's paragraphs and the export formats.
 */
#ifndef PLANVIEW_PLAN_INT_H
#define PLANVIEW_PLAN_INT_H

#include "plan/plan.h"

#define MAX_YAML_DEPTH 64 /* documents nest 5 deep; stop hostile nesting early */
/*
 * A file may hold at most this many items per MiB (a scalar counts 1, a list or mapping
 * 2, as it may become a clause): 8 bytes an item on average, where plans take 40 and
 * registries 15. Tiny items cost about 100 bytes each in the tree and the model, so a
 * file within the limit needs less than 16 times its size in memory.
 */
#define MAX_ITEMS_PER_MIB 131072

/* yaml.c: libyaml events into a small positioned tree (the only file that sees <yaml.h>) */
enum ynode_type { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };
struct ynode {
	char *str;           /* scalars; NULL once taken (ynode_take()) */
	struct ynode **kids; /* sequence items; a map's keys and values, alternating */
	size_t len;          /* of str */
	uint32_t n;          /* of kids (MAX_ITEMS_PER_MIB keeps it small) */
	unsigned line, col;
	unsigned type : 2;   /* enum ynode_type */
	bool plain : 1;      /* an unquoted scalar, which may be a number, boolean or null */
	bool streamed : 1;   /* a list whose items went to a yaml_item_fn, not into kids */
	bool own_str : 1;    /* str was allocated alone (a long one), not from the tree's pool */
	bool root : 1;       /* the root, which owns the pool the rest of the tree is in */
};
typedef void yaml_item_fn(void *, const struct ynode *, struct ynode *);
struct yaml_stream;
struct yaml_stream *yaml_open(const char *, const char *, yaml_item_fn *, void *, struct diags *);
struct yaml_stream *yaml_open_buffer(const char *, const char *, size_t, const char *,
    yaml_item_fn *, void *, struct diags *);
bool yaml_step(struct yaml_stream *, long);
double yaml_progress(const struct yaml_stream *);
struct ynode *yaml_close(struct yaml_stream *);
void yaml_abandon(struct yaml_stream *);
struct ynode *yaml_load(const char *, const char *, yaml_item_fn *, void *, struct diags *);
struct ynode *yaml_load_buffer(const char *, const char *, size_t, const char *,
    yaml_item_fn *, void *, struct diags *);
char *ynode_take(struct ynode *);
void ynode_free(struct ynode *);
void document_free_model(struct document *);
bool ynode_same(const struct ynode *, const struct ynode *);
extern size_t yaml_two_threads_min; /* bytes; a whole parse this large uses two threads */
/*
 * How whole inputs are read: the subset of YAML planview writes without libyaml, and
 * libyaml from the start if the input goes beyond it (the default); libyaml alone; or,
 * for tests and fuzzing, the subset alone (beyond it is an error).
 */
enum yaml_reader { YAML_SUBSET_FIRST, YAML_LIBYAML_ONLY, YAML_SUBSET_ONLY };
extern enum yaml_reader yaml_reader;
void yaml_on_restart(struct yaml_stream *, void (*)(void *));

/* yamlfast.c: the subset read without libyaml, into what yaml.c builds */
struct yaml_sink {
	void *ctx;
	bool (*open)(void *, bool, unsigned, unsigned);      /* a list (true) or mapping at */
	                                                      /* line, column */
	bool (*scalar)(void *, unsigned, unsigned, const char *, size_t, bool); /* plain */
	void (*close)(void *);
};
typedef size_t yaml_read_fn(void *, char *, size_t); /* up to n bytes; 0 at the end */
bool yaml_fast_read(yaml_read_fn *, void *, const struct yaml_sink *);

/* schema.c: node trees into the model, a whole tree or an item of its list at a time */
struct schema;
struct document *schema_document(const struct ynode *, const char *, struct library *,
    struct diags *);
struct registry *schema_registry(const struct ynode *, const char *, struct diags *);
struct registry *schema_registry_at(struct library *, const char *, struct diags *);
struct schema *schema_start(const char *, struct library *, struct diags *);
yaml_item_fn schema_item;
void schema_restart(void *);
struct document *schema_walked(const struct schema *);
struct document *schema_finish(struct schema *, const struct ynode *, bool *);
void schema_abandon(struct schema *);

/*
 * snapshot.c: a loaded document kept in the cache as one flat file, mapped read-only when
 * the same document is loaded again. A snapshot_key names a source file as it is now.
 */
struct snapshot_ident {     /* a file as it is: what a snapshot was built from */
	uint64_t size, ino, dev, hash;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
};
struct snapshot_key {
	char *file;                 /* the snapshot's path in the cache */
	char *source;               /* the document's absolute path */
	struct snapshot_ident src;  /* the document's, by stat() */
	int64_t built;              /* when it was read: the time the key was made */
};
extern const char *const cache_suffixes[]; /* the cache's files, under its size cap */
bool snapshot_source(const char *, char **, struct snapshot_ident *);
bool snapshot_same_stat(const struct snapshot_ident *, const struct snapshot_ident *);
char *snapshot_file(const char *);
bool snapshot_file_fresh(const char *, const struct snapshot_ident *, uint64_t *, uint64_t *);
bool snapshot_key(const char *, struct snapshot_key *);
void snapshot_key_free(struct snapshot_key *);
bool snapshot_unchanged(const char *, const struct snapshot_key *);
struct snapshot_meta {      /* what a snapshot says it was built from */
	struct snapshot_ident src, reg;
	int64_t built;
	const char *reg_path;       /* the registry's absolute path (in the mapping), or NULL */
};
enum { DECODE_HEADS = 1, DECODE_ON_DEMAND = 2, DECODE_MAKER = 4 }; /* how snapshot_decode() reads */
struct document *snapshot_decode(void *, size_t, unsigned, struct snapshot_meta *, const char **);
struct document *snapshot_open(const struct snapshot_key *, const char *, struct library *);
void snapshot_start_maker(struct document *);
#define SNAPSHOT_READ_IN_MAX (4u << 20) /* bytes: see snapshot_read_in() */
bool snapshot_read_in(const struct library *, size_t);
struct document *snapshot_take(void *, size_t, bool, const struct snapshot_key *,
    struct library *, const char **);
void snapshot_save(const struct snapshot_key *, const struct document *);
struct later_snapshot {     /* a snapshot to write later (library.snapshots_later) */
	struct snapshot_key key;
	const struct document *doc;
};
void library_forget_snapshots(struct library *);
void snapshot_seal(void *, size_t);

/* pack.c: a directory's snapshots in one file of the cache, mapped once a process */
#define PACK_SUFFIX ".pack"
struct document *pack_document(const struct snapshot_key *, const char *, struct library *);
typedef void pack_entry_fn(const char *, size_t, const char *, size_t, size_t, void *);
const char *pack_check(const void *, size_t, pack_entry_fn *, void *);
void pack_seal(void *, size_t);

/* export.c and one file per format (export_text.c, ...), which export_view() calls */
/*
 * Whether node i is in a view: sel marks the chosen items (a bool per node); NULL is the
 * whole document. An item above a chosen one is in the view too, as its heading.
 */
static inline bool
export_chosen(const struct document *d, const bool *sel, size_t i)
{
	if (sel == NULL || sel[i])
		return true;
	if (d->nodes[i].kind == NODE_MATTER)
		return false;
	for (size_t k = i + 1; k < d->nodes[i].end; k++)
		if (sel[k])
			return true;
	return false;
}
void export_text(struct buf *, const struct document *, const bool *);
void export_markdown(struct buf *, const struct document *, const bool *);
void export_json(struct buf *, const struct document *, const bool *);
void export_csv(struct buf *, const struct document *, const bool *);
void export_yaml(struct buf *, const struct document *);
void csv_field(struct buf *, const char *, bool);
void csv_cell(struct buf *, const char *, bool, bool);
void yaml_scalar(struct buf *, const char *);
void json_string(struct buf *, const char *);

#endif
