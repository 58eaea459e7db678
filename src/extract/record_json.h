/* record_json.h -- the record as a jansson object, for the modules that
 * add to it or reorder it (proto.c: the result header, the sink's line).
 * Private to libwinnow; the public face is winnow/record.h. */
#ifndef WINNOW_RECORD_JSON_H
#define WINNOW_RECORD_JSON_H

#include <jansson.h>

#include "winnow/record.h"

/* The record as a new JSON object (caller decrefs) with every key of
 * wn_record_keys() in order -- "text" only when with_text -- or NULL on
 * allocation failure. */
json_t *wn_record_object(const wn_record_t *r, int with_text);

/* A JSON string of v (NULL: null), invalid UTF-8 replaced by U+FFFD; NULL
 * on allocation failure. */
json_t *wn_record_str(const char *v);

#endif
