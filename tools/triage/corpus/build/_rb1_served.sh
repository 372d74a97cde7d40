#!/bin/bash
# usage: _served.sh < "name version" lines; prints the ones whose exact version is not in the served list
awk -F'\t' 'NR==FNR{n=tolower($1); v[n]=" "$2" "$5" "; next} {n=tolower($1); if(!(n in v)) print "NOT-SERVED-NAME", $1, $2; else if (index(v[n]," "$2" ")==0) print "VERSION-NOT-SERVED", $1, $2, "(newest:", substr(v[n],2,index(substr(v[n],2)," ")-1) ")"}' /work/.library/env/packages/nuget.tsv FS=' ' -
