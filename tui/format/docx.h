/* docx.h: what the DOCX reader's two files share: Word's list definitions and counters. */
#ifndef PLANVIEW_FORMAT_DOCX_H
#define PLANVIEW_FORMAT_DOCX_H

#include "format/xml.h"

#define NUM_LEVELS 9

struct numlvl {        /* w:lvl */
	int start;     /* w:start */
	int restart;   /* w:lvlRestart: -1 after any higher level, 0 never, N after level N */
	bool legal;    /* w:isLgl: every level in decimal */
	bool no_suffix; /* w:suff="nothing" */
	char *fmt;     /* w:numFmt */
	char *text;    /* w:lvlText: "%1、" */
};
struct abstractnum {   /* w:abstractNum, with the counters of the lists that use it */
	int id;
	struct numlvl lvl[NUM_LEVELS];
	int counter[NUM_LEVELS];
	bool counting[NUM_LEVELS];
};
struct docxnum {       /* w:num: a list instance */
	int id, abstract;
	int start_override[NUM_LEVELS]; /* -1: none */
	bool override_used[NUM_LEVELS];
};
struct numbering {
	struct abstractnum *abs;
	size_t nabs;
	struct docxnum *nums;
	size_t nnums;
};

void numbering_read(struct numbering *, const xmlNode *);
void numbering_render(struct numbering *, int, int, struct buf *);
void numbering_free(struct numbering *);

#endif
