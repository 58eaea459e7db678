/* winnow/version.h -- the library's version and its export macro.
 *
 * WN_VERSION_* say which headers a program was compiled against;
 * wn_version() says which library it runs with. The Makefile reads
 * WN_VERSION_STRING from here for the shared object's file name
 * (libwinnow.so.MAJOR.MINOR.PATCH), its soname (libwinnow.so.MAJOR) and
 * winnow.pc, and `winnow --version` prints wn_version(), so all of them agree.
 * MAJOR changes when the ABI breaks (a struct field moved, a function
 * removed or changed); new functions and appended fields raise MINOR.
 */
#ifndef WINNOW_VERSION_H
#define WINNOW_VERSION_H

/* WN_EXPORT marks every function of the public API. libwinnow is compiled
 * with -fvisibility=hidden, so whatever is not marked stays internal to the
 * shared object: `nm -D --defined-only libwinnow.so` lists only wn_ names.
 * A declaration added to include/winnow/ without it links statically (the
 * tool, the tests) but is missing from libwinnow.so; tests/e2e/install.sh
 * checks that every declared function is exported. */
#if defined(__GNUC__) || defined(__clang__)
#define WN_EXPORT __attribute__((visibility("default")))
#else
#define WN_EXPORT
#endif

#define WN_VERSION_MAJOR 0
#define WN_VERSION_MINOR 1
#define WN_VERSION_PATCH 0
#define WN_VERSION_STRING "0.1.0"

/* One integer that orders versions: MAJOR * 10000 + MINOR * 100 + PATCH. */
#define WN_VERSION_NUMBER (WN_VERSION_MAJOR * 10000 + WN_VERSION_MINOR * 100 + WN_VERSION_PATCH)

/* Returns the version of the library the program runs with, e.g. "0.1.0"
 * (static string, never NULL). Compare with WN_VERSION_STRING to detect a
 * program built against other headers. */
WN_EXPORT const char *wn_version(void);

/* Returns WN_VERSION_NUMBER of the library the program runs with. */
WN_EXPORT int wn_version_number(void);

#endif
