/* config.h for the fuzz build: what the sources need from autoconf's, without configure. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#define PACKAGE "planview"
#define PACKAGE_VERSION "fuzz"
#define VERSION PACKAGE_VERSION
