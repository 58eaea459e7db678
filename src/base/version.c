/* version.c -- the library's version at run time (see winnow/version.h). */
#include "winnow/version.h"

const char *wn_version(void) { return WN_VERSION_STRING; }

int wn_version_number(void) { return WN_VERSION_NUMBER; }
