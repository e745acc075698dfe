# bash completion for planview(1). Install as
# $(datadir)/bash-completion/completions/planview, or source it from ~/.bashrc.
# It uses only bash's own complete, compgen and compopt, not the bash-completion package.
# Department names and item numbers and paths are read from planview itself when you press Tab.

# The planview being completed: the command as typed if it runs, else planview on PATH.
_planview_cmd() {
	local cmd=${COMP_WORDS[0]}

	cmd=${cmd/#\~/$HOME}
	if type -P -- "$cmd" >/dev/null 2>&1; then
		printf '%s\n' "$cmd"
	else
		printf '%s\n' planview
	fi
}

# The FILE given on the command line (a *.yaml, *.yml or *.txt word that is no option's
# argument), if any.
_planview_document() {
	local i word prev

	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		((i == COMP_CWORD)) && continue
		word=${COMP_WORDS[i]}
		prev=${COMP_WORDS[i - 1]}
		case $prev in
		--show | --grep | --dept | --export | --import | --keymap | --encoding) continue ;;
		esac
		if [[ ($word == *.yaml || $word == *.yml || $word == *.txt) && -f $word ]]; then
			printf '%s\n' "$word"
			return
		fi
	done
}

# The --encoding given on the command line, as the option and its argument, if any.
_planview_encoding_option() {
	local i word

	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		((i == COMP_CWORD)) && continue
		word=${COMP_WORDS[i]}
		case $word in
		--encoding=?*) printf '%s\n' "$word"; return ;;
		--encoding)
			if ((i + 1 < ${#COMP_WORDS[@]} && i + 1 != COMP_CWORD)); then
				word=${COMP_WORDS[i + 1]}
				[[ $word == = ]] && word=${COMP_WORDS[i + 2]-}
				[[ -n $word && $word != = ]] && printf '%s\n' "--encoding=$word"
			fi
			return
			;;
		esac
	done
}

# The data directories to look in, as planview does: $PLANVIEW_DATADIR, the source tree
# of an uninstalled planview, then the usual installed places.
_planview_datadirs() {
	local cmd path

	if [[ -n ${PLANVIEW_DATADIR-} ]]; then
		printf '%s\n' "$PLANVIEW_DATADIR"
		return
	fi
	cmd=$(_planview_cmd)
	path=$(type -P -- "$cmd" 2>/dev/null)
	path=$(readlink -f -- "$path" 2>/dev/null || printf '%s\n' "$path")
	[[ $path == */* ]] && printf '%s\n' "${path%/*}/.."
	printf '%s\n' /usr/local/share/planview /usr/share/planview
}

# The department registries: the one the document names, else those in the data directory.
_planview_registries() {
	local doc dir reg f

	doc=$(_planview_document)
	[[ $doc == *.txt ]] && return # a plan's text names no registry
	if [[ -n $doc ]]; then
		reg=$(awk '/^departments:[ \t]*[^ \t]/ {
			v = $0
			sub(/^departments:[ \t]*/, "", v)
			sub(/[ \t]+#.*$/, "", v)
			gsub(/^["\047]|["\047][ \t]*$/, "", v)
			print v
			exit
		}' "$doc" 2>/dev/null)
		if [[ -n $reg ]]; then
			[[ $reg != /* && $doc == */* ]] && reg=${doc%/*}/$reg
			[[ -f $reg ]] && printf '%s\n' "$reg"
			return
		fi
	fi
	while IFS= read -r dir; do
		# a registry has a block list under departments:, a document a file name there
		for f in "$dir"/content/*.yaml "$dir"/*.yaml; do
			[[ -f $f ]] && grep -q '^departments:[[:space:]]*$' "$f" 2>/dev/null &&
			    printf '%s\n' "$f"
		done
	done < <(_planview_datadirs)
}

# Every name, full name and short form in the registries.
_planview_registry_names() {
	local reg

	while IFS= read -r reg; do
		awk '
		function value(s) {
			sub(/^[^:]*:[ \t]*/, "", s)
			return clean(s)
		}
		function clean(s) {
			sub(/[ \t]+#.*$/, "", s)
			gsub(/^["\047 \t]+|["\047 \t]+$/, "", s)
			return s
		}
		/^[ \t]*-[ \t]+name:/ { print value($0); short = 0; next }
		/^[ \t]*full:/ { print value($0); short = 0; next }
		/^[ \t]*short:[ \t]*\[/ {
			s = value($0)
			gsub(/[][]/, "", s)
			n = split(s, v, ",")
			for (i = 1; i <= n; i++) if (clean(v[i]) != "") print clean(v[i])
			short = 0
			next
		}
		/^[ \t]*short:[ \t]*$/ { short = 1; next }
		short && /^[ \t]*-[ \t]/ { s = $0; sub(/^[ \t]*-[ \t]*/, "", s); print clean(s); next }
		{ short = 0 }
		' "$reg" 2>/dev/null
	done < <(_planview_registries)
}

# Departments for --dept: the DEPARTMENT and FULL NAME columns of planview --departments
# (a RESPONSIBLE column may come before them), and the short forms of the registry.
_planview_departments() {
	local cmd doc enc

	cmd=$(_planview_cmd)
	doc=$(_planview_document)
	enc=$(_planview_encoding_option)
	"$cmd" --departments ${enc:+"$enc"} ${doc:+"$doc"} 2>/dev/null |
	    awk 'NR == 1 { for (k = 1; k <= NF; k++) if ($k == "DEPARTMENT") col = k; next }
		col && NF >= col {
			print $col
			if (NF > col && $(col + 1) != "-" && $(col + 1) !~ /^\(/) print $(col + 1)
		}'
	_planview_registry_names
}

# The value of one Chinese digit, 一 to 九; fails for anything else.
_planview_digit() {
	case $1 in
	一) echo 1 ;; 二) echo 2 ;; 三) echo 3 ;; 四) echo 4 ;; 五) echo 5 ;;
	六) echo 6 ;; 七) echo 7 ;; 八) echo 8 ;; 九) echo 9 ;;
	*) return 1 ;;
	esac
}

