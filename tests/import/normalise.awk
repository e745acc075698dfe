# normalise.awk: an oracle line, or a line of tests/unit/tree, in the form both are compared in.
# The path and title stay; the KEY=value fields after them are sorted; notes are dropped; and
# so are the collective catch-alls (市直各部门, 有关单位, 相关区政府): the oracles leave them
# out, the importer keeps them as written. An attachment's own line (附件1 and its title) goes
# too: the oracles name it only in its items' paths.
function catch_all(name) {
	return name ~ /^(有关|相关|有關|相關)/ || name ~ /(各|各成员|各成員|有关|相关|有關|相關)(部门|部門|单位|單位)$/
}
BEGIN { FS = "\t"; OFS = "\t" }
/^#/ || /^[ \t]*$/ { next }
$1 ~ /^附件[0-9一二三四五六七八九十]*$/ { next }
{
	n = 0
	for (i = 3; i <= NF; i++) {
		if ($i == "" || $i ~ /^note=/)
			continue
		key = substr($i, 1, index($i, "=") - 1)
		split(substr($i, index($i, "=") + 1), names, "|")
		value = ""
		for (k = 1; k in names; k++)
			if (!((key == "lead" || key == "cooperate" || key == "responsible") && catch_all(names[k])))
				value = value (value == "" ? "" : "|") names[k]
		delete names
		if (value != "")
			field[++n] = key "=" value
	}
	for (i = 2; i <= n; i++)	# insertion sort: a handful of fields
		for (j = i; j > 1 && field[j - 1] > field[j]; j--) {
			t = field[j]; field[j] = field[j - 1]; field[j - 1] = t
		}
	line = $1 OFS $2
	for (i = 1; i <= n; i++)
		line = line OFS field[i]
	print line
}
