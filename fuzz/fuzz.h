/* fuzz.h: what the fuzz targets share: libFuzzer's entry points and a check that aborts. */
#ifndef FUZZ_H
#define FUZZ_H

#include <sys/mman.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "plan/plan_int.h"
#include "reader/reader.h"

/* An invariant broken: say which, and abort so that libFuzzer keeps the input. */
#define CHECK(cond) ((cond) ? (void)0 : \
	(fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond), abort()))

/*
 * The size bytes at data copied into a mapping of their own (so that reading past them is
 * caught), sealed by seal if given (their size and checksum made to match), then made
 * read-only, as planview maps its cache's files. The caller munmap()s it.
 */
static inline void *
fuzz_mapped_copy(const void *data, size_t size, void (*seal)(void *, size_t))
{
	void *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(map != MAP_FAILED);
	memcpy(map, data, size);
	if (seal != NULL)
		seal(map, size);
	mprotect(map, size, PROT_READ);
	return map;
}

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The initialiser of a target that needs nothing but planview's UTF-8 locale. */
#define FUZZ_UTF8_INITIALIZE						\
int									\
LLVMFuzzerInitialize(int *argc, char ***argv)				\
{									\
	(void)argc, (void)argv;						\
	setlocale(LC_ALL, "C.UTF-8");					\
	return 0;							\
}

/* ... and of one whose queries write to /dev/null, through the FILE devnull. */
#define FUZZ_DEVNULL_INITIALIZE						\
static FILE *devnull;							\
									\
int									\
LLVMFuzzerInitialize(int *argc, char ***argv)				\
{									\
	(void)argc, (void)argv;						\
	setlocale(LC_ALL, "C.UTF-8");					\
	if ((devnull = fopen("/dev/null", "w")) == NULL)		\
		abort();						\
	return 0;							\
}

#endif
