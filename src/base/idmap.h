/* idmap.h -- private: a hash map from id strings to a small integer.
 *
 * Open addressing with linear probing and backward-shift deletion, so there
 * are no tombstones. Used by the source (id -> in-flight slot) and the sink
 * (ids already written -> their status). Keys are copied and owned by the
 * map. The number of entries is capped by the caller-given maximum.
 */
#ifndef WINNOW_IDMAP_H
#define WINNOW_IDMAP_H

#include <stddef.h>
#include <stdint.h>

#include "winnow/status.h"

typedef struct wn_idmap wn_idmap_t;

/* Creates an empty map that holds at most `max_entries` ids (0: no cap).
 * Returns NULL on allocation failure; free with wn_idmap_destroy. */
wn_idmap_t *wn_idmap_new(size_t max_entries);

/* Frees the map and its keys; sets *self to NULL. Accepts NULL. */
void wn_idmap_destroy(wn_idmap_t **self);

/* Inserts or replaces id[0..len) -> value. Returns WN_OK, WN_ETOOBIG (cap
 * reached) or WN_ENOMEM. */
WN_MUST_CHECK wn_status wn_idmap_put(wn_idmap_t *m, const char *id, size_t len, uint32_t value);

/* Returns 1 and sets *value (may be NULL) if id[0..len) is present, else 0. */
int wn_idmap_get(const wn_idmap_t *m, const char *id, size_t len, uint32_t *value);

/* Removes id[0..len); returns 1 if it was present. */
int wn_idmap_del(wn_idmap_t *m, const char *id, size_t len);

/* A 128-bit digest of id[0..len) (MurmurHash3 x64_128) into out[16]: a
 * fixed-size key for sets of untrusted ids (ids up to 2 KiB each would
 * otherwise be stored whole). Accidental collisions are negligible. */
void wn_id_digest(const char *id, size_t len, unsigned char out[16]);

/* Number of ids held. */
size_t wn_idmap_count(const wn_idmap_t *m);

#endif
