/* config.h for the fuzz build: what the sources need from autoconf's, without configure. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#define PACKAGE "planview"
#define PACKAGE_VERSION "fuzz"
#define VERSION PACKAGE_VERSION
/* The format libraries, loaded when first needed: their -dev packages' names for them. */
#define LIBZIP_SONAME "libzip.so"
#define LIBXML_SONAME "libxml2.so"
#define POPPLER_SONAME "libpoppler-glib.so"
#define OPENCC_SONAME "libopencc.so"
