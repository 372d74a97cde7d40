#!/bin/bash
# Corpus build of N_m3u8DL-RE (needs the fetched mirror of github:nilaoda/N_m3u8DL-RE); the host builds Common and Parser.
F=N_m3u8DL-RE; C=df70f0b3da; GH=nilaoda/N_m3u8DL-RE
. /work/corpus/bin/build/_rb3_lib.sh
extract
B src/N_m3u8DL-RE/N_m3u8DL-RE.csproj net10.0
keep N_m3u8DL-RE.Common.net10.0 N_m3u8DL-RE.Parser.net10.0 N_m3u8DL-RE.net10.0
