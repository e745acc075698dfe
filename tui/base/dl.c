/* dl.c: a shared library loaded on its first use, its functions resolved into pointers. */
#include <dlfcn.h>
#include <stdlib.h>

#include "base/base.h"

/*
 * Load the library soname once (*handle keeps it) and resolve its functions into fns
 * (function pointers in the order of names): a library mapped at every start costs its
 * relocations and static constructors in every process, used or not. False, with *why (to
 * free) saying what failed, when it cannot be loaded or lacks a function.
 */
bool
dl_load(void **handle, const char *soname, const char *const *names, size_t n, void **fns,
    char **why)
{
	void *h;

	if (*handle != NULL)
		return true;
	if ((h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		*why = xasprintf("cannot load %s: %s", soname, dlerror());
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if ((fns[i] = dlsym(h, names[i])) == NULL) {
			*why = xasprintf("%s has no %s", soname, names[i]);
			dlclose(h);
			return false;
		}
	*handle = h;
	return true;
}
