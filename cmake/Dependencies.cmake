# Every dependency is a Debian 12 package (tools/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)

pkg_check_modules(CMARK REQUIRED IMPORTED_TARGET libcmark-gfm)
# libcmark-gfm-extensions ships no pkg-config file; its library sits beside libcmark-gfm.
find_library(CMARK_EXTENSIONS_LIB NAMES cmark-gfm-extensions REQUIRED)
add_library(sufler_cmark INTERFACE)
target_link_libraries(sufler_cmark INTERFACE ${CMARK_EXTENSIONS_LIB} PkgConfig::CMARK)

pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
# A team's journal on a PostgreSQL server: libpq, the C client library (libpq-dev).
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
# Reading xlsx (core) and checking the zip of a .docx (importer): minizip; its XML: expat.
pkg_check_modules(MINIZIP REQUIRED IMPORTED_TARGET minizip)
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)
# Telling a real word from a typo in a search (the dictionary itself, hunspell-ru, is optional).
pkg_check_modules(HUNSPELL REQUIRED IMPORTED_TARGET hunspell)

if(SUFLER_BUILD_CONSOLE)
  pkg_check_modules(GLFW REQUIRED IMPORTED_TARGET glfw3)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  find_package(OpenGL REQUIRED)
endif()

if(SUFLER_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()
