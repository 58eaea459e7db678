/* winnow/buf.h -- a growable byte buffer with a hard size cap.
 *
 * Modelled on curl's dynbuf: every buffer that holds untrusted data is
 * created with a maximum length, and growing past it is an error
 * (WN_ETOOBIG), never a crash or a silent truncation. The contents are
 * always NUL-terminated (the NUL is not counted in len), so text can be
 * handed to C string functions directly.
 */
#ifndef WINNOW_BUF_H
#define WINNOW_BUF_H

#include <stddef.h>

#include "winnow/status.h"

typedef struct wn_buf {
    char *data;  /* owned; NULL until the first append */
    size_t len;  /* bytes used, excluding the terminating NUL */
    size_t cap;  /* bytes allocated */
    size_t max;  /* most bytes len may reach */
} wn_buf_t;

/* Prepares `b` for use, empty, holding at most `max` bytes. Allocates nothing. */
WN_EXPORT void wn_buf_init(wn_buf_t *b, size_t max);

/* Frees the buffer's memory and leaves it empty and reusable (same max). */
WN_EXPORT void wn_buf_free(wn_buf_t *b);

/* Empties the buffer but keeps its allocation for reuse. */
WN_EXPORT void wn_buf_reset(wn_buf_t *b);

/* Appends `n` bytes from `p`. Returns WN_ETOOBIG past max, WN_ENOMEM on
 * allocation failure; on error the buffer is unchanged. */
WN_EXPORT WN_MUST_CHECK wn_status wn_buf_add(wn_buf_t *b, const void *p, size_t n);

/* Appends a NUL-terminated string. Same errors as wn_buf_add. */
WN_EXPORT WN_MUST_CHECK wn_status wn_buf_adds(wn_buf_t *b, const char *s);

/* Appends one byte. Same errors as wn_buf_add. */
WN_EXPORT WN_MUST_CHECK wn_status wn_buf_addc(wn_buf_t *b, char c);

/* Appends printf-formatted text. Same errors as wn_buf_add. */
WN_EXPORT WN_MUST_CHECK wn_status wn_buf_printf(wn_buf_t *b, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Makes room for at least `n` more bytes without changing len; returns a
 * pointer to the free space (valid until the next call that grows `b`). */
WN_EXPORT WN_MUST_CHECK wn_status wn_buf_reserve(wn_buf_t *b, size_t n, char **space);

/* Hands the contents to the caller, who must free() them, and leaves `b`
 * empty. Returns NULL if the buffer never held anything (and *len = 0). */
WN_EXPORT char *wn_buf_steal(wn_buf_t *b, size_t *len);

#endif
