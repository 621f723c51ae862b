# embed_registry.cmake - writes the C source that compiles the curated registry into the
# library (src/import/imp_registry_builtin.h): the bytes of each DIR/*.csv and its name
# "registry/<file>.csv". Run at build time by the rule in CMakeLists.txt:
#   cmake -DDIR=<source>/data/registry -DOUT=<build>/.../imp_registry_builtin.c -P embed_registry.cmake
if(NOT DIR OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DDIR=<registry dir> -DOUT=<file.c> -P embed_registry.cmake")
endif()

file(GLOB names RELATIVE ${DIR} ${DIR}/*.csv)
list(SORT names)
string(REPEAT "[0-9a-f]" 32 sixteen_bytes)

set(arrays "")
set(entries "")
set(i 0)
foreach(name ${names})
  file(READ ${DIR}/${name} hex HEX)
  string(LENGTH "${hex}" digits)
  math(EXPR len "${digits} / 2")
  # 16 bytes a line, each as 0xNN,
  string(REGEX REPLACE "(${sixteen_bytes})" "\\1\n    " hex "${hex}")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(APPEND arrays "/* ${name} */\nstatic const unsigned char file${i}[] = {\n    ${hex}0x00};\n\n")
  string(APPEND entries "    {\"registry/${name}\", file${i}, ${len}},\n")
  math(EXPR i "${i} + 1")
endforeach()

file(WRITE ${OUT} "/* Generated from data/registry by cmake/embed_registry.cmake: do not edit. */
#include \"import/imp_registry_builtin.h\"

${arrays}const mg_imp_registry_builtin_file mg_imp_registry_builtin_files[] = {
${entries}    {NULL, NULL, 0},
};

const size_t mg_imp_registry_builtin_count = ${i};
")
