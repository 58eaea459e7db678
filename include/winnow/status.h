/* winnow/status.h -- the one error enum of libwinnow.
 *
 * Every fallible function returns a wn_status. WN_OK is 0. The numbers are
 * part of the ABI and never change: new codes are only appended.
 */
#ifndef WINNOW_STATUS_H
#define WINNOW_STATUS_H

#include "winnow/version.h"

#if defined(__GNUC__) || defined(__clang__)
#define WN_MUST_CHECK __attribute__((warn_unused_result))
#else
#define WN_MUST_CHECK
#endif

typedef enum wn_status {
    WN_OK = 0,
    WN_ENOMEM = 1,       /* allocation failed */
    WN_EINVAL = 2,       /* bad argument or option value */
    WN_EIO = 3,          /* read or write failed (see errno) */
    WN_ETOOBIG = 4,      /* an input exceeded a configured cap */
    WN_ECORRUPT = 5,     /* malformed input: bad gzip, bad WARC, bad HTTP */
    WN_ETRUNCATED = 6,   /* input ended early */
    WN_ENOTHTML = 7,     /* payload is not HTML (image, PDF, binary) */
    WN_ECHARSET = 8,     /* character set conversion failed */
    WN_EPARSE = 9,       /* HTML parser failed */
    WN_EPROTO = 10,      /* bad or unknown wire message */
    WN_ECONFIG = 11,     /* bad configuration */
    WN_EZMQ = 12,        /* ZeroMQ call failed */
    WN_EFETCH = 13,      /* network fetch failed */
    WN_EDEPTH = 14,      /* DOM nesting exceeded the cap */
    WN_EEMPTY = 15,      /* input has no bytes */
    WN_EUNSUPPORTED = 16, /* valid input of a kind winnow does not handle */
    WN_EBUSY = 17,        /* a resource is held by another process (an output file's lock) */
    WN_ETIMEDOUT = 18,    /* a wait reached its configured limit */
    WN_EINTR = 19         /* a wait was interrupted by a stop request (SIGINT/SIGTERM) */
} wn_status;

/* Returns a static, human-readable description of `st`; never NULL. */
WN_EXPORT const char *wn_strerror(wn_status st);

/* Returns a short stable token for `st` ("ok", "nomem", "too_big", ...),
 * suitable for machine-readable error records; never NULL. */
WN_EXPORT const char *wn_status_name(wn_status st);

#endif
