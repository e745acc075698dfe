/* test_format.c: a published file's format told from its content first, then its name. */
#include <stdlib.h>

#include "format/format.h"
#include "tap.h"

static void
sniff(const char *name, const char *bytes, size_t len, const char *want)
{
	is_str(format_name(format_sniff(name, bytes, len)), want, name);
}

/* A fixture's bytes, sniffed under another name. */
static void
sniff_file(const char *fixture, const char *name, const char *want)
{
	const char *top = getenv("top_srcdir");
	char *path = xasprintf("%s/tests/formats/%s", top != NULL ? top : ".", fixture), *why;
	size_t len;
	char *bytes = file_read(path, 1u << 20, &len, &why);

	ok(bytes != NULL, "%s: read", path);
	if (bytes != NULL)
		sniff(name, bytes, len, want);
	else
		free(why);
	free(bytes);
	free(path);
}

void
test_format(void)
{
	static const char ole[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0";

	sniff("really-pdf.doc", "%PDF-1.4\n%%EOF\n", 15, "PDF");
	sniff("ole-named.wps", ole, sizeof ole, "WPS (.wps)");
	sniff("ole-named.txt", ole, sizeof ole, "Word 97-2003 (.doc)");
	sniff("bom-doctype.txt", "\xef\xbb\xbf \n<!DOCTYPE HTML>\n<html>", 26, "web page (HTML)");
	sniff("xhtml.xml", "<?xml version=\"1.0\"?>\n<!-- a page -->\n<html>", 44,
	    "web page (HTML)");
	sniff("empty.html", "", 0, "web page (HTML)");
	sniff("key.txt", "planview: 2\n", 12, "YAML");
	sniff("directive.dat", "%YAML 1.2\n---\n", 14, "YAML");
	sniff("plan.txt", "一、总体要求\n", 19, "text");
	sniff("broken.docx", "PK\x03\x04garbage", 11, "Word (.docx)");
	sniff_file("tasks-merged.docx", "docx-named.pdf", "Word (.docx)");
	sniff_file("plan.ofd", "ofd-named.zip", "OFD");
	sniff_file("plan-tasks.pdf", "pdf-named.html", "PDF");
	ok(format_named("方案.DOCX") && format_named("a/b.ofd") && format_named("x.htm"),
	    "format_named: .docx .ofd .htm are published files");
	ok(!format_named("a.txt") && !format_named("a.yaml") && !format_named("docx"),
	    "format_named: .txt .yaml and no extension are not");
}