# A Chinese numeral under 100 as Arabic digits: 十五 15, 二十三 23; nothing if it is not one.
_planview_arabic() {
	local s=$1 tens=0 units=0

	case $s in
	*十*)
		tens=1
		if [[ -n ${s%%十*} ]]; then tens=$(_planview_digit "${s%%十*}") || return; fi
		if [[ -n ${s#*十} ]]; then units=$(_planview_digit "${s#*十}") || return; fi
		;;
	*) units=$(_planview_digit "$s") || return ;;
	esac
	echo $((tens * 10 + units))
}

# Items for --show, from the paths in planview --export json: every item's path
# (二/（一）/3, 五/(十五)), and the number alone of an item whose number is found once:
# (十五) and 十五, and 15 when the word being completed starts with a digit.
_planview_items() {
	local cmd doc enc digits=$1 line n

	cmd=$(_planview_cmd)
	doc=$(_planview_document)
	enc=$(_planview_encoding_option)
	while IFS= read -r line; do
		case $line in
		path\ *) printf '%s\n' "${line#path }"; continue ;;
		esac
		n=${line#number }
		printf '%s\n' "$n"
		case $n in
		'('*')') n=${n%')'}; n=${n#'('} ;;
		'（'*'）') n=${n%'）'}; n=${n#'（'} ;;
		*) continue ;;
		esac
		printf '%s\n' "$n"
		[[ -n $digits ]] && _planview_arabic "$n"
	done < <("$cmd" --export json ${enc:+"$enc"} ${doc:+"$doc"} 2>/dev/null |
	    sed -n 's/^[[:space:]]*"path": "\([^"]*\)",*$/\1/p' |
	    awk '{ path[NR] = $0; n = split($0, part, "/"); last[NR] = part[n]; seen[part[n]]++ }
		END {
			for (i = 1; i <= NR; i++) {
				print "path " path[i]
				if (seen[last[i]] == 1) print "number " last[i]
			}
		}')
}

# Keymap presets: default, vi, emacs and any other keymaps/*.keys in the data directory.
_planview_presets() {
	local dir f

	printf '%s\n' default vi emacs
	while IFS= read -r dir; do
		for f in "$dir"/keymaps/*.keys; do
			[[ -f $f ]] || continue
			f=${f##*/}
			printf '%s\n' "${f%.keys}"
		done
	done < <(_planview_datadirs)
}

