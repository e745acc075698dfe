#!/bin/sh
# embed.sh NAME FILE: write FILE as a C string constant called NAME, to compile it in.
name=$1
file=$2
printf '/* Generated from %s by keymaps/embed.sh: do not edit. */\n' "$(basename "$file")"
printf 'const char %s[] =\n' "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/\\n"/' "$file"
printf '\t"";\n'
