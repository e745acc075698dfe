# huge.awk: a PDF too big to keep, written at test time: LC_ALL=C awk -v pages=N [-v fanout=K] [-v objects=M].
# pages pages under a tree of Pages nodes fanout wide, each page showing "Page N" in Helvetica;
# then null objects up to objects in all. Offsets in the xref table are exact.
function obj(s) { off[++n] = pos; s = n " 0 obj\n" s "\nendobj\n"; printf "%s", s; pos += length(s) }
BEGIN {
	if (fanout == "") fanout = pages
	printf "%%PDF-1.4\n"; pos = 9
	nodes = int((pages + fanout - 1) / fanout)
	# 1 catalog, 2 root, 3 font, 4..3+nodes Pages nodes, then per page: page + content
	kids = ""; for (k = 0; k < nodes; k++) kids = kids " " (4 + k) " 0 R"
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [" kids " ] /Count " pages " >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	first = 4 + nodes
	for (k = 0; k < nodes; k++) {
		kids = ""; cnt = 0
		for (p = k * fanout; p < pages && p < (k + 1) * fanout; p++) { kids = kids " " (first + 2 * p) " 0 R"; cnt++ }
		obj("<< /Type /Pages /Parent 2 0 R /Kids [" kids " ] /Count " cnt " >>")
	}
	for (p = 0; p < pages; p++) {
		obj("<< /Type /Page /Parent " (4 + int(p / fanout)) " 0 R /MediaBox [0 0 595 842] /Contents " (n + 2) " 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
		c = "BT /F1 12 Tf 72 770 Td (Page " p + 1 ") Tj ET"
		obj("<< /Length " length(c) " >>\nstream\n" c "\nendstream")
	}
	while (n < objects) obj("null")
	printf "xref\n0 %d\n0000000000 65535 f \n", n + 1
	for (i = 1; i <= n; i++) printf "%010d 00000 n \n", off[i]
	printf "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", n + 1, pos
}