# The long and short options, from planview --help (so new options complete too).
_planview_options() {
	local cmd help

	cmd=$(_planview_cmd)
	help=$("$cmd" --help 2>/dev/null)
	if [[ -z $help ]]; then
		printf '%s\n' --outline --show --grep --ignore-case --exact-script --dept --departments \
		    --export --matrix --csv-raw --no-cache --import --check --encoding --ambiguous-wide --keymap \
		    --list-actions --dump-keymap --help --version -i -h -V
		return
	fi
	{
		printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*'
		printf '%s\n' "$help" | grep -o -- '^ *-[a-zA-Z],' | tr -d ' ,'
	} | LC_ALL=C sort -u
}

# Add to COMPREPLY the words of standard input that begin with $1, or, if none does,
# those that contain it (--dept takes any unique part of a name); without repeats.
_planview_add_matching() {
	local cur=$1 prefix=$2 word
	local -a words=() hits=()

	while IFS= read -r word; do
		[[ -n $word ]] && words+=("$word")
	done < <(LC_ALL=C sort -u)
	for word in "${words[@]}"; do
		[[ $word == "$cur"* ]] && hits+=("$prefix$word")
	done
	if ((${#hits[@]} == 0)) && [[ -n $cur ]]; then
		for word in "${words[@]}"; do
			[[ $word == *"$cur"* ]] && hits+=("$prefix$word")
		done
	fi
	COMPREPLY+=("${hits[@]}")
}

# Files: documents, *.yaml, *.yml and *.txt (or every file, with "all"), and directories.
_planview_files() {
	local cur=$1 what=$2 f

	type compopt >/dev/null 2>&1 && compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		if [[ -d $f || $what == all || $f == *.yaml || $f == *.yml || $f == *.txt ]]; then
			COMPREPLY+=("$f")
		fi
	done < <(compgen -f -- "$cur")
}

_planview() {
	local cur prev prefix= unquoted

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --opt=value: bash splits it at = into --opt, = and value
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		prefix=$prev=
		cur=${cur#*=}
	fi
	# what was typed, without the shell's quoting: \( or '(十 is (
	unquoted=${cur//\\/}
	unquoted=${unquoted#[\"\']}

	case $prev in
	--dept)
		_planview_add_matching "$unquoted" "$prefix" < <(_planview_departments)
		return
		;;
	--show)
		type compopt >/dev/null 2>&1 && compopt -o filenames 2>/dev/null # quote ( and ) on insertion
		_planview_add_matching "$unquoted" "$prefix" \
		    < <(_planview_items "$([[ $unquoted == [0-9]* ]] && echo digits)")
		return
		;;
	--export | -e)
		_planview_add_matching "$cur" "$prefix" \
		    < <(printf '%s\n' text markdown json csv yaml)
		return
		;;
	--keymap)
		_planview_add_matching "$cur" "$prefix" < <(_planview_presets)
		[[ -z $prefix ]] && _planview_files "$cur" all
		return
		;;
	--import)
		[[ -z $prefix ]] && _planview_files "$cur" all
		return
		;;
	--encoding)
		# iconv's names, in the case being typed
		_planview_add_matching "$cur" "$prefix" \
		    < <(printf '%s\n' UTF-8 GB18030 GBK BIG5 UTF-16LE UTF-16BE |
		    if [[ $cur == [a-z]* ]]; then tr A-Z a-z; else cat; fi)
		return
		;;
	--grep)
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_planview_options)" -- "$cur"))
		return
	fi
	_planview_files "$cur" documents
}

complete -F _planview planview
